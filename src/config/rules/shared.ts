/** What every validation section shares: the problem list, and the shapes AWS accepts for names. */

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
  /** CloudWatch Logs accepts only the retentions in LOG_RETENTION_DAYS. */
  retention(field: string, days: number): void {
    this.need(
      (LOG_RETENTION_DAYS as readonly number[]).includes(days),
      `${field} (${days}) is not a CloudWatch Logs retention: use one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  }
}

/** CloudWatch Logs accepts only these retention values. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const NAME = /^[a-z][a-z0-9-]{0,19}$/;
export const ENGINE_VERSION = /^\d+(\.\d+){0,2}$/;
export const WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/;
export const DAILY_WINDOW = /^\d{2}:\d{2}-\d{2}:\d{2}$/;
