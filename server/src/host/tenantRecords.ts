/**
 * A live tenant as one more stream of dry-run records: users (or groups) read page by page through
 * Microsoft Graph (`GET /users?$select=…`, following `@odata.nextLink`). Typed against the one
 * method of the CLI's Graph client it needs, so any paged source plugs in; nothing here opens a
 * connection itself.
 */
import type { RawRecord } from './recordScanners';

/** What the Graph client offers for paged reads (server/src/cli/graph/client.ts: `getPages`). */
export interface PagedSource {
  getPages<T>(path: string): AsyncIterable<T>;
}

/** Records of `path` (e.g. `/users?$select=...`), `perBatch` at a time; each located as `label #n`. */
export async function* tenantRecords(
  source: PagedSource,
  path: string,
  label: string,
  perBatch = 256,
): AsyncGenerator<RawRecord[]> {
  let batch: RawRecord[] = [];
  let index = 0;
  for await (const value of source.getPages<unknown>(path)) {
    // The location names the tenant read and the object's number in it (1-based, like a line).
    batch.push({ kind: 'value', value, location: { file: label, line: index + 1 }, index });
    index++;
    if (batch.length >= perBatch) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
