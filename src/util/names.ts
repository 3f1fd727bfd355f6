import { createHash } from 'node:crypto';

/**
 * A resource name that fits AWS's length limit: unchanged when it fits; else cut, with 8 hex characters of its
 * hash appended, so two long names that share a prefix still differ (a plain cut would collide).
 */
export function fitName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, maxLength - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** A `name_prefix` ending in '-' within `maxLength` (Terraform appends a unique suffix to it). */
export function fitNamePrefix(prefix: string, maxLength: number): string {
  return `${fitName(prefix.replace(/-+$/, ''), maxLength - 1)}-`;
}
