import { catalogs } from '../service/catalog';
import { LanguageService } from '../service/languageService';
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
import { processIo, type CliIo } from './io';

const USAGE = `scim-mapper: check Entra ID → AWS IAM Identity Center provisioning mappings

Commands:
  check [paths...]     report problems in mapping and scope files
  dry-run MAPPING      show what Entra would send to AWS for sample users or groups
  eval 'EXPRESSION'    evaluate an expression against a sample user
  convert FILE         mapping file ↔ Microsoft Graph synchronization schema
  pull                 read the live schema of the AWS app from Microsoft Graph
  push FILE            replace the live schema, after checks, a drift check and a diff
  verify MAPPING       compare every expression with Entra's own parser (parseExpression)
  logs [LOGFILE...]    explain provisioning log failures: cause and mapping line
  help [command]       show help

${CHECK_USAGE}

${DRY_RUN_USAGE}

${TENANT_DRY_RUN_USAGE}

${EVAL_USAGE}

${CONVERT_USAGE}

${PULL_USAGE}

${PUSH_USAGE}

${VERIFY_USAGE}

${LOGS_USAGE}
`;

/** Waits while stdout's buffer is full, so streamed output keeps memory flat behind a slow reader. */
function stdoutDrained(): Promise<void> {
  return process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', () => resolve())) : Promise.resolve();
}

/** Runs the CLI and returns the exit status (0 ok, 1 problems found, 2 bad usage or input). */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  const service = new LanguageService({ host: fileSystemHost, catalogs });
  try {
    switch (command) {
      case 'check':
        return runCheck(rest, io, service);
      case 'dry-run':
        return hasTenantFlags(rest) ? await runTenantCommand(command, rest, io, service) : await runDryRun(rest, io, service);
      case 'eval':
        return runEval(rest, io, service);
      case 'convert':
        return runConvert(rest, io, service);
      case 'pull':
      case 'push':
      case 'verify':
        return await runTenantCommand(command, rest, io, service);
      case 'logs':
        return await runLogs(rest, io, service, io === processIo ? { progress: !!process.stderr.isTTY, drain: stdoutDrained } : {});
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      case '--version':
      case 'version':
        io.out('scim-mapper 0.1.0\n');
        return 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`scim-mapper: ${error.message}\nRun "scim-mapper help" for usage.\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.err(`scim-mapper: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
