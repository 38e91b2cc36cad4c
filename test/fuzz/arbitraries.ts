/**
 * Generators for the fuzz suite: hostile text (controls, line breaks, bidi controls,
 * look-alikes, lone surrogates, markup and format syntax), DataCite records with such
 * text in every field, XML token soups, listing lines and file paths.
 */
import fc from 'fast-check';
import { fixtureDataCite } from '../helpers/catalogue-fixtures.ts';

/** Characters that break some format: each writer must survive all of them. */
const NASTY = [
  '\u0000', '\u0001', '\u0007', '\u0008', '\t', '\n', '\r', '\r\n', '\u000b', '\u000c', '\u001b[2J', '\u001b]0;x\u0007', '\u007f', '\u0085', '\u009b',
  '\u00a0', '\u2028', '\u2029', '\u202e', '\u2066', '\u200f', '\ufeff', '\ufffe', '\uffff', '\ud800', '\udc00', '\u212a', '\u0130', 'e\u0301', 'é',
  '&', '&amp;', '&#233;', '&#0;', '&lt;', '<', '>', '"', "'", '`', '$(', '${x}', '\\', '\\n', '{', '}', '%', '#', '%20', '%0a', '%E2%80%A8',
  ']]>', '<!--', '<![CDATA[', '\nTY  - INJ\nER  - ', '\r\nTY  - INJ\r\nER  - ', '}, note = {x', '@misc{a,', '- ', ': ', '? ', '*a', '!tag', '|', '---', '...',
  'C:/', '../', './', '//', '.', ' ', '😀', '\u{10ffff}', 'null', 'true', '0x1', '-1',
];

/** A string mixing ordinary text with format-breaking pieces. */
export const nastyString = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NASTY) }, { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) }), { maxLength: 6 })
  .map((parts) => parts.join(''));

export const nonEmptyNasty = nastyString.map((s) => (s.trim() === '' ? `x${s}x` : s));

/** DOIs: valid, look-alike, percent-encoded, decorated, spaced. */
export const doiArb = fc.oneof(
  fc.constantFrom('10.5072/abc', '10.5072/ABC', '10.5072/sp%20x', '10.5072/sp%0ax', '10.5072/a%2Fb', '10.5072/\u212aelvin', '10.5072/a b', '10.5072/a\u0000b', 'https://doi.org/10.5072/x%20y', 'doi:10.5072/x', '10.5072/' + 'x'.repeat(600), '10.5072/..', '10.5072/.', '10.5072/-'),
  fc.tuple(fc.integer({ min: 1000, max: 99999 }), nonEmptyNasty).map(([p, s]) => `10.${p}/${s}`),
);

/** A DataCite record (REST attributes) with hostile text in its text fields. */
export const dataciteArb = fc
  .record({
    doi: doiArb,
    title: nonEmptyNasty,
    creator: nonEmptyNasty,
    family: fc.option(nonEmptyNasty, { nil: undefined }),
    publisher: nonEmptyNasty,
    abstract: nastyString,
    subject: nastyString,
    language: fc.option(fc.oneof(fc.constantFrom('en', 'en-GB', 'en_US', 'English', '', 'x-'), nastyString), { nil: undefined }),
    lang: fc.option(fc.oneof(fc.constantFrom('de', 'fr-CA', 'de DE'), nastyString), { nil: undefined }),
    version: fc.option(nastyString, { nil: undefined }),
    extra: fc.option(fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }), { nil: undefined, freq: 4 }),
    container: fc.option(fc.record({ type: fc.constant('Series'), identifier: fc.oneof(nastyString, fc.constantFrom('javascript:alert(1)', 'https://example.org/s')), identifierType: fc.constantFrom('URL', 'DOI', 'ISSN') }), { nil: undefined }),
  })
  .map((r) => {
    const base = fixtureDataCite(r.doi, r.title, {
      publisher: r.publisher,
      creators: [{ name: r.creator, nameType: 'Personal', ...(r.family ? { familyName: r.family, givenName: r.creator } : {}), affiliation: [{ name: r.publisher }] }],
      descriptions: r.abstract.trim() ? [{ description: r.abstract, descriptionType: 'Abstract' }] : [],
      subjects: r.subject.trim() ? [{ subject: r.subject }] : [],
      titles: [{ title: r.title, ...(r.lang !== undefined ? { lang: r.lang } : {}) }],
      ...(r.language !== undefined ? { language: r.language } : {}),
      ...(r.version !== undefined ? { version: r.version } : {}),
      ...(r.container ? { container: r.container } : {}),
    });
    return r.extra ? { ...r.extra, ...base } : base;
  });

/** JSON text: valid records, mutated records, random JSON, garbage, deep nesting, duplicate keys. */
export const jsonTextArb = fc.oneof(
  { weight: 4, arbitrary: dataciteArb.map((r) => JSON.stringify(r)) },
  { weight: 2, arbitrary: dataciteArb.map((r) => JSON.stringify({ data: { id: 'x', type: 'dois', attributes: { ...r, xml: 'PD94', state: 'findable', viewCount: 3 } } })) },
  { weight: 2, arbitrary: fc.tuple(dataciteArb, fc.nat(), fc.string({ maxLength: 4 })).map(([r, at, junk]) => { const t = JSON.stringify(r); const i = at % (t.length + 1); return t.slice(0, i) + junk + t.slice(i); }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6000 }), fc.constantFrom('titles', 'creators', 'unknownThing')).map(([n, key]) => `{"doi":"10.5072/x","${key}":${'['.repeat(n)}${']'.repeat(n)}}`) },
  { weight: 1, arbitrary: fc.tuple(nastyString, fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 })).map(([k, a, b]) => `{${JSON.stringify(k)}:${JSON.stringify(a)},${JSON.stringify(k)}:${JSON.stringify(b)}}`) },
);

const XML_TOKENS = [
  '<?xml version="1.0" encoding="UTF-8"?>', '<resource xmlns="http://datacite.org/schema/kernel-4">', '<resource xmlns="http://evil.example">', '<resource>', '</resource>',
  '<identifier identifierType="DOI">', '</identifier>', '10.5072/x', '<titles>', '</titles>', '<title xml:lang="en">', '<title xml:lang="en_US">', '</title>',
  '<creators><creator><creatorName>', '</creatorName></creator></creators>', '<publisher>', '</publisher>', '<publicationYear>2020</publicationYear>',
  '<resourceType resourceTypeGeneral="Dataset"/>', '&#233;', '&#x1F600;', '&#0;', '&#1;', '&amp;', '&nbsp;', '&undefined;', '<![CDATA[a<b]]>', '<!-- c -->',
  '<!DOCTYPE r [<!ENTITY a "aaaa">]>', '&a;', '<br/>', '<a x="1" x="2"/>', '<other/>', ' ', '\n', '"', "'", '<', '>', '&',
];

/** XML text: valid records with hostile text, token soups, truncations. */
export const xmlTextArb = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(nonEmptyNasty, nastyString, fc.constantFrom('', ' xml:lang="en"', ' xml:lang="e n"')).map(([title, creator, lang]) => xmlRecord(title, creator, lang)) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...XML_TOKENS), nastyString), { maxLength: 30 }).map((t) => t.join('')) },
  { weight: 1, arbitrary: fc.tuple(nonEmptyNasty, fc.nat()).map(([t, n]) => xmlRecord(t, 'c', '').slice(0, n % 400)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 6000 }).map((n) => xmlRecord('t', 'c', '').replace('<titles>', '<titles>' + '<a>'.repeat(n) + '</a>'.repeat(n))) },
);

export function escapeXmlText(s: string): string {
  return s.replace(/&(?!#?\w+;)/g, '&amp;').replace(/</g, '&lt;');
}

export function xmlRecord(title: string, creator: string, lang: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<resource xmlns="http://datacite.org/schema/kernel-4">
  <identifier identifierType="DOI">10.5072/fuzz</identifier>
  <creators><creator><creatorName>${escapeXmlText(creator)}</creatorName></creator></creators>
  <titles><title${lang}>${escapeXmlText(title)}</title></titles>
  <publisher>P</publisher>
  <publicationYear>2024</publicationYear>
  <resourceType resourceTypeGeneral="Dataset">Data</resourceType>
</resource>
`;
}

/** Relative file paths of every odd kind. */
export const pathArb = fc.oneof(
  fc.array(fc.oneof(nonEmptyNasty, fc.constantFrom('a', 'A', 'b', '.', '..', '', 'x.', 'x ', 'C:', '\u202etxt.exe', 'e\u0301', '\u00e9')), { minLength: 1, maxLength: 5 }).map((s) => s.join('/')),
  fc.constantFrom('a', './a', 'a//b', 'a/b', 'A/b', '/etc/passwd', 'C:/x', 'a\\b', 'a\nb', 'x'.repeat(5000), 'd/' + 'y'.repeat(300)),
);

/** Listing lines: valid datafiles with hostile paths, and garbage. */
export const listingLineArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ path: pathArb, size: fc.oneof(fc.nat(), fc.constant(-1), fc.double()), key: fc.oneof(pathArb, fc.constant('k/a.cbf')) }).map((r) => JSON.stringify({ path: r.path, size: r.size, sha256: 'a'.repeat(64), mediaType: 'application/x-cbf', key: r.key })) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
);

/** experiment.json text. */
export const experimentTextArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ state: fc.oneof(fc.constantFrom('released', 'unpublished', 'withdrawn', 'metadata-only'), nastyString), releasedOn: fc.oneof(fc.constant('2024-01-02'), nastyString), listing: pathArb, title: nastyString, id: fc.oneof(fc.constant('raw'), nastyString) })
      .map((r) => JSON.stringify({ release: { state: r.state, releasedOn: r.releasedOn }, facility: r.title, datasets: [{ id: r.id, title: r.title || 't', kind: 'raw', fileCount: 1, totalBytes: 1, listing: r.listing }] })) },
  { weight: 1, arbitrary: fc.constant('{"release":{"state":"unpublished","state":"released","releasedOn":"2024-01-01"}}') },
  { weight: 1, arbitrary: fc.json({ maxDepth: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
