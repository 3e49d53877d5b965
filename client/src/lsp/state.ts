/**
 * The language client's public state. The numbers are vscode-languageclient's, so code and tests
 * written against that library read the same values. This module imports nothing, so tests that
 * run outside the editor (and the e2e suites) can use it.
 */
export enum State {
  Stopped = 1,
  Running = 2,
  Starting = 3,
}

export interface StateChangeEvent {
  oldState: State;
  newState: State;
}
