/**
 * The shop's control matrix names only resources its JSON has and only checks our checkov gate ran: each check is in
 * the dated scan (compliance-scan.json, which __tests__/terraform/checkov.test.ts keeps equal to the gate's run) or
 * in the suppressions file, and each verifies at least one resource of its row. Other profiles get no matrix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES } from '../../../src/config/profiles';
import { COMPLIANCE_PROFILES, COMPLIANCE_SCAN, CONTROLS, complianceMatrix } from '../../../src/tools/deliverables/design-compliance';
import { buildModel } from '../../../src/tools/deliverables/model';
import { builtInDesign } from './built-in-design';
import { root, synthProfiles, tableAfter } from './support';

const names = Object.keys(PROFILES);
const synth = synthProfiles(names.join(','));
const jsons = Object.fromEntries(names.map((n) => [n, synth.read(n)]));
const docs = Object.fromEntries(names.map((n) => [n, builtInDesign(n)]));
const suppressions: { check: string; resource: string; stacks?: string[]; reason: string }[] = JSON.parse(
  readFileSync(join(root, '__tests__', 'terraform', 'checkov-suppressions.json'), 'utf8'),
).suppressions;

const addressesIn = (json: any) => new Set(Object.entries<any>(json.resource).flatMap(([type, byName]) => Object.keys(byName).map((id) => `${type}.${id}`)));
const section = (doc: string) => /\n## Compliance\n([\s\S]*?)(?=\n## )/.exec(doc)?.[1] ?? '';

test('the shop profiles are the ones with a matrix, and both are in the dated scan', () => {
  expect([...COMPLIANCE_PROFILES].sort()).toEqual(['ecommerce', 'ecommerce-eks']);
  expect(Object.keys(COMPLIANCE_SCAN.stacks).sort()).toEqual(['ecommerce', 'ecommerce-eks']);
  expect(COMPLIANCE_SCAN.checkov).toMatch(/^\d+\.\d+\.\d+$/);
  expect(COMPLIANCE_SCAN.scanned).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // The scan is of the checkov version the suppressions were written for.
  expect(COMPLIANCE_SCAN.checkov).toBe(JSON.parse(readFileSync(join(root, '__tests__', 'terraform', 'checkov-suppressions.json'), 'utf8')).checkov);
});

test.each(names)('%s: design.md has a Compliance section; the matrix only for the shop', (n) => {
  const s = section(docs[n]);
  expect(s.length).toBeGreaterThan(200);
  if (COMPLIANCE_PROFILES.includes(n)) {
    const rows = tableAfter(docs[n], '### Control matrix');
    expect(rows.map((r) => r[0])).toEqual(CONTROLS.map((c) => c.id));
    for (const regime of ['GDPR', 'PCI DSS']) expect(rows.some((r) => r[1].startsWith(regime))).toBe(true);
    for (const h of ['### Suppressed checks these controls rely on', '### Gaps in this stack\'s settings', '### What infrastructure cannot cover']) expect(s).toContain(h);
    for (const topic of ['consent', 'erasure', 'International transfers', 'Cardholder data flow', 'ASV', 'penetration']) expect(s).toContain(topic);
  } else {
    expect(s).toContain('declares no compliance regime');
    expect(s).not.toContain('### Control matrix');
  }
});

test('profiles without a regime each state their own baseline and what it lacks', () => {
  const others = names.filter((n) => !COMPLIANCE_PROFILES.includes(n));
  expect(new Set(others.map((n) => section(docs[n]))).size).toBe(others.length);
  const cafe = section(docs.cafe);
  // The café serves plain HTTP with no WAF: its section says so; the lab has no trail either.
  expect(cafe).toMatch(/plain HTTP at the ALB/);
  expect(cafe).toMatch(/needs a WAF .*HTTPS on a domain/);
  expect(section(docs.lab)).toMatch(/needs an audit trail/);
  expect(section(docs.fastier)).toMatch(/viewers on HTTPS on \d ALB listener/);
});

test('the shop\'s requirements row points to the Compliance section, which exists', () => {
  for (const n of COMPLIANCE_PROFILES) {
    const row = tableAfter(docs[n], '## Requirements → decisions').find((r) => r[0] === 'GDPR and PCI DSS')!;
    expect(row[1]).toContain('"Compliance" below');
    expect(docs[n]).toContain('\n## Compliance\n');
    expect(docs[n].indexOf('## Requirements → decisions')).toBeLessThan(docs[n].indexOf('## Compliance'));
  }
});

test.each([...COMPLIANCE_PROFILES])('%s: every resource the matrix names is in the stack\'s JSON', (n) => {
  const known = addressesIn(jsons[n]);
  const named = [...section(docs[n]).matchAll(/`(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)`/g)].map((m) => m[1]);
  expect(named.length).toBeGreaterThan(100);
  expect(named.filter((a) => !known.has(a))).toEqual([]);
  // Every row has resources, and the list under "Resources per control" is the row's.
  for (const row of complianceMatrix(buildModel(n, jsons[n]), jsons[n])) {
    expect(row.resources.length).toBeGreaterThan(0);
    expect(section(docs[n])).toContain(`- **${row.spec.id}**: ${row.resources.map((a) => `\`${a}\``).join(', ')}`);
  }
});

test.each([...COMPLIANCE_PROFILES])('%s: every check the matrix cites ran in our scan on one of its row\'s resources', (n) => {
  const rows = complianceMatrix(buildModel(n, jsons[n]), jsons[n]);
  const cited = new Set<string>();
  for (const row of rows) {
    expect(row.checks.length).toBeGreaterThan(0);
    for (const c of row.checks) {
      cited.add(c.id);
      const scanned = COMPLIANCE_SCAN.stacks[n][c.id];
      expect(scanned).toBeDefined();
      expect(c.name).toBe(COMPLIANCE_SCAN.names[c.id]);
      expect(c.passed.length + c.suppressed.length).toBeGreaterThan(0);
      for (const a of c.passed) expect(row.resources).toContain(a);
      // A suppressed result is one the gate's suppressions file accepts, for this stack, with this reason.
      for (const s of c.suppressed) {
        const match = suppressions.find((x) => x.check === c.id && x.reason === s.reason && (!x.stacks || x.stacks.includes(n)));
        expect(match).toBeDefined();
        expect(s.resource).toMatch(new RegExp(`^${match!.resource.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
      }
      expect(section(docs[n])).toContain(c.id);
    }
  }
  // Only checks of the kind checkov names (CKV_AWS_n, CKV2_AWS_n), each cited by a control.
  for (const id of cited) expect(id).toMatch(/^CKV2?_AWS_\d+$/);
  for (const id of cited) expect(CONTROLS.some((c) => c.checks.includes(id))).toBe(true);
});

test('the matrix is honest about what this stack leaves open: PCI DSS 10.5.1 against the log groups\' retention', () => {
  for (const n of COMPLIANCE_PROFILES) {
    const days = Object.values<any>(jsons[n].resource.aws_cloudwatch_log_group).map((g) => g.retention_in_days);
    const p9 = tableAfter(docs[n], '### Control matrix').find((r) => r[0] === 'P9')!;
    expect(p9[2]).toContain(`${Math.max(...days)} days`);
    if (Math.min(...days) < 365) expect(p9[2]).toContain('NOT met for the log groups');
    expect(p9[4]).toMatch(/CKV_AWS_338 passed 0, suppressed \d+/);
  }
});
