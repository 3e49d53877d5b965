import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../service/languageService';

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: d.source,
    message: d.message,
  };
  if (d.data) out.data = d.data;
  if (d.tags) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return out;
}

/** Back from LSP: the service's code actions read only code, range and data. */
export function fromLspDiagnostic(d: LspDiagnostic): Diagnostic {
  const severity = d.severity === DiagnosticSeverity.Warning ? 'warning' : d.severity === DiagnosticSeverity.Information ? 'information' : d.severity === DiagnosticSeverity.Hint ? 'hint' : 'error';
  return {
    code: String(d.code ?? ''),
    severity,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    range: d.range,
    source: 'scim-mapper',
    data: d.data as Diagnostic['data'],
  };
}
