import { join } from 'node:path';
import { Service, ServiceProps } from '../../../../src/constructs/compute/ec2/service';
import { bundleProblems, environmentProblems, imageSourceProblems, parseSecretReference } from '../../../../src/constructs/compute/ec2/app-source-props';
import { bakeComponentDocument } from '../../../../src/constructs/compute/ec2/machine-image';
import { synthConstruct } from '../../../support/synth';

const CAFE_APP = join(__dirname, '..', '..', '..', '..', 'examples', 'cafe-orders', 'app');
const base: ServiceProps = {
  name: 'shop-web',
  serviceName: 'web',
  vpcId: 'vpc-1',
  subnetIds: ['subnet-a', 'subnet-b'],
  instanceType: 't3.small',
  appPort: 8080,
  capacity: { min: 1, max: 2, desired: 1 },
};
const synthService = (props: Partial<ServiceProps>) => {
  const out = synthConstruct((stack) => new Service(stack, 'web', { ...base, ...props }));
  const lt = Object.values<any>(out.resource.aws_launch_template)[0];
  return { ...out, lt, userData: Buffer.from(lt.user_data, 'base64').toString('utf8') };
};

describe('Service image sources', () => {
  test('default: the AL2023 public parameter, tagged demo, the demo app fetched as a bundle (not inlined)', () => {
    const { lt, userData, data, resource, built } = synthService({});
    expect(lt.tags['stormproof:image-source']).toBe('demo');
    expect(lt.image_id).toMatch(/^\$\{data\.aws_ssm_parameter\.web_ami_\w+\.insecure_value\}$/);
    expect(Object.values<any>(data.aws_ssm_parameter)[0].name).toBe('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    expect(userData).not.toContain('def identity()');
    expect(userData).toContain(`KEY='${built.bundle.key}'`);
    expect(built.bundle.key).toMatch(/^shop-web\/[0-9a-f]{16}\.zip$/);
    const object = Object.values<any>(resource.aws_s3_object)[0];
    expect(object.key).toBe(built.bundle.key);
    expect(object.bucket).toMatch(/aws_s3_bucket\.web_bundles/);
  });

  test('fromInstance: aws_ami_from_instance that reboots by default, tagged from-instance', () => {
    const { lt, resource } = synthService({ image: { fromInstance: 'i-0123456789abcdef0' } });
    const ami = Object.values<any>(resource.aws_ami_from_instance)[0];
    expect(ami).toMatchObject({ source_instance_id: 'i-0123456789abcdef0', snapshot_without_reboot: false });
    expect(ami.description).toContain('(instance rebooted)');
    expect(lt.image_id).toMatch(/^\$\{aws_ami_from_instance\.web_image_ami_\w+\.id\}$/);
    expect(lt.tags['stormproof:image-source']).toBe('from-instance');
  });

  test('ami and ssmParameter', () => {
    expect(synthService({ image: { ami: 'ami-0123456789abcdef0' } }).lt).toMatchObject({ image_id: 'ami-0123456789abcdef0', tags: { 'stormproof:image-source': 'ami' } });
    const { data, lt } = synthService({ image: { ssmParameter: '/shop/golden-ami' } });
    expect(Object.values<any>(data.aws_ssm_parameter)[0].name).toBe('/shop/golden-ami');
    expect(lt.tags['stormproof:image-source']).toBe('ami');
  });

  test('bake: Image Builder pipeline distributing to an SSM parameter the launch template resolves at launch', () => {
    const { lt, resource } = synthService({ image: { bake: { schedule: 'cron(0 3 ? * sun *)' } }, bundle: { path: CAFE_APP, start: 'exec python3 server.py' } });
    expect(lt.image_id).toBe('resolve:ssm:/shop-web/baked-ami');
    expect(lt.tags['stormproof:image-source']).toBe('baked');
    const distribution = Object.values<any>(resource.aws_imagebuilder_distribution_configuration)[0];
    expect(distribution.distribution[0].ssm_parameter_configuration[0]).toMatchObject({ parameter_name: '/shop-web/baked-ami', data_type: 'aws:ec2:image' });
    const pipeline = Object.values<any>(resource.aws_imagebuilder_image_pipeline)[0];
    expect(pipeline.schedule.schedule_expression).toBe('cron(0 3 ? * sun *)');
    const parameter = Object.values<any>(resource.aws_ssm_parameter).find((p) => p.name === '/shop-web/baked-ami');
    expect(parameter.lifecycle.ignore_changes).toEqual(['value']);
    expect(Object.values<any>(resource.aws_imagebuilder_component)[0].data).toContain('python3 -m zipfile -e /tmp/bundle.zip /opt/stormproof/app');
  });

  test('bundle, env, secrets and userData: values in SSM, references by name, the extra script last', () => {
    const { userData, resource, lt } = synthService({
      bundle: { path: CAFE_APP, start: 'exec python3 server.py', install: 'true' },
      env: { CAFE_NAME: 'Secret-free name' },
      secrets: { API_KEY: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-AbCdEf', TOKEN: 'ssm:/shop/token' },
      userData: 'echo extra-step',
    });
    expect(lt.tags['stormproof:image-source']).toBe('bundle');
    expect(userData).not.toContain('Secret-free name');
    expect(userData).toContain("fetch CAFE_NAME '/shop-web/env/CAFE_NAME'");
    expect(userData).toContain("fetch TOKEN '/shop/token'");
    expect(userData).toContain("fetch_secret API_KEY 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-AbCdEf'");
    expect(userData).toContain("exec /bin/sh -c 'exec python3 server.py'");
    expect(userData.trimEnd().endsWith('echo extra-step')).toBe(true);
    const statements = Object.values<any>(resource.aws_iam_role_policy).flatMap((p) => JSON.parse(p.policy).Statement);
    expect(statements.find((s) => s.Sid === 'ReadAppSecrets').Resource).toEqual(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-AbCdEf*']);
    expect(Object.values<any>(resource.aws_ssm_parameter).find((p) => p.name === '/shop-web/env/CAFE_NAME').value).toBe('Secret-free name');
  });

  test('a platform reference the stack does not provide is refused at synth', () => {
    expect(() => synthService({ secrets: { DATABASE_HOST: 'database.writerEndpoint' } })).toThrow(/secrets\.DATABASE_HOST names DB_WRITER_ENDPOINT, which this stack does not provide/);
  });

  test('a new bundle is a new key in user data (so a new launch template version and an instance refresh)', () => {
    const demo = synthService({}).userData;
    const cafe = synthService({ bundle: { path: CAFE_APP, start: 'exec python3 server.py' } }).userData;
    const key = (u: string) => /KEY='([^']+)'/.exec(u)![1];
    expect(key(demo)).not.toBe(key(cafe));
  });
});

describe('app source validation (shared by config and constructs)', () => {
  test('exactly one image source, ids checked', () => {
    expect(imageSourceProblems({ ami: 'ami-0123456789abcdef0', fromInstance: 'i-0123456789abcdef0' }, 'image')).toEqual([
      'image must set exactly one of fromInstance, ami, ssmParameter, bake (it sets fromInstance and ami)',
    ]);
    expect(imageSourceProblems({}, 'image')[0]).toContain('it sets none');
    expect(imageSourceProblems({ fromInstance: 'web-1' }, 'image')[0]).toContain('is not an instance id');
    expect(imageSourceProblems({ bake: { schedule: 'weekly' } }, 'image')[0]).toContain('Image Builder cron');
    expect(imageSourceProblems({ ssmParameter: 'no-slash' }, 'image')[0]).toContain("starting with '/'");
  });

  test('bundle path must exist; commands are one line', () => {
    expect(bundleProblems({ path: '/nonexistent/app', start: 'x' }, 'bundle')[0]).toContain('bundle.path "/nonexistent/app" does not exist');
    expect(bundleProblems({ path: CAFE_APP, start: 'a\nb' }, 'bundle')[0]).toContain('bundle.start must be one non-empty line');
    expect(bundleProblems({ path: join(CAFE_APP, 'server.py'), start: 'x' }, 'bundle')[0]).toContain('must be a folder or a .zip file');
    expect(bundleProblems({ path: CAFE_APP, start: 'exec python3 server.py' }, 'bundle')).toEqual([]);
  });

  test('env names and references', () => {
    expect(environmentProblems({ APP_PORT: '1' }, undefined, 's')[0]).toContain('s.env.APP_PORT');
    expect(environmentProblems({ A: '1' }, { A: 'queue.url' }, 's')).toEqual(['s: A is in both env and secrets: keep one']);
    expect(parseSecretReference('queue.url')).toEqual({ kind: 'platform', env: 'QUEUE_URL' });
    expect(parseSecretReference('ssm:/x/y')).toEqual({ kind: 'ssm', name: '/x/y' });
    expect(parseSecretReference('hunter2')).toMatch(/is not a reference/);
  });

  test('the bake component installs the bundle where user data looks for it', () => {
    const doc = bakeComponentDocument('bucket', 'web/abc.zip', 'pip3 install -r requirements.txt');
    expect(doc).toContain('"echo \'web/abc.zip\' > /opt/stormproof/app/.stormproof-bundle"');
    expect(doc).toContain('cd /opt/stormproof/app && pip3 install -r requirements.txt');
  });
});

describe('Service bundle bucket, alone (no stack storage given)', () => {
  test('SSE-KMS under a key of its own; the role decrypts through S3 for this bucket only; the bake role too', () => {
    const { resource } = synthService({ image: { bake: {} } });
    const [keyName] = Object.keys(resource.aws_kms_key);
    expect(resource.aws_kms_key[keyName].enable_key_rotation).toBe(true);
    const sse = Object.values<any>(resource.aws_s3_bucket_server_side_encryption_configuration)[0];
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: `\${aws_kms_key.${keyName}.arn}` });
    const statements = Object.values<any>(resource.aws_iam_role_policy).flatMap((p) => JSON.parse(p.policy).Statement);
    const decrypts = statements.filter((s: any) => s.Sid === 'DecryptAppBundle');
    // The instance role and the Image Builder build role.
    expect(decrypts).toHaveLength(2);
    for (const d of decrypts) {
      expect(d).toMatchObject({ Action: ['kms:Decrypt'], Resource: `\${aws_kms_key.${keyName}.arn}` });
      expect(d.Condition.StringEquals['kms:EncryptionContext:aws:s3:arn']).toMatch(/^\$\{aws_s3_bucket\.web_bundles_bucket_\w+\.arn\}$/);
    }
    expect(resource.aws_s3_bucket_logging).toBeUndefined();
  });
});
