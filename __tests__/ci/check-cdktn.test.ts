/**
 * scripts/check-cdktn.mjs's comparison and package.json rewrite, on small outputs made here (no install, no
 * synth): what may differ between the cdktf and the cdktn synth is the listed metadata and a zip's bytes; any
 * other difference fails the check and is printed with its file and path. The whole check (install, cdktn
 * synth of every stack, tests on the cdktn core) runs in __tests__/terraform/cdktn.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

const root = resolve(__dirname, '../..');
const tmp = join(root, '.scratch', 'tmp', 'check-cdktn-test');

/** A zip of `files`, deflated, every entry stamped with `dosTime` (cdktf stamps mtimes, cdktn a fixed time). */
function zip(files: Record<string, string>, dosTime: number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const header = (central: boolean) => {
      const h = Buffer.alloc(central ? 46 : 30);
      let p = 0;
      h.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, p); p += 4;
      if (central) { h.writeUInt16LE(20, p); p += 2; }
      h.writeUInt16LE(20, p); p += 2; // version needed
      h.writeUInt16LE(0, p); p += 2; // flags
      h.writeUInt16LE(8, p); p += 2; // deflate
      h.writeUInt32LE(dosTime, p); p += 4;
      h.writeUInt32LE(crc32(data), p); p += 4;
      h.writeUInt32LE(packed.length, p); p += 4;
      h.writeUInt32LE(data.length, p); p += 4;
      h.writeUInt16LE(n.length, p); p += 2;
      h.writeUInt16LE(0, p); p += 2; // extra
      if (central) h.writeUInt32LE(offset, 42);
      return h;
    };
    centrals.push(header(true), n);
    locals.push(header(false), n, packed);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const app = { 'application.py': 'def application(environ, start_response): ...\n', 'Procfile': 'web: gunicorn application\n' };
const stack = (version: string) => ({
  '//': { metadata: { backend: 'local', stackName: 'shop', version }, outputs: {} },
  provider: { aws: [{ region: 'eu-west-1' }] },
  resource: {
    aws_vpc: { network_vpc: { cidr_block: '10.0.0.0/16', enable_dns_hostnames: true } },
    aws_subnet: { a: { cidr_block: '10.0.0.0/20', vpc_id: '${aws_vpc.network_vpc.id}' }, b: { cidr_block: '10.0.16.0/20', vpc_id: '${aws_vpc.network_vpc.id}' } },
  },
  output: { vpc_id: { value: '${aws_vpc.network_vpc.id}' } },
});

/** Writes a synth output dir: stacks/shop/cdk.tf.json, its asset zip, manifest.json; `edit` alters the stack first. */
function out(name: string, version: string, dosTime: number, edit: (s: any) => void = () => {}, files = app): string {
  const dir = join(tmp, name);
  rmSync(dir, { recursive: true, force: true });
  const s = stack(version);
  edit(s);
  const write = (rel: string, data: string | Buffer) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), data);
  };
  write('stacks/shop/cdk.tf.json', JSON.stringify(s, null, 2));
  write('stacks/shop/assets/bundle/ABC/archive.zip', zip(files, dosTime));
  write('manifest.json', JSON.stringify({ version, outdir: 'cdktf.out', stacks: { shop: { name: 'shop', synthesizedStackPath: 'stacks/shop/cdk.tf.json' } } }));
  return dir;
}

const compare = (a: string, b: string) => {
  const r = spawnSync('node', ['scripts/check-cdktn.mjs', '--compare', a, b], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

beforeAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
});

const cdktf = () => out('cdktf', '0.21.0', 0x5b2a6c00);

test('the metadata version and the zip bytes may differ: same stacks, same resources, same zip contents pass', () => {
  const a = cdktf();
  const b = out('cdktn', '0.24.0', 0x00210000);
  expect(readFileSync(join(a, 'stacks/shop/assets/bundle/ABC/archive.zip')).equals(readFileSync(join(b, 'stacks/shop/assets/bundle/ABC/archive.zip')))).toBe(false);
  const r = compare(a, b);
  expect(r).toMatchObject({ code: 0 });
  expect(r.out).toContain('1 stacks compared (3 files, 1 asset zips by their 2 entries');
  expect(r.out).toMatch(/shop\s+3 resources/);
  expect(r.out).not.toContain('FAIL');
});

test('an attribute the cdktn core writes differently fails with its file, path and both values', () => {
  const r = compare(cdktf(), out('cdktn-attr', '0.24.0', 0, (s) => (s.resource.aws_vpc.network_vpc.enable_dns_hostnames = 'true')));
  expect(r.code).toBe(1);
  expect(r.out).toContain('FAIL: 1 difference(s)');
  expect(r.out).toContain('stacks/shop/cdk.tf.json: resource.aws_vpc.network_vpc.enable_dns_hostnames: true (cdktf) -> "true" (cdktn)');
});

test('a resource or output only one core writes fails, and so does other metadata than the version', () => {
  const r = compare(cdktf(), out('cdktn-extra', '0.24.0', 0, (s) => {
    delete s.resource.aws_subnet.b;
    s.output.ephemeral = { value: 'x' };
    s['//'].metadata.backend = 's3';
  }));
  expect(r.code).toBe(1);
  expect(r.out).toContain('resource.aws_subnet.b: {"cidr_block":"10.0.16.0/20","vpc_id":"${aws_vpc.network_vpc.id}"} (cdktf) -> (absent) (cdktn)');
  expect(r.out).toContain('output.ephemeral: (absent) (cdktf) -> {"value":"x"} (cdktn)');
  expect(r.out).toContain('//.metadata.backend: "local" (cdktf) -> "s3" (cdktn)');
  expect(r.out).toMatch(/shop\s+3 resources \(cdktn: 2\)/);
});

test('a zip whose contents differ fails naming the entry; a stack only one synth wrote fails too', () => {
  const b = out('cdktn-zip', '0.24.0', 0, () => {}, { ...app, 'Procfile': 'web: python application.py\n' });
  cpSync(join(b, 'stacks/shop'), join(b, 'stacks/extra'), { recursive: true });
  const r = compare(cdktf(), b);
  expect(r.code).toBe(1);
  expect(r.out).toContain('stacks/shop/assets/bundle/ABC/archive.zip: entry Procfile differs');
  expect(r.out).toContain('stacks/extra/cdk.tf.json: only in the cdktn synth');
});

test('the package.json rewrite is the README recipe: the alias, constructs 10.6.0, cdktn-cli, one core, Node 22.19', () => {
  const r = spawnSync('node', ['--input-type=module', '-e', `
    import { readFileSync } from 'node:fs';
    import { rewritePackageJson } from './scripts/check-cdktn.mjs';
    console.log(JSON.stringify(rewritePackageJson(JSON.parse(readFileSync('package.json', 'utf8')))));
  `], { cwd: root, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const pkg = JSON.parse(r.stdout);
  const original = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  expect(pkg.dependencies).toEqual({ ...original.dependencies, cdktf: 'npm:cdktn@0.24.0', constructs: '10.6.0' });
  // The bindings stay: @cdktf/provider-aws 20.1.0 (hashicorp/aws 5.100.0) on the aliased core.
  expect(pkg.dependencies['@cdktf/provider-aws']).toBe('20.1.0');
  expect(pkg.devDependencies['cdktf-cli']).toBeUndefined();
  expect(pkg.devDependencies['cdktn-cli']).toBe('0.24.0');
  expect(pkg.overrides).toEqual({ cdktf: '$cdktf' });
  expect(pkg.engines.node).toBe('>=22.19.0');
  expect(pkg.scripts.deploy).toBe('cdktn deploy --skip-provider-lock');
  expect(pkg.scripts.get).toBe('cdktn get');
});

test('README "On CDK Terrain" shows the same package.json changes the check makes', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## On CDK Terrain'));
  const shown = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]);
  const r = spawnSync('node', ['--input-type=module', '-e', `
    import { readFileSync } from 'node:fs';
    import { rewritePackageJson } from './scripts/check-cdktn.mjs';
    console.log(JSON.stringify(rewritePackageJson(JSON.parse(readFileSync('package.json', 'utf8')))));
  `], { cwd: root, encoding: 'utf8' });
  const pkg = JSON.parse(r.stdout);
  const original = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Every key the README shows is what the rewrite writes, and every key the rewrite changes is shown.
  for (const [field, values] of Object.entries(shown) as [string, Record<string, string>][]) {
    for (const [k, v] of Object.entries(values)) expect(`${field}.${k} = ${pkg[field][k]}`).toBe(`${field}.${k} = ${v}`);
  }
  const changed = (field: string) => Object.keys(pkg[field] ?? {}).filter((k) => pkg[field][k] !== original[field]?.[k]);
  for (const field of ['dependencies', 'devDependencies', 'overrides', 'engines', 'scripts']) expect(changed(field).sort()).toEqual(Object.keys(shown[field] ?? {}).sort());
  expect(section).toContain('remove `cdktf-cli`');
});
