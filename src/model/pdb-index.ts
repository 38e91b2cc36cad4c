/**
 * A page per PDB entry (/pdb/<id>/): every public record that references the entry, with
 * the entry's own pages at RCSB and PDBe. Built from the record summaries, so the PDB
 * pages never need the records themselves.
 */
import { normalisePdbId, pdbLinks } from '../record/identifiers.ts';
import { pdbPath } from '../record/identity.ts';
import { byRelease, recordCard, type RecordCard, type RecordSummary } from './site.ts';

export interface PdbPageModel {
  /** Canonical form, e.g. `1LYZ`. */
  id: string;
  path: string;
  rcsb: string | null;
  pdbe: string | null;
  countText: string;
  records: RecordCard[];
}

/** One model per PDB entry referenced by any public record, entries in id order, records newest release first. */
export function pdbPages(summaries: RecordSummary[]): PdbPageModel[] {
  const byEntry = new Map<string, RecordSummary[]>();
  for (const s of summaries) {
    for (const raw of s.pdb) {
      // Only well-formed ids get a page (and a path: nothing odd reaches the file system).
      const id = normalisePdbId(raw);
      if (!id) continue;
      const list = byEntry.get(id) ?? [];
      // A record's ids come together, so it can only be the last one listed: no scan of the
      // list, which would be quadratic for an entry thousands of records reference.
      if (list.at(-1) !== s) list.push(s);
      byEntry.set(id, list);
    }
  }
  return [...byEntry.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, records]) => {
      const links = pdbLinks(id);
      return {
        id,
        path: pdbPath(id),
        rcsb: links?.rcsb ?? null,
        pdbe: links?.pdbe ?? null,
        countText: `${records.length} ${records.length === 1 ? 'experiment in this archive references' : 'experiments in this archive reference'} PDB entry ${id}.`,
        records: [...records].sort(byRelease).map(recordCard),
      };
    });
}
