import { describe, expect, test } from 'vitest';
import { fileLookups, landingLookups, LOOKUP_TITLE_MAX, lookupTitle, searchDocument, searchFilters } from '../../../src/index/search-document.ts';
import type { LandingPageModel } from '../../../src/model/landing.ts';
import type { FilePageModel } from '../../../src/model/dataset-page.ts';

const person = (displayName: string, orcid: string | null = null) => ({ displayName, familyName: displayName.split(' ').pop(), orcid });

const page = {
  path: '/doi/10.5072/x/',
  doi: '10.5072/x',
  doiDisplay: '10.5072/X',
  title: 'Lysozyme <script>alert(1)</script> & friends',
  otherTitles: [],
  creators: [person('Élise Moreau', '0000-0003-9000-0014')],
  contributors: [],
  releasedOnText: '3 March 2025',
  sortDate: '2025-03-03',
  descriptionHtml: '<p>Hen egg-white &amp; <em>tetragonal</em> crystals.</p>',
  keywords: ['lysozyme'],
  facility: 'ESRF',
  technique: { name: 'macromolecular crystallography', panet: null, panetUrl: null },
  proposal: 'MX-9001',
  pdb: ['1LYZ'],
  related: [
    {
      relationType: 'References',
      label: 'References',
      items: [
        { kind: 'Article', text: '10.1107/s0907444909047337', links: [] },
        { kind: 'PubMed', text: 'PMID 20124692', links: [] },
        { kind: 'PDB entry', text: 'PDB 1LYZ', links: [] },
        { kind: 'Dataset', text: 'https://example.org/other', links: [] },
      ],
    },
  ],
  funding: [
    { funder: 'European Research Council', funderName: 'European Research Council', funderId: null, funderIdScheme: null, funderUrl: null, award: 'DEMO-101-ERC', awardTitle: 'Lysozyme at room temperature', awardUrl: null },
    { funder: 'Wellcome Trust', funderName: 'Wellcome Trust', funderId: null, funderIdScheme: null, funderUrl: null, award: null, awardTitle: null, awardUrl: null },
  ],
  datasets: [{ title: 'Sweep 1' }],
  facets: { facility: ['ESRF'], beamline: ['ESRF ID23-1'], technique: ['macromolecular crystallography'], year: ['2025'], licence: ['CC-BY-4.0'], resourceType: ['Dataset'], detector: ['PILATUS 6M'], wavelength: ['0.9–1.0 Å'], hitRate: [] },
} as unknown as LandingPageModel;

describe('what search indexes of a record', () => {
  test('the record’s own words, escaped, with filters, meta and sort; no interface text', () => {
    const html = searchDocument(page);
    expect(html).toContain('<h1 data-pagefind-meta="title">Lysozyme &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends</h1>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Hen egg-white &amp; tetragonal crystals.');
    expect(html).toContain('<span data-pagefind-filter="detector">PILATUS 6M</span>');
    expect(html).toContain('data-pagefind-sort="released:2025-03-03"');
    expect(html).toContain('<span data-pagefind-meta="creators">Moreau</span>');
    expect(html).not.toMatch(/Zoom|Cite this|Download/);
  });

  test('a beamline is named as readers name it: "beamline ID23-1"', () => {
    expect(searchDocument(page)).toContain('<p data-pagefind-weight="3">ESRF · beamline ESRF ID23-1 · macromolecular crystallography · PILATUS 6M</p>');
  });

  test('filter and meta texts are not indexed as words (run together they made tokens like "esrf id23-1macromolecular")', () => {
    const html = searchDocument(page);
    expect(html).toMatch(/<div hidden data-pagefind-ignore><span data-pagefind-filter="facility">ESRF<\/span>.*<span data-pagefind-meta="creators">Moreau<\/span><\/div>/);
  });

  test('filter values once per record, white space folded as pagefind reads an element, in the order the search page shows them', () => {
    const messy = { ...page, facets: { ...page.facets, detector: ['PILATUS 6M', ' PILATUS  6M ', 'EIGER2\nX 16M', ''] } } as LandingPageModel;
    const filters = searchFilters(messy);
    expect(filters.map(([name]) => name)).toEqual(['facility', 'beamline', 'technique', 'year', 'licence', 'resource type', 'detector', 'wavelength', 'hit rate']);
    expect(Object.fromEntries(filters).detector).toEqual(['PILATUS 6M', 'EIGER2 X 16M']);
    expect(Object.fromEntries(filters)['hit rate']).toEqual([]);
    expect(searchDocument(messy).match(/data-pagefind-filter="detector"/g)).toHaveLength(2);
  });

  test('identifiers the record carries, folded to lookup keys', () => {
    expect(landingLookups(page).map(([key, hit]) => [key, hit[0]])).toEqual([
      ['10.5072/x', 'doi'],
      ['10.1107/s0907444909047337', 'related-doi'],
      ['20124692', 'related'],
      ['1lyz', 'pdb'],
      ['mx-9001', 'proposal'],
      ['demo-101-erc', 'award'],
      ['0000-0003-9000-0014', 'orcid'],
    ]);
    expect(landingLookups(page).find(([, hit]) => hit[0] === 'award')![1][3]).toBe('DEMO-101-ERC from European Research Council');
  });

  test('a related identifier of another kind is found by its value, as the page shows it after its type', () => {
    const related = [{ relationType: 'IsPartOf', label: 'Part of', items: ['ISBN 978-3-95450-147-2', 'ISSN 0040-4411', 'IGSN IEBMM0001', 'URN urn:nbn:de:101:1-201102033592'].map((text) => ({ kind: 'Book', text, links: [] })) }];
    const keys = landingLookups({ ...page, related } as LandingPageModel).filter(([, hit]) => hit[0] === 'related');
    expect(keys.map(([key]) => key)).toEqual(['9783954501472', '0040-4411', 'iebmm0001', 'urn:nbn:de:101:1-201102033592']);
    expect(keys[0][1][3]).toBe('Part of ISBN 978-3-95450-147-2');
  });

  test('the ROR ids of the organisations named (affiliations, organisations among the people, funders, publisher) are words of the record, each once', () => {
    const psi = { name: 'Paul Scherrer Institute', rorUrl: 'https://ror.org/03eh3y714' };
    const withRor = {
      ...page,
      creators: [{ ...person('Élise Moreau'), affiliations: [psi, { name: 'Nowhere', rorUrl: null }] }],
      contributors: [{ ...person('Anna Keller'), affiliations: [psi] }, { ...person('DataCite'), rorUrl: 'https://ror.org/04wxnsj81' }],
      publisherRor: 'https://ror.org/04z8jg394',
      funding: [{ funder: 'Swiss National Science Foundation', funderName: 'Swiss National Science Foundation', funderId: null, funderIdScheme: null, funderUrl: 'https://ror.org/00yjd3n13', award: null, awardTitle: null, awardUrl: null }, { funder: 'Wellcome Trust', funderName: 'Wellcome Trust', funderId: null, funderIdScheme: null, funderUrl: 'https://doi.org/10.13039/100004440', award: null, awardTitle: null, awardUrl: null }],
    } as unknown as LandingPageModel;
    expect(searchDocument(withRor)).toContain('<p data-pagefind-weight="2">10.5072/X · proposal MX-9001 · PDB 1LYZ · ROR 03eh3y714 · ROR 04wxnsj81 · ROR 00yjd3n13 · ROR 04z8jg394</p>');
    expect(searchDocument(page)).not.toContain('ROR');
  });

  test('funders and their grants are words of the record: a funder finds what its awards produced', () => {
    expect(searchDocument(page)).toContain('<p data-pagefind-weight="2">European Research Council DEMO-101-ERC (Lysozyme at room temperature) · Wellcome Trust</p>');
  });
});

describe('words a reader searches by that the page shows elsewhere', () => {
  const published = {
    ...page,
    publisher: 'Australian Nuclear Science and Technology Organisation',
    licence: { id: 'CC-BY-4.0', name: 'Creative Commons Attribution 4.0 International', url: null, summary: null },
    resourceType: 'Dataset: Diffraction images',
    creators: [{ ...person('Jürgen Müller'), affiliations: [{ name: 'Technische Universität München', rorUrl: null }] }, person('Anna Strauß'), person('Bjørn Sørensen')],
    keywords: ['Gefäßaktive Substanzen', 'Æther'],
  } as unknown as LandingPageModel;
  const words = (html: string) => html.replace(/<div hidden[\s\S]*$/, '').replace(/<[^>]+>/g, ' ');

  test('publisher, affiliations, licence as written and as "CC BY 4.0", resource type, and the acronyms of the organisations', () => {
    const text = words(searchDocument(published));
    for (const expected of ['Australian Nuclear Science and Technology Organisation', 'Technische Universität München', 'Creative Commons Attribution 4.0 International', 'CC-BY-4.0', 'CC BY 4.0', 'Dataset: Diffraction images', 'ANSTO', 'TUM', 'ERC']) {
      expect(text).toContain(expected);
    }
  });

  test('the other spellings of names and words with special letters, each once, and none for plain words', () => {
    const text = words(searchDocument(published));
    for (const expected of ['mueller', 'strauss', 'sorensen', 'soerensen', 'bjorn', 'gefassaktive', 'gefaessaktive', 'aether', 'muenchen']) expect(text.split(/\s+/)).toContain(expected);
    // pagefind finds "muller" for Müller itself; the index need not keep it.
    expect(text.split(/\s+/)).not.toContain('muller');
    // Élise is found as "elise" by pagefind itself: the record needs no other spelling, only its people line.
    expect(searchDocument(page).match(/<p data-pagefind-weight="4">[^<]*<\/p>/g)).toEqual(['<p data-pagefind-weight="4">Élise Moreau</p>']);
  });
});

describe('the words a record is found by whatever way a reader writes them', () => {
  const record = {
    ...page,
    title: 'Colour centres in α-synuclein fibres',
    creators: [person('Daniele De Sanctis'), { displayName: 'Jan Mueller', familyName: 'Mueller', orcid: null }],
    descriptionHtml: '<p>Crystals grown by vapour diffusion were analysed at 100 K.</p>',
  } as unknown as LandingPageModel;
  const paragraphs = (html: string) => html.match(/<p[^>]*>[^<]*<\/p>/g) ?? [];

  test('the title’s words in the other of British and American spelling, and its Greek letters named, weighed as names are', () => {
    const spelt = paragraphs(searchDocument(record)).find((p) => p.startsWith('<p data-pagefind-weight="4">') && p.includes('color'));
    expect(spelt?.split(/[\s<>]+/)).toEqual(expect.arrayContaining(['color', 'centers', 'fibers', 'alpha-synuclein']));
  });

  test('the descriptions’ words in their other spelling and the names of their units, weighed as the descriptions are', () => {
    expect(paragraphs(searchDocument(record))).toContain('<p>kelvin vapor analyzed</p>');
  });

  test('names joined at their particles, and written with umlauts spelt out as pagefind folds the umlaut', () => {
    const words = searchDocument(record).split(/[\s<>]+/);
    expect(words).toContain('desanctis');
    expect(words).toContain('muller');
  });
});

describe('what the lookup keeps of a listing page', () => {
  test('numbered names as one entry per pattern and page (a 250-file page is one key), others by name', () => {
    const names = [...Array.from({ length: 250 }, (_, i) => `chip07_${String(251 + i).padStart(6, '0')}.cbf`), 'XDS.INP', 'run_01.h5', 'run_03.h5'];
    const page = { path: '/doi/x/datasets/chip-07/page/2/', files: names.map((name) => ({ name })) } as unknown as FilePageModel;
    expect(fileLookups(page)).toEqual([
      ['xds.inp', ['file', '/doi/x/datasets/chip-07/page/2/', 'XDS.INP', '']],
      ['chip07_*.cbf', ['files', '/doi/x/datasets/chip-07/page/2/', 'chip07_*.cbf', '6:251:250']],
      ['run_*.h5', ['files', '/doi/x/datasets/chip-07/page/2/', 'run_*.h5', '2:d:1,2']],
    ]);
  });
});

describe('lookups of a record with a very long title', () => {
  test('each hit carries the title cut to a bound, so lookups grow with the identifiers, not identifiers × title', () => {
    const funding = Array.from({ length: 1_000 }, (_, i) => ({ funder: 'F', funderName: 'F', funderId: null, funderIdScheme: null, funderUrl: null, award: `AWARD-${i}`, awardTitle: null, awardUrl: null }));
    const long = { ...page, title: `Lysozyme ${'T'.repeat(100_000)}`, funding } as LandingPageModel;
    const lookups = landingLookups(long);
    expect(lookups).toHaveLength(1_006);
    for (const [, hit] of lookups) expect(hit[2].length).toBeLessThanOrEqual(LOOKUP_TITLE_MAX);
    expect(JSON.stringify(lookups).length).toBeLessThan(1_000_000);
  });

  test('the cut falls at a word break and never inside a character; a title within the bound is as written', () => {
    expect(lookupTitle(page.title)).toBe(page.title);
    const words = lookupTitle(`${'word '.repeat(100)}end`);
    expect(words).toMatch(/^(word )+word…$/);
    expect(words.length).toBeLessThanOrEqual(LOOKUP_TITLE_MAX);
    const astral = lookupTitle('𝔸'.repeat(1_000));
    expect(astral).toBe(`${'𝔸'.repeat(LOOKUP_TITLE_MAX - 1)}…`);
  });
});
