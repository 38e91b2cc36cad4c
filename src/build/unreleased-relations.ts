/**
 * A public record may name an unreleased record of the same catalogue in its relations: an
 * IsPartOf to a collection still under embargo, a Cites of a sibling not yet released. Shown,
 * that DOI tells the world of a record that is not public, and the release gate would find it
 * and refuse the whole build for one record's metadata. Instead the stage leaves such
 * relations out of that record's every output (page, exports, catalogue dumps, search) and
 * says so to the curator. The record is keyed by what was left out, so the build after the
 * other record's release stages it again, with the relation.
 *
 * Which records are unreleased is known before any record is staged: from the previous
 * build's ledger and the records read again (an incremental build), or from the source's
 * light pass over release states (CatalogueSource.hiddenDois). Withdrawn DOIs are known the
 * same way: a public record may name them, and the release gate then does not look for them.
 */
import type { CatalogueSource, HiddenDois, RawExperiment } from '../catalogue/types.ts';
import { DiagnosticSink, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { citedDois, digestWithout } from '../record/cited-dois.ts';
import { claimedDoi } from '../record/doi.ts';
import { addHidden, claimsPublic } from '../record/release.ts';
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

export function relationsOf(raw: RawExperiment, unreleased: ReadonlySet<string>): Relations {
  const cited = claimsPublic(raw.experiment) ? citedDois(raw.datacite) : [];
  if (cited.length === 0) return NONE;
  const cites = [...new Set(cited.map((c) => c.doi))].sort();
  if (!cited.some((c) => unreleased.has(c.doi))) return { cites, leaveOut: [], diagnostics: [] };
  const diagnostics = cited
    .filter((c) => unreleased.has(c.doi))
    .map((c) =>
      diagnostic({
        code: 'stage/relation-to-unreleased',
        record: raw.id,
        file: raw.files.datacite,
        pointer: c.pointer,
        message: `This record names ${c.doi}, a record of this catalogue that is not released; the relation is left out of every output until that record is released.`,
      }),
    );
  return { cites, leaveOut: leaveOutOf(cites, unreleased), diagnostics };
}

/** Which of a record's cited DOIs (sorted) name unreleased records. */
export function leaveOutOf(cites: readonly string[], unreleased: ReadonlySet<string>): string[] {
  return unreleased.size ? cites.filter((doi) => unreleased.has(doi)) : [];
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
