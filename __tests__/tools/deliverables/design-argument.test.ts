/** design.md argues per stack: requirements → decisions, sizing, sessions, the founder's letter; no shared "why". */
import { PROFILES } from '../../../src/config/profiles';
import { builtInDesign } from './built-in-design';
import { tableAfter } from './support';

const names = Object.keys(PROFILES);
const docs = Object.fromEntries(names.map((n) => [n, builtInDesign(n)]));

test.each(names)('%s: design.md has the requirements, sizing and sessions sections, each with stack-specific text', (n) => {
  for (const h of ['## Requirements → decisions', '## Sizing', '## Alternatives and trade-offs', '## Compliance', '## Stateless app and sessions', '## Tiers and why']) expect(docs[n]).toContain(h);
  const rows = tableAfter(docs[n], '## Requirements → decisions');
  expect(rows.length).toBeGreaterThanOrEqual(2);
  // Every requirement of a profile is implemented by something in its own stack.
  for (const r of rows) expect(r[2]).not.toBe('not in this stack');
});

test('no two stacks share a "why" paragraph in the tier table', () => {
  const seen = new Map<string, string>();
  for (const n of names) {
    for (const row of tableAfter(docs[n], '## Tiers and why')) {
      const other = seen.get(row[3]);
      if (other) throw new Error(`${n} and ${other} share the "${row[0]}" why: ${row[3]}`);
      seen.set(row[3], n);
    }
  }
  expect(seen.size).toBeGreaterThan(names.length * 5);
});

test('the startup gets a reply to its founder naming its three problems; others do not', () => {
  for (const n of names) {
    const letter = /## Reply to the founder[\s\S]*?(?=\n## )/.exec(docs[n])?.[0];
    if (n === 'fastier' || n === 'fastier-beanstalk') {
      expect(letter).toMatch(/Slowness and memory crashes[\s\S]*Downtime on every deploy[\s\S]*No disaster recovery/);
    } else expect(letter).toBeUndefined();
  }
  expect(docs['fastier-beanstalk']).toMatch(/two Beanstalk environments/);
});

test('Beanstalk documents its environments\' load balancers instead of "No load balancer"', () => {
  expect(docs['fastier-beanstalk']).not.toContain('No load balancer');
  expect(docs['fastier-beanstalk']).toMatch(/Elastic Beanstalk environment creates and manages its own load balancer/);
});
