/**
 * What a Beanstalk release uploads to its pipeline's S3 source (scripts/package-app.mjs, scripts/release-app.sh):
 * the service's own `bundle` with the platform's files, exactly as synth builds the first application version, plus a
 * buildspec for the pipeline's build stage; or, for a service without a bundle, the demo app with its tests (app/).
 */
import { join } from 'node:path';
import { beanstalkSourceFiles, BundleFile, demoBundleFiles, folderFiles } from '../../constructs/compute/beanstalk/beanstalk-bundle';
import type { ProfileConfig } from '../../config/types';

/** The build stage's buildspec file name (AppPipeline's default `buildspec`). */
export const RELEASE_BUILDSPEC = 'buildspec-beanstalk.yml';

/**
 * The buildspec a bundle without its own `buildspec-beanstalk.yml` gets: it runs no tests (the platform cannot know
 * them) and says so in the build log, then hands every file to the deploy stage.
 */
export const GENERIC_BUILDSPEC = [
  '# Written by Stormproof for a bundle without its own buildspec-beanstalk.yml: no tests run here.',
  '# Add buildspec-beanstalk.yml to your bundle to run your tests before Beanstalk deploys the release.',
  'version: 0.2',
  'phases:',
  '  build:',
  '    commands:',
  '      - echo "No buildspec-beanstalk.yml in the bundle: releasing without tests"',
  'artifacts:',
  '  files:',
  "    - '**/*'",
  '',
].join('\n');

export interface ReleaseBundle {
  /** Where the app comes from, for the operator: the bundle's folder, or `demo app`. */
  readonly from: string;
  readonly files: Record<string, BundleFile>;
}

/** The demo app's release: app/ (its buildspec and tests), app.py and both platforms' files. */
export function demoReleaseFiles(appDir: string): Record<string, BundleFile> {
  const files = folderFiles(appDir, (name) => !name.includes('__pycache__'));
  for (const [name, content] of Object.entries(demoBundleFiles())) files[name] = { content, mode: name === 'app.py' ? 0o755 : 0o644 };
  return files;
}

/** The release of `service` on the Beanstalk stack `profile`; refuses a service that is not its Beanstalk web service. */
export function releaseBundle(profile: ProfileConfig, service: string, appDir: string): ReleaseBundle {
  if (profile.compute !== 'beanstalk' || !profile.beanstalk) {
    throw new Error(`stack "${profile.name}" does not run on Beanstalk (compute: ${profile.compute ?? 'ec2'}): its EC2 services release through the apply (scripts/ci/release-fleets.sh)`);
  }
  const s = profile.services.find((x) => x.name === service);
  if (!s) throw new Error(`stack "${profile.name}" has no service "${service}" (its services: ${profile.services.map((x) => x.name).join(', ')})`);
  if (s.kind !== 'web') throw new Error(`service "${service}" of "${profile.name}" is a ${s.kind}: only the web service runs on Beanstalk and has a release pipeline`);
  if (!s.bundle) return { from: 'demo app', files: demoReleaseFiles(appDir) };
  const files = beanstalkSourceFiles(s.bundle, profile.beanstalk.platform);
  if (!(RELEASE_BUILDSPEC in files)) files[RELEASE_BUILDSPEC] = { content: GENERIC_BUILDSPEC, mode: 0o644 };
  return { from: s.bundle.path, files };
}

/**
 * The release scripts/package-app.mjs packages: without a stack, the demo app's; with one, that stack's `service` as
 * your configuration defines it (stormproof.config.json or STORMPROOF_CONFIG, as synth reads it).
 */
export async function releaseFor(root: string, stack?: string, service?: string): Promise<ReleaseBundle> {
  const appDir = join(root, 'app');
  if (!stack) return { from: 'demo app', files: demoReleaseFiles(appDir) };
  const { loadStacks } = await import('../../config/load');
  const [profile] = loadStacks({ configPath: process.env.STORMPROOF_CONFIG, selection: stack, cwd: process.cwd() });
  return releaseBundle(profile, service ?? 'web', appDir);
}
