import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DryRunRequestMethod, type DryRunParams, type DryRunResponse, type SampleSource } from '../../../server/src/protocol';
import { emptySummary } from '../../../server/src/service/dryrun/summary';
import { PREVIEW_SCHEME, type PreviewProvider } from '../preview';
import { ReportPanels } from '../report/reportPanel';
import { pickSample } from '../samplePicker';
import type { LiveValues } from '../liveValues';

/** An open preview: what it was computed from, so it can be recomputed when any of that changes. */
interface OpenPreview {
  params: DryRunParams;
  previewUri: vscode.Uri;
  sampleUri?: string;
  /** The report webview's title (one panel per mapping and sample). */
  title: string;
  sampleName: string;
}

const REFRESH_DELAY_MS = 300;

export class DryRunCommands implements vscode.Disposable {
  private readonly previews = new Map<string, OpenPreview>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The report webviews; the Markdown text of each report stays available under PREVIEW_SCHEME. */
  readonly reports = new ReportPanels();

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly provider: PreviewProvider,
    private readonly liveValues: LiveValues,
  ) {
    const refreshIfRelevant = (uri: vscode.Uri): void => {
      const text = uri.toString();
      const relevant = [...this.previews.values()].some(
        (p) => p.params.mappingUri === text || p.sampleUri === text || /\.scope\.jsonc?$/.test(uri.path),
      );
      if (relevant) this.scheduleRefresh();
    };
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => refreshIfRelevant(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => refreshIfRelevant(d.uri)),
      this.reports,
    );
  }

  /** The mapping file the command works on: the active editor's, or the one a preview was made from. */
  private activeMappingUri(): vscode.Uri | undefined {
    const editor = vscode.window.activeTextEditor;
    // Graph synchronization schemas dry-run like mapping files.
    const isMapping = (document: vscode.TextDocument): boolean =>
      document.languageId === 'scim-mapping' || document.languageId === 'scim-graph-schema';
    if (editor && isMapping(editor.document)) return editor.document.uri;
    const visible = vscode.window.visibleTextEditors.find((e) => isMapping(e.document));
    return visible?.document.uri;
  }

  /**
   * Runs the dry run and opens the report (a webview) beside the mapping. `chosen` lets tests and
   * other commands skip the picker.
   */
  async run(object: 'user' | 'group', chosen?: SampleSource): Promise<vscode.WebviewPanel | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Dry runs read sample files; trust this workspace to use them.');
      return undefined;
    }
    const client = this.client();
    const mappingUri = this.activeMappingUri();
    if (!client || !mappingUri) {
      void vscode.window.showWarningMessage('Open a *.mapping.json(c) file to dry-run a sample against it.');
      return undefined;
    }
    let sample = chosen;
    if (!sample) {
      const picked = await pickSample(object);
      if (!picked) return undefined;
      sample = picked.sample;
    }
    const params: DryRunParams = { mappingUri: mappingUri.toString(), object, sample };
    const sampleName = 'uri' in sample ? vscode.workspace.asRelativePath(vscode.Uri.parse(sample.uri)) : sample.name;
    const mappingName = mappingUri.path.split('/').pop() ?? 'mapping';
    const previewUri = vscode.Uri.from({
      scheme: PREVIEW_SCHEME,
      path: `/Dry run ${mappingName} with ${sampleName.replace(/[\\/]/g, '∕')}.md`,
    });
    const title = `Dry run ${mappingName} with ${sampleName}`;
    const preview: OpenPreview = { params, previewUri, sampleUri: 'uri' in sample ? sample.uri : undefined, title, sampleName };
    this.previews.set(previewUri.toString(), preview);
    const panel = await this.compute(preview, true);
    if (object === 'user') await this.liveValues.setSample(sample);
    return panel;
  }

  private async compute(preview: OpenPreview, reveal = false): Promise<vscode.WebviewPanel | undefined> {
    const client = this.client();
    if (!client) return undefined;
    let response: DryRunResponse;
    try {
      response = await client.sendRequest<DryRunResponse>(DryRunRequestMethod, preview.params);
    } catch (error) {
      response = {
        markdown: `# Dry run failed\n\n${error instanceof Error ? error.message : String(error)}\n`,
        results: [],
        summary: emptySummary(),
        errors: [],
      };
    }
    this.provider.set(preview.previewUri, response.markdown);
    const mappingUri = preview.params.mappingUri;
    const lines = new Map(Object.entries(response.mappingLines ?? {}).map(([n, line]) => [Number(n), line] as const));
    return this.reports.show(
      preview.title,
      response,
      { mappingUri, mappingName: mappingUri.split('/').pop() ?? 'mapping', sampleName: preview.sampleName, mappingLines: lines },
      reveal,
    );
  }

  /** The HTML of the report with this title, when it is open (for tests). */
  reportHtml(title: string): string | undefined {
    return this.reports.html.get(title);
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      for (const [key, preview] of this.previews) {
        // A closed report is not computed again (nor reopened).
        if (this.reports.isOpen(preview.title)) void this.compute(preview);
        else this.previews.delete(key);
      }
    }, REFRESH_DELAY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
