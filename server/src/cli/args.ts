/**
 * The CLI's argument layer, on Node's own `util.parseArgs`: positional arguments, `--flag value`,
 * `--flag=value`, short options (`-o FILE`, `-h`), repeatable flags and `--` (everything after it is
 * positional). Every command declares its options in one call, so a new command (pull, push, logs…)
 * only lists its flags; `-h`/`--help` is accepted by every command.
 */
import { parseArgs as nodeParseArgs } from 'node:util';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
  booleans: Set<string>;
}

export class UsageError extends Error {}

/** Short aliases shared by every command; a command may add its own (`{ o: 'output' }`). */
const COMMON_SHORTS: Readonly<Record<string, string>> = { h: 'help' };

export function parseArgs(
  argv: string[],
  valueFlags: readonly string[],
  booleanFlags: readonly string[],
  shorts: Readonly<Record<string, string>> = {},
): ParsedArgs {
  type Option = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };
  const options: Record<string, Option> = {};
  for (const name of valueFlags) options[name] = { type: 'string', multiple: true };
  for (const name of [...booleanFlags, 'help']) options[name] = { type: 'boolean' };
  for (const [short, long] of Object.entries({ ...COMMON_SHORTS, ...shorts })) {
    if (options[long]) options[long].short = short;
  }
  // A dash not followed by a letter is a value, not an option: an expression (`eval '-1'`), a
  // negative number (`--seed -1`). util.parseArgs would read it as a short option; it sees a
  // stand-in instead, mapped back below.
  const kept = new Map<string, string>();
  const args = argv.map((arg, i) => {
    if (!/^-[^-A-Za-z]/.test(arg)) return arg;
    const stand = `\u0000${i}`;
    kept.set(stand, arg);
    return stand;
  });
  const back = (value: string): string => kept.get(value) ?? value;
  let parsed;
  try {
    parsed = nodeParseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }));
  }
  const flags = new Map<string, string[]>();
  const booleans = new Set<string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === undefined) continue;
    if (Array.isArray(value))
      flags.set(
        name,
        value.map((v) => back(String(v))),
      );
    else if (value === true) booleans.add(name);
  }
  return { positional: parsed.positionals.map(back), flags, booleans };
}

/** Node's messages name the option well but speak in its own voice; keep the fact, drop the advice. */
function usageMessage(error: Error & { code?: string }): string {
  const message = error.message.replace(/\s+To specify a positional argument starting with a '-'.*$/s, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = /'([^']+)'/.exec(message)?.[1];
      return name ? `Unknown option ${name}.` : message;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /(--[\w-]+)/.exec(message)?.[1];
      if (name && /argument missing/.test(message)) return `${name} needs a value.`;
      if (name && /does not take an argument/.test(message)) return `${name} takes no value.`;
      return message;
    }
    default:
      return message;
  }
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  if (values && values.length > 1) throw new UsageError(`--${name} may be given once.`);
  return values?.[0];
}

/** A non-negative integer option, or undefined when absent. */
export function integerOption(args: ParsedArgs, name: string): number | undefined {
  const value = single(args, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number ≥ 0, not "${value}".`);
  return Number(value);
}
