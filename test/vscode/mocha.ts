/**
 * Typed access to mocha's TDD interface (suite, test, suiteSetup, ...), which the test runner
 * (@vscode/test-cli's, inside the extension host) defines as globals before it loads each file.
 *
 * The calls are forwarded when they happen, not captured at import, because mocha redefines the
 * globals for every file. Importing these instead of declaring the globals keeps the suites
 * compiling under the repository's tsconfig (which has node:test, not mocha, in mind) without
 * @types/mocha.
 */

/** The `this` of a mocha test or hook: enough to change a timeout or skip. */
export interface MochaContext {
  timeout(ms: number): void;
  skip(): never;
}

type Body = (this: MochaContext) => void | Promise<void>;
type SuiteBody = (this: MochaContext) => void;

interface TddGlobals {
  suite(title: string, body: SuiteBody): unknown;
  test(title: string, body: Body): unknown;
  suiteSetup(body: Body): unknown;
  suiteTeardown(body: Body): unknown;
  setup(body: Body): unknown;
  teardown(body: Body): unknown;
}

function tdd(): TddGlobals {
  const globals = globalThis as unknown as Partial<TddGlobals>;
  if (typeof globals.suite !== 'function') {
    throw new Error(
      'mocha\'s TDD globals are missing: run these suites with `npm run test:vscode` (@vscode/test-cli, ui "tdd").',
    );
  }
  return globals as TddGlobals;
}

export const suite = (title: string, body: SuiteBody): unknown => tdd().suite(title, body);
export const test = (title: string, body: Body): unknown => tdd().test(title, body);
export const suiteSetup = (body: Body): unknown => tdd().suiteSetup(body);
export const suiteTeardown = (body: Body): unknown => tdd().suiteTeardown(body);
export const setup = (body: Body): unknown => tdd().setup(body);
export const teardown = (body: Body): unknown => tdd().teardown(body);
