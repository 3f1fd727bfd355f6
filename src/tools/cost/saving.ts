/** One way to pay less, priced for this stack (savings.ts lists them; savings-extra.ts adds the newer ones). */
export interface Saving {
  readonly title: string;
  /** USD a month off the scenario month when applied. */
  readonly monthlyUsd: number;
  /** Recommended for this stack (false: priced for the record, with the reason not to). */
  readonly recommended: boolean;
  readonly detail: string;
  /** How the figure is reached: inputs × price = figure. */
  readonly arithmetic: string;
}
