import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Config validates before anything is built, so it must not load the AWS provider or the constructs: the
 * defaults and prop shapes it checks live in leaf `*-props.ts` files next to their constructs, which import
 * the provider (and constructs) for types only.
 */
const root = join(__dirname, '..', '..');
const src = join(root, 'src');

interface Edge {
  readonly spec: string;
  readonly typeOnly: boolean;
}

/** Every import and re-export of a file, and whether it is type-only (`import type`, `export type`). */
function edgesOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gms)) {
    edges.push({ spec: m[2], typeOnly: m[1] !== undefined });
  }
  return edges;
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, `${base}.js`, join(base, 'index.ts')].find((f) => existsSync(f));
}

function filesUnder(dir: string, keep: (f: string) => boolean): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p, keep) : keep(p) ? [p] : [];
  });
}

const rel = (f: string) => relative(root, f);
const isProps = (f: string) => /-props\.ts$/.test(f);
const PROVIDER = /^(@cdktf\/provider-aws(\/.*)?|constructs)$/;

describe('config imports only leaf props files', () => {
  const configFiles = filesUnder(join(src, 'config'), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));

  test('src/config imports nothing from src/constructs but *-props.ts, and nothing from stacks or tools', () => {
    const problems: string[] = [];
    for (const file of configFiles) {
      for (const { spec } of edgesOf(file)) {
        const target = resolveLocal(file, spec);
        if (!target) continue;
        if (target.startsWith(join(src, 'constructs')) && !isProps(target)) {
          problems.push(`${rel(file)} imports ${rel(target)}: import the construct's leaf *-props.ts instead (move the value there)`);
        }
        if (target.startsWith(join(src, 'stacks')) || target.startsWith(join(src, 'tools'))) {
          problems.push(`${rel(file)} imports ${rel(target)}: config must not depend on stacks or tools`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every *-props.ts imports the provider, constructs and construct files for types only', () => {
    const propsFiles = filesUnder(join(src, 'constructs'), isProps);
    expect(propsFiles.length).toBeGreaterThanOrEqual(10);
    const problems: string[] = [];
    for (const file of propsFiles) {
      for (const { spec, typeOnly } of edgesOf(file)) {
        if (typeOnly) continue;
        if (PROVIDER.test(spec)) problems.push(`${rel(file)} imports ${spec} as a value: use \`import type\``);
        const target = resolveLocal(file, spec);
        if (target && target.startsWith(join(src, 'constructs')) && !isProps(target)) {
          problems.push(`${rel(file)} imports ${rel(target)} as a value: use \`import type\` or move the value into a *-props.ts`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('nothing config loads at run time reaches the AWS provider or constructs', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    const visit = (file: string, via: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const { spec, typeOnly } of edgesOf(file)) {
        if (typeOnly) continue;
        if (PROVIDER.test(spec)) problems.push(`${[...via, rel(file)].join(' -> ')} loads ${spec}`);
        const target = resolveLocal(file, spec);
        if (target && target.endsWith('.ts')) visit(target, [...via, rel(file)]);
      }
    };
    for (const file of configFiles) visit(file, []);
    expect(seen.size).toBeGreaterThan(configFiles.length);
    expect(problems).toEqual([]);
  });

  test.each(['edge', 'operations', join('compute', 'eks')])('every construct of %s takes its props and defaults from a leaf *-props.ts', (domain) => {
    const dir = join(src, 'constructs', domain);
    const problems: string[] = [];
    for (const file of filesUnder(dir, (f) => f.endsWith('.ts') && !isProps(f))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^export interface (\w+Props)\b/gm)) problems.push(`${rel(file)} defines ${m[1]}: move it to a leaf *-props.ts`);
      for (const m of text.matchAll(/^export const (\w+_DEFAULTS)\b/gm)) problems.push(`${rel(file)} defines ${m[1]}: move it to a leaf *-props.ts`);
      if (/extends Construct\b/.test(text) && !existsSync(file.replace(/\.ts$/, '-props.ts'))) problems.push(`${rel(file)} is a construct without ${rel(file.replace(/\.ts$/, '-props.ts'))}`);
    }
    expect(problems).toEqual([]);
    expect(filesUnder(dir, isProps).length).toBeGreaterThanOrEqual(1);
  });

  test('the scanner sees type-only and value imports, on one line or several', () => {
    const dir = join(src, 'constructs', 'compute', 'ec2');
    const edges = edgesOf(join(dir, 'service-props.ts'));
    expect(edges).toEqual(expect.arrayContaining([
      { spec: './auto-scaling-props', typeOnly: true },
      { spec: '../../../util/rules', typeOnly: false },
    ]));
    const multi = edgesOf(join(src, 'constructs', 'data', 'database.ts')).find((e) => e.spec === './database-engine');
    expect(multi).toEqual({ spec: './database-engine', typeOnly: false });
  });
});
