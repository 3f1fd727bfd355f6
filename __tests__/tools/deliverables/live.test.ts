/** --live: signed Query-API calls for ASG instances and target health, and a probe of the ALB's DNS name. */
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { liveFacts, liveMarkdown, signQuery } from '../../../src/tools/deliverables/live';
import { readState } from '../../../src/tools/deliverables/proofs';

test('SigV4 headers: credential scope, signed headers, a deterministic signature, the session token when there is one', () => {
  const h = signQuery(
    'https://autoscaling.eu-west-1.amazonaws.com/',
    'Action=X',
    'eu-west-1',
    'autoscaling',
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    new Date('2026-01-02T03:04:05Z'),
  );
  expect(h['x-amz-date']).toBe('20260102T030405Z');
  expect(h.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/eu-west-1\/autoscaling\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/);
  const again = signQuery(
    'https://autoscaling.eu-west-1.amazonaws.com/',
    'Action=X',
    'eu-west-1',
    'autoscaling',
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    new Date('2026-01-02T03:04:05Z'),
  );
  expect(again.authorization).toBe(h.authorization);
  expect(signQuery('https://x/', 'Action=Y', 'eu-west-1', 'autoscaling', { accessKeyId: 'A', secretAccessKey: 's', sessionToken: 't' })['x-amz-security-token']).toBe('t');
});

describe('against a fake AWS endpoint', () => {
  let server: Server;
  let endpoint: string;
  const seen: { body: string; auth?: string }[] = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      /* eslint-disable max-len -- AWS Query API responses, verbatim */
      req.on('end', () => {
        seen.push({ body, auth: req.headers.authorization });
        const params = new URLSearchParams(body);
        res.setHeader('content-type', 'text/xml');
        if (params.get('Action') === 'DescribeAutoScalingGroups') {
          res.end(`<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>${params.get('AutoScalingGroupNames.member.1')}</AutoScalingGroupName><Instances>
            <member><InstanceId>i-1</InstanceId><AvailabilityZone>eu-west-1a</AvailabilityZone><LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus><InstanceType>t3.small</InstanceType></member>
            <member><InstanceId>i-2</InstanceId><AvailabilityZone>eu-west-1b</AvailabilityZone><LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus><InstanceType>t3.small</InstanceType></member>
          </Instances></member></AutoScalingGroups></DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>`);
        } else if (params.get('Action') === 'DescribeTargetHealth') {
          res.end(
            '<DescribeTargetHealthResponse><DescribeTargetHealthResult><TargetHealthDescriptions><member><Target><Id>i-1</Id><Port>8080</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member></TargetHealthDescriptions></DescribeTargetHealthResult></DescribeTargetHealthResponse>',
          );
        } else {
          res.statusCode = 400;
          res.end('<ErrorResponse><Error><Message>unknown action</Message></Error></ErrorResponse>');
        }
      });
      /* eslint-enable max-len */
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const view = readState({
    resources: [
      { mode: 'managed', type: 'aws_autoscaling_group', name: 'g', instances: [{ attributes: { name: 'web', arn: 'arn:aws:autoscaling:eu-west-1:1:autoScalingGroup:x' } }] },
      { mode: 'managed', type: 'aws_lb_target_group', name: 't', instances: [{ attributes: { name: 'web-tg', arn: 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1' } }] },
      { mode: 'managed', type: 'aws_lb', name: 'l', instances: [{ attributes: { name: 'alb', dns_name: 'alb.invalid' } }] },
    ],
  });

  test('lists instances by AZ, registered targets, and what the DNS name answered', async () => {
    const env = { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    const facts = await liveFacts(view, { env, timeoutMs: 3000 });
    expect(facts.instances.map((i) => [i.id, i.az, i.state])).toEqual([['i-1', 'eu-west-1a', 'InService'], ['i-2', 'eu-west-1b', 'InService']]);
    expect(facts.targets).toEqual([{ group: 'web-tg', id: 'i-1', port: '8080', state: 'healthy' }]);
    expect(facts.probes[0]).toMatchObject({ url: 'http://alb.invalid/', result: expect.stringMatching(/^no answer/) });
    expect(seen[0].auth).toMatch(/Credential=test\/\d{8}\/eu-west-1\/autoscaling\/aws4_request/);
    const md = liveMarkdown(facts, new Date('2026-01-01T00:00:00Z'));
    expect(md).toContain('| web | eu-west-1a: 1, eu-west-1b: 1 | 2 of 2 |');
    expect(md).toContain('| web-tg | i-1 | 8080 | healthy |');
  });

  test('without credentials it says how to provide them instead of failing', async () => {
    const facts = await liveFacts(view, { env: {} });
    expect(facts.errors[0]).toMatch(/no AWS_ACCESS_KEY_ID .* export credentials/);
  });
});
