/** proofs.md from a state, and the CLI's arguments. (A real moto apply feeds proofs.md in __tests__/terraform/lifecycle-*.) */
import { parseArgs } from '../../../src/tools/deliverables/cli';
import { proofsMarkdown, readState } from '../../../src/tools/deliverables/proofs';

const state = {
  version: 4,
  terraform_version: '1.9.8',
  serial: 7,
  outputs: { alb_dns_name: { value: 'web-123.eu-west-1.elb.amazonaws.com', type: 'string' } },
  resources: [
    { mode: 'managed', type: 'aws_subnet', name: 'a', instances: [{ attributes: { id: 'subnet-a', availability_zone: 'eu-west-1a' } }] },
    { mode: 'managed', type: 'aws_subnet', name: 'b', instances: [{ attributes: { id: 'subnet-b', availability_zone: 'eu-west-1b' } }] },
    {
      mode: 'managed',
      type: 'aws_lb',
      name: 'alb',
      instances: [{ attributes: { name: 'web', dns_name: 'web-123.eu-west-1.elb.amazonaws.com', internal: false, subnets: ['subnet-a', 'subnet-b'], arn: 'arn:lb' } }],
    },
    {
      mode: 'managed',
      type: 'aws_lb_listener',
      name: 'http',
      instances: [{ attributes: { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: 'arn:tg' }] } }],
    },
    {
      mode: 'managed',
      type: 'aws_lb_target_group',
      name: 'tg',
      instances: [{ attributes: { name: 'web-tg', arn: 'arn:tg', port: 8080, protocol: 'HTTP', health_check: [{ path: '/health' }] } }],
    },
    {
      mode: 'managed',
      type: 'aws_autoscaling_group',
      name: 'asg',
      instances: [
        {
          attributes: {
            name: 'web-asg',
            min_size: 2,
            desired_capacity: 2,
            max_size: 6,
            vpc_zone_identifier: ['subnet-a', 'subnet-b'],
            target_group_arns: ['arn:tg'],
            health_check_type: 'ELB',
            health_check_grace_period: 120,
          },
        },
      ],
    },
    { mode: 'managed', type: 'aws_db_instance', name: 'db', instances: [{ attributes: { identifier: 'db', endpoint: 'db.x.rds.amazonaws.com:5432', engine: 'postgres', multi_az: true } }] },
    {
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'r1',
      instances: [{ attributes: { identifier: 'db-r1', endpoint: 'db-r1.x.rds.amazonaws.com:5432', engine: 'postgres', replicate_source_db: 'db' } }],
    },
    { mode: 'managed', type: 'aws_sqs_queue', name: 'q', instances: [{ attributes: { name: 'jobs', url: 'https://sqs.eu-west-1.amazonaws.com/1/jobs', arn: 'arn:q' } }] },
    { mode: 'data', type: 'aws_region', name: 'r', instances: [{ attributes: {} }] },
  ],
};

test('proofs.md lists the DNS name, listeners, targets, groups by AZ, writer/reader endpoints and queue URLs from the state', () => {
  const md = proofsMarkdown('cafe', readState(state, 'terraform.tfstate'), 'terraform.tfstate');
  expect(md).toContain('Terraform 1.9.8, serial 7): 9 managed resources');
  expect(md).toContain('| web | web-123.eu-west-1.elb.amazonaws.com | internet-facing | eu-west-1a, eu-west-1b | arn:lb |');
  expect(md).toContain('| HTTP:80 | forward → web-tg |');
  expect(md).toContain('| web-tg | HTTP:8080 | /health | Auto Scaling group web-asg (instances register on launch) |');
  expect(md).toContain('| web-asg | 2 | 2 | 6 | eu-west-1a, eu-west-1b | ELB (grace 120 s) | web-tg |');
  expect(md).toContain('| db | writer | db.x.rds.amazonaws.com:5432 |');
  expect(md).toContain('| db-r1 | reader (replica of db) | db-r1.x.rds.amazonaws.com:5432 |');
  expect(md).toContain('| jobs | https://sqs.eu-west-1.amazonaws.com/1/jobs |');
  expect(md).toContain('| alb_dns_name | web-123.eu-west-1.elb.amazonaws.com |');
});

test('terraform show -json output reads the same way; anything else is refused with the fix', () => {
  const shown = {
    format_version: '1.0',
    terraform_version: '1.9.8',
    values: { outputs: { x: { value: 1 } }, root_module: { resources: [{ mode: 'managed', type: 'aws_sqs_queue', address: 'aws_sqs_queue.q', values: { name: 'jobs', url: 'u' } }] } },
  };
  const view = readState(shown);
  expect(view.resources).toEqual([{ address: 'aws_sqs_queue.q', type: 'aws_sqs_queue', attributes: { name: 'jobs', url: 'u' } }]);
  expect(view.outputs).toEqual({ x: 1 });
  expect(() => readState({ hello: 1 }, 'plan.json')).toThrow(/plan.json is not a Terraform state .*pass terraform.tfstate/);
});

test('CLI arguments', () => {
  expect(parseArgs([])).toMatchObject({ stacks: [], compare: [], readme: false, png: true, synthDir: 'cdktf.out', outDir: 'deliverables' });
  expect(parseArgs(['cafe', '--state', 's.tfstate', '--plan', 'p.json', '--no-png'])).toMatchObject({ stacks: ['cafe'], state: 's.tfstate', plan: 'p.json', png: false });
  expect(parseArgs(['--compare', 'cafe'])).toMatchObject({ stacks: [], compare: ['cafe'] });
  expect(() => parseArgs(['--state', 's.tfstate'])).toThrow(/--plan and --state describe one stack: name it/);
  expect(() => parseArgs(['cafe', '--state'])).toThrow(/--state needs a value/);
  expect(() => parseArgs(['--bogus'])).toThrow(/unknown option --bogus/);
});
