/** npm run bluegreen -- <stack> swap|status|deploy [--version <label>] [--run] (run by scripts/tool.mjs). */
import { spawnSync } from 'node:child_process';
import { main as bluegreen } from './bluegreen';

export async function main(argv: readonly string[]): Promise<void> {
  const run = (cmd: string[]): string => {
    const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.error) throw new Error(`${cmd[0]}: ${r.error.message} (install the AWS CLI v2, or run without --run and copy the command)`);
    if (r.status !== 0) throw new Error(`${cmd.slice(0, 3).join(' ')} exited ${r.status}`);
    return r.stdout;
  };
  process.exitCode = bluegreen(argv, { log: (l) => process.stdout.write(`${l}\n`), run });
}
