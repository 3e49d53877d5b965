/**
 * The backtracking machine that runs a compiled program against an input, with a step budget.
 *
 * JavaScript's RegExp cannot be interrupted, so a pattern such as (a+)+$ could freeze the
 * language server on an unlucky input. This machine counts its work instead: every instruction,
 * every character a repetition consumes or gives back, every entry it pushes on or pops off its
 * backtracking stack is a step, and when one call has used its budget the machine stops by
 * throwing BudgetExceeded. The backtracking stack is an explicit typed array, not the JavaScript
 * call stack, so long inputs cannot cause a stack overflow either; the machine only recurses for
 * atomic groups and lookarounds, as deep as they are nested in the pattern.
 *
 * Each stack frame is four integers: a kind and three values. Choice points (alternatives not yet
 * tried) sit on the same stack as "undo" records for captures and registers, so failing back to a
 * choice point restores exactly the state that existed when it was pushed.
 */

import type { AssertionKind } from './ast';
import { type Instruction, type Program, Op } from './compile';
import { testCost } from './charset';
import { isBoundaryWordChar, toLower } from './unicode';

/** Thrown when a call has used its step budget; the public API turns it into an outcome. */
export class BudgetExceeded {
  constructor(readonly budget: number) {}
}

/** Resume at pc (value 1) with position (value 2). */
const FRAME_BRANCH = 0;
/** Undo a capture slot: slot (1) gets back its old value (2). */
const FRAME_CAPTURE = 1;
/** Undo a register: register (1) gets back its old value (2). */
const FRAME_REGISTER = 2;
/** A greedy RepeatChar at pc (1) that ended at position (2) may give characters back down to position (3). */
const FRAME_GREEDY = 3;
/** A lazy RepeatChar at pc (1) that stopped at position (2) after count (3) may take one more. */
const FRAME_LAZY = 4;
const FRAME_SIZE = 4;

type RepeatChar = Extract<Instruction, { op: Op.RepeatChar }>;

export class Matcher {
  /** Two slots per group: start and end of its last capture, or -1 when it has not captured. */
  readonly captures: Int32Array;
  matchStart = -1;
  matchEnd = -1;
  private readonly registers: Int32Array;
  private readonly code: Instruction[];
  private stack = new Int32Array(256 * FRAME_SIZE);
  private sp = 0;
  private steps = 0;
  private input = '';
  private length = 0;
  private searchStart = 0;

  private budget: number;

  constructor(
    private readonly program: Program,
    budget: number,
  ) {
    this.budget = budget;
    this.code = program.instructions;
    this.captures = new Int32Array(program.groupLimit * 2).fill(-1);
    this.registers = new Int32Array(Math.max(1, program.registerCount));
  }

  /**
   * Makes a machine ready for a new call, so that one machine serves every call of a compiled
   * pattern (a dry run tests the same patterns for every sample): the work is counted from zero
   * again, and whatever the last call left (captures, registers, also after BudgetExceeded) is
   * undone through the stack, as between two searches.
   */
  begin(limit: number = this.budget): void {
    this.budget = limit;
    // Undone without counting: that work belonged to the last call (a reused machine's stack is small, see `reusable`).
    const s = this.stack;
    while (this.sp > 0) {
      this.sp -= FRAME_SIZE;
      const kind = s[this.sp];
      if (kind === FRAME_CAPTURE) this.captures[s[this.sp + 1]] = s[this.sp + 2];
      else if (kind === FRAME_REGISTER) this.registers[s[this.sp + 1]] = s[this.sp + 2];
    }
    this.steps = 0;
    this.matchStart = -1;
    this.matchEnd = -1;
    this.captures[0] = -1;
    this.captures[1] = -1;
  }

  /** The steps the current call has used so far. */
  get stepsUsed(): number {
    return this.steps;
  }

  /** Whether the machine is small enough to keep for the next call (its stack grows on long inputs). */
  get reusable(): boolean {
    return this.stack.length <= 4096 * FRAME_SIZE;
  }

  /** Sets the input for the following searches; the step count keeps running across them. */
  reset(input: string): void {
    this.input = input;
    this.length = input.length;
  }

  /**
   * Finds the leftmost match that starts at or after `from`, where `\G` also matches. On success
   * matchStart, matchEnd and captures describe it (group 0 included).
   */
  search(from: number): boolean {
    const { anchor, firstChar, leadingRun } = this.program;
    const input = this.input;
    const firstCost = firstChar === undefined ? 0 : testCost(firstChar);
    this.clearCaptures();
    this.searchStart = from;
    for (let start = from; start <= this.length; start++) {
      if (anchor === 'input-start' && start !== 0) return false;
      if (anchor === 'search-start' && start !== from) return false;
      // A cheap look at the first character avoids starting the machine where it must fail.
      // Skipped positions count too: a long input the pattern cannot start in is still work.
      this.tick(1 + firstCost);
      if (firstChar !== undefined && (start >= this.length || !firstChar(input.charCodeAt(start)))) continue;
      // A failed attempt has popped (and so undone) everything it did, so captures are clear here.
      const end = this.run(0, start, 0);
      if (end >= 0) {
        this.matchStart = start;
        this.matchEnd = end;
        this.captures[0] = start;
        this.captures[1] = end;
        return true;
      }
      if (leadingRun !== undefined) {
        // Starts inside the run of characters the leading repetition covers cannot do better.
        let runEnd = start;
        const runCost = testCost(leadingRun);
        const runLimit = Math.min(this.length, start + this.affordable(runCost));
        while (runEnd < runLimit && leadingRun(input.charCodeAt(runEnd))) runEnd++;
        this.tick((runEnd - start) * runCost);
        if (runEnd > start) start = runEnd;
      }
    }
    return false;
  }

  /**
   * How many tests of cost `cost` fit in what is left of the budget, plus one: a scan that reaches
   * this many has used the budget up, and its tick throws.
   */
  private affordable(cost: number): number {
    return Math.floor(Math.max(0, this.budget - this.steps) / cost) + 1;
  }

  /** Counts `count` steps of work, throwing BudgetExceeded once the budget is used up. */
  tick(count: number): void {
    this.steps += count;
    if (this.steps > this.budget) throw new BudgetExceeded(this.budget);
  }

  /**
   * Undoes the captures of the previous match by popping its frames. Resetting the whole captures
   * array instead would cost time in proportion to the highest group number for every match,
   * which a pattern such as (?<9999>) could use to make a long input expensive without steps.
   */
  private clearCaptures(): void {
    this.unwind(0);
    this.captures[0] = -1;
    this.captures[1] = -1;
  }

  private push(kind: number, a: number, b: number, c: number): void {
    if (this.sp + FRAME_SIZE > this.stack.length) {
      const grown = new Int32Array(this.stack.length * 2);
      grown.set(this.stack);
      this.stack = grown;
    }
    const s = this.stack;
    const sp = this.sp;
    s[sp] = kind;
    s[sp + 1] = a;
    s[sp + 2] = b;
    s[sp + 3] = c;
    this.sp = sp + FRAME_SIZE;
    // Counting pushes bounds the stack's memory by the budget, not only the time.
    this.steps++;
  }

  private setCapture(slot: number, value: number): void {
    this.push(FRAME_CAPTURE, slot, this.captures[slot], 0);
    this.captures[slot] = value;
  }

  private setRegister(register: number, value: number): void {
    this.push(FRAME_REGISTER, register, this.registers[register], 0);
    this.registers[register] = value;
  }

  /**
   * Drops the choice points a finished atomic group or lookaround left above `base`, so that
   * nothing can backtrack into it, but keeps its undo records: if the surrounding pattern later
   * backtracks past it, the captures it made must still be undone.
   */
  private cut(base: number): void {
    const s = this.stack;
    let write = base;
    for (let read = base; read < this.sp; read += FRAME_SIZE) {
      const kind = s[read];
      if (kind === FRAME_CAPTURE || kind === FRAME_REGISTER) {
        if (write !== read) s.copyWithin(write, read, read + FRAME_SIZE);
        write += FRAME_SIZE;
      }
    }
    this.tick((this.sp - base) / FRAME_SIZE);
    this.sp = write;
  }

  /** Pops everything above `base`, undoing captures and registers (after a negative lookaround matched). */
  private unwind(base: number): void {
    const s = this.stack;
    this.tick((this.sp - base) / FRAME_SIZE);
    while (this.sp > base) {
      this.sp -= FRAME_SIZE;
      const kind = s[this.sp];
      if (kind === FRAME_CAPTURE) this.captures[s[this.sp + 1]] = s[this.sp + 2];
      else if (kind === FRAME_REGISTER) this.registers[s[this.sp + 1]] = s[this.sp + 2];
    }
  }

  private isWordAt(index: number): boolean {
    return index >= 0 && index < this.length && isBoundaryWordChar(this.input.charCodeAt(index));
  }

  private assert(assertion: AssertionKind, pos: number): boolean {
    const input = this.input;
    const length = this.length;
    switch (assertion) {
      case 'start':
        return pos === 0;
      case 'line-start':
        return pos === 0 || input.charCodeAt(pos - 1) === 0x0a;
      case 'end-or-final-newline':
        return pos === length || (pos === length - 1 && input.charCodeAt(pos) === 0x0a);
      case 'line-end':
        return pos === length || input.charCodeAt(pos) === 0x0a;
      case 'end':
        return pos === length;
      case 'word-boundary':
        return this.isWordAt(pos - 1) !== this.isWordAt(pos);
      case 'not-word-boundary':
        return this.isWordAt(pos - 1) === this.isWordAt(pos);
      case 'search-start':
        return pos === this.searchStart;
    }
  }

  /**
   * Compares the text group `group` captured with the input at `pos` (before `pos` when running
   * right to left) and returns the new position, or -1 when it differs or the group has not captured.
   */
  private backreference(group: number, ignoreCase: boolean, rtl: boolean, pos: number): number {
    const from = this.captures[group * 2];
    if (from < 0) return -1; // .NET fails a backreference to a group that has not captured
    const count = this.captures[group * 2 + 1] - from;
    const at = rtl ? pos - count : pos;
    if (at < 0 || at + count > this.length) return -1;
    this.tick(count);
    const input = this.input;
    for (let i = 0; i < count; i++) {
      const a = input.charCodeAt(from + i);
      const b = input.charCodeAt(at + i);
      if (a !== b && (!ignoreCase || toLower(a) !== toLower(b))) return -1;
    }
    return rtl ? at : at + count;
  }

  /**
   * Runs the program from `startPc` at `startPos` until a Succeed instruction (returning the
   * position there) or until every choice point above `base` has failed (returning -1).
   */
  private run(startPc: number, startPos: number, base: number): number {
    const code = this.code;
    const input = this.input;
    const length = this.length;
    const captures = this.captures;
    const registers = this.registers;
    let pc = startPc;
    let pos = startPos;

    for (;;) {
      this.tick(1);
      const ins = code[pc];
      execute: switch (ins.op) {
        case Op.Char:
          if (ins.cost > 1) this.tick(ins.cost - 1);
          if (ins.rtl) {
            if (pos > 0 && ins.test(input.charCodeAt(pos - 1))) {
              pos--;
              pc++;
              continue;
            }
          } else if (pos < length && ins.test(input.charCodeAt(pos))) {
            pos++;
            pc++;
            continue;
          }
          break;

        case Op.RepeatChar: {
          const { test, min, max, lazy, rtl, cost } = ins;
          // A scan never runs past what the budget can pay for, however long the input is.
          const limit = Math.min(lazy ? min : max, this.affordable(cost));
          let count = 0;
          let p = pos;
          if (rtl) {
            while (count < limit && p > 0 && test(input.charCodeAt(p - 1))) {
              p--;
              count++;
            }
          } else {
            while (count < limit && p < length && test(input.charCodeAt(p))) {
              p++;
              count++;
            }
          }
          this.tick(count * cost);
          if (count < min) break;
          if (lazy) {
            if (count < max) this.push(FRAME_LAZY, pc, p, count);
          } else {
            const minPos = rtl ? pos - min : pos + min;
            if (p !== minPos) this.push(FRAME_GREEDY, pc, p, minPos);
          }
          pos = p;
          pc++;
          continue;
        }

        case Op.Split:
          this.push(FRAME_BRANCH, ins.other, pos, 0);
          pc = ins.prefer;
          continue;

        case Op.Jump:
          pc = ins.target;
          continue;

        case Op.Assert:
          if (this.assert(ins.assertion, pos)) {
            pc++;
            continue;
          }
          break;

        case Op.Open:
          this.setRegister(ins.register, pos);
          pc++;
          continue;

        case Op.Close: {
          // Inside a lookbehind the group is entered at its right end, so order the two ends.
          const open = registers[ins.register];
          this.setCapture(ins.group * 2, Math.min(open, pos));
          this.setCapture(ins.group * 2 + 1, Math.max(open, pos));
          pc++;
          continue;
        }

        case Op.Backreference: {
          const next = this.backreference(ins.group, ins.ignoreCase, ins.rtl, pos);
          if (next < 0) break;
          pos = next;
          pc++;
          continue;
        }

        case Op.LoopInit:
          this.setRegister(ins.register, 0);
          this.setRegister(ins.register + 1, -1);
          pc++;
          continue;

        case Op.LoopHead: {
          const count = registers[ins.register];
          if (count < ins.min) {
            pc = ins.body;
          } else if (count >= ins.max) {
            pc = ins.exit;
          } else if (ins.lazy) {
            this.push(FRAME_BRANCH, ins.body, pos, 0);
            pc = ins.exit;
          } else {
            this.push(FRAME_BRANCH, ins.exit, pos, 0);
            pc = ins.body;
          }
          continue;
        }

        case Op.LoopEnter:
          this.setRegister(ins.register + 1, pos);
          pc++;
          continue;

        case Op.LoopTail:
          this.setRegister(ins.register, registers[ins.register] + 1);
          // An iteration that matched nothing would match nothing forever: leave the loop, as
          // .NET does, instead of spinning until the budget runs out.
          pc = pos === registers[ins.register + 1] ? ins.exit : ins.head;
          continue;

        case Op.Sub: {
          const subBase = this.sp;
          const end = this.run(pc + 1, pos, subBase);
          if (ins.kind === 'negative-lookahead') {
            if (end >= 0) {
              this.unwind(subBase);
              break execute;
            }
          } else {
            if (end < 0) break execute;
            this.cut(subBase);
            if (ins.kind === 'atomic') pos = end;
          }
          pc = ins.next;
          continue;
        }

        case Op.IfCaptured:
          pc = captures[ins.group * 2] >= 0 ? pc + 1 : ins.no;
          continue;

        case Op.IfMatches: {
          const subBase = this.sp;
          if (this.run(pc + 1, pos, subBase) >= 0) {
            this.cut(subBase);
            pc = ins.yes;
          } else {
            pc = ins.no;
          }
          continue;
        }

        case Op.Succeed:
          return pos;
      }

      // The current path failed: pop frames until a choice point resumes, or give up at `base`.
      const resumed = this.backtrack(base);
      if (resumed < 0) return -1;
      pc = resumed;
      pos = this.resumePos;
    }
  }

  private resumePos = 0;

  /** Pops frames above `base`; returns the pc to resume at (position in resumePos), or -1. */
  private backtrack(base: number): number {
    const s = this.stack;
    for (;;) {
      if (this.sp <= base) return -1;
      this.tick(1);
      this.sp -= FRAME_SIZE;
      const sp = this.sp;
      switch (s[sp]) {
        case FRAME_CAPTURE:
          this.captures[s[sp + 1]] = s[sp + 2];
          continue;
        case FRAME_REGISTER:
          this.registers[s[sp + 1]] = s[sp + 2];
          continue;
        case FRAME_BRANCH:
          this.resumePos = s[sp + 2];
          return s[sp + 1];
        case FRAME_GREEDY: {
          const pc = s[sp + 1];
          const rtl = (this.code[pc] as RepeatChar).rtl;
          const p = rtl ? s[sp + 2] + 1 : s[sp + 2] - 1;
          if (p !== s[sp + 3]) {
            // More characters can be given back later: keep the frame with the new end.
            s[sp + 2] = p;
            this.sp += FRAME_SIZE;
          }
          this.resumePos = p;
          return pc + 1;
        }
        case FRAME_LAZY: {
          const pc = s[sp + 1];
          const ins = this.code[pc] as RepeatChar;
          const p = s[sp + 2];
          const count = s[sp + 3];
          const at = ins.rtl ? p - 1 : p;
          if (at < 0 || at >= this.length || !ins.test(this.input.charCodeAt(at))) continue;
          const next = ins.rtl ? p - 1 : p + 1;
          if (count + 1 < ins.max) {
            s[sp + 2] = next;
            s[sp + 3] = count + 1;
            this.sp += FRAME_SIZE;
          }
          this.resumePos = next;
          return pc + 1;
        }
        default:
          continue;
      }
    }
  }
}
