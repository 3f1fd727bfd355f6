// Preloaded by scripts/bench.mjs into every node process it starts: records that process's peak RSS (KB)
// and its CPU time (user and system, microseconds), as "<maxRSS> <user> <system>".
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const dir = process.env.STORMPROOF_RSS_DIR;
if (dir) {
  process.on('exit', () => {
    try {
      const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
      writeFileSync(join(dir, `${process.pid}`), `${maxRSS} ${userCPUTime} ${systemCPUTime}`);
    } catch {
      // The bench may have removed the folder already; a missing sample is not worth a crash.
    }
  });
}
