/**
 * What the audit looks for: every unpublished record's DOI and (unless a public title holds it)
 * title; withdrawn DOIs outside their tombstone (unless a public record cites them). DOIs are looked for as whole identifiers, so
 * a withdrawn `10.5281/zenodo.123` is not taken for a leak on the page of `10.5281/zenodo.1234`,
 * nor an unpublished `10.5072/abc` for one in a public `10.5072/abc.v2`.
 */
import { createHash } from 'node:crypto';
import type { AuditNeedle } from './audit.ts';
import type { StageResult } from './stage.ts';
import { PUBLIC_DOI_LIST } from '../persistence/site-doi-list.ts';
import { compileMatcher } from './audit-matcher.ts';
import { continuesIdentifier } from '../record/cited-dois.ts';

export function releaseNeedles(
  staged: Pick<StageResult, 'withheld' | 'tombstones' | 'published'> & Partial<Pick<StageResult, 'summaries' | 'citedTombstones'>>,
): AuditNeedle[] {
  const publicDois = new Set([...staged.published, ...staged.tombstones].map((p) => p.doi));
  // A title a public record (or a tombstone) also carries, whole or within its own, is on the
  // site by right: "Lysozyme, tetragonal, 1.4 Å" is many experiments' title. Finding it proves
  // no leak, so only the unpublished record's DOI is looked for then.
  const publicTitles = [...(staged.summaries ?? []).map((s) => s.title), ...staged.tombstones.map((t) => t.title ?? '')].map(titleKey);
  const unpublished = staged.withheld.filter((x) => x.reason === 'unpublished');
  const inPublicTitles = titlesWithin(
    unpublished.map((w) => (w.title ? titleKey(w.title) : '')),
    publicTitles,
  );
  const needles: AuditNeedle[] = [];
  // Invalid and duplicate records claim to be public, so only unpublished ones are secrets.
  const holders = longerIdentifiers(publicDois);
  unpublished.forEach((w, i) => {
    if (w.doi && !publicDois.has(w.doi)) needles.push({ text: w.doi, what: `unpublished record "${w.record}" (DOI ${w.doi})`, identifier: true, ...holders(w.doi) });
    if (w.title && !inPublicTitles.has(i)) needles.push({ text: w.title, what: `unpublished record "${w.record}" (title)` });
  });
  // A withdrawn DOI a public record names (the new version's IsNewVersionOf, a Cites) is on
  // the site by right, in that record's page, exports and the catalogue dumps; and it is not a
  // secret, its tombstone resolves. Looking for it would refuse every build while it is cited,
  // so only the withdrawn records no public record names are looked for.
  const cited = new Set(staged.citedTombstones ?? []);
  for (const t of staged.tombstones) {
    if (cited.has(t.doi)) continue;
    needles.push({
      text: t.doi,
      what: `withdrawn DOI ${t.doi} outside its tombstone`,
      identifier: true,
      ...holders(t.doi),
      // The tombstone page itself, the build manifest and the published-DOI list (which keep every published DOI resolvable).
      allowedUnder: [t.path.replace(/^\//, ''), 'build-manifest.json', PUBLIC_DOI_LIST],
    });
  }
  return needles;
}

/**
 * The public DOIs that hold a withheld one past a separator: `10.5072/abc.v2`, `…/abc-2` and
 * `…/abc/part-1` hold `10.5072/abc` (the gate finds an identifier before anything but a letter
 * or digit). They are public, so the gate must not read them as the withheld DOI; any other
 * occurrence of it is still found. One sorted list, each DOI's holders a range of it.
 */
function longerIdentifiers(publicDois: Set<string>): (doi: string) => { within?: string[] } {
  const sorted = [...new Set([...publicDois].map((d) => d.toLowerCase()))].sort();
  return (doi) => {
    const key = doi.toLowerCase();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    const within: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i].startsWith(key); i++) if (!continuesIdentifier(sorted[i].charCodeAt(key.length))) within.push(sorted[i]);
    return within.length ? { within } : {};
  };
}

/**
 * Which of `titles` occur in some public title, whole or as a part ("… from Diamond I04" in
 * "… from Diamond I04-1"): the audit, which matches a needle anywhere, would find them on the
 * site by right. One automaton over the public titles, with the audit's own case folding, so
 * 100,000 titles cost one pass.
 */
function titlesWithin(titles: string[], publicTitles: string[]): Set<number> {
  const wanted = titles.map((t, i) => [t, i] as const).filter(([t]) => t);
  if (wanted.length === 0) return new Set();
  const scan = compileMatcher(wanted.map(([t]) => [t])).scan();
  scan.feed(new TextEncoder().encode(publicTitles.join('\n')));
  return new Set(scan.end().map((n) => wanted[n][1]));
}

function titleKey(title: string): string {
  return title.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

const needleKey = (needle: AuditNeedle) => createHash('sha256').update(JSON.stringify(needle)).digest('hex').slice(0, 32);

/** One key per needle (what it looks for, where it is allowed), saved with the build that passed them. */
export function needleKeys(needles: readonly AuditNeedle[]): string[] {
  return [...new Set(needles.map(needleKey))].sort();
}

/**
 * The needles the live build's audit did not look for: only these need looking for in the
 * files this build leaves as the live build had them (a withdrawal adds its DOI). Without the
 * live build's keys (a build from before they were saved), all of them.
 */
export function needlesNotIn(needles: readonly AuditNeedle[], liveKeys: readonly string[] | undefined): AuditNeedle[] {
  if (!liveKeys) return [...needles];
  const live = new Set(liveKeys);
  return needles.filter((n) => !live.has(needleKey(n)));
}
