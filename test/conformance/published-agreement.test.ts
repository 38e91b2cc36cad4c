/**
 * One reading of a record, checked on the files a real build publishes. Real DataCite
 * records from other repositories (../shared: bolognese fixtures, recorded REST responses,
 * Invenio's kernel 4.3 JSON, ESRF sessions, commonmeta's REST samples, DataCite's kernel 4.7
 * examples), plus hostile variants of one of them, go into a folder catalogue
 * (src/catalogue/datacite-folder-source.ts) and through the real pipeline once (enrich off, offline). Every published record's landing page
 * (visible facts, meta tags, JSON-LD, head links), metadata.jsonld, linkset, CSL-JSON, BibTeX,
 * RIS, CFF, DataCite XML and JSON, API record, records.jsonl line, feed entry and sitemap
 * entry are parsed back with parsers that know nothing of Aperture (published-reader.ts) and
 * must state the same DOI, title, creators (order, names, ORCIDs, affiliations and RORs),
 * publisher, year and date, resource type, version, language, licence(s), related
 * identifiers, funders and subjects as the record core reads from the input.
 *
 * The DataCite exports carry the registered metadata unchanged: they are held against the
 * registered values (every rights entry, names as written), the rest against the record
 * core's reading (docs/citation.md).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { buildSite, type BuildReport } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { openCatalogue } from '../../src/catalogue/open-catalogue.ts';
import { validateCatalogue } from '../../src/validate/validate-catalogue.ts';
import type { DataCiteAttributes } from '../../src/datacite/types.ts';
import type { ExperimentRecord } from '../../src/record/types.ts';
import { creatorsOf } from '../../src/record/agents.ts';
import { citationYearOf, publicationDateOf, publicationYearOf } from '../../src/record/dates.ts';
import { keywordsOf, languageOf, subjectsOf, mainTitle, publisherName, repeatedTitle, resourceTypeOf, versionOf } from '../../src/record/fields.ts';
import { fundingOf } from '../../src/record/funding.ts';
import { licenceOf, licencesOf } from '../../src/record/licence.ts';
import { groupRelated, relatedItem, relatedLinks as coreRelatedLinks } from '../../src/record/related.ts';
import { clean } from '../../src/record/text.ts';
import { doiUrl, normaliseDoi } from '../../src/record/doi.ts';
import { CSL_TYPES } from '../../src/citation/csl.ts';
import { RIS_TYPES } from '../../src/citation/ris.ts';
import { SCHEMA_ORG_TYPES } from '../../src/exports/schema-org.ts';
import { languageName } from '../../src/model/format.ts';
import {
  bibtexFacts, bibtexText, cffFacts, cslJsonFacts, dataciteXmlFacts, feedEntries, jsonLdFacts, readIf, readLandingHtml, recordDir, risFacts,
  type Creator, type Facts,
} from './published-reader.ts';
import { hostileVariants } from './hostile-variants.ts';

const SHARED = resolve(import.meta.dirname, '../../../shared');
const HAS_SHARED = existsSync(SHARED);
const SOURCES: Array<[dir: string, pattern: RegExp]> = [
  ['conformance/bolognese/inputs/fixtures', /\.(xml|json)$/],
  ['conformance/bolognese/inputs/recorded', /\.api\.json$/],
  ['conformance/invenio-xml-json/4.3', /\.json$/],
  ['records/datacite-rest/esrf', /\.json$/],
  ['records/datacite-rest/commonmeta-testdata', /\.json$/],
  ['records/datacite-rest/recorded', /^(viringo-datacite_api_dois?\.json|.*\.body\.json)$/],
  // DataCite's own kernel 4.7 examples: every 4.5–4.7 type, relation, identifier type and property.
  ['datacite/xsd/kernel-4.7/example', /\.xml$/],
];
const BASE = 'records/datacite-rest/recorded/datacite-php-sdk-getdoi.all_fields.body.json';

let root = '';
let report: BuildReport;
let records: ExperimentRecord[] = [];

/** Assembles the folder catalogue: the real records as they are, then the hostile variants. */
function writeCatalogue(dir: string): number {
  let n = 0;
  for (const [sub, pattern] of SOURCES) {
    const from = join(SHARED, sub);
    if (!existsSync(from)) continue;
    for (const name of readdirSync(from).filter((f) => pattern.test(f))) {
      // bolognese's own JSON flavour is not DataCite JSON; only REST-shaped JSON is a catalogue file.
      if (name.endsWith('.json') && !/"(attributes|creators)"/.test(readFileSync(join(from, name), 'utf8'))) continue;
      copyFileSync(join(from, name), join(dir, `${sub.replace(/[^a-z0-9]+/gi, '-')}-${name}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-')));
      n++;
    }
  }
  const base = (JSON.parse(readFileSync(join(SHARED, BASE), 'utf8')) as { data: { attributes: Record<string, unknown> } }).data.attributes;
  for (const [name, attributes] of hostileVariants(base)) writeFileSync(join(dir, `hostile-${name}.json`), JSON.stringify({ data: { attributes } }));
  return n;
}

beforeAll(async () => {
  if (!HAS_SHARED) return;
  root = await tempDir('published-agreement-');
  const catalogue = join(root, 'records');
  mkdirSync(catalogue);
  expect(writeCatalogue(catalogue)).toBeGreaterThan(100);
  const configFile = join(root, 'aperture.config.json');
  writeFileSync(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'records', enrich: { enabled: false }, persistence: { remote: 'none' } }));
  report = await buildSite({ config: await loadSiteConfig(configFile, {}), outDir: join(root, 'dist'), workDir: join(root, 'work'), log: () => {}, now: new Date('2026-11-01T00:00:00Z'), offline: true });
  for await (const { record } of validateCatalogue(openCatalogue(catalogue), new DiagnosticSink())) if (record) records.push(record);
}, 600_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

// ---- what each output should say --------------------------------------------------------

const sorted = (xs: readonly (string | undefined | null)[] | undefined) => (xs ?? []).filter((x): x is string => Boolean(x)).sort();

/** Related works as links a reader can follow, as the record core gives them. */
function relatedLinks(r: ExperimentRecord, relations?: string[]): string[] {
  const rels = (Array.isArray(r.datacite.relatedIdentifiers) ? r.datacite.relatedIdentifiers : []).filter((x) => x && typeof x.relatedIdentifier === 'string' && x.relatedIdentifier.trim());
  if (!relations) return groupRelated(rels, r.datacite.relatedItems).flatMap((g) => g.items.flatMap((i) => i.links.map((l) => l.url))).filter((u) => /^https?:/.test(u));
  return rels.filter((x) => relations.includes(x.relationType)).map((x) => relatedItem(x).links[0]?.url).filter((u): u is string => Boolean(u && /^https?:/.test(u)));
}

/** The registered values as DataCite's XML and JSON carry them. */
function registered(a: DataCiteAttributes): Facts {
  const arr = <T>(v: T[] | undefined | null): T[] => (Array.isArray(v) ? v : []);
  return {
    doi: String(a.doi).toLowerCase(),
    title: mainTitle(a),
    creators: arr(a.creators).map((c) => ({
      name: clean(c.name) || [clean(c.givenName), clean(c.familyName)].filter(Boolean).join(' ') || undefined,
    })),
    publisher: publisherName(a.publisher),
    year: publicationYearOf(a),
    type: clean(a.types?.resourceTypeGeneral) || undefined,
    ...(clean(a.version) ? { version: clean(a.version) } : {}),
    ...(clean(a.language) ? { language: clean(a.language) } : {}),
    licences: arr(a.rightsList).map((x) => clean(x.rightsUri) || clean(x.rights)).filter(Boolean),
    related: arr(a.relatedIdentifiers).map((x) => clean(x.relatedIdentifier)).filter(Boolean),
    funders: arr(a.fundingReferences).map((f) => clean(f.funderName)).filter(Boolean),
    subjects: arr(a.subjects).map((s) => clean(s.subject)).filter(Boolean),
  };
}

/** A name in the form an output writes it: `display` (Given Family), `inverted` (Family, Given). */
function coreCreators(r: ExperimentRecord, form: 'display' | 'inverted', withAffiliations: 'all' | 'people' | 'first' | 'none'): Creator[] {
  return creatorsOf(r.datacite).map((c) => {
    const affs = withAffiliations === 'all' || (withAffiliations === 'people' && c.kind === 'person') ? c.affiliations : withAffiliations === 'first' ? c.affiliations.slice(0, 1) : [];
    return {
      name: form === 'display' ? c.displayName : c.invertedName,
      orcid: c.orcid,
      affiliations: affs.map((x) => x.name),
      rors: affs.map((x) => x.ror).filter((x): x is string => Boolean(x)),
    };
  });
}

type Field = keyof Facts;

interface Check {
  output: string;
  facts: Facts;
  want: Facts;
  /** Facts this output does not state (a value `undefined` in `want` means: the output must not state one). */
  skip?: Field[];
}

/** Every disagreement between an output and what it should say, as "record: field — output says X, record core Y". */
function compare(id: string, { output, facts, want: all, skip = [] }: Check): string[] {
  const want: Facts = { ...all };
  for (const field of skip) delete want[field];
  const out: string[] = [];
  const say = (field: string, ours: unknown, theirs: unknown) => out.push(`${id}: ${field} — ${output} ${JSON.stringify(ours)}, record core ${JSON.stringify(theirs)}`);
  for (const field of ['doi', 'title', 'publisher', 'year', 'date', 'type', 'version', 'language', 'licence'] as const) {
    if (!(field in want)) continue;
    if ((facts[field] ?? null) !== (want[field] ?? null)) say(field, facts[field], want[field]);
  }
  for (const field of ['licences', 'funders', 'subjects', 'subjectTerms'] as const) {
    if (!(field in want)) continue;
    if (JSON.stringify(facts[field] ?? []) !== JSON.stringify(want[field] ?? [])) say(field, facts[field], want[field]);
  }
  if ('related' in want && JSON.stringify(sorted(facts.related)) !== JSON.stringify(sorted(want.related))) say('related', sorted(facts.related), sorted(want.related));
  if (facts.creators && want.creators) {
    if (facts.creators.length !== want.creators.length) say('creators (count)', facts.creators.length, want.creators.length);
    else facts.creators.forEach((c, i) => {
      const e = want.creators![i]!;
      for (const k of ['name', 'orcid'] as const) if (k in c && k in e && (c[k] ?? null) !== (e[k] ?? null)) say(`creator ${i + 1} ${k}`, c[k], e[k]);
      // Joined: a page separates affiliations with "; ", which an affiliation's own name may hold.
      for (const k of ['affiliations', 'rors'] as const) if (c[k] && e[k] && c[k].join('; ') !== e[k].join('; ')) say(`creator ${i + 1} ${k}`, c[k], e[k]);
    });
  }
  return out;
}

/**
 * BibTeX and RIS write a person as "Family, Given": a part that holds a comma itself (one
 * creator entry naming several people, "Enos, Ryan (Harvard); Fowler, Anthony…") cannot be
 * read back as one name in either format, so its name is not compared (see the report). RIS
 * has no braces either: an organisation whose name holds a comma ("European Social Fund/DABURH,
 * Department of History, Leiden University", DataCite's 4.7 Coverage example) is read back
 * as Family, Given, Suffix by every RIS reader, and is not compared in RIS.
 */
function readableNames(r: ExperimentRecord, names: Creator[], format: 'bibtex' | 'ris'): Creator[] {
  const agents = creatorsOf(r.datacite);
  const unreadable = (a: (typeof agents)[number] | undefined) =>
    (a?.kind === 'person' && /,/.test(`${a.givenName ?? ''}${a.familyName ?? ''}`)) || (format === 'ris' && a?.kind === 'organisation' && a.name.includes(','));
  return names.map((n, i) => (unreadable(agents[i]) ? {} : n));
}

/**
 * The DOI a shown DOI link names: it must be the URL a browser follows (the WHATWG parser
 * changes nothing), and show the DOI as registered when none of its characters needs encoding
 * in a URL (DOI Handbook: `10.4121/uuid:…`, not `uuid%3A…`); else it must read back as the DOI.
 */
function doiOfLink(link: string, doi: string): string {
  if (new URL(link).href !== link) return `not followed as shown: ${link}`;
  const plain = /^[\x21-\x7e]+$/.test(doi) && !/["#%+<>?[\\\]^`{|}]/.test(doi) && !/\/\.\.?(?:\/|$)/.test(doi);
  return plain ? link.replace(/^https:\/\/doi\.org\//, '') : normaliseDoi(link);
}

function checksOf(r: ExperimentRecord, dist: string, feed: ReturnType<typeof feedEntries>, sitemap: string, jsonl: Map<string, unknown>): Check[] {
  const a = r.datacite;
  const dir = recordDir(dist, r.slug);
  const file = (name: string) => readIf(join(dir, name));
  const l = licenceOf(a);
  const general = resourceTypeOf(a).general;
  const tag = languageOf(a);
  const subjects = keywordsOf(a);
  const funders = fundingOf(a).map((f) => f.funder);
  const subjectTerms = subjectsOf(a).flatMap((s) => (s.url ? [s.url] : []));
  const core: Facts = {
    doi: r.doi, title: mainTitle(a), publisher: publisherName(a.publisher), year: citationYearOf(a, r.release.releasedOn),
    date: publicationDateOf(a, r.release.releasedOn), version: versionOf(a), language: tag, licence: l?.url ?? l?.name ?? null, subjects, funders,
  };
  const html = file('index.html');
  if (!html) return [{ output: 'landing page', facts: { doi: 'missing' }, want: { doi: r.doi } }];
  const { page, meta, jsonLd, links } = readLandingHtml(html);
  const checks: Check[] = [
    {
      output: 'page',
      facts: page,
      want: {
        ...core, doi: doiUrl(r.doi), type: resourceTypeOf(a).text, creators: coreCreators(r, 'display', 'all'), language: tag ? languageName(tag) : (clean(a.language) || undefined), related: relatedLinks(r),
        funders: fundingOf(a).map((f) => `${f.funder}${f.award ? `, award ${f.award}` : ''}${f.awardTitle ? `: ${f.awardTitle}` : ''}`),
        subjectTerms,
      },
      skip: ['date'],
    },
    // A runaway title is cut in the head's copies of it (REPEATED_TITLE_CHARS); the heading and JSON-LD keep it whole.
    { output: 'meta tags', facts: meta, want: { ...core, title: repeatedTitle(a), creators: coreCreators(r, 'inverted', 'none').map(({ name }) => ({ name })), subjects: subjects.map((k) => k.split(';').map((x) => x.trim()).filter(Boolean).join(', ')) }, skip: ['year', 'version', 'funders'] },
    { output: 'page DOI link', facts: { doi: page.doi ? doiOfLink(page.doi, r.doi) : undefined }, want: { doi: r.doi } },
    { output: 'head links', facts: { licence: links.get('license')?.[0] ?? null, doi: links.get('cite-as')?.[0] }, want: { licence: l?.url ?? null, doi: doiUrl(r.doi) } },
  ];
  const ldWant: Facts = {
    ...core,
    type: a.types?.schemaOrg?.trim() && /^[A-Z][A-Za-z]+$/.test(a.types.schemaOrg.trim()) ? a.types.schemaOrg.trim() : (SCHEMA_ORG_TYPES[general] ?? 'CreativeWork'),
    creators: coreCreators(r, 'display', 'people'),
    // Every related work, by the first link the page gives it (the record core's relatedLinks).
    related: coreRelatedLinks(a).map((x) => x.url),
    funders: fundingOf(a).map((f) => f.funderName ?? f.funderId ?? ''),
    subjectTerms,
    // Every licence, not the access statements beside them.
    licences: licencesOf(a).map((x) => x.url ?? x.name),
  };
  if (jsonLd) checks.push({ output: 'JSON-LD in the page', facts: jsonLdFacts(jsonLd), want: ldWant, skip: ['year'] });
  const ld = file('metadata.jsonld');
  checks.push({ output: 'metadata.jsonld', facts: ld ? jsonLdFacts(JSON.parse(ld)) : { doi: 'missing' }, want: ldWant, skip: ['year'] });
  const linkset = file('linkset.json');
  if (linkset) {
    const top = (JSON.parse(linkset) as { linkset: Array<Record<string, Array<{ href: string }>>> }).linkset[0]!;
    checks.push({ output: 'linkset', facts: { doi: top['cite-as']?.[0]?.href, licence: top.license?.[0]?.href ?? null }, want: { doi: doiUrl(r.doi), licence: l?.url ?? null } });
  }
  // Citations give people as name parts and everyone else as a literal name (csl.ts agentName).
  const named = creatorsOf(a).map((c) => ({ name: c.kind === 'person' && c.familyName ? c.displayName : c.name }));
  const csl = file('citation.csl.json');
  if (csl) {
    const facts = { ...cslJsonFacts(csl), subjects: (JSON.parse(csl) as Array<{ categories?: string[] }>)[0]!.categories ?? [] };
    checks.push({ output: 'CSL-JSON', facts, want: { ...core, creators: named, type: CSL_TYPES[general] ?? 'article', licence: l?.name }, skip: ['funders'] });
  }
  const bib = file('citation.bib');
  if (bib) {
    const f = bibtexFacts(bib);
    const asBibtex = (x: Facts): Facts => ({ ...x, title: bibtexText(x.title), creators: x.creators?.map((c) => ('name' in c ? { name: bibtexText(c.name) } : {})) });
    checks.push({ output: 'BibTeX', facts: asBibtex(f), want: asBibtex({ ...core, creators: readableNames(r, named, 'bibtex') }), skip: ['date', 'version', 'language', 'licence', 'subjects', 'funders'] });
  }
  const ris = file('citation.ris');
  if (ris) {
    const ty = RIS_TYPES[general] ?? 'GEN';
    // citation-js reads no PB in a journal or journal article; our RIS writes no ET in an article (the e-pub date).
    checks.push({ output: 'RIS', facts: risFacts(ris), want: { ...core, creators: readableNames(r, named, 'ris'), type: ty, version: ty === 'JOUR' ? undefined : core.version }, skip: ['date', 'licence', 'subjects', 'funders', ...(ty === 'JOUR' || ty === 'JFULL' ? (['publisher'] as Field[]) : [])] });
  }
  const cff = file('CITATION.cff');
  if (cff) {
    const date = core.date && /^\d{4}-\d{2}-\d{2}$/.test(core.date) ? core.date : undefined;
    const creators = coreCreators(r, 'display', 'first').map((x, i) => ({ name: named[i]!.name, orcid: x.orcid, affiliations: x.affiliations }));
    checks.push({ output: 'CFF', facts: cffFacts(cff), want: { ...core, date, creators, licence: l?.spdx ?? undefined }, skip: ['year', 'publisher', 'language', 'funders'] });
  }
  const reg = registered(a);
  const xml = file('datacite.xml');
  // xs:language has no underscore: the XML writes a POSIX locale (en_US) as its tag (en-US).
  checks.push({ output: 'DataCite XML', facts: xml ? dataciteXmlFacts(xml) : { doi: 'missing' }, want: { ...reg, ...(reg.language ? { language: reg.language.replace(/_/g, '-') } : {}) } });
  const dataciteJson = file('datacite.json');
  checks.push({ output: 'DataCite JSON', facts: dataciteJson ? registered(JSON.parse(dataciteJson) as DataCiteAttributes) : { doi: 'missing' }, want: reg });
  const api = readIf(join(dist, 'api', 'records', `${r.slug}.json`));
  checks.push({ output: 'API record', facts: api ? registered((JSON.parse(api) as { attributes: DataCiteAttributes }).attributes) : { doi: 'missing' }, want: reg });
  const line = jsonl.get(r.doi) as { attributes: DataCiteAttributes } | undefined;
  checks.push({ output: 'records.jsonl', facts: line ? registered(line.attributes) : { doi: 'missing' }, want: reg });
  const entry = feed.get(doiUrl(r.doi));
  if (entry) checks.push({ output: 'feed', facts: { title: entry.title, creators: entry.authors.map((name) => ({ name })) }, want: { title: core.title, creators: coreCreators(r, 'display', 'none').map(({ name }) => ({ name })) } });
  checks.push({ output: 'sitemap', facts: { doi: sitemap.includes(`<loc>https://data.example.org/doi/${r.slug}/</loc>`) ? r.doi : 'missing' }, want: { doi: r.doi } });
  return checks;
}

describe.skipIf(!HAS_SHARED && process.env.CI !== 'true')('every published output of real DataCite records agrees (../shared)', () => {
  test('the build publishes the real records and every hostile variant without crashing', () => {
    expect(HAS_SHARED, '../shared must exist in CI').toBe(true);
    expect(report.ok).toBe(true);
    expect(records.length).toBeGreaterThan(150);
    const published = new Set(report.stage.published.map((p) => p.doi));
    // Each variant is published, or left out with an error that names it (a year " 2019 " is
    // no year of the schema: never silently coerced).
    const outcome = hostileVariants({}).map(([name]) => {
      const doi = `10.5072/hostile-${name}`;
      if (published.has(doi)) return `${name}: published`;
      const errors = report.diagnostics.filter((d) => d.severity === 'error' && d.record === `hostile-${name}`).map((d) => d.code);
      return `${name}: left out (${[...new Set(errors)].join(', ') || 'no error reported'})`;
    });
    expect(outcome.filter((o) => !o.endsWith(': published'))).toEqual(['year-padded: left out (datacite/schema)']);
  });

  test('identifiers, languages and related works as other repositories write them reach the page and its JSON-LD', () => {
    const dist = join(root, 'dist');
    const page = (variant: string) => {
      const r = records.find((x) => x.doi === `10.5072/hostile-${variant}`);
      return r ? readIf(join(recordDir(dist, r.slug), 'index.html')) ?? '' : '';
    };
    const people = page('identifiers-written-elsewhere');
    for (const url of ['https://orcid.org/0000-0002-1825-0097', 'https://orcid.org/0000-0002-1694-233X', 'https://ror.org/02550n020']) expect(people).toContain(url);
    const locale = page('language-as-locale');
    expect(locale).toContain('<dt>Language</dt><dd>American English</dd>');
    expect(locale).toContain('"inLanguage":"en-US"');
    expect(locale).toContain('lang="de-DE"');
    const related = page('related-kernel-4-7');
    for (const url of ['https://cstr.cn/31253.11.sciencedb.13238', 'https://scicrunch.org/resolver/RRID:SCR_014641', 'https://archive.softwareheritage.org/swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2', 'https://raid.org/10.26259/5c43ca8f']) {
      expect(related).toContain(`href="${url}"`);
    }
    expect(related).toContain('Was presented at');
    expect(related).not.toContain('href="not a cstr"');
  });

  test('page, head, JSON-LD, linkset, citations, DataCite exports, API, records.jsonl, feed and sitemap agree fact by fact', () => {
    const dist = join(root, 'dist');
    const feed = feedEntries(readFileSync(join(dist, 'feed.xml'), 'utf8'));
    const sitemap = readdirSync(dist).filter((f) => /^sitemap-\d+\.xml$/.test(f)).map((f) => readFileSync(join(dist, f), 'utf8')).join('\n');
    const jsonl = new Map(readFileSync(join(dist, 'records.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => { const o = JSON.parse(l) as { doi: string }; return [o.doi, o]; }));
    const found: string[] = [];
    let checked = 0;
    for (const r of records) {
      let checks: Check[];
      try {
        checks = checksOf(r, dist, feed, sitemap, jsonl);
      } catch (e) {
        // An output a reader cannot parse disagrees with everything.
        found.push(`${r.id}: an output could not be read back: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      for (const check of checks) {
        checked++;
        found.push(...compare(r.id, check));
      }
    }
    console.log(`${records.length} records, ${checked} outputs compared`);
    expect(found).toEqual([]);
  });
});
