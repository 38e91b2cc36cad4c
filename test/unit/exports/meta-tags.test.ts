import { describe, expect, test } from 'vitest';
import { metaTags } from '../../../src/exports/meta-tags.ts';
import { experimentRecord } from '../citation/factory.ts';

const values = (tags: Array<{ name: string; content: string }>, name: string) => tags.filter((t) => t.name === name).map((t) => t.content);

describe('metaTags(record, ctx)', () => {
  const tags = metaTags(experimentRecord(), { landingUrl: 'https://data.example.org/x/' });
  test('Highwire citation_* tags', () => {
    expect(values(tags, 'citation_title')).toEqual(['Lysozyme rotation data at 100 K']);
    expect(values(tags, 'citation_author')).toEqual(['Garcia, Ana', 'Aperture Beamline Team']);
    expect(values(tags, 'citation_publication_date')).toEqual(['2024/03/01']);
    expect(values(tags, 'citation_doi')).toEqual(['10.5072/aperture.lyso-001']);
    expect(values(tags, 'citation_publisher')).toEqual(['Example Synchrotron Data Archive']);
    expect(values(tags, 'citation_keywords')).toEqual(['macromolecular crystallography; lysozyme']);
  });
  test('Dublin Core tags', () => {
    expect(values(tags, 'DC.title')).toEqual(['Lysozyme rotation data at 100 K']);
    expect(values(tags, 'DC.creator')).toEqual(['Garcia, Ana', 'Aperture Beamline Team']);
    expect(values(tags, 'DC.date')).toEqual(['2024-03-01']);
    expect(values(tags, 'DC.publisher')).toEqual(['Example Synchrotron Data Archive']);
    expect(values(tags, 'DC.identifier')).toEqual(['https://doi.org/10.5072/aperture.lyso-001']);
    expect(values(tags, 'DC.type')).toEqual(['Dataset']);
    expect(values(tags, 'DC.rights')).toEqual(['https://spdx.org/licenses/CC-BY-4.0']);
    expect(values(tags, 'DCTERMS.accessRights')).toEqual(['info:eu-repo/semantics/openAccess']);
  });
  test('metadata-only records are embargoedAccess; a year-only date stays a year', () => {
    const rec = experimentRecord(
      { release: { state: 'metadata-only', releasedOn: null, filesAvailableFrom: '2026-01-01', withdrawnOn: null, withdrawalReason: null } },
      { dates: [], publicationYear: 2021 },
    );
    const t = metaTags(rec);
    expect(values(t, 'DCTERMS.accessRights')).toEqual(['info:eu-repo/semantics/embargoedAccess']);
    expect(values(t, 'citation_publication_date')).toEqual(['2021']);
  });
  test("citation_keywords: a subject holding a semicolon stays one keyword for a reader that splits at ';' (Zotero)", () => {
    const t = metaTags(experimentRecord({}, { subjects: [{ subject: 'Proteins; structure' }, { subject: 'X-ray;diffraction' }, { subject: 'lysozyme &amp;' }] }));
    const keywords = values(t, 'citation_keywords');
    expect(keywords).toEqual(['Proteins, structure; X-ray, diffraction; lysozyme &amp']);
    expect(keywords[0]!.split(';').map((k) => k.trim())).toHaveLength(3);
  });
  test('no empty tags', () => {
    const t = metaTags(experimentRecord({}, { subjects: [], rightsList: [] }));
    expect(t.every((x) => x.content.length > 0)).toBe(true);
    expect(values(t, 'citation_keywords')).toEqual([]);
    expect(values(t, 'DC.rights')).toEqual([]);
  });
});
