/**
 * One reading of a record: for every record the project has (the demo catalogue, the test
 * fixtures and, when ../shared exists, DataCite's kernel 4.4–4.7 examples, the conformance
 * inputs and the REST sample), the page model, the JSON-LD, the meta tags, CSL-JSON,
 * BibTeX, RIS, CFF and the DataCite XML and JSON exports must agree on the DOI, the title,
 * the creators (count, order, kind, ORCID, affiliations and their RORs), the licence, the
 * publication year and date, the publisher, the resource type, version, language, subjects,
 * funders and related works. Each output is read back as a reader would read it; a
 * disagreement names the record, the field and the outputs. (The files a real build
 * publishes are checked the same way in published-agreement.test.ts.)
 *
 * The DataCite exports carry the registered metadata unchanged, so their publication year
 * is the registered one; every other output names the year the record became public
 * (docs/citation.md, "Which year a citation names").
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { filesystemSource } from '../../src/catalogue/filesystem-source.ts';
import { validateRecord } from '../../src/validate/validate-record.ts';
import { validateDataCite } from '../../src/validate/datacite.ts';
import { defaultRelease } from '../../src/record/release.ts';
import { parseDataCiteXml } from '../../src/datacite/xml-read.ts';
import { toDataCiteXml } from '../../src/datacite/xml-write.ts';
import type { DataCiteAttributes } from '../../src/datacite/types.ts';
import type { ExperimentRecord } from '../../src/record/types.ts';
import { doiSlug } from '../../src/record/identity.ts';
import { normaliseDoi } from '../../src/record/doi.ts';
import { creatorsOf } from '../../src/record/agents.ts';
import { citationYearOf, publicationDateOf, publicationYearOf } from '../../src/record/dates.ts';
import { keywordsOf, languageOf, subjectsOf, mainTitle, publisherName, resourceTypeOf, versionOf } from '../../src/record/fields.ts';
import { fundingOf } from '../../src/record/funding.ts';
import { relatedLinks } from '../../src/record/related.ts';
import { SCHEMA_ORG_RELATIONS } from '../../src/exports/schema-org-relations.ts';
import { doiUrl } from '../../src/record/doi.ts';
import { languageName } from '../../src/model/format.ts';
import { CSL_TYPES } from '../../src/citation/csl.ts';
import { RIS_TYPES } from '../../src/citation/ris.ts';
import { SCHEMA_ORG_TYPES, schemaOrgType } from '../../src/exports/schema-org.ts';
import { licenceOf, licencesOf } from '../../src/record/licence.ts';
import { licenceModel, toLandingPage } from '../../src/model/landing.ts';
import { toSchemaOrg, type JsonLd } from '../../src/exports/schema-org.ts';
import { metaTags } from '../../src/exports/meta-tags.ts';
import { risExtras, toCsl } from '../../src/citation/csl.ts';
import { formatBibtex, formatRis } from '../../src/citation/formats.ts';
import { toCff } from '../../src/citation/cff.ts';
import { dataciteRecord, hostileRecord } from '../unit/citation/factory.ts';
import { fixtureDataCite, hostileSpec, releasedMxSpec, metadataOnlySpec, withdrawnSpec, unknownLicenceSpec } from '../helpers/catalogue-fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SHARED = resolve(ROOT, '../shared');

type Kind = 'person' | 'organisation';
interface Facts {
  doi?: string;
  title?: string;
  creators?: Array<{ name?: string; kind?: Kind; orcid?: string | null; affiliations?: string; rors?: string }>;
  licence?: string | null;
  /** Every licence (not access statements), the record's first, joined. */
  licences?: string;
  year?: string;
  publisher?: string;
  /** The date the record became public, as far as it is known (YYYY[-MM[-DD]]). */
  date?: string;
  /** resourceTypeGeneral, when the output's own type is the one its table gives for it. */
  type?: string;
  version?: string | null;
  /** BCP 47 tag. */
  language?: string | null;
  /** Joined with " | " (a subject or funder may hold any other separator). */
  subjects?: string;
  /** The subjects' http(s) term URIs (valueUri), joined. */
  subjectTerms?: string;
  funders?: string;
  related?: string;
}

const joined = (xs: readonly string[] | undefined) => (xs ?? []).join(' | ');
/** The output's type read back as resourceTypeGeneral when it is what `table` maps the record's type to. */
function typeAs(r: ExperimentRecord, value: unknown, table: Readonly<Record<string, string>>, fallback: string): string {
  const general = resourceTypeOf(r.datacite).general;
  return value === (table[general] ?? fallback) ? general : String(value);
}
/** Links of every related work (related identifiers and related items), as the record core reads them. */
function relatedOf(r: ExperimentRecord): string {
  return joined(relatedLinks(r.datacite).map((x) => x.url).sort());
}

// ---- the records ------------------------------------------------------------------------

function bareRecord(id: string, datacite: DataCiteAttributes): ExperimentRecord {
  const doi = normaliseDoi(datacite.doi);
  return {
    id, doi, slug: doiSlug(doi), datacite, descriptionMarkdown: null, release: defaultRelease(datacite),
    facility: null, instrument: null, technique: null, proposal: null, collected: { start: null, end: null },
    datasets: [], digest: id, files: { datacite: null, experiment: null, description: null },
  };
}

/** A record as the validate stage accepts it, or null (rejected records have no outputs). */
function accepted(id: string, raw: unknown): ExperimentRecord | null {
  const sink = new DiagnosticSink();
  const datacite = validateDataCite(raw, sink);
  return datacite ? bareRecord(id, datacite) : null;
}

async function demoRecords(): Promise<ExperimentRecord[]> {
  const sink = new DiagnosticSink();
  const out: ExperimentRecord[] = [];
  for await (const raw of filesystemSource(join(ROOT, 'content')).experiments(sink)) {
    const r = validateRecord(raw, sink);
    if (r && r.release.state !== 'unpublished') out.push(r);
  }
  return out;
}

function fixtureRecords(): ExperimentRecord[] {
  const specs = [releasedMxSpec(), metadataOnlySpec(), withdrawnSpec(), hostileSpec(), unknownLicenceSpec()];
  const out = [
    accepted('factory', dataciteRecord()),
    accepted('factory-hostile', hostileRecord()),
    accepted('fixture-datacite', fixtureDataCite('10.5072/agree-1', 'Agreement fixture')),
    // A subject holding "; " is one keyword in every output, the citation_keywords tag included.
    accepted('fixture-subject-semicolon', fixtureDataCite('10.5072/agree-2', 'Semicolon subjects', { subjects: [{ subject: 'Proteins; structure' }, { subject: 'lysozyme' }] })),
    // A licence for the data, one for the software, and an access statement that is no licence.
    accepted('fixture-two-licences', fixtureDataCite('10.5072/agree-4', 'Two licences', { rightsList: [
      { rights: 'info:eu-repo/semantics/openAccess', rightsUri: 'info:eu-repo/semantics/openAccess' },
      { rights: 'Creative Commons Attribution 4.0 International', rightsUri: 'https://creativecommons.org/licenses/by/4.0/legalcode', rightsIdentifier: 'cc-by-4.0', rightsIdentifierScheme: 'SPDX' },
      { rights: 'MIT License', rightsUri: 'https://opensource.org/licenses/MIT' },
    ] })),
    // Subjects from vocabularies: a term URI (a javascript: one is no link), a scheme, a code.
    accepted('fixture-subject-terms', fixtureDataCite('10.5072/agree-3', 'Vocabulary subjects', { subjects: [
      { subject: 'FOS: Physical sciences', subjectScheme: 'Fields of Science and Technology (FOS)', schemeUri: 'http://www.oecd.org/science/inno/38235147.pdf', valueUri: 'https://w3id.org/oecd/fos/103' },
      { subject: 'Crystallography', subjectScheme: 'ANZSRC', classificationCode: '340101' },
      { subject: 'hostile', valueUri: 'javascript:alert(1)' },
    ] })),
    ...specs.map((s) => (s.datacite ? accepted(s.id, s.datacite) : null)),
  ];
  return out.filter((r): r is ExperimentRecord => r !== null);
}

function fromFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.xml')) return parseDataCiteXml(text, new DiagnosticSink()) ?? undefined;
  const json = JSON.parse(text) as { data?: { attributes?: unknown } | Array<{ attributes?: unknown }> };
  if (Array.isArray(json.data)) return undefined;
  return json.data?.attributes ?? json;
}

function files(dir: string, pattern: RegExp): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f)).map((f) => join(dir, f)) : [];
}

function sharedRecords(): { records: ExperimentRecord[]; rejected: number } {
  const inputs = [
    ...['4.4', '4.5', '4.6', '4.7'].flatMap((k) => files(join(SHARED, 'datacite/xsd', `kernel-${k}`, 'example'), /\.xml$/)),
    ...files(join(SHARED, 'conformance/bolognese/inputs/fixtures'), /\.(xml|json)$/),
    ...files(join(SHARED, 'conformance/bolognese/inputs/recorded'), /\.json$/),
    ...files(join(SHARED, 'conformance/invenio-xml-json/4.3'), /\.(xml|json)$/),
    ...files(join(SHARED, 'conformance/invenio-xml-json/4.5'), /\.(xml|json)$/),
    ...files(join(SHARED, 'conformance/commonmeta/input'), /\.json$/),
    ...files(join(SHARED, 'records/datacite-rest/esrf'), /\.json$/),
  ];
  const records: ExperimentRecord[] = [];
  let rejected = 0;
  for (const file of inputs) {
    let raw: unknown;
    try {
      raw = fromFile(file);
    } catch {
      raw = undefined;
    }
    const r = raw && typeof raw === 'object' ? accepted(file.slice(SHARED.length + 1), raw) : null;
    if (r) records.push(r);
    else rejected++;
  }
  const sample = join(SHARED, 'records/datacite-rest/commonmeta-testdata/sample.json');
  if (existsSync(sample)) {
    const data = (JSON.parse(readFileSync(sample, 'utf8')) as { data: Array<{ attributes: unknown }> }).data;
    data.forEach((d, i) => {
      const r = accepted(`REST sample #${i}`, d.attributes);
      if (r) records.push(r);
      else rejected++;
    });
  }
  return { records, rejected };
}

// ---- each output, read back -------------------------------------------------------------

const ORCID_URL = /^https:\/\/orcid\.org\/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/;

function reference(r: ExperimentRecord): Facts {
  const l = licenceOf(r.datacite);
  return {
    doi: r.doi,
    title: mainTitle(r.datacite),
    creators: creatorsOf(r.datacite).map((c) => ({
      name: c.displayName, kind: c.kind, orcid: c.orcid, affiliations: joined(c.affiliations.map((a) => a.name)), rors: joined(c.affiliations.map((a) => a.ror ?? '')),
    })),
    licence: l?.url ?? l?.name ?? null,
    licences: joined(licencesOf(r.datacite).map((x) => x.url ?? x.name)),
    year: citationYearOf(r.datacite, r.release.releasedOn),
    publisher: publisherName(r.datacite.publisher),
    date: publicationDateOf(r.datacite, r.release.releasedOn),
    type: resourceTypeOf(r.datacite).general,
    version: versionOf(r.datacite) ?? null,
    language: languageOf(r.datacite) ?? null,
    subjects: joined(keywordsOf(r.datacite)),
    subjectTerms: joined(subjectsOf(r.datacite).flatMap((s) => (s.url ? [s.url] : []))),
    // A funder registered by its identifier alone is named by it.
    funders: joined(fundingOf(r.datacite).map((f) => f.funderName ?? f.funderId ?? '')),
    related: relatedOf(r),
  };
}

function page(r: ExperimentRecord): Facts {
  const m = toLandingPage(r, {
    siteUrl: 'https://example.org',
    licence: licenceModel(licenceOf(r.datacite)),
    citation: { recommended: '', styles: [] },
    downloads: [],
    head: { meta: [], links: [], jsonLd: null },
  });
  return {
    doi: m.doi,
    title: m.title,
    creators: m.creators.map((c) => ({
      name: c.displayName, kind: c.isOrganisation ? 'organisation' : 'person', orcid: c.orcid,
      affiliations: joined(c.affiliations.map((a) => a.name)), rors: joined(c.affiliations.map((a) => a.rorUrl ?? '')),
    })),
    licence: m.licence?.url ?? m.licence?.name ?? null,
    licences: joined([...(m.licence ? [m.licence] : []), ...(m.otherLicences ?? [])].map((x) => x.url ?? x.name)),
    year: m.publicationYear,
    publisher: m.publisher,
    // The page names the type in words and the language by name: read back through the same words.
    type: m.resourceType === resourceTypeOf(r.datacite).text ? resourceTypeOf(r.datacite).general : m.resourceType,
    version: m.version,
    ...(languageOf(r.datacite) ? { language: m.language === languageName(languageOf(r.datacite)!) ? languageOf(r.datacite)! : (m.language ?? null) } : {}),
    subjects: joined(m.subjects?.map((s) => s.name)),
    subjectTerms: joined(m.subjects?.flatMap((s) => (s.url ? [s.url] : []))),
    funders: joined(m.funding.map((f) => f.funderName ?? f.funderId ?? '')),
  };
}

function jsonLd(r: ExperimentRecord): Facts {
  const ld = toSchemaOrg(r, { landingUrl: 'https://example.org/x/', catalogueName: 'A', catalogueUrl: 'https://example.org/', datasetSummaries: [] });
  const ids = ([] as JsonLd[]).concat(ld.identifier as JsonLd | JsonLd[]);
  const creators = ld.creator === undefined ? [] : ([] as JsonLd[]).concat(ld.creator as JsonLd | JsonLd[]);
  return {
    doi: String(ids[0]?.value ?? '').replace(/^doi:/, ''),
    title: ld.name as string | undefined,
    creators: creators.map((c, i) => {
      const affs = c.affiliation === undefined ? [] : ([] as JsonLd[]).concat(c.affiliation as JsonLd | JsonLd[]);
      // schema.org's affiliation is a Person's: an organisation's own affiliations are not stated.
      const core = creatorsOf(r.datacite)[i];
      return {
        name: c.name as string,
        kind: c['@type'] === 'Person' ? 'person' : 'organisation',
        orcid: ORCID_URL.exec(String(c['@id'] ?? ''))?.[1] ?? null,
        ...(core?.kind === 'person' ? { affiliations: joined(affs.map((a) => a.name as string)), rors: joined(affs.map((a) => (/^https:\/\/ror\.org\//.test(String(a['@id'] ?? '')) ? (a['@id'] as string) : ''))) } : {}),
      };
    }),
    licence: ldLicences(ld)[0] ?? null,
    licences: joined(ldLicences(ld)),
    year: String(ld.datePublished ?? '').slice(0, 4) || undefined,
    publisher: (ld.publisher as JsonLd | undefined)?.name as string | undefined,
    date: ld.datePublished as string | undefined,
    // DataCite's own types.schemaOrg wins when the record gives one (schemaOrgType).
    type: ld['@type'] === schemaOrgType(r.datacite) ? typeAs(r, SCHEMA_ORG_TYPES[resourceTypeOf(r.datacite).general] ?? 'CreativeWork', SCHEMA_ORG_TYPES, 'CreativeWork') : String(ld['@type']),
    version: ld.version === undefined ? null : String(ld.version),
    language: (ld.inLanguage as string | undefined) ?? null,
    subjects: joined((ld.keywords as Array<string | JsonLd> | undefined)?.map((k) => (typeof k === 'string' ? k : (k.name as string)))),
    subjectTerms: joined((ld.keywords as Array<string | JsonLd> | undefined)?.flatMap((k) => (typeof k === 'object' && k.url ? [k.url as string] : []))),
    funders: joined(((ld.funder ?? []) as JsonLd[]).map((f) => (f.name ?? (f.identifier as JsonLd | undefined)?.value ?? '') as string)),
    related: ldRelated(r, ld),
  };
}

/** The JSON-LD's licences: a URL, or a CreativeWork named; one, or a list when several. */
function ldLicences(ld: JsonLd): string[] {
  const ls = ld.license === undefined ? [] : ([] as unknown[]).concat(ld.license);
  return ls.map((x) => (typeof x === 'object' && x !== null ? ((x as JsonLd).name as string) : String(x)));
}

/** Every related work the JSON-LD states, on whichever property the relation table put it. */
function ldRelated(r: ExperimentRecord, ld: JsonLd): string {
  const list = (v: unknown) => ([] as unknown[]).concat(v ?? []) as JsonLd[];
  const properties = new Set(Object.values(SCHEMA_ORG_RELATIONS).flatMap((p) => ('property' in p && p.property !== 'sameAs' ? [p.property] : [])));
  const reverse = (ld['@reverse'] ?? {}) as JsonLd;
  const nodes = [...properties].flatMap((p) => [...list(ld[p]), ...list(reverse[p])]);
  nodes.push(...list(ld.mentions).map((role) => role.mentions as JsonLd));
  const ids = nodes.map((x) => x['@id'] as string | undefined).filter((id): id is string => Boolean(id));
  // sameAs holds the record's own DOI, then the works it IsIdenticalTo.
  ids.push(...(list(ld.sameAs) as unknown as string[]).filter((u) => u !== doiUrl(r.doi)));
  return joined(ids.sort());
}

function meta(r: ExperimentRecord): Facts {
  const tags = metaTags(r);
  const one = (n: string) => tags.find((t) => t.name === n)?.content;
  const inverted = creatorsOf(r.datacite).map((c) => c.invertedName);
  return {
    doi: one('citation_doi'),
    title: one('citation_title'),
    // Highwire names are "Family, Given": compared against the same reading's inverted form.
    creators: tags.filter((t) => t.name === 'citation_author').map((t, i) => ({ name: t.content === inverted[i] ? creatorsOf(r.datacite)[i]!.displayName : t.content })),
    licence: one('DC.rights') ?? null,
    year: one('citation_publication_date')?.slice(0, 4),
    publisher: one('citation_publisher'),
    date: one('DC.date'),
    language: one('citation_language') ?? null,
    // One tag, "; "-separated, read as Zotero reads it (split at every ";"); a subject's own ";" is written "," (meta-tags.ts).
    subjects: joined((one('citation_keywords') ?? '').split(';').map((k) => k.trim()).filter(Boolean).map((k, i) => {
      const subject = keywordsOf(r.datacite)[i];
      return subject !== undefined && k === subject.split(';').map((x) => x.trim()).filter(Boolean).join(', ') ? subject : k;
    })),
  };
}

/**
 * CSL, BibTeX and CFF say "person" only by giving name parts: a literal name is right for an
 * organisation and for a person known by one name, so a literal reads as what the core says
 * unless the core has a family name to give.
 */
function literalKind(r: ExperimentRecord, i: number, split: boolean): Kind | undefined {
  const a = creatorsOf(r.datacite)[i];
  if (split) return 'person';
  return a && a.familyName ? 'organisation' : a?.kind;
}

function csl(r: ExperimentRecord): Facts {
  const item = toCsl(r.datacite, { releasedOn: r.release.releasedOn });
  const l = licenceOf(r.datacite);
  return {
    doi: item.DOI,
    title: item.title,
    creators: (item.author ?? []).map((a, i) => ({ kind: literalKind(r, i, Boolean(a.family)) })),
    // CSL carries the licence's name; mapped back to the URL the others carry.
    licence: item.copyright === undefined ? null : item.copyright === l?.name ? (l.url ?? l.name) : item.copyright,
    year: item.issued ? String(item.issued['date-parts'][0]![0]) : undefined,
    publisher: item.publisher,
    date: item.issued ? item.issued['date-parts'][0]!.map((p, i) => (i ? String(p).padStart(2, '0') : String(p))).join('-') : undefined,
    type: typeAs(r, item.type, CSL_TYPES, 'article'),
    version: item.version ?? null,
    language: item.language ?? null,
    subjects: joined(item.categories),
  };
}

/** Splits a BibTeX name list on top-level " and ". */
function bibNames(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (depth === 0 && value.startsWith(' and ', i)) {
      out.push(cur);
      cur = '';
      i += 4;
      continue;
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** `{Whole Name}`: one brace group around the whole name marks a literal (corporate) name. */
function bracedWhole(name: string): boolean {
  if (!name.startsWith('{') || !name.endsWith('}')) return false;
  let depth = 0;
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '{') depth++;
    if (name[i] === '}') depth--;
    if (depth === 0 && i < name.length - 1) return false;
  }
  return true;
}

function bibtex(r: ExperimentRecord): Facts {
  const bib = formatBibtex(toCsl(r.datacite, { releasedOn: r.release.releasedOn }));
  const field = (n: string) => new RegExp(`^\\s*${n} = \\{(.*)\\},?$`, 'm').exec(bib)?.[1];
  const authors = field('author');
  return {
    doi: field('doi'),
    creators: authors ? bibNames(authors).map((a, i) => {
          // A family name without a given name is braced whole too (`{Info Flora}`), as BibTeX needs.
          const core = creatorsOf(r.datacite)[i];
          const familyOnly = Boolean(core?.familyName && !core.givenName && core.kind === 'person');
          return { kind: familyOnly && bracedWhole(a) ? 'person' : literalKind(r, i, !bracedWhole(a)) };
        }) : [],
    year: field('year'),
  };
}

function ris(r: ExperimentRecord): Facts {
  const text = formatRis(toCsl(r.datacite, { releasedOn: r.release.releasedOn }), risExtras(r.datacite));
  const lines = text.split('\n');
  const tag = (t: string) => lines.filter((l) => l.startsWith(`${t}  - `)).map((l) => l.slice(6));
  const inverted = creatorsOf(r.datacite).map((c) => c.invertedName);
  return {
    doi: tag('DO')[0],
    title: tag('TI')[0],
    creators: tag('AU').map((a, i) => ({ name: a === inverted[i] ? creatorsOf(r.datacite)[i]!.displayName : a })),
    year: tag('PY')[0],
    publisher: tag('PB')[0],
    type: typeAs(r, tag('TY')[0], RIS_TYPES, 'GEN'),
    // ET is a journal article's e-pub date in RIS: no version there.
    ...(tag('TY')[0] === 'JOUR' ? {} : { version: tag('ET')[0] ?? null }),
    language: tag('LA')[0] ?? null,
    subjects: joined(tag('KW')),
  };
}

/** Our CFF writes every scalar as a JSON string, so its lines read back without a YAML parser. */
function cff(r: ExperimentRecord): Facts {
  const text = toCff(r.datacite, r.release.releasedOn);
  const top = (k: string) => {
    const m = new RegExp(`^${k}: (".*")$`, 'm').exec(text);
    return m ? (JSON.parse(m[1]!) as string) : undefined;
  };
  const authors: Array<Record<string, string>> = [];
  const block = /^authors:\n((?: {2}- .*\n| {4}.*\n)*)/m.exec(text)?.[1] ?? '';
  for (const line of block.split('\n').filter(Boolean)) {
    const m = /^ {2}(- | {2})([\w-]+): (".*")$/.exec(line)!;
    if (m[1] === '- ') authors.push({});
    authors.at(-1)![m[2]!] = JSON.parse(m[3]!) as string;
  }
  const l = licenceOf(r.datacite);
  const licence = top('license');
  return {
    doi: top('doi'),
    title: top('title'),
    creators: authors.map((a, i) => ({
      kind: literalKind(r, i, Boolean(a['family-names'])),
      orcid: ORCID_URL.exec(a.orcid ?? '')?.[1] ?? null,
    })),
    // CFF names SPDX licences only.
    licence: licence === undefined ? (l?.spdx ? null : (l?.url ?? l?.name ?? null)) : licence === l?.spdx ? l.url : licence,
    // CFF's date-released needs a full date: a record known only by its year has none (not a disagreement).
    ...(top('date-released') ? { year: top('date-released')!.slice(0, 4), date: top('date-released') } : {}),
    version: top('version') ?? null,
  };
}

function dataciteFacts(attrs: DataCiteAttributes): Facts {
  const l = licenceOf(attrs);
  return {
    doi: normaliseDoi(attrs.doi),
    title: mainTitle(attrs),
    creators: creatorsOf(attrs).map((c) => ({ name: c.displayName, kind: c.kind, orcid: c.orcid })),
    licence: l?.url ?? l?.name ?? null,
    year: publicationYearOf(attrs),
    publisher: publisherName(attrs.publisher),
  };
}

function dataciteXml(r: ExperimentRecord): Facts {
  const back = parseDataCiteXml(toDataCiteXml(r.datacite), new DiagnosticSink());
  return back ? dataciteFacts(back) : {};
}

function dataciteJson(r: ExperimentRecord): Facts {
  return dataciteFacts(JSON.parse(JSON.stringify(r.datacite)) as DataCiteAttributes);
}

const OUTPUTS: Record<string, (r: ExperimentRecord) => Facts> = {
  page, 'JSON-LD': jsonLd, 'meta tags': meta, 'CSL-JSON': csl, BibTeX: bibtex, RIS: ris, CFF: cff, 'DataCite XML': dataciteXml, 'DataCite JSON': dataciteJson,
};

function disagreements(r: ExperimentRecord, outputs: Record<string, (r: ExperimentRecord) => Facts> = OUTPUTS): string[] {
  const ref = reference(r);
  const registered = { ...ref, year: publicationYearOf(r.datacite) };
  const out: string[] = [];
  for (const [name, read] of Object.entries(outputs)) {
    let facts: Facts;
    try {
      facts = read(r);
    } catch (e) {
      out.push(`${r.id}: ${name} failed: ${(e as Error).message}`);
      continue;
    }
    const want = name.startsWith('DataCite') ? registered : ref;
    const say = (field: string, ours: unknown, theirs: unknown) => out.push(`${r.id}: ${field} — record core ${JSON.stringify(theirs)}, ${name} ${JSON.stringify(ours)}`);
    for (const field of ['doi', 'title', 'licence', 'licences', 'year', 'publisher', 'date', 'type', 'version', 'language', 'subjects', 'subjectTerms', 'funders', 'related'] as const) {
      if (!(field in facts)) continue;
      if ((facts[field] ?? null) !== (want[field] ?? null)) say(field, facts[field], want[field]);
    }
    if (facts.creators) {
      const expected = want.creators ?? [];
      if (facts.creators.length !== expected.length) say('creators (count)', facts.creators.length, expected.length);
      else {
        facts.creators.forEach((c, i) => {
          const e = expected[i]!;
          if (c.name !== undefined && c.name !== e.name) say(`creator ${i + 1} (name/order)`, c.name, e.name);
          if (c.kind !== undefined && c.kind !== e.kind) say(`creator ${i + 1} (kind)`, c.kind, e.kind);
          if (c.orcid !== undefined && c.orcid !== e.orcid) say(`creator ${i + 1} (ORCID)`, c.orcid, e.orcid);
          if (c.affiliations !== undefined && c.affiliations !== e.affiliations) say(`creator ${i + 1} (affiliations)`, c.affiliations, e.affiliations);
          if (c.rors !== undefined && c.rors !== e.rors) say(`creator ${i + 1} (RORs)`, c.rors, e.rors);
        });
      }
    }
  }
  return out;
}

describe('every output agrees with every other', () => {
  test('demo catalogue and test fixtures', async () => {
    const records = [...(await demoRecords()), ...fixtureRecords()];
    expect(records.length).toBeGreaterThan(15);
    expect(records.flatMap((r) => disagreements(r))).toEqual([]);
  });

  test.skipIf(!existsSync(SHARED) && process.env.CI !== 'true')('DataCite examples 4.4–4.7, conformance inputs, REST sample (../shared)', () => {
    expect(existsSync(SHARED), '../shared must exist in CI').toBe(true);
    const { records, rejected } = sharedRecords();
    console.log(`agreement over ${records.length} shared records (${rejected} rejected by validation, so without outputs)`);
    expect(records.length).toBeGreaterThan(100);
    expect(records.flatMap((r) => disagreements(r))).toEqual([]);
  });

  test('a disagreement names the record, the field and the output', () => {
    const r = fixtureRecords()[0]!;
    // An output that reads the creators in the wrong order and calls everyone a person.
    const faulty = (x: ExperimentRecord): Facts => ({ ...page(x), creators: page(x).creators!.reverse().map((c) => ({ ...c, kind: 'person' as const })) });
    const found = disagreements(r, { 'faulty page': faulty });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(new RegExp(`^${r.id}: creator 1 \\((name/order|kind)\\) — record core .*, faulty page `));
  });
});
