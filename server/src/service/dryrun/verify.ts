/**
 * Comparing our reading of expressions with Entra's own parser (Graph's parseExpression): what to
 * send for each mapping, and how an answer compares with our parse tree and value. Pure: the CLI
 * (`scim-mapper verify`) and the VS Code command (through the language server) send the requests.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import type { Sample } from './types';
import { evaluateText, valueToJson } from '../evaluate/evaluate';
import type { EvalEnvironment } from '../evaluate/types';
import { walk } from '../expression/ast';
import { parseExpression } from '../expression/parser';
import type { MappingLikeDocument } from '../model/types';
import { canonicalOfExpression, canonicalOfTree, sameCanonical } from '../graph/tree';

/** Graph's parseExpressionResponse. */
export interface ParseExpressionAnswer {
  parsingSucceeded?: boolean;
  evaluationSucceeded?: boolean;
  evaluationResult?: string[] | null;
  parsedExpression?: unknown;
  error?: { code?: string; message?: string } | null;
}

export interface VerifySide {
  parsed: boolean;
  error?: string;
  value?: string[];
  evaluated: boolean;
}

/** One expression to send: what we make of it, and whether a sample goes with it. */
export interface VerifyItem {
  object: ObjectKind;
  target: string;
  expression: string;
  ours: VerifySide;
  withSample: boolean;
  /** Uses Now(), Guid() or RandomString(): values are never compared. */
  nondeterministic: boolean;
}

export interface VerifyRow extends Omit<VerifyItem, 'withSample' | 'nondeterministic'> {
  entra: VerifySide;
  /** What differs, in words; empty when Entra agrees. */
  differences: string[];
  /** Why values were not compared, when they were not. */
  note?: string;
}

const NONDETERMINISTIC = new Set(['now', 'guid', 'randomstring']);

function asStrings(value: ReturnType<typeof valueToJson>): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return [value];
}

/** Every mapping's expression with our parse (and, with a sample environment, our value for user mappings). */
export function planVerification(doc: MappingLikeDocument, catalog: CatalogIndex, env?: EvalEnvironment): VerifyItem[] {
  const items: VerifyItem[] = [];
  for (const section of doc.objects) {
    for (const mapping of section.mappings) {
      const source = mapping.source;
      if (!source) continue;
      const expression = source.value;
      const parsed = source.parsed;
      const ours: VerifySide = { parsed: parsed.errors.length === 0 && parsed.root !== null, evaluated: false };
      if (!ours.parsed) ours.error = parsed.errors[0]?.message ?? 'empty expression';
      let nondeterministic = false;
      walk(parsed.root, (node) => {
        if (node.kind === 'call' && NONDETERMINISTIC.has(node.name.toLowerCase())) nondeterministic = true;
      });
      const withSample = section.object === 'user' && env !== undefined;
      if (withSample && ours.parsed) {
        const result = evaluateText(expression, env!, catalog);
        if (result.kind === 'error') ours.error = result.error.message;
        else {
          ours.evaluated = true;
          ours.value = result.kind === 'ignore' ? [] : asStrings(valueToJson(result.value));
        }
      }
      items.push({
        object: section.object,
        target: mapping.target?.value ?? '?',
        expression,
        ours,
        withSample,
        nondeterministic,
      });
    }
  }
  return items;
}

/** How Entra's answer compares with ours. */
export function compareWithEntra(item: VerifyItem, answer: ParseExpressionAnswer | undefined, catalog: CatalogIndex): VerifyRow {
  const entra: VerifySide = { parsed: answer?.parsingSucceeded === true, evaluated: answer?.evaluationSucceeded === true };
  if (answer?.error?.message) entra.error = answer.error.message;
  if (Array.isArray(answer?.evaluationResult)) entra.value = answer.evaluationResult.map(String);
  const { ours } = item;
  const differences: string[] = [];
  let note: string | undefined;
  if (ours.parsed !== entra.parsed)
    differences.push(
      ours.parsed
        ? `Entra does not parse it${entra.error ? `: ${entra.error}` : ''}`
        : `Entra parses it; we report: ${ours.error}`,
    );
  else if (ours.parsed && answer?.parsedExpression) {
    const theirs = canonicalOfTree(answer.parsedExpression, catalog);
    if (theirs.type !== 'Invalid' && !sameCanonical(canonicalOfExpression(parseExpression(item.expression)), theirs))
      differences.push('Entra parses it into a different tree');
  }
  if (item.withSample && ours.parsed && entra.parsed) {
    if (item.nondeterministic) note = 'uses Now(), Guid() or RandomString(): values not compared';
    else if (ours.evaluated !== entra.evaluated)
      differences.push(
        ours.evaluated
          ? `Entra's evaluation fails${entra.error ? `: ${entra.error}` : ''}`
          : `Entra evaluates it; ours fails: ${ours.error}`,
      );
    else if (ours.evaluated && JSON.stringify(ours.value) !== JSON.stringify(entra.value ?? []))
      differences.push(`value ${JSON.stringify(ours.value)} (ours) vs ${JSON.stringify(entra.value ?? [])} (Entra)`);
  } else if (!item.withSample) note = item.object === 'user' ? 'no sample user: parse only' : 'group mapping: parse only';
  return {
    object: item.object,
    target: item.target,
    expression: item.expression,
    ours,
    entra,
    differences,
    ...(note ? { note } : {}),
  };
}

/** The request body for one item (the sample as Graph's expressionInputObject when it goes along). */
export function parseExpressionBody(item: VerifyItem, input: Record<string, unknown> | undefined): Record<string, unknown> {
  return item.withSample && input ? { expression: item.expression, testInputObject: input } : { expression: item.expression };
}

/** A sample user as Graph's expressionInputObject: an object definition and key/value properties. */
export function testInputObject(sample: Sample, catalog: CatalogIndex): Record<string, unknown> {
  const attributes: Array<Record<string, unknown>> = [];
  const properties: Array<{ key: string; value: unknown }> = [];
  for (const [name, value] of Object.entries(sample.attributes)) {
    if (value === null || value === undefined) continue;
    const definition = catalog.entraAttribute('user', name);
    const reference = typeof value === 'string' ? sample.references.get(value) : undefined;
    attributes.push({ name, type: definition?.type ?? 'String', multivalued: Array.isArray(value), anchor: name === 'objectId' });
    properties.push({ key: name, value: reference ? reference.key : Array.isArray(value) ? value.map(String) : String(value) });
  }
  return { definition: { name: 'User', attributes, metadata: [], supportedApis: [] }, properties };
}
