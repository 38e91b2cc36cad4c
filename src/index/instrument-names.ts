/**
 * Beamlines and detectors by the names readers type for them. A facility writes "BL" before
 * its beamlines' numbers ("BL12-2" at SSRL, "BL8.2.1" as ALS users type 8.2.1): "BL" is
 * "beamline", so the index keeps "beamline 12-2" beside "BL12-2" (search-document.ts) and the
 * search page searches "BL8.2.1" as "beamline 8.2.1" (src/client/query-forms.ts), which every
 * beamline is indexed with. Some beamlines have a name besides their number (SLS X06SA is
 * "PXI", ESRF ID30A-3 "MASSIF-3"). Detectors go by their model's short name: "JF16M" for a
 * JUNGFRAU 16M, "P6M" for a PILATUS 6M, "E16M" for an EIGER 16M, and by the name run together
 * ("pilatus6m"). Pure and dependency-free: the search page imports it.
 */

/** A "BL" before a beamline's number, alone or joined by a hyphen or space: "BL12-2", "BL-8.2.1", "BL 41XU". */
const BL_PREFIX = /(?<![A-Za-z0-9])BL[-\s]?(?=\d)/gi;

/** The beamline's words with "BL" before its number as "beamline" ("SSRL BL12-2" → "SSRL beamline 12-2"); null when it has none. */
export function beamlineWithoutPrefix(beamline: string): string | null {
  const bare = beamline.replace(BL_PREFIX, 'beamline ');
  return bare === beamline ? null : bare;
}

/** The query with "BL" before a number read as "beamline": "BL8.2.1" → "beamline 8.2.1". */
export function beamlineQuery(query: string): string {
  return query.replace(BL_PREFIX, 'beamline ');
}

/** Beamlines' own names beside their numbers, as their facilities list them; "PX I" is also indexed as numbered names are ("px1"). */
const BEAMLINE_NAMES: Record<string, string[]> = {
  X06SA: ['PXI', 'PX I'],
  X10SA: ['PXII', 'PX II'],
  X06DA: ['PXIII', 'PX III'],
  'ID30A-1': ['MASSIF-1'],
  'ID30A-3': ['MASSIF-3'],
};

/** The short names of detector families that their makers and beamlines write before the size ("P6M", "E16M", "JF16M"). */
const DETECTOR_INITIALS: Record<string, string> = { PILATUS: 'P', EIGER: 'E', JUNGFRAU: 'JF' };

/** A detector's family, its generation (PILATUS3, EIGER2), variant words (X, XE) and size ("16M"), after its maker's name or not. */
const DETECTOR = /(?<![A-Za-z0-9])([A-Za-z]+)(\d?)((?:\s+[A-Za-z]{1,3})*)\s+(\d+(?:\.\d+)?[MK])\b/;

/**
 * "JF16M" and "jungfrau16m" for "JUNGFRAU 16M"; "P6M" and "pilatus6m" for "PILATUS 6M-F";
 * nothing for a name without a size, nor for a later generation ("EIGER2 XE 16M"), whose
 * short names ("E2 16M"?) no one agrees on.
 */
export function detectorForms(detector: string): string[] {
  const match = DETECTOR.exec(detector.trim());
  if (!match) return [];
  const [, family, generation, , size] = match;
  if (generation) return [];
  const initials = DETECTOR_INITIALS[family.toUpperCase()];
  return [...(initials ? [`${initials}${size.toUpperCase()}`] : []), `${family}${size}`.toLowerCase()];
}

/** The other names of the beamlines and detectors a record names (its beamline and detector facets), each once. */
export function instrumentNames(beamlines: string[], detectors: string[]): string[] {
  const words = new Set(beamlines.flatMap((b) => b.toUpperCase().split(/\s+/)));
  const out = new Set<string>();
  for (const [id, names] of Object.entries(BEAMLINE_NAMES)) if (words.has(id)) for (const name of names) out.add(name);
  for (const detector of detectors) for (const form of detectorForms(detector)) out.add(form);
  return [...out];
}
