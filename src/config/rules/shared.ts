/** What every validation section shares: the problem list, and the shapes AWS accepts for names. */
import { checkLogRetention } from '../../util/rules';

/** Collects problems; each names the field and the fix. */
export class Problems {
  readonly list: string[] = [];
  /** Records `message` unless `ok`. */
  need(ok: boolean, message: string): void {
    if (!ok) this.list.push(message);
  }
  add(message: string): void {
    this.list.push(message);
  }
  /** Records what a shared rule of src/util/rules.ts found (it returns undefined when the rule holds). */
  report(...problems: (string | undefined)[]): void {
    for (const problem of problems) if (problem !== undefined) this.list.push(problem);
  }
  /** CloudWatch Logs accepts only the retentions in LOG_RETENTION_DAYS (the rule LogGroup applies too). */
  retention(field: string, days: number): void {
    this.report(checkLogRetention(field, days));
  }
}

/** CloudWatch Logs accepts only these retention values (one list, in src/util/rules.ts). */
export { LOG_RETENTION_DAYS } from '../../util/rules';

export const NAME = /^[a-z][a-z0-9-]{0,19}$/;
export const ENGINE_VERSION = /^\d+(\.\d+){0,2}$/;
export const WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/;
export const DAILY_WINDOW = /^\d{2}:\d{2}-\d{2}:\d{2}$/;
