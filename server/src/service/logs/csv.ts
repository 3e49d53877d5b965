/**
 * The portal's "Download logs" CSV. Microsoft documents that it is three files, joined by the
 * change ID: ProvisioningLogs (everything but steps and modified properties),
 * ProvisioningLogs_ProvisioningSteps and ProvisioningLogs_ModifiedProperties (entra-docs
 * `monitoring-health/howto-analyze-provisioning-logs.md`, "CSV format"). It does not publish the
 * column headers, so columns are found by name, ignoring case, spaces and punctuation, from the
 * Graph property names and the portal's labels; a file without the columns we need is refused
 * with the list of names we accept, never read by position.
 */
import { objectKindOf } from './entry';
import { LogInputError } from './jsonStream';
import type { LogModifiedProperty, LogStep, ProvisioningLogEntry } from './types';

/** Splits CSV text into records as it arrives (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
export class CsvRecordReader {
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  private quoteInQuoted = false;
  private cellStarted = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private pendingCr = false;

  constructor(private readonly onRecord: (cells: string[], line: number) => void) {}

  get bufferedChars(): number {
    return this.cell.length + this.cells.reduce((n, c) => n + c.length, 0);
  }

  push(chunk: string): void {
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < chunk.length; i++) {
      const ch = chunk[i];
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (this.quoted) {
        if (this.quoteInQuoted) {
          this.quoteInQuoted = false;
          if (ch === '"') {
            this.cell += '"';
            continue;
          }
          this.quoted = false; // the closing quote; fall through to the unquoted handling
        } else {
          if (ch === '"') this.quoteInQuoted = true;
          else {
            if (ch === '\n') this.line++;
            this.cell += ch;
          }
          continue;
        }
      }
      if (ch === '"' && !this.cellStarted) {
        this.quoted = true;
        this.cellStarted = true;
      } else if (ch === ',') {
        this.cells.push(this.cell);
        this.cell = '';
        this.cellStarted = false;
      } else if (ch === '\n' || ch === '\r') {
        this.pendingCr = ch === '\r';
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
      } else {
        this.cell += ch;
        this.cellStarted = true;
      }
      if (this.cell.length > 1_000_000)
        throw new LogInputError('a CSV cell is longer than 1,000,000 characters', this.recordLine);
    }
  }

  end(): void {
    if (this.quoted && !this.quoteInQuoted) throw new LogInputError('the CSV ends inside a quoted cell', this.recordLine);
    this.quoted = false;
    this.quoteInQuoted = false;
    if (this.cellStarted || this.cells.length > 0 || this.cell.length > 0) this.endRecord();
  }

  private endRecord(): void {
    const cells = [...this.cells, this.cell];
    this.cells = [];
    this.cell = '';
    this.cellStarted = false;
    // Blank lines are not records.
    if (cells.length === 1 && cells[0].trim() === '') return;
    this.onRecord(cells, this.recordLine);
  }
}

const norm = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Accepted header names per field (normalised): Graph's property paths first, then portal labels. */
const MAIN_COLUMNS = {
  id: ['id', 'provisioningid', 'logid'],
  changeId: ['changeid'],
  date: ['activitydatetime', 'date', 'dateutc', 'datetime', 'activitydate', 'time'],
  action: ['provisioningaction', 'action'],
  status: ['provisioningstatusinfostatus', 'statusinfostatus', 'status', 'provisioningstatus'],
  errorCode: ['provisioningstatusinfoerrorinformationerrorcode', 'errorinformationerrorcode', 'errorcode'],
  reason: ['provisioningstatusinfoerrorinformationreason', 'errorinformationreason', 'reason', 'statusreason', 'failurereason'],
  details: ['provisioningstatusinfoerrorinformationadditionaldetails', 'additionaldetails'],
  identityType: ['sourceidentityidentitytype', 'sourceidentitytype', 'identitytype', 'objecttype'],
  name: ['sourceidentitydisplayname', 'sourceidentityname', 'sourcedisplayname', 'identity', 'displayname', 'userprincipalname'],
  sourceId: ['sourceidentityid', 'sourceid'],
  jobId: ['jobid'],
} as const;

const PROPERTY_COLUMNS = {
  changeId: ['changeid'],
  name: ['displayname', 'attributename', 'propertyname', 'modifiedpropertyname', 'attribute', 'name', 'property'],
  oldValue: ['oldvalue'],
  newValue: ['newvalue'],
} as const;

const STEP_COLUMNS = {
  changeId: ['changeid'],
  name: ['name', 'stepname', 'step'],
  type: ['provisioningsteptype', 'steptype', 'type'],
  status: ['status', 'stepstatus'],
  description: ['description', 'stepdescription'],
  details: ['details', 'stepdetails'],
} as const;

type Columns<T> = { [K in keyof T]: number };

function locate<T extends Record<string, readonly string[]>>(header: string[], spec: T): Columns<T> {
  const normalised = header.map(norm);
  const out = {} as Columns<T>;
  for (const key of Object.keys(spec) as Array<keyof T>) {
    out[key] = -1;
    for (const name of spec[key]) {
      const at = normalised.indexOf(name);
      if (at >= 0) {
        out[key] = at;
        break;
      }
    }
  }
  return out;
}

export type PortalCsvRole = 'logs' | 'steps' | 'properties';

/** Which of the three files a header belongs to (by its columns), or undefined. */
export function portalCsvRole(header: string[]): PortalCsvRole | undefined {
  const p = locate(header, PROPERTY_COLUMNS);
  if (p.changeId >= 0 && p.newValue >= 0) return 'properties';
  const s = locate(header, STEP_COLUMNS);
  const m = locate(header, MAIN_COLUMNS);
  if (s.changeId >= 0 && s.type >= 0 && m.errorCode < 0 && m.date < 0) return 'steps';
  if ((m.id >= 0 || m.changeId >= 0) && m.status >= 0) return 'logs';
  return undefined;
}

export const PORTAL_CSV_EXPECTED = `the portal's ProvisioningLogs CSV needs a change ID or ID column and a status column (${MAIN_COLUMNS.status.join(', ')}; names are matched ignoring case and spaces)`;

const cellAt = (cells: string[], at: number): string | null =>
  at >= 0 && at < cells.length && cells[at] !== '' ? cells[at] : null;

/** Step details as the portal writes them: JSON, or "Key: value" pairs. */
function parseDetails(text: string | null): Record<string, string> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.fromEntries(
        Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
    }
  } catch {
    // Not JSON: "Key: value" lines or pairs.
  }
  const out: Record<string, string> = {};
  for (const part of text.split(/\r?\n|;\s*/)) {
    const m = /^\s*([A-Za-z][\w.]*)\s*[:=]\s*(.*)$/.exec(part);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

/**
 * Joins the three files: feed the steps and properties files first (they are indexed by change
 * ID), then read the logs file row by row.
 */
export class PortalCsvJoin {
  private readonly properties = new Map<string, LogModifiedProperty[]>();
  private readonly steps = new Map<string, LogStep[]>();
  private logsColumns: Columns<typeof MAIN_COLUMNS> | undefined;
  private sideColumns: Columns<typeof PROPERTY_COLUMNS> | Columns<typeof STEP_COLUMNS> | undefined;
  private sideRole: PortalCsvRole | undefined;

  /** Starts a side file (steps or properties) with its header. */
  beginSide(header: string[], role: 'steps' | 'properties'): void {
    this.sideRole = role;
    this.sideColumns = role === 'properties' ? locate(header, PROPERTY_COLUMNS) : locate(header, STEP_COLUMNS);
  }

  addSideRow(cells: string[]): void {
    if (this.sideRole === 'properties') {
      const c = this.sideColumns as Columns<typeof PROPERTY_COLUMNS>;
      const changeId = cellAt(cells, c.changeId);
      const name = cellAt(cells, c.name);
      if (!changeId || !name) return;
      const list = this.properties.get(changeId) ?? [];
      list.push({ name, oldValue: cellAt(cells, c.oldValue), newValue: cellAt(cells, c.newValue) });
      this.properties.set(changeId, list);
    } else if (this.sideRole === 'steps') {
      const c = this.sideColumns as Columns<typeof STEP_COLUMNS>;
      const changeId = cellAt(cells, c.changeId);
      if (!changeId) return;
      const list = this.steps.get(changeId) ?? [];
      list.push({
        name: cellAt(cells, c.name) ?? '',
        type: (cellAt(cells, c.type) ?? '').toLowerCase(),
        status: (cellAt(cells, c.status) ?? '').toLowerCase(),
        description: cellAt(cells, c.description) ?? '',
        details: parseDetails(cellAt(cells, c.details)),
      });
      this.steps.set(changeId, list);
    }
  }

  beginLogs(header: string[]): void {
    this.logsColumns = locate(header, MAIN_COLUMNS);
  }

  /** One entry from a row of the logs file, or why the row is not one. */
  entry(cells: string[]): ProvisioningLogEntry | string {
    const c = this.logsColumns!;
    const changeId = cellAt(cells, c.changeId);
    const id = cellAt(cells, c.id) ?? changeId;
    const status = cellAt(cells, c.status);
    if (!id) return 'the row has no ID or change ID';
    if (!status) return 'the row has no status';
    const properties = (changeId && this.properties.get(changeId)) || [];
    const steps = (changeId && this.steps.get(changeId)) || [];
    const upn = properties.find((p) => /^(userprincipalname|username)$/i.test(p.name))?.newValue;
    return {
      id,
      activityDateTime: cellAt(cells, c.date) ?? '',
      action: cellAt(cells, c.action) ?? '',
      status: status.toLowerCase(),
      object: upn ?? cellAt(cells, c.name) ?? cellAt(cells, c.sourceId) ?? '',
      objectKind: objectKindOf(cellAt(cells, c.identityType)),
      jobId: cellAt(cells, c.jobId),
      changeId,
      errorCode: cellAt(cells, c.errorCode),
      reason: cellAt(cells, c.reason),
      additionalDetails: cellAt(cells, c.details),
      modifiedProperties: properties,
      steps,
    };
  }
}
