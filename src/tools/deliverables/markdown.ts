/** Markdown the deliverables share: tables whose cells show references as `→ type.name`, yes/no, seconds. */
export const cell = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return '–';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/g, '→ $1.$2').replace(/\|/g, '\\|').replace(/\n/g, ' ');
};
export const table = (head: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  rows.length ? [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') : '_none_';
export const yes = (v: unknown) => (v === true || v === 'true' ? 'yes' : v === false || v === 'false' ? 'no' : v === undefined ? '–' : String(v));
export const secs = (v: unknown) => (v === undefined ? '–' : `${v} s`);
