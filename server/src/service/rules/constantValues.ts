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

/** The string constants of an expression whose characters can end up in the value AWS receives. */
export function outputConstants(catalog: CatalogIndex, root: ExprNode | null): StringNode[] {
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
