/**
 * Turns the syntax tree into a flat list of instructions for the backtracking machine in
 * `match.ts`. A flat program lets the machine keep its own explicit backtracking stack instead of
 * recursing through the tree, so long inputs cannot overflow the JavaScript stack and every unit
 * of work can be counted against the step budget.
 *
 * Lookbehinds are compiled to run right to left, as .NET does, which lets them hold any pattern
 * (not only fixed-length ones): their sequences are emitted in reverse and their character
 * instructions read the code unit before the position instead of the one after it.
 */

import type { AssertionKind, RegexNode } from './ast';
import { literalTest, testCost } from './charset';
import type { CharTest } from './unicode';

export const enum Op {
  /** Matches one code unit that `test` accepts. */
  Char,
  /** Matches the same code unit `min` to `max` times (a fast path for `x*`, `\d+`, `.*?` ...). */
  RepeatChar,
  /** Continues at `prefer`, remembering `other` as the alternative to try on failure. */
  Split,
  Jump,
  Assert,
  /** Records where a capture group starts (in a register, so a failed try leaves no trace). */
  Open,
  /** Commits a capture: the group spans from its Open position to here. */
  Close,
  Backreference,
  /** Resets a general loop's counter before its first iteration. */
  LoopInit,
  /** Decides whether a general loop runs another iteration. */
  LoopHead,
  /** Notes where an iteration starts, to stop loops whose body matched nothing. */
  LoopEnter,
  /** Counts a finished iteration and goes back to LoopHead. */
  LoopTail,
  /** Runs the sub-program at pc + 1 on its own (atomic group or lookaround), then continues at `next`. */
  Sub,
  /** Continues at pc + 1 if `group` has captured, else at `no`. */
  IfCaptured,
  /** Runs the condition at pc + 1 as a lookahead, then continues at `yes` or `no`. */
  IfMatches,
  /** The end of the program or of a sub-program: report success at the current position. */
  Succeed,
}

export type SubKind = 'atomic' | 'lookahead' | 'negative-lookahead';

export type Instruction =
  | { op: Op.Char; test: CharTest; rtl: boolean; cost: number }
  | { op: Op.RepeatChar; test: CharTest; min: number; max: number; lazy: boolean; rtl: boolean; cost: number }
  | { op: Op.Split; prefer: number; other: number }
  | { op: Op.Jump; target: number }
  | { op: Op.Assert; assertion: AssertionKind }
  | { op: Op.Open; register: number }
  | { op: Op.Close; group: number; register: number }
  | { op: Op.Backreference; group: number; ignoreCase: boolean; rtl: boolean }
  | { op: Op.LoopInit; register: number }
  | { op: Op.LoopHead; register: number; min: number; max: number; lazy: boolean; body: number; exit: number }
  | { op: Op.LoopEnter; register: number }
  | { op: Op.LoopTail; register: number; head: number; exit: number }
  | { op: Op.Sub; kind: SubKind; next: number }
  | { op: Op.IfCaptured; group: number; no: number }
  | { op: Op.IfMatches; yes: number; no: number }
  | { op: Op.Succeed };

export interface Program {
  instructions: Instruction[];
  /** How many registers the loops and capture groups need. */
  registerCount: number;
  /** One past the highest group number; captures use two slots per group. */
  groupLimit: number;
  /** When every match must begin at the start of the input, or at the search start (\G). */
  anchor: 'none' | 'input-start' | 'search-start';
  /** A test every match's first code unit must pass, used to skip hopeless start positions. */
  firstChar?: CharTest;
  /**
   * Set when the program starts with an unbounded repetition of one character test (as in
   * `.*@domain` or `\w+@`) and nothing depends on where the match started. An attempt at position p
   * then already tries every end that an attempt inside the same run of such characters could
   * try, so after a failure at p the search may skip the whole run. Without this, searching with
   * `.*x` costs time quadratic in the line length.
   */
  leadingRun?: CharTest;
}

/** Placeholder jump targets are patched once the target is known. */
const UNKNOWN = -1;

class Compiler {
  readonly out: Instruction[] = [];
  registerCount = 0;

  private emit(instruction: Instruction): number {
    this.out.push(instruction);
    return this.out.length - 1;
  }

  private get here(): number {
    return this.out.length;
  }

  compile(node: RegexNode, rtl: boolean): void {
    switch (node.kind) {
      case 'empty':
        return;
      case 'char':
        this.emit({ op: Op.Char, test: literalTest(node.code, node.ignoreCase), rtl, cost: 1 });
        return;
      case 'set':
        this.emit({ op: Op.Char, test: node.test, rtl, cost: testCost(node.test) });
        return;
      case 'sequence': {
        const items = rtl ? [...node.items].reverse() : node.items;
        for (const item of items) this.compile(item, rtl);
        return;
      }
      case 'alternation':
        this.compileAlternation(node.branches, rtl);
        return;
      case 'capture': {
        const register = this.registerCount++;
        this.emit({ op: Op.Open, register });
        this.compile(node.body, rtl);
        this.emit({ op: Op.Close, group: node.group, register });
        return;
      }
      case 'lookaround': {
        const kind: SubKind = node.negate ? 'negative-lookahead' : 'lookahead';
        const sub = this.emit({ op: Op.Sub, kind, next: UNKNOWN });
        this.compile(node.body, node.behind);
        this.emit({ op: Op.Succeed });
        this.patchSub(sub);
        return;
      }
      case 'atomic': {
        const sub = this.emit({ op: Op.Sub, kind: 'atomic', next: UNKNOWN });
        this.compile(node.body, rtl);
        this.emit({ op: Op.Succeed });
        this.patchSub(sub);
        return;
      }
      case 'repeat':
        this.compileRepeat(node.body, node.min, node.max, node.lazy, rtl);
        return;
      case 'assertion':
        this.emit({ op: Op.Assert, assertion: node.assertion });
        return;
      case 'backreference':
        this.emit({ op: Op.Backreference, group: node.group, ignoreCase: node.ignoreCase, rtl });
        return;
      case 'if-captured': {
        const test = this.emit({ op: Op.IfCaptured, group: node.group, no: UNKNOWN });
        this.compile(node.yes, rtl);
        const jump = this.emit({ op: Op.Jump, target: UNKNOWN });
        this.out[test] = { op: Op.IfCaptured, group: node.group, no: this.here };
        this.compile(node.no, rtl);
        this.out[jump] = { op: Op.Jump, target: this.here };
        return;
      }
      case 'if-matches': {
        const test = this.emit({ op: Op.IfMatches, yes: UNKNOWN, no: UNKNOWN });
        // The condition looks ahead from the current position, as a positive lookahead would.
        this.compile(node.condition, false);
        this.emit({ op: Op.Succeed });
        const yes = this.here;
        this.compile(node.yes, rtl);
        const jump = this.emit({ op: Op.Jump, target: UNKNOWN });
        this.out[test] = { op: Op.IfMatches, yes, no: this.here };
        this.compile(node.no, rtl);
        this.out[jump] = { op: Op.Jump, target: this.here };
        return;
      }
    }
  }

  private patchSub(index: number): void {
    const sub = this.out[index];
    if (sub.op === Op.Sub) this.out[index] = { ...sub, next: this.here };
  }

  /** Each branch but the last is tried through a Split whose other side is the next branch. */
  private compileAlternation(branches: RegexNode[], rtl: boolean): void {
    const jumps: number[] = [];
    for (let i = 0; i < branches.length; i++) {
      const last = i === branches.length - 1;
      const split = last ? -1 : this.emit({ op: Op.Split, prefer: UNKNOWN, other: UNKNOWN });
      if (!last) this.out[split] = { op: Op.Split, prefer: split + 1, other: UNKNOWN };
      this.compile(branches[i], rtl);
      if (!last) {
        jumps.push(this.emit({ op: Op.Jump, target: UNKNOWN }));
        this.out[split] = { op: Op.Split, prefer: split + 1, other: this.here };
      }
    }
    for (const jump of jumps) this.out[jump] = { op: Op.Jump, target: this.here };
  }

  private compileRepeat(body: RegexNode, min: number, max: number, lazy: boolean, rtl: boolean): void {
    if (max === 0) return;
    if (min === 1 && max === 1) {
      this.compile(body, rtl);
      return;
    }
    const single = singleCharTest(body);
    if (single !== undefined) {
      this.emit({ op: Op.RepeatChar, test: single, min, max, lazy, rtl, cost: testCost(single) });
      return;
    }
    if (min === 0 && max === 1) {
      // x? needs no counter: try the body (or, lazily, skipping it) first.
      const split = this.emit({ op: Op.Split, prefer: UNKNOWN, other: UNKNOWN });
      this.compile(body, rtl);
      const after = this.here;
      this.out[split] = lazy
        ? { op: Op.Split, prefer: after, other: split + 1 }
        : { op: Op.Split, prefer: split + 1, other: after };
      return;
    }
    // A general loop keeps its iteration count and the position where the current iteration
    // began in two registers; both are saved on the backtracking stack when they change.
    const register = this.registerCount;
    this.registerCount += 2;
    this.emit({ op: Op.LoopInit, register });
    const head = this.emit({ op: Op.LoopHead, register, min, max, lazy, body: UNKNOWN, exit: UNKNOWN });
    const enter = this.emit({ op: Op.LoopEnter, register });
    this.compile(body, rtl);
    const tail = this.emit({ op: Op.LoopTail, register, head, exit: UNKNOWN });
    const exit = this.here;
    this.out[head] = { op: Op.LoopHead, register, min, max, lazy, body: enter, exit };
    this.out[tail] = { op: Op.LoopTail, register, head, exit };
  }
}

/** The test of a node that always matches exactly one code unit, if it is one. */
function singleCharTest(node: RegexNode): CharTest | undefined {
  if (node.kind === 'char') return literalTest(node.code, node.ignoreCase);
  if (node.kind === 'set') return node.test;
  return undefined;
}

/** Whether every match must start at the input start (^ without m, \A) or at the search start (\G). */
function leadingAnchor(node: RegexNode): Program['anchor'] {
  switch (node.kind) {
    case 'assertion':
      if (node.assertion === 'start') return 'input-start';
      if (node.assertion === 'search-start') return 'search-start';
      return 'none';
    case 'sequence':
      return node.items.length > 0 ? leadingAnchor(node.items[0]) : 'none';
    case 'capture':
    case 'atomic':
      return leadingAnchor(node.body);
    case 'alternation': {
      const anchors = node.branches.map(leadingAnchor);
      return anchors.every((a) => a === anchors[0]) ? anchors[0] : 'none';
    }
    default:
      return 'none';
  }
}

/** A test for the first code unit of any match, when the program starts by consuming one. */
function firstCharTest(instructions: Instruction[]): CharTest | undefined {
  for (const instruction of instructions) {
    switch (instruction.op) {
      case Op.Open:
        continue; // records a position only
      case Op.Char:
        return instruction.rtl ? undefined : instruction.test;
      case Op.RepeatChar:
        return instruction.min > 0 && !instruction.rtl ? instruction.test : undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The test of a leading unbounded RepeatChar, when skipping its run after a failure is safe. */
function leadingRunTest(instructions: Instruction[]): CharTest | undefined {
  // Backreferences and conditionals see the text a group captured, and \G sees the start itself,
  // so a different start position could change their outcome.
  const startMatters = instructions.some(
    (i) => i.op === Op.Backreference || i.op === Op.IfCaptured || (i.op === Op.Assert && i.assertion === 'search-start'),
  );
  if (startMatters) return undefined;
  for (const instruction of instructions) {
    if (instruction.op === Op.Open) continue;
    if (instruction.op === Op.RepeatChar && instruction.max === Infinity && !instruction.rtl) return instruction.test;
    return undefined;
  }
  return undefined;
}

export function compileProgram(root: RegexNode, groupNumbers: number[]): Program {
  const compiler = new Compiler();
  compiler.compile(root, false);
  compiler.out.push({ op: Op.Succeed });
  const highest = groupNumbers.length > 0 ? groupNumbers[groupNumbers.length - 1] : 0;
  return {
    instructions: compiler.out,
    registerCount: compiler.registerCount,
    groupLimit: highest + 1,
    anchor: leadingAnchor(root),
    firstChar: firstCharTest(compiler.out),
    leadingRun: leadingRunTest(compiler.out),
  };
}
