/**
 * What the audit looks for: every unpublished record's DOI and (unless a public title holds it)
 * title; withdrawn DOIs outside their tombstone (unless a public record cites them). DOIs are looked for as whole identifiers, so
 * a withdrawn `10.5281/zenodo.123` is not taken for a leak on the page of `10.5281/zenodo.1234`.
 */
import type { AuditNeedle } from './audit.ts';
import type { StageResult } from './stage.ts';
import { PUBLIC_DOI_LIST } from '../persistence/site-doi-list.ts';
import { compileMatcher } from './audit-matcher.ts';

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
  unpublished.forEach((w, i) => {
    if (w.doi && !publicDois.has(w.doi)) needles.push({ text: w.doi, what: `unpublished record "${w.record}" (DOI ${w.doi})`, identifier: true });
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
      // The tombstone page itself, the build manifest and the published-DOI list (which keep every published DOI resolvable).
      allowedUnder: [t.path.replace(/^\//, ''), 'build-manifest.json', PUBLIC_DOI_LIST],
    });
  }
  return needles;
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
