/**
 * Site-wide pages (home, browse, statistics) from one small summary per public record,
 * so catalogue-wide pages never need the records themselves in memory.
 */
import { chromeTitle, type LandingPageModel } from './landing.ts';
import { exactSum, formatBytes, formatCount, formatDate } from './format.ts';
import { HIT_RATE_ORDER } from './bands.ts';

export interface RecordSummary {
  path: string;
  doiDisplay: string;
  title: string;
  /** The title's language (LandingPageModel.lang); absent from summaries of models kept from earlier builds. */
  titleLang?: string | null;
  creatorsText: string;
  year: string;
  releasedOn: string | null;
  /** The release date as the page shows it (a year or month when the record gives no day). */
  releasedOnText?: string;
  /** What that date is, as the page says (LandingPageModel.releasedLabel); absent from summaries of models kept from earlier builds. */
  releasedLabel?: LandingPageModel['releasedLabel'];
  collectedStart: string | null;
  facility: string | null;
  beamline: string | null;
  technique: string | null;
  licence: string | null;
  state: 'released' | 'metadata-only';
  datasets: number;
  files: number;
  bytes: number;
  /** PDB entries the record references (canonical ids), for the /pdb/ pages. */
  pdb: string[];
  detectors: string[];
  wavelengthBands: string[];
  hitRateBands: string[];
}

export function toSummary(page: LandingPageModel): RecordSummary {
  const names = page.creators.map((c) => c.familyName ?? c.displayName);
  return {
    path: page.path,
    doiDisplay: page.doiDisplay,
    title: page.title,
    titleLang: page.lang,
    creatorsText: names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', '),
    year: page.publicationYear,
    releasedOn: page.releasedOn,
    releasedOnText: page.releasedOnText,
    releasedLabel: page.releasedLabel,
    collectedStart: page.collected.start,
    facility: page.facility,
    beamline: page.facets.beamline[0] ?? null,
    technique: page.technique?.name ?? null,
    licence: page.licence?.id ?? null,
    state: page.state,
    datasets: page.datasets.length,
    files: page.totals.files,
    bytes: page.totals.bytes,
    pdb: page.pdb,
    detectors: page.facets.detector,
    wavelengthBands: page.facets.wavelength,
    hitRateBands: page.facets.hitRate,
  };
}

/** A record as a browse list shows it, every text composed here rather than in the template. */
export interface RecordCard {
  path: string;
  title: string;
  /** The title's language, so a screen reader reads a German title in German (WCAG 3.1.2). */
  lang: string | null;
  /** "Moreau, Lindqvist, Okafor · ESRF ID23-1 · macromolecular crystallography" */
  byline: string;
  embargoed: boolean;
  /** "2 datasets, 1,800 files · released 3 March 2024" */
  countsText: string;
}

/**
 * A record's card is one object wherever it is listed (several browse lists and PDB pages):
 * built once, and serialized once when the browse pages are staged (src/build/stage-browse.ts).
 */
const cards = new WeakMap<RecordSummary, RecordCard>();

export function recordCard(s: RecordSummary): RecordCard {
  let card = cards.get(s);
  if (!card) cards.set(s, (card = composeCard(s)));
  return card;
}

function composeCard(s: RecordSummary): RecordCard {
  const place = [s.facility, s.beamline && s.facility && s.beamline.startsWith(`${s.facility} `) ? s.beamline.slice(s.facility.length + 1) : s.beamline]
    .filter(Boolean)
    .join(' ');
  return {
    path: s.path,
    title: chromeTitle(s.title),
    lang: s.titleLang ?? null,
    byline: [s.creatorsText, place, s.technique].filter(Boolean).join(' · '),
    embargoed: s.state === 'metadata-only',
    // A record with no files here (a bare DataCite record) is not "0 datasets, 0 files".
    countsText: [
      s.files > 0 || s.state === 'metadata-only' ? `${s.datasets} ${s.datasets === 1 ? 'dataset' : 'datasets'}, ${formatCount(s.files)} ${s.files === 1 ? 'file' : 'files'}` : '',
      // A bare record's registration day is not called its release, here as on its page.
      `${s.releasedLabel === 'DOI registered' ? 'DOI registered' : 'released'} ${s.releasedOnText || (s.releasedOn ? formatDate(s.releasedOn) : s.year)}`,
    ].filter(Boolean).join(' · '),
  };
}

export interface FacetValue {
  value: string;
  slug: string;
  count: number;
  path: string;
}

export type FacetId = 'facility' | 'beamline' | 'technique' | 'year' | 'detector' | 'wavelength' | 'hit-rate';

export interface BrowseFacet {
  id: FacetId;
  label: string;
  values: FacetValue[];
}

export interface HomeModel {
  counts: { experiments: string; datasets: string; files: string; bytes: string };
  recent: Array<RecordSummary & { releasedOnText: string }>;
  facets: BrowseFacet[];
}

export function facetSlug(value: string): string {
  return (
    value
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'other'
  );
}

/**
 * Every search filter is also a browse facet, so each exists as static pages. `order`
 * sorts values (default: alphabetical); a record may have several values (detectors).
 */
const FACETS: Array<{ id: FacetId; label: string; of: (s: RecordSummary) => string[]; order?: (a: string, b: string) => number }> = [
  { id: 'facility', label: 'Facility', of: (s) => (s.facility ? [s.facility] : []) },
  { id: 'beamline', label: 'Beamline', of: (s) => (s.beamline ? [s.beamline] : []) },
  { id: 'technique', label: 'Technique', of: (s) => (s.technique ? [s.technique] : []) },
  { id: 'year', label: 'Release year', of: (s) => [(s.releasedOn ?? s.year).slice(0, 4)], order: (a, b) => b.localeCompare(a) },
  { id: 'detector', label: 'Detector', of: (s) => s.detectors ?? [] },
  { id: 'wavelength', label: 'X-ray wavelength', of: (s) => s.wavelengthBands ?? [], order: (a, b) => parseFloat(a) - parseFloat(b) },
  { id: 'hit-rate', label: 'Hit rate', of: (s) => s.hitRateBands ?? [], order: (a, b) => HIT_RATE_ORDER.indexOf(a) - HIT_RATE_ORDER.indexOf(b) },
];

export function browsePath(facet: BrowseFacet['id'], slug: string): string {
  return `/browse/${facet}/${slug}/`;
}

/** Facets with at least one value (a catalogue without serial data has no hit-rate pages). */
export function browseFacets(summaries: RecordSummary[]): BrowseFacet[] {
  return FACETS.map(({ id, label, of, order }) => {
    const counts = new Map<string, number>();
    for (const s of summaries) for (const v of new Set(of(s))) counts.set(v, (counts.get(v) ?? 0) + 1);
    const values = [...counts.entries()]
      .map(([value, count]) => ({ value, slug: facetSlug(value), count, path: browsePath(id, facetSlug(value)) }))
      .sort((a, b) => (order ?? ((x: string, y: string) => x.localeCompare(y)))(a.value, b.value));
    return { id, label, values };
  }).filter((f) => f.values.length > 0);
}

/**
 * The records under every browse value (facet → value slug → records, newest release first),
 * grouped in one pass over the catalogue rather than one pass per value, which was
 * quadratic: 10,000 records have thousands of values. A record is listed once under a slug
 * even when several of its values share it.
 */
export function browseLists(summaries: RecordSummary[]): Map<FacetId, Map<string, RecordSummary[]>> {
  const lists = new Map<FacetId, Map<string, RecordSummary[]>>();
  for (const { id, of } of FACETS) {
    const bySlug = new Map<string, RecordSummary[]>();
    for (const s of summaries) {
      for (const slug of new Set(of(s).map(facetSlug))) {
        const list = bySlug.get(slug);
        if (list) list.push(s);
        else bySlug.set(slug, [s]);
      }
    }
    for (const list of bySlug.values()) list.sort(byRelease);
    lists.set(id, bySlug);
  }
  return lists;
}

export function byRelease(a: RecordSummary, b: RecordSummary): number {
  return (b.releasedOn ?? b.year).localeCompare(a.releasedOn ?? a.year) || a.title.localeCompare(b.title);
}

export function toHome(summaries: RecordSummary[], recentCount = 8): HomeModel {
  // Exact: the catalogue's bytes can pass 2^53, where a sum of numbers rounds.
  const sum = (f: (s: RecordSummary) => number) => exactSum(summaries, f);
  return {
    counts: {
      experiments: formatCount(summaries.length),
      datasets: formatCount(sum((s) => s.datasets)),
      files: formatCount(sum((s) => s.files)),
      bytes: formatBytes(sum((s) => s.bytes)),
    },
    recent: [...summaries]
      .sort(byRelease)
      .slice(0, recentCount)
      .map((s) => ({ ...s, releasedOnText: s.releasedOnText || formatDate(s.releasedOn) })),
    facets: browseFacets(summaries),
  };
}
