/**
 * `value-conflict`: two objects that would hold the same value of an attribute AWS IAM Identity
 * Center keeps unique (users: userName case-insensitively, an email value, externalId; groups:
 * displayName, externalId). AWS answers the second create with 409 "Refused to create a new,
 * duplicate resource." (failure-modes.md), so the dry run reports it on every object after the
 * first owner, naming the owner.
 *
 * The index must hold every distinct value of a whole-tenant batch (a million users, three values
 * each) in bounded memory, so it keeps no strings: a 64-bit hash of each value in typed arrays, and
 * the owner's label in a compact character arena. Two different values share a 64-bit hash with a
 * probability of about 1 in 10^13 for a million users × three values, far below any other source of error.
 */
import type { ObjectKind } from '../catalog/types';
import { UNIQUE_ATTRIBUTES } from '../aws/constraints';
import type { DryRunProblem, DryRunResult, ExistingObject, JsonValue, SourceLocation } from './types';
import { DRY_RUN_CODES } from './codes';

/** A value an object holds for one of the unique attributes. */
export interface UniqueValue {
  attribute: string;
  value: string;
  ignoreCase: boolean;
}

/** What the index needs of a result: who it is, where it was read, what it holds. */
export interface ConflictSubject {
  object: ObjectKind;
  label: string;
  location?: SourceLocation;
  action: DryRunResult['action'];
  existingId?: string;
  unique: UniqueValue[];
}

export const VALUE_CONFLICT = DRY_RUN_CODES.valueConflict;

/** The unique attributes AWS enforces, per object kind (their one home is aws/constraints.ts). */
const UNIQUE = UNIQUE_ATTRIBUTES;

/** Which unique attribute a mapping target writes (emails[type eq "work"].value → emails). */
function uniqueAttributeOf(object: ObjectKind, target: string): { name: string; ignoreCase: boolean } | undefined {
  const head = /^[A-Za-z]+/.exec(target)?.[0] ?? '';
  for (const u of UNIQUE[object]) {
    if (u.name === 'emails' ? head.toLowerCase() === 'emails' : target === u.name) return u;
  }
  return undefined;
}

/** The values an object holds in AWS after the run, for the unique attributes. */
export function uniqueValuesOfResult(result: DryRunResult): UniqueValue[] {
  // A create sends every value; an update (or an object left as it is) holds the mapped values.
  const holds =
    result.action === 'create' || result.action === 'update' || (result.action === 'none' && result.existingId !== undefined);
  if (!holds) return [];
  const out: Array<{ attribute: string; value: string; ignoreCase: boolean }> = [];
  for (const trace of result.attributes) {
    if (trace.status !== 'set' && trace.status !== 'default') continue;
    const unique = uniqueAttributeOf(result.object, trace.target);
    if (!unique) continue;
    for (const value of stringsOf(trace.value)) out.push({ attribute: unique.name, value, ignoreCase: unique.ignoreCase });
  }
  return out;
}

function stringsOf(value: JsonValue): string[] {
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  if (Array.isArray(value))
    return value.flatMap((v) =>
      typeof v === 'string' && v.length > 0
        ? [v]
        : v && typeof v === 'object' && !Array.isArray(v) && typeof v.value === 'string'
          ? [v.value]
          : [],
    );
  return [];
}

/** The values an existing AWS object holds (from --existing). */
function uniqueValuesOfExisting(existing: ExistingObject): Array<{ attribute: string; value: string; ignoreCase: boolean }> {
  const out: Array<{ attribute: string; value: string; ignoreCase: boolean }> = [];
  for (const u of UNIQUE[existing.object]) {
    for (const value of stringsOf(existing.body[u.name] ?? null))
      out.push({ attribute: u.name, value, ignoreCase: u.ignoreCase });
  }
  return out;
}

/** Grows on demand; keeps UTF-16 code units of many short strings without one string object each. */
class LabelArena {
  private chars = new Uint16Array(1 << 16);
  private starts = new Uint32Array(1 << 10);
  private count = 0;
  private used = 0;

  add(label: string): number {
    while (this.used + label.length > this.chars.length) this.chars = grow(this.chars, this.chars.length * 2);
    if (this.count + 1 >= this.starts.length) this.starts = grow(this.starts, this.starts.length * 2);
    for (let i = 0; i < label.length; i++) this.chars[this.used + i] = label.charCodeAt(i);
    this.starts[this.count] = this.used;
    this.used += label.length;
    this.starts[this.count + 1] = this.used;
    return this.count++;
  }

  get(id: number): string {
    let out = '';
    const end = this.starts[id + 1];
    for (let i = this.starts[id]; i < end; i += 4096)
      out += String.fromCharCode(...this.chars.subarray(i, Math.min(end, i + 4096)));
    return out;
  }
}

function grow<T extends Uint16Array | Uint32Array>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

/**
 * An open-addressing set of 64-bit hashes, each with the id of its owner (linear probing, resized
 * at a load of three quarters). 12 bytes per slot: 16 to 32 bytes per distinct value.
 */
class HashOwners {
  private lo = new Uint32Array(1 << 12);
  private hi = new Uint32Array(1 << 12);
  /** Owner + 1 for batch owners (>= 0), the owner itself for existing ones (< 0); 0 marks an empty slot. */
  private owner = new Int32Array(1 << 12);
  private size = 0;

  /** The owner of the hash, or claims it for `owner` and returns undefined. */
  claim(lo: number, hi: number, owner: number): number | undefined {
    if (this.size * 4 >= this.owner.length * 3) this.resize();
    const mask = this.owner.length - 1;
    for (let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const o = this.owner[slot];
      if (o === 0) {
        this.lo[slot] = lo;
        this.hi[slot] = hi;
        this.owner[slot] = owner >= 0 ? owner + 1 : owner;
        this.size++;
        return undefined;
      }
      if (this.lo[slot] === lo && this.hi[slot] === hi) return o > 0 ? o - 1 : o;
    }
  }

  private resize(): void {
    const { lo, hi, owner } = this;
    this.lo = new Uint32Array(lo.length * 2);
    this.hi = new Uint32Array(lo.length * 2);
    this.owner = new Int32Array(lo.length * 2);
    this.size = 0;
    for (let i = 0; i < owner.length; i++) if (owner[i] !== 0) this.claim(lo[i], hi[i], owner[i] > 0 ? owner[i] - 1 : owner[i]);
  }
}

/** The last hash64 result (two numbers without an array per value). */
let hashLo = 0;
let hashHi = 0;

/** Two independent 32-bit hashes (FNV-1a and a multiply-xorshift) of `kind attribute value`, in hashLo and hashHi. */
function hash64(object: string, attribute: string, value: string, ignoreCase: boolean): void {
  let a = 0x811c9dc5;
  let b = 0x27d4eb2f;
  for (let p = 0; p < 3; p++) {
    const text = p === 0 ? object : p === 1 ? attribute : ignoreCase ? value.toLowerCase() : value;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x85ebca6b);
      b ^= b >>> 13;
    }
    a = Math.imul(a ^ 0xffff, 0x01000193);
    b = Math.imul(b ^ 0xffff, 0xc2b2ae35);
  }
  b ^= b >>> 16;
  hashLo = a >>> 0;
  hashHi = b >>> 0;
}

/**
 * Tracks who owns each unique value over a batch, in input order. `check` adds a `value-conflict`
 * problem to a result whose values an earlier object (or an existing AWS object) already holds.
 */
export class ValueConflictIndex {
  private readonly hashes = new HashOwners();
  /** Batch owners: their labels, and where they were read (line, and the file by number). */
  private readonly labels = new LabelArena();
  private lines = new Uint32Array(1 << 10);
  private fileIds = new Uint16Array(1 << 10);
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  /** Existing AWS objects as owners (few compared with the batch): ids from -1 down. */
  private readonly existingOwners: Array<{ label: string; id: string }> = [];

  constructor(existing: readonly ExistingObject[] = []) {
    for (const object of existing) {
      const id = typeof object.body.id === 'string' ? object.body.id : '';
      const name =
        typeof object.body.userName === 'string'
          ? object.body.userName
          : typeof object.body.displayName === 'string'
            ? object.body.displayName
            : id;
      const values = uniqueValuesOfExisting(object);
      if (values.length === 0) continue;
      this.existingOwners.push({ label: `the existing AWS ${object.object} ${JSON.stringify(name)} (id ${id})`, id });
      const owner = -this.existingOwners.length;
      for (const { attribute, value, ignoreCase } of values) {
        hash64(object.object, attribute, value, ignoreCase);
        this.hashes.claim(hashLo, hashHi, owner);
      }
    }
  }

  private newOwner(result: ConflictSubject): number {
    const id = this.labels.add(result.label);
    if (id >= this.lines.length) {
      this.lines = grow(this.lines, this.lines.length * 2);
      this.fileIds = grow(this.fileIds, this.fileIds.length * 2);
    }
    const location = result.location;
    this.lines[id] = location?.line ?? 0;
    let file = 0;
    if (location?.file !== undefined) {
      file = this.fileIndex.get(location.file) ?? 0;
      if (file === 0 && this.files.length < 0xfffe) {
        this.files.push(location.file);
        file = this.files.length;
        this.fileIndex.set(location.file, file);
      }
    }
    this.fileIds[id] = file;
    return id;
  }

  private describe(object: ObjectKind, owner: number): string {
    if (owner < 0) return this.existingOwners[-owner - 1].label;
    const line = this.lines[owner];
    const file = this.fileIds[owner];
    const where = line > 0 ? ` (${file > 0 ? `${this.files[file - 1]}:` : 'line '}${line})` : '';
    return `${object} ${JSON.stringify(this.labels.get(owner))}${where}`;
  }

  /** Claims the subject's values; the problems for each value another object already holds. */
  conflicts(subject: ConflictSubject): DryRunProblem[] {
    const problems: DryRunProblem[] = [];
    let ownerId: number | undefined;
    for (const { attribute, value, ignoreCase } of subject.unique) {
      ownerId ??= this.newOwner(subject);
      hash64(subject.object, attribute, value, ignoreCase);
      const owner = this.hashes.claim(hashLo, hashHi, ownerId);
      if (owner === undefined || owner === ownerId) continue;
      if (owner < 0 && this.existingOwners[-owner - 1].id === subject.existingId) continue; // the object itself
      const how = ignoreCase ? ' (AWS compares it case-insensitively)' : '';
      const verb =
        subject.action === 'create'
          ? 'AWS refuses the create with 409 "Refused to create a new, duplicate resource."'
          : 'AWS refuses the change with 409 (uniqueness).';
      problems.push({
        code: VALUE_CONFLICT,
        severity: 'error',
        target: attribute,
        message: `${JSON.stringify(value)} in ${attribute} is already held by ${this.describe(subject.object, owner)}; AWS IAM Identity Center keeps ${attribute} unique${how}, so ${verb}`,
      });
    }
    return problems;
  }

  /** Claims the result's values and adds a problem for each value another object already holds. */
  check(result: DryRunResult): number {
    const unique = uniqueValuesOfResult(result);
    if (unique.length === 0) return 0;
    const problems = this.conflicts({
      object: result.object,
      label: result.sample.label,
      location: result.sample.location,
      action: result.action,
      existingId: result.existingId,
      unique,
    });
    result.problems.push(...problems);
    return problems.length;
  }
}
