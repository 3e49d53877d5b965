/** `check --fix` / `--fix-dry-run`: the safe fixes of the service and the diff that shows them. */
import type { Diagnostic, LanguageService } from '../service/languageService';
import { applySafeFixes, type SafeFixResult } from '../service/features/safeFixes';
import type { ModelDocument } from '../service/model/types';
export { unifiedDiff } from './unifiedDiff';

export function applyFixesToFile(
  service: LanguageService,
  uri: string,
  text: string,
  kind: ModelDocument['kind'] | undefined,
  diagnostics: Diagnostic[],
): SafeFixResult {
  return applySafeFixes(service, uri, text, kind, diagnostics);
}
