/** The status bar item: the Kubernetes version (and mesh) the active manifest is checked against; a click opens where it is set. */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { EFFECTIVE_SETTINGS_REQUEST, SETTINGS_CHANGED_NOTIFICATION, type EffectiveSettings } from '../../server/src/service/effectiveSettings';

export const OPEN_SETTING_COMMAND = 'sidecarLint.openKubernetesVersionSetting';

/** What the status bar shows, for tests (the item of another extension cannot be read through the API). */
export interface StatusSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  uri?: string;
}

export class SettingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sidecarLint.kubernetesVersion', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private current: { uri: string; settings: EffectiveSettings } | undefined;
  /** Each refresh gets a number; an answer that arrives after a newer refresh started is dropped. */
  private generation = 0;

  constructor(private readonly client: BaseLanguageClient) {
    this.item.name = 'sidecar-lint: Kubernetes version';
    this.item.command = OPEN_SETTING_COMMAND;
    this.disposables.push(
      vscode.commands.registerCommand(OPEN_SETTING_COMMAND, () => this.openSetting()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('sidecarLint') && void this.refresh()),
      client.onNotification(SETTINGS_CHANGED_NOTIFICATION, () => void this.refresh()),
    );
    void this.refresh();
  }

  snapshot(): StatusSnapshot {
    const tooltip = typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
    return { visible: this.current !== undefined, text: this.item.text, tooltip, uri: this.current?.uri };
  }

  /** Asks the server for the active YAML document's effective settings; hides the item for anything else. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'yaml') return this.hide();
    const uri = document.uri.toString();
    let settings: EffectiveSettings | null = null;
    try {
      settings = await this.client.sendRequest<EffectiveSettings | null>(EFFECTIVE_SETTINGS_REQUEST, { uri });
    } catch {
      // The server is starting or stopping: the next refresh will ask again.
    }
    if (generation !== this.generation) return;
    if (!settings) return this.hide();
    this.current = { uri, settings };
    this.item.text = `$(symbol-namespace) K8s ${settings.kubernetesVersion}${settings.mesh ? ` · ${settings.mesh}` : ''}`;
    const source = settings.versionFromFile ? `set in ${settings.configFile}` : 'from the sidecarLint.kubernetesVersion setting';
    const file = settings.configFile && !settings.versionFromFile ? `\n${settings.configFile} applies to this file.` : '';
    this.item.tooltip = `sidecar-lint checks this file against Kubernetes ${settings.kubernetesVersion} (${source})${settings.mesh ? ` and ${settings.mesh}` : ''}.${file}\nClick to change it.`;
    this.item.show();
  }

  private hide(): void {
    this.current = undefined;
    this.item.hide();
  }

  /** The config file when it sets the version (it wins over the setting), else the setting in the Settings editor. */
  private async openSetting(): Promise<void> {
    const settings = this.current?.settings;
    if (settings?.versionFromFile && settings.configFile) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(settings.configFile));
      const line = document
        .getText()
        .split('\n')
        .findIndex((l) => /^kubernetesVersion\s*:/.test(l));
      const at = new vscode.Position(Math.max(line, 0), 0);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
    } else await vscode.commands.executeCommand('workbench.action.openSettings', 'sidecarLint.kubernetesVersion');
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
