#!/usr/bin/env bash
# The pre-commit hook for real: pre-commit (Debian's package, installed by install-deps.sh) installs this repository
# as a node hook (npm install, whose `dependencies` script builds dist/, then npm pack and npm install -g) and runs it
# in a throw-away git repository: `try-repo` (this checkout, uncommitted changes included) on chosen files, then the
# copy-paste config from the README at this commit, blocking a `git commit` of a bad manifest.
# Usage: bash test/e2e/pre-commit.sh [ARTIFACT_DIR]   -> "ok/not ok" lines and "N passed, N failed"
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ART=${1:-$ROOT/test-artifacts/editors/pre-commit}
mkdir -p "$ART"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A fresh pre-commit cache and git identity; npm keeps the user's cache, so a second run downloads nothing new.
export PRE_COMMIT_HOME="$WORK/cache" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$WORK/gitconfig"
git config --global user.email e2e@example.invalid
git config --global user.name e2e
git config --global init.defaultBranch main
passed=0; failed=0
check() { # check NAME CONDITION-EXIT-STATUS [LOG]
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok - pre-commit: $1"
  else failed=$((failed + 1)); echo "not ok - pre-commit: $1"; [ -n "${3:-}" ] && tail -30 "$3"; fi
}
echo "# $(pre-commit --version), node $(node -v), npm $(npm -v)"

REPO="$WORK/repo"
mkdir -p "$REPO/k8s" && cd "$REPO" && git init -q
cp "$ROOT/examples/pod-missing-resources.yaml" k8s/bad.yaml
cp "$ROOT/examples/kubernetes-1.28/native-sidecar.yaml" k8s/good.yml
echo '# notes' > README.md
git add -A

# 1. try-repo: the hook of this checkout on a bad manifest, a clean one and a file it must not select.
pre-commit try-repo "$ROOT" sidecar-lint --files k8s/bad.yaml k8s/good.yml README.md > "$ART/try-bad.log" 2>&1
rc=$?
check "try-repo fails on a manifest with findings (exit $rc)" "$([ $rc = 1 ] && echo 0 || echo 1)" "$ART/try-bad.log"
grep -q "^k8s/bad.yaml:8:13: warning missing-limits" "$ART/try-bad.log"
check "the hook's output names k8s/bad.yaml:8:13 missing-limits" $? "$ART/try-bad.log"
! grep -q "README.md:" "$ART/try-bad.log"
check "README.md is not passed to the hook (files/types select YAML)" $? "$ART/try-bad.log"
pre-commit try-repo "$ROOT" sidecar-lint --files k8s/good.yml README.md > "$ART/try-good.log" 2>&1
check "try-repo passes on a clean manifest" $? "$ART/try-good.log"

# 2. The README's config at this commit, installed as the git hook: a commit of the bad manifest is refused.
REV=$(git -C "$ROOT" rev-parse HEAD)
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $ROOT
    rev: $REV
    hooks:
      - id: sidecar-lint
        args: [--kubernetes-version, "1.30"]
EOF
git add .pre-commit-config.yaml
pre-commit install > "$ART/install.log" 2>&1
check "pre-commit install" $? "$ART/install.log"
git commit -q -m bad > "$ART/commit-bad.log" 2>&1
rc=$?
check "git commit of a bad manifest is refused by the hook (exit $rc)" "$([ $rc != 0 ] && grep -q 'missing-limits' "$ART/commit-bad.log" && echo 0 || echo 1)" "$ART/commit-bad.log"
git rm -q --cached k8s/bad.yaml
git commit -q -m good > "$ART/commit-good.log" 2>&1
check "git commit of clean manifests goes through" $? "$ART/commit-good.log"

echo "$passed passed, $failed failed"
[ $failed = 0 ]
