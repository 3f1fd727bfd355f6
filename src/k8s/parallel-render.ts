/**
 * Kubernetes manifests rendered on a second thread while the Terraform stacks synthesize: cdk8s and its YAML were
 * about a fifth of an all-profile synth's CPU and share nothing with the Terraform JSON, so on two cores they cost
 * no wall time. The worker is the bundled k8s-worker.js beside main.js (scripts/build.mjs); without it (ts-node,
 * tests) the manifests render in this thread as before. Either way the files are the same: the same function on the
 * same values (plain data, copied to the worker).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ManifestValues } from './values';

export interface RenderJob {
  readonly stack: string;
  readonly values: ManifestValues;
}

export type RenderReply =
  | { readonly results: { readonly stack: string; readonly files: Record<string, string> }[] }
  | { readonly error: { readonly name: string; readonly message: string; readonly trace?: string }; readonly stack?: string };

/** A failure on the worker, as it was thrown there (name, message, trace), naming the stack it belongs to. */
export class RenderError extends Error {
  constructor(
    /** The stack whose manifests failed (main.ts refuses it). */
    readonly stackName: string | undefined,
    message: string,
    name = 'Error',
    trace?: string,
  ) {
    super(message);
    this.name = name;
    if (trace) this.stack = trace;
  }
}

/** The worker waits at most this long: a hung worker must not hang synth. */
const WAIT_MS = 120_000;

/**
 * Starts rendering `jobs` on a worker thread when `workerFile` exists, and returns what waits for the files (stack ->
 * file name -> YAML, in job order). `renderHere` renders one job in this thread instead (the fallback; its errors
 * propagate as thrown).
 */
export function startRendering(
  jobs: readonly RenderJob[],
  workerFile: string,
  renderHere: (job: RenderJob) => Record<string, string>,
): () => { stack: string; files: Record<string, string> }[] {
  if (jobs.length === 0) return () => [];
  if (!existsSync(workerFile)) return () => jobs.map((job) => ({ stack: job.stack, files: renderHere(job) }));
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerFile, { workerData: { jobs, port: port2, signal }, transferList: [port2] });
  return () => {
    if (Atomics.wait(signal, 0, 0, WAIT_MS) === 'timed-out') {
      void worker.terminate();
      throw new RenderError(undefined, `rendering the Kubernetes manifests took over ${WAIT_MS / 1000} s (worker ${workerFile})`);
    }
    const reply = receiveMessageOnPort(port1)?.message as RenderReply | undefined;
    port1.close();
    if (!reply) throw new RenderError(undefined, `the Kubernetes manifest worker (${workerFile}) ended without an answer`);
    if ('error' in reply) throw new RenderError(reply.stack, reply.error.message, reply.error.name, reply.error.trace);
    return reply.results;
  };
}

/** Where the bundled worker sits: beside the bundled main.js. */
export const workerBeside = (dir: string) => join(dir, 'k8s-worker.js');
