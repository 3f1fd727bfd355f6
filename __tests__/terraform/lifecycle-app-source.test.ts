/**
 * Your application on the platform, against moto (issue 27): a small stack (the lab's network and ALB) whose `web`
 * service runs a `bundle` (examples/cafe-orders/app) and whose `api` service's image comes `fromInstance`, an EC2
 * instance this test creates in moto first. Apply, second plan (no changes), destroy, as every lifecycle.
 *
 * The bundle object: moto applies a bucket policy's TLS-only deny to every object call over its plain-HTTP
 * endpoint (moto-gaps.json, aws_s3_object), so before the apply the test applies the bundle bucket (SSE-KMS under
 * the stack key), the SSM parameters and then the object alone, shows the object in moto's S3, runs the web
 * launch template's own fetch-env.sh and fetch-bundle.sh against moto (SSM and S3 through boto3), and hands the
 * object back to the bucket (`terraform state rm`): the destroy's force_destroy empties it once the policy is gone.
 *
 * On remote state, as `lab` documents it: the `bootstrap` stack (the state bucket) is applied first with local state,
 * and the stack is synthesized with the S3 backend (STORMPROOF_BACKEND=s3; the test override points the backend at
 * moto), so every apply, state rm, plan and destroy here goes through the state object in the bucket, which the test
 * shows. The stack is lab's network, ALB and alarms with its own services: lab had a lifecycle of its own on the same
 * constructs (lifecycle-lab, 245 s of a loaded run), which this one now proves along with the app sources.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { lifecycleSuite, motoTargets } from './support/lifecycle';
import { TfJson, loadStack, log, motoEnv, motoPython, oneLine, prepareWorkdir, root, run, scratch, terraform, terraformResilient, toolEnv } from './support/harness';
import { appStartScripts } from '../support/app-start';

const stack = 'app-source';
const from = join(scratch, 'synth-app-source');
const region = 'us-east-1';
const CAFE_APP = join(root, 'examples', 'cafe-orders', 'app');
const bucket = 'stormproof-terraform-state';
let stateObjects: { key: string; size: number; sse: string | null; versions: number }[] = [];

interface Observed {
  instanceId: string;
  object?: { bucket: string; key: string; size: number; sse: string; kmsKeyId: string; assetSize: number; keyArn: string };
  fetched?: { files: string[]; marker: string; bucketFromSsm: string };
  ami?: { id: string; source: string; inMoto: boolean; name: string; launchTemplateImage: string };
  bucket?: { sse: any; logging: any; logBucket: string };
}
const observed: Observed = { instanceId: '' };

/** Runs python in the moto virtualenv against moto (boto3), returning its JSON output. */
async function boto(endpoint: string, script: string, args: string[] = []): Promise<any> {
  const kw = `kw = dict(endpoint_url="${endpoint}", region_name="${region}", aws_access_key_id="test", aws_secret_access_key="test")`;
  const r = await run(motoPython(), ['-c', `import boto3, json, sys\n${kw}\n${script}`, ...args]);
  if (r.code !== 0) throw new Error(`boto3 script failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** `terraform show -json` of the state: address -> values. */
async function stateValues(dir: string, env: Record<string, string>): Promise<Map<string, any>> {
  const shown = JSON.parse((await terraform(dir, ['show', '-json'], env)).stdout);
  return new Map<string, any>((shown.values?.root_module?.resources ?? []).map((r: any) => [r.address, r.values]));
}

const addressOf = (json: TfJson, type: string, prefix: string): string => {
  const name = Object.keys(json.resource[type] ?? {}).find((n) => n.startsWith(prefix));
  if (!name) throw new Error(`no ${type}.${prefix}* in the ${stack} stack`);
  return `${type}.${name}`;
};

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).map((f) => f.split('\\').join('/')).sort();

/** An `aws` for the user data scripts: the two calls they make, made for real against moto through boto3. */
const AWS_VIA_BOTO3 = (python: string, endpoint: string) => `#!${python}
import boto3, sys
args = sys.argv[1:]
opt = lambda name: args[args.index(name) + 1]
kw = dict(endpoint_url="${endpoint}", region_name=opt("--region"), aws_access_key_id="test", aws_secret_access_key="test")
if args[:2] == ["ssm", "get-parameter"]:
    print(boto3.client("ssm", **kw).get_parameter(Name=opt("--name"), WithDecryption=True)["Parameter"]["Value"])
elif args[:2] == ["s3", "cp"]:
    src, dst = [a for a in args[2:] if not a.startswith("--") and args[args.index(a) - 1] != "--region"]
    bucket, key = src[len("s3://"):].split("/", 1)
    boto3.client("s3", **kw).download_file(bucket, key, dst)
else:
    sys.exit("aws (boto3 against moto): unsupported " + " ".join(args))
`;

lifecycleSuite(
  stack,
  {
    from,
    run: 'lifecycle-app-source',
    beforeApply: async ({ moto }) => {
      // The user's running server, in moto: its id goes into the config before synth, as a user's would.
      const created = await boto(
        moto.endpoint,
        `ec2 = boto3.client("ec2", **kw)
image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
i = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro")["Instances"][0]
print(json.dumps({"id": i["InstanceId"]}))`,
      );
      observed.instanceId = created.id;
      const dir = join(scratch, 'app-source-config');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const config = {
        stacks: {
          [stack]: {
            extends: 'lab',
            region,
            failureDrills: false,
            services: [
              {
                name: 'web', kind: 'web', instanceType: 't3.micro', appPort: 8080, healthCheckPath: '/health', capacity: { min: 1, max: 2, desired: 1 },
                bundle: { path: 'examples/cafe-orders/app', start: 'exec python3 server.py' }, env: { CAFE_NAME: 'Lifecycle Café' },
              },
              {
                name: 'api', kind: 'web', instanceType: 't3.micro', appPort: 8081, pathPatterns: ['/api/*'], capacity: { min: 1, max: 2, desired: 1 },
                image: { fromInstance: created.id },
              },
            ],
          },
        },
      };
      writeFileSync(join(dir, 'stormproof.config.json'), JSON.stringify(config, null, 2));
      const synth = spawnSync('node', ['dist/main.js'], {
        cwd: root,
        env: toolEnv({
          CDKTF_OUTDIR: from,
          STORMPROOF_CONFIG: join(dir, 'stormproof.config.json'),
          STORMPROOF_BOOTSTRAP: '1',
          STORMPROOF_BACKEND: 's3',
          STORMPROOF_STATE_BUCKET: bucket,
        }),
        encoding: 'utf8',
      });
      if (synth.status !== 0) throw oneLine(`synth of ${stack} failed: ${synth.stderr}`);
      log(`${stack}: instance ${created.id} created in moto, stack synthesized with image.fromInstance = it, backend ${JSON.stringify(loadStack(stack, from).terraform.backend)}`);
      // The state bucket first, with local state (as a user bootstraps once).
      const bootstrap = prepareWorkdir('bootstrap', 'lifecycle-app-source', {}, from);
      const env = motoEnv(moto.endpoint);
      await terraform(bootstrap, ['init', '-input=false', '-no-color'], env);
      const { targets } = motoTargets('bootstrap', loadStack('bootstrap', from));
      const apply = await terraformResilient(bootstrap, ['apply', '-input=false', '-auto-approve', '-no-color', ...targets], env);
      log(`bootstrap: apply ok (${/Resources: (\d+) added/.exec(apply.stdout)?.[1]} added): state bucket s3://${bucket} in moto`);
    },
    afterInit: async ({ moto, dir, env, json }) => {
      const encryption = addressOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'service-web_bundles_encryption_');
      const object = addressOf(json, 'aws_s3_object', 'service-web_bundle_object_');
      const parameters = Object.keys(json.resource.aws_ssm_parameter).map((n) => `-target=aws_ssm_parameter.${n}`);
      // The bucket's default encryption first, so the object is written under it; then the object alone.
      await terraform(dir, ['apply', '-input=false', '-auto-approve', '-no-color', `-target=${encryption}`, ...parameters], env);
      await terraform(dir, ['apply', '-input=false', '-auto-approve', '-no-color', `-target=${object}`], env);
      const state = await stateValues(dir, env);
      const o = state.get(object);
      const keyArn = state.get(addressOf(json, 'aws_kms_key', 'bundle-key_')).arn;
      const head = await boto(
        moto.endpoint,
        'h = boto3.client("s3", **kw).head_object(Bucket=sys.argv[1], Key=sys.argv[2])\nprint(json.dumps({"size": h["ContentLength"], "sse": h.get("ServerSideEncryption"), "kms": h.get("SSEKMSKeyId")}))',
        [o.bucket, o.key],
      );
      const assetSize = statSync(join(dir, json.resource.aws_s3_object[object.split('.')[1]].source)).size;
      observed.object = { bucket: o.bucket, key: o.key, size: head.size, sse: head.sse, kmsKeyId: head.kms, assetSize, keyArn };
      log(`${stack}: bundle in moto's S3: s3://${o.bucket}/${o.key} (${head.size} bytes, ${head.sse} ${head.kms})`);

      // The web launch template's own app-start scripts, run against moto: env from SSM, bundle from S3.
      const template = Object.values<any>(json.resource.aws_launch_template).find((t) => t.name === 'lab-dev-web');
      const scripts = appStartScripts(Buffer.from(template.user_data, 'base64').toString('utf8'));
      const base = mkdtempSync(join(tmpdir(), 'stormproof-moto-app-'));
      for (const [name, text] of Object.entries(scripts)) {
        writeFileSync(join(base, name), text);
        chmodSync(join(base, name), 0o755);
      }
      mkdirSync(join(base, 'bin'));
      writeFileSync(join(base, 'bin', 'aws'), AWS_VIA_BOTO3(motoPython(), moto.endpoint));
      chmodSync(join(base, 'bin', 'aws'), 0o755);
      const shellEnv = { PATH: `${join(base, 'bin')}:${process.env.PATH}`, AWS_REGION: region, HOME: base };
      for (const script of ['fetch-env.sh', 'fetch-bundle.sh']) {
        const r = spawnSync(join(base, script), { env: shellEnv, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`${script} against moto failed: ${r.stderr}`);
      }
      const appEnv = readFileSync(join(base, 'app.env'), 'utf8');
      observed.fetched = {
        files: filesUnder(join(base, 'app')),
        marker: readFileSync(join(base, 'app', '.stormproof-bundle'), 'utf8').trim(),
        bucketFromSsm: /^BUNDLE_BUCKET=(.*)$/m.exec(appEnv)?.[1] ?? '',
      };
      log(`${stack}: fetch-env.sh + fetch-bundle.sh against moto unpacked ${observed.fetched.files.length} files into ${relative(tmpdir(), base)}/app`);
      rmSync(base, { recursive: true, force: true });
      // Back to the bucket: the apply leaves aws_s3_object out (moto-gaps.json); destroy empties the bucket.
      await terraform(dir, ['state', 'rm', '-no-color', object], env);
    },
    afterApply: async ({ moto, dir }) => {
      const json = loadStack(stack, from);
      const env = motoEnv(moto.endpoint);
      const state = await stateValues(dir, env);
      const ami = state.get(addressOf(json, 'aws_ami_from_instance', 'service-api_image_ami_'));
      const template = [...state.entries()].find(([a, v]) => a.startsWith('aws_launch_template.') && v.name === 'lab-dev-api')![1];
      const inMoto = await boto(
        moto.endpoint,
        `ec2 = boto3.client("ec2", **kw)
images = ec2.describe_images(ImageIds=[sys.argv[1]])["Images"]
lt = ec2.describe_launch_template_versions(LaunchTemplateId=sys.argv[2], Versions=["$Latest"])["LaunchTemplateVersions"][0]
print(json.dumps({"found": len(images) == 1, "name": images[0]["Name"] if images else "", "lt": lt["LaunchTemplateData"].get("ImageId")}))`,
        [ami.id, template.id],
      );
      observed.ami = { id: ami.id, source: ami.source_instance_id, inMoto: inMoto.found, name: inMoto.name, launchTemplateImage: inMoto.lt };
      const bucketName = state.get(addressOf(json, 'aws_s3_bucket', 'service-web_bundles_bucket_')).bucket;
      const logBucket = state.get(addressOf(json, 'aws_s3_bucket', 'access-logs_bucket_')).bucket;
      const b = await boto(
        moto.endpoint,
        `s3 = boto3.client("s3", **kw)
print(json.dumps({"sse": s3.get_bucket_encryption(Bucket=sys.argv[1])["ServerSideEncryptionConfiguration"]["Rules"][0], "logging": s3.get_bucket_logging(Bucket=sys.argv[1]).get("LoggingEnabled")}))`,
        [bucketName],
      );
      observed.bucket = { sse: b.sse, logging: b.logging, logBucket };
      stateObjects = await boto(
        moto.endpoint,
        `s3 = boto3.client("s3", **kw)
out = []
for o in s3.list_objects_v2(Bucket=sys.argv[1]).get("Contents", []):
    head = s3.head_object(Bucket=sys.argv[1], Key=o["Key"])
    versions = s3.list_object_versions(Bucket=sys.argv[1], Prefix=o["Key"]).get("Versions", [])
    out.append({"key": o["Key"], "size": o["Size"], "sse": head.get("ServerSideEncryption"), "versions": len(versions)})
print(json.dumps(out))`,
        [bucket],
      );
      for (const o of stateObjects) log(`${stack}: state object in moto bucket: s3://${bucket}/${o.key} (${o.size} bytes, SSE ${o.sse}, ${o.versions} version(s))`);
      log(`${stack}: AMI ${ami.id} from ${ami.source_instance_id} in moto (${inMoto.name}); api launch template image ${inMoto.lt}`);
    },
  },
  () => {
    test('the S3 backend wrote the state object <prefix>/app-source.tfstate into the bootstrap bucket, a version per write, no lock left', () => {
      expect(loadStack(stack, from).terraform.backend.s3).toMatchObject({ bucket, key: `stormproof/${stack}.tfstate`, encrypt: true, use_lockfile: true });
      const object = stateObjects.find((o) => o.key === `stormproof/${stack}.tfstate`);
      expect(object).toBeDefined();
      expect(object!.size).toBeGreaterThan(1000);
      // The pre-apply steps, the apply and state rm each wrote a version.
      expect(object!.versions).toBeGreaterThan(1);
      expect(stateObjects.filter((o) => o.key.endsWith('.tflock'))).toEqual([]);
    });

    test('the web bundle landed in moto\'s S3 under its content-hash key, SSE-KMS under the stack bundle key', () => {
      const o = observed.object!;
      expect(o.key).toMatch(/^lab-dev-web\/[0-9a-f]{16}\.zip$/);
      expect(o.size).toBe(o.assetSize);
      expect(o.sse).toBe('aws:kms');
      expect(o.kmsKeyId).toBe(o.keyArn);
    });

    test("the launch template's own fetch-env.sh and fetch-bundle.sh fetched it from moto and unpacked the app", () => {
      const f = observed.fetched!;
      expect(f.bucketFromSsm).toBe(observed.object!.bucket);
      expect(f.marker).toBe(observed.object!.key);
      expect(f.files.filter((x) => x !== '.stormproof-bundle')).toEqual(filesUnder(CAFE_APP));
    });

    test('the bundle bucket in moto: SSE-KMS with the stack key, server access logs to the stack log bucket', () => {
      const b = observed.bucket!;
      expect(b.sse).toMatchObject({ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: observed.object!.keyArn }, BucketKeyEnabled: true });
      expect(b.logging).toEqual({ TargetBucket: b.logBucket, TargetPrefix: 's3/bundles/web/' });
    });

    test('fromInstance: moto made the AMI from the instance created first (CreateImage), and the api launch template uses it', () => {
      const a = observed.ami!;
      expect(a.source).toBe(observed.instanceId);
      expect(a.inMoto).toBe(true);
      expect(a.name).toBe(`lab-dev-api-from-${observed.instanceId}`);
      expect(a.launchTemplateImage).toBe(a.id);
    });
  },
);
