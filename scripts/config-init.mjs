#!/usr/bin/env node
// npm run config:init -- --extends <profile> [--name <stack>] [--out stormproof.config.json] [--force]
// Writes a starter config file: one stack extending a built-in profile, with the "$schema" line that lets
// editors complete and check every field. Refuses to overwrite an existing file unless --force.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const fail = (message) => {
  console.error(message);
  process.exit(1);
};

const schema = JSON.parse(readFileSync(join(root, 'stormproof.schema.json'), 'utf8'));
const profiles = schema.definitions.ProfileName.enum;
const profile = option('extends');
if (!profile || !profiles.includes(profile)) {
  fail(`config:init needs --extends <profile>, one of ${profiles.join(', ')}${profile ? ` ("${profile}" is not one)` : ''}: npm run config:init -- --extends cafe`);
}
const name = option('name') ?? `my-${profile}`;
if (!/^[a-z][a-z0-9-]{0,19}$/.test(name)) fail(`--name "${name}" must be 1-20 lowercase letters, digits or dashes, starting with a letter`);
// npm runs scripts from the project root; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
const out = resolve(cwd, option('out') ?? 'stormproof.config.json');
if (existsSync(out) && !args.includes('--force')) fail(`${relative(cwd, out)} exists: edit it, or pass --force to replace it`);

const schemaRef = relative(dirname(out), join(root, 'stormproof.schema.json')).split('\\').join('/');
const config = { $schema: schemaRef.startsWith('.') ? schemaRef : `./${schemaRef}`, stacks: { [name]: { extends: profile } } };
writeFileSync(out, `${JSON.stringify(config, null, 2)}\n`);
console.log(`wrote ${relative(cwd, out)}: stack "${name}" extends "${profile}".
Add what differs (region, project, services by name, alert e-mails, budget...); your editor completes fields
through "$schema". Then: ${out === join(root, 'stormproof.config.json') ? '' : `STORMPROOF_CONFIG=${relative(root, out)} `}npm run synth   (cdktf.out/stacks/${name}/cdk.tf.json)`);
