/**
 * `check`'s output formats. All four show the same findings: `text` for people, `json` for
 * scripts (0-based LSP positions, a pinned contract), `sarif` for code scanning (SARIF 2.1.0,
 * 1-based positions), `github` for workflow-command annotations on pull requests.
 */
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../service/languageService';
import { RULES } from '../../service/rules';
import type { Severity } from '../../service/rules/types';
import { escapeControl, paint, type CliIo } from '../io';
import { packageInfo, rulesHelpUri } from '../packageInfo';

export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'sarif', 'github'];

export interface CheckedFile {
  /** The path as shown to the user (relative to the working directory, forward slashes). */
  display: string;
  diagnostics: Diagnostic[];
}

export function formatText(io: CliIo, file: CheckedFile): string {
  let out = '';
  for (const d of file.diagnostics) {
    const where = `${escapeControl(file.display)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    const colour = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'cyan';
    out += `${where} ${paint(io, colour, d.severity)} ${paint(io, 'dim', d.code)} ${escapeControl(d.message)}\n`;
  }
  return out;
}

export function formatJson(files: readonly CheckedFile[]): string {
  const rows = files.flatMap((file) =>
    file.diagnostics.map((d) => ({ file: file.display, code: d.code, severity: d.severity, message: d.message, range: d.range })),
  );
  return JSON.stringify(rows, null, 2) + '\n';
}

function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
function relativeUri(display: string): string {
  return display.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0: one run, the driver with every rule (so code scanning can show rules without
 * results), one result per finding. Paths relative to the working directory are given against
 * `%SRCROOT%`, which is what GitHub code scanning resolves against the repository root.
 */
export function formatSarif(files: readonly CheckedFile[], cwd: string): string {
  const info = packageInfo();
  const helpUri = rulesHelpUri();
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.code, index]));
  const rules = RULES.map((rule) => ({
    id: rule.code,
    shortDescription: { text: rule.description },
    defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
    helpUri,
  }));
  const results = files.flatMap((file) =>
    file.diagnostics.map((d) => {
      const result: Record<string, unknown> = {
        ruleId: d.code,
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation:
                file.display.startsWith('/') || /^[A-Za-z]:/.test(file.display) || file.display.startsWith('..')
                  ? { uri: pathToFileURL(file.display).href }
                  : { uri: relativeUri(file.display), uriBaseId: '%SRCROOT%' },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      };
      const index = ruleIndex.get(d.code);
      if (index !== undefined) result.ruleIndex = index;
      return result;
    }),
  );
  const log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: info.name, version: info.version, informationUri: info.homepage, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : cwd + '/').href } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** GitHub's escaping for a workflow command's message (data). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping for a workflow command's property value: also `:` and `,`, which end a property. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One workflow command per finding (`::error file=…,line=…::message`): GitHub Actions turns them
 * into annotations on the pull request. Other control characters are shown visibly, since the
 * same lines also land in the job's log.
 */
export function formatGithub(file: CheckedFile): string {
  let out = '';
  for (const d of file.diagnostics) {
    const command = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
    const properties = [
      `file=${escapeGithubProperty(escapeControlButLines(file.display))}`,
      `line=${d.range.start.line + 1}`,
      `col=${d.range.start.character + 1}`,
      `endLine=${d.range.end.line + 1}`,
      `endColumn=${d.range.end.character + 1}`,
      `title=${escapeGithubProperty(d.code)}`,
    ].join(',');
    out += `::${command} ${properties}::${escapeGithubData(escapeControlButLines(d.message))}\n`;
  }
  return out;
}

/** Terminal-safe, but line breaks stay for GitHub's own %0A/%0D escaping (they are part of the message). */
function escapeControlButLines(text: string): string {
  return text.replace(/[\r\n]|[^\r\n]+/g, (part) => (part === '\r' || part === '\n' ? part : escapeControl(part)));
}

export function summaryLine(files: number, errors: number, warnings: number): string {
  return `${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.\n`;
}
