/**
 * Site-wide pages (home, browse, statistics) from one small summary per public record,
 * so catalogue-wide pages never need the records themselves in memory.
 */
import type { LandingPageModel } from './landing.ts';
import { formatBytes, formatCount, formatDate } from './format.ts';

export interface RecordSummary {
  path: string;
  doiDisplay: string;
  title: string;
  creatorsText: string;
  year: string;
  releasedOn: string | null;
  collectedStart: string | null;
  facility: string | null;
  beamline: string | null;
  technique: string | null;
  licence: string | null;
  state: 'released' | 'metadata-only';
  datasets: number;
  files: number;
  bytes: number;
}

export function toSummary(page: LandingPageModel): RecordSummary {
  const names = page.creators.map((c) => c.familyName ?? c.displayName);
  return {
    path: page.path,
    doiDisplay: page.doiDisplay,
    title: page.title,
    creatorsText: names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', '),
    year: page.publicationYear,
    releasedOn: page.releasedOn,
    collectedStart: page.collected.start,
    facility: page.facility,
    beamline: page.facets.beamline[0] ?? null,
    technique: page.technique?.name ?? null,
    licence: page.licence?.id ?? null,
    state: page.state,
    datasets: page.datasets.length,
    files: page.totals.files,
    bytes: page.totals.bytes,
  };
}

export interface FacetValue {
  value: string;
  slug: string;
  count: number;
  path: string;
}

export interface BrowseFacet {
  id: 'facility' | 'beamline' | 'technique' | 'year';
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

const FACETS: Array<{ id: BrowseFacet['id']; label: string; of: (s: RecordSummary) => string | null }> = [
  { id: 'facility', label: 'Facility', of: (s) => s.facility },
  { id: 'beamline', label: 'Beamline', of: (s) => s.beamline },
  { id: 'technique', label: 'Technique', of: (s) => s.technique },
  { id: 'year', label: 'Release year', of: (s) => (s.releasedOn ?? s.year).slice(0, 4) },
];

export function browsePath(facet: BrowseFacet['id'], slug: string): string {
  return `/browse/${facet}/${slug}/`;
}

export function browseFacets(summaries: RecordSummary[]): BrowseFacet[] {
  return FACETS.map(({ id, label, of }) => {
    const counts = new Map<string, number>();
    for (const s of summaries) {
      const v = of(s);
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const values = [...counts.entries()]
      .map(([value, count]) => ({ value, slug: facetSlug(value), count, path: browsePath(id, facetSlug(value)) }))
      .sort((a, b) => (id === 'year' ? b.value.localeCompare(a.value) : a.value.localeCompare(b.value)));
    return { id, label, values };
  });
}

/** Records under one browse value, newest release first. */
export function browseList(summaries: RecordSummary[], facet: BrowseFacet['id'], slug: string): RecordSummary[] {
  const of = FACETS.find((f) => f.id === facet)!.of;
  return summaries
    .filter((s) => {
      const v = of(s);
      return v !== null && facetSlug(v) === slug;
    })
    .sort(byRelease);
}

function byRelease(a: RecordSummary, b: RecordSummary): number {
  return (b.releasedOn ?? b.year).localeCompare(a.releasedOn ?? a.year) || a.title.localeCompare(b.title);
}

export function toHome(summaries: RecordSummary[], recentCount = 8): HomeModel {
  const sum = (f: (s: RecordSummary) => number) => summaries.reduce((n, s) => n + f(s), 0);
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
      .map((s) => ({ ...s, releasedOnText: formatDate(s.releasedOn) })),
    facets: browseFacets(summaries),
  };
}
