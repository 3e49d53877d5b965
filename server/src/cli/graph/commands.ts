/**
 * The tenant commands as main.ts runs them: their errors (Graph's, refusals) become a message and
 * an exit status, never a stack trace.
 */
import type { LanguageService } from '../../service/languageService';
import type { CliIo } from '../io';
import { runPull } from './pull';
import { runPush } from './push';
import { TenantRefusal } from './tenant';
import { runTenantDryRun } from './tenantDryRun';
import { runVerify } from './verify';

/** A GraphError from the separately bundled client: recognised by shape, since its class is not ours. */
function isGraphError(error: unknown): error is Error & { exitCode: 1 | 2 } {
  return (
    error instanceof Error &&
    error.name === 'GraphError' &&
    ((error as { exitCode?: unknown }).exitCode === 1 || (error as { exitCode?: unknown }).exitCode === 2)
  );
}

export async function runTenantCommand(command: string, argv: string[], io: CliIo, service: LanguageService): Promise<number> {
  try {
    switch (command) {
      case 'pull':
        return await runPull(argv, io, service);
      case 'push':
        return await runPush(argv, io, service);
      case 'dry-run':
        return await runTenantDryRun(argv, io, service);
      case 'verify':
        return await runVerify(argv, io, service);
      default:
        throw new Error(`not a tenant command: ${command}`);
    }
  } catch (error) {
    if (isGraphError(error) || error instanceof TenantRefusal) {
      io.err(`scim-mapper: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
