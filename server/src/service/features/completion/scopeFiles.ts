/**
 * A mapping file's scope path: the scope files (`*.scope.json(c)`) and folders of the directory
 * typed so far, listed through the host (no IO here), resolved against the mapping file.
 */
import { resolveRelativeUri } from '../../languageService';
import { documentKindOf } from '../../model/parse';
import { encodeJsonStringBody } from '../../text/jsonString';
import type { Place } from '../cursor';
import { code } from '../markdown';
import type { CompletionContext } from './context';
import { TRIGGER_SUGGEST, valueEdit } from './items';

export function completeScopeFiles(context: CompletionContext, place: Extract<Place, { kind: 'scope-path' }>): void {
  const { items, host, document } = context;
  const { span, close, typed } = valueEdit(context.text, context.offset, { quoted: true, node: place.node });
  if (!host) return;
  const slash = typed.lastIndexOf('/');
  const directory = slash >= 0 ? typed.slice(0, slash + 1) : './';
  const directoryUri = resolveRelativeUri(document.uri, directory);
  let entries: string[];
  try {
    entries = host.listFiles(directoryUri);
  } catch {
    return;
  }
  for (const entry of entries) {
    const isDirectory = entry.endsWith('/');
    const name = entry.replace(/\/$/, '').split('/').pop() ?? entry;
    if (!name || name.startsWith('.')) continue;
    if (!isDirectory && documentKindOf(name) !== 'scope') continue;
    const path = directory + name + (isDirectory ? '/' : '');
    const body = encodeJsonStringBody(path);
    const target = resolveRelativeUri(document.uri, path);
    items.add({
      label: path,
      kind: isDirectory ? 'folder' : 'file',
      span,
      newText: body + (isDirectory ? '' : close),
      filterText: body,
      detail: isDirectory ? 'folder' : 'scope file',
      documentation: isDirectory
        ? `Folder ${code(target)}`
        : `Scoping filters from ${code(target)}, resolved against this mapping file.`,
      group: isDirectory ? 2 : 1,
      command: isDirectory ? TRIGGER_SUGGEST : undefined,
    });
  }
  items.preselect(typed);
}
