/**
 * Every Kubernetes manifest synth writes (cdktf.out/k8s/<stack>/*.yaml; here the globalSetup's synth) against
 * Kubernetes' own schemas, offline: kubernetes-validate 1.37.0 (.venv/kubernetes-validate, see
 * scripts/toolchain.sh) with --strict (unknown fields fail) and -k <the stack's eks.version>. Objects it has no
 * schema for must be custom resources listed in src/k8s/workloads.ts (CUSTOM_RESOURCES), never skipped silently.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES } from '../../src/config/profiles';
import { CUSTOM_RESOURCES, renderManifests } from '../../src/k8s/workloads';
import { Testing } from 'cdktf';
import { PlatformStack } from '../../src/stacks/platform-stack';
import { ecommerceEks } from '../../src/config/profiles';
import { log, record, run, scratch, seconds, skipRequested, synthDir, toolPath } from './support/harness';

const suite = skipRequested ? describe.skip : describe;
const validator = toolPath('STORMPROOF_KUBERNETES_VALIDATE', '.venv', 'kubernetes-validate', 'bin', 'kubernetes-validate');

interface Outcome {
  code: number;
  passed: string[];
  custom: string[];
  problems: string[];
  ms: number;
}

/** Runs kubernetes-validate and sorts its lines: passed objects, known custom resources, everything else. */
async function validate(files: string[], version: string): Promise<Outcome> {
  const r = await run(validator, ['--strict', '-k', version, ...files]);
  const passed: string[] = [];
  const custom: string[] = [];
  const problems: string[] = [];
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim())) {
    const ok = /^INFO \S+ passed for resource (\S+) against version/.exec(line);
    const noSchema = /^WARN \S+ Couldn't find schema for kind (\S+) with api version (\S+) for kubernetes version/.exec(line);
    if (ok) passed.push(ok[1]);
    else if (noSchema && CUSTOM_RESOURCES.some((c) => c.kind === noSchema[1] && c.apiVersion === noSchema[2])) custom.push(`${noSchema[2]} ${noSchema[1]}`);
    else problems.push(line);
  }
  return { code: r.code, passed, custom, problems, ms: r.ms };
}

suite('kubernetes-validate --strict over every synthesized manifest', () => {
  const eksStacks = Object.values(PROFILES).filter((p) => p.compute === 'eks').map((p) => p.name).sort();
  const outcomes = new Map<string, Outcome>();
  const k8sDir = join(synthDir, 'k8s');

  beforeAll(async () => {
    for (const stack of eksStacks) {
      const dir = join(k8sDir, stack);
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f)) : [];
      const o = await validate(files, PROFILES[stack].eks!.version);
      outcomes.set(stack, o);
      log(`${stack}: kubernetes-validate --strict -k ${PROFILES[stack].eks!.version}: ${files.length} files, ${o.passed.length} objects passed, ` +
        `${o.custom.length} custom resources (${[...new Set(o.custom)].join(', ')}), ${o.problems.length} problems (${seconds(o.ms)})`);
      for (const p of o.problems) log(`${stack}: ${p}`);
    }
    record('kubernetes-validate', [...outcomes].map(([stack, o]) => ({ stack, passed: o.passed.length, custom: o.custom.length, problems: o.problems.length, ms: o.ms })));
  }, 120_000);

  test('synth wrote manifests for exactly the stacks with compute "eks"', () => {
    expect(eksStacks).toContain('ecommerce-eks');
    expect(readdirSync(k8sDir).sort()).toEqual(eksStacks);
  });

  test.each(eksStacks)('%s: every object passes the schemas of its Kubernetes minor, strictly', (stack) => {
    const o = outcomes.get(stack)!;
    expect(o.problems).toEqual([]);
    expect(o.code).toBe(0);
    // Per web service: Deployment, HPA, PDB, Service, Ingress, ServiceAccount; all checked, none skipped.
    for (const s of PROFILES[stack].services.filter((x) => x.kind === 'web')) {
      for (const kind of ['deployment', 'horizontalpodautoscaler', 'poddisruptionbudget', 'service', 'ingress', 'serviceaccount']) {
        expect(o.passed).toContain(`${kind}/${s.name}`);
      }
    }
    // Auto Mode's IngressClass and the namespace (with its readiness-gate label) are core objects, checked too.
    for (const object of ['ingressclass/alb', `namespace/${PROFILES[stack].eks!.namespace}`]) expect(o.passed).toContain(object);
  });

  test('every listed custom resource is still used (a stale entry would hide nothing and mislead)', () => {
    const used = new Set([...outcomes.values()].flatMap((o) => o.custom));
    expect(CUSTOM_RESOURCES.map((c) => `${c.apiVersion} ${c.kind}`).filter((c) => !used.has(c))).toEqual([]);
  });

  test("a service with its own container (image, command, port, probes, resources) passes strictly too", async () => {
    const container = {
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2',
      command: ['./api', '--serve'],
      port: 9000,
      readinessPath: '/ready',
      livenessPath: '/alive',
      resources: { cpuMillis: 500, memoryMiB: 768, memoryLimitMiB: 1024 },
    };
    const profile = { ...ecommerceEks, services: ecommerceEks.services.map((s) => (s.name === 'api' ? { ...s, container } : s)) };
    const stack = new PlatformStack(Testing.app(), 'ecommerce-eks', { profile });
    const dir = join(scratch, 'kubernetes-validate', 'container');
    mkdirSync(dir, { recursive: true });
    const files = Object.entries(renderManifests(stack.eks!.manifestValues())).map(([name, yaml]) => {
      writeFileSync(join(dir, name), yaml);
      return join(dir, name);
    });
    const o = await validate(files, ecommerceEks.eks!.version);
    expect(o.problems).toEqual([]);
    expect(o.code).toBe(0);
    expect(o.passed).toEqual(expect.arrayContaining(['deployment/api', 'service/api', 'ingress/api']));
  }, 120_000);

  test('--strict is really on: a misspelt field fails validation', async () => {
    const dir = join(scratch, 'kubernetes-validate');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: typo}',
      'spec:', '  selector: {matchLabels: {app: typo}}', '  template:', '    metadata: {labels: {app: typo}}',
      '    spec:', '      containers:', '        - {name: app, image: "busybox:1.36", imagePullPolice: Always}', '',
    ].join('\n'));
    const o = await validate([file], '1.35');
    expect(o.code).not.toBe(0);
    expect(o.problems.join('\n')).toMatch(/imagePullPolice/);
  });
});
