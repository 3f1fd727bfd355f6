#!/usr/bin/env node
// npm run config:schema [-- --check]
// Writes stormproof.schema.json, the JSON Schema of stormproof.config.json, from the types in
// src/config/types.ts and src/config/file.ts: their doc comments become descriptions editors show, and
// the app validates config files against it at run time (src/config/schema.ts). Re-run it after changing
// the types; --check exits 1 when the committed file is stale (a unit test runs it).
import { createGenerator } from 'ts-json-schema-generator';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'stormproof.schema.json');
const generate = (file, type) =>
  createGenerator({ path: join(root, 'src/config', file), tsconfig: join(root, 'tsconfig.json'), type, skipTypeCheck: true, additionalProperties: false, expose: 'export', topRef: false })
    .createSchema(type);

const profile = generate('types.ts', 'ProfileConfig');
const definitions = { ...profile.definitions, ProfileConfig: { ...profile, definitions: undefined, $schema: undefined } };
delete definitions.ProfileConfig.definitions;
delete definitions.ProfileConfig.$schema;
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

if (process.argv.includes('--check')) {
  const current = (() => {
    try {
      return readFileSync(target, 'utf8');
    } catch {
      return '';
    }
  })();
  if (current !== text) {
    console.error('stormproof.schema.json is stale (src/config/types.ts or file.ts changed): run `npm run config:schema` and commit it');
    process.exit(1);
  }
  console.log('stormproof.schema.json is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote stormproof.schema.json (${Object.keys(schema.definitions).length} definitions)`);
}
