/**
 * Loads the Graph client only when a command talks to a tenant. In the shipped CLI the client is a
 * separate bundle (dist/graph-client.js, see esbuild.mjs), so `check`, `eval`, `convert` and offline
 * dry runs never load network code at all.
 */
import type * as GraphClientModule from './client';

export function loadGraphClient(): typeof GraphClientModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./client') as typeof GraphClientModule;
}
