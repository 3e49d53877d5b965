/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
 *         replacementAttributeName, template)
 *
 * Which slots are filled selects the documented mode (an empty slot is "not supplied"; "" is
 * supplied):
 *   1. oldValue + replacementValue: every occurrence of oldValue in source is replaced (ordinal).
 *   2. oldValue + template: every occurrence of oldValue in template is replaced by source.
 *   3. regexPattern + replacementValue: .NET Regex.Replace on source ($1, ${name}, $$ expand).
 *   4. regexPattern + regexGroupName + replacementValue: only the named group's captures are
 *      replaced, literally.
 *   5. regexPattern + regexGroupName + replacementAttributeName: source if it has a value;
 *      otherwise the named group's capture in the other attribute's value.
 * Any other combination is not documented: an undefined-behaviour error.
 */
import { compileRegex, type CompileResult, type SafeRegex } from '../regex';
import type { ExprNode } from '../expression/ast';
import {
  type Arg,
  type CallSite,
  type EvalContext,
  type Thunk,
  DateBox,
  argSpan,
  argString,
  fail,
  invalidInput,
  nullUndefined,
  undefinedBehaviour,
  wrongShape,
} from './values';

const SOURCE = 0;
const OLD_VALUE = 1;
const PATTERN = 2;
const GROUP = 3;
const REPLACEMENT = 4;
const ATTRIBUTE = 5;
const TEMPLATE = 6;

type Mode = 'literal' | 'template' | 'regex' | 'group' | 'fallback';

const MODES: ReadonlyArray<{ mode: Mode; slots: number[] }> = [
  { mode: 'literal', slots: [OLD_VALUE, REPLACEMENT] },
  { mode: 'template', slots: [OLD_VALUE, TEMPLATE] },
  { mode: 'regex', slots: [PATTERN, REPLACEMENT] },
  { mode: 'group', slots: [PATTERN, GROUP, REPLACEMENT] },
  { mode: 'fallback', slots: [PATTERN, GROUP, ATTRIBUTE] },
];

const NAMES = [
  'source',
  'oldValue',
  'regexPattern',
  'regexGroupName',
  'replacementValue',
  'replacementAttributeName',
  'template',
];

/** Patterns computed at run time are compiled once per distinct text (bounded). */
const dynamicPatterns = new Map<string, CompileResult>();
const MAX_DYNAMIC_PATTERNS = 512;

function compilePattern(pattern: string): CompileResult {
  let compiled = dynamicPatterns.get(pattern);
  if (!compiled) {
    if (dynamicPatterns.size >= MAX_DYNAMIC_PATTERNS) dynamicPatterns.clear();
    compiled = compileRegex(pattern);
    dynamicPatterns.set(pattern, compiled);
  }
  return compiled;
}

function regexFrom(result: CompileResult, site: CallSite): SafeRegex {
  if (result.ok) return result.regex;
  const e = result.error;
  return invalidInput(
    site,
    `regexPattern is not a valid .NET regular expression: ${e.message} (at offset ${e.offset} of the pattern)`,
    argSpan(site, PATTERN),
  );
}

function outcome<T>(r: { ok: true; value: T } | { ok: false; message: string }, site: CallSite): T {
  if (r.ok) return r.value;
  return fail('regex-budget', `Replace: ${r.message}`, argSpan(site, PATTERN));
}

function hasGroup(regex: SafeRegex, name: string): boolean {
  if (regex.groupNames.includes(name)) return true;
  return /^[0-9]+$/.test(name) && Number(name) <= regex.groupCount;
}

/** A single string; NULL is reported as undefined behaviour for this slot. */
function text(args: Arg[], i: number, site: CallSite): string {
  return argString(args, i, site);
}

/** Compiles a Replace call; throws a Failure (a static error) for an undocumented combination. */
export function compileReplace(site: CallSite, thunks: Array<Thunk | null>): Thunk {
  const present = (i: number) => i < site.slots.length && site.slots[i].value !== null;
  const supplied = [OLD_VALUE, PATTERN, GROUP, REPLACEMENT, ATTRIBUTE, TEMPLATE].filter(present);
  const match = MODES.find((m) => m.slots.length === supplied.length && m.slots.every(present));
  if (!match) {
    const list = supplied.map((i) => NAMES[i]).join(', ') || 'nothing besides source';
    return undefinedBehaviour(
      site,
      `the documented modes are oldValue+replacementValue, oldValue+template, regexPattern+replacementValue, ` +
        `regexPattern+regexGroupName+replacementValue and regexPattern+regexGroupName+replacementAttributeName; ` +
        `this call supplies ${list}, whose behaviour is not documented`,
    );
  }
  const mode = match.mode;

  let fixedRegex: SafeRegex | null = null;
  const patternNode = present(PATTERN) ? (site.slots[PATTERN].value as ExprNode) : null;
  if (patternNode && patternNode.kind === 'string') fixedRegex = regexFrom(compileRegex(patternNode.value), site);

  if (mode === 'fallback') {
    const attributeNode = site.slots[ATTRIBUTE].value as ExprNode;
    if (attributeNode.kind !== 'attribute') {
      undefinedBehaviour(
        site,
        'replacementAttributeName is documented only as an attribute reference such as [mobile]',
        attributeNode,
      );
    }
  }

  const n = thunks.length;
  return (ctx: EvalContext) => {
    // Eager, like every function: all supplied arguments are evaluated first.
    const args: Arg[] = new Array<Arg>(n);
    for (let i = 0; i < n; i++) {
      const t = thunks[i];
      args[i] = t === null ? undefined : t(ctx);
    }
    const source = args[SOURCE];
    if (source !== null && typeof source !== 'string' && !(source instanceof DateBox)) wrongShape(site, SOURCE, source);
    switch (mode) {
      case 'literal': {
        const s = text(args, SOURCE, site);
        const oldValue = text(args, OLD_VALUE, site);
        const replacement = text(args, REPLACEMENT, site);
        if (oldValue === '')
          return invalidInput(
            site,
            'oldValue is empty (.NET String.Replace rejects an empty oldValue)',
            argSpan(site, OLD_VALUE),
          );
        return s.includes(oldValue) ? s.split(oldValue).join(replacement) : s;
      }
      case 'template': {
        const s = text(args, SOURCE, site);
        const oldValue = text(args, OLD_VALUE, site);
        const template = text(args, TEMPLATE, site);
        if (oldValue === '')
          return invalidInput(
            site,
            'oldValue is empty (.NET String.Replace rejects an empty oldValue)',
            argSpan(site, OLD_VALUE),
          );
        return template.split(oldValue).join(s);
      }
      case 'regex': {
        const s = text(args, SOURCE, site);
        const regex = fixedRegex ?? regexFrom(compilePattern(text(args, PATTERN, site)), site);
        return outcome(regex.replace(s, text(args, REPLACEMENT, site)), site);
      }
      case 'group': {
        const s = text(args, SOURCE, site);
        const regex = fixedRegex ?? regexFrom(compilePattern(text(args, PATTERN, site)), site);
        const group = text(args, GROUP, site);
        if (!hasGroup(regex, group)) {
          return undefinedBehaviour(
            site,
            `regexGroupName "${group}" is not a group of the pattern; what Replace does then is not documented`,
            argSpan(site, GROUP),
          );
        }
        return outcome(regex.replaceGroup(s, group, text(args, REPLACEMENT, site)), site);
      }
      case 'fallback': {
        const regex = fixedRegex ?? regexFrom(compilePattern(text(args, PATTERN, site)), site);
        const group = text(args, GROUP, site);
        if (!hasGroup(regex, group)) {
          return undefinedBehaviour(
            site,
            `regexGroupName "${group}" is not a group of the pattern; what Replace does then is not documented`,
            argSpan(site, GROUP),
          );
        }
        // "If source has a value, source is returned."
        if (source !== null && source !== '') return source instanceof DateBox ? source.text : (source as string);
        const other = args[ATTRIBUTE];
        if (other === null) return nullUndefined(site, ATTRIBUTE);
        const value = text(args, ATTRIBUTE, site);
        const found = outcome(regex.exec(value), site);
        if (!found) {
          return undefinedBehaviour(
            site,
            `the pattern does not match the value of the replacement attribute (${JSON.stringify(value)}); the result is not documented`,
            argSpan(site, ATTRIBUTE),
          );
        }
        const captured =
          /^[0-9]+$/.test(group) && !regex.groupNames.includes(group) ? found.groups[Number(group)] : found.named[group];
        if (captured === undefined) {
          return undefinedBehaviour(
            site,
            `group "${group}" took no part in the match, and the result is not documented`,
            argSpan(site, GROUP),
          );
        }
        return captured;
      }
    }
  };
}
