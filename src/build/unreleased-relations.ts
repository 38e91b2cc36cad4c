/**
 * A public record may name an unreleased record of the same catalogue in its relations: an
 * IsPartOf to a collection still under embargo, a Cites of a sibling not yet released. Shown,
 * that DOI tells the world of a record that is not public, and the release gate would find it
 * and refuse the whole build for one record's metadata. Instead the stage leaves such
 * relations out of that record's every output (page, exports, catalogue dumps, search), masks
 * the mentions of such a DOI in its descriptions' text, and says so to the curator. The
 * record is keyed by what was left out, so the build after the other record's release stages
 * it again, with the relation.
 *
 * Which records are unreleased is known before any record is staged: from the previous
 * build's ledger and the records read again (an incremental build), or from the source's
 * light pass over release states (CatalogueSource.hiddenDois). Withdrawn DOIs are known the
 * same way: a public record may name them, and the release gate then does not look for them.
 */
import type { CatalogueSource, HiddenDois, RawExperiment } from '../catalogue/types.ts';
import { DiagnosticSink, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { citedDois, digestWithout, MASKED_MENTION, mentionsIn, showsAny, type CitedDoi } from '../record/cited-dois.ts';
import { claimedDoi } from '../record/doi.ts';
import { addHidden, isHidden } from '../record/release.ts';
import type { LedgerEntry } from './stage-ledger.ts';

/**
 * Adds what the last build staged of a record (its ledger entry) to the set it belongs in:
 * withheld as unpublished exactly when its release state is not public (stageRecord), a
 * tombstone when withdrawn; its DOI as written, read as the light pass reads it.
 */
export function addHiddenEntry(hidden: HiddenDois, entry: LedgerEntry): void {
  const outcome = entry.result.outcome;
  const doi = claimedDoi({ doi: entry.raw.doi });
  if (!doi) return;
  if (outcome.kind === 'withheld' && outcome.withheld.reason === 'unpublished') hidden.unreleased.add(doi);
  else if (outcome.kind === 'tombstone') hidden.withdrawn.add(doi);
}

export interface Relations {
  /** Every DOI the record names as related, sorted, once each (public records only). */
  cites: string[];
  /** Those that name an unreleased record: left out of its outputs. */
  leaveOut: string[];
  /** One warning per relation left out, at its JSON pointer. */
  diagnostics: Diagnostic[];
}

const NONE: Relations = { cites: [], leaveOut: [], diagnostics: [] };

/** What a raw record names, for a record shown live (released or metadata-only): a tombstone shows none of it. */
export function relationsOf(raw: RawExperiment, unreleased: ReadonlySet<string>): Relations {
  if (isHidden(raw.experiment)) return NONE;
  const related = citedDois(raw.datacite);
  const mentioned = mentionsIn(raw.datacite, raw.descriptionMarkdown);
  if (related.length + mentioned.length === 0) return NONE;
  const cites = [...new Set([...related, ...mentioned].map((c) => c.doi))].sort();
  const leaveOut = leaveOutOf(cites, unreleased);
  if (leaveOut.length === 0) return { cites, leaveOut, diagnostics: [] };
  const shows = (c: CitedDoi) => showsAny(c.doi, unreleased).length > 0;
  const diagnostics = [
    ...related
      .filter(shows)
      .map((c) => told(raw, raw.files.datacite, c.pointer, `This record names ${naming(c.doi, unreleased)}; the relation is left out of every output until that record is released.`)),
    ...mentioned
      .filter(shows)
      .map((c) =>
        told(raw, c.inMarkdown ? raw.files.description : raw.files.datacite, c.inMarkdown ? null : c.pointer, `This record's text mentions ${naming(c.doi, unreleased)}; the mention reads "${MASKED_MENTION}" in every output until that record is released.`),
      ),
  ];
  return { cites, leaveOut, diagnostics };
}

/**
 * What a named DOI is to the curator: the unreleased record itself, or a longer DOI that holds
 * it (`10.5072/abc.v2` holds `10.5072/abc`), which the release gate would read as that record.
 */
function naming(doi: string, unreleased: ReadonlySet<string>): string {
  const shown = showsAny(doi, unreleased);
  const records = shown.join(' and ');
  if (shown.length === 1 && shown[0] === doi) return `${doi}, a record of this catalogue that is not released`;
  return `${doi}, which holds the DOI of ${records}, ${shown.length === 1 ? 'a record' : 'records'} of this catalogue not released (the release gate would find ${shown.length === 1 ? 'it' : 'them'} in it)`;
}

function told(raw: RawExperiment, file: string | null, pointer: string | null, message: string): Diagnostic {
  return diagnostic({ code: 'stage/relation-to-unreleased', record: raw.id, file, pointer, message });
}

/** The unreleased DOIs a record's cited DOIs show (sorted, once each): what it must leave out. */
export function leaveOutOf(cites: readonly string[], unreleased: ReadonlySet<string>): string[] {
  return unreleased.size ? [...new Set(cites.flatMap((doi) => showsAny(doi, unreleased)))].sort() : [];
}

/** A record's cache key, naming the relations left out (none: the key as it was). */
export const keyLeavingOut = digestWithout;

/** The catalogue's hidden DOIs, from the source's light pass, or by reading every record. */
export async function hiddenDois(source: CatalogueSource): Promise<HiddenDois> {
  if (source.hiddenDois) return source.hiddenDois();
  const out: HiddenDois = { unreleased: new Set(), withdrawn: new Set() };
  for await (const raw of source.experiments(new DiagnosticSink())) addHidden(out, raw);
  return out;
}
