/** Whether a helper ends by itself: a script that runs to completion, or a pod that visibly stops its helper. */
import type { Container, PodSpec } from '../workloads';
import { getScalar } from '../yamlNodes';

// `sh -c BODY` (any shell, flags such as -ec): the body is what the container runs.
const SHELL_C = /^(?:\S*\/)?(?:sh|bash|ash|dash|zsh)\n(?:-[a-z]*\n)*?-[a-z]*c[a-z]*\n([\s\S]*)$/;
// A daemon in the background or in the shell's place, or a wait that never ends: the script does not finish.
const RUNS_ON = /(?:^|[^&>|])&(?![&>])|\bexec\s|\bsleep\s+(?:infinity|inf)\b|\btail\s+(?:-\w+\s+)*-[fF]\b|(?<![\w-])wait(?![\w-])/;
const ENDLESS_LOOP = /\bwhile\s+(?:true|:|\[\s*1\s*\])\s*;?\s*do\b/;
const LOOP = /\b(?:while|until)\b/;
const LEAVES_LOOP = /\b(?:exit|break)\b/;

/** The body of a shell `-c` script, or undefined when the container runs a program directly. */
export function shellBody(container: Container): string | undefined {
  return SHELL_C.exec(container.script)?.[1];
}

/** The last statement of a script, comments and blank lines aside. */
function lastStatement(body: string): string {
  const statements = body
    .split(/[\n;]|&&|\|\|/)
    .map((s) => s.replace(/#.*$/, '').trim())
    .filter((s) => s !== '' && s !== 'fi' && s !== 'done');
  return statements[statements.length - 1] ?? '';
}

/**
 * A script that visibly ends: it starts nothing in the background, and either ends with `exit` or waits in a loop that
 * it leaves (a watchdog). A script that only names a program is not one: that program may serve forever.
 */
export function completesItself(container: Container): boolean {
  const body = shellBody(container);
  if (body === undefined || RUNS_ON.test(body)) return false;
  if (/^exit\b/.test(lastStatement(body))) return true;
  if (!LOOP.test(body)) return false;
  return !ENDLESS_LOOP.test(body) || LEAVES_LOOP.test(body);
}

// A shell test for a file (`[ -f /shared/done ]`, `test -e …`) or inotifywait: the helper waits for the app to finish.
const WAITS_FOR_FILE = /(\[\s*!?\s*-[ef]\s|\btest\s+!?\s*-[ef]\s|\binotifywait\b)/;
// The quit endpoints of cloud-sql-proxy and Envoy-based proxies (/quitquitquit) and of Linkerd's proxy (/shutdown).
const CALLS_QUIT = /\/quitquitquit\b|localhost:4191\/shutdown|127\.0\.0\.1:4191\/shutdown|linkerd-await\b[\s\S]*--shutdown/;
const KILLS = /\b(?:kill|pkill|killall)\b/;

function sharesProcessNamespace(pod: PodSpec): boolean {
  return getScalar(pod.doc, pod.spec, 'shareProcessNamespace')?.value === true;
}

/**
 * The pod stops the helper itself: another container calls a proxy's quit endpoint, or kills the helper through a shared
 * process namespace, or the helper's script exits when a shared file appears.
 */
export function stopsHelperItself(pod: PodSpec, helper: Container): boolean {
  if (WAITS_FOR_FILE.test(helper.script)) return true;
  const others = pod.containers.filter((c) => c.role === 'app' && c !== helper);
  if (helper.helper === 'proxy' && others.some((c) => CALLS_QUIT.test(c.script))) return true;
  return sharesProcessNamespace(pod) && others.some((c) => KILLS.test(c.script));
}

const NEVER_ENDS = /\bsleep\s+(?:infinity|inf)\b|\btail\s+(?:-\w+\s+)*-[fF]\b/;

/** A script that visibly never ends on its own: `tail -f`, `sleep infinity`, or a `while true` loop it never leaves. */
export function runsForever(container: Container): boolean {
  const body = shellBody(container) ?? container.script;
  return NEVER_ENDS.test(body) || (ENDLESS_LOOP.test(body) && !LEAVES_LOOP.test(body));
}
