/**
 * The resource types DataCite added in kernels 4.5–4.7 (Instrument, StudyRegistration, Award,
 * Project, Poster, Presentation), as every citation and metadata export names them: generated
 * records, then DataCite's own official examples (../shared; must be there in CI).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { risExtras, toCsl } from '../../../src/citation/csl.ts';
import { formatBibtex, formatRis } from '../../../src/citation/formats.ts';
import { toSchemaOrg } from '../../../src/exports/schema-org.ts';
import { resourceNounOf } from '../../../src/record/fields.ts';
import { parseDataCiteXml } from '../../../src/datacite/xml-read.ts';
import { DiagnosticSink } from '../../../src/diagnostics/diagnostic.ts';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';
import { dataciteRecord, experimentRecord } from './factory.ts';

interface Named {
  csl: string;
  bibtex: string;
  ris: string;
  schemaOrg: string;
  noun: string;
}

/** What a reference manager, a search engine and a reader of the page are told. */
function namedAs(attrs: DataCiteAttributes): Named {
  const item = toCsl(attrs);
  return {
    csl: item.type,
    bibtex: /^@(\w+)\{/.exec(formatBibtex(item))![1]!,
    ris: /^TY {2}- (\w+)/m.exec(formatRis(item, risExtras(attrs)))![1]!,
    schemaOrg: String(toSchemaOrg(experimentRecord({}, attrs), { landingUrl: 'https://data.example.org/doi/x/', catalogueName: 'Archive', catalogueUrl: 'https://data.example.org/', datasetSummaries: [] })['@type']),
    noun: resourceNounOf(attrs),
  };
}

const EXPECTED: Record<string, Named> = {
  Award: { csl: 'document', bibtex: 'misc', ris: 'GRANT', schemaOrg: 'Grant', noun: 'award' },
  Project: { csl: 'document', bibtex: 'misc', ris: 'GEN', schemaOrg: 'Project', noun: 'project' },
  Poster: { csl: 'document', bibtex: 'misc', ris: 'SLIDE', schemaOrg: 'Poster', noun: 'poster' },
  Presentation: { csl: 'document', bibtex: 'misc', ris: 'SLIDE', schemaOrg: 'PresentationDigitalDocument', noun: 'presentation' },
  Instrument: { csl: 'document', bibtex: 'misc', ris: 'GEN', schemaOrg: 'Thing', noun: 'instrument' },
  StudyRegistration: { csl: 'document', bibtex: 'misc', ris: 'GEN', schemaOrg: 'CreativeWork', noun: 'study registration' },
};

describe('kernel 4.5–4.7 resource types', () => {
  test.each(Object.entries(EXPECTED))('a %s is named as one in CSL-JSON, BibTeX, RIS, JSON-LD and on the page', (general, want) => {
    expect(namedAs(dataciteRecord({ types: { resourceTypeGeneral: general } }))).toEqual(want);
  });

  test('a poster or award is cited with its publisher in every style, not filed as a preprint', () => {
    const item = toCsl(dataciteRecord({ types: { resourceTypeGeneral: 'Poster' } }));
    // CSL `article` is what Zotero imports as a preprint.
    expect(item.type).not.toBe('article');
    expect(item.publisher).toBeTruthy();
  });
});

const SHARED = resolve(import.meta.dirname, '../../../../shared');
const EXAMPLES = join(SHARED, 'datacite/xsd/kernel-4.7/example');

describe.skipIf(!existsSync(EXAMPLES) && process.env.CI !== 'true')("DataCite's kernel 4.7 examples (../shared)", () => {
  test('each example of a 4.5–4.7 type is named as its type in every export', () => {
    expect(existsSync(EXAMPLES), '../shared must exist in CI').toBe(true);
    const seen: string[] = [];
    for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.xml'))) {
      const attrs = parseDataCiteXml(readFileSync(join(EXAMPLES, name), 'utf8'), new DiagnosticSink())!;
      const general = attrs.types?.resourceTypeGeneral ?? '';
      if (!(general in EXPECTED)) continue;
      seen.push(general);
      expect({ name, ...namedAs(attrs), noun: undefined }).toEqual({ name, ...EXPECTED[general], noun: undefined });
    }
    expect(new Set(seen)).toEqual(new Set(['Award', 'Project', 'Poster', 'Presentation', 'Instrument']));
  });
});
