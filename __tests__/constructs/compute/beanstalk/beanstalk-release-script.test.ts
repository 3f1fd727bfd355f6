import { terraformLiteral } from '../../../../src/constructs/compute/beanstalk/beanstalk-deploy-stage';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEANSTALK_RELEASE_SCRIPT, beanstalkReleaseBuildspec } from '../../../../src/constructs/compute/beanstalk/beanstalk-release-script';

/**
 * The release script as CodeBuild runs it (the buildspec's one bash command), against a fake `aws` that keeps the two
 * environments' CNAMEs in a file (swap-environment-cnames trades them) and a fake `curl` answering a fixed code.
 */
const APP = 'shop-prod-web';
const cname = (prefix: string) => `${prefix}.eu-west-1.elasticbeanstalk.com`;

function world(state: string, curlCode = '200') {
  const dir = mkdtempSync(join(tmpdir(), 'eb-release-'));
  writeFileSync(join(dir, 'state'), state);
  writeFileSync(
    join(dir, 'aws'),
    `#!/bin/bash
echo "aws $*" >>"${dir}/calls"
case "$2" in
  describe-environments) cat "${dir}/state" ;;
  swap-environment-cnames)
    awk '{ n[NR] = $1; c[NR] = $2; s[NR] = $3 } END { print n[1] "\\t" c[2] "\\t" s[1]; print n[2] "\\t" c[1] "\\t" s[2] }' "${dir}/state" >"${dir}/swapped"
    mv "${dir}/swapped" "${dir}/state" ;;
  wait) ;;
  *) echo "fake aws: unexpected $*" >&2; exit 2 ;;
esac
`,
  );
  writeFileSync(join(dir, 'curl'), `#!/bin/bash\necho "curl $*" >>"${dir}/calls"\nprintf '%s' "${curlCode}"\n`);
  chmodSync(join(dir, 'aws'), 0o755);
  chmodSync(join(dir, 'curl'), 0o755);
  const run = (env: Record<string, string>) => {
    // As CodeBuild does: the command, then the exported variables read from the same shell.
    const r = spawnSync('bash', ['-c', `${BEANSTALK_RELEASE_SCRIPT}\necho "EXPORT LIVE_ENV=\${LIVE_ENV:-} IDLE_ENV=\${IDLE_ENV:-} IDLE_CNAME=\${IDLE_CNAME:-}"`], {
      encoding: 'utf8',
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        APP,
        ENVIRONMENTS: `${APP}-blue ${APP}-green`,
        LIVE_CNAME_PREFIX: APP,
        SCHEME: 'http',
        HEALTH_PATH: '/health',
        SMOKE_TRIES: '2',
        SMOKE_WAIT: '0',
        ...env,
      },
    });
    const exported = /EXPORT (.*)/.exec(r.stdout)?.[1];
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, exported };
  };
  const calls = () => {
    try {
      return readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  };
  return { run, calls, state: () => readFileSync(join(dir, 'state'), 'utf8'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const rows = (...r: [string, string, string][]) => r.map((x) => x.join('\t')).join('\n') + '\n';
const initial = rows([`${APP}-blue`, cname(APP), 'Ready'], [`${APP}-green`, cname(`${APP}-idle`), 'Ready']);

describe('Beanstalk blue/green release script', () => {
  test('find: green is idle at first; after a swap blue is (the deploy never targets the live one)', () => {
    const w = world(initial);
    const first = w.run({ STEP: 'find' });
    expect(first.status).toBe(0);
    expect(first.exported).toBe(`LIVE_ENV=${APP}-blue IDLE_ENV=${APP}-green IDLE_CNAME=${cname(`${APP}-idle`)}`);
    const describe = `aws elasticbeanstalk describe-environments --application-name ${APP} --environment-names ${APP}-blue ${APP}-green`;
    expect(w.calls()[0]).toBe(`${describe} --no-include-deleted --query Environments[].[EnvironmentName,CNAME,Status] --output text`);

    // Swap, then the next release resolves the other way round.
    expect(w.run({ STEP: 'swap', LIVE_ENV: `${APP}-blue`, IDLE_ENV: `${APP}-green` }).status).toBe(0);
    expect(w.calls()).toContain(`aws elasticbeanstalk swap-environment-cnames --source-environment-name ${APP}-green --destination-environment-name ${APP}-blue`);
    expect(w.run({ STEP: 'find' }).exported).toBe(`LIVE_ENV=${APP}-green IDLE_ENV=${APP}-blue IDLE_CNAME=${cname(`${APP}-idle`)}`);
    w.cleanup();
  });

  test('find refuses when no environment or both hold the live name, or one is not Ready', () => {
    for (const [state, message] of [
      [rows([`${APP}-blue`, cname('other'), 'Ready'], [`${APP}-green`, cname(`${APP}-idle`), 'Ready']), /expected one live and one idle environment/],
      [rows([`${APP}-blue`, cname(APP), 'Ready']), /expected one live and one idle environment .*idle \[\]/],
      [rows([`${APP}-blue`, cname(APP), 'Ready'], [`${APP}-green`, cname(`${APP}-idle`), 'Updating']), /not Ready/],
    ] as const) {
      const w = world(state);
      const r = w.run({ STEP: 'find' });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(message) });
      w.cleanup();
    }
  });

  test('smoke: 200 from the idle CNAME passes; anything else fails after the tries, and https skips the name check only', () => {
    const ok = world(initial);
    const passed = ok.run({ STEP: 'smoke', IDLE_CNAME: cname(`${APP}-idle`), SCHEME: 'https' });
    expect(passed.status).toBe(0);
    expect(ok.calls()).toEqual([`curl -sS -o /dev/null -w %{http_code} --max-time 10 --insecure https://${cname(`${APP}-idle`)}/health`]);
    ok.cleanup();
    const bad = world(initial, '502');
    const failed = bad.run({ STEP: 'smoke', IDLE_CNAME: cname(`${APP}-idle`) });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/smoke test of the idle .* failed: nothing was swapped/);
    expect(bad.calls()).toHaveLength(2);
    expect(bad.calls()[0]).not.toContain('--insecure');
    bad.cleanup();
  });

  test('swap refuses when the live environment changed since the release was tested (no swap call)', () => {
    const w = world(initial);
    const r = w.run({ STEP: 'swap', LIVE_ENV: `${APP}-green`, IDLE_ENV: `${APP}-blue` });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${APP}-blue is live now, not ${APP}-green`));
    expect(w.calls().filter((c) => c.includes('swap-environment-cnames'))).toEqual([]);
    expect(w.state()).toBe(initial);
    w.cleanup();
  });

  test('the buildspec runs the script in bash and exports the three variables the later actions read', () => {
    const spec = JSON.parse(beanstalkReleaseBuildspec());
    expect(spec).toEqual({ version: '0.2', env: { shell: 'bash', 'exported-variables': ['LIVE_ENV', 'IDLE_ENV', 'IDLE_CNAME'] }, phases: { build: { commands: [BEANSTALK_RELEASE_SCRIPT] } } });
    const w = world(initial);
    expect(w.run({ STEP: 'deploy' }).stderr).toMatch(/STEP must be find, smoke or swap, not deploy/);
    w.cleanup();
  });

  test('the buildspec reaches CodeBuild as written: Terraform sees $${ and %%{, never a template of its own', () => {
    const literal = terraformLiteral(beanstalkReleaseBuildspec());
    expect(literal).not.toMatch(/(^|[^$])\$\{/);
    expect(literal).not.toMatch(/(^|[^%])%\{/);
    expect(literal.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')).toBe(beanstalkReleaseBuildspec());
  });
});
