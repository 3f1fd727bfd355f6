#!/usr/bin/env node
// npm run config:schema [-- --check]
// Writes stormproof.schema.json, the JSON Schema of stormproof.config.json, from the types in
// src/config/types.ts and src/config/file.ts: their doc comments become descriptions editors show, and
// the app validates config files against it at run time (src/config/schema.ts). Re-run it after changing
// the types; --check exits 1 when the committed file is stale (a unit test runs it).
// It also writes src/config/schema-validators.js, the validators Ajv compiles from that schema, as code:
// compiling them at synth time took ~280 ms, loading the generated code takes ~15 ms.
// --check remembers a pass for the exact inputs (a hash of every file under src/, the outputs, tsconfig, the lock file
// and this script, in .scratch/config-schema/): the unit loop runs it each time, and generating takes ~5 s of CPU.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'stormproof.schema.json');
const validatorsFile = join(root, 'src/config/schema-validators.js');
const check = process.argv.includes('--check');
const passes = join(root, '.scratch', 'config-schema');
const inputsHash = () => {
  const hash = createHash('sha256');
  const files = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
  for (const file of [...files, target, validatorsFile, join(root, 'tsconfig.json'), join(root, 'package-lock.json'), fileURLToPath(import.meta.url)]) {
    hash.update(file.slice(root.length)).update('\0').update(existsSync(file) ? readFileSync(file) : '').update('\0');
  }
  return hash.digest('hex').slice(0, 24);
};
const checkedHash = check ? inputsHash() : '';
if (check && existsSync(join(passes, checkedHash))) {
  console.log('stormproof.schema.json and src/config/schema-validators.js are up to date (checked before for these exact sources)');
  process.exit(0);
}
const { default: Ajv } = await import('ajv');
const standaloneCode = (await import('ajv/dist/standalone/index.js')).default;
const { createGenerator } = await import('ts-json-schema-generator');
const generate = (file, type) =>
  createGenerator({ path: join(root, 'src/config', file), tsconfig: join(root, 'tsconfig.json'), type, skipTypeCheck: true, additionalProperties: false, expose: 'export', topRef: false })
    .createSchema(type);

const profile = generate('types.ts', 'ProfileConfig');
const definitions = { ...profile.definitions, ProfileConfig: { ...profile, definitions: undefined, $schema: undefined } };
delete definitions.ProfileConfig.definitions;
delete definitions.ProfileConfig.$schema;
// What synth enforces and JSON Schema can say: a region is one of the known AWS regions (src/config/rules/aws-regions.json).
const regionNames = Object.keys(JSON.parse(readFileSync(join(root, 'src/config/rules/aws-regions.json'), 'utf8')).regions);
for (const definition of Object.values(definitions)) {
  const region = definition.properties?.region;
  if (region?.type === 'string') definition.properties.region = { ...region, enum: regionNames };
}
const names = generate('file.ts', 'ProfileName');
definitions.ProfileName = { description: 'A built-in profile (src/config/profiles.ts).', type: names.type, enum: names.enum };

// Overrides: the same fields, none required, nested objects partial too; arrays keep full items (they replace).
const override = (name) => {
  const key = `${name}Override`;
  if (definitions[key]) return key;
  const full = definitions[name];
  const properties = {};
  definitions[key] = { ...full, properties, required: undefined };
  delete definitions[key].required;
  for (const [prop, schema] of Object.entries(full.properties ?? {})) {
    const ref = schema.$ref?.replace('#/definitions/', '');
    properties[prop] = ref && definitions[ref]?.type === 'object' ? { ...schema, $ref: `#/definitions/${override(ref)}` } : schema;
  }
  return key;
};
const service = definitions[override('ServiceConfig')];
service.required = ['name'];
service.properties.remove = { type: 'boolean', description: "Drop the extended profile's service of this name." };
const stack = definitions[override('ProfileConfig')];
delete stack.properties.name;
stack.properties = {
  extends: { $ref: '#/definitions/ProfileName', description: 'The built-in profile this stack starts from; everything else here overrides it.' },
  ...stack.properties,
  services: {
    type: 'array',
    items: { $ref: '#/definitions/ServiceConfigOverride' },
    description: "Services by name: merged into the profile's service of that name, added when new, dropped with \"remove\": true.",
  },
};
stack.required = ['extends'];
definitions.StackConfig = stack;
delete definitions.ProfileConfigOverride;

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $comment: 'Generated from src/config/types.ts and src/config/file.ts by `npm run config:schema`: edit the types, not this file.',
  title: 'Stormproof configuration (stormproof.config.json)',
  type: 'object',
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema editors use to complete and check this file: "./stormproof.schema.json".' },
    stacks: {
      type: 'object',
      description: 'Stacks to synthesize, by stack name (1-20 lowercase letters, digits or dashes, starting with a letter).',
      propertyNames: { pattern: '^[a-z][a-z0-9-]{0,19}$' },
      minProperties: 1,
      additionalProperties: { $ref: '#/definitions/StackConfig' },
    },
  },
  required: ['stacks'],
  additionalProperties: false,
  definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
};
const text = `${JSON.stringify(schema, null, 2)}\n`;
// Every problem at once (allErrors), with the value and schema at fault (verbose) for the messages.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, code: { source: true } });
ajv.addSchema(schema, 'stormproof');
const validators = `// Generated by \`npm run config:schema\` from stormproof.schema.json (Ajv standalone code): do not edit.\n${(standaloneCode.default ?? standaloneCode)(ajv, {
  file: 'stormproof',
  profile: 'stormproof#/definitions/ProfileConfig',
})}\n`;

const read = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
if (check) {
  if (read(target) !== text || read(validatorsFile) !== validators) {
    console.error('stormproof.schema.json or src/config/schema-validators.js is stale (src/config/types.ts or file.ts changed): run `npm run config:schema` and commit them');
    process.exit(1);
  }
  mkdirSync(passes, { recursive: true });
  writeFileSync(join(passes, checkedHash), '');
  console.log('stormproof.schema.json and src/config/schema-validators.js are up to date');
} else {
  writeFileSync(target, text);
  writeFileSync(validatorsFile, validators);
  console.log(`wrote stormproof.schema.json (${Object.keys(schema.definitions).length} definitions) and src/config/schema-validators.js`);
}
