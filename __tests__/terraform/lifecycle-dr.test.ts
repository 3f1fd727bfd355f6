/**
 * apply -> second plan with no changes -> destroy of `ecommerce`'s pilot light against moto, across both regions:
 * the DR region's app tier (launch templates, Auto Scaling groups at 0, the DR ALB, target groups, listener,
 * security groups, queue and DLQ, alerts topic, WAF, bundle-bucket replicas with their KMS key) and the static
 * bucket's replica, with what they reference in the primary region (the source buckets and their replication
 * rules, the bundle objects). Not the database: lifecycle-ecommerce proves the data tier (moto's RDS waiters would
 * triple this run, and the cross-region replica is a moto gap); DR parameters that name the replica's endpoint
 * depend on it and stay out with it.
 */
import { motoEnv, terraform } from './support/harness';
import { lifecycleSuite } from './support/lifecycle';
import { drSide } from './support/dr-scope';

const stack = 'ecommerce';

const observed: { resources: any[] } = { resources: [] };

lifecycleSuite(
  stack,
  {
    run: 'lifecycle-dr',
    scope: (address) => drSide(stack, address),
    afterApply: async ({ moto, dir }) => {
      const state = JSON.parse((await terraform(dir, ['show', '-json'], motoEnv(moto.endpoint))).stdout);
      observed.resources = state.values?.root_module?.resources ?? [];
    },
  },
  () => {
    const applied = (type: string) => observed.resources.filter((r) => r.type === type);

    test('the DR groups exist in the DR region at 0 instances, tagged with the strategy and their service', () => {
      const groups = applied('aws_autoscaling_group');
      expect(groups.map((g) => g.values.name).sort()).toEqual(['shop-production-dr-api', 'shop-production-dr-orders', 'shop-production-dr-web']);
      for (const g of groups) {
        expect(g.values.arn).toContain(':us-west-2:');
        expect([g.values.min_size, g.values.desired_capacity]).toEqual([0, 0]);
        expect(g.values.tag.map((t: any) => t.key)).toEqual(expect.arrayContaining(['stormproof:dr', 'Service']));
      }
    });

    test('the DR ALB and its target groups are in the DR region; the queue and its DLQ too', () => {
      const dr = (type: string) => applied(type).filter((r) => r.address.includes('.dr_region_'));
      expect(dr('aws_lb').map((l) => l.values.arn)).toEqual([expect.stringContaining(':us-west-2:')]);
      expect(dr('aws_lb_target_group').map((t) => t.values.arn)).toEqual([expect.stringContaining(':us-west-2:'), expect.stringContaining(':us-west-2:')]);
      expect(applied('aws_sqs_queue').map((q) => q.values.arn).sort()).toEqual([
        expect.stringMatching(/:us-west-2:\d+:shop-production-dr-jobs$/),
        expect.stringMatching(/:us-west-2:\d+:shop-production-dr-jobs-dlq$/),
      ]);
    });

    test('the static and bundle buckets replicate from the primary region into replicas in the DR region', () => {
      const rules = applied('aws_s3_bucket_replication_configuration');
      expect(rules).toHaveLength(4);
      const buckets = new Map(applied('aws_s3_bucket').map((b) => [b.values.arn, b.values.region]));
      for (const r of rules) {
        expect(buckets.get(`arn:aws:s3:::${r.values.bucket}`)).toBe('us-east-1');
        expect(buckets.get(r.values.rule[0].destination[0].bucket)).toBe('us-west-2');
      }
    });
  },
);
