/**
 * What an update changes, attribute by attribute: the value AWS holds now (`current`) beside the
 * value Entra computes, and the values Entra leaves stale. Entra never sends a null or a remove
 * operation to AWS, so when a mapped attribute becomes empty in Entra the old value stays in AWS
 * (aws/failure-modes.md §5; the catalog's `stale-values` failure mode holds the statements).
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { Severity } from '../rules/types';
import { existingValueAt, type TargetLocation } from './payload';
import type { AttributeTrace, JsonObject, JsonValue } from './types';
import { DRY_RUN_CODES, type DryRunCode } from './codes';

/** The value as a report shows it: a reference (`{ "value": id }`) as its id. */
function plainValue(value: JsonValue | undefined): JsonValue {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'value' in value)
    return (value as JsonObject).value ?? null;
  return value;
}

function holdsValue(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Sets `current` on every attribute of an update and reports `stale-value` for each attribute
 * whose new value is null or left out while AWS holds one. `locate` gives a trace's place in a
 * SCIM object (undefined when the target cannot be placed).
 */
export function reviewUpdate(
  existing: JsonObject,
  attributes: AttributeTrace[],
  locate: (trace: AttributeTrace) => TargetLocation | undefined,
  catalog: CatalogIndex,
  report: (code: DryRunCode, severity: Severity, trace: AttributeTrace, message: string) => void,
): void {
  let quotes: string | undefined;
  for (let i = 0; i < attributes.length; i++) {
    const location = locate(attributes[i]);
    const current = location ? plainValue(existingValueAt(existing, location)) : null;
    // A new object with `current` right after `value`, so that JSON reads old and new side by side.
    const { target, source, value, ...rest } = attributes[i];
    const trace: AttributeTrace = { target, source, value, current, ...rest };
    attributes[i] = trace;
    if (location?.kind === 'members') continue;
    if (trace.status !== 'skipped-null' && trace.status !== 'ignored') continue;
    if (!holdsValue(current)) continue;
    const why = trace.status === 'ignored' ? 'IgnoreFlowIfNullOrEmpty leaves it out' : `${trace.source ?? 'its source'} is null`;
    trace.note = `${trace.note ?? ''} AWS keeps ${JSON.stringify(current)}.`.trim();
    quotes ??= catalog.failureModeQuotes('stale-values');
    report(
      DRY_RUN_CODES.staleValue,
      'warning',
      trace,
      `"${trace.target}" has no value in Entra any more (${why}), but AWS holds ${JSON.stringify(current)}: Entra does not clear values in AWS, so the old value stays, and anything that reads it (ABAC session tags, app authorization) still sees it. Clear it in AWS yourself if it must go.${quotes ? ` ${quotes}` : ''}`,
    );
  }
}
