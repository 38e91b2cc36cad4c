/**
 * Reads the controlled lists of DataCite Metadata Schema out of the kernel's XSD
 * `include/*.xsd` files. The XSD is normative, so src/datacite/enums.ts is generated from it
 * (scripts/generate-datacite-enums.ts) and a test regenerates it in memory to catch drift.
 */
import { XMLParser } from 'fast-xml-parser';

export type EnumTable = Record<string, string[]>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (name) => name === 'simpleType' || name === 'enumeration',
});

interface XsdSimpleType {
  name?: string;
  restriction?: { enumeration?: Array<{ value?: string }> };
}

/** Enumerations of every named simpleType in one XSD document, by type name, in XSD order. */
export function enumsFromXsd(xsd: string): EnumTable {
  const doc = parser.parse(xsd) as { schema?: { simpleType?: XsdSimpleType[] } };
  const out: EnumTable = {};
  for (const type of doc.schema?.simpleType ?? []) {
    const values = (type.restriction?.enumeration ?? []).map((e) => e.value).filter((v): v is string => typeof v === 'string');
    if (type.name && values.length > 0) out[type.name] = values;
  }
  return out;
}

/** Joins the tables of several include files; XSD type `resourceType` is the REST `resourceTypeGeneral`. */
export function mergeEnumTables(tables: EnumTable[]): EnumTable {
  const merged: EnumTable = {};
  for (const table of tables) {
    for (const [name, values] of Object.entries(table)) {
      merged[name === 'resourceType' ? 'resourceTypeGeneral' : name] = values;
    }
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}

/** Source text of src/datacite/enums.ts for a table. */
export function renderEnumsModule(table: EnumTable, kernel: string): string {
  const lines = [
    `// GENERATED FILE — do not edit. Source: DataCite Metadata Schema ${kernel} XSD include/*.xsd.`,
    '// Regenerate with: npx tsx scripts/generate-datacite-enums.ts [path/to/kernel-dir]',
    '',
  ];
  for (const [name, values] of Object.entries(table)) {
    lines.push(`export const ${name} = [`);
    for (const v of values) lines.push(`  ${JSON.stringify(v)},`);
    lines.push('] as const;', '');
  }
  lines.push('/** Every controlled list, by the name used in the REST attributes shape. */');
  lines.push(`export const DATACITE_ENUMS = { ${Object.keys(table).join(', ')} } as const;`, '');
  lines.push(`export const DATACITE_KERNEL = ${JSON.stringify(kernel)};`, '');
  return lines.join('\n');
}
