/**
 * `dry-run --jobs N`: worker threads that each run a share of the records. The main thread reads
 * the input and hands out batches of raw records in order; each worker parses them, runs the dry
 * run and answers with the outcomes; the main thread puts them back in input order before the
 * batch driver sees them, so results and summary are the same as with --jobs 1.
 *
 * The same file is the worker's entry point: `new Worker(__filename)` loads this module (or the
 * CLI bundle that contains it) in the thread, and the check at the bottom starts the loop there.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { RawRecord } from '../host/recordScanners';
import { createContext, runRecord, type DryRunJobConfig, type Outcome } from './dryRunContext';

const MARK = 'scim-mapper-dry-run-worker';

interface Request {
  id: number;
  records: RawRecord[];
}

interface Reply {
  id: number;
  outcomes?: Outcome[];
  error?: string;
}

/** Records per message: large enough to make the copying cheap per record, small enough to spread the work. */
const RECORDS_PER_BATCH = 256;

export class WorkerPool {
  private readonly workers: Array<{ worker: Worker; inFlight: number }> = [];
  private readonly waiting = new Map<number, { resolve: (o: Outcome[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure?: Error;

  constructor(size: number, config: DryRunJobConfig) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(__filename, { workerData: { [MARK]: config } });
      const slot = { worker, inFlight: 0 };
      worker.on('message', (reply: Reply) => {
        slot.inFlight--;
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (!waiter) return;
        if (reply.error !== undefined) waiter.reject(new Error(reply.error));
        else waiter.resolve(reply.outcomes!);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a dry-run worker stopped with exit code ${code}`));
      });
      this.workers.push(slot);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  submit(records: RawRecord[]): Promise<Outcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    slot.inFlight++;
    const promise = new Promise<Outcome[]>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    promise.catch(() => undefined); // awaited in order later; a failure then is thrown there
    slot.worker.postMessage({ id, records } satisfies Request);
    return promise;
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/** The outcomes of the records, in input order, computed by the pool (at most 2 batches per worker in flight). */
export async function* runInWorkers(pool: WorkerPool, batches: AsyncIterable<RawRecord[]>): AsyncGenerator<Outcome[]> {
  const pending: Array<Promise<Outcome[]>> = [];
  const limit = pool.size * 2;
  let buffer: RawRecord[] = [];
  for await (const records of batches) {
    for (const record of records) {
      buffer.push(record);
      if (buffer.length < RECORDS_PER_BATCH) continue;
      pending.push(pool.submit(buffer));
      buffer = [];
      while (pending.length >= limit) yield await pending.shift()!;
    }
  }
  if (buffer.length > 0) pending.push(pool.submit(buffer));
  while (pending.length > 0) yield await pending.shift()!;
}

function startWorker(config: DryRunJobConfig): void {
  const context = createContext(config);
  parentPort!.on('message', (request: Request) => {
    try {
      const outcomes = request.records.map((record) => runRecord(context, record, config.digestOnly));
      parentPort!.postMessage({ id: request.id, outcomes } satisfies Reply);
    } catch (error) {
      parentPort!.postMessage({
        id: request.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies Reply);
    }
  });
}

if (!isMainThread && workerData && typeof workerData === 'object' && MARK in workerData)
  startWorker((workerData as Record<string, DryRunJobConfig>)[MARK]);
