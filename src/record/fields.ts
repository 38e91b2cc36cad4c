/**
 * The record's simple properties, each read once: titles, publisher, resource type,
 * version, keywords, language, alternate identifiers, the container (journal, series or
 * repository the resource belongs to) and geographic coverage.
 */
import { cutAtWord } from './cut-text.ts';
import type { DataCiteAttributes, GeoLocation, Publisher } from '../datacite/types.ts';
import { resourceTypeGeneral } from '../datacite/enums.ts';
import { isHttpUrl, rorUrl } from './identifiers.ts';
import { clean, known, text } from './text.ts';

/** The main title's entry: the first title without a titleType, else the first title. */
function mainTitleEntry(attrs: Pick<DataCiteAttributes, 'titles'>) {
  const titles = Array.isArray(attrs.titles) ? attrs.titles.filter((t) => t && text(t.title)) : [];
  return titles.find((t) => !t.titleType) ?? titles[0];
}

/** The main title: the first title without a titleType (else the first title), whitespace folded. */
export function mainTitle(attrs: Pick<DataCiteAttributes, 'titles'>): string | undefined {
  return text(mainTitleEntry(attrs)?.title);
}

/**
 * How much of a title a copy of it holds where the page also has it whole (the shown
 * citations, the head's citation_title and DC.title): far above any real title, so that only
 * a runaway one is cut, once, instead of copied into each of them. Registered DataCite titles
 * run to about 400 characters; the exports, the heading and the JSON-LD keep every one whole.
 */
export const REPEATED_TITLE_CHARS = 2_000;

/** The main title as a copy beside the whole one holds it: cut at a word with an ellipsis past REPEATED_TITLE_CHARS. */
export function repeatedTitle(attrs: Pick<DataCiteAttributes, 'titles'>): string | undefined {
  const title = mainTitle(attrs);
  return title === undefined ? undefined : cutAtWord(title, REPEATED_TITLE_CHARS);
}

/** The record with every title cut as repeatedTitle cuts the main one; the record itself when none is that long. */
export function withRepeatedTitles<T extends Pick<DataCiteAttributes, 'titles'>>(attrs: T): T {
  const titles = Array.isArray(attrs.titles) ? attrs.titles : [];
  if (!titles.some((t) => typeof t?.title === 'string' && t.title.length > REPEATED_TITLE_CHARS)) return attrs;
  return { ...attrs, titles: titles.map((t) => (typeof t?.title === 'string' ? { ...t, title: cutAtWord(t.title, REPEATED_TITLE_CHARS) } : t)) };
}

/** The main title's language: its own `lang`, else the record's (a German title of an English record is read as German). */
export function mainTitleLang(attrs: Pick<DataCiteAttributes, 'titles' | 'language'>): string | undefined {
  return languageTag(mainTitleEntry(attrs)?.lang) ?? languageOf(attrs);
}

/** Titles other than the main one (subtitles, translations, alternatives); a typed title serving as the main one is not repeated. */
export function otherTitles(attrs: Pick<DataCiteAttributes, 'titles'>): Array<{ title: string; type: string; lang: string | null }> {
  const titles = Array.isArray(attrs.titles) ? attrs.titles : [];
  const main = mainTitleEntry(attrs);
  // A second title without a titleType (the title in another language, as multilingual
  // repositories register it) is another title too, not a value to drop; a repeat of the main
  // title's text is not.
  const mainText = clean(main?.title);
  return titles
    .filter((t) => t && t !== main && text(t.title) && clean(t.title) !== mainText)
    .map((t) => ({ title: clean(t.title), type: clean(t.titleType), lang: languageTag(t.lang) ?? null }));
}

export interface PublisherInfo {
  name: string;
  /** https://ror.org/… when the publisher is identified by ROR (kernel 4.5 publisherIdentifier). */
  ror: string | null;
}

/** The publisher's name (string or kernel 4.5 object form), whitespace folded. */
export function publisherName(publisher: DataCiteAttributes['publisher'] | undefined | null): string | undefined {
  if (publisher === undefined || publisher === null) return undefined;
  return known(typeof publisher === 'string' ? publisher : (publisher as Publisher).name);
}

export function publisherOf(attrs: Pick<DataCiteAttributes, 'publisher'>): PublisherInfo | undefined {
  const name = publisherName(attrs.publisher);
  if (!name) return undefined;
  const p = attrs.publisher;
  let ror: string | null = null;
  if (p && typeof p === 'object' && p.publisherIdentifier) {
    // The scheme by its code or its home page (`https://ror.org/`), as for affiliations.
    const scheme = p.publisherIdentifierScheme?.trim().toUpperCase();
    if (!scheme || scheme === 'ROR' || /ror\.org/i.test(scheme) || /ror\.org/i.test(p.publisherIdentifier)) ror = rorUrl(p.publisherIdentifier);
  }
  return { name, ror };
}

export interface ResourceType {
  /** resourceTypeGeneral, e.g. `Dataset`, `Software`. */
  general: string;
  /** The free-text resourceType, when given. */
  specific: string | null;
  /** resourceTypeGeneral in words, as readers see it: `Journal article` for `JournalArticle`. */
  label: string;
  /** `Dataset: Diffraction images` or `Dataset`; never `Dataset: dataset` (a resourceType repeating the general type adds nothing). */
  text: string;
}

/** A controlled-list code in words: `PhysicalObject` → `Physical object`; one-word codes (`Dataset`) stay as they are. */
function typeLabel(general: string): string {
  return general.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').replace(/ (\S)/g, (_, c: string) => ` ${c.toLowerCase()}`);
}

const folded = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

export function resourceTypeOf(attrs: Pick<DataCiteAttributes, 'types'>): ResourceType {
  const general = clean(attrs.types?.resourceTypeGeneral) || 'Dataset';
  const specific = clean(attrs.types?.resourceType) || null;
  const label = typeLabel(general);
  const repeats = specific !== null && (folded(specific) === folded(general) || folded(specific) === `${folded(general)}s`);
  return { general, specific, label, text: specific && !repeats ? `${label}: ${specific}` : label };
}

/**
 * What the record is, as a noun in a sentence ("Cite this report", "This software was
 * withdrawn", "No files of this thesis are published"): the registered free-text resourceType
 * when it reads as one ("Report", "Journal article", "Experiment session") and is not just a
 * word of the general type ("Article" of a JournalArticle), else the general type in words
 * ("journal article"), or a noun for the types whose name is none ("Text" → "document").
 * "record" when it gives no type of DataCite's list, or Other: no kind a reader would know it by.
 */
export function resourceNounOf(attrs: Pick<DataCiteAttributes, 'types'>): string {
  const general = clean(attrs.types?.resourceTypeGeneral);
  const listed = (resourceTypeGeneral as readonly string[]).includes(general) && general !== 'Other';
  const generalNoun = listed ? (NOUNS[general] ?? typeLabel(general).toLowerCase()) : null;
  const specific = nounPhrase(clean(attrs.types?.resourceType));
  // "Article" of a JournalArticle says less than the general type: "this journal article".
  if (specific && !(generalNoun && generalNoun.split(' ').includes(specific.toLowerCase()))) return specific;
  return generalNoun ?? 'record';
}

/** Types whose name is no noun: "Cite this audiovisual" leaves its noun out, "Cite this text" names none. */
const NOUNS: Readonly<Record<string, string>> = { Audiovisual: 'audiovisual work', Text: 'document' };

/** Free-text types that say nothing of what the record is. */
const NO_KIND = new Set(['other', 'others', 'unknown', 'none', 'misc', 'miscellaneous', 'various', 'mixed', 'raw', 'text', 'data', 'resource', 'item', 'object']);

/**
 * A free-text resourceType as a noun for "this …", or null when it reads as none: one to three
 * words of letters (no codes like "XML", "3D Data", "BlogPosting" or "Dataset/Sample"), not a
 * plural ("Diffraction images" is no "this"), not a placeholder ("Other", "raw"). It is written
 * as in running text (runningCase).
 */
function nounPhrase(text: string): string | null {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 3 || text.length > 40) return null;
  if (!words.every((w) => /^\p{L}+(?:-\p{L}+)*$/u.test(w))) return null;
  // One word with a capital inside is a code ("BlogPosting"); beside others, a name ("NeXus file").
  if (words.length === 1 && (/^\p{Lu}{2,}$/u.test(words[0]!) || /\p{Ll}\p{Lu}/u.test(words[0]!))) return null;
  const last = words[words.length - 1]!.toLowerCase();
  if (/s$/.test(last) && !/(?:ss|us|is|ics)$/.test(last)) return null;
  const phrase = runningCase(words);
  return NO_KIND.has(phrase.toLowerCase()) ? null : phrase;
}

/**
 * Words that name a kind of record, capitalised in a registered type only as a title is
 * ("Journal Article", "Experiment Session"): the words of DataCite's resourceTypeGeneral, the
 * kinds of record facilities register, and the words that say which one ("Technical Report").
 */
const KIND_WORDS = new Set([
  ...resourceTypeGeneral.flatMap((g) => typeLabel(g).toLowerCase().split(' ')),
  ...'analysis beamtime catalogue code curve entry experiment file measurement pipeline proposal protocol record run sample scan script session simulation spectrum survey table thesis'.split(' '),
  // and the words that say which one
  ...'annual doctoral experimental final internal master processed progress raw reduced research scientific technical'.split(' '),
]);

/**
 * A registered type as running text: "Report" → "report", "Doctoral thesis" → "doctoral
 * thesis", "Journal Article" → "journal article". A capitalised word that names no kind of
 * record in a title-case phrase makes the phrase a name, kept as registered ("Gigantum
 * Project", not "gigantum project"); acronyms and words with capitals inside stay ("PDB entry",
 * "NeXus file").
 */
function runningCase(words: string[]): string {
  const capitalised = (w: string) => /^\p{Lu}\p{Ll}*(?:-\p{Ll}+)*$/u.test(w);
  const titled = words.slice(1).filter(capitalised);
  if (titled.length > 0 && !words.filter(capitalised).every((w) => KIND_WORDS.has(w.toLowerCase()))) return words.join(' ');
  return words.map((w) => (capitalised(w) ? w.toLowerCase() : w)).join(' ');
}

export function versionOf(attrs: Pick<DataCiteAttributes, 'version'>): string | undefined {
  return known(attrs.version);
}

/** The record's language, as pages, citations and schema.org give it (see languageTag). */
export function languageOf(attrs: Pick<DataCiteAttributes, 'language'>): string | undefined {
  return languageTag(attrs.language);
}

/** Language names for their codes, in English and in the language itself ("German", "Deutsch" → de); made when first needed. */
let LANGUAGES_BY_NAME: Map<string, string> | null = null;
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

function languageByName(name: string): string | undefined {
  if (!LANGUAGES_BY_NAME) {
    LANGUAGES_BY_NAME = new Map();
    for (let a = 97; a <= 122; a++) {
      for (let b = 97; b <= 122; b++) {
        const code = String.fromCharCode(a, b);
        const english = LANGUAGE_NAMES.of(code);
        if (!english) continue;
        LANGUAGES_BY_NAME.set(english.toLowerCase(), code);
        const own = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code);
        if (own && !LANGUAGES_BY_NAME.has(own.toLowerCase())) LANGUAGES_BY_NAME.set(own.toLowerCase(), code);
      }
    }
  }
  return LANGUAGES_BY_NAME.get(name.toLowerCase());
}

/** Whether a canonical tag's language (its first subtag) is one Intl knows: `english` is a well-formed tag, but of no language. */
function knownLanguage(tag: string): boolean {
  try {
    return LANGUAGE_NAMES.of(tag.split('-')[0]) !== undefined;
  } catch {
    return false;
  }
}

/**
 * A language as a canonical BCP 47 tag: DataCite records often give ISO 639-2 codes (`eng`,
 * `ger`, `fre`), which HTML's `lang`, screen readers and schema.org's `inLanguage` know by
 * their two-letter form (`en`, `de`, `fr`); case is canonical too (`EN-gb` → `en-GB`). Many
 * give the language's name instead ("English", "Deutsch"), read as its code. Anything else
 * is no language: a `lang` attribute naming none would have screen readers read the text in
 * a default voice and fails WCAG 3.1 (axe's valid-lang), so it is left out; validation reports
 * what is not a tag, and the DataCite exports keep the value as registered.
 */
export function languageTag(value: unknown): string | undefined {
  // A POSIX locale (en_US), which DataCite's REST API accepts, is the tag en-US.
  const tag = known(value)?.replace(/_/g, '-');
  if (!tag) return undefined;
  try {
    const canonical = Intl.getCanonicalLocales(tag)[0];
    if (canonical && knownLanguage(canonical)) return canonical;
  } catch {
    // Not a well-formed tag: perhaps a name.
  }
  return languageByName(tag);
}

/** A subject with what the record says about its vocabulary; links only when http(s). */
export interface SubjectTerm {
  name: string;
  /** subjectScheme as registered ("Fields of Science and Technology (FOS)", "DDC"). */
  scheme: string | null;
  /** The scheme's schemeUri, when it is an http(s) URL. */
  schemeUrl: string | null;
  /** The term's valueUri, when it is an http(s) URL: a reader can follow it. */
  url: string | null;
  /** classificationCode ("0103", "000"). */
  code: string | null;
  lang: string | null;
}

/** Subjects in order, empty ones left out, with their scheme, term URI and code (DataCite 4.x `subject` attributes). */
export function subjectsOf(attrs: Pick<DataCiteAttributes, 'subjects'>): SubjectTerm[] {
  const httpOnly = (v: unknown) => {
    const u = known(v);
    return u && isHttpUrl(u) ? u : null;
  };
  return (Array.isArray(attrs.subjects) ? attrs.subjects : []).flatMap((s) => {
    const name = known(s?.subject);
    if (name === undefined) return [];
    return [{ name, scheme: known(s.subjectScheme) ?? null, schemeUrl: httpOnly(s.schemeUri), url: httpOnly(s.valueUri), code: known(s.classificationCode) ?? null, lang: known(s.lang) ?? null }];
  });
}

/** Subjects as keywords, in order, empty ones left out. */
export function keywordsOf(attrs: Pick<DataCiteAttributes, 'subjects'>): string[] {
  return subjectsOf(attrs).map((s) => s.name);
}

/** DataCite `sizes` ("3 files", "1.2 GB") as registered, unknown-value codes left out. */
export function sizesOf(attrs: Pick<DataCiteAttributes, 'sizes'>): string[] {
  return (Array.isArray(attrs.sizes) ? attrs.sizes : []).map((x) => known(x)).filter((x): x is string => x !== undefined);
}

/** DataCite `formats` (media types, extensions) as registered, unknown-value codes left out. */
export function formatsOf(attrs: Pick<DataCiteAttributes, 'formats'>): string[] {
  return (Array.isArray(attrs.formats) ? attrs.formats : []).map((x) => known(x)).filter((x): x is string => x !== undefined);
}

/** Alternate identifiers (local accession numbers, URLs) with their type. */
export function alternateIdentifiersOf(attrs: Pick<DataCiteAttributes, 'alternateIdentifiers'>): Array<{ value: string; type: string }> {
  return (Array.isArray(attrs.alternateIdentifiers) ? attrs.alternateIdentifiers : [])
    .map((a) => ({ value: clean(a?.alternateIdentifier), type: clean(a?.alternateIdentifierType) }))
    .filter((a) => a.value);
}

export interface Container {
  title: string;
  /** `Series`, `Journal`, `DataRepository`… as far as the record says. */
  type: string | null;
  /** ISSN or other identifier of the container. */
  identifier: string | null;
  identifierType: string | null;
  volume: string | null;
  issue: string | null;
  firstPage: string | null;
  lastPage: string | null;
}

/**
 * What the resource is part of: the REST `container`, else an IsPublishedIn related item,
 * else a SeriesInformation description (kernel 3/4 way of naming a series).
 */
export function containerOf(attrs: DataCiteAttributes): Container | undefined {
  const c = attrs.container;
  if (c && typeof c === 'object' && clean(c.title)) {
    return {
      title: clean(c.title),
      type: text(c.type) ?? null,
      identifier: text(c.identifier) ?? null,
      identifierType: text(c.identifierType) ?? null,
      volume: text(c.volume) ?? null,
      issue: text(c.issue) ?? null,
      firstPage: text(c.firstPage) ?? null,
      lastPage: text(c.lastPage) ?? null,
    };
  }
  const item = (Array.isArray(attrs.relatedItems) ? attrs.relatedItems : []).find((r) => r?.relationType === 'IsPublishedIn');
  const itemTitle = clean(item?.titles?.[0]?.title);
  if (item && itemTitle) {
    return {
      title: itemTitle,
      type: text(item.relatedItemType) ?? null,
      identifier: text(item.relatedItemIdentifier?.relatedItemIdentifier) ?? null,
      identifierType: text(item.relatedItemIdentifier?.relatedItemIdentifierType) ?? null,
      volume: text(item.volume) ?? null,
      issue: text(item.issue) ?? null,
      firstPage: text(item.firstPage) ?? null,
      lastPage: text(item.lastPage) ?? null,
    };
  }
  const series = (Array.isArray(attrs.descriptions) ? attrs.descriptions : []).find((d) => d?.descriptionType === 'SeriesInformation' && clean(d.description));
  if (series) {
    // "Series name, volume, …; pages" is a convention, not a grammar: only the name (before the
    // first comma) is taken; the series' identifier is the record's IsPartOf DOI or ISSN.
    const partOf = (Array.isArray(attrs.relatedIdentifiers) ? attrs.relatedIdentifiers : []).find(
      (r) => r?.relationType === 'IsPartOf' && ['DOI', 'ISSN', 'EISSN'].includes(r.relatedIdentifierType) && clean(r.relatedIdentifier),
    );
    return {
      title: clean(series.description).split(',')[0]!.trim(),
      type: 'Series',
      identifier: partOf ? clean(partOf.relatedIdentifier) : null,
      identifierType: partOf ? partOf.relatedIdentifierType : null,
      volume: null,
      issue: null,
      firstPage: null,
      lastPage: null,
    };
  }
  return undefined;
}

export interface GeoCoverage {
  place: string | null;
  point: { latitude: number; longitude: number } | null;
  /** south, west, north, east in decimal degrees. */
  box: { south: number; west: number; north: number; east: number } | null;
  /** Polygon points as [longitude, latitude], as written (first polygon only). */
  polygon: Array<[number, number]> | null;
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

function geoOf(g: GeoLocation): GeoCoverage | null {
  if (!g || typeof g !== 'object') return null;
  const place = clean(g.geoLocationPlace) || null;
  const lat = num(g.geoLocationPoint?.pointLatitude);
  const lon = num(g.geoLocationPoint?.pointLongitude);
  const point = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { latitude: lat, longitude: lon } : null;
  const b = g.geoLocationBox ?? {};
  const [s, w, n, e] = [num(b.southBoundLatitude), num(b.westBoundLongitude), num(b.northBoundLatitude), num(b.eastBoundLongitude)];
  const box = s !== null && w !== null && n !== null && e !== null ? { south: s, west: w, north: n, east: e } : null;
  const raw = Array.isArray(g.geoLocationPolygon) ? (Array.isArray(g.geoLocationPolygon[0]) ? g.geoLocationPolygon[0] : g.geoLocationPolygon) : [];
  const pts = (raw as Array<Record<string, unknown>>)
    .map((p) => (p && typeof p === 'object' && p.polygonPoint && typeof p.polygonPoint === 'object' ? (p.polygonPoint as Record<string, unknown>) : null))
    .map((p) => (p ? [num(p.pointLongitude), num(p.pointLatitude)] : [null, null]))
    .filter((p): p is [number, number] => p[0] !== null && p[1] !== null);
  const polygon = pts.length >= 4 ? pts : null;
  return place || point || box || polygon ? { place, point, box, polygon } : null;
}

/** Geographic coverage (places, points, boxes); polygons are not read. */
export function geoCoverageOf(attrs: Pick<DataCiteAttributes, 'geoLocations'>): GeoCoverage[] {
  return (Array.isArray(attrs.geoLocations) ? attrs.geoLocations : []).map(geoOf).filter((g): g is GeoCoverage => g !== null);
}

export interface Repository {
  name: string;
  /** http(s) URL or DOI URL of the repository, when the record names one. */
  url: string | null;
}

/**
 * The repository (data catalogue) the resource belongs to: a DataRepository container, else
 * the target of an IsPartOf URL or DOI relation of a dataset (named by the publisher).
 */
export function repositoryOf(attrs: DataCiteAttributes): Repository | undefined {
  const c = containerOf(attrs);
  if (c && /repository/i.test(c.type ?? '')) return { name: c.title, url: c.identifier && /^https?:\/\//i.test(c.identifier) ? c.identifier : null };
  if (resourceTypeOf(attrs).general !== 'Dataset') return undefined;
  const partOf = (Array.isArray(attrs.relatedIdentifiers) ? attrs.relatedIdentifiers : []).find(
    (r) => r?.relationType === 'IsPartOf' && r.relatedIdentifierType === 'URL' && /^https?:\/\//i.test(clean(r.relatedIdentifier)),
  );
  const name = publisherName(attrs.publisher);
  return partOf && name ? { name, url: clean(partOf.relatedIdentifier) } : undefined;
}
