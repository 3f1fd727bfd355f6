import { TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { DnsValidatedCertificate } from '../../../src/constructs/edge/certificate';
import { only, synthConstruct } from '../../support/synth';

describe('DnsValidatedCertificate', () => {
  const { raw, resource, json } = synthConstruct((stack) => {
    const cert = new DnsValidatedCertificate(stack, 'cert', { names: ['shop.example.com', 'origin.shop.example.com'], hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    new TerraformOutput(stack, 'arn', { value: cert.arn });
  });

  test('an ECDSA certificate for every name, validated in DNS, replaced before it is released', () => {
    const cert = only(resource, 'aws_acm_certificate');
    expect(raw).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: 'shop.example.com',
      subject_alternative_names: ['origin.shop.example.com'],
      validation_method: 'DNS',
      key_algorithm: 'EC_prime256v1',
      lifecycle: { create_before_destroy: true },
    });
    expect(cert.provider).toBeUndefined();
  });

  test('one validation record per name in the hosted zone (overwritable: a us-east-1 twin writes the same record)', () => {
    const record = only(resource, 'aws_route53_record');
    expect(record).toMatchObject({ zone_id: 'Z0123456789ABCDEFGHIJ', ttl: 300, allow_overwrite: true, name: '${each.value.resource_record_name}' });
    expect(record.for_each).toMatch(/aws_acm_certificate\.cert_certificate_.*\.domain_validation_options/);
  });

  test('arn comes from the validation, so users wait until the certificate is issued', () => {
    expect(json.output.arn.value).toMatch(/^\$\{aws_acm_certificate_validation\.cert_validation_.*\.certificate_arn\}$/);
    expect(only(resource, 'aws_acm_certificate_validation').validation_record_fqdns).toMatch(/aws_route53_record\.cert_validation-record_.*\.fqdn/);
  });

  test('in another region through its provider (CloudFront: us-east-1)', () => {
    const { resource: r } = synthConstruct((stack) => {
      const east = new AwsProvider(stack, 'east', { region: 'us-east-1', alias: 'us-east-1' });
      return new DnsValidatedCertificate(stack, 'cert', { names: ['shop.example.com'], hostedZoneId: 'Z0123456789ABCDEFGHIJ', provider: east });
    });
    expect(only(r, 'aws_acm_certificate')).toMatchObject({ provider: 'aws.us-east-1' });
    expect(only(r, 'aws_acm_certificate').subject_alternative_names).toBeUndefined();
    expect(only(r, 'aws_acm_certificate_validation').provider).toBe('aws.us-east-1');
    expect(only(r, 'aws_route53_record').provider).toBeUndefined();
  });

  test('refuses no names and duplicate names', () => {
    expect(() => synthConstruct((stack) => new DnsValidatedCertificate(stack, 'none', { names: [], hostedZoneId: 'Z1' }))).toThrow(/names must list at least one name/);
    expect(() => synthConstruct((stack) => new DnsValidatedCertificate(stack, 'twice', { names: ['a.example.com', 'a.example.com'], hostedZoneId: 'Z1' }))).toThrow(/lists a name twice/);
  });
});
