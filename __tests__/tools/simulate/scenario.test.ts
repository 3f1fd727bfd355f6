import { cafe, lab } from '../../../src/config/profiles';
import { readStack } from '../../../src/tools/simulate/model';
import { scenarioForStack, scenarioNameForStack } from '../../../src/tools/simulate/scenario';
import { launchWeek, loadTestDay } from '../../../src/tools/simulate/traffic';
import { synthProfile } from './support';

describe('scenarioForStack: one scenario per profile, overridable by the stack', () => {
  const cafeJson = synthProfile(cafe);
  test('each profile maps to its named scenario', () => {
    expect(scenarioForStack('cafe', cafeJson).name).toBe('tv-evening');
    for (const [stack, name] of [
      ['ecommerce', 'black-friday'],
      ['ecommerce-eks', 'black-friday'],
      ['lab', 'load-test-day'],
      ['exercise', 'load-test-day'],
      ['fastier', 'launch-week'],
      ['fastier-beanstalk', 'launch-week'],
    ]) {
      expect(scenarioNameForStack(stack, {})).toEqual({ name, from: 'profile' });
    }
    expect(scenarioNameForStack('mystery', {})).toEqual({ name: 'tv-evening', from: 'default' });
  });

  test("a stack from a config file that extends a profile is judged by the profile's scenario (its Profile tag)", () => {
    expect(scenarioNameForStack('cafe-unscheduled', cafeJson)).toEqual({ name: 'tv-evening', from: 'profile' });
    expect(scenarioNameForStack('my-lab', synthProfile(lab))).toEqual({ name: 'load-test-day', from: 'profile' });
  });

  test('an output stormproof_scenario overrides the profile; an unknown one is refused', () => {
    const json = { ...cafeJson, output: { ...cafeJson.output, stormproof_scenario: { value: 'flash-sale' } } };
    expect(scenarioNameForStack('cafe', json)).toEqual({ name: 'flash-sale', from: 'output' });
    expect(scenarioForStack('cafe', json).name).toBe('flash-sale');
    expect(() => scenarioNameForStack('cafe', { output: { stormproof_scenario: { value: 'mardi-gras' } } })).toThrow(/stormproof_scenario "mardi-gras": use one of/);
  });

  test('the new scenarios: a load-test day of class sessions, a launch week with its spike', () => {
    const day = loadTestDay();
    expect(day.rate(0)).toBe(2);
    expect(day.rate(day.spikeAtSeconds! + 5 * 60)).toBe(120);
    const week = launchWeek();
    expect(week.durationSeconds).toBe(7 * 86400);
    expect(week.rate(week.spikeAtSeconds! + 600)).toBe(45 * 8);
    expect(week.rate(3 * 86400 + 12 * 3600)).toBe(90);
    expect(week.rate(6 * 86400 + 12 * 3600)).toBe(45);
  });
});

describe('readStack reads what the clock depends on', () => {
  test('monitoring, image source, policy warm-up, aggregation, magnitude, statistic, missing data, idle timeout', () => {
    const json = synthProfile(lab);
    const r = json.resource;
    const template: any = Object.values(r.aws_launch_template)[0];
    template.monitoring = { enabled: false };
    // The template's own tag wins over its instance tag specifications; the platform sets both.
    template.tags['stormproof:image-source'] = 'bundle';
    template.tag_specifications[0].tags['stormproof:image-source'] = 'bundle';
    for (const lb of Object.values<any>(r.aws_lb)) lb.idle_timeout = 30;
    const step = Object.values<any>(r.aws_autoscaling_policy).find((p) => p.policy_type === 'StepScaling' && p.name.includes('high'));
    Object.assign(step, { estimated_instance_warmup: 200, metric_aggregation_type: 'Maximum', min_adjustment_magnitude: 2 });
    const alarm = Object.values<any>(r.aws_cloudwatch_metric_alarm).find((a) => a.threshold === 70);
    Object.assign(alarm, { statistic: 'Maximum', treat_missing_data: 'breaching' });
    const model = readStack('lab', json);
    const web = model.groups[0];
    expect(model.warnings.join('\n')).not.toMatch(/metric_aggregation_type/);
    expect(web).toMatchObject({ detailedMonitoring: false, imageSource: 'bundle', idleTimeoutSeconds: 30 });
    const high = web.stepPolicies.find((p) => p.alarm.threshold === 70)!;
    expect(high).toMatchObject({ estimatedWarmupSeconds: 200, metricAggregationType: 'Maximum', minAdjustmentMagnitude: 2 });
    expect(high.alarm).toMatchObject({ statistic: 'Maximum', treatMissingData: 'breaching' });
    // A policy aggregating otherwise than its alarm is said so.
    alarm.statistic = 'Average';
    expect(readStack('lab', json).warnings.join('\n')).toMatch(/metric_aggregation_type Maximum differs from its alarm's statistic Average/);
    // As synthesized: detailed monitoring, the demo app (tagged demo), the ALB's 60 s.
    const shipped = readStack('lab', synthProfile(lab)).groups[0];
    expect(shipped).toMatchObject({ detailedMonitoring: true, imageSource: 'demo', idleTimeoutSeconds: 60, defaultWarmupSet: true });
    expect(shipped.stepPolicies[0].alarm).toMatchObject({ statistic: 'Average', treatMissingData: 'notBreaching' });
  });
});
