import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DATACITE_ENUMS } from '../../../src/datacite/enums.ts';
import schema from '../../../src/datacite/schema/datacite-4.7.schema.json' with { type: 'json' };
import { enumsFromXsd, renderEnumsModule } from '../../../src/datacite/xsd-enums.ts';
import { readKernelEnums } from '../../../scripts/generate-datacite-enums.ts';

const root = join(import.meta.dirname, '../../..');
const kernel47 = join(root, '../shared/datacite/xsd/kernel-4.7');

describe('controlled lists', () => {
  test('the JSON Schema uses exactly the generated enums', () => {
    const defs = schema.$defs as Record<string, { enum?: string[] }>;
    for (const [name, values] of Object.entries(DATACITE_ENUMS)) expect(defs[name].enum, name).toEqual([...values]);
  });

  test('4.6 and 4.7 additions are present', () => {
    expect(DATACITE_ENUMS.resourceTypeGeneral).toEqual(expect.arrayContaining(['Award', 'Project', 'Poster', 'Presentation']));
    expect(DATACITE_ENUMS.relatedIdentifierType).toEqual(expect.arrayContaining(['CSTR', 'RRID', 'RAiD', 'SWHID']));
    expect(DATACITE_ENUMS.relationType).toEqual(expect.arrayContaining(['HasTranslation', 'IsTranslationOf', 'Other']));
    expect(DATACITE_ENUMS.contributorType).toContain('Translator');
    expect(DATACITE_ENUMS.dateType).toContain('Coverage');
  });

  test('extracts enumerations from an XSD simpleType', () => {
    const xsd = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="nameType"><xs:restriction base="xs:string">
      <xs:enumeration value="Organizational"/><xs:enumeration value="Personal"/></xs:restriction></xs:simpleType></xs:schema>`;
    expect(enumsFromXsd(xsd)).toEqual({ nameType: ['Organizational', 'Personal'] });
  });

  describe.skipIf(!existsSync(kernel47))('against ../shared kernel-4.7 XSD', () => {
    test('src/datacite/enums.ts is what the generator writes today', () => {
      const generated = renderEnumsModule(readKernelEnums(kernel47), 'kernel-4.7');
      expect(readFileSync(join(root, 'src/datacite/enums.ts'), 'utf8')).toBe(generated);
    });
  });
});
