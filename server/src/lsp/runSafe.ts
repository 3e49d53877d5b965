import type { CancellationToken, Connection } from 'vscode-languageserver';
import { DEFAULT_REQUEST_STEP_BUDGET, runWithRegexBudget } from '../service/regex';

/**
 * Runs a request handler so that neither an exception nor a cancellation can take the server
 * down: errors are logged and the client gets the safe default answer. Every regular expression the
 * request evaluates shares one step budget, and stops early once the request is cancelled.
 */
export function runSafe<T>(
  connection: Connection,
  name: string,
  fallback: T,
  token: CancellationToken | undefined,
  work: () => T,
): T {
  if (token?.isCancellationRequested) return fallback;
  try {
    const result = runWithRegexBudget(DEFAULT_REQUEST_STEP_BUDGET, work, () => token?.isCancellationRequested === true);
    return token?.isCancellationRequested ? fallback : result;
  } catch (error) {
    connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

/** The same for notifications, which have no answer. */
export function runSafeVoid(connection: Connection, name: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
