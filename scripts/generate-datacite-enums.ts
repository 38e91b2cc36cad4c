/**
 * Regenerates src/datacite/enums.ts from the DataCite kernel XSD include files and writes
 * the same lists into the `$defs` enums of src/datacite/schema/datacite-4.7.schema.json,
 * so the JSON Schema can never disagree with the normative XSD.
 *
 *   npx tsx scripts/generate-datacite-enums.ts [../shared/datacite/xsd/kernel-4.7]
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { enumsFromXsd, mergeEnumTables, renderEnumsModule, type EnumTable } from '../src/datacite/xsd-enums.ts';

const root = resolve(import.meta.dirname, '..');

export function readKernelEnums(kernelDir: string): EnumTable {
  const includeDir = join(kernelDir, 'include');
  const files = readdirSync(includeDir).filter((f) => /^datacite-.*\.xsd$/.test(f)).sort();
  return mergeEnumTables(files.map((f) => enumsFromXsd(readFileSync(join(includeDir, f), 'utf8'))));
}

/** Replaces each `$defs.<name>.enum` in the schema document with the XSD list. */
export function applyEnumsToSchema(schema: { $defs: Record<string, { enum?: string[] }> }, table: EnumTable): void {
  for (const [name, values] of Object.entries(table)) {
    schema.$defs[name] = { ...schema.$defs[name], enum: [...values] };
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const kernelDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'datacite', 'xsd', 'kernel-4.7'));
  const kernel = basename(kernelDir);
  const table = readKernelEnums(kernelDir);
  writeFileSync(join(root, 'src/datacite/enums.ts'), renderEnumsModule(table, kernel));
  const schemaPath = join(root, 'src/datacite/schema/datacite-4.7.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  applyEnumsToSchema(schema, table);
  writeFileSync(schemaPath, JSON.stringify(schema, null, 2) + '\n');
  console.error(`wrote enums.ts and schema $defs from ${kernelDir}: ${Object.keys(table).join(', ')}`);
}
