/**
 * The `lab` stack on remote state, against moto: apply the `bootstrap` stack (the state bucket), then
 * apply `lab` synthesized with the S3 backend (STORMPROOF_BACKEND=s3; the test override points the
 * backend at moto), show the state object in the bucket, plan again (no changes), destroy.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { lifecycleSuite, motoTargets } from './support/lifecycle';
import { loadStack, log, motoEnv, motoPython, oneLine, prepareWorkdir, root, run, scratch, terraform, terraformResilient, toolEnv } from './support/harness';

const from = join(scratch, 'synth-s3');
const bucket = 'stormproof-terraform-state';
let stateObjects: { key: string; size: number; sse: string | null; versions: number }[] = [];

async function listState(endpoint: string) {
  const script = `
import boto3, json
s3 = boto3.client("s3", endpoint_url="${endpoint}", region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test")
out = []
for o in s3.list_objects_v2(Bucket="${bucket}").get("Contents", []):
    head = s3.head_object(Bucket="${bucket}", Key=o["Key"])
    versions = s3.list_object_versions(Bucket="${bucket}", Prefix=o["Key"]).get("Versions", [])
    out.append({"key": o["Key"], "size": o["Size"], "sse": head.get("ServerSideEncryption"), "versions": len(versions)})
print(json.dumps(out))`;
  const r = await run(motoPython(), ['-c', script]);
  if (r.code !== 0) throw new Error(`listing s3://${bucket} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as typeof stateObjects;
}

lifecycleSuite(
  'lab',
  {
    from,
    run: 'lifecycle-lab-s3',
    beforeApply: async ({ moto }) => {
      const synth = spawnSync('node', ['dist/main.js'], {
        cwd: root,
        env: toolEnv({ CDKTF_OUTDIR: from, STORMPROOF_PROFILES: 'lab', STORMPROOF_BOOTSTRAP: '1', STORMPROOF_BACKEND: 's3', STORMPROOF_STATE_BUCKET: bucket }),
        encoding: 'utf8',
      });
      if (synth.status !== 0) throw oneLine(`synth with the s3 backend failed: ${synth.stderr}`);
      const backend = loadStack('lab', from).terraform.backend;
      log(`lab: synthesized with backend ${JSON.stringify(backend)}`);
      const dir = prepareWorkdir('bootstrap', 'lifecycle-lab-s3', {}, from);
      const env = motoEnv(moto.endpoint);
      await terraform(dir, ['init', '-input=false', '-no-color'], env);
      const { targets } = motoTargets('bootstrap', loadStack('bootstrap', from));
      const apply = await terraformResilient(dir, ['apply', '-input=false', '-auto-approve', '-no-color', ...targets], env);
      log(`bootstrap: apply ok (${/Resources: (\d+) added/.exec(apply.stdout)?.[1]} added): state bucket s3://${bucket} in moto`);
    },
    afterApply: async ({ moto }) => {
      stateObjects = await listState(moto.endpoint);
      for (const o of stateObjects) {
        log(`lab: state object in moto bucket: s3://${bucket}/${o.key} (${o.size} bytes, SSE ${o.sse}, ${o.versions} version(s))`);
      }
    },
  },
  () => {
    test('the S3 backend wrote the state object <prefix>/lab.tfstate into the bootstrap bucket', () => {
      expect(loadStack('lab', from).terraform.backend.s3).toMatchObject({ bucket, key: 'stormproof/lab.tfstate', encrypt: true, use_lockfile: true });
      expect(stateObjects).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'stormproof/lab.tfstate' })]));
      expect(stateObjects.find((o) => o.key === 'stormproof/lab.tfstate')!.size).toBeGreaterThan(1000);
      // no lock file left behind once apply finished
      expect(stateObjects.filter((o) => o.key.endsWith('.tflock'))).toEqual([]);
    });
  },
);
