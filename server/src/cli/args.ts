/** A small argument parser: positional arguments, `--flag value`, `--flag=value` and repeatable flags. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
  booleans: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], valueFlags: readonly string[], booleanFlags: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const booleans = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (booleanFlags.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value.`);
      booleans.add(name);
      continue;
    }
    if (!valueFlags.includes(name)) throw new UsageError(`Unknown option --${name}.`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    const list = flags.get(name) ?? [];
    list.push(value);
    flags.set(name, list);
  }
  return { positional, flags, booleans };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  if (values && values.length > 1) throw new UsageError(`--${name} may be given once.`);
  return values?.[0];
}
