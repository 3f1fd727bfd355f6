// Preloaded by scripts/bench.mjs into every node process it starts: records that process's peak RSS (KB).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const dir = process.env.STORMPROOF_RSS_DIR;
if (dir) {
  process.on('exit', () => {
    try {
      writeFileSync(join(dir, `${process.pid}`), String(process.resourceUsage().maxRSS));
    } catch {
      // The bench may have removed the folder already; a missing sample is not worth a crash.
    }
  });
}
