import type { CatalogIndex } from '../catalog/lookup';
import type { AwsTargetAttribute } from '../catalog/types';
import { parameterForSlot } from '../expression/bind';
import type { ExprNode, StringNode } from '../expression/ast';

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

/**
 * The string constants of an expression whose characters can end up in the value AWS receives.
 * Rules read them through expressionFacts.ts, which keeps them per expression.
 */
export function collectOutputConstants(catalog: CatalogIndex, root: ExprNode | null): StringNode[] {
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
    const slots = node.args;
    for (let i = 0; i < slots.length; i++) {
      if (outputs === '*') {
        visit(slots[i].value);
        continue;
      }
      const parameter = parameterForSlot(signature, i, slots.length);
      if (parameter && outputs.has(parameter.name)) visit(slots[i].value);
    }
  };
  visit(root);
  return found;
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

/** A pattern that is one character class repeated: `^[...]+$`. */
const CHARACTER_CLASS_PATTERN = /^\^\[(?:[^\]\\]|\\.)*\]\+\$$/;

const asciiTables = new Map<string, Uint8Array | null>();

/**
 * For a pattern that is one character class, which ASCII characters it allows (1) and rejects
 * (0), computed once from the pattern itself; null for any other pattern.
 */
export function asciiTable(pattern: string): Uint8Array | null {
  let table = asciiTables.get(pattern);
  if (table === undefined) {
    table = null;
    if (CHARACTER_CLASS_PATTERN.test(pattern)) {
      const test = allowedCharacter(pattern);
      table = new Uint8Array(128);
      for (let c = 0; c < 128; c++) table[c] = test.test(String.fromCharCode(c)) ? 1 : 0;
    }
    asciiTables.set(pattern, table);
  }
  return table;
}

/** Whether every character of `value` is ASCII and allowed by `table`. */
function allAsciiAllowed(table: Uint8Array, value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || table[c] === 0) return false;
  }
  return true;
}

const NONE: string[] = Object.freeze([]) as unknown as string[];

/** Characters of `value` that the target's pattern rejects, each described for a message. */
export function rejectedCharacters(target: AwsTargetAttribute, value: string): string[] {
  if (!target.pattern) return [];
  // The dry run checks every value of every user: a value of allowed ASCII characters (most
  // values) is checked against a table instead of a Unicode regular expression. The empty array is
  // shared: callers only read it.
  const table = asciiTable(target.pattern);
  if (table && allAsciiAllowed(table, value)) return NONE;
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
