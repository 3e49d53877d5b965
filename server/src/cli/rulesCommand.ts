/**
 * `scim-mapper rules [CODE]`: every code a front end can report (the rules, then the codes only the
 * dry run reports) with its default severity, or one code explained.
 */
import { DRY_RUN_CODE_TABLE, type DryRunCode, type DryRunCodeInfo } from '../service/dryrun/codes';
import { RULES, RULES_BY_CODE } from '../service/rules';
import { parseArgs, UsageError } from './args';
import type { CliIo } from './io';
import { rulesHelpUri } from './packageInfo';
import { RULE_EXPLANATIONS } from './ruleExplanations';

export const RULES_USAGE = `Usage: scim-mapper rules [CODE] [--format text|json]

Lists every rule with its default severity and what it checks, then the codes only the dry run
reports, or explains one code: its default severity, what triggers it, an example and the fix.
Rule severities can be changed with --rule CODE=LEVEL, the "rules" of .scim-mapper.json or the
scimMapper.rules.* settings; a dry-run code's severity says what AWS or Entra does, and is fixed.`;

type ReportedBy = 'check' | 'dry-run';

interface CodeDescription {
  code: string;
  defaultSeverity: string;
  description: string;
  example: string | undefined;
  fix: string | undefined;
  helpUri: string;
  /** Which front ends report the code: check (and the editor, eval, convert) and/or the dry run. */
  reportedBy: ReportedBy[];
  /** What the dry run reports it for, when it does. */
  dryRun?: string;
  /** The dry run's other severities for it, where the case decides. */
  dryRunSeverities?: string[];
}

const DRY_RUN_INFO: ReadonlyMap<string, DryRunCodeInfo> = new Map(
  Object.entries(DRY_RUN_CODE_TABLE) as Array<[DryRunCode, DryRunCodeInfo]>,
);

/** The codes only the dry run reports, in the table's order. */
const DRY_RUN_ONLY = [...DRY_RUN_INFO.keys()].filter((code) => !RULES_BY_CODE.has(code));

/** Every code `rules` knows: the rules in their order, then the dry run's own. */
function reportableCodes(): string[] {
  return [...RULES.map((rule) => rule.code), ...DRY_RUN_ONLY];
}

function describe(code: string): CodeDescription {
  const rule = RULES_BY_CODE.get(code);
  const dryRun = DRY_RUN_INFO.get(code);
  const explanation = RULE_EXPLANATIONS[code];
  const info: CodeDescription = {
    code,
    defaultSeverity: rule?.defaultSeverity ?? dryRun!.severity,
    description: rule?.description ?? dryRun!.description,
    example: explanation?.example,
    fix: explanation?.fix,
    helpUri: rulesHelpUri(),
    reportedBy: [...(rule ? ['check' as const] : []), ...(dryRun ? ['dry-run' as const] : [])],
  };
  if (dryRun) {
    info.dryRun = dryRun.description;
    info.dryRunSeverities = [dryRun.severity, ...(dryRun.lower ?? [])];
  }
  return info;
}

export function runRules(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, ['format'], []);
  if (args.booleans.has('help')) {
    io.out(RULES_USAGE + '\n');
    return 0;
  }
  const format = args.flags.get('format')?.[0] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}".`);
  if (args.positional.length > 1) throw new UsageError('rules takes at most one code.');
  const code = args.positional[0];
  if (code === undefined) {
    const all = reportableCodes().map(describe);
    if (format === 'json') {
      io.out(JSON.stringify(all, null, 2) + '\n');
      return 0;
    }
    const width = Math.max(...all.map((info) => info.code.length));
    const line = (info: CodeDescription) =>
      `${info.code.padEnd(width)}  ${info.defaultSeverity.padEnd(11)}  ${info.description}\n`;
    for (const info of all.slice(0, RULES.length)) io.out(line(info));
    io.out('\nReported only by the dry run, for a sample (the severity says what AWS or Entra does; not a setting):\n\n');
    for (const info of all.slice(RULES.length)) io.out(line(info));
    io.out(`\n${RULES.length} rules and ${DRY_RUN_ONLY.length} dry-run codes. "scim-mapper rules CODE" explains one.\n`);
    return 0;
  }
  if (!RULES_BY_CODE.has(code) && !DRY_RUN_INFO.has(code))
    throw new UsageError(`Unknown code "${code}". "scim-mapper rules" lists them.`);
  const info = describe(code);
  if (format === 'json') {
    io.out(JSON.stringify(info, null, 2) + '\n');
    return 0;
  }
  const severities = info.dryRunSeverities?.join(' or ');
  const dryRun = !info.dryRun
    ? ''
    : info.reportedBy.includes('check')
      ? `\n\nThe dry run reports it too (${severities}), for a sample: ${info.dryRun}`
      : `\n\nReported by the dry run, for a sample (${severities}; not a setting).`;
  io.out(
    `${info.code} (default: ${info.defaultSeverity})\n\n${info.description}${dryRun}\n\nExample: ${info.example ?? '-'}\nFix: ${info.fix ?? '-'}\nMore: ${info.helpUri}\n`,
  );
  return 0;
}
