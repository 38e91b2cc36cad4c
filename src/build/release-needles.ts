/** What the audit looks for: every withheld record's DOI and title; withdrawn DOIs outside their tombstone. */
import type { AuditNeedle } from './audit.ts';
import type { StageResult } from './stage.ts';
import { PUBLIC_DOI_LIST } from '../persistence/site-doi-list.ts';

export function releaseNeedles(staged: Pick<StageResult, 'withheld' | 'tombstones' | 'published'>): AuditNeedle[] {
  const publicDois = new Set([...staged.published, ...staged.tombstones].map((p) => p.doi));
  const needles: AuditNeedle[] = [];
  // Invalid and duplicate records claim to be public, so only unpublished ones are secrets.
  for (const w of staged.withheld.filter((x) => x.reason === 'unpublished')) {
    if (w.doi && !publicDois.has(w.doi)) needles.push({ text: w.doi, what: `unpublished record "${w.record}" (DOI ${w.doi})` });
    if (w.title) needles.push({ text: w.title, what: `unpublished record "${w.record}" (title)` });
  }
  for (const t of staged.tombstones) {
    needles.push({
      text: t.doi,
      what: `withdrawn DOI ${t.doi} outside its tombstone`,
      // The tombstone page itself, the build manifest and the published-DOI list (which keep every published DOI resolvable).
      allowedUnder: [t.path.replace(/^\//, ''), 'build-manifest.json', PUBLIC_DOI_LIST],
    });
  }
  return needles;
}
