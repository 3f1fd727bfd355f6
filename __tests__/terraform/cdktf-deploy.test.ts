/**
 * `cdktf deploy cafe` then `cdktf destroy cafe` against moto, as a user runs them:
 *   npx cdktf deploy cafe --auto-approve --skip-provider-lock
 * (`--skip-provider-lock`: otherwise cdktf runs `terraform providers lock`, which ignores the provider
 * mirror and fails offline). cdktf synthesizes with the `app` of cdktf.json; moto is reached through
 * AWS_ENDPOINT_URL. It runs in a scratch folder holding a copy of cdktf.json whose app runs this
 * project's build, so the local state file and cdktf.out land there, not over a developer's real ones.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { motoTargets } from './support/lifecycle';
import { MotoServer, countResources, loadStack, log, motoEnv, record, root, run, scratch, seconds, skipRequested, toolEnv } from './support/harness';

const suite = skipRequested ? describe.skip : describe;
const stack = 'cafe';

suite(`cdktf deploy / destroy ${stack} against moto`, () => {
  const dir = join(scratch, 'cdktf-deploy');
  const stateFile = join(dir, `terraform.${stack}.tfstate`);
  const managed = () =>
    existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')).resources.filter((r: any) => r.mode === 'managed').reduce((n: number, r: any) => n + r.instances.length, 0) : 0;
  let moto: MotoServer;
  let deploy: { code: number; ms: number; out: string };
  let deployed = 0;
  let expected = 0;
  let destroy: { code: number; ms: number; out: string };
  let afterDestroy = -1;

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const cdktfJson = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8'));
    // Same app as cdktf.json (`node scripts/build.mjs --synth`), run from the project root.
    cdktfJson.app = cdktfJson.app.replace(/scripts\//g, `${root}/scripts/`).replace(/dist\//g, `${root}/dist/`);
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify(cdktfJson, null, 2));
    moto = await MotoServer.start();
    // Resource types moto cannot serve (moto-gaps.json) are left out as in the lifecycle tests: cdktf has no
    // -target, but Terraform appends TF_CLI_ARGS_apply to the `terraform apply` that cdktf deploy runs.
    const { excluded, targets } = motoTargets(stack, loadStack(stack));
    expected = countResources(loadStack(stack)) - excluded.size;
    const env = toolEnv({ ...motoEnv(moto.endpoint), CI: '1', FORCE_COLOR: '0', STORMPROOF_PROFILES: '', TF_CLI_ARGS_apply: targets.join(' ') });
    const cdktf = join(root, 'node_modules', '.bin', 'cdktf');
    const d = await run(cdktf, ['deploy', stack, '--auto-approve', '--skip-provider-lock'], { cwd: dir, env });
    deploy = { code: d.code, ms: d.ms, out: `${d.stdout}\n${d.stderr}` };
    deployed = managed();
    log(`${stack}: cdktf deploy exit ${d.code} in ${seconds(d.ms)}: ${deployed} resources in ${stateFile} (expected ${expected})`);
    const x = await run(cdktf, ['destroy', stack, '--auto-approve'], { cwd: dir, env });
    destroy = { code: x.code, ms: x.ms, out: `${x.stdout}\n${x.stderr}` };
    afterDestroy = managed();
    log(`${stack}: cdktf destroy exit ${x.code} in ${seconds(x.ms)}: ${afterDestroy} resources left in state`);
    record('cdktf-deploy', { deployMs: d.ms, destroyMs: x.ms, deployed, afterDestroy });
  }, 20 * 60_000);

  // stop() may wait 5 s for moto to exit on a loaded machine: more than jest's default hook timeout.
  afterAll(async () => {
    await moto?.stop();
  }, 30_000);

  test('cdktf deploy applies every resource of the stack moto can serve', () => {
    const tail = deploy.out.split('\n').slice(-40).join('\n');
    expect({ code: deploy.code, tail: deploy.code === 0 ? '' : tail }).toEqual({ code: 0, tail: '' });
    expect(deployed).toBe(expected);
  });

  test('cdktf destroy removes everything it deployed', () => {
    const tail = destroy.out.split('\n').slice(-40).join('\n');
    expect({ code: destroy.code, tail: destroy.code === 0 ? '' : tail }).toEqual({ code: 0, tail: '' });
    expect(afterDestroy).toBe(0);
  });
});
