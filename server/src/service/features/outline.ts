/**
 * The outline (document symbols) and folding ranges of mapping and scope files.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { LanguageService } from '../languageService';
import type { JsonNode, ModelDocument, ScopeClauseModel, ScopeFilterModel } from '../model/types';
import type { DocumentSymbol, FoldingRange } from './types';

/** user / group → one symbol per mapping named by its target, scope → filters → clauses. */
export function documentSymbols(_service: LanguageService, document: ModelDocument): DocumentSymbol[] {
  if (!document.root) return [];
  const range = (node: JsonNode) => document.lines.rangeOf({ start: node.offset, end: node.offset + node.length });
  /** A property's whole span (key and value) for the symbol, its key for the selection. */
  const propertyRanges = (value: JsonNode) => {
    const property = value.parent?.type === 'property' ? value.parent : value;
    const key = property.children?.[0] ?? value;
    return { range: range(property), selectionRange: range(key) };
  };

  const filterSymbols = (filters: ScopeFilterModel[]): DocumentSymbol[] =>
    filters.map((filter) => {
      const name = filter.node.type === 'object' ? stringProperty(filter.node, 'name') : undefined;
      return {
        name: name ?? `Filter ${filter.index + 1}`,
        detail: `${filter.clauses.length} clause${filter.clauses.length === 1 ? '' : 's'} (AND)`,
        kind: 'object',
        range: range(filter.node),
        selectionRange: range(filter.node),
        children: filter.clauses.map((clause) => ({
          name: clauseName(clause),
          kind: 'operator',
          range: range(clause.node),
          selectionRange: clause.attribute ? range(clause.attribute.node) : range(clause.node),
        })),
      };
    });

  if (document.kind === 'scope') {
    if (!document.filtersNode) return [];
    return [
      {
        name: 'filters',
        detail: `${document.filters.length} filter${document.filters.length === 1 ? '' : 's'} (OR)${document.object ? ` · ${document.object}s` : ''}`,
        kind: 'array',
        ...propertyRanges(document.filtersNode),
        children: filterSymbols(document.filters),
      },
    ];
  }

  const symbols: DocumentSymbol[] = [];
  if (document.target)
    symbols.push({ name: 'target', detail: document.target.value, kind: 'property', ...propertyRanges(document.target.node) });
  for (const object of document.objects) {
    const children: DocumentSymbol[] = [];
    const scope = object.scope;
    if (scope?.kind === 'path') {
      children.push({ name: 'scope', detail: scope.path.value, kind: 'file', ...propertyRanges(scope.path.node) });
    } else if (scope?.kind === 'inline') {
      children.push({
        name: 'scope',
        detail: `${scope.filters.length} filter${scope.filters.length === 1 ? '' : 's'} (OR)`,
        kind: 'namespace',
        ...propertyRanges(scope.node),
        children: filterSymbols(scope.filters),
      });
    }
    for (const mapping of object.mappings) {
      const source = mapping.source?.value;
      children.push({
        name: mapping.target?.value || `(mapping ${mapping.index + 1})`,
        detail: source === undefined ? undefined : source.length > 80 ? source.slice(0, 79) + '…' : source,
        kind: 'field',
        range: range(mapping.node),
        selectionRange: mapping.target ? range(mapping.target.node) : range(mapping.node),
      });
    }
    const graphName = document.kind === 'graph' ? object.graph?.name?.value : undefined;
    symbols.push({
      name: object.object,
      detail: `${object.mappings.length} mapping${object.mappings.length === 1 ? '' : 's'}${graphName ? ` · ${graphName}` : ''}`,
      kind: 'module',
      // A Graph objectMapping is an array element; a mapping file's section is a property.
      range: range(document.kind === 'graph' ? object.node : (object.node.parent ?? object.node)),
      selectionRange: document.lines.rangeOf(object.keySpan),
      children,
    });
  }
  return symbols;
}

function stringProperty(object: JsonNode, key: string): string | undefined {
  for (const property of object.children ?? []) {
    const [k, v] = property.children ?? [];
    if (k?.value === key && v?.type === 'string') return v.value as string;
  }
  return undefined;
}

function clauseName(clause: ScopeClauseModel): string {
  const parts = [clause.attribute?.value ?? '?', clause.operator?.value ?? '?'];
  if (clause.value !== undefined) parts.push(JSON.stringify(clause.value.value));
  return parts.join(' ');
}

/** Multi-line objects and arrays, comment blocks and `// #region` markers. */
export function foldingRanges(_service: LanguageService, document: ModelDocument): FoldingRange[] {
  const { text, lines } = document;
  const ranges: FoldingRange[] = [];
  const open: number[] = [];
  const regions: number[] = [];
  let commentStart = -1;
  let commentEnd = -1;
  const flushComments = () => {
    if (commentStart >= 0 && commentEnd > commentStart)
      ranges.push({ startLine: commentStart, endLine: commentEnd, kind: 'comment' });
    commentStart = -1;
  };
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    switch (kind) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        flushComments();
        open.push(lines.positionAt(offset).line);
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken: {
        flushComments();
        const startLine = open.pop();
        if (startLine === undefined) break;
        const closeLine = lines.positionAt(offset).line;
        // Keep the closing bracket visible when it starts its line.
        const firstOnLine = lines.lineText(closeLine).trimStart().startsWith(text[offset]);
        const endLine = firstOnLine ? closeLine - 1 : closeLine;
        if (endLine > startLine) ranges.push({ startLine, endLine });
        break;
      }
      case SyntaxKind.BlockCommentTrivia: {
        flushComments();
        const start = lines.positionAt(offset).line;
        const end = lines.positionAt(offset + scanner.getTokenLength()).line;
        if (end > start) ranges.push({ startLine: start, endLine: end, kind: 'comment' });
        break;
      }
      case SyntaxKind.LineCommentTrivia: {
        const line = lines.positionAt(offset).line;
        const comment = text.slice(offset, offset + scanner.getTokenLength());
        const region = /^\/\/\s*#(end)?region\b/.exec(comment);
        if (region) {
          flushComments();
          if (!region[1]) regions.push(line);
          else {
            const start = regions.pop();
            if (start !== undefined && line > start) ranges.push({ startLine: start, endLine: line, kind: 'region' });
          }
          break;
        }
        // Only comments that start their line group into a block.
        if (!lines.lineText(line).trimStart().startsWith('//')) break;
        if (commentStart >= 0 && line === commentEnd + 1) commentEnd = line;
        else {
          flushComments();
          commentStart = line;
          commentEnd = line;
        }
        break;
      }
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        break;
      default:
        flushComments();
    }
  }
  flushComments();
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
