/**
 * Markdown documentation for catalog entries, shared by completion, hover and signature help.
 * Each entry's text is built once per catalog object (WeakMap), so a completion list of 54
 * functions costs no string building after the first request.
 */
import { galleryExpression } from '../catalog/lookup';
import type { CatalogIndex } from '../catalog/lookup';
import type {
  AwsTargetAttribute,
  EntraSourceAttribute,
  FunctionExample,
  FunctionParameter,
  FunctionSignature,
  ScopeOperator,
} from '../catalog/types';
import type { MarkupContent } from './types';

export function markdown(value: string): MarkupContent {
  return { kind: 'markdown', value };
}

/** An inline code span that survives backticks in the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.length === 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Escapes markdown punctuation in prose taken from the catalogs. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

function bullets(lines: string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

export function sourcesLine(catalog: CatalogIndex, keys: string[] | undefined): string | undefined {
  if (!keys || keys.length === 0) return undefined;
  const shown = keys.slice(0, 3).map((k) => escapeMarkdown(catalog.citation(k)));
  return `_Sources: ${shown.join('; ')}${keys.length > 3 ? '; …' : ''}_`;
}

function cached<T extends object>(cache: WeakMap<T, string>, key: T, build: () => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Functions

/** The name a parameter placeholder shows: `source1 … sourceN` → `source`. */
export function parameterDisplayName(parameter: FunctionParameter): string {
  const first = parameter.name.split(/\s*…\s*/)[0];
  return parameter.repeats && /\d$/.test(first) && parameter.name.includes('…') ? first.replace(/\d+$/, '') : first;
}

export function parameterSummary(parameter: FunctionParameter): string {
  const type = parameter.rawType ?? parameter.type;
  const flags = [type, parameter.required ? undefined : 'optional', parameter.repeats ? 'repeats' : undefined]
    .filter(Boolean)
    .join(', ');
  const values = parameter.enumValues ? ` One of ${parameter.enumValues.map(code).join(', ')}.` : '';
  return `${code(parameter.name)} (${flags}): ${escapeMarkdown(parameter.description)}${values}`;
}

function describeExample(example: FunctionExample): string {
  const lines = [`${code(example.expression)}`];
  if (example.input && Object.keys(example.input).length > 0) {
    lines.push(
      `input ${Object.entries(example.input)
        .map(([k, v]) => `${code(`[${k}]`)} = ${code(JSON.stringify(v))}`)
        .join(', ')}`,
    );
  }
  const computed = example.details?.computedOutput;
  const output = computed !== undefined ? computed : example.output;
  if (output !== null && output !== undefined) lines.push(`→ ${code(JSON.stringify(output))}`);
  return lines.join('  \n');
}

/** The first documented example that states both input and output, else any with an expression. */
function bestExample(signature: FunctionSignature): FunctionExample | undefined {
  const documented = signature.examples.filter((e) => e.kind.startsWith('documented'));
  return (
    documented.find((e) => e.input !== null && e.output !== null && e.output !== undefined) ??
    signature.examples.find((e) => e.input !== null && e.output !== null && e.output !== undefined) ??
    documented[0] ??
    signature.examples[0]
  );
}

function statusText(signature: FunctionSignature): string {
  return signature.status === 'documented'
    ? "Documented in Entra's app-provisioning function reference."
    : `⚠️ Not in Entra's app-provisioning function reference (${escapeMarkdown(signature.statusDetail)}); Entra may reject it in provisioning mappings.`;
}

/** Notes about NULL / empty values, which decide whether a target is cleared or skipped. */
export function nullNotes(signature: FunctionSignature): string[] {
  return signature.notes.filter((n) => /\bnull\b|empty/i.test(n)).slice(0, 3);
}

const functionDocs = new WeakMap<FunctionSignature, string>();

export function functionDocumentation(catalog: CatalogIndex, signature: FunctionSignature): string {
  return cached(functionDocs, signature, () => {
    const parts: string[] = [];
    parts.push('```text\n' + signature.syntax + '\n```');
    parts.push(
      `${escapeMarkdown(signature.description)} Returns ${escapeMarkdown(signature.returnType)}${signature.returnsMultiValued ? ' (multi-valued)' : ''}.`,
    );
    if (signature.parameters.length > 0) parts.push('**Parameters**\n' + bullets(signature.parameters.map(parameterSummary)));
    const nulls = nullNotes(signature);
    if (nulls.length > 0) parts.push('**Null and empty values**\n' + bullets(nulls.map(escapeMarkdown)));
    const example = bestExample(signature);
    if (example) parts.push('**Example**  \n' + describeExample(example));
    parts.push(`**Status:** ${statusText(signature)}`);
    const links = [
      signature.docUrl ? `[Microsoft documentation](${signature.docUrl})` : undefined,
      sourcesLine(catalog, signature.sources),
    ].filter(Boolean);
    if (links.length > 0) parts.push(links.join('  \n'));
    return parts.join('\n\n');
  });
}

// ---------------------------------------------------------------------------------------------
// Entra attributes

const STATUS_TEXT: Record<EntraSourceAttribute['status'], string> = {
  confirmed: "confirmed: offered in Entra's source attribute list",
  likely: 'likely: probably offered, but no source confirms it for this app',
  unavailable: 'unavailable: not offered by default for this object',
};

const attributeDocs = new WeakMap<EntraSourceAttribute, string>();

export function attributeDocumentation(catalog: CatalogIndex, attribute: EntraSourceAttribute): string {
  return cached(attributeDocs, attribute, () => {
    const name = attribute.pattern ? attribute.name : `[${attribute.name}]`;
    const facts = [
      `Type: ${attribute.type}`,
      `Multi-valued: ${attribute.multiValued ? 'yes' : 'no'}`,
      `Status: ${STATUS_TEXT[attribute.status]}`,
      `Usable in scoping filters: ${attribute.scopable ? 'yes' : `no${attribute.scopeUnsupportedReason ? ` (${escapeMarkdown(attribute.scopeUnsupportedReason)})` : ''}`}`,
    ];
    if (attribute.computed) facts.push('Computed by Entra, not stored on the object');
    if (attribute.pattern) facts.push(`Name pattern: ${code(attribute.pattern)}`);
    const parts = [`${code(name)} — Entra ${attribute.object} attribute`, escapeMarkdown(attribute.description), bullets(facts)];
    if (attribute.notes?.length) parts.push('**Notes**\n' + bullets(attribute.notes.map(escapeMarkdown)));
    const sources = sourcesLine(catalog, attribute.sources);
    if (sources) parts.push(sources);
    return parts.join('\n\n');
  });
}

// ---------------------------------------------------------------------------------------------
// AWS targets

export { galleryExpression };

const targetDocs = new WeakMap<AwsTargetAttribute, string>();

export function targetDocumentation(catalog: CatalogIndex, target: AwsTargetAttribute): string {
  return cached(targetDocs, target, () => {
    const facts: string[] = [];
    facts.push(
      target.supported
        ? 'Supported by AWS IAM Identity Center'
        : `**Not supported** by AWS IAM Identity Center${target.unsupportedReason ? `: ${escapeMarkdown(target.unsupportedReason)}` : ''}`,
    );
    facts.push(`Type: ${target.type}`);
    facts.push(`Required on create: ${target.required ? 'yes' : 'no'}`);
    facts.push(`Filterable (usable as the matching attribute): ${target.filterable ? 'yes' : 'no'}`);
    if (target.collection) {
      facts.push(
        `Part of ${code(target.collection)}, a multi-valued SCIM attribute that AWS limits to a single value${target.collectionType ? ` (this element: type ${code(target.collectionType)})` : ''}`,
      );
    }
    if (target.minLength !== undefined || target.maxLength !== undefined) {
      facts.push(`Length: ${target.minLength ?? 0}–${target.maxLength ?? '∞'} characters`);
    }
    if (target.pattern) {
      facts.push(
        `Characters: ${target.allowsWhitespace === false ? 'no whitespace of any kind; ' : ''}AWS pattern ${code(target.pattern)}`,
      );
    }
    if (target.patchModifiable !== undefined) facts.push(`Modifiable with PATCH: ${target.patchModifiable ? 'yes' : 'no'}`);
    if (target.galleryDefaultSource) {
      facts.push(
        `Gallery default source: ${code(galleryExpression(target.galleryDefaultSource))}${target.galleryDefaultConfidence ? ` (${escapeMarkdown(target.galleryDefaultConfidence)})` : ''}`,
      );
    } else if (target.inGalleryDefaults) {
      facts.push("Listed among the gallery app's attributes (no default source)");
    }
    const parts = [
      `${code(target.path)} — AWS IAM Identity Center ${target.object} attribute`,
      escapeMarkdown(target.description),
      bullets(facts),
    ];
    if (target.notes?.length) parts.push('**Notes**\n' + bullets(target.notes.map(escapeMarkdown)));
    const sources = sourcesLine(catalog, target.sources);
    if (sources) parts.push(sources);
    return parts.join('\n\n');
  });
}

// ---------------------------------------------------------------------------------------------
// Scope operators

export function operatorDetail(operator: ScopeOperator): string {
  return operator.arity === 'unary'
    ? 'unary · no value'
    : `binary · ${operator.valueType === 'unknown' ? 'value of unknown type' : `${operator.valueType} value`}`;
}

const operatorDocs = new WeakMap<ScopeOperator, string>();

export function operatorDocumentation(catalog: CatalogIndex, operator: ScopeOperator): string {
  return cached(operatorDocs, operator, () => {
    const value =
      operator.valueType === 'none'
        ? 'none (unary: write no `value`)'
        : operator.valueType === 'regex'
          ? 'a regular expression (.NET dialect assumed)'
          : operator.valueType === 'integer'
            ? 'an integer'
            : operator.valueType === 'string'
              ? 'a string'
              : 'unknown';
    const caseSensitive =
      operator.caseSensitive === 'unknown' ? 'unknown (not documented)' : operator.caseSensitive ? 'yes' : 'no';
    const facts = [
      `Arity: ${operator.arity}`,
      `Value: ${value}`,
      `Attribute types: ${operator.attributeTypes.length ? operator.attributeTypes.join(', ') : 'unknown'}`,
      `Case-sensitive: ${caseSensitive}`,
      `Graph operator name: ${code(operator.graphName)}${operator.graphNameConfirmed ? '' : ' (unconfirmed)'}`,
    ];
    const parts = [`${code(operator.name)} — scoping filter operator`, escapeMarkdown(operator.description)];
    if (operator.semanticsUnknown)
      parts.push('⚠️ **Its meaning is not documented**; avoid it unless you have tested it in your tenant.');
    parts.push(bullets(facts));
    if (operator.notes?.length) parts.push('**Notes**\n' + bullets(operator.notes.map(escapeMarkdown)));
    const sources = sourcesLine(catalog, operator.sources);
    if (sources) parts.push(sources);
    return parts.join('\n\n');
  });
}
