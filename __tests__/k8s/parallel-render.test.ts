/** Manifests rendered on the bundled worker thread are the files the same function renders in this thread. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { ecommerceEks } from '../../src/config/profiles';
import { PlatformStack } from '../../src/stacks/platform-stack';
import { renderManifests } from '../../src/k8s/workloads';
import { RenderError, startRendering, workerBeside } from '../../src/k8s/parallel-render';

const root = join(__dirname, '..', '..');
const stack = new PlatformStack(Testing.app(), 'ecommerce-eks', { profile: ecommerceEks });
const values = stack.eks!.manifestValues();
const here = renderManifests(values);
const inThisThread = () => {
  throw new Error('rendered in this thread although the worker exists');
};

describe('parallel-render', () => {
  // dist/k8s-worker.js: the bundle's worker (scripts/build.mjs builds it beside main.js).
  beforeAll(() => execFileSync('node', ['scripts/build.mjs'], { cwd: root }));
  const worker = () => workerBeside(join(root, 'dist'));

  test('the worker renders the same files, in job order, for each stack it is given', () => {
    const collect = startRendering(
      [
        { stack: 'ecommerce-eks', values },
        { stack: 'shop-eks', values: { ...values, namespace: 'shop' } },
      ],
      worker(),
      inThisThread,
    );
    const results = collect();
    expect(results.map((r) => r.stack)).toEqual(['ecommerce-eks', 'shop-eks']);
    expect(results[0].files).toEqual(here);
    expect(Object.keys(results[0].files)).toEqual(Object.keys(here));
    expect(results[1].files).toEqual(renderManifests({ ...values, namespace: 'shop' }));
  });

  test("a failure on the worker names the stack and keeps the error's name and message", () => {
    const bad = { ...values, image: stack.network.vpcId };
    const collect = startRendering([{ stack: 'ecommerce-eks', values }, { stack: 'bad', values: bad }], worker(), inThisThread);
    let caught: unknown;
    try {
      collect();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RenderError);
    expect((caught as RenderError).stackName).toBe('bad');
    expect((caught as RenderError).name).toBe('Error');
    expect((caught as RenderError).message).toMatch(/hold a Terraform token .* pass names from config/);
  });

  test('without the bundled worker (ts-node, tests) each job renders in this thread, errors as thrown', () => {
    const rendered: string[] = [];
    const collect = startRendering([{ stack: 'ecommerce-eks', values }], join(root, 'no-such-worker.js'), (job) => {
      rendered.push(job.stack);
      return renderManifests(job.values);
    });
    // Nothing renders until the files are asked for.
    expect(rendered).toEqual([]);
    expect(collect()).toEqual([{ stack: 'ecommerce-eks', files: here }]);
    expect(startRendering([], worker(), inThisThread)()).toEqual([]);
  });
});
