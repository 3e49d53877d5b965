/** `check --fix` / `--fix-dry-run`: the safe fixes of the service and the diff that shows them. */
import type { Diagnostic, LanguageService } from '../service/languageService';
import { applySafeFixes, type SafeFixResult } from '../service/features/safeFixes';
import type { ModelDocument } from '../service/model/types';
export { unifiedDiff } from './unifiedDiff';

/** The safe fixes of a file `check` opened (its kind resolved there, once). */
export function applyFixesToFile(service: LanguageService, document: ModelDocument, diagnostics: Diagnostic[]): SafeFixResult {
  return applySafeFixes(service, document, diagnostics);
}
