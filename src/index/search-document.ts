/**
 * What search sees of a record: a small HTML document written from the staged landing
 * model, not the rendered page. Only the record's own words are in it (title, people,
 * abstract, keywords, instrument, identifiers, dates, funders and grants, dataset titles),
 * so interface text such as "Zoom in Zoom out Fit Close" can never be indexed or shown in an
 * excerpt, and pagefind never parses the page chrome of thousands of pages.
 */
import type { LandingPageModel } from '../model/landing.ts';
import type { FilePageModel } from '../model/dataset-page.ts';
import { filePattern, lookupKey, runDetail, type LookupHit } from './lookup-key.ts';
import { aboutText, descriptionSpellingsText, spellingsText } from './search-words.ts';
import { NAME_WEIGHT } from './name-forms.ts';
import { beamlineWithoutPrefix } from './instrument-names.ts';

// Its own copy of src/markdown/escape-html.ts: the index's code version is a hash of this
// folder, so what derives the index inputs imports nothing from outside it at run time.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Plain text of the record's sanitised description HTML (tags dropped, entities kept escaped). */
function descriptionText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function element(tag: string, text: string, attributes = ''): string {
  return text ? `<${tag}${attributes}>${escapeHtml(text)}</${tag}>` : '';
}

/** The creators line shown under a search result ("A, B, C et al."). */
export function creatorsLine(page: LandingPageModel): string {
  const names = page.creators.slice(0, 3).map((c) => c.familyName ?? c.displayName);
  return names.join(', ') + (page.creators.length > 3 ? ' et al.' : '');
}

const FILTERS: Array<[name: string, of: (p: LandingPageModel) => string[]]> = [
  ['facility', (p) => p.facets.facility],
  ['beamline', (p) => p.facets.beamline],
  ['technique', (p) => p.facets.technique],
  ['year', (p) => p.facets.year],
  ['licence', (p) => p.facets.licence],
  ['resource type', (p) => p.facets.resourceType],
  ['detector', (p) => p.facets.detector],
  ['wavelength', (p) => p.facets.wavelength],
  ['hit rate', (p) => p.facets.hitRate ?? []],
];

/**
 * The search filters of a landing page, each value once and with its white space folded as
 * pagefind reads an element's text, so the counts written beside the index
 * (src/index/filter-counts.ts) are the counts pagefind would compute.
 */
export function searchFilters(page: LandingPageModel): Array<[name: string, values: string[]]> {
  return FILTERS.map(([name, of]) => [name, [...new Set(of(page).map((v) => v.replace(/\s+/g, ' ').trim()).filter(Boolean))]]);
}

/** "Released 14 February 2024", or a bare record's "DOI registered 15 January 2014": as its page's facts say it. */
function releasedText(page: LandingPageModel, midLine = false): string {
  if (!page.releasedOnText) return '';
  const label = page.releasedLabel ?? 'Released';
  // Mid-line, in a result's byline ("Carberry · released 3 March 2025 · doi:…"), the verb is in lower case, the acronym not.
  return `${midLine && label === 'Released' ? 'released' : label} ${page.releasedOnText}`;
}

/** "Released 14 February 2024 · collected 3–4 October 2023 · 2024": the dates a reader may search by, the citation's year among them. */
function datesText(page: LandingPageModel): string {
  const dates = [releasedText(page), page.collected?.text && `collected ${page.collected.text}`];
  if (page.publicationYear && !dates.some((d) => d?.includes(page.publicationYear))) dates.push(page.publicationYear);
  return dates.filter(Boolean).join(' · ');
}

/** "European Research Council DEMO-101-ERC (Title of the grant)" for each award, or the funder alone. */
function fundingText(page: LandingPageModel): string {
  return page.funding.map((f) => [f.funderName ?? f.funderId ?? f.funder, f.award, f.awardTitle && `(${f.awardTitle})`].filter(Boolean).join(' ')).join(' · ');
}

/**
 * "ROR 03eh3y714" for each organisation identified by ROR among the people (creators that are
 * organisations, and affiliations), the funders and the publisher: a reader pastes an
 * institution's ROR address to find its output. Words, not
 * exact lookups, as a facility's ROR is on most of its records: ranked and filtered, and
 * counted whole (a lookup keeps 50 pages a key). The search page searches a ROR address as
 * its id (src/client/search-query.ts).
 */
function rorText(page: LandingPageModel): string {
  const urls = [...page.creators, ...page.contributors].flatMap((p) => [p.rorUrl, ...(p.affiliations ?? []).map((a) => a.rorUrl)]);
  urls.push(...page.funding.map((f) => f.funderUrl), page.publisherRor);
  const ids = urls.map((url) => /^https:\/\/ror\.org\/(0[a-z0-9]{8})$/.exec(url ?? '')?.[1]).filter((id): id is string => !!id);
  return [...new Set(ids)].map((id) => `ROR ${id}`).join(' · ');
}

/**
 * The document pagefind indexes for one landing page. Weights put the title and the
 * people ahead of the abstract; identifiers are indexed too, so a partial DOI still finds
 * its record after the exact lookup (src/index/identifier-index.ts) has had its say.
 */
export function searchDocument(page: LandingPageModel): string {
  const people = [...page.creators, ...page.contributors];
  const names = people.map((c) => c.displayName);
  // "beamline P11", as readers name one (and the site's facet does): the record's own text may never say the word.
  // A "BL" before its number is "beamline" too ("SSRL BL12-2" is "beamline 12-2"), as the search page reads "BL8.2.1" in a query.
  const beamlines = page.facets.beamline.flatMap((b) => [`beamline ${b}`, beamlineWithoutPrefix(b) ?? '']);
  const instrument = [page.facility, ...beamlines, page.technique?.name ?? '', ...page.facets.detector].filter(Boolean).join(' · ');
  const identifiers = [page.doiDisplay, page.proposal ? `proposal ${page.proposal}` : '', ...page.pdb.map((id) => `PDB ${id}`), ...(page.alternateIdentifiers ?? []).map((a) => a.value), rorText(page)].filter(Boolean);
  const about = aboutText(page);
  // The words readers type otherwise: titles, names, organisations, keywords, places (the descriptions' have a paragraph of their own, unweighted).
  const spelt = [page.title, ...page.otherTitles.map((t) => t.title), ...names, instrument, ...page.keywords, fundingText(page), about, ...(page.coverage ?? [])];
  const [description, abstract, ...others] = [page.descriptionHtml, page.abstractHtml ?? '', ...(page.otherDescriptions ?? []).map((d) => d.html)].map(descriptionText);
  const datasets = page.datasets.map((d) => d.title).join(' · ');
  const filters = searchFilters(page)
    .flatMap(([name, values]) => values.map((v) => element('span', v, ` data-pagefind-filter="${escapeHtml(name)}"`)))
    .join('');
  const meta = [
    element('span', page.doiDisplay, ' data-pagefind-meta="doi"'),
    // The words with the date (src/client/search.ts shows them as they are), so a result says what its page says.
    element('span', releasedText(page, true), ' data-pagefind-meta="released"'),
    element('span', creatorsLine(page), ' data-pagefind-meta="creators"'),
  ].join('');
  return [
    `<!doctype html><html lang="en"><head><title>${escapeHtml(page.title)}</title></head><body>`,
    `<main data-pagefind-body data-pagefind-sort="released:${escapeHtml(page.sortDate)}">`,
    element('h1', page.title, ' data-pagefind-meta="title"'),
    ...page.otherTitles.map((t) => element('p', t.title, ' data-pagefind-weight="5"')),
    element('p', names.join(', '), ` data-pagefind-weight="${NAME_WEIGHT}"`),
    element('p', instrument, ' data-pagefind-weight="3"'),
    element('p', page.keywords.join(', '), ' data-pagefind-weight="3"'),
    element('p', identifiers.join(' · '), ' data-pagefind-weight="2"'),
    // Dates as words: "lysozyme 2024" or "October 2023" name a release or a beamtime.
    element('p', datesText(page)),
    // Funders and grants: a funder's report lists what its awards produced.
    element('p', fundingText(page), ' data-pagefind-weight="2"'),
    // Publisher, affiliations, licence, resource type, acronyms: "ANSTO", "CC BY 4.0", "University of Oxford".
    element('p', about),
    // The description is sanitised HTML: with its tags dropped, what is left is already escaped text.
    `<div>${description}</div>`,
    // The separate abstract: sanitised HTML as the description is, or plain paragraphs in a model kept from an earlier build.
    abstract ? `<div>${abstract}</div>` : '',
    ...(page.abstractParagraphs ?? []).map((p) => element('p', p)),
    // Places: "Svalbard", "Fram Strait".
    element('p', (page.coverage ?? []).join(' · ')),
    // Methods, technical information…: words a reader looks for ("cryo-cooled", "SAD phasing").
    ...others.map((d) => `<div>${d}</div>`),
    element('p', datasets),
    // Last, so no excerpt shows them unless they matched: "mueller" for Müller, "strauss" for Strauß.
    element('p', spellingsText(spelt, people), ` data-pagefind-weight="${NAME_WEIGHT}"`),
    // The descriptions' words in their other spellings ("vapour" → "vapor"), weighed as the descriptions are.
    element('p', descriptionSpellingsText([description, abstract, ...(page.abstractParagraphs ?? []), ...others, datasets], spelt)),
    // Filters and meta only: ignored as words, or their texts, run together, would be
    // indexed as tokens such as "x06samacromolecular" and shown in excerpts.
    `<div hidden data-pagefind-ignore>${filters}${meta}</div>`,
    '</main></body></html>',
  ].join('');
}

/**
 * Longest title a lookup hit carries (in characters). Every identifier of a record carries its
 * title, so without a bound the lookups grow with their count times the title's length: a
 * record of 10,000 awards and a 1 MB title made 10 GB of lookups, and the build failed with
 * "Invalid string length". A search hit shows a title on a line or two: this is longer than that.
 */
export const LOOKUP_TITLE_MAX = 300;

/** The title as a search hit shows it, cut at a word break before LOOKUP_TITLE_MAX, never inside a character. */
export function lookupTitle(title: string): string {
  // Two code units hold any character: this many hold more than the bound whenever the title has more.
  const chars = Array.from(title.slice(0, LOOKUP_TITLE_MAX * 2 + 2));
  if (chars.length <= LOOKUP_TITLE_MAX) return title;
  const cut = chars.slice(0, LOOKUP_TITLE_MAX - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > LOOKUP_TITLE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Exact identifiers a landing page carries, each with the key a reader's query folds to. */
export function landingLookups(page: LandingPageModel): Array<[key: string, hit: LookupHit]> {
  const out: Array<[string, LookupHit]> = [];
  const title = lookupTitle(page.title);
  const add = (value: string | null, hit: LookupHit) => {
    const key = value ? lookupKey(value) : null;
    if (key) out.push([key, hit]);
  };
  add(page.doi, ['doi', page.path, title, `DOI ${page.doiDisplay}`]);
  // The suffix alone ("zenodo.12345", "esrf-dc-2493599001") is how a record is often named; too short a one names nothing.
  const suffix = page.doi.slice(page.doi.indexOf('/') + 1);
  if (suffix.length >= 6) add(suffix, ['doi', page.path, title, `DOI ${page.doiDisplay}`]);
  for (const group of page.related) {
    for (const item of group.items) {
      // PDB entries are the record's own (page.pdb, below); a URL is no identifier a reader types.
      if (item.kind === 'PDB entry' || /^https?:/i.test(item.text)) continue;
      const kind = /^10\.\d{4,9}\//.test(item.text) ? 'related-doi' : 'related';
      add(item.text, [kind, page.path, title, `${group.label} ${item.text}`]);
    }
  }
  for (const id of page.pdb) add(id, ['pdb', page.path, title, `PDB ${id}`]);
  add(page.proposal, ['proposal', page.path, title, `Proposal ${page.proposal}`]);
  for (const f of page.funding) add(f.award, ['award', page.path, title, `${f.award} from ${f.funderName ?? f.funder}`]);
  for (const person of [...page.creators, ...page.contributors]) {
    add(person.orcid, ['orcid', page.path, title, `ORCID ${person.orcid} (${person.displayName})`]);
  }
  return out;
}

/**
 * File names on one page of a dataset's listing, each leading to that page. Numbered names
 * become runs (`chip07_*.cbf`, 1–250) rather than one key per file (src/index/lookup-key.ts
 * filePattern), so a 200,000-frame dataset adds a few hundred keys, not 200,000; names
 * without a number (`XDS.INP`) are keys themselves.
 */
export function fileLookups(page: FilePageModel): Array<[key: string, hit: LookupHit]> {
  const out: Array<[string, LookupHit]> = [];
  const groups = new Map<string, { key: string; shown: string; width: number; numbers: number[] }>();
  for (const file of page.files) {
    const pattern = filePattern(file.name);
    if (!pattern) {
      const key = lookupKey(file.name);
      if (key) out.push([key, ['file', page.path, file.name, '']]);
      continue;
    }
    const id = `${pattern.width}:${pattern.key}`;
    const group = groups.get(id) ?? { key: pattern.key, shown: pattern.shown, width: pattern.width, numbers: [] };
    group.numbers.push(pattern.number);
    groups.set(id, group);
  }
  for (const g of groups.values()) out.push([g.key, ['files', page.path, g.shown, runDetail(g.width, g.numbers)]]);
  return out;
}
