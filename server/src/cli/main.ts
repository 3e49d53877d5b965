import { catalogs } from '../service/catalog';
import { LanguageService, type ServiceHost } from '../service/languageService';
import { WriteError } from '../host/writeFilesAtomically';
import { UsageError } from './args';
import { CHECK_USAGE, runCheck } from './check';
import { CONVERT_USAGE, runConvert } from './convert';
import { DRY_RUN_USAGE, runDryRun } from './dryRun';
import { EVAL_USAGE, runEval } from './eval';
import { fileSystemHost, InputError } from './files';
import { runTenantCommand } from './graph/commands';
import { PULL_USAGE } from './graph/pull';
import { PUSH_USAGE } from './graph/push';
import { hasTenantFlags, TENANT_DRY_RUN_USAGE } from './graph/tenantDryRun';
import { VERIFY_USAGE } from './graph/verify';
import { LOGS_USAGE, runLogs } from './logs';
import { OutputClosedError, OutputFailedError, processIo, safeErrIo, type CliIo } from './io';
import { packageInfo } from './packageInfo';
import { cliProjectSettings } from './projectSettings';
import { RULES_USAGE, runRules } from './rulesCommand';

/**
 * The commands, in the order help lists them. A new command is one entry: its name, the line
 * for the overview, its usage text (shown by `help NAME`, `NAME -h` and `NAME --help`) and
 * the function that runs it with the arguments after its name.
 */
export interface CliCommand {
  name: string;
  synopsis: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo, service: LanguageService, context: CommandContext): number | Promise<number>;
}

/** What a command may need to know about where it runs. */
export interface CommandContext {
  /** The real process streams (not a test's capture): progress lines and back-pressure apply. */
  onProcess: boolean;
}

/** Waits while stdout's buffer is full, so streamed output keeps memory flat behind a slow reader. */
function stdoutDrained(): Promise<void> {
  return process.stdout.writableNeedDrain
    ? new Promise((resolve) => process.stdout.once('drain', () => resolve()))
    : Promise.resolve();
}

const COMMANDS: CliCommand[] = [
  {
    name: 'check',
    synopsis: 'check [paths...]',
    summary: 'report problems in mapping and scope files',
    usage: CHECK_USAGE,
    run: runCheck,
  },
  {
    name: 'dry-run',
    synopsis: 'dry-run MAPPING',
    summary: 'show what Entra would send to AWS for sample users or groups',
    usage: `${DRY_RUN_USAGE}\n\n${TENANT_DRY_RUN_USAGE}`,
    run: (argv, io, service) =>
      hasTenantFlags(argv) ? runTenantCommand('dry-run', argv, io, service) : runDryRun(argv, io, service),
  },
  {
    name: 'eval',
    synopsis: "eval 'EXPRESSION'",
    summary: 'evaluate an expression against a sample user',
    usage: EVAL_USAGE,
    run: runEval,
  },
  {
    name: 'convert',
    synopsis: 'convert FILE',
    summary: 'mapping file ↔ Microsoft Graph synchronization schema',
    usage: CONVERT_USAGE,
    run: runConvert,
  },
  {
    name: 'pull',
    synopsis: 'pull',
    summary: 'read the live schema of the AWS app from Microsoft Graph',
    usage: PULL_USAGE,
    run: (argv, io, service) => runTenantCommand('pull', argv, io, service),
  },
  {
    name: 'push',
    synopsis: 'push FILE',
    summary: 'replace the live schema, after checks, a drift check and a diff',
    usage: PUSH_USAGE,
    run: (argv, io, service) => runTenantCommand('push', argv, io, service),
  },
  {
    name: 'verify',
    synopsis: 'verify MAPPING',
    summary: "compare every expression with Entra's own parser (parseExpression)",
    usage: VERIFY_USAGE,
    run: (argv, io, service) => runTenantCommand('verify', argv, io, service),
  },
  {
    name: 'logs',
    synopsis: 'logs [LOGFILE...]',
    summary: 'explain provisioning log failures: cause and mapping line',
    usage: LOGS_USAGE,
    run: (argv, io, service, context) =>
      runLogs(argv, io, service, context.onProcess ? { progress: !!process.stderr.isTTY, drain: stdoutDrained } : {}),
  },
  {
    name: 'rules',
    synopsis: 'rules [CODE]',
    summary: 'list the rules, or explain one',
    usage: RULES_USAGE,
    run: (argv, io) => runRules(argv, io),
  },
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.synopsis.length), 'help [command]'.length) + 2;
  const lines = [...COMMANDS.map((c) => [c.synopsis, c.summary]), ['help [command]', 'show help for all commands or one']].map(
    ([a, b]) => `  ${a.padEnd(width)} ${b}`,
  );
  return `scim-mapper: check Entra ID → AWS IAM Identity Center provisioning mappings

Usage: scim-mapper <command> [options]   (scim-mapper <command> -h for one command's options)

Commands:
${lines.join('\n')}

Options:
  -h, --help     show help
  -v, --version  print the version

${COMMANDS.map((c) => c.usage).join('\n\n')}
`;
}

function help(topic: string | undefined, io: CliIo): number {
  if (topic === undefined) {
    io.out(overview());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === topic);
  if (!command) throw new UsageError(`No help topic "${topic}". Topics: ${COMMANDS.map((c) => c.name).join(', ')}.`);
  io.out(command.usage + '\n');
  return 0;
}

/** Runs the CLI and returns the exit status (0 ok, 1 problems found, 2 bad usage or input). */
export async function main(argv: string[], rawIo: CliIo = processIo): Promise<number> {
  // Messages on stderr quote files and values: never let them carry terminal escapes.
  const io = safeErrIo(rawIo);
  const [command, ...rest] = argv;
  // Every command sees each file's project config; `check` replaces this with its own (options win there).
  const host: ServiceHost = { ...fileSystemHost, projectSettings: cliProjectSettings() };
  const service = new LanguageService({ host, catalogs, clock: Date.now });
  try {
    switch (command) {
      case undefined:
        io.out(overview());
        return 2;
      case 'help':
      case '--help':
      case '-h': {
        if (rest.length > 1) throw new UsageError('help takes one topic.');
        const code = help(rest[0], io);
        await rawIo.flush?.();
        return code;
      }
      case '--version':
      case '-v':
      case 'version':
        io.out(`scim-mapper ${packageInfo().version}\n`);
        await rawIo.flush?.();
        return 0;
    }
    const entry = COMMANDS.find((c) => c.name === command);
    if (!entry) throw new UsageError(`Unknown command "${command}".`);
    const code = await entry.run(rest, io, service, { onProcess: rawIo === processIo });
    // A write that failed after the command's last check of stdout still decides the outcome.
    rawIo.exitSoFar = code;
    await rawIo.flush?.();
    return code;
  } catch (error) {
    if (error instanceof OutputClosedError) return rawIo.exitSoFar ?? 0;
    if (error instanceof OutputFailedError) {
      io.err(`scim-mapper: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.err(
        `scim-mapper: ${error.message}\nRun "scim-mapper help${command && COMMANDS.some((c) => c.name === command) ? ` ${command}` : ''}" for usage.\n`,
      );
      return 2;
    }
    if (error instanceof InputError || error instanceof WriteError) {
      io.err(`scim-mapper: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
