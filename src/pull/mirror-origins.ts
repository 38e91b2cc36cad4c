/**
 * Problems with a pulled record, told by where the curator can fix them. A mirror's folders
 * and files are Aperture's copy: editing them is undone by the next pull. So a diagnostic
 * about a mirrored record names the record in its source (its URL as the diagnostic's file,
 * and the source's own id), and the mirrored file only after, for whoever reads the copy.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { Mirror, type MirrorState } from './mirror.ts';

/** Where one mirrored record came from: the source's key, its id there and its URL. */
export interface RecordOrigin {
  source: string;
  id: string;
  url: string;
}

/** Mirror folder id → origin, for a catalogue folder a pull wrote; empty for any other catalogue. */
export async function mirrorOrigins(catalogue: string): Promise<Map<string, RecordOrigin>> {
  return originsOf(await new Mirror(catalogue).readState());
}

export function originsOf(state: MirrorState): Map<string, RecordOrigin> {
  return new Map(Object.entries(state.records).map(([id, r]) => [id, { source: r.source, id: r.originId, url: r.originUrl }]));
}

/**
 * The diagnostics with each one about a mirrored record pointed at its source: `file`
 * becomes the record's source URL, and the message ends with the source's id for it and
 * the mirrored file it was found in. The pointer stays: it points into the DataCite
 * metadata, which the source's record maps to. Diagnostics already naming the source (a
 * pull's own) and any about other records are returned as they are. `mirrored: false` for a
 * record read without a mirror (remote-catalogue.ts), whose file paths name no copy anyone has.
 */
export function nameOrigins(list: readonly Diagnostic[], origins: ReadonlyMap<string, RecordOrigin>, o: { mirrored?: boolean } = {}): Diagnostic[] {
  if (origins.size === 0) return [...list];
  return list.map((d) => {
    const origin = d.record === null ? undefined : origins.get(d.record);
    if (!origin || d.file === origin.url) return d;
    const mirrored = d.file && o.mirrored !== false ? `; mirrored as ${d.file.split(path.sep).join('/')}` : '';
    return { ...d, file: origin.url, message: `${d.message} [${origin.source} record ${origin.id}${mirrored}]` };
  });
}
