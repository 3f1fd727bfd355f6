import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { fastier, fastierBeanstalk } from '../../../src/config/profiles';
import { ProfileConfig } from '../../../src/config/types';
import { PlatformStack } from '../../../src/stacks/platform-stack';
import { idleEnvironment, main, readBlueGreen } from '../../../src/tools/bluegreen/bluegreen';
import { isBuiltIn } from '../../support/synth';
import { synthesizedProfiles } from '../../support/profiles';

const synthDir = mkdtempSync(join(tmpdir(), 'bluegreen-'));
const write = (profile: ProfileConfig) => {
  // A built-in profile as shipped comes from the run's one synth of every profile (the same Testing.synth text).
  const json = isBuiltIn(profile) ? synthesizedProfiles().testing(profile.name) : Testing.synth(new PlatformStack(Testing.app(), profile.name, { profile }));
  mkdirSync(join(synthDir, 'stacks', profile.name), { recursive: true });
  writeFileSync(join(synthDir, 'stacks', profile.name, 'cdk.tf.json'), json);
  return JSON.parse(json);
};
const blueGreen = write(fastierBeanstalk);
write(fastier);
write({ ...fastierBeanstalk, name: 'eb-immutable', beanstalk: { ...fastierBeanstalk.beanstalk!, deployment: 'immutable' } });

const cli = (args: string[], answers: Record<string, string> = {}) => {
  const lines: string[] = [];
  const ran: string[][] = [];
  const code = main([...args, '--synth-dir', synthDir], {
    log: (l) => lines.push(l),
    run: (argv) => {
      ran.push(argv);
      return answers[argv[2]] ?? '';
    },
  });
  return { code, lines, ran };
};

describe('npm run bluegreen', () => {
  const b = readBlueGreen('fastier-beanstalk', blueGreen);

  test('names come from the stack outputs: application, environments, region and version', () => {
    expect(b).toEqual({
      stack: 'fastier-beanstalk',
      region: 'eu-west-1',
      application: 'fastier-eb-production-web',
      blue: 'fastier-eb-production-web-blue',
      green: 'fastier-eb-production-web-green',
      versionLabel: expect.stringMatching(/^fastier-eb-production-web-[0-9a-f]{12}$/),
    });
  });

  test('swap prints the exact swap-environment-cnames command and runs it only with --run', () => {
    const printed = cli(['fastier-beanstalk', 'swap']);
    expect(printed.lines[1]).toBe(
      'aws elasticbeanstalk swap-environment-cnames --region eu-west-1 --source-environment-name fastier-eb-production-web-blue --destination-environment-name fastier-eb-production-web-green',
    );
    expect(printed.ran).toEqual([]);
    const ran = cli(['fastier-beanstalk', 'swap', '--run']);
    expect(ran.ran).toEqual([printed.lines[1].split(' ')]);
  });

  test('deploy --run finds the idle environment from describe-environments and deploys the version to it', () => {
    const answer = JSON.stringify([
      { Name: 'fastier-eb-production-web-blue', CNAME: 'fastier-eb-production-web-idle.eu-west-1.elasticbeanstalk.com' },
      { Name: 'fastier-eb-production-web-green', CNAME: 'fastier-eb-production-web.eu-west-1.elasticbeanstalk.com' },
    ]);
    const r = cli(['fastier-beanstalk', 'deploy', '--run', '--version', 'v42'], { 'describe-environments': answer });
    expect(r.ran.map((c) => c[2])).toEqual(['describe-environments', 'update-environment']);
    expect(r.ran[1]).toEqual(['aws', 'elasticbeanstalk', 'update-environment', '--region', 'eu-west-1', '--environment-name', 'fastier-eb-production-web-blue', '--version-label', 'v42']);
    // Without --run it prints both steps with a placeholder for the idle environment.
    expect(cli(['fastier-beanstalk', 'deploy']).lines.join('\n')).toContain(`--environment-name '<idle environment>' --version-label ${b.versionLabel}`);
  });

  test('the live environment must be unambiguous', () => {
    expect(() => idleEnvironment(b, [{ Name: b.blue, CNAME: 'x' }, { Name: b.green, CNAME: 'y' }])).toThrow(/cannot tell the live environment/);
  });

  test('refuses stacks without two environments and bad usage, naming the fix', () => {
    expect(() => cli(['fastier', 'swap'])).toThrow(/fastier has no Beanstalk environments/);
    expect(() => cli(['eb-immutable', 'swap'])).toThrow(/runs one Beanstalk environment .*set beanstalk.deployment to "blue-green"/);
    expect(() => cli(['fastier-beanstalk', 'flip'])).toThrow(/^usage: npm run bluegreen/);
    expect(() => cli(['nope', 'swap'])).toThrow(/no synthesized stack .*STORMPROOF_PROFILES=nope npm run synth/);
  });
});
