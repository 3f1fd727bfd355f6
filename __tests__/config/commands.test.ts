/** Every command line README.md and `help` show is run as written or names what proves it (support/documented-commands.ts). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { documented, PROVEN, root } from '../support/documented-commands';

test('every command line README.md and help show is run here or names what proves it', () => {
  const lines = documented();
  const unclassified = documented().filter((c) => !(c in PROVEN));
  expect(unclassified).toEqual([]);
  expect(Object.keys(PROVEN).filter((c) => !lines.includes(c))).toEqual([]); // no stale entries
  for (const how of Object.values(PROVEN)) {
    const path = /^(__tests__\/\S+)/.exec(how)?.[1];
    if (path) expect([path, existsSync(join(root, path))]).toEqual([path, true]);
  }
});

