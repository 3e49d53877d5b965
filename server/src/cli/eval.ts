/**
 * `scim-mapper eval '<expression>'`: evaluates one Entra expression against a sample user and prints
 * the value as one line of JSON (a string as "…", null as null, several values as an array).
 */
import { DEFAULT_REQUEST_STEP_BUDGET, runWithRegexBudget } from '../service/regex';
import { computeIsSoftDeleted, emptySample, sampleEnvironment, setSampleAttribute } from '../service/dryrun';
import { evaluateText, valueToJson } from '../service/evaluate/evaluate';
import type { LanguageService } from '../service/languageService';
import { checkExpression } from '../service/verdict';
import { parseArgs, single, UsageError } from './args';
import type { CliIo } from './io';
import { clockOption, readOneUser, seedOption, takenOption } from './samples';

export const EVAL_USAGE = `Usage: scim-mapper eval '<expression>' [--user FILE] [--set name=value]... [options]

Evaluates an Entra attribute-mapping expression and prints the value as one line of JSON.
  --user FILE          a sample user (JSON in Entra or Microsoft Graph shape, or a one-row CSV)
  --set name=value     set an attribute (repeatable; overrides --user). Boolean attributes take
                       true/false, multi-valued ones a JSON array or values separated by ";";
                       IsSoftDeleted, assigned, softDeleted and deleted set the facts IsSoftDeleted
                       is computed from (scope is not evaluated: the user counts as in scope)
  --now ISO            fix the clock for Now() and dates (default: the real clock)
  --seed N             make Guid() and RandomString() repeatable
  --taken FILE|V1,V2   values already taken, for SelectUniqueValue (repeatable)
The expression is checked first, as \`check\` checks it in a mapping; its findings go to stderr and
an error stops the evaluation.
Exit status: 0 a value, 1 a check error or an evaluation error (on stderr, with its position),
2 bad usage.`;

/** The expression with a caret line under characters start…end. */
function caret(expression: string, start: number, end: number): string {
  const width = Math.max(1, end - start);
  return `  ${expression}\n  ${' '.repeat(start)}${'^'.repeat(Math.min(width, Math.max(1, expression.length - start)))}\n`;
}

export function runEval(argv: string[], io: CliIo, service: LanguageService): number {
  const args = parseArgs(argv, ['user', 'set', 'now', 'seed', 'taken'], ['help']);
  if (args.booleans.has('help')) {
    io.out(EVAL_USAGE + '\n');
    return 0;
  }
  if (args.positional.length !== 1)
    throw new UsageError(args.positional.length === 0 ? 'eval needs an expression.' : 'eval takes one expression; quote it.');
  const expression = args.positional[0];
  const clock = clockOption(args);
  const seed = seedOption(args);
  const takenValues = takenOption(args);

  let sample = emptySample('user');
  const userFile = single(args, 'user');
  if (userFile !== undefined) {
    const user = readOneUser(io, userFile, service.catalog, 'eval');
    if (!user) return 2;
    sample = user;
  }
  for (const assignment of args.flags.get('set') ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set takes name=value, not "${assignment}".`);
    try {
      setSampleAttribute(sample, assignment.slice(0, eq).trim(), assignment.slice(eq + 1), service.catalog);
    } catch (error) {
      throw new UsageError(`--set ${assignment}: ${(error as Error).message}`);
    }
  }

  // The same verdict as `check` on this expression first: what it rejects is not evaluated.
  let rejected = false;
  for (const finding of checkExpression(service, expression)) {
    if (finding.severity === 'error') rejected = true;
    const what = finding.code === 'expr-syntax' ? 'syntax error' : finding.severity;
    io.err(`scim-mapper: ${what} at character ${finding.start + 1}: ${finding.message} (${finding.code})\n`);
    io.err(caret(expression, finding.start, finding.end));
  }
  if (rejected) return 1;

  const isSoftDeleted = computeIsSoftDeleted(sample, undefined, sample.attributes.accountEnabled);
  const env = sampleEnvironment(sample, isSoftDeleted.value, { clock, seed, takenValues });
  // One evaluation, one regex budget (see service/regex/budget.ts).
  const result = runWithRegexBudget(DEFAULT_REQUEST_STEP_BUDGET, () => evaluateText(expression, env, service.catalog));
  if (result.kind === 'error') {
    const { start, end, message } = result.error;
    io.err(
      `scim-mapper: ${result.error.reason === 'syntax' ? 'syntax error' : 'evaluation error'} at character ${start + 1}: ${message}\n`,
    );
    io.err(caret(expression, start, end));
    return 1;
  }
  if (result.kind === 'ignore') {
    io.out('null\n');
    io.err('scim-mapper: IgnoreFlowIfNullOrEmpty: the value is null or empty, so Entra leaves the attribute out.\n');
    return 0;
  }
  io.out(JSON.stringify(valueToJson(result.value)) + '\n');
  return 0;
}
