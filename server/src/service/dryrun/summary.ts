/** Counts for the end of a batch dry run; add results one by one as they stream. */
import type { DryRunResult, DryRunSummary } from './types';

export function emptySummary(): DryRunSummary {
  return {
    objects: 0,
    inScope: 0,
    outOfScope: 0,
    scopeUndetermined: 0,
    actions: { create: 0, update: 0, disable: 0, delete: 0, none: 0 },
    wouldFail: 0,
    invalidInput: 0,
    problemsByCode: {},
  };
}

export function addToSummary(summary: DryRunSummary, result: DryRunResult): void {
  summary.objects++;
  if (result.inScope === true) summary.inScope++;
  else if (result.inScope === false) summary.outOfScope++;
  else summary.scopeUndetermined++;
  summary.actions[result.action]++;
  if (result.problems.some((p) => p.severity === 'error')) summary.wouldFail++;
  for (const problem of result.problems) summary.problemsByCode[problem.code] = (summary.problemsByCode[problem.code] ?? 0) + 1;
}
