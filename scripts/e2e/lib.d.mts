// Types of lib.mjs, for the TypeScript suites in test/ui and test/neovim.
import type { Browser } from 'playwright-core';

export const ROOT: string;
export const versions: {
  codeServer: string;
  node: string;
  nodePackage: string;
  aptPackages: Record<string, string[]>;
};
export const tools: { nodeBin: string; codeServerDir: string; codeServer: string; chromium: string };
export function requireTools(options?: { codeServer?: boolean; chromium?: boolean }): void;

export interface Sandbox {
  dir: string;
  env: Record<string, string>;
  cleanup(): void;
}
export function makeSandbox(prefix?: string): Sandbox;
export function freePort(): Promise<number>;
export function portInUse(port: number): Promise<boolean>;
export const QUIET_SETTINGS: Record<string, unknown>;
export function writeUserSettings(userDataDir: string, extra?: Record<string, unknown>): void;
export function installVsix(vsix: string, options: { userDataDir: string; extensionsDir: string; sandbox: Sandbox }): string;
export function waitUntil<T>(check: () => T | Promise<T>, options?: { timeoutMs?: number; intervalMs?: number; what?: string }): Promise<T>;

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
  whenExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly exited: { code: number | null; signal: NodeJS.Signals | null } | null;
}
export function startCodeServer(options: {
  sandbox: Sandbox;
  userDataDir: string;
  extensionsDir: string;
  port?: number;
  args?: string[];
  logFile?: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}): Promise<CodeServer>;
export function folderUrl(base: string, folder: string, extraQuery?: string): string;
export const CHROMIUM_ARGS: string[];
export function launchChromium(sandbox: Sandbox): Promise<Browser>;
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void;
export function registerCleanup(fn: () => void): () => void;
export function tail(file: string, lines?: number): string;
