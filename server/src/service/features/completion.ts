/**
 * Context-aware completion for mapping and scope files: property keys, fixed values, AWS targets,
 * expressions inside `source` strings (attributes after `[`, functions, enum identifiers),
 * scope clauses and scope-file paths. Every item carries markdown documentation and a textEdit
 * whose text is escaped for the JSON string it lands in.
 */
import { findNodeAtLocation, SyntaxKind, type JSONPath } from 'jsonc-parser';
import type { AwsTargetAttribute, EntraSourceAttribute, FunctionSignature, ObjectKind } from '../catalog/types';
import { parameterForSlot } from '../expression/bind';
import { resolveRelativeUri, type LanguageService } from '../languageService';
import type { JsonNode, MappingDocument, ModelDocument, SourceExpression } from '../model/types';
import type { Position, Span } from '../text/lineIndex';
import { decodedIndexOf, encodeJsonStringBody, fileOffsetOf } from '../text/jsonString';
import { graphPlace, treeRole } from '../graph/paths';
import { prop, stringOf } from '../model/jsonNodes';
import {
  clauseField,
  clauseOf,
  contentSpan,
  isClosedString,
  isScopePath,
  isSourcePath,
  isTargetPath,
  locate,
  objectKindAt,
  propertyValue,
  sourceExpressionOf,
  type Place,
} from './cursor';
import { callContextAt, expressionSpot } from './expressionContext';
import { hasCommaBetween, nextSignificant, nodeEnd } from './jsonText';
import {
  attributeDocumentation,
  code,
  escapeMarkdown,
  functionDocumentation,
  galleryExpression,
  markdown,
  operatorDetail,
  operatorDocumentation,
  parameterDisplayName,
  targetDocumentation,
} from './markdown';
import { schemaProperties, schemaType, schemaValues, type SchemaProperty } from './schemaInfo';
import type { Command, CompletionHost, CompletionItem, CompletionKind, CompletionList, TextEdit } from './types';
import { valueDoc } from './valueDocs';

/** Characters after which the LSP layer should ask for completion. */
export const COMPLETION_TRIGGER_CHARACTERS = ['"', '[', '(', ',', ' ', '/', '.'];

const TRIGGER_SUGGEST: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
const TRIGGER_PARAMETER_HINTS: Command = { title: 'Parameter hints', command: 'editor.action.triggerParameterHints' };

const EMPTY: CompletionList = { items: [], isIncomplete: false };

export function complete(
  service: LanguageService,
  uri: string,
  text: string,
  position: Position,
  host?: CompletionHost,
): CompletionList {
  const cursor = locate(service, uri, text, position);
  if (!cursor) return EMPTY;
  const builder = new Builder(service, cursor.document, cursor.offset);
  const place = cursor.place;
  switch (place.kind) {
    case 'string-value':
      builder.stringValue(place.node, place.path, host);
      break;
    case 'key-string':
      builder.keys(place);
      break;
    case 'new-key':
      builder.keys(place);
      break;
    case 'bare-value':
      builder.bareValue(place.path, place.span);
      break;
    case 'element':
      builder.element(place.arrayNode, place.path);
      break;
    case 'none':
      if (!cursor.document.root && text.trim().length === 0) builder.skeleton();
      break;
  }
  return { items: builder.items, isIncomplete: false };
}

// ---------------------------------------------------------------------------------------------

/** Escapes literal text for a snippet (`$`, `}` and `\` are special there). */
export function snippetLiteral(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** A literal that goes inside a JSON string, as snippet text. */
function jsonSnippet(text: string): string {
  return snippetLiteral(encodeJsonStringBody(text));
}

function pad(n: number): string {
  return n.toString().padStart(4, '0');
}

interface ItemOptions {
  label: string;
  kind: CompletionKind;
  span: Span;
  newText: string;
  documentation: string;
  detail?: string;
  /** Ranking group: lower first. */
  group?: number;
  filterText?: string;
  snippet?: boolean;
  command?: Command;
  additionalTextEdits?: TextEdit[];
}

class Builder {
  readonly items: CompletionItem[] = [];
  private readonly text: string;

  constructor(
    private readonly service: LanguageService,
    private readonly document: ModelDocument,
    private readonly offset: number,
  ) {
    this.text = document.text;
  }

  private get catalog() {
    return this.service.catalogFor(this.document);
  }

  private add(options: ItemOptions): void {
    const item: CompletionItem = {
      label: options.label,
      kind: options.kind,
      documentation: markdown(options.documentation),
      sortText: `${options.group ?? 5}${pad(this.items.length)}`,
      filterText: options.filterText ?? options.label,
      insertTextFormat: options.snippet ? 'snippet' : 'plaintext',
      textEdit: { range: this.document.lines.rangeOf(options.span), newText: options.newText },
    };
    if (options.detail) item.detail = options.detail;
    if (options.command) item.command = options.command;
    if (options.additionalTextEdits?.length) item.additionalTextEdits = options.additionalTextEdits;
    this.items.push(item);
  }

  /** Marks the first item whose filter text starts with what is typed (case-insensitively) as preselected. */
  private preselect(typed: string): void {
    if (!typed) return;
    const lower = typed.toLowerCase();
    const candidates = this.items.filter((i) => i.filterText.toLowerCase().startsWith(lower));
    const best = candidates.sort((a, b) => (a.sortText < b.sortText ? -1 : 1))[0];
    if (best) best.preselect = true;
  }

  // -- string values --------------------------------------------------------------------------

  stringValue(node: JsonNode, path: JSONPath, host: CompletionHost | undefined): void {
    const document = this.document;
    const span = contentSpan(this.text, node);
    const closed = isClosedString(this.text, node);
    // In an unclosed string only the text up to the cursor is replaced, and the quote is added.
    const replace: Span = closed ? span : { start: span.start, end: this.offset };
    const close = closed ? '' : '"';
    const typed = this.text.slice(replace.start, this.offset);
    if (isSourcePath(document, path)) {
      this.expression(sourceExpressionOf(document, node, path), objectKindAt(this.service, document, path));
      return;
    }
    if (document.kind === 'graph' && this.graphTree(path, replace, close)) {
      this.preselect(typed);
      return;
    }
    if (isTargetPath(document, path)) {
      this.targets(objectKindAt(this.service, document, path), replace, close, node, false);
    } else if (isScopePath(document, path)) {
      this.scopeFiles(host, replace, close, typed);
    } else {
      const field = clauseField(document, path);
      if (field) this.clause(field, path, replace, close, true);
      else this.fixedValues(path, replace, close, true);
    }
    this.preselect(typed);
  }

  bareValue(path: JSONPath, span: Span): void {
    const document = this.document;
    if (isTargetPath(document, path)) this.targets(objectKindAt(this.service, document, path), span, '', undefined, true);
    else {
      const field = clauseField(document, path);
      if (field) this.clause(field, path, span, '', false);
      else this.fixedValues(path, span, '', false);
    }
    this.preselect(this.text.slice(span.start, this.offset));
  }

  private fixedValues(path: JSONPath, span: Span, close: string, inString: boolean): void {
    const values = schemaValues(this.document.kind, path);
    for (const value of values) {
      if (inString && typeof value !== 'string') continue;
      const label = typeof value === 'string' ? value : JSON.stringify(value);
      const newText = inString ? encodeJsonStringBody(String(value)) + close : JSON.stringify(value);
      this.add({
        label,
        kind: 'value',
        span,
        newText,
        filterText: inString ? encodeJsonStringBody(String(value)) : newText,
        documentation: valueDocumentation(path, value),
      });
    }
  }

  private targets(object: ObjectKind, span: Span, close: string, node: JsonNode | undefined, quoted: boolean): void {
    const objectModel = (this.document as MappingDocument).objects.find((o) => o.object === object);
    const mapped = new Set<string>();
    for (const mapping of objectModel?.mappings ?? []) {
      if (mapping.target && mapping.target.node !== node) mapped.add(mapping.target.value);
    }
    for (const target of this.catalog.awsTargetsFor(object)) {
      if (!target.supported) continue;
      const isMapped = mapped.has(target.path);
      const body = encodeJsonStringBody(target.path);
      this.add({
        label: target.path,
        kind: 'field',
        span,
        newText: quoted ? `"${body}"` : body + close,
        filterText: quoted ? `"${body}"` : body,
        detail: targetDetail(target, isMapped),
        documentation: targetDocumentation(this.catalog, target),
        group: isMapped ? 9 : target.required ? 0 : target.inGalleryDefaults ? 1 : 2,
      });
    }
  }

  private scopeFiles(host: CompletionHost | undefined, span: Span, close: string, typed: string): void {
    if (!host) return;
    const slash = typed.lastIndexOf('/');
    const directory = slash >= 0 ? typed.slice(0, slash + 1) : './';
    const directoryUri = resolveRelativeUri(this.document.uri, directory);
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
      if (!isDirectory && !/\.scope\.jsonc?$/i.test(name)) continue;
      const path = directory + name + (isDirectory ? '/' : '');
      const body = encodeJsonStringBody(path);
      const target = resolveRelativeUri(this.document.uri, path);
      this.add({
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
  }

  private clause(field: 'attribute' | 'operator' | 'value', path: JSONPath, span: Span, close: string, inString: boolean): void {
    const object = objectKindAt(this.service, this.document, path);
    const quote = (body: string): string => (inString ? body + close : `"${body}"`);
    const filter = (body: string): string => (inString ? body : `"${body}"`);
    if (field === 'attribute') {
      for (const attribute of this.catalog.entraAttributesFor(object)) {
        if (!attribute.scopable || attribute.status === 'unavailable') continue;
        const body = encodeJsonStringBody(attribute.name);
        this.add({
          label: attribute.name,
          kind: 'variable',
          span,
          newText: quote(body),
          filterText: filter(body),
          detail: attributeDetail(attribute),
          documentation: attributeDocumentation(this.catalog, attribute),
          group: attribute.status === 'confirmed' ? 0 : 1,
        });
      }
      return;
    }
    if (field === 'operator') {
      for (const operator of this.catalog.catalogs.scopeOperators) {
        const body = encodeJsonStringBody(operator.name);
        this.add({
          label: operator.name,
          kind: 'operator',
          span,
          newText: quote(body),
          filterText: filter(body),
          detail: operatorDetail(operator),
          documentation: operatorDocumentation(this.catalog, operator),
          group: operator.semanticsUnknown ? 9 : 1,
        });
      }
      return;
    }
    // Value hints from the clause's operator and attribute.
    const clause = clauseOf(this.document, path);
    const clauseNode = this.document.root ? findNodeAtLocation(this.document.root, clause.path) : undefined;
    const operatorName = propertyValue(clauseNode, clause.operatorKey);
    const attributeName = propertyValue(clauseNode, clause.attributeKey);
    const operator = typeof operatorName === 'string' ? this.catalog.scopeOperator(operatorName) : undefined;
    const attribute = typeof attributeName === 'string' ? this.catalog.entraAttribute(object, attributeName) : undefined;
    if (operator?.arity === 'unary') return;
    if (operator?.valueType === 'integer') {
      this.add({
        label: '0',
        kind: 'value',
        span,
        newText: inString ? '${1:0}' + snippetLiteral(close) : '${1:0}',
        snippet: true,
        filterText: '0',
        detail: 'integer',
        documentation: `${code(operator.name)} compares integers: write a whole number such as ${code('0')} or ${code('1000')}, as a number or a string of digits.`,
      });
      return;
    }
    if (operator?.valueType === 'regex') {
      this.add({
        label: '^…$',
        kind: 'snippet',
        span,
        newText: inString ? '^${1:pattern}\\$' + snippetLiteral(close) : '"^${1:pattern}\\$"',
        snippet: true,
        filterText: inString ? '^' : '"^',
        detail: 'anchored regular expression',
        documentation: `Whether ${code(operator.name)} is anchored to the whole value is not documented; write ${code('^')} and ${code('$')} explicitly. Backslashes must be doubled in JSON (${code('\\\\d')}).`,
      });
      return;
    }
    if (attribute?.type === 'Boolean') {
      for (const value of ['True', 'False']) {
        this.add({
          label: value,
          kind: 'value',
          span,
          newText: quote(value),
          filterText: filter(value),
          detail: `Boolean value of ${attribute.name}`,
          documentation: `${code(attribute.name)} is a Boolean; Graph's own example compares Booleans with EQUALS and the string ${code(value)}. ${code(`IS ${value.toUpperCase()}`)} is the unary alternative.`,
        });
      }
    }
  }

  // -- expressions ----------------------------------------------------------------------------

  private expression(source: SourceExpression, object: ObjectKind): void {
    const index = decodedIndexOf(source.decoded, this.offset);
    const text = source.parsed.text;
    const spot = expressionSpot(text, index);
    const toFile = (span: Span): Span => ({
      start: fileOffsetOf(source.decoded, span.start),
      end: fileOffsetOf(source.decoded, span.end),
    });
    if (spot.kind === 'attribute') {
      const span = toFile(spot.replace);
      const typed = text.slice(spot.name.start, index);
      this.attributes(object, span);
      this.preselect(typed);
      return;
    }
    if (spot.kind !== 'identifier') return;
    const span = toFile(spot.word);
    const typed = text.slice(spot.word.start, index);
    const call = callContextAt(this.catalog, source.parsed.root, index);
    if (call?.parameter?.type === 'Enum' && call.parameter.enumValues) {
      for (const value of call.parameter.enumValues) {
        this.add({
          label: value,
          kind: 'enumMember',
          span,
          newText: value,
          detail: `${call.signature!.name} ${call.parameter.name}`,
          documentation: `${code(value)} — a value of ${code(call.signature!.name)}'s ${code(call.parameter.name)} parameter, written without quotes.\n\n${escapeMarkdown(call.parameter.description)}`,
          group: 0,
        });
      }
      this.preselect(typed);
      return;
    }
    for (const signature of this.catalog.catalogs.functions) {
      const snippet = !spot.followedByParen;
      this.add({
        label: signature.name,
        kind: 'function',
        span,
        newText: snippet ? functionSnippet(signature) : signature.name,
        snippet,
        filterText: signature.name,
        detail: functionDetail(signature),
        documentation: functionDocumentation(this.catalog, signature),
        group: signature.status === 'documented' ? 1 : 3,
        command: snippet && signature.parameters.length > 0 ? TRIGGER_PARAMETER_HINTS : undefined,
      });
    }
    this.preselect(typed);
  }

  private attributes(object: ObjectKind, span: Span): void {
    for (const attribute of this.catalog.entraAttributesFor(object)) {
      if (attribute.status === 'unavailable') continue;
      this.add({
        label: attribute.name,
        kind: 'variable',
        span,
        newText: encodeJsonStringBody(attribute.name + ']'),
        filterText: attribute.name,
        detail: attributeDetail(attribute),
        documentation: attributeDocumentation(this.catalog, attribute),
        group: attribute.status === 'confirmed' ? 1 : 2,
      });
    }
    // Name patterns such as directory extensions, as snippets.
    for (const attribute of this.catalog.catalogs.entraAttributes) {
      if (!attribute.pattern || attribute.object !== object || attribute.status === 'unavailable') continue;
      const parts = attribute.name.split(/(<[^>]+>)/).filter(Boolean);
      let n = 0;
      const body = parts.map((p) => (p.startsWith('<') ? `\${${++n}:${jsonSnippet(p.slice(1, -1))}}` : jsonSnippet(p))).join('');
      this.add({
        label: attribute.name,
        kind: 'variable',
        span,
        newText: body + ']',
        snippet: true,
        filterText: attribute.name,
        detail: attributeDetail(attribute),
        documentation: attributeDocumentation(this.catalog, attribute),
        group: 3,
      });
    }
  }

  // -- Graph source trees ----------------------------------------------------------------------

  /** Inside a Graph source tree: attribute names, function names and parameter keys. True when handled. */
  private graphTree(path: JSONPath, span: Span, close: string): boolean {
    const document = this.document;
    if (document.kind !== 'graph') return false;
    const place = graphPlace(document, path);
    if (!place?.mappingRest || !place.object) return false;
    const role = treeRole(document, path, place.mappingRest);
    if (!role) return false;
    const object = place.object.object;
    if (role.kind === 'attribute') {
      for (const attribute of this.catalog.entraAttributesFor(object)) {
        if (attribute.status === 'unavailable') continue;
        const body = encodeJsonStringBody(attribute.name);
        this.add({
          label: attribute.name,
          kind: 'variable',
          span,
          newText: body + close,
          filterText: body,
          detail: attributeDetail(attribute),
          documentation: attributeDocumentation(this.catalog, attribute),
          group: attribute.status === 'confirmed' ? 1 : 2,
        });
      }
      return true;
    }
    if (role.kind === 'function') {
      for (const signature of this.catalog.catalogs.functions) {
        this.add({
          label: signature.name,
          kind: 'function',
          span,
          newText: signature.name + close,
          filterText: signature.name,
          detail: functionDetail(signature),
          documentation: functionDocumentation(this.catalog, signature),
          group: signature.status === 'documented' ? 1 : 3,
        });
      }
      return true;
    }
    if (role.kind === 'key') {
      const signature = this.catalog.functionByName(stringOf(prop(role.functionNode, 'name')) ?? '');
      if (!signature) return true;
      // The keys the other parameters do not use yet (repeating ones always), in parameter order.
      const current = findNodeAtLocation(document.root!, path.slice(0, -1));
      const used = new Set(
        (prop(role.functionNode, 'parameters')?.children ?? [])
          .filter((pair) => pair !== current)
          .map((pair) => stringOf(prop(pair, 'key'))?.toLowerCase()),
      );
      const seen = new Set<string>();
      for (const parameter of signature.parameters) {
        const key = parameter.graphKey;
        if (seen.has(key) || (used.has(key.toLowerCase()) && !parameter.repeats)) continue;
        seen.add(key);
        this.add({
          label: key,
          kind: 'property',
          span,
          newText: encodeJsonStringBody(key) + close,
          filterText: encodeJsonStringBody(key),
          detail: `${signature.name} · ${parameterDisplayName(parameter)}${parameter.graphKeyConfirmed ? '' : ' · key not confirmed by Graph'}`,
          documentation: `${code(key)} — Graph's key for ${code(signature.name)}'s parameter ${code(parameter.name)}${parameter.required ? ' (required)' : ''}.\n\n${escapeMarkdown(parameter.description)}${parameter.graphKeyConfirmed ? '' : "\n\n⚠️ This key is taken from the documentation; Graph's function schema does not confirm it."}`,
          group: parameter.required ? 0 : 1,
        });
      }
      return true;
    }
    return role.kind === 'constant' || role.kind === 'expression';
  }

  // -- keys -----------------------------------------------------------------------------------

  keys(place: Extract<Place, { kind: 'key-string' } | { kind: 'new-key' }>): void {
    const objectNode = place.objectNode;
    const existing = new Set<string>();
    for (const property of objectNode.children ?? []) {
      if (place.kind === 'key-string' && property === place.property) continue;
      const key = property.children?.[0]?.value;
      if (typeof key === 'string') existing.add(key);
    }
    const properties = schemaProperties(this.document.kind, place.objectPath).filter((p) => !existing.has(p.name));
    if (place.kind === 'key-string') {
      const keyNode = place.keyNode;
      const hasColon = place.property.colonOffset !== undefined;
      const closed = isClosedString(this.text, keyNode);
      for (const property of properties) {
        if (hasColon) {
          const span = closed ? contentSpan(this.text, keyNode) : { start: keyNode.offset + 1, end: this.offset };
          this.add({
            label: property.name,
            kind: 'property',
            span,
            newText: encodeJsonStringBody(property.name) + (closed ? '' : '"'),
            filterText: encodeJsonStringBody(property.name),
            detail: keyDetail(property),
            documentation: keyDocumentation(property),
            group: property.required ? 0 : 1,
          });
        } else {
          const span = { start: keyNode.offset, end: closed ? nodeEnd(keyNode) : this.offset };
          this.keyItem(property, span, `"${encodeJsonStringBody(property.name)}"`, objectNode, span);
        }
      }
      const typed = this.text.slice(keyNode.offset + 1, this.offset);
      this.preselect(hasColon ? typed : '"' + typed);
      return;
    }
    // A new key: replace a half-typed bare word around the cursor.
    let start = this.offset;
    while (start > 0 && /[A-Za-z0-9_$]/.test(this.text[start - 1])) start--;
    let end = this.offset;
    while (end < this.text.length && /[A-Za-z0-9_$]/.test(this.text[end])) end++;
    const span = { start, end };
    for (const property of properties) this.keyItem(property, span, property.name, objectNode, span);
    this.preselect(this.text.slice(start, this.offset));
  }

  private keyItem(property: SchemaProperty, span: Span, filterText: string, container: JsonNode, around: Span): void {
    const { before, after } = this.separators(container, around);
    const value = valueSnippet(property);
    this.add({
      label: property.name,
      kind: 'property',
      span,
      newText: `"${snippetLiteral(encodeJsonStringBody(property.name))}": ${value.text}${after}`,
      snippet: true,
      filterText,
      detail: keyDetail(property),
      documentation: keyDocumentation(property),
      group: property.required ? 0 : 1,
      command: value.suggest ? TRIGGER_SUGGEST : undefined,
      additionalTextEdits: before,
    });
  }

  /**
   * Commas around a new member of an object or array: one added after the previous member when
   * it lacks one (as an additional edit), and one after the inserted text when a member follows.
   */
  private separators(container: JsonNode, around: Span): { before: TextEdit[]; after: string } {
    const children = container.children ?? [];
    let previous: JsonNode | undefined;
    let next: JsonNode | undefined;
    for (const child of children) {
      if (nodeEnd(child) <= around.start) previous = child;
      else if (child.offset >= around.end && !next) next = child;
    }
    const before: TextEdit[] = [];
    if (previous && !hasCommaBetween(this.text, nodeEnd(previous), around.start)) {
      const at = this.document.lines.positionAt(nodeEnd(previous));
      before.push({ range: { start: at, end: at }, newText: ',' });
    }
    let after = '';
    if (next && !hasCommaBetween(this.text, around.end, next.offset)) after = ',';
    else if (!next) {
      // A member typed before a stray token (`"a": 1 "b": 2` style) still gets its comma.
      const token = nextSignificant(this.text, around.end);
      if (token.kind === SyntaxKind.StringLiteral || token.kind === SyntaxKind.OpenBraceToken) after = ',';
    }
    return { before, after };
  }

  // -- array elements -------------------------------------------------------------------------

  element(arrayNode: JsonNode, path: JSONPath): void {
    const last = path[path.length - 1];
    const span = { start: this.offset, end: this.offset };
    const { before, after } = this.separators(arrayNode, span);
    const add = (label: string, body: string, documentation: string): void =>
      this.add({
        label,
        kind: 'snippet',
        span,
        newText: body + after,
        snippet: true,
        filterText: '{',
        documentation,
        command: TRIGGER_SUGGEST,
        additionalTextEdits: before,
        group: 0,
      });
    if (this.document.kind === 'graph') {
      if (last === 'attributeMappings') {
        add(
          '{ "targetAttributeName", "source" }',
          '{ "defaultValue": null, "exportMissingReferences": false, "flowBehavior": "FlowWhenChanged", "flowType": "Always", "matchingPriority": 0, "source": { "expression": "[$2]", "name": "$2", "parameters": [], "type": "Attribute" }, "targetAttributeName": "$1" }',
          'A new Graph attribute mapping: the target attribute and a direct (Attribute) source; Always applies it on create and update.',
        );
      } else if (last === 'groups') {
        add(
          '{ "name", "clauses": [...] }',
          '{ "name": "$1", "clauses": [{ "operatorName": "$2", "sourceOperandName": "$3", "targetOperand": { "values": ["$4"] } }] }',
          'A new scoping filter group. Groups are OR-ed; the clauses inside one group are AND-ed.',
        );
      } else if (last === 'clauses') {
        add(
          '{ "operatorName", "sourceOperandName", "targetOperand" }',
          '{ "operatorName": "$1", "sourceOperandName": "$2", "targetOperand": { "values": ["$3"] } }',
          'A new scoping clause. Unary operators (IS TRUE, IS NULL, ...) take an empty values array.',
        );
      }
    } else if (this.document.kind === 'mapping' && path.length === 2 && last === 'mappings') {
      add(
        '{ "target", "source" }',
        '{ "target": "$1", "source": "$2" }',
        'A new attribute mapping: the AWS target attribute and the Entra expression that feeds it.',
      );
    } else if (last === 'filters') {
      add(
        '{ "clauses": [...] }',
        '{ "clauses": [{ "attribute": "$1", "operator": "$2", "value": "$3" }] }',
        'A new scoping filter. Filters are OR-ed; the clauses inside one filter are AND-ed.',
      );
    } else if (last === 'clauses') {
      add(
        '{ "attribute", "operator", "value" }',
        '{ "attribute": "$1", "operator": "$2", "value": "$3" }',
        'A new scoping clause. Unary operators (IS TRUE, IS NULL, ...) take no value.',
      );
    }
  }

  skeleton(): void {
    const span = { start: 0, end: this.text.length };
    if (this.document.kind === 'mapping') {
      this.add({
        label: 'AWS IAM Identity Center mapping',
        kind: 'snippet',
        span,
        snippet: true,
        newText: [
          '{',
          '\t"target": "aws-iam-identity-center",',
          '\t"user": {',
          '\t\t"mappings": [',
          '\t\t\t{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 },',
          '\t\t\t{ "target": "active", "source": "Switch([IsSoftDeleted], , \\\\"False\\\\", \\\\"True\\\\", \\\\"True\\\\", \\\\"False\\\\")" },',
          '\t\t\t{ "target": "displayName", "source": "[displayName]" },',
          '\t\t\t{ "target": "name.givenName", "source": "[givenName]" },',
          '\t\t\t{ "target": "name.familyName", "source": "[surname]" }$0',
          '\t\t]',
          '\t},',
          '\t"group": {',
          '\t\t"mappings": [',
          '\t\t\t{ "target": "displayName", "source": "[displayName]", "matchingPrecedence": 1 }',
          '\t\t]',
          '\t}',
          '}',
        ].join('\n'),
        filterText: '',
        documentation: 'A mapping file with the gallery defaults AWS requires for users and groups.',
      });
    } else if (this.document.kind === 'scope') {
      this.add({
        label: 'Scope file',
        kind: 'snippet',
        span,
        snippet: true,
        newText:
          '{\n\t"object": "${1|user,group|}",\n\t"filters": [\n\t\t{ "clauses": [{ "attribute": "$2", "operator": "$3", "value": "$4" }] }\n\t]\n}',
        filterText: '',
        documentation: 'A scope file: filters are OR-ed, the clauses of a filter AND-ed.',
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** `Join(${1:separator}, ${2:source})`, escaped for a JSON string and for the snippet syntax. */
export function functionSnippet(signature: FunctionSignature): string {
  if (signature.name === 'Replace') {
    // The common literal mode, with every positional slot written so the empty ones are visible.
    return 'Replace(${1:source}, ${2:oldValue}, , , ${3:replacementValue}, , )';
  }
  const hasRepeats = signature.parameters.some((p) => p.repeats);
  const count = Math.max(signature.minArgs, hasRepeats ? 2 : 0);
  const slots: string[] = [];
  for (let i = 0; i < count; i++) {
    const parameter = parameterForSlot(signature, i, count);
    const name = parameter ? parameterDisplayName(parameter) : `argument${i + 1}`;
    slots.push(`\${${i + 1}:${jsonSnippet(name)}}`);
  }
  return `${jsonSnippet(signature.name)}(${slots.join(', ')})`;
}

function functionDetail(signature: FunctionSignature): string {
  const syntax = signature.syntax.split(' / ')[0];
  return signature.status === 'documented' ? syntax : `${syntax} · not in the provisioning reference`;
}

function attributeDetail(attribute: EntraSourceAttribute): string {
  const type = `${attribute.type}${attribute.multiValued ? ', multi-valued' : ''}`;
  return attribute.status === 'likely' ? `${type} · likely (unconfirmed)` : type;
}

function targetDetail(target: AwsTargetAttribute, mapped: boolean): string {
  const flags = [
    target.required ? 'required' : undefined,
    target.filterable ? 'filterable' : undefined,
    target.collection ? `single ${target.collection} value` : undefined,
    target.galleryDefaultSource ? `gallery: ${galleryExpression(target.galleryDefaultSource)}` : undefined,
  ].filter(Boolean);
  const text = flags.join(' · ') || target.type;
  return mapped ? `already mapped · ${text}` : text;
}

function keyDetail(property: SchemaProperty): string {
  return `${property.required ? 'required' : 'optional'} ${schemaType(property.schema)}`;
}

function keyDocumentation(property: SchemaProperty): string {
  const values = property.schema.enum ?? (property.schema.const !== undefined ? [property.schema.const] : undefined);
  const lines = [`${code(property.name)}${property.required ? ' (required)' : ''}`];
  if (property.schema.description) lines.push(escapeMarkdown(property.schema.description));
  if (values) lines.push(`Values: ${values.map((v) => code(JSON.stringify(v))).join(', ')}`);
  return lines.join('\n\n');
}

function valueSnippet(property: SchemaProperty): { text: string; suggest: boolean } {
  const schema = property.schema;
  if (schema.enum && schema.enum.length > 0) {
    return { text: `"\${1|${schema.enum.map((v) => String(v).replace(/[,|\\$}]/g, '\\$&')).join(',')}|}"`, suggest: false };
  }
  if (schema.const !== undefined) return { text: snippetLiteral(JSON.stringify(schema.const)), suggest: false };
  switch (schemaType(schema)) {
    case 'string':
      return { text: '"$1"', suggest: true };
    case 'integer':
      return { text: '${1:1}', suggest: false };
    case 'boolean':
      return { text: '${1|true,false|}', suggest: false };
    case 'object':
      return { text: '{$1}', suggest: false };
    case 'array':
      return { text: '[$1]', suggest: false };
    default:
      return { text: '$1', suggest: false };
  }
}

function valueDocumentation(path: JSONPath, value: unknown): string {
  const known = valueDoc(value);
  if (known) return `${code(JSON.stringify(value))} — ${known}`;
  const key = path[path.length - 1];
  return `${code(JSON.stringify(value))} for ${code(String(key))}.`;
}
