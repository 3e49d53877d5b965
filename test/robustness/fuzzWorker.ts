/**
 * Runs the fuzzer in a worker thread (test/robustness/watchdog.ts starts it), so that the thread
 * that started it can stop a call that never returns and say which one it was.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus } from './corpus';
import { runFuzz } from './fuzzHarness';

const data = workerData as {
  seed: number;
  from: number;
  iterations: number;
  progress: SharedArrayBuffer;
  boundMs?: number;
  maxFailures?: number;
  fullInput?: boolean;
};
const report = runFuzz({
  seed: data.seed,
  from: data.from,
  iterations: data.iterations,
  corpus: loadCorpus(),
  progress: new Int32Array(data.progress),
  boundMs: data.boundMs,
  maxFailures: data.maxFailures,
  fullInput: data.fullInput,
});
parentPort!.postMessage(report);
