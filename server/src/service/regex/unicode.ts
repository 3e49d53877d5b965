/**
 * Character facts the matcher needs: Unicode general categories, .NET's word and space characters,
 * and the case equivalences used for case-insensitive matching.
 *
 * .NET matches UTF-16 code units one at a time (a `char`), so every test here takes one code unit.
 * The categories come from JavaScript's Unicode property escapes through RegExps that test exactly
 * one code unit. Such a RegExp cannot backtrack, so using it does not weaken the step budget, and
 * its answers are cached so each code unit is asked about at most once per category.
 */

/** A test of one UTF-16 code unit. */
export type CharTest = (code: number) => boolean;

/** The general categories .NET accepts in `\p{...}`; JavaScript knows them by the same short names. */
const CATEGORY_NAMES: ReadonlySet<string> = new Set([
  'C',
  'Cc',
  'Cf',
  'Cn',
  'Co',
  'Cs',
  'L',
  'Ll',
  'Lm',
  'Lo',
  'Lt',
  'Lu',
  'M',
  'Mc',
  'Me',
  'Mn',
  'N',
  'Nd',
  'Nl',
  'No',
  'P',
  'Pc',
  'Pd',
  'Pe',
  'Pf',
  'Pi',
  'Po',
  'Ps',
  'S',
  'Sc',
  'Sk',
  'Sm',
  'So',
  'Z',
  'Zl',
  'Zp',
  'Zs',
]);

/** Returns true when `name` is a general category that `\p{name}` may use. */
export function isCategoryName(name: string): boolean {
  return CATEGORY_NAMES.has(name);
}

/**
 * Wraps a one-character RegExp (compiled from a fixed, trusted source) in a cached test. The cache
 * stores 0 for "not asked yet", 1 for "no" and 2 for "yes", so repeated tests cost an array read.
 */
function cachedTest(source: string): CharTest {
  const re = new RegExp(`^${source}$`, 'u');
  const cache = new Uint8Array(0x10000);
  return (code: number): boolean => {
    let known = cache[code];
    if (known === 0) {
      known = re.test(String.fromCharCode(code)) ? 2 : 1;
      cache[code] = known;
    }
    return known === 2;
  };
}

const categoryTests = new Map<string, CharTest>();

/** The test for one general category; the caller has checked the name with `isCategoryName`. */
export function categoryTest(name: string): CharTest {
  let test = categoryTests.get(name);
  if (test === undefined) {
    test = cachedTest(`\\p{${name}}`);
    categoryTests.set(name, test);
  }
  return test;
}

/** `\d`: .NET's digits are the Unicode decimal digits (Nd), not only 0-9. */
export const isDigit: CharTest = cachedTest('\\p{Nd}');

/** `\w`: .NET's word characters are letters, non-spacing marks, decimal digits and connector punctuation. */
export const isWordChar: CharTest = cachedTest('[\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}]');

/** `\s`: .NET uses char.IsWhiteSpace, which is the separators plus the C0 controls \t-\r and U+0085. */
export const isSpace: CharTest = cachedTest('[\\t-\\r\\u0085\\p{Z}]');

/**
 * `\b` and `\B` treat the zero-width joiner and non-joiner as word characters too, as .NET does,
 * so that a boundary is not found inside a joined sequence of letters.
 */
export function isBoundaryWordChar(code: number): boolean {
  return isWordChar(code) || code === 0x200c || code === 0x200d;
}

let lowerTable: Uint16Array | undefined;
let equivalents: Map<number, number[]> | undefined;

/**
 * Builds the lower-case table once. A code unit whose lower case is more than one unit (such as
 * U+0130) maps to itself, because simple case folding never changes the length of the text.
 */
function buildCaseTables(): Uint16Array {
  const table = new Uint16Array(0x10000);
  const groups = new Map<number, number[]>();
  for (let code = 0; code < 0x10000; code++) {
    const lowered = String.fromCharCode(code).toLowerCase();
    const folded = lowered.length === 1 ? lowered.charCodeAt(0) : code;
    table[code] = folded;
    if (folded !== code) {
      let group = groups.get(folded);
      if (group === undefined) {
        group = [folded];
        groups.set(folded, group);
      }
      group.push(code);
    }
  }
  lowerTable = table;
  equivalents = groups;
  return table;
}

/** The simple lower-case form of one code unit. */
export function toLower(code: number): number {
  return (lowerTable ?? buildCaseTables())[code];
}

/**
 * Every code unit that is equal to `code` when case is ignored (including `code`), or undefined
 * when there is no other one. Used to widen ranges in case-insensitive character classes.
 */
export function caseEquivalents(code: number): readonly number[] | undefined {
  const folded = toLower(code);
  return (equivalents as Map<number, number[]>).get(folded);
}
