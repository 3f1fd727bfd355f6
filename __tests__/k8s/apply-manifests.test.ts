import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EKS_VERSIONS } from '../../src/constructs/compute/eks/eks-cluster-props';
import { KEDA, KEDA_VERSION_ANNOTATION, kedaReleaseManifest } from '../../src/k8s/keda';
import { root, synthesizedProfiles } from '../support/profiles';

/**
 * `bash scripts/eks/apply-manifests.sh cdktf.out/k8s/<stack>` (docs/eks.md's deploy step) against a stand-in
 * kubectl that records its calls: KEDA's release manifest at the version the manifests were rendered for goes in
 * first, server-side, then the wait for its CRDs and deployments, then the stack's manifests.
 */
const work = mkdtempSync(join(tmpdir(), 'stormproof-apply-'));
const bin = join(work, 'bin');
const calls = join(work, 'kubectl.log');
cpSync(join(__dirname, 'kubectl-stand-in.sh'), join(bin, 'kubectl'));
chmodSync(join(bin, 'kubectl'), 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function apply(dir: string) {
  writeFileSync(calls, '');
  const r = spawnSync('bash', [join(root, 'scripts', 'eks', 'apply-manifests.sh'), dir], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, KUBECTL_LOG: calls },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, kubectl: readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean) };
}

/** A copy of ecommerce-eks's manifests as synth wrote them, which a case may change. */
function manifests(name: string): string {
  const dir = join(work, name);
  cpSync(join(synthesizedProfiles().dir, 'k8s', 'ecommerce-eks'), dir, { recursive: true });
  return dir;
}

describe('apply-manifests.sh', () => {
  test('ecommerce-eks: KEDA at the pinned version first, server-side; then its CRDs and deployments are waited for; then the manifests', () => {
    const dir = manifests('eks');
    expect(readFileSync(join(dir, 'service-orders.yaml'), 'utf8')).toContain(`${KEDA_VERSION_ANNOTATION}: ${KEDA.version}`);
    const r = apply(dir);
    expect(r.code).toBe(0);
    expect(r.kubectl).toEqual([
      `apply --server-side -f ${kedaReleaseManifest()}`,
      `wait --for condition=established --timeout=120s ${KEDA.crds.map((c) => `crd/${c}`).join(' ')}`,
      `-n ${KEDA.namespace} wait --for condition=available --timeout=300s deployment --all`,
      `apply -f ${dir}`,
    ]);
    expect(kedaReleaseManifest('2.20.0')).toBe('https://github.com/kedacore/keda/releases/download/v2.20.0/keda-2.20.0.yaml');
  });

  test('manifests without KEDA objects install no KEDA', () => {
    const dir = manifests('no-worker');
    rmSync(join(dir, 'service-orders.yaml'));
    expect(apply(dir).kubectl).toEqual([`apply -f ${dir}`]);
  });

  test('manifests rendered for two KEDA versions, or none at all, are refused before kubectl runs', () => {
    const dir = manifests('mixed');
    const file = join(dir, 'service-orders.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(`${KEDA_VERSION_ANNOTATION}: ${KEDA.version}`, `${KEDA_VERSION_ANNOTATION}: 2.19.0`));
    const mixed = apply(dir);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/rendered for different KEDA versions \(2\.19\.0 2\.20\.0 \): run npm run synth again/);
    expect(mixed.kubectl).toEqual([]);
    const empty = apply(join(work, 'bin-missing'));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/holds no manifests: run npm run synth/);
  });

  test('the pinned KEDA release was tested on every Kubernetes version the config allows', () => {
    for (const v of EKS_VERSIONS) expect(KEDA.kubernetes).toContain(v);
  });
});
