// Generate schema/results.schema.json (and schema/config.schema.json, from the option types) from the TypeScript types of results.json (AuditResult in reports/result.ts and
// the section result types it holds): the types are the one declaration of the results' shape, the JSON Schema is
// derived from them (JSDoc comments become descriptions). Run `npm run schema` after changing a result type;
// test/core/schema-generated.test.ts fails when the checked-in file differs from a fresh generation.
//
//   node scripts/gen-schema.mjs            write schema/results.schema.json
//   node scripts/gen-schema.mjs --stdout   print it instead

import { createGenerator } from 'ts-json-schema-generator';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A draft-07 schema of one exported type, with our $id, title and description in front. */
function schemaOf(file, type, id, title, description) {
  const config = { path: join(root, file), tsconfig: join(root, 'tsconfig.json'), type, skipTypeCheck: true, expose: 'export', topRef: true, jsDoc: 'extended', sortProps: true, additionalProperties: false };
  const schema = createGenerator(config).createSchema(type);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://synthaudit.dev/schema/${id}`,
    title,
    description,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

export function generateResultsSchema() {
  return schemaOf(
    'reports/result.ts',
    'AuditResult',
    'results.schema.json',
    'synthaudit results.json (version 2)',
    'Generated from the TypeScript result types by scripts/gen-schema.mjs; do not edit. One audit of a synthetic table against the real table it was generated from and a holdout from the same population. Every reported number is a measure {value, interval, baseline {kind, value, interval}, better} (docs/results-v2.md). Keys sorted, non-integer numbers rounded to 6 significant digits, no NaN or Infinity (a value that cannot be computed is null beside a reason). Sections that did not run are {skipped: true, reason}.',
  );
}

export function schemaText() {
  return JSON.stringify(generateResultsSchema(), null, 2) + '\n';
}

/** schema/config.schema.json: the config file (--config) with each section's options, from ConfigFile in src/app/config.ts. */
export function generateConfigSchema() {
  return schemaOf(
    'src/app/config.ts',
    'ConfigFile',
    'config.schema.json',
    'synthaudit config file (--config)',
    'Generated from the TypeScript option types by scripts/gen-schema.mjs; do not edit. For editors and linters; synthaudit checks the same keys (and value ranges) itself with one-line errors.',
  );
}

export function configSchemaText() {
  return JSON.stringify(generateConfigSchema(), null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = schemaText();
  if (process.argv.includes('--stdout')) process.stdout.write(text);
  else {
    writeFileSync(join(root, 'schema/results.schema.json'), text);
    writeFileSync(join(root, 'schema/config.schema.json'), configSchemaText());
  }
}
