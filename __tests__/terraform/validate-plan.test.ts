/**
 * Every synthesized stack (each profile and bootstrap) through the real hashicorp/aws provider:
 * `terraform init` + `validate` with zero errors (deprecation warnings listed), then `plan` against a
 * fresh moto server whose "to add" count equals the resources the JSON declares.
 */
import {
  MotoServer, countResources, loadStack, log, motoEnv, parsePlanJson, pool, prepareWorkdir, record, seconds,
  skipRequested, stackNames, terraform,
} from './support/harness';

interface StackResult {
  stack: string;
  resources: number;
  initMs: number;
  validateMs: number;
  planMs: number;
  validate: { valid: boolean; error_count: number; warning_count: number; diagnostics: any[] };
  planAdd: number;
  planChange: number;
  planRemove: number;
  planWarnings: string[];
}

const suite = skipRequested ? describe.skip : describe;

suite('terraform init + validate + plan (moto) of every stack', () => {
  let moto: MotoServer;
  const results = new Map<string, StackResult>();
  const stacks = skipRequested ? [] : stackNames();

  beforeAll(async () => {
    moto = await MotoServer.start();
    const started = Date.now();
    await pool(stacks, 3, async (stack) => {
      const json = loadStack(stack);
      const dir = prepareWorkdir(stack, 'plan', { motoEndpoint: moto.endpoint });
      const env = motoEnv(moto.endpoint);
      const init = await terraform(dir, ['init', '-input=false', '-no-color'], env);
      const validateRun = await terraform(dir, ['validate', '-json', '-no-color'], env, [0, 1]);
      const validate = JSON.parse(validateRun.stdout);
      let plan = { ms: 0, summary: { add: -1, change: -1, remove: -1, warnings: [] as string[] } };
      if (validate.valid) {
        const p = await terraform(dir, ['plan', '-input=false', '-lock=false', '-json', '-out=tfplan'], env);
        plan = { ms: p.ms, summary: parsePlanJson(p.stdout) };
      }
      const r: StackResult = {
        stack, resources: countResources(json), initMs: init.ms, validateMs: validateRun.ms, planMs: plan.ms, validate,
        planAdd: plan.summary.add, planChange: plan.summary.change, planRemove: plan.summary.remove, planWarnings: plan.summary.warnings,
      };
      results.set(stack, r);
      const warnings = validate.diagnostics.filter((d: any) => d.severity === 'warning');
      log(`${stack}: validate ${validate.valid ? 'ok' : 'FAILED'} (${validate.error_count} errors, ${validate.warning_count} warnings); ` +
        `plan to add ${r.planAdd} = resources in JSON ${r.resources}${r.planAdd === r.resources ? '' : ' MISMATCH'}; ` +
        `init ${seconds(r.initMs)}, validate ${seconds(r.validateMs)}, plan ${seconds(r.planMs)}`);
      for (const w of warnings) log(`${stack}: validate warning: ${w.summary}${w.address ? ` (${w.address})` : ''}: ${(w.detail ?? '').split('\n')[0]}`);
      for (const w of r.planWarnings) log(`${stack}: plan warning: ${w}`);
    });
    const totalMs = Date.now() - started;
    log(`init+validate+plan of ${stacks.length} stacks (3 at a time): ${seconds(totalMs)}`);
    record('validate-plan', { totalMs, stacks: [...results.values()].map(({ validate, ...r }) => ({ ...r, warnings: validate.warning_count })) });
  }, 10 * 60_000);

  // stop() may wait 5 s for moto to exit on a loaded machine: more than jest's default hook timeout.
  afterAll(async () => {
    await moto?.stop();
  }, 30_000);

  test('synthesizes the profiles and the bootstrap stack', () => {
    // fastier-beanstalk and ecommerce-eks: the Beanstalk and EKS compute paths through the real provider.
    // Unless STORMPROOF_TF_STACKS picked a few on purpose.
    if (!process.env.STORMPROOF_TF_STACKS) expect(stacks).toEqual(expect.arrayContaining(['cafe', 'lab', 'fastier-beanstalk', 'ecommerce-eks']));
  });

  test.each(stacks)('%s: validate reports zero errors', (stack) => {
    const r = results.get(stack)!;
    expect(r.validate.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail}`)).toEqual([]);
    expect(r.validate.valid).toBe(true);
  });

  test.each(stacks)('%s: plan against moto adds exactly the resources in the JSON', (stack) => {
    const r = results.get(stack)!;
    expect(r.resources).toBeGreaterThan(0);
    expect({ add: r.planAdd, change: r.planChange, remove: r.planRemove }).toEqual({ add: r.resources, change: 0, remove: 0 });
  });
});
