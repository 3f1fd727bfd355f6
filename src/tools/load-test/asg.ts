/**
 * The Auto Scaling group's desired and in-service counts while a load test runs, through the AWS CLI when it is on
 * PATH (no SDK dependency). Credentials are the CLI's own business: when it cannot answer, the run says so and goes on
 * without the counts.
 */
import { execFile, spawnSync } from 'node:child_process';
import { AsgReader } from './run';

/** Parses `aws autoscaling describe-auto-scaling-groups` JSON into the group's counts. */
export function countsFromDescribe(json: string, name: string): { desired: number; inService: number } | undefined {
  const group = (JSON.parse(json).AutoScalingGroups ?? []).find((g: { AutoScalingGroupName?: string }) => g.AutoScalingGroupName === name);
  if (!group) return undefined;
  const inService = (group.Instances ?? []).filter((i: { LifecycleState?: string }) => i.LifecycleState === 'InService').length;
  return { desired: Number(group.DesiredCapacity), inService };
}

/** A reader for `--asg <name>`, or the reason there is none (no AWS CLI, or it cannot describe the group). */
export function asgReader(name: string, region?: string, cli = 'aws'): { read?: AsgReader; skipped?: string } {
  const args = ['autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', name, '--output', 'json', ...(region ? ['--region', region] : [])];
  const probe = spawnSync(cli, args, { encoding: 'utf8', timeout: 20000 });
  if (probe.error) return { skipped: `desired/in-service not recorded: the AWS CLI (${cli}) is not on PATH; install it and configure credentials to follow the group` };
  if (probe.status !== 0) {
    const why = (probe.stderr || '').trim().split('\n')[0] || `exit ${probe.status}`;
    return { skipped: `desired/in-service not recorded: aws autoscaling describe-auto-scaling-groups failed (${why}); check credentials and region` };
  }
  if (!countsFromDescribe(probe.stdout, name)) return { skipped: `desired/in-service not recorded: no Auto Scaling group named ${name}` };
  const read: AsgReader = () =>
    new Promise((resolve) => execFile(cli, args, { encoding: 'utf8', timeout: 20000 }, (err, stdout) => resolve(err ? undefined : countsFromDescribe(stdout, name))));
  return { read };
}
