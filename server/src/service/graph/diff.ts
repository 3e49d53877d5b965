/**
 * What a schema change means for provisioning, by object and target attribute: mappings added,
 * removed or changed (source, matching, apply, default), scoping filters and clauses added or
 * removed, objects enabled or disabled, and the JSON paths of everything else that changed (ids,
 * directories, settings a mapping file does not show). `push` prints it before a PUT.
 */
import type { ObjectKind } from '../catalog/types';
import type { LanguageService } from '../languageService';
import { convertGraphToMapping } from './convert';
import type { FilterEntry, MappingEntry, ObjectSection } from './toMapping';

export interface MappingChange {
  object: ObjectKind;
  target: string;
  kind: 'added' | 'removed' | 'changed';
  /** For changes: the fields that differ, as "field: old → new". */
  details: string[];
  before?: MappingEntry;
  after?: MappingEntry;
}

export interface ScopeChange {
  object: ObjectKind;
  kind: 'added' | 'removed';
  /** A readable clause: attribute OPERATOR "value" (in filter "name" / number). */
  clause: string;
}

export interface SchemaDiff {
  mappings: MappingChange[];
  scope: ScopeChange[];
  /** "user: enabled true → false", "group object mapping added", … */
  objects: string[];
  /** JSON paths that differ outside what the lines above describe (at most `MAX_OTHER`). */
  other: string[];
  otherCount: number;
  /** Whether the two schemas are the same (ignoring `version` and `@` annotations). */
  identical: boolean;
}

const MAX_OTHER = 12;
/** What Graph maintains itself or only the transport adds: never a change of ours. */
const IGNORED_KEYS = new Set(['version']);

function sectionsOf(service: LanguageService, schema: unknown, name: string): ObjectSection[] {
  return convertGraphToMapping(service, `untitled:${name}.synchronization.json`, JSON.stringify(schema, null, 2)).sections;
}

function describeMapping(entry: MappingEntry): string {
  const parts = [entry.source];
  if (entry.matchingPrecedence !== undefined) parts.push(`matching ${entry.matchingPrecedence}`);
  if (entry.apply === 'on-create') parts.push('on create only');
  if (entry.default !== undefined) parts.push(`default ${JSON.stringify(entry.default)}`);
  return parts.join(', ');
}

function fieldChanges(before: MappingEntry, after: MappingEntry): string[] {
  const out: string[] = [];
  const show = (v: unknown): string => (v === undefined ? 'none' : typeof v === 'string' ? JSON.stringify(v) : String(v));
  if (before.source !== after.source) out.push(`source ${before.source} → ${after.source}`);
  if (before.matchingPrecedence !== after.matchingPrecedence)
    out.push(`matching ${show(before.matchingPrecedence)} → ${show(after.matchingPrecedence)}`);
  if ((before.apply ?? 'always') !== (after.apply ?? 'always'))
    out.push(`apply ${before.apply ?? 'always'} → ${after.apply ?? 'always'}`);
  if (before.default !== after.default) out.push(`default ${show(before.default)} → ${show(after.default)}`);
  return out;
}

function clauseTexts(filters: ObjectSection['scope']): string[] {
  if (!Array.isArray(filters)) return [];
  return filters.flatMap((filter: FilterEntry, i) =>
    filter.clauses.map(
      (c) =>
        `${c.attribute} ${c.operator}${c.value !== undefined ? ` ${JSON.stringify(c.value)}` : ''} (filter ${filter.name !== undefined ? JSON.stringify(filter.name) : i + 1})`,
    ),
  );
}

function jsonPaths(a: unknown, b: unknown, path: string, out: string[], limit: number): number {
  if (JSON.stringify(a) === JSON.stringify(b)) return 0;
  const objectLike = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';
  if (!objectLike(a) || !objectLike(b) || Array.isArray(a) !== Array.isArray(b)) {
    if (out.length < limit) out.push(path || '(the whole schema)');
    return 1;
  }
  let count = 0;
  const keys = Array.isArray(a)
    ? [...Array(Math.max(a.length, (b as unknown as unknown[]).length)).keys()].map(String)
    : [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    if (!path && (IGNORED_KEYS.has(key) || key.startsWith('@'))) continue;
    const label = /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    count += jsonPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], label, out, limit);
  }
  return count;
}

/** Paths the mapping-level lines already cover. */
function coveredByMappingView(path: string): boolean {
  return /\.attributeMappings\b|\.scope\b|\.enabled$/.test(path);
}

export function diffSchemas(service: LanguageService, before: unknown, after: unknown): SchemaDiff {
  const oldSections = sectionsOf(service, before, 'before');
  const newSections = sectionsOf(service, after, 'after');
  const diff: SchemaDiff = { mappings: [], scope: [], objects: [], other: [], otherCount: 0, identical: false };
  for (const object of ['user', 'group'] as const) {
    const a = oldSections.find((s) => s.object === object);
    const b = newSections.find((s) => s.object === object);
    if (!a && !b) continue;
    if (!a) diff.objects.push(`${object} object mapping added`);
    if (!b) diff.objects.push(`${object} object mapping removed`);
    if (a && b && (a.enabled ?? true) !== (b.enabled ?? true))
      diff.objects.push(`${object}: enabled ${a.enabled ?? true} → ${b.enabled ?? true}`);
    const oldByTarget = new Map((a?.mappings ?? []).map((m) => [m.target, m]));
    const newByTarget = new Map((b?.mappings ?? []).map((m) => [m.target, m]));
    for (const [target, entry] of newByTarget) {
      const old = oldByTarget.get(target);
      if (!old) diff.mappings.push({ object, target, kind: 'added', details: [describeMapping(entry)], after: entry });
      else {
        const details = fieldChanges(old, entry);
        if (details.length > 0) diff.mappings.push({ object, target, kind: 'changed', details, before: old, after: entry });
      }
    }
    for (const [target, entry] of oldByTarget) {
      if (!newByTarget.has(target))
        diff.mappings.push({ object, target, kind: 'removed', details: [describeMapping(entry)], before: entry });
    }
    const oldClauses = clauseTexts(a?.scope);
    const newClauses = clauseTexts(b?.scope);
    for (const clause of newClauses) if (!oldClauses.includes(clause)) diff.scope.push({ object, kind: 'added', clause });
    for (const clause of oldClauses) if (!newClauses.includes(clause)) diff.scope.push({ object, kind: 'removed', clause });
  }
  const paths: string[] = [];
  const all = jsonPaths(before, after, '', paths, 10_000);
  diff.identical = all === 0;
  const other = paths.filter((p) => !coveredByMappingView(p));
  diff.otherCount = other.length;
  diff.other = other.slice(0, MAX_OTHER);
  return diff;
}

/** The diff as lines for people (no colour). */
export function formatSchemaDiff(diff: SchemaDiff): string[] {
  if (diff.identical) return ['No changes.'];
  const lines: string[] = [];
  for (const line of diff.objects) lines.push(`  ${line}`);
  for (const object of ['user', 'group'] as const) {
    const mappings = diff.mappings.filter((m) => m.object === object);
    const scope = diff.scope.filter((s) => s.object === object);
    if (mappings.length === 0 && scope.length === 0) continue;
    lines.push(`  ${object}:`);
    for (const change of mappings) {
      const sign = change.kind === 'added' ? '+' : change.kind === 'removed' ? '-' : '~';
      lines.push(
        `    ${sign} ${change.target}: ${change.kind === 'changed' ? change.details.join('; ') : `${change.kind} (${change.details.join('')})`}`,
      );
    }
    for (const change of scope) lines.push(`    ${change.kind === 'added' ? '+' : '-'} scope clause ${change.clause}`);
  }
  if (diff.otherCount > 0) {
    lines.push(`  other changes in the schema JSON (${diff.otherCount}):`);
    for (const path of diff.other) lines.push(`    ~ ${path}`);
    if (diff.otherCount > diff.other.length) lines.push(`    … and ${diff.otherCount - diff.other.length} more`);
  }
  if (lines.length === 0) lines.push('  (only the order of entries changed)');
  return lines;
}
