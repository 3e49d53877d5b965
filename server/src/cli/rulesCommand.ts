/** `scim-mapper rules [CODE]`: every rule with its default severity, or one rule explained. */
import { RULES, RULES_BY_CODE } from '../service/rules';
import { parseArgs, UsageError } from './args';
import type { CliIo } from './io';
import { rulesHelpUri } from './packageInfo';
import { RULE_EXPLANATIONS } from './ruleExplanations';

export const RULES_USAGE = `Usage: scim-mapper rules [CODE] [--format text|json]

Lists every rule with its default severity and what it checks, or explains one rule: its default
severity, what triggers it, an example and the fix. Severities can be changed with --rule
CODE=LEVEL, the "rules" of .scim-mapper.json or the scimMapper.rules.* settings.`;

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
  const describe = (ruleCode: string) => {
    const rule = RULES_BY_CODE.get(ruleCode)!;
    const explanation = RULE_EXPLANATIONS[ruleCode];
    return {
      code: rule.code,
      defaultSeverity: rule.defaultSeverity,
      description: rule.description,
      example: explanation?.example,
      fix: explanation?.fix,
      helpUri: rulesHelpUri(),
    };
  };
  if (code === undefined) {
    if (format === 'json') {
      io.out(
        JSON.stringify(
          RULES.map((r) => describe(r.code)),
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const width = Math.max(...RULES.map((r) => r.code.length));
    for (const rule of RULES) io.out(`${rule.code.padEnd(width)}  ${rule.defaultSeverity.padEnd(11)}  ${rule.description}\n`);
    io.out(`\n${RULES.length} rules. "scim-mapper rules CODE" explains one.\n`);
    return 0;
  }
  if (!RULES_BY_CODE.has(code)) throw new UsageError(`Unknown rule "${code}". "scim-mapper rules" lists them.`);
  const info = describe(code);
  if (format === 'json') {
    io.out(JSON.stringify(info, null, 2) + '\n');
    return 0;
  }
  io.out(
    `${info.code} (default: ${info.defaultSeverity})\n\n${info.description}\n\nExample: ${info.example ?? '-'}\nFix: ${info.fix ?? '-'}\nMore: ${info.helpUri}\n`,
  );
  return 0;
}
