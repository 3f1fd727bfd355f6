/**
 * apply -> second plan with no changes -> destroy of the `ecommerce` stack against moto (see support/lifecycle.ts),
 * except the DR region's app tier and static replica, which lifecycle-dr applies (support/dr-scope.ts): each resource
 * is proved once per run. What those reference here (the CloudFront standby origin's ALB) comes along.
 *
 * Between the apply and the second plan, the EC2 release path on the two blue-green web services (web, api), on the
 * fleet this apply has just built (it had its own apply of the same groups before, 300 s of a loaded run): a release (a
 * new app bundle in the web launch template's user data, as a new bundle key would be); plan shows the launch
 * template updated in place and the Auto Scaling groups neither replaced nor moved (launch_template is the release's);
 * apply; scripts/ci/release-fleets.sh reads the group from moto and would send StartInstanceRefresh (desired
 * configuration = the new version, AutoRollback, alarms that exist in moto).
 * moto 5.2.1 has no instance refresh at all (Start/Describe/Rollback InstanceRefresh are not implemented),
 * so the refresh itself, its checkpoints and its rollback cannot run here; the test proves the script
 * refuses to claim a release when StartInstanceRefresh fails.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lifecycleSuite, withDependencies } from './support/lifecycle';
import { drSide } from './support/dr-scope';
import { loadStack, log, motoEnv, resourceAddresses, root, run, terraform, toolEnv, TfJson } from './support/harness';

const stack = 'ecommerce';
const json: TfJson = (() => {
  try {
    return loadStack(stack);
  } catch {
    return {};
  }
})();
const address = (type: string, prefix: string) => `${type}.${Object.keys(json.resource?.[type] ?? {}).find((n) => n.startsWith(prefix))}`;
const releaseSide = (a: string) =>
  /^aws_autoscaling_group\.service-(web|api)_asg_/.test(a) || /^aws_cloudwatch_metric_alarm\.alerts_alarm-(web|api)-(target-5xx|unhealthy-hosts)_/.test(a);

interface Observed {
  outputBefore: any;
  plan: any;
  outputAfter: any;
  groupVersionInState: string;
  alarmsInState: string[];
  realRun: { code: number; stdout: string; stderr: string };
}
const observed = {} as Observed;

lifecycleSuite(
  stack,
  {
    scope: (a) => !drSide(stack, a),
    afterApply: async ({ moto, dir }) => {
      const env = motoEnv(moto.endpoint);
      // The AWS CLI refuses an empty AWS_PROFILE (Terraform ignores it): the CLI gets the rest of the moto env.
      const cliEnv = toolEnv(env);
      delete cliEnv.AWS_PROFILE;
      const script = (...args: string[]) => run('bash', [join(root, 'scripts/ci/release-fleets.sh'), stack, '--dir', dir, ...args], { env: cliEnv, timeoutMs: 120_000 });
      const outputs = async () => JSON.parse((await terraform(dir, ['output', '-json'], env)).stdout);
      observed.outputBefore = (await outputs()).fleet_releases?.value;

      // The release: a new app bundle in user data (a new bundle key would change it the same way).
      const lt = address('aws_launch_template', 'service-web_launch-template_');
      const name = lt.split('.')[1];
      const userData = Buffer.from(json.resource.aws_launch_template[name].user_data, 'base64').toString('utf8');
      const released = Buffer.from(`${userData}\n# release: bundle 2\n`, 'utf8').toString('base64');
      writeFileSync(join(dir, 'stormproof_release_override.tf.json'), JSON.stringify({ resource: { aws_launch_template: { [name]: { user_data: released } } } }, null, 2));
      // The whole scope, as the lifecycle applied it: a targeted apply updates only outputs whose references are all targeted.
      const targets = withDependencies(json, resourceAddresses(json).filter(releaseSide)).map((a) => `-target=${a}`);
      await terraform(dir, ['plan', '-input=false', '-no-color', '-out=release.tfplan', ...targets], env, [0, 2]);
      observed.plan = JSON.parse((await terraform(dir, ['show', '-json', 'release.tfplan'], env)).stdout);
      await terraform(dir, ['apply', '-input=false', '-auto-approve', '-no-color', 'release.tfplan'], env);

      observed.outputAfter = (await outputs()).fleet_releases?.value;
      // What Terraform recorded: the group's launch template version and the alarms it created.
      const state = JSON.parse((await terraform(dir, ['show', '-json'], env)).stdout);
      const applied: any[] = state.values?.root_module?.resources ?? [];
      const asgState = applied.find((r) => r.address === address('aws_autoscaling_group', 'service-web_asg_'));
      observed.groupVersionInState = String(asgState?.values?.launch_template?.[0]?.version);
      observed.alarmsInState = applied.filter((r) => r.type === 'aws_cloudwatch_metric_alarm').map((r) => r.values.alarm_name);
      observed.realRun = await script();
      log(`${stack}: release-fleets.sh without --dry-run against moto exited ${observed.realRun.code}: ${observed.realRun.stderr.trim().split('\n').pop()}`);
    },
  },
  () => {
    const change = (addr: string) => observed.plan.resource_changes.find((rc: any) => rc.address === addr);

    test('before the release each blue/green group is published with its newest launch template version (1)', () => {
      expect(Object.keys(observed.outputBefore).sort()).toEqual(['api', 'web']);
      for (const k of ['api', 'web']) expect(observed.outputBefore[k].DesiredConfiguration.LaunchTemplate.Version).toBe('1');
    });

    test('a release plans the launch template in place; the group is neither replaced nor moved onto it', () => {
      const lt = change(address('aws_launch_template', 'service-web_launch-template_'));
      expect(lt.change.actions).toEqual(['update']);
      expect(lt.change.before.user_data).not.toBe(lt.change.after.user_data);
      const asg = change(address('aws_autoscaling_group', 'service-web_asg_'));
      expect(asg.change.actions).not.toContain('delete');
      expect(asg.change.actions).not.toContain('create');
      // launch_template is the release's (ignore_changes): whatever else moto drifts, not that.
      expect(asg.change.after.launch_template).toEqual(asg.change.before.launch_template);
      expect(observed.plan.resource_changes.filter((rc: any) => /codedeploy|codepipeline/.test(rc.type))).toEqual([]);
    });

    // moto 5.2.1's DescribeAutoScalingGroups answers LaunchTemplate without Version, so the group's version is read
    // from Terraform's state (what a later plan compares against), and release-fleets.sh's dry run is not asserted here.
    test('after apply the template has a new version, the group (in state) still runs the old one, and the release input names it', () => {
      const web = observed.outputAfter.web;
      expect(web.DesiredConfiguration.LaunchTemplate.Version).toBe('2');
      expect(observed.groupVersionInState).toBe('1');
      expect(web.Preferences).toMatchObject({ AutoRollback: true, MinHealthyPercentage: 100, MaxHealthyPercentage: 200, SkipMatching: true });
    });

    test('the alarms the refresh rolls back on were applied with the stack', () => {
      expect(observed.outputAfter.web.Preferences.AlarmSpecification.Alarms.sort()).toEqual(['shop-production-web-target-5xx', 'shop-production-web-unhealthy-hosts']);
      expect(observed.alarmsInState).toEqual(expect.arrayContaining(observed.outputAfter.web.Preferences.AlarmSpecification.Alarms));
    });

    test('moto cannot run an instance refresh: the script fails loudly instead of claiming a release', () => {
      expect(observed.realRun.code).not.toBe(0);
      expect(observed.realRun.stdout).not.toMatch(/instance refresh \S+ rolls/);
    });
  },
);
