import { Construct } from 'constructs';
import { TerraformIterator } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { DnsValidatedCertificateProps } from './certificate-props';

export type { DnsValidatedCertificateProps } from './certificate-props';

/**
 * An ACM certificate validated in DNS: the validation records go into the hosted zone and `arn` comes
 * from the validation, so whatever uses it (an HTTPS listener, a distribution) waits until it is issued.
 * ACM's validation record for a name is the same in every region, so two certificates for one name
 * (regional and us-east-1) write the same record (`allow_overwrite`).
 */
export class DnsValidatedCertificate extends Construct {
  readonly certificate: AcmCertificate;
  /** ARN of the issued certificate. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    if (props.names.length === 0) throw new Error(`DnsValidatedCertificate ${id}: names must list at least one name`);
    if (new Set(props.names).size !== props.names.length) throw new Error(`DnsValidatedCertificate ${id}: names lists a name twice`);
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.names[0],
      subjectAlternativeNames: props.names.length > 1 ? [...props.names.slice(1)] : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      provider: props.provider,
      // A renamed certificate is issued before the old one is released by its listener or distribution.
      lifecycle: { createBeforeDestroy: true },
    });
    const options = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, 'domain_name');
    const records = new Route53Record(this, 'validation-record', {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: TerraformIterator.fromResources(records).pluckProperty('fqdn') as unknown as string[],
      provider: props.provider,
    });
    this.arn = validation.certificateArn;
  }
}
