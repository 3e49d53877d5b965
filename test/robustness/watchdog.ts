/**
 * Runs the fuzzer in a worker and watches it. A call that does not return within `hangMs` is a
 * hang: the worker is terminated (V8 interrupts even a busy loop) and the result names the
 * iteration and the call, to replay with scripts/fuzz.mjs. This is a safety net against hangs, far
 * above any real call's time, not a speed measurement: speed is `npm run bench`.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CALLS, type FuzzReport } from './fuzzHarness';

export interface WatchedRun {
  report?: FuzzReport;
  hang?: { seed: number; iteration: number; call: string; ms: number };
  error?: string;
}

export function runWatched(options: {
  seed: number;
  from?: number;
  iterations: number;
  hangMs: number;
  boundMs?: number;
  maxFailures?: number;
  fullInput?: boolean;
}): Promise<WatchedRun> {
  const progress = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  const view = new Int32Array(progress);
  const worker = new Worker(join(__dirname, 'fuzzWorker.js'), {
    workerData: {
      seed: options.seed,
      from: options.from ?? 0,
      iterations: options.iterations,
      progress,
      boundMs: options.boundMs,
      maxFailures: options.maxFailures,
      fullInput: options.fullInput,
    },
    // No more stack than the main thread of a server or CLI process has (about 1 MB), so that a
    // recursion too deep for them fails here too.
    resourceLimits: { stackSizeMb: 1 },
  });
  return new Promise((resolve) => {
    let lastBeat = -1;
    let since = Date.now();
    const timer = setInterval(() => {
      const beat = Atomics.load(view, 2);
      if (beat !== lastBeat) {
        lastBeat = beat;
        since = Date.now();
        return;
      }
      const ms = Date.now() - since;
      if (ms > options.hangMs) {
        clearInterval(timer);
        const hang = { seed: options.seed, iteration: Atomics.load(view, 0), call: CALLS[Atomics.load(view, 1)] ?? '?', ms };
        void worker.terminate().then(() => resolve({ hang }));
      }
    }, 250);
    worker.once('message', (report: FuzzReport) => {
      clearInterval(timer);
      void worker.terminate().then(() => resolve({ report }));
    });
    worker.once('error', (error) => {
      clearInterval(timer);
      resolve({ error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
    });
  });
}
