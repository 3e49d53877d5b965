import { join } from 'node:path';

/** The project root: tests run compiled from out/test/..., so climb out of out/. */
export const projectRoot = join(__dirname, '..', '..', '..');

export function fromRoot(...parts: string[]): string {
  return join(projectRoot, ...parts);
}
