/** SVG chart of a load test (Vega-Lite, rendered headless like the simulator's). */
import { LoadTestResult } from './run';

export function loadTestChartSpec(r: LoadTestResult): Record<string, unknown> {
  const x = { field: 'second', type: 'quantitative', title: `seconds from ${r.startedAt}` };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `load test: ${r.url}${r.loopback ? ' (loopback figures)' : ''}`,
      subtitle: `${r.totals.requests} requests, ${r.totals.errors} errors, peak ${r.totals.peakRequestsPerSecond} req/s, answered by ${r.distinctInstances} instances in ${r.distinctAzs} AZs`,
    },
    data: { values: r.timeline },
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
    vconcat: [
      {
        width: 720,
        height: 160,
        mark: { type: 'bar' },
        encoding: { x, y: { field: 'requests', type: 'quantitative', title: 'requests per second' }, color: { field: 'phase', type: 'nominal', sort: null } },
      },
      {
        width: 720,
        height: 120,
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'p95Ms', type: 'quantitative', title: 'p95 latency (ms)' } },
      },
      {
        width: 720,
        height: 80,
        mark: { type: 'bar', color: '#d62728' },
        encoding: { x, y: { field: 'errors', type: 'quantitative', title: 'errors per second' } },
      },
    ],
  };
}

export async function renderLoadTestSvg(r: LoadTestResult): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vega = require('vega');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vl = require('vega-lite');
  const view = new vega.View(vega.parse(vl.compile(loadTestChartSpec(r)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
