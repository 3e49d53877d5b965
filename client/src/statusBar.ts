import * as vscode from 'vscode';

/** Shows the live-values sample and the server's state; clicking it picks another sample. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scimMapper.status', vscode.StatusBarAlignment.Right, 100);
  private sample: string | undefined;
  private state = 'starting';

  constructor() {
    this.item.name = 'SCIM Mapper';
    this.item.command = 'scimMapper.dryRunUser';
    this.render();
  }

  setSample(label: string | undefined): void {
    this.sample = label;
    this.render();
  }

  setState(state: 'starting' | 'running' | 'stopped'): void {
    this.state = state;
    this.render();
  }

  /** Shown only while a SCIM file is the active editor. */
  update(editor: vscode.TextEditor | undefined): void {
    const language = editor?.document.languageId;
    if (language === 'scim-mapping' || language === 'scim-scope' || language === 'scim-graph-schema') this.item.show();
    else this.item.hide();
  }

  private render(): void {
    const icon = this.state === 'running' ? '$(check)' : this.state === 'starting' ? '$(sync~spin)' : '$(error)';
    this.item.text = `${icon} SCIM${this.sample ? `: ${this.sample}` : ''}`;
    this.item.tooltip = `SCIM Mapper language server: ${this.state}\nSample user for live values: ${this.sample ?? 'none (click to pick one)'}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
