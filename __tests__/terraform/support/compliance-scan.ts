/**
 * The compliance matrix's dated scan (src/tools/deliverables/compliance-scan.json): for the shop stacks, each check the
 * matrix cites with the resources it passed on and the ones a suppression accepts (with the reason), from the same
 * checkov run the gate makes. The gate compares it with today's run and rewrites it when asked
 * (STORMPROOF_UPDATE_COMPLIANCE_SCAN=1), so design.md never cites a check that did not run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLIANCE_PROFILES, CONTROLS, ComplianceScan } from '../../../src/tools/deliverables/design-compliance';
import type { Finding, Suppression } from './checkov';
import { root } from './harness';

export const complianceScanFile = join(root, 'src', 'tools', 'deliverables', 'compliance-scan.json');
export const COMPLIANCE_STACKS = COMPLIANCE_PROFILES;
export const UPDATE_COMPLIANCE_SCAN = process.env.STORMPROOF_UPDATE_COMPLIANCE_SCAN === '1';

export interface ScanForCompliance {
  readonly stack: string;
  readonly passedFindings: readonly Finding[];
  readonly suppressed: readonly { finding: Finding; suppression: Suppression }[];
  readonly failed: readonly Finding[];
}

/** The record of `scans` for the checks the matrix cites (addresses sorted, so the file is deterministic). */
export function complianceScan(version: string, date: string, scans: readonly ScanForCompliance[]): ComplianceScan {
  const cited = [...new Set(CONTROLS.flatMap((c) => c.checks))].sort();
  const names: Record<string, string> = {};
  const stacks: Record<string, Record<string, { passed: string[]; suppressed: { resource: string; reason: string }[] }>> = {};
  for (const s of [...scans].sort((a, b) => a.stack.localeCompare(b.stack))) {
    const entries: Record<string, { passed: string[]; suppressed: { resource: string; reason: string }[] }> = {};
    for (const id of cited) {
      const passed = s.passedFindings.filter((f) => f.check === id);
      const suppressed = s.suppressed.filter((x) => x.finding.check === id);
      for (const f of [...passed, ...suppressed.map((x) => x.finding), ...s.failed.filter((f) => f.check === id)]) names[id] ??= f.name;
      if (!passed.length && !suppressed.length) continue;
      entries[id] = {
        passed: [...new Set(passed.map((f) => f.address))].sort(),
        suppressed: suppressed.map((x) => ({ resource: x.finding.address, reason: x.suppression.reason })).sort((a, b) => a.resource.localeCompare(b.resource)),
      };
    }
    stacks[s.stack] = entries;
  }
  return {
    checkov: version,
    scanned: date,
    how:
      'checkov -d <a copy of cdk.tf.json without terraform.required_version> --framework terraform_json --skip-download -o json, as __tests__/terraform/checkov.test.ts runs it; ' +
      'passed checks from its output, suppressed ones matched by __tests__/terraform/checkov-suppressions.json; only the checks design.md\'s control matrix cites. ' +
      'Refresh: STORMPROOF_UPDATE_COMPLIANCE_SCAN=1 npx jest __tests__/terraform/checkov.test.ts --selectProjects terraform',
    names: Object.fromEntries(Object.entries(names).sort(([a], [b]) => a.localeCompare(b))),
    stacks,
  };
}

export const readComplianceScan = (): ComplianceScan => JSON.parse(readFileSync(complianceScanFile, 'utf8'));
export const writeComplianceScan = (scan: ComplianceScan) => writeFileSync(complianceScanFile, `${JSON.stringify(scan, null, 2)}\n`);
