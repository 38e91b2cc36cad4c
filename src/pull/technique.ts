/**
 * Techniques as catalogues publish them (SciCat and the PaNOSC search API: `techniques:
 * [{ pid, name }]` on each dataset, PaNET terms) → experiment.json's one `technique`
 * ({ name, panet }, docs/catalogue.md). The catalogue holds one technique per experiment,
 * because the Technique fact, the browse facet and the search filter each show one; when a
 * record's datasets name several, the first (in dataset order, then list order) is kept
 * and the others are reported, never silently dropped.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { Origin } from './types.ts';
import { isObject, str } from './text.ts';

export interface Technique {
  name: string;
  panet: string | null;
}

/**
 * The PaNET term id of a pid: the purl form (`http://purl.org/pan-science/PaNET/PaNET01188`,
 * with or without a trailing slash or `#`), a scheme prefix (`PaNET:PaNET01188`) or the bare
 * id. Anything else (another vocabulary's URL, a name) is no PaNET id.
 */
export function panetId(pid: unknown): string | null {
  const text = str(pid);
  if (!text) return null;
  const m = /(?:^|[/:#])PaNET(\d{5})[/#]?$/i.exec(text.trim());
  return m ? `PaNET${m[1]}` : null;
}

/** Every distinct named technique of one `techniques` list (`{ pid, name }`, or ICAT's `{ technique: { pid, name } }`), in order. */
export function techniquesIn(list: unknown): Technique[] {
  const out: Technique[] = [];
  for (const entry of Array.isArray(list) ? list.filter(isObject) : []) {
    const t = isObject(entry.technique) ? entry.technique : entry;
    // The catalogue needs a name to show; a pid alone names nothing a reader can read.
    const name = str(t.name);
    if (!name) continue;
    const technique = { name, panet: panetId(t.pid) };
    if (!out.some((o) => sameTechnique(o, technique))) out.push(technique);
  }
  return out;
}

/** One technique for the experiment out of the lists of all its datasets; several distinct ones are reported (`pull/techniques-several`). */
export function oneTechnique(lists: unknown[], origin: Origin, sink: DiagnosticSink): Technique | null {
  const all: Technique[] = [];
  for (const t of lists.flatMap((list) => techniquesIn(list))) if (!all.some((o) => sameTechnique(o, t))) all.push(t);
  if (all.length > 1) {
    sink.add({
      code: 'pull/techniques-several',
      record: origin.id,
      file: origin.url,
      message: `${origin.id} names ${all.length} techniques (${all.map(label).join('; ')}); the catalogue holds one, so "${all[0].name}" is kept.`,
    });
  }
  return all[0] ?? null;
}

function sameTechnique(a: Technique, b: Technique): boolean {
  return a.panet && b.panet ? a.panet === b.panet : a.name.toLowerCase() === b.name.toLowerCase();
}

function label(t: Technique): string {
  return t.panet ? `${t.name} (${t.panet})` : t.name;
}
