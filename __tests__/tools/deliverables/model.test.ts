/** The architecture graph comes from the JSON's references: every load-bearing resource a node, every SG rule an edge. */
import { familyOf } from '../../../src/tools/deliverables/families';
import { buildModel } from '../../../src/tools/deliverables/model';
import { synthProfiles } from './support';

let synth: ReturnType<typeof synthProfiles>;
beforeAll(() => {
  synth = synthProfiles('lab,exercise');
});
afterAll(() => synth.cleanup());

const resourcesOf = (json: any, type: string) => Object.entries<any>(json.resource[type] ?? {}).map(([name, cfg]) => ({ address: `${type}.${name}`, cfg }));

describe.each(['lab', 'exercise'])('%s graph', (stack) => {
  let json: any;
  let model: ReturnType<typeof buildModel>;
  beforeAll(() => {
    json = synth.read(stack);
    model = buildModel(stack, json);
  });

  test('every load-bearing resource of the JSON is a node', () => {
    const loadBearing = Object.entries<any>(json.resource).filter(([type]) => familyOf(type).kind).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
    expect(loadBearing.filter((a) => /^aws_(lb|autoscaling_group|nat_gateway)\./.test(a)).length).toBeGreaterThanOrEqual(3);
    for (const address of loadBearing) expect(model.nodes.map((n) => n.address)).toContain(address);
  });

  test('every security-group rule is an edge with its ports', () => {
    const rules = [...resourcesOf(json, 'aws_vpc_security_group_ingress_rule'), ...resourcesOf(json, 'aws_vpc_security_group_egress_rule')];
    expect(rules.length).toBeGreaterThanOrEqual(4);
    expect(model.unmappedRules).toEqual([]);
    for (const rule of rules) {
      const edge = model.edges.find((e) => e.sources.includes(rule.address));
      expect(edge).toBeDefined();
      expect(edge!.kind).toBe('traffic');
      expect(edge!.label).toBe(`tcp ${rule.cfg.from_port}`);
    }
  });

  test('the internet (or, in front of an internal ALB, CloudFront through the origin-facing prefix list) reaches the ALB on its listener port and the ALB the web group on the app port', () => {
    const alb = model.nodes.find((n) => n.kind === 'load balancer')!;
    const cdn = model.nodes.find((n) => n.kind === 'cdn');
    const web = model.nodes.find((n) => n.kind === 'autoscaling group')!;
    const listener = Object.values<any>(json.resource.aws_lb_listener)[0];
    const tg = Object.values<any>(json.resource.aws_lb_target_group)[0];
    expect(model.edges).toContainEqual(expect.objectContaining({ from: cdn?.id ?? 'internet', to: alb.id, label: `tcp ${listener.port}` }));
    if (cdn) {
      expect(model.edges).toContainEqual(expect.objectContaining({ from: 'internet', to: cdn.id, label: 'HTTPS' }));
      expect(model.edges.filter((e) => e.from === 'internet' && e.to === alb.id)).toEqual([]);
    }
    expect(model.edges).toContainEqual(expect.objectContaining({ from: alb.id, to: web.id, label: `tcp ${tg.port}` }));
    expect(web.details).toContain(
      `min ${Object.values<any>(json.resource.aws_autoscaling_group)[0].min_size} · desired ${Object.values<any>(json.resource.aws_autoscaling_group)[0].desired_capacity} · max ${Object.values<any>(json.resource.aws_autoscaling_group)[0].max_size}`,
    );
  });

  test('subnet tiers come from the routes and agree with the subnets Tier tag', () => {
    const tagToTier: Record<string, string> = { public: 'public', app: 'private', data: 'isolated' };
    for (const s of model.subnets) {
      const cfg = json.resource.aws_subnet[s.address.split('.')[1]];
      expect(s.tier).toBe(tagToTier[cfg.tags.Tier]);
    }
    // Spread resources span every AZ; the ALB sits in public subnets (private ones behind a CloudFront VPC origin), the group in private ones.
    const azs = new Set(model.subnets.map((s) => s.az)).size;
    const internal = Object.values<any>(json.resource.aws_lb)[0].internal === true;
    expect(internal).toBe(stack === 'exercise');
    expect(model.nodes.find((n) => n.kind === 'load balancer')).toMatchObject({ spanTier: internal ? 'private' : 'public', spans: expect.any(Array) });
    expect(model.nodes.find((n) => n.kind === 'autoscaling group')!.spans).toHaveLength(azs);
    expect(model.nodes.filter((n) => n.kind === 'instances')).toHaveLength(azs);
  });
});

describe('exercise data tier', () => {
  test('primary, standby, replicas and cache members are placed by AZ and linked by replication; the app reaches them on their ports', () => {
    const json = synth.read('exercise');
    const m = buildModel('exercise', json);
    const primary = m.nodes.find((n) => n.title.includes('primary (Multi-AZ)'))!;
    const standby = m.nodes.find((n) => n.kind === 'standby')!;
    expect(m.subnets.find((s) => s.address === primary.subnet)!.az).not.toBe(m.subnets.find((s) => s.address === standby.subnet)!.az);
    const replicas = m.nodes.filter((n) => n.title.includes('read replica'));
    expect(replicas).toHaveLength(Object.values<any>(json.resource.aws_db_instance).filter((d) => d.replicate_source_db).length);
    for (const r of replicas) expect(m.edges).toContainEqual(expect.objectContaining({ from: primary.id, to: r.id, kind: 'replication' }));
    const group = Object.values<any>(json.resource.aws_elasticache_replication_group)[0];
    expect(m.nodes.filter((n) => n.resource?.startsWith('aws_elasticache_replication_group.'))).toHaveLength(group.num_cache_clusters);
    const asg = m.nodes.find((n) => n.kind === 'autoscaling group')!;
    const cache = m.nodes.find((n) => n.kind === 'cache')!;
    expect(m.edges).toContainEqual(expect.objectContaining({ from: asg.id, to: primary.id, label: 'tcp 5432' }));
    expect(m.edges).toContainEqual(expect.objectContaining({ from: asg.id, to: cache.id, label: `tcp ${group.port}` }));
    // Edge: viewers -> CloudFront -> ALB origin and S3 origin.
    const cdn = m.nodes.find((n) => n.kind === 'cdn')!;
    expect(cdn.scope).toBe('global');
    // The bucket by reference (origin); the internal ALB by the traffic its prefix-list rule admits.
    const reached = m.edges.filter((e) => e.from === cdn.id && (e.label === 'origin' || e.kind === 'traffic')).map((e) => m.nodes.find((n) => n.id === e.to)!.kind);
    expect(reached.sort()).toEqual(['bucket', 'load balancer']);
  });
});

describe('generic by type family and reference', () => {
  // A stack nobody drew before: a Lambda in private subnets reading a DynamoDB table, a new unknown type.
  const json = {
    provider: { aws: [{ region: 'eu-north-1' }] },
    resource: {
      aws_vpc: { v: { cidr_block: '10.9.0.0/16' } },
      aws_subnet: {
        a: { vpc_id: '${aws_vpc.v.id}', cidr_block: '10.9.1.0/24', availability_zone: 'eu-north-1a' },
        b: { vpc_id: '${aws_vpc.v.id}', cidr_block: '10.9.2.0/24', availability_zone: 'eu-north-1b' },
      },
      aws_security_group: {
        fn: { vpc_id: '${aws_vpc.v.id}', egress: [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'] }] },
      },
      aws_lambda_function: {
        worker: {
          function_name: 'w',
          vpc_config: { subnet_ids: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'], security_group_ids: ['${aws_security_group.fn.id}'] },
          role: '${aws_iam_role.r.arn}',
        },
      },
      aws_iam_role: { r: { name: 'r' } },
      aws_iam_role_policy: { p: { role: '${aws_iam_role.r.id}', policy: '{"Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem"],"Resource":"${aws_dynamodb_table.t.arn}"}]}' } },
      aws_dynamodb_table: { t: { name: 'orders' } },
      aws_brand_new_service: { x: { name: 'future' } },
    },
  };
  const m = buildModel('custom', json);

  test('new load-bearing types become nodes placed by the subnets they reference; SG blocks and IAM policies become edges', () => {
    const fn = m.nodes.find((n) => n.address === 'aws_lambda_function.worker')!;
    expect(fn).toMatchObject({ kind: 'compute', title: 'Lambda function', spans: ['eu-north-1a', 'eu-north-1b'] });
    expect(m.edges).toContainEqual(expect.objectContaining({ from: fn.id, to: 'internet', label: 'tcp 443', sources: ['aws_security_group.fn.egress[0]'] }));
    const table = m.nodes.find((n) => n.address === 'aws_dynamodb_table.t')!;
    expect(m.edges).toContainEqual(expect.objectContaining({ from: fn.id, to: table.id, label: 'dynamodb:GetItem' }));
  });

  test('unknown types are not drawn but stay in the model', () => {
    expect(m.nodes.some((n) => n.address.startsWith('aws_brand_new_service'))).toBe(false);
    expect(m.resources.map((r) => r.address)).toContain('aws_brand_new_service.x');
    expect(familyOf('aws_brand_new_service').tier).toBe('other');
  });
});

test('type families: security-group rules are security, not network; prefixes catch types nobody listed', () => {
  expect(familyOf('aws_vpc_security_group_ingress_rule').tier).toBe('security');
  expect(familyOf('aws_security_group').tier).toBe('security');
  expect(familyOf('aws_vpc').tier).toBe('network');
  expect(familyOf('aws_eks_addon').tier).toBe('compute');
  expect(familyOf('aws_codebuild_project').tier).toBe('delivery');
  expect(familyOf('aws_fis_experiment_template')).toMatchObject({ tier: 'operations', kind: 'operations' });
});
