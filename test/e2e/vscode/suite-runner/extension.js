// Test-only extension: code-server has no --extensionTestsPath, so this runs the extension-host suite
// (bundled next to it as suite.js) in the real extension host and writes the outcome where the driver waits for it.
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

exports.activate = async function activate() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder || !fs.existsSync(path.join(folder.uri.fsPath, 'run-sidecar-lint-suite.flag'))) return;
  const out = path.join(folder.uri.fsPath, '.suite-result.json');
  const lines = [];
  let result = { passed: 0, failed: 0 };
  let error;
  try {
    result = await require('./suite.js').runSuite((line) => lines.push(line));
  } catch (e) {
    error = String((e && e.stack) || e);
  }
  fs.writeFileSync(out + '.tmp', JSON.stringify({ ...result, lines, error, vscode: vscode.version }, null, 2));
  fs.renameSync(out + '.tmp', out); // the driver never reads a half-written file
};
