/**
 * A service's application as a bundle: a local folder (zipped at synth) or zip file, shipped as a Terraform asset
 * to a private bucket under a key carrying its content hash, so a new bundle is a new key in user data, a new
 * launch template version and an instance refresh.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { PrivateBucket } from '../../shared/private-bucket';
import { reuseArchive } from '../../../util/reuse-archive';
import { refuse } from '../../../util/rules';
import { DEMO_APP_PY } from '../../../assets/demo-app';
import { DEMO_START, stageBundle } from '../beanstalk/beanstalk-bundle';
import { AppBundle, bundleProblems } from './app-source-props';

/** The demo app as a bundle: what every service runs unless it names its own (same path as any app). */
export function demoAppBundle(): AppBundle {
  return { path: stageBundle({ 'app.py': DEMO_APP_PY }), start: DEMO_START };
}

export interface AppBundleAssetProps {
  /** The bundle; its path is resolved from the working directory. */
  readonly bundle: AppBundle;
  /** The private bucket the bundle is uploaded to. */
  readonly bucket: PrivateBucket;
  /** Key prefix, e.g. `cafe-production-web/`. */
  readonly keyPrefix: string;
}

/** Uploads one bundle; `key` is a plain string (prefix + content hash) user data can hold. */
export class AppBundleAsset extends Construct {
  readonly key: string;
  readonly object: S3Object;
  readonly asset: TerraformAsset;
  /** The local folder or zip the asset was made from (absolute). */
  readonly sourcePath: string;

  constructor(scope: Construct, id: string, props: AppBundleAssetProps) {
    super(scope, id);
    const path = resolve(props.bundle.path);
    refuse(`AppBundle ${props.keyPrefix}`, ...bundleProblems({ ...props.bundle, path }, 'bundle'));
    this.sourcePath = path;
    const folder = statSync(path).isDirectory();
    this.asset = new TerraformAsset(this, 'asset', { path, type: folder ? AssetType.ARCHIVE : AssetType.FILE });
    if (folder) reuseArchive(this.asset);
    this.key = `${props.keyPrefix}${this.asset.assetHash.slice(0, 16).toLowerCase()}.zip`;
    this.object = new S3Object(this, 'object', {
      bucket: props.bucket.bucketName,
      key: this.key,
      source: this.asset.path,
      sourceHash: this.asset.assetHash,
    });
  }
}
