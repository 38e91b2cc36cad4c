/**
 * The archive statistics page, computed from the per-record summaries the pipeline stages
 * (site.json): releases per year, data volume and files per beamline and technique, and the
 * time from data collection to public release (a facility's measure of its data policy).
 * Pure data in, pure data out; the page and its charts only render this.
 */
import type { RecordSummary } from './site.ts';
import { exactBytesText, exactSum, formatBytes, formatCount } from './format.ts';

/** One bar of a chart and one row of its data table. */
export interface StatRow {
  label: string;
  value: number;
  /** The value as a reader sees it (`4.1 TB`, `1,204`). */
  valueText: string;
}

/** One chart with the table it is drawn from. */
export interface StatSeries {
  id: string;
  title: string;
  /** One sentence saying what the chart shows, for the SVG's <desc>. */
  description: string;
  /** Header of the label column of the data table. */
  labelHeader: string;
  valueHeader: string;
  rows: StatRow[];
}

export interface GroupRow {
  label: string;
  experiments: number;
  /** Exact sums: a beamline's records together can pass 2^53. */
  files: bigint;
  bytes: bigint;
  filesText: string;
  bytesText: string;
}

export interface DelayModel {
  /** Records with both a collection start and a release date. */
  measured: number;
  /** Records the delay could not be computed for (a date missing). */
  unmeasured: number;
  medianText: string | null;
  minText: string | null;
  maxText: string | null;
  histogram: StatSeries;
  /** Median delay per release year, for the trend. */
  byYear: Array<{ year: string; records: number; medianText: string }>;
}

export interface StatisticsModel {
  /** `bytes` rounded with the exact count beside it: "9.01 PB (9,007,199,254,740,993 bytes)". */
  totals: { experiments: string; files: string; bytes: string };
  releasesPerYear: StatSeries;
  byBeamline: { volume: StatSeries; files: StatSeries; rows: GroupRow[] };
  byTechnique: { volume: StatSeries; files: StatSeries; rows: GroupRow[] };
  delay: DelayModel;
}

const NOT_STATED = 'Not stated';
const DAY_MS = 86_400_000;

function releaseYear(s: RecordSummary): string {
  return (s.releasedOn ?? s.year).slice(0, 4);
}

/** Calendar date (YYYY, YYYY-MM or YYYY-MM-DD) as a UTC timestamp, or null. */
export function parseDay(value: string | null): number | null {
  if (!value) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return null;
  const time = Date.UTC(Number(m[1]), Number(m[2] ?? '1') - 1, Number(m[3] ?? '1'));
  return Number.isFinite(time) ? time : null;
}

/** Days from the start of data collection to public release; null when either date is missing or the order is impossible. */
export function releaseDelayDays(s: RecordSummary): number | null {
  const collected = parseDay(s.collectedStart);
  const released = parseDay(s.releasedOn);
  if (collected === null || released === null || released < collected) return null;
  return Math.round((released - collected) / DAY_MS);
}

/** `45 days`, `7 months`, `2.9 years`: the unit a reader would use. */
export function formatDuration(days: number): string {
  if (days < 60) return `${days} ${days === 1 ? 'day' : 'days'}`;
  if (days < 730) return `${Math.round(days / 30.44)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

function groupBy(summaries: RecordSummary[], of: (s: RecordSummary) => string | null): GroupRow[] {
  const groups = new Map<string, RecordSummary[]>();
  for (const s of summaries) {
    const key = of(s) ?? NOT_STATED;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.entries()]
    .map(([label, list]) => {
      const files = exactSum(list, (s) => s.files);
      const bytes = exactSum(list, (s) => s.bytes);
      return { label, experiments: list.length, files, bytes, filesText: formatCount(files), bytesText: formatBytes(bytes) };
    })
    .sort((a, b) => (b.bytes > a.bytes ? 1 : b.bytes < a.bytes ? -1 : 0) || a.label.localeCompare(b.label));
}

function groupSeries(rows: GroupRow[], id: string, what: string, header: string): { volume: StatSeries; files: StatSeries } {
  return {
    volume: {
      id: `${id}-volume`,
      title: `Data volume by ${what}`,
      description: `Bar chart of the bytes of released data per ${what}, largest first.`,
      labelHeader: header,
      valueHeader: 'Volume',
      // The bar's length only: a double is exact enough to draw, the text says the exact size.
      rows: rows.map((r) => ({ label: r.label, value: Number(r.bytes), valueText: r.bytesText })),
    },
    files: {
      id: `${id}-files`,
      title: `Files by ${what}`,
      description: `Bar chart of the number of released files per ${what}, in the same order as the volume chart.`,
      labelHeader: header,
      valueHeader: 'Files',
      rows: rows.map((r) => ({ label: r.label, value: Number(r.files), valueText: r.filesText })),
    },
  };
}

/** Histogram bins for the collection-to-release delay; ESRF's policy embargo is three years. */
const DELAY_BINS: Array<{ label: string; upTo: number }> = [
  { label: 'Under 6 months', upTo: 182 },
  { label: '6–12 months', upTo: 365 },
  { label: '1–2 years', upTo: 730 },
  { label: '2–3 years', upTo: 1096 },
  { label: 'Over 3 years', upTo: Infinity },
];

function delayModel(summaries: RecordSummary[]): DelayModel {
  const measured = summaries.map((s) => ({ s, days: releaseDelayDays(s) })).filter((x): x is { s: RecordSummary; days: number } => x.days !== null);
  const days = measured.map((m) => m.days);
  const counts = DELAY_BINS.map(() => 0);
  for (const d of days) counts[DELAY_BINS.findIndex((b) => d < b.upTo)] += 1;
  // Appended in place: copying a year's list for each record was quadratic (half a second of every build at 10,000 records).
  const years = new Map<string, number[]>();
  for (const m of measured) {
    const year = releaseYear(m.s);
    const list = years.get(year);
    if (list) list.push(m.days);
    else years.set(year, [m.days]);
  }
  // Sorted once for the median and the extremes: Math.min(...days) overflows the stack past about 120,000 records.
  const sorted = [...days].sort((a, b) => a - b);
  return {
    measured: measured.length,
    unmeasured: summaries.length - measured.length,
    medianText: days.length ? formatDuration(median(sorted)) : null,
    minText: days.length ? formatDuration(sorted[0]) : null,
    maxText: days.length ? formatDuration(sorted[sorted.length - 1]) : null,
    histogram: {
      id: 'delay',
      title: 'Time from data collection to public release',
      description: 'Bar chart of how many experiments were released within each span of time after their data were collected.',
      labelHeader: 'Time to release',
      valueHeader: 'Experiments',
      rows: DELAY_BINS.map((b, i) => ({ label: b.label, value: counts[i], valueText: formatCount(counts[i]) })),
    },
    byYear: [...years.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([year, list]) => ({ year, records: list.length, medianText: formatDuration(median(list)) })),
  };
}

function releasesPerYear(summaries: RecordSummary[]): StatSeries {
  const counts = new Map<string, number>();
  for (const s of summaries) counts.set(releaseYear(s), (counts.get(releaseYear(s)) ?? 0) + 1);
  const years = [...counts.keys()].map(Number).filter(Number.isFinite);
  const rows: StatRow[] = [];
  // Every year between the first and the last, so a year without releases shows as a zero bar.
  if (years.length) {
    for (let y = Math.min(...years); y <= Math.max(...years); y++) {
      const n = counts.get(String(y)) ?? 0;
      rows.push({ label: String(y), value: n, valueText: formatCount(n) });
    }
  }
  return {
    id: 'releases',
    title: 'Experiments released per year',
    description: 'Bar chart of the number of experiments made public in each calendar year, oldest year first.',
    labelHeader: 'Year',
    valueHeader: 'Experiments released',
    rows,
  };
}

export function toStatistics(summaries: RecordSummary[]): StatisticsModel {
  const beamlines = groupBy(summaries, (s) => s.beamline);
  const techniques = groupBy(summaries, (s) => s.technique);
  const bytes = exactSum(summaries, (s) => s.bytes);
  return {
    totals: {
      experiments: formatCount(summaries.length),
      files: formatCount(exactSum(summaries, (s) => s.files)),
      // Under a kilobyte the two would say the same thing twice ("512 B (512 bytes)").
      bytes: bytes < 1000n ? exactBytesText(bytes) : `${formatBytes(bytes)} (${exactBytesText(bytes)})`,
    },
    releasesPerYear: releasesPerYear(summaries),
    byBeamline: { ...groupSeries(beamlines, 'beamline', 'beamline', 'Beamline'), rows: beamlines },
    byTechnique: { ...groupSeries(techniques, 'technique', 'technique', 'Technique'), rows: techniques },
    delay: delayModel(summaries),
  };
}
