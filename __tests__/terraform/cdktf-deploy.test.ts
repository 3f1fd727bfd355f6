/**
 * `cdktf deploy cafe` then `cdktf destroy cafe` against moto, as a user runs them:
 *   npx cdktf deploy cafe --auto-approve --skip-provider-lock
 * (`--skip-provider-lock`: otherwise cdktf runs `terraform providers lock`, which ignores the provider
 * mirror and fails offline). cdktf synthesizes with the `app` of cdktf.json; moto is reached through
 * AWS_ENDPOINT_URL. It runs in a scratch folder holding a copy of cdktf.json whose app runs this
 * project's build, so the local state file and cdktf.out land there, not over a developer's real ones.
 * Between the two, what every lifecycle proves, on the working directory cdktf deploy used: a second plan shows no
 * changes (other than moto-gaps.json drift) and proofs.md lists what the deploy created. This is the café's lifecycle
 * against moto (it had a second one, lifecycle-cafe, applying the same 93 resources again: 180 s of a loaded run).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecondPlan, motoTargets, secondPlan } from './support/lifecycle';
import { StateProofs, proofsFromState } from './support/proofs';
import { MotoServer, countResources, loadStack, log, motoEnv, motoPython, record, root, run, scratch, seconds, skipRequested, toolEnv } from './support/harness';

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
  let second: SecondPlan | undefined;
  let proofs: StateProofs | undefined;

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
    // The directory cdktf ran terraform in (cdktf.out/stacks/<stack>, its local backend pointing at the state file above).
    const work = join(dir, 'cdktf.out', 'stacks', stack);
    if (d.code === 0) {
      const terraformEnv = motoEnv(moto.endpoint);
      second = await secondPlan(stack, work, terraformEnv, targets);
      proofs = await proofsFromState(stack, work, terraformEnv, join(dir, 'cdktf.out'));
    }
    // A production stack keeps its buckets' data (no force_destroy): tearing it down starts by emptying them, as
    // docs/runbooks.md says. Moto writes S3 server access logs (the bundle bucket's, into the ALB log bucket) as AWS
    // does, so logging is turned off first: every request to a logged bucket, the destroy's own, writes a log object.
    const buckets = JSON.parse(readFileSync(stateFile, 'utf8')).resources
      .filter((r: any) => r.mode === 'managed' && r.type === 'aws_s3_bucket')
      .flatMap((r: any) => r.instances.map((i: any) => i.attributes));
    const kept = buckets.filter((a: any) => !a.force_destroy).map((a: any) => a.bucket as string);
    const kw = `dict(endpoint_url="${moto.endpoint}", region_name="${loadStack(stack).provider.aws[0].region}", aws_access_key_id="test", aws_secret_access_key="test")`;
    const script = [
      'import boto3, sys',
      `kw = ${kw}`,
      'every, kept = sys.argv[1].split(","), sys.argv[2].split(",")',
      'for b in every: boto3.client("s3", **kw).put_bucket_logging(Bucket=b, BucketLoggingStatus={})',
      // Moto's endpoint is plain HTTP, so the buckets' TLS-only policies deny its DeleteObjects (moto-gaps.json: aws_s3_object);
      // over HTTPS, as on AWS, the policy stays.
      'for b in kept: boto3.client("s3", **kw).delete_bucket_policy(Bucket=b)',
      'for b in kept: boto3.resource("s3", **kw).Bucket(b).object_versions.delete()',
      'left = {b: boto3.client("s3", **kw).list_objects_v2(Bucket=b).get("KeyCount", 0) for b in kept}',
      'assert not any(left.values()), f"objects left: {left}"',
    ].join('\n');
    const emptied = await run(motoPython(), ['-c', script, buckets.map((a: any) => a.bucket).join(','), kept.join(',')]);
    if (emptied.code !== 0) throw new Error(`emptying ${kept.join(', ')} failed: ${emptied.stderr}`);
    log(`${stack}: emptied the ${kept.length} buckets production keeps (${kept.join(', ')}) before cdktf destroy`);
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

  test('a second plan of what cdktf deployed shows no changes (other than moto-gaps.json drift)', () => {
    expect(second?.plan.code).toBeDefined();
    expect(second!.unexpectedDifferences).toEqual([]);
  });

  test('proofs.md (npm run deliverables --state) lists what the deploy created', () => {
    expect(proofs!.expected.length).toBeGreaterThanOrEqual(2);
    for (const item of proofs!.expected) expect(proofs!.markdown).toContain(item);
  });

  test('cdktf destroy removes everything it deployed', () => {
    const tail = destroy.out.split('\n').slice(-40).join('\n');
    expect({ code: destroy.code, tail: destroy.code === 0 ? '' : tail }).toEqual({ code: 0, tail: '' });
    expect(afterDestroy).toBe(0);
  });
});
