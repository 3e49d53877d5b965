/**
 * Semantic tokens for the expressions inside `source` strings. Token ranges are computed in the
 * decoded expression and mapped back through the JSON escapes, so `\"` inside a constant is
 * coloured with it and a token never starts or ends inside an escape sequence.
 */
import type { CatalogIndex } from '../catalog/lookup';
import { tokenize } from '../expression/tokenizer';
import type { LanguageService } from '../languageService';
import type { MappingLikeDocument, ModelDocument, SourceExpression } from '../model/types';
import { fileOffsetOf } from '../text/jsonString';
import type { SemanticTokens, SemanticTokensLegend } from './types';

export const SEMANTIC_TOKEN_TYPES = ['function', 'variable', 'string', 'number', 'operator', 'enumMember'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['defaultLibrary'] as const;
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

type TokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
const TYPE_INDEX = new Map<TokenType, number>(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i]));

/** One decoded token of an expression, with its file span. */
export interface ExpressionToken {
  start: number;
  end: number;
  type: TokenType;
  modifiers: number;
}

function expressionTokens(catalog: CatalogIndex, source: SourceExpression): ExpressionToken[] {
  const tokens = tokenize(source.parsed.text);
  const out: ExpressionToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    let type: TokenType | undefined;
    let modifiers = 0;
    switch (token.kind) {
      case 'identifier': {
        const isCall = tokens[i + 1]?.kind === 'lparen';
        type = isCall ? 'function' : 'enumMember';
        if (isCall && catalog.functionByName(token.value)) modifiers = 1;
        break;
      }
      case 'attribute':
        type = 'variable';
        break;
      case 'string':
      case 'single-quoted':
        type = 'string';
        break;
      case 'number':
      case 'hex':
        type = 'number';
        break;
      case 'compare':
      case 'ampersand':
        type = 'operator';
        break;
      default:
        break;
    }
    if (!type) continue;
    const start = fileOffsetOf(source.decoded, token.start);
    const end = fileOffsetOf(source.decoded, token.end);
    if (end > start) out.push({ start, end, type, modifiers });
  }
  return out;
}

const cache = new WeakMap<ModelDocument, number[]>();

export function semanticTokens(service: LanguageService, document: ModelDocument): SemanticTokens {
  if (document.kind !== 'mapping' && document.kind !== 'graph') return { data: [], legend: SEMANTIC_TOKENS_LEGEND };
  let data = cache.get(document);
  if (!data) {
    data = encode(service.catalog, document as MappingLikeDocument);
    cache.set(document, data);
  }
  return { data, legend: SEMANTIC_TOKENS_LEGEND };
}

function encode(catalog: CatalogIndex, document: MappingLikeDocument): number[] {
  const sources: SourceExpression[] = [];
  for (const object of document.objects) {
    // A Graph source printed from its tree has no expression text in the file to colour.
    for (const mapping of object.mappings)
      if (mapping.source && !mapping.source.graph?.fromTree && mapping.source.node.type === 'string')
        sources.push(mapping.source);
  }
  // user and group may appear in either order in the file; tokens must be in file order.
  sources.sort((a, b) => a.span.start - b.span.start);
  const data: number[] = [];
  let previousLine = 0;
  let previousChar = 0;
  for (const source of sources) {
    for (const token of expressionTokens(catalog, source)) {
      const position = document.lines.positionAt(token.start);
      const deltaLine = position.line - previousLine;
      const deltaChar = deltaLine === 0 ? position.character - previousChar : position.character;
      // A token ends on its line: a string literal broken by an escaped line break (broken JSON)
      // would otherwise run into the next line, which semantic tokens cannot express.
      let length = token.end - token.start;
      if (document.lines.positionAt(token.end).line !== position.line)
        length = document.lines.lineText(position.line).length - position.character;
      if (length <= 0) continue;
      data.push(deltaLine, deltaChar, length, TYPE_INDEX.get(token.type)!, token.modifiers);
      previousLine = position.line;
      previousChar = position.character;
    }
  }
  return data;
}
