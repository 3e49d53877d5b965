// Writes the per-rule severity settings (scimMapper.rules.<code>) into package.json from the rule
// registry, so the settings UI lists every rule. `npm test` fails when package.json is out of date.
// Usage: node scripts/sync-manifest.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { RULES } = require(`${root}out/server/src/service/rules/index.js`);

const manifestPath = `${root}package.json`;
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const properties = manifest.contributes.configuration.properties;

for (const key of Object.keys(properties)) if (key.startsWith('scimMapper.rules.')) delete properties[key];
for (const rule of RULES) {
  properties[`scimMapper.rules.${rule.code}`] = {
    type: 'string',
    enum: ['off', 'hint', 'information', 'warning', 'error'],
    default: rule.defaultSeverity,
    markdownDescription: `Severity of \`${rule.code}\`: ${rule.description}`,
    scope: 'resource',
  };
}

const text = JSON.stringify(manifest, null, 2) + '\n';
if (process.argv.includes('--check')) {
  if (text !== readFileSync(manifestPath, 'utf8')) {
    console.error('package.json rule settings are out of date: run node scripts/sync-manifest.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(manifestPath, text);
}

// The project config's JSON Schema (schemas/scim-mapper-config.schema.json) lists the same codes.
const configSchemaPath = `${root}schemas/scim-mapper-config.schema.json`;
const configSchema = JSON.parse(readFileSync(configSchemaPath, 'utf8'));
configSchema.properties.rules.properties = Object.fromEntries(
  RULES.map((rule) => [
    rule.code,
    {
      enum: ['off', 'hint', 'information', 'warning', 'error'],
      description: `${rule.description} (default: ${rule.defaultSeverity})`,
    },
  ]),
);
const configText = JSON.stringify(configSchema, null, 2) + '\n';
if (process.argv.includes('--check')) {
  if (configText !== readFileSync(configSchemaPath, 'utf8')) {
    console.error('schemas/scim-mapper-config.schema.json rule codes are out of date: run node scripts/sync-manifest.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(configSchemaPath, configText);
}
