/** What the audit looks for: every unpublished record's DOI and (unless a public record shares it) title; withdrawn DOIs outside their tombstone. */
import type { AuditNeedle } from './audit.ts';
import type { StageResult } from './stage.ts';
import { PUBLIC_DOI_LIST } from '../persistence/site-doi-list.ts';

export function releaseNeedles(staged: Pick<StageResult, 'withheld' | 'tombstones' | 'published'> & Partial<Pick<StageResult, 'summaries'>>): AuditNeedle[] {
  const publicDois = new Set([...staged.published, ...staged.tombstones].map((p) => p.doi));
  // A title a public record (or a tombstone) also carries is on the site by right: "Lysozyme,
  // tetragonal, 1.4 Å" is many experiments' title. Finding it proves no leak, so only the
  // unpublished record's DOI is looked for then.
  const publicTitles = new Set([...(staged.summaries ?? []).map((s) => s.title), ...staged.tombstones.map((t) => t.title ?? '')].map(titleKey));
  const needles: AuditNeedle[] = [];
  // Invalid and duplicate records claim to be public, so only unpublished ones are secrets.
  for (const w of staged.withheld.filter((x) => x.reason === 'unpublished')) {
    if (w.doi && !publicDois.has(w.doi)) needles.push({ text: w.doi, what: `unpublished record "${w.record}" (DOI ${w.doi})` });
    if (w.title && !publicTitles.has(titleKey(w.title))) needles.push({ text: w.title, what: `unpublished record "${w.record}" (title)` });
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

function titleKey(title: string): string {
  return title.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}
