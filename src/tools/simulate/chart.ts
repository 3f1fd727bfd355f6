/**
 * SVG chart of a simulation with Vega-Lite (compiled to Vega and rendered headless: `view.toSVG()` needs no
 * browser and no canvas). Loaded lazily so nothing on the synth path pays for it.
 */
import { SimulationResult } from './engine';

const SERIES = ['offered req/s', 'capacity req/s (100 % CPU)', 'dropped req/s', 'timed out req/s', 'p95 s', 'offered msg/s', 'backlog / 100', 'in service', 'desired', 'CPU % / 10'];
const COLORS = ['#1f77b4', '#2ca02c', '#d62728', '#e377c2', '#8c564b', '#1f77b4', '#ff7f0e', '#2ca02c', '#7f7f7f', '#9467bd'];

export function chartSpec(r: SimulationResult): Record<string, unknown> {
  const rows: Record<string, unknown>[] = [];
  for (const g of r.groups) {
    for (const p of g.series) {
      const base = { service: g.service, minute: p.minute, time: p.time };
      if (g.kind === 'web') {
        rows.push({ ...base, panel: 'requests', series: 'offered req/s', value: p.offered });
        rows.push({ ...base, panel: 'requests', series: 'capacity req/s (100 % CPU)', value: p.capacity });
        rows.push({ ...base, panel: 'requests', series: 'dropped req/s', value: p.dropped / 60 });
        rows.push({ ...base, panel: 'requests', series: 'timed out req/s', value: p.timedOut / 60 });
        rows.push({ ...base, panel: 'instances', series: 'p95 s', value: p.p95Ms / 1000 });
      } else {
        rows.push({ ...base, panel: 'requests', series: 'offered msg/s', value: p.offered });
        rows.push({ ...base, panel: 'requests', series: 'backlog / 100', value: p.backlog / 100 });
      }
      rows.push({ ...base, panel: 'instances', series: 'in service', value: p.inService });
      rows.push({ ...base, panel: 'instances', series: 'desired', value: p.desired });
      rows.push({ ...base, panel: 'instances', series: 'CPU % / 10', value: p.cpu / 10 });
    }
  }
  const failures = r.events.filter((e) => e.what === 'failure').map((e) => ({ service: e.service, minute: e.minute, reason: e.reason }));
  const panel = (service: string, name: string, title: string, extra: Record<string, unknown>[] = []) => ({
    transform: [{ filter: `datum.panel === '${name}' && datum.service === '${service}'` }],
    width: 720,
    height: 160,
    layer: [
      {
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'minute', type: 'quantitative', title: `minutes from ${r.traffic.start}`, scale: { domain: [0, r.traffic.durationMinutes], nice: false } },
          y: { field: 'value', type: 'quantitative', title },
          color: { field: 'series', type: 'nominal', legend: { orient: 'right', title: null, labelLimit: 220 }, scale: { domain: SERIES, range: COLORS } },
        },
      },
      ...extra,
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `${r.stack}: ${r.traffic.name}`, subtitle: `${r.totals.failed} requests failed (${r.totals.dropped} dropped, ${r.totals.timedOut} timed out; ${r.totals.failedPercent} %), ${r.totals.instanceHours} instance-hours` },
    data: { values: rows },
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
    vconcat: r.groups.map((g) => {
      const mine = failures.filter((f) => f.service === g.service);
      // Failures as dashed red rules at the minute they hit.
      const rules = mine.length > 0 ? [{ data: { values: mine }, mark: { type: 'rule', color: '#c00', strokeDash: [4, 3] }, encoding: { x: { field: 'minute', type: 'quantitative' } } }] : [];
      return {
        title: `${g.service} (${g.kind}, ${g.instanceType ?? '?'})`,
        vconcat: [panel(g.service, 'requests', g.kind === 'web' ? 'requests per second' : 'messages', rules), panel(g.service, 'instances', g.kind === 'web' ? 'instances, CPU/10, p95 s' : 'instances, CPU/10', rules)],
      };
    }),
  };
}

/** Renders the chart to an SVG string (vega + vega-lite, Node only). */
export async function renderSvg(r: SimulationResult): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vega = require('vega');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vl = require('vega-lite');
  const spec = vl.compile(chartSpec(r)).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
