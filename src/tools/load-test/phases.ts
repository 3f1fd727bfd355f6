/** Load-test phases: each runs autocannon for a while with a number of connections (and an optional rate cap). */
export interface Phase {
  readonly name: 'baseline' | 'ramp' | 'hold' | 'burst' | 'cool-down' | string;
  readonly seconds: number;
  readonly connections: number;
}

/** Shapes as shares of the total time and multiples of the base connection count. */
const SHAPES: Readonly<Record<string, readonly { name: string; share: number; connections: number }[]>> = {
  // baseline -> ramp (two steps) -> hold -> burst -> cool-down: the spike the simulator models, in small.
  spike: [
    { name: 'baseline', share: 0.15, connections: 1 },
    { name: 'ramp', share: 0.1, connections: 3 },
    { name: 'ramp', share: 0.1, connections: 6 },
    { name: 'hold', share: 0.3, connections: 8 },
    { name: 'burst', share: 0.15, connections: 16 },
    { name: 'cool-down', share: 0.2, connections: 1 },
  ],
  steady: [{ name: 'hold', share: 1, connections: 8 }],
};

export const PROFILES = Object.keys(SHAPES);

/**
 * The phases of a profile over `totalSeconds`, with `baseConnections` as the baseline's connections.
 * Every phase lasts at least one second.
 */
export function phasesFor(profile: string, totalSeconds = 60, baseConnections = 2): Phase[] {
  const shape = SHAPES[profile];
  if (!shape) throw new Error(`--profile "${profile}": use one of ${PROFILES.join(', ')}`);
  if (!(totalSeconds >= shape.length)) throw new Error(`--seconds (${totalSeconds}) must be at least ${shape.length} for the ${profile} profile (one second per phase)`);
  if (!(Number.isInteger(baseConnections) && baseConnections >= 1)) throw new Error(`--connections (${baseConnections}) must be a whole number >= 1`);
  return shape.map((p) => ({ name: p.name, seconds: Math.max(1, Math.round(p.share * totalSeconds)), connections: p.connections * baseConnections }));
}
