/**
 * Groups explained log entries by cause and location, and writes the text report's lines. Keeps
 * counts and a few example objects per group, not the entries, so a summary of any number of
 * entries takes the same memory.
 */
import type { Explanation, LogLocation } from './types';

export interface LogGroup {
  key: string;
  /** `required-missing name.familyName ← [surname] (app.mapping.jsonc:11)`. */
  headline: string;
  audience: string;
  /** null for unexplained entries. */
  causeCode: string | null;
  location: LogLocation | null;
  count: number;
  /** The first few objects, for examples. */
  examples: string[];
  /** The first entry's cause message and fix. */
  message: string | null;
  fix: string | null;
}

const EXAMPLES = 3;

export class LogSummary {
  private readonly byKey = new Map<string, LogGroup>();
  failures = 0;
  successes = 0;

  add(explanation: Explanation): void {
    const { entry, detail } = explanation;
    if (entry.status === 'success') {
      this.successes++;
      return;
    }
    this.failures++;
    let group = this.byKey.get(detail.groupKey);
    if (!group) {
      group = {
        key: detail.groupKey,
        headline: detail.headline,
        audience: detail.audience,
        causeCode: entry.cause?.code ?? null,
        location: entry.location,
        count: 0,
        examples: [],
        message: entry.cause?.message ?? entry.reason,
        fix: entry.cause?.fix ?? null,
      };
      this.byKey.set(detail.groupKey, group);
    }
    group.count++;
    if (group.examples.length < EXAMPLES && entry.object && !group.examples.includes(entry.object))
      group.examples.push(entry.object);
  }

  /** Largest first; ties in order of first appearance. */
  groups(): LogGroup[] {
    return [...this.byKey.values()].sort((a, b) => b.count - a.count);
  }

  /** `412 failures: 300 × required-missing name.familyName ← [surname] (app.mapping.jsonc:11) — users without a surname; …` */
  headline(): string {
    const groups = this.groups();
    const noun = this.failures === 1 ? 'failure' : 'failures';
    if (groups.length === 0) return `${this.failures} ${noun}.`;
    return `${this.failures} ${noun}: ${groups.map((g) => `${g.count} × ${g.headline}${g.audience ? ` — ${g.audience}` : ''}`).join('; ')}`;
  }
}

/** One entry for people: when, what, who, and why. */
export function entryLines(explanation: Explanation): string[] {
  const { entry, detail } = explanation;
  const head = `${entry.activityDateTime || '(no time)'}  ${entry.action || '?'}  ${entry.status}  ${entry.object || entry.id}`;
  if (entry.status === 'success') return [head];
  const lines = [`${head}  ${detail.headline}`];
  if (entry.cause) {
    lines.push(`    ${entry.cause.message}`);
    lines.push(`    fix: ${entry.cause.fix}`);
  } else {
    lines.push(
      `    unexplained: ${entry.errorCode ?? 'no error code'}${entry.reason ? ` — ${entry.reason.replace(/\s+/g, ' ').trim()}` : ''}`,
    );
  }
  return lines;
}
