/**
 * CloudFront as AWS bills it: by the edge region that serves the viewer, in monthly volume tiers measured per
 * edge region (not by price class: a price class only limits which edges may serve). PriceClass_100 serves from
 * US/Canada/Mexico and Europe edges only; wider classes let a share of viewers be served from other edges.
 */
import { Price, price } from './prices';

export type EdgeRegion = 'usEu' | 'other';

/** Tier ceilings in TB, as keyed in global.json (`<edge>:gbOut:<ceiling TB>`, then `over`). */
const CEILINGS_TB = [10, 50, 150, 500, 1024, 5120];
const SECTION: Record<EdgeRegion, string> = { usEu: 'cloudfrontEdge', other: 'cloudfrontEdgeOther' };

export interface TierSlice {
  /** GB billed in this tier. */
  readonly gb: number;
  readonly price: Price;
  /** `first 10 TB`, `10-50 TB`, …, `over 5120 TB`. */
  readonly label: string;
}

/** A month's GB out from one edge region split over its volume tiers (each tier at its own price). */
export function tieredGbOut(edge: EdgeRegion, gb: number): TierSlice[] {
  const out: TierSlice[] = [];
  let floorTb = 0;
  for (const ceiling of [...CEILINGS_TB, Infinity]) {
    const fromGb = floorTb * 1024;
    const toGb = ceiling * 1024;
    const inTier = Math.max(0, Math.min(gb, toGb) - fromGb);
    if (inTier > 0) {
      const key = `${edge}:gbOut:${ceiling === Infinity ? 'over' : ceiling}`;
      const label = ceiling === Infinity ? `over ${floorTb} TB` : floorTb === 0 ? `first ${ceiling} TB` : `${floorTb}-${ceiling} TB`;
      out.push({ gb: inTier, price: price('global', SECTION[edge], key), label });
    }
    floorTb = ceiling;
    if (gb <= toGb) break;
  }
  return out;
}

/** USD for a month's GB out from one edge region, tiers applied. */
export function cloudfrontGbOutUsd(edge: EdgeRegion, gb: number): number {
  return tieredGbOut(edge, gb).reduce((a, t) => a + t.gb * t.price.usd, 0);
}

/** Price per 10,000 HTTPS requests at an edge region. */
export function httpsPer10k(edge: EdgeRegion): Price {
  return price('global', SECTION[edge], `${edge}:httpsPer10k`);
}

/**
 * Share of viewers served from US/EU edges: all of them under PriceClass_100 (only those edges serve); under
 * PriceClass_200 and _All, the share `usEuViewerShare` of the audience (an assumption the report prints).
 */
export function usEuShare(priceClass: string, usEuViewerShare: number): number {
  return priceClass === 'PriceClass_100' ? 1 : usEuViewerShare;
}
