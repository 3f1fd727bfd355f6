import { ProfileConfig } from '../types';
import { regionProblem } from './regions';
import { checkColdStorageRetention } from '../../util/rules';
import { NAME, Problems } from './shared';

const EMAIL = /^[^@\s]+@([a-z0-9-]+\.)+[a-z]{2,}$/i;

/** Names, region (a real one), log retention: what the whole stack is called and where it lives. */
export function checkIdentity(p: ProfileConfig, out: Problems): void {
  out.need(NAME.test(p.name), `name "${p.name}" must be 1-20 lowercase letters, digits or dashes, starting with a letter`);
  out.need(NAME.test(p.project), `project "${p.project}" must be 1-20 lowercase letters, digits or dashes, starting with a letter`);
  const region = regionProblem('region', p.region);
  if (region) out.add(region);
  out.retention('logRetentionDays', p.logRetentionDays);
}

/** Alert addresses, a positive budget, and backups of a database that exists, kept past cold storage. */
export function checkOperations(p: ProfileConfig, out: Problems): void {
  const ops = p.operations;
  if (!ops) return;
  ops.alertEmails.forEach((email, i) =>
    out.need(EMAIL.test(email), `operations.alertEmails[${i}] "${email}" is not an e-mail address: use e.g. "oncall@example.com"`),
  );
  out.need(ops.monthlyBudgetUsd > 0, `operations.monthlyBudgetUsd (${ops.monthlyBudgetUsd}) must be > 0: set what this profile may spend per month`);
  const bk = ops.backup;
  if (!bk) return;
  out.need(!!p.database, 'operations.backup backs up the database: add a database section or remove operations.backup');
  out.need(Number.isInteger(bk.dailyRetentionDays) && bk.dailyRetentionDays >= 1, `operations.backup.dailyRetentionDays (${bk.dailyRetentionDays}) must be a whole number >= 1`);
  out.report(checkColdStorageRetention(bk.monthlyRetentionDays, bk.coldStorageAfterDays, 'operations.backup.'));
  out.need(Number.isInteger(bk.coldStorageAfterDays) && bk.coldStorageAfterDays >= 1, `operations.backup.coldStorageAfterDays (${bk.coldStorageAfterDays}) must be a whole number >= 1`);
}

/** An S3 backend names its bucket and a real region. */
export function checkBackend(p: ProfileConfig, out: Problems): void {
  const b = p.backend;
  if (b.type !== 's3') return;
  out.need(!!b.bucket && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b.bucket), `backend.bucket "${b.bucket ?? ''}" must be an S3 bucket name when backend.type is "s3"`);
  const region = b.region ? regionProblem('backend.region', b.region) : `backend.region "" must be an AWS region when backend.type is "s3"`;
  if (region) out.add(region);
}
