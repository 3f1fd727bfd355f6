/**
 * The worker thread of parallel-render.ts: renders the Kubernetes manifests of the stacks it is given while the main
 * thread synthesizes the Terraform JSON. scripts/build.mjs bundles it beside main.js as k8s-worker.js.
 * workerData: `{ jobs, port, signal }`; it posts one message on `port` (the files per stack, or the error and the stack
 * it came from), then sets `signal[0]` and wakes the main thread, which waits on it without an event loop.
 */
import { MessagePort, workerData } from 'node:worker_threads';
import type { RenderJob, RenderReply } from './parallel-render';

const { jobs, port, signal } = workerData as { jobs: RenderJob[]; port: MessagePort; signal: Int32Array };
let current: string | undefined;
try {
  // Inside the try: a failure to load cdk8s is reported like any other.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderManifests } = require('./workloads') as typeof import('./workloads');
  const results: { stack: string; files: Record<string, string> }[] = [];
  for (const job of jobs) {
    current = job.stack;
    results.push({ stack: job.stack, files: renderManifests(job.values) });
  }
  port.postMessage({ results } satisfies RenderReply);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ error: { name: e.name, message: e.message, trace: e.stack }, stack: current } satisfies RenderReply);
} finally {
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
