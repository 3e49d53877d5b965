/**
 * Context-aware completion for mapping files, scope files and Graph schemas. The cursor's place
 * is resolved once (cursor.ts) and the table below sends each kind of place to its module;
 * every module adds its items through the item builder (items.ts), which writes the text edits,
 * ranks the items and turns snippets into plain text for clients without snippet support.
 * Every item carries markdown documentation and a text edit whose text is escaped for the JSON
 * string it lands in.
 *
 * A new completion context is a new kind of `Place` (recognised in cursor.ts) and one entry in
 * COMPLETERS (the compiler asks for it), pointing to its own module here.
 */
import type { LanguageService } from '../../languageService';
import type { ModelDocument } from '../../model/types';
import type { Position } from '../../text/lineIndex';
import { locate, type Place } from '../cursor';
import type { CompletionList, CompletionOptions } from '../types';
import { completeClause } from './clauses';
import { CompletionContext } from './context';
import { completeElement } from './elements';
import { completeExpression } from './expression';
import { completeFixedValues } from './fixedValues';
import { ItemBuilder } from './items';
import { completeKeys } from './keys';
import { completeScopeFiles } from './scopeFiles';
import { completeSkeleton } from './skeleton';
import { completeSourceTree } from './sourceTree';
import { completeTargets } from './targets';

export { functionSnippet } from './expression';
export { snippetToPlainText } from './items';

/** Characters after which the LSP layer should ask for completion. */
export const COMPLETION_TRIGGER_CHARACTERS = ['"', '[', '(', ',', ' ', '/', '.'];

type Completer<K extends Place['kind']> = (context: CompletionContext, place: Extract<Place, { kind: K }>) => void;

/** One completer per kind of place. */
const COMPLETERS: { [K in Place['kind']]: Completer<K> } = {
  key: completeKeys,
  'new-key': completeKeys,
  expression: completeExpression,
  'source-tree': completeSourceTree,
  target: completeTargets,
  'scope-path': completeScopeFiles,
  clause: completeClause,
  value: completeFixedValues,
  element: completeElement,
  'empty-file': completeSkeleton,
  none: () => {},
};

export function complete(
  service: LanguageService,
  document: ModelDocument,
  position: Position,
  options: CompletionOptions = {},
): CompletionList {
  const { offset, place } = locate(service, document, position);
  const items = new ItemBuilder(document, options.snippets ?? true);
  const completer = COMPLETERS[place.kind] as Completer<Place['kind']>;
  completer(new CompletionContext(service, document, offset, items, options.host), place);
  return items.list();
}
