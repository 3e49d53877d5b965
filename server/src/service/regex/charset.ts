/**
 * Character classes: `[...]`, the shorthands `\d \w \s` and their negations, `\p{...}` and `.`.
 * The parser collects a class as ranges plus category tests, and `classTest` turns it into one
 * predicate over a UTF-16 code unit, following .NET's order: case equivalences widen the ranges,
 * then negation applies, then a subtraction `-[...]` removes characters.
 */

import { type CharTest, caseEquivalents, toLower } from './unicode';

/** A character class as the parser found it. */
export interface CharClass {
  negated: boolean;
  /** Inclusive code unit ranges, in pattern order. */
  ranges: Array<[number, number]>;
  /** Shorthand and category tests; .NET does not widen these by case. */
  tests: CharTest[];
  /** Whether the ranges also match their other-case forms (option i). */
  ignoreCase: boolean;
  /** The class after `-[`, whose characters are removed from this one. */
  subtract?: CharClass;
}

/** Sorts and merges ranges so that membership is a binary search. */
function normalise(ranges: Array<[number, number]>): Int32Array {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [from, to] of sorted) {
    const last = merged.length - 1;
    if (merged.length > 0 && from <= merged[last] + 1) {
      merged[last] = Math.max(merged[last], to);
    } else {
      merged.push(from, to);
    }
  }
  return Int32Array.from(merged);
}

function rangeTest(ranges: Array<[number, number]>): CharTest {
  const bounds = normalise(ranges);
  const pairs = bounds.length >> 1;
  if (pairs === 0) return () => false;
  if (pairs === 1) {
    const from = bounds[0];
    const to = bounds[1];
    return (code) => code >= from && code <= to;
  }
  return (code) => {
    let lo = 0;
    let hi = pairs - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (code < bounds[mid * 2]) hi = mid - 1;
      else if (code > bounds[mid * 2 + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/**
 * What one test of a class costs in steps: a class of many categories (`[\p{Lu}\p{Ll}…]`) runs
 * each of them on a non-ASCII code unit, so the matcher counts it as that many steps. Without this
 * a long pattern of classes could do a thousand times more work than its budget says.
 */
export function testCost(test: CharTest): number {
  return (test as CharTest & { cost?: number }).cost ?? 1;
}

/** Compiles a class into one predicate, with a small cache for ASCII where most input lives. */
export function classTest(cls: CharClass): CharTest {
  const inRanges = rangeTest(cls.ranges);
  const tests = cls.tests;
  const ignoreCase = cls.ignoreCase;
  const negated = cls.negated;
  const subtract = cls.subtract === undefined ? undefined : classTest(cls.subtract);
  const compute = (code: number): boolean => {
    let member = inRanges(code);
    if (!member && ignoreCase) {
      const others = caseEquivalents(code);
      if (others !== undefined) member = others.some(inRanges);
    }
    for (let i = 0; !member && i < tests.length; i++) member = tests[i](code);
    if (negated) member = !member;
    if (member && subtract !== undefined) member = !subtract(code);
    return member;
  };
  const ascii = new Uint8Array(128);
  const test = (code: number): boolean => {
    if (code < 128) {
      let known = ascii[code];
      if (known === 0) {
        known = compute(code) ? 2 : 1;
        ascii[code] = known;
      }
      return known === 2;
    }
    return compute(code);
  };
  const cost = Math.max(1, tests.length + (ignoreCase ? 1 : 0) + (subtract === undefined ? 0 : testCost(subtract)));
  if (cost > 1) (test as CharTest & { cost?: number }).cost = cost;
  return test;
}

/** A test for one literal character, honouring case-insensitivity the way .NET does (by lower case). */
export function literalTest(code: number, ignoreCase: boolean): CharTest {
  if (!ignoreCase || caseEquivalents(code) === undefined) return (c) => c === code;
  const folded = toLower(code);
  return (c) => c === code || toLower(c) === folded;
}

/** `.`: any code unit except \n, or any at all with option s. */
export function dotTest(singleline: boolean): CharTest {
  return singleline ? () => true : (code) => code !== 0x0a;
}

/** Negates a shorthand test (`\D` from `\d` and so on). */
export function not(test: CharTest): CharTest {
  return (code) => !test(code);
}
