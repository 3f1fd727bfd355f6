/**
 * cdktf and constructs capture a full stack trace for every token and construct they create, only to
 * print it if that token later fails to resolve. Measured here on the five profiles (~750 resources),
 * that bookkeeping is about a fifth of synth time (1.21 s -> 0.98 s median). This skips the capture for
 * everything but real Error objects, so errors keep their stack traces.
 * Set STORMPROOF_DEBUG=1 to keep cdktf's creation stacks when chasing an unresolvable token.
 */
export function leanStackTraces(env: NodeJS.ProcessEnv = process.env): void {
  if (env.STORMPROOF_DEBUG === '1') return;
  const capture = Error.captureStackTrace;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Node's own signature for captureStackTrace
  Error.captureStackTrace = function captureErrorsOnly(target: object, below?: Function) {
    if (target instanceof Error) capture.call(Error, target, below);
  };
}
