/**
 * The landing page model: everything a DOI landing page shows, computed once in plain
 * TypeScript from a validated record. Astro components only render it (code-style.md §6).
 */
import type { ExperimentRecord, TechnicalMetadata } from '../record/types.ts';
import type { DataCiteAttributes } from '../datacite/types.ts';
import { renderDescription, renderMoreDescriptions, renderedText, type PlainText } from '../markdown/render-markdown.ts';
import { agentModel, type PersonModel } from './people.ts';
import { groupRelated, pdbEntries, type RelatedGroup } from '../record/related.ts';
import { datasetPath, landingPath, absoluteUrl } from '../record/identity.ts';
import { coverageText, formatBytes, formatCount, formatDate, formatDateRange, languageName, schemeLabel, sizeText } from './format.ts';
import { isHttpUrl } from '../record/identifiers.ts';
import { shownRelease } from '../record/release.ts';
import { technicalSummary, type TechnicalRow } from './technical.ts';
import type { PreviewModel } from './preview.ts';
import { objectUrl } from '../storage/object-url.ts';
import { doiUrl } from '../record/doi.ts';
import { contributorsOf, creatorsOf } from '../record/agents.ts';
import { abstractLangOf, bodyMarkdownOf, otherDescriptionsOf, separateAbstractOf } from '../record/descriptions.ts';
import { cutAtWord, descriptionTextOf, type RenderedBody } from '../markdown/description-text.ts';
import { citationYearOf, collectedOf, datesOf, publicationYearOf } from '../record/dates.ts';
import { alternateIdentifiersOf, formatsOf, geoCoverageOf, keywordsOf, languageOf, languageTag, subjectsOf, mainTitle, mainTitleLang, otherTitles, sizesOf, publisherName, publisherOf, resourceNounOf, resourceTypeOf, versionOf } from '../record/fields.ts';
import { fundingOf, type Funding } from '../record/funding.ts';
import { known } from '../record/text.ts';
import { licencesOf, type ResolvedLicence } from '../record/licence.ts';
import { hitRateBand, wavelengthBand } from './bands.ts';

export interface LicenceModel {
  id: string | null;
  name: string;
  url: string | null;
  summary: string | null;
}

/** What the citation box shows; produced by src/citation and cached by record digest. */
export interface CitationModel {
  /** DataCite-recommended citation (plain text). */
  recommended: string;
  /** Formatted citations by style id, as sanitized HTML from citation-js (escaped by it). */
  styles: Array<{ id: string; label: string; html: string; text: string }>;
}

export interface DownloadLink {
  label: string;
  href: string;
  mediaType: string;
  /** File name offered to the browser. */
  filename: string;
}

export interface DatasetSummary {
  id: string;
  title: string;
  description: string | null;
  kind: 'raw' | 'processed' | 'hits';
  kindLabel: string;
  derivedFrom: { id: string; title: string; url: string } | null;
  /** A sentence ("Hit rate 11.8 %."); a hits-only dataset states its parent run's rate. */
  hitRate: string | null;
  fileCount: number;
  fileCountText: string;
  totalBytes: number;
  sizeText: string;
  url: string;
  technical: TechnicalRow[];
  /** Preview of the first image; null when none was made, with the reason in previewStatus. */
  preview: PreviewModel | null;
  previewStatus: 'available' | 'unavailable' | 'not-enriched';
  /** Pre-built archives of the whole dataset in the store (zip/tar), with size and checksum. */
  bundles: Array<{ format: string; url: string; size: number; sizeText: string; sha256: string }>;
}

export interface LandingPageModel {
  slug: string;
  path: string;
  url: string;
  doi: string;
  /** DOI as registered (upper-case ESRF DOIs stay upper-case in citations and display). */
  doiDisplay: string;
  doiUrl: string;
  state: 'released' | 'metadata-only';
  title: string;
  /** The title in the page chrome (chromeTitle). Absent from models kept from earlier builds. */
  shortTitle?: string;
  otherTitles: Array<{ title: string; type: string; lang: string | null }>;
  /** The main title's language (its own `lang`, else the record's). */
  lang: string | null;
  creators: PersonModel[];
  contributors: PersonModel[];
  publisher: string;
  /** https://ror.org/… of the publisher (kernel 4.5 publisherIdentifier); search finds the record by it. Absent from models kept from earlier builds. */
  publisherRor?: string | null;
  publicationYear: string;
  releasedOn: string | null;
  releasedOnText: string;
  /**
   * What releasedOnText is: a release, or for a bare record saved from DataCite's API the day
   * its DOI was registered (shownRelease). Absent from models kept from earlier builds, which said "Released".
   */
  releasedLabel?: 'Released' | 'DOI registered';
  filesAvailableFrom: string | null;
  filesAvailableFromText: string;
  resourceType: string;
  /**
   * What the record is, as a noun in the page's sentences ("Cite this software", "The metadata
   * of this journal article is public"): resourceNounOf, as the tombstone says it. Absent from
   * models kept from earlier builds.
   */
  noun?: string;
  /** The Files fact (filesFactOf). Absent from models kept from earlier builds. */
  filesFact?: string;
  /** The landing page the DOI is registered with, when it is not this page (a record of another repository). Absent from models kept from earlier builds. */
  registeredPage?: string | null;
  version: string | null;
  descriptionHtml: string;
  /**
   * The DataCite abstract when the description above is the catalogue's own text, rendered and
   * sanitised as the other descriptions are (it may be HTML); else empty. Absent from models
   * kept from earlier builds, which give abstractParagraphs instead.
   */
  abstractHtml?: string;
  /** Only in models kept from builds before abstractHtml: the abstract by paragraph, as plain text. */
  abstractParagraphs?: string[];
  /** The abstract's own language, when the record gives one. Absent from models kept from earlier builds. */
  abstractLang?: string | null;
  /**
   * The record's other descriptions (Methods, TechnicalInfo, …), each under its own heading,
   * rendered and sanitised as the description is. Absent from models kept from earlier builds.
   */
  otherDescriptions?: Array<{ heading: string; html: string; lang: string | null }>;
  /** The record's language by name ("German"). Absent from models kept from earlier builds, as are the next four. */
  language?: string | null;
  /** DataCite sizes, a bare count of bytes made readable (sizeText), and formats as registered. */
  sizes?: string[];
  formats?: string[];
  /** Geographic coverage, one line per place (coverageText); at most MAX_PLACES, then how many more. */
  coverage?: string[];
  /** Identifiers other than the DOI (accession numbers, handles, URLs); `url` only for an http(s) one. */
  alternateIdentifiers?: Array<{ type: string; value: string; url: string | null }>;
  /** Plain-text summary (meta description, search excerpt), at most 300 characters. */
  summary: string;
  keywords: string[];
  /**
   * The keywords with their vocabulary: `url` the term's http(s) valueUri, `scheme` a short
   * visible label for its subjectScheme ("FOS", "ANZSRC"). Absent from models kept from earlier builds.
   */
  subjects?: Array<{ name: string; url: string | null; scheme: string | null; lang: string | null }>;
  technique: { name: string; panet: string | null; panetUrl: string | null } | null;
  facility: string | null;
  instrument: string | null;
  proposal: string | null;
  collected: { start: string | null; end: string | null; text: string };
  dates: Array<{ type: string; date: string; text: string; information: string | null }>;
  licence: LicenceModel | null;
  /** The record's other licences (its software's, say), in registered order. Absent from models kept from earlier builds. */
  otherLicences?: LicenceModel[];
  funding: Funding[];
  related: RelatedGroup[];
  pdb: string[];
  datasets: DatasetSummary[];
  /** `fileCountText`: "1 file", "20,000 files" (absent from models kept from earlier builds). */
  totals: { files: number; bytes: number; filesText: string; sizeText: string; fileCountText?: string };
  citation: CitationModel;
  downloads: DownloadLink[];
  /** Facets for search (pagefind filters). */
  facets: {
    facility: string[];
    beamline: string[];
    technique: string[];
    year: string[];
    licence: string[];
    resourceType: string[];
    detector: string[];
    /** 0.1 Å bands, e.g. `0.9–1.0 Å`, so readers can narrow by wavelength or energy. */
    wavelength: string[];
    /** Hit-rate bands of the datasets that declare one (src/model/bands.ts); hits-only datasets are not counted. */
    hitRate: string[];
  };
  /** ISO date used to sort search results and feeds. */
  sortDate: string;
  /** Machine-readable head: citation/DC meta tags, typed links (FAIR Signposting), schema.org JSON-LD. */
  head: HeadModel;
  bulk: LandingContext['bulk'];
}

export interface HeadModel {
  meta: Array<{ name: string; content: string }>;
  links: Array<{ rel: string; href: string; type?: string; profile?: string; title?: string }>;
  /** Serialized JSON-LD with `<` escaped, safe inside a script element. */
  jsonLd: string | null;
}

export interface LandingContext {
  siteUrl: string;
  licence: LicenceModel | null;
  citation: CitationModel;
  downloads: DownloadLink[];
  /**
   * Or a function that makes it, called after the page's descriptions are rendered: the head's
   * JSON-LD states the abstract as plain text, read from that rendering (descriptionTextOf).
   */
  head: HeadModel | (() => HeadModel);
  /** Manifests and commands for every file of the experiment (released records only). */
  bulk?: { manifests: Array<{ label: string; href: string; filename: string }>; commands: Array<{ tool: string; description: string; command: string }> } | null;
  /** Dataset summaries with counts from the listings and previews; computed from the record when absent. */
  datasets?: DatasetSummary[];
  /**
   * Told when the description is shown as plain text, not rendered Markdown (render-markdown.ts),
   * so the stage can say so; with the index in DataCite `descriptions` of another description.
   */
  onPlainDescription?: (why: PlainText, descriptionIndex?: number) => void;
}

/** The page's licence box from the record core's licence. */
export function licenceModel(l: ResolvedLicence | null): LicenceModel | null {
  return l ? { id: l.spdx, name: l.name, url: l.url, summary: l.summary } : null;
}

const KIND_LABELS = { raw: 'Raw images', processed: 'Processed data', hits: 'Hits only (derived)' } as const;

/**
 * The separate abstract (separateAbstractOf) and the other descriptions, rendered after the body
 * (`spent`: the characters it rendered as Markdown) and sharing its Markdown budget, in page order.
 */
function moreDescriptions(
  record: ExperimentRecord,
  spent: number,
  bodyHtml: string,
  ctx: LandingContext,
): { abstractHtml: string; abstract: RenderedBody | null; others: NonNullable<LandingPageModel['otherDescriptions']> } {
  const abstract = separateAbstractOf(record);
  const others = otherDescriptionsOf(record.datacite);
  const texts = abstract ? [abstract, ...others] : others;
  const rendered = renderMoreDescriptions(texts.map((t) => t.text), spent);
  texts.forEach((t, i) => {
    const { plain } = rendered[i];
    if (plain) ctx.onPlainDescription?.(plain, t.index);
  });
  // A text the page shows already, registered again in other markup (an HTML abstract and
  // its plain copy, as repositories register both), is not shown twice.
  const shown = new Set([renderedText(bodyHtml)]);
  const fresh = (html: string) => {
    const text = renderedText(html);
    if (shown.has(text)) return false;
    shown.add(text);
    return true;
  };
  const after = abstract ? rendered.slice(1) : rendered;
  return {
    abstractHtml: abstract && fresh(rendered[0].html) ? rendered[0].html : '',
    // Its rendering, shown or not, is what the head's plain text reads (descriptionTextOf).
    abstract: abstract ? { markdown: abstract.text, ...rendered[0] } : null,
    others: others.flatMap((o, i) => (fresh(after[i].html) ? [{ heading: descriptionHeading(o.type), html: after[i].html, lang: o.lang }] : [])),
  };
}

/** Places listed on a page; the JSON-LD and the exports keep every one. */
const MAX_PLACES = 50;

function coverageLines(d: DataCiteAttributes): string[] {
  const places = geoCoverageOf(d);
  const lines = places.slice(0, MAX_PLACES).map(coverageText);
  if (places.length > MAX_PLACES) lines.push(`and ${formatCount(places.length - MAX_PLACES)} more places (in the DataCite metadata)`);
  return lines;
}

/** The record's language by name ("German"), or as registered when it names no language Intl knows. */
function languageTagName(d: DataCiteAttributes): string | null {
  const tag = languageOf(d);
  return tag ? languageName(tag) : (known(d.language) ?? null);
}

/** DataCite's descriptionTypes as a reader names them; a type outside the schema's list is "Further description". */
const DESCRIPTION_HEADINGS: Record<string, string> = {
  Methods: 'Methods',
  TechnicalInfo: 'Technical information',
  SeriesInformation: 'Series',
  TableOfContents: 'Contents',
  Other: 'Further description',
};

function descriptionHeading(type: string): string {
  return Object.hasOwn(DESCRIPTION_HEADINGS, type) ? DESCRIPTION_HEADINGS[type] : DESCRIPTION_HEADINGS.Other;
}

/** The title a page shows: DataCite's main title (whitespace folded), or a placeholder. */
export function displayTitle(d: DataCiteAttributes): string {
  return mainTitle(d) ?? '(untitled)';
}

/**
 * How much of a title the page chrome shows: the browser tab (<title>), breadcrumbs, record
 * cards in lists. A 1 MB title would otherwise be copied into every list page and file page;
 * the page's own heading, its JSON-LD and the exports keep it whole, and the shown citations
 * and citation_title/DC.title cut only a runaway one (REPEATED_TITLE_CHARS, record/fields.ts).
 */
// As long as a search hit's title (LOOKUP_TITLE_MAX): real titles run to about 250 characters and are shown whole.
export const CHROME_TITLE_CHARS = 300;

export function chromeTitle(title: string): string {
  return cutAtWord(title, CHROME_TITLE_CHARS);
}

/** "1 file" / "20,000 files" and the size, as every dataset summary shows them. */
export function countTexts(files: number, bytes: number): { fileCountText: string; sizeText: string } {
  return { fileCountText: `${formatCount(files)} ${files === 1 ? 'file' : 'files'}`, sizeText: formatBytes(bytes) };
}

/**
 * The Files fact: "904 files, 1.25 MB", or for a record with no files here "None on this site"
 * (not "None published": the record may register a size, and its files be elsewhere). From the
 * totals alone, so the fact of a model kept from a build before filesFact existed (persistence
 * renders the previous build's model of a record that became invalid: src/build/keep-previous.ts)
 * reads as a new model's does.
 */
export function filesFactOf(page: { totals: Pick<LandingPageModel['totals'], 'files' | 'bytes'>; state: LandingPageModel['state'] }): string {
  const { files, bytes } = page.totals;
  if (files === 0 && page.state !== 'metadata-only') return 'None on this site';
  const counts = countTexts(files, bytes);
  return `${counts.fileCountText}, ${counts.sizeText}`;
}

/** A summary's length: a search result's excerpt, and a meta description search engines show most of. */
const SUMMARY_MAX = 300;

function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.1 ? 2 : 1)} %`;
}

/**
 * The hit rate as a sentence. A hits-only dataset is every hit by construction, so its own
 * rate (often declared as 1) says nothing: it states the rate of the run it was picked from.
 */
export function hitRateText(ds: { kind: string; hitRate: number | null }, parent?: { title: string; hitRate: number | null }): string | null {
  if (ds.kind === 'hits') return parent?.hitRate != null ? `Picked from a run with a hit rate of ${percent(parent.hitRate)} (${parent.title}).` : null;
  return ds.hitRate === null ? null : `Hit rate ${percent(ds.hitRate)}.`;
}

/** Search filters from the datasets' technical metadata: detectors and 0.1 Å wavelength bands. */
export function technicalFacets(record: ExperimentRecord): { detector: string[]; wavelength: string[]; hitRate: string[] } {
  const detectors = new Set<string>();
  const bands = new Set<string>();
  const hitRates = new Set<string>();
  for (const ds of record.datasets) {
    if (ds.technical?.detector) detectors.add(ds.technical.detector);
    const lambda = ds.technical?.wavelength_angstrom;
    if (typeof lambda === 'number' && lambda > 0) bands.add(wavelengthBand(lambda));
    if (typeof ds.hitRate === 'number' && ds.kind !== 'hits') hitRates.add(hitRateBand(ds.hitRate));
  }
  return { detector: [...detectors].sort(), wavelength: [...bands].sort(), hitRate: [...hitRates].sort() };
}

export function datasetSummaries(record: ExperimentRecord, publicBaseUrl: string | null = null): DatasetSummary[] {
  return record.datasets.map((ds) => {
    const parent = ds.derivedFrom ? record.datasets.find((p) => p.id === ds.derivedFrom) : undefined;
    return {
      id: ds.id,
      title: ds.title,
      description: ds.description,
      kind: ds.kind,
      kindLabel: KIND_LABELS[ds.kind],
      // The parent's title is a link label here, chrome on another dataset's page.
      derivedFrom: parent ? { id: parent.id, title: chromeTitle(parent.title), url: datasetPath(record.slug, parent.id) } : null,
      hitRate: hitRateText(ds, parent),
      fileCount: ds.fileCount,
      totalBytes: ds.totalBytes,
      ...countTexts(ds.fileCount, ds.totalBytes),
      url: datasetPath(record.slug, ds.id),
      technical: technicalSummary(ds.technical as TechnicalMetadata | null),
      preview: null,
      previewStatus: 'not-enriched',
      bundles: publicBaseUrl && record.release.state === 'released'
        ? ds.bundles.map((b) => ({ format: b.format, url: objectUrl({ publicBaseUrl }, b.key), size: b.size, sizeText: formatBytes(b.size), sha256: b.sha256 }))
        : [],
    };
  });
}

/** The DOI's registered landing page (DataCite `url`), when it is an http(s) page other than this one. */
function registeredPageOf(d: ExperimentRecord['datacite'], self: string): string | null {
  const url = typeof d.url === 'string' ? d.url.trim() : '';
  if (!url || !isHttpUrl(url)) return null;
  const bare = (u: string) => u.replace(/^https?:\/\//i, '').replace(/\/+$/, '').toLowerCase();
  return bare(url) === bare(self) ? null : url;
}

export function toLandingPage(record: ExperimentRecord, ctx: LandingContext): LandingPageModel {
  const d = record.datacite;
  const description = bodyMarkdownOf(record);
  // Without a description.md the page text is the abstract: rendered once for both.
  const rendered = renderDescription(description);
  if (rendered.plain) ctx.onPlainDescription?.(rendered.plain);
  const descriptionHtml = rendered.html;
  const more = moreDescriptions(record, rendered.plain ? 0 : description.length, descriptionHtml, ctx);
  const datasets = ctx.datasets ?? datasetSummaries(record);
  const files = datasets.reduce((n, ds) => n + ds.fileCount, 0);
  const bytes = datasets.reduce((n, ds) => n + ds.totalBytes, 0);
  const counts = countTexts(files, bytes);
  const year = citationYearOf(d, record.release.releasedOn) ?? publicationYearOf(d) ?? '';
  const collected = collectedOf(record) ?? { start: null, end: null };
  const path = landingPath(record.slug);
  const releasedOn = record.release.releasedOn;
  const shown = shownRelease(record);
  const beamline = record.instrument ? [record.facility ? `${record.facility} ${record.instrument}` : record.instrument] : [];
  const state = record.release.state === 'metadata-only' ? 'metadata-only' : 'released';
  return {
    slug: record.slug,
    path,
    url: absoluteUrl(ctx.siteUrl, path),
    doi: record.doi,
    doiDisplay: d.doi,
    doiUrl: doiUrl(d.doi),
    state,
    title: displayTitle(d),
    shortTitle: chromeTitle(displayTitle(d)),
    otherTitles: otherTitles(d),
    lang: mainTitleLang(d) ?? null,
    creators: creatorsOf(d).map(agentModel),
    contributors: contributorsOf(d).map(agentModel),
    publisher: publisherName(d.publisher) ?? '',
    publisherRor: publisherOf(d)?.ror ?? null,
    publicationYear: year,
    releasedOn,
    releasedOnText: formatDate(shown.date),
    releasedLabel: shown.registered ? 'DOI registered' : 'Released',
    filesAvailableFrom: record.release.filesAvailableFrom,
    filesAvailableFromText: formatDate(record.release.filesAvailableFrom),
    resourceType: resourceTypeOf(d).text,
    noun: resourceNounOf(d),
    filesFact: filesFactOf({ totals: { files, bytes }, state }),
    registeredPage: registeredPageOf(d, absoluteUrl(ctx.siteUrl, path)),
    version: versionOf(d) ?? null,
    descriptionHtml,
    abstractHtml: more.abstractHtml,
    abstractLang: abstractLangOf(d) ?? null,
    language: languageTagName(d),
    sizes: sizesOf(d).map(sizeText),
    formats: formatsOf(d),
    coverage: coverageLines(d),
    alternateIdentifiers: alternateIdentifiersOf(d).map((a) => ({ type: a.type || 'Identifier', value: a.value, url: isHttpUrl(a.value) ? a.value : null })),
    otherDescriptions: more.others,
    // The meta description and search excerpt: the abstract as plain text, as the JSON-LD states it.
    summary: cutAtWord(descriptionTextOf(record, [{ markdown: description, html: descriptionHtml, plain: rendered.plain }, more.abstract]), SUMMARY_MAX),
    keywords: keywordsOf(d),
    subjects: subjectsOf(d).map((s) => ({ name: s.name, url: s.url, scheme: schemeLabel(s.scheme), lang: languageTag(s.lang) ?? null })),
    technique: record.technique
      ? {
          name: record.technique.name,
          panet: record.technique.panet,
          panetUrl: record.technique.panet ? `http://purl.org/pan-science/PaNET/${record.technique.panet}` : null,
        }
      : null,
    facility: record.facility,
    instrument: record.instrument,
    proposal: record.proposal,
    collected: { ...collected, text: formatDateRange(collected.start, collected.end) },
    dates: datesOf(d).map((x) => ({ type: x.type, date: x.value, text: x.range ? formatDateRange(x.range.start, x.range.end) : x.value, information: x.information })),
    licence: ctx.licence,
    otherLicences: licencesOf(d).slice(1).map((l) => licenceModel(l)!),
    funding: fundingOf(d),
    related: groupRelated(d.relatedIdentifiers, d.relatedItems),
    pdb: pdbEntries(d.relatedIdentifiers),
    datasets,
    totals: { files, bytes, filesText: formatCount(files), sizeText: counts.sizeText, fileCountText: counts.fileCountText },
    citation: ctx.citation,
    downloads: ctx.downloads,
    facets: {
      facility: record.facility ? [record.facility] : [],
      beamline,
      technique: record.technique ? [record.technique.name] : [],
      year: releasedOn ? [releasedOn.slice(0, 4)] : [year],
      licence: ctx.licence?.id ? [ctx.licence.id] : [],
      resourceType: [resourceTypeOf(d).label],
      ...technicalFacets(record),
    },
    sortDate: releasedOn ?? `${year}-01-01`,
    head: typeof ctx.head === 'function' ? ctx.head() : ctx.head,
    bulk: ctx.bulk ?? null,
  };
}
