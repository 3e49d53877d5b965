import type { CatalogIndex } from '../catalog/lookup';
import type { AwsTargetAttribute, ObjectKind } from '../catalog/types';
import { bindArguments } from '../expression/bind';
import type { ExprNode, StringNode } from '../expression/ast';
import type { AttributeMappingModel } from '../model/types';

/**
 * Parameters whose constant text can reach the value sent to AWS, per function. `*` means every
 * argument. Functions not listed transform or test their arguments, so their constants do not
 * flow into the output as written.
 */
const OUTPUT_PARAMETERS: Record<string, ReadonlySet<string> | '*'> = {
  Join: '*',
  Append: '*',
  Coalesce: '*',
  Switch: new Set(['defaultValue', 'value']),
  IIF: new Set(['valueIfTrue', 'valueIfFalse']),
  Replace: new Set(['source', 'replacementValue']),
  ToLower: new Set(['source']),
  ToUpper: new Set(['source']),
  Trim: new Set(['source']),
  Left: new Set(['source']),
  Mid: new Set(['source']),
  IgnoreFlowIfNullOrEmpty: new Set(['source']),
  SelectUniqueValue: '*',
};

/** outputConstants per catalog and expression tree: two rules ask for every mapping. */
const outputConstantsCache = new WeakMap<CatalogIndex, WeakMap<ExprNode, StringNode[]>>();

/** The string constants of an expression whose characters can end up in the value AWS receives. */
export function outputConstants(catalog: CatalogIndex, root: ExprNode | null): StringNode[] {
  if (!root) return [];
  let cache = outputConstantsCache.get(catalog);
  if (!cache) outputConstantsCache.set(catalog, (cache = new WeakMap()));
  let found = cache.get(root);
  if (!found) cache.set(root, (found = collectOutputConstants(catalog, root)));
  return found;
}

function collectOutputConstants(catalog: CatalogIndex, root: ExprNode): StringNode[] {
  const found: StringNode[] = [];
  const visit = (node: ExprNode | null): void => {
    if (!node) return;
    if (node.kind === 'string') {
      found.push(node);
      return;
    }
    if (node.kind !== 'call') return;
    const signature = catalog.functionByName(node.name);
    const outputs = signature ? OUTPUT_PARAMETERS[signature.name] : undefined;
    if (!signature || !outputs) return;
    for (const bound of bindArguments(node, signature)) {
      if (outputs === '*' || (bound.parameter && outputs.has(bound.parameter.name))) visit(bound.slot.value);
    }
  };
  visit(root);
  return found;
}

export function targetOf(catalog: CatalogIndex, object: ObjectKind, mapping: AttributeMappingModel): AwsTargetAttribute | undefined {
  return mapping.target ? catalog.awsTarget(object, mapping.target.value) : undefined;
}

const charClassCache = new Map<string, RegExp>();
const wholeValueCache = new Map<string, RegExp>();

/** A test of a whole value against a target's pattern (`^[...]+$`, here also allowing empty). */
function allowedValue(pattern: string): RegExp {
  let regex = wholeValueCache.get(pattern);
  if (!regex) {
    const body = pattern.replace(/^\^/, '').replace(/\+\$$/, '').replace(/\$$/, '');
    regex = new RegExp(`^(?:${body})*$`, 'u');
    wholeValueCache.set(pattern, regex);
  }
  return regex;
}

/** A single-character test built from a target's Identity Store pattern (`^[...]+$`). */
export function allowedCharacter(pattern: string): RegExp {
  let regex = charClassCache.get(pattern);
  if (!regex) {
    const body = pattern.replace(/^\^/, '').replace(/\+\$$/, '').replace(/\$$/, '');
    regex = new RegExp(`^${body}$`, 'u');
    charClassCache.set(pattern, regex);
  }
  return regex;
}

/** Characters of `value` that the target's pattern rejects, each described for a message. */
export function rejectedCharacters(target: AwsTargetAttribute, value: string): string[] {
  if (!target.pattern) return [];
  // Most values pass: one match of the whole value instead of one per character.
  if (allowedValue(target.pattern).test(value)) return [];
  const test = allowedCharacter(target.pattern);
  const bad = new Set<string>();
  for (const ch of value) if (!test.test(ch)) bad.add(describeCharacter(ch));
  return [...bad];
}

export function describeCharacter(ch: string): string {
  const named: Record<string, string> = { ' ': 'space', '\t': 'tab', '\n': 'line feed', '\r': 'carriage return', '\u00a0': 'no-break space', '\u3000': 'ideographic space' };
  if (named[ch]) return named[ch];
  const code = ch.codePointAt(0)!;
  const hex = 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? `"${ch}"` : hex;
}
