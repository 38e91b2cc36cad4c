/**
 * The catalogue as sources hand it over: raw, unvalidated input plus where it came from.
 * Everything here is `unknown` on purpose; the validate stage turns it into typed
 * records (src/record/types.ts) or diagnostics. See docs/catalogue.md for the format.
 */

import type { ReleaseState } from '../record/types.ts';
import type { HiddenDois } from '../record/release.ts';

/** Where a record stands in the release process (defined by the record core). Anything else means "do not publish". */
export type { ReleaseState, HiddenDois };

/** One experiment as a source delivers it, before validation. */
export interface RawExperiment {
  /** Stable id within the source (the folder name for the filesystem catalogue). */
  id: string;
  /**
   * Where this record was read from, for diagnostics: paths relative to the catalogue root,
   * or, for a record read from a remote catalogue without a mirror, its URL in the source
   * (there is no folder the curator could edit).
   */
  files: {
    datacite: string | null;
    experiment: string | null;
    description: string | null;
    /** Where the dataset listings are named when they are no files in the record's folder (a remote record: its URL). */
    listings?: string;
  };
  /** DataCite metadata in REST `attributes` shape (XML already converted), or undefined if unreadable. */
  datacite: unknown;
  /**
   * Aperture's own experiment metadata (experiment.json): release, facility, datasets…; undefined when the
   * file is missing or does not parse. Bare DataCite files get a synthesised one (released, no datasets).
   */
  experiment: unknown;
  /** The long description as Markdown, if the record has one. */
  descriptionMarkdown: string | null;
  /** SHA-256 over every input byte of this record (datafile listings included): the cache key of all derived work. */
  digest: string;
}

/**
 * A catalogue source: the filesystem catalogue in content/, a folder of bare DataCite
 * files, and later SciCat, MyTardis, ICAT or DataCite/OAI-PMH connectors. Sources stream
 * records so the catalogue never has to fit in memory at once.
 */
export interface CatalogueSource {
  /** Human-readable name for logs and reports, e.g. `content/` or `scicat:https://…`. */
  readonly name: string;
  /**
   * Every record, in a stable order. Problems reading a record are reported to the sink, never thrown.
   * With `only`, records whose id it refuses are skipped unread (an incremental build reads the changed ones).
   */
  experiments(sink: import('../diagnostics/diagnostic.ts').DiagnosticSink, only?: (id: string) => boolean): AsyncIterable<RawExperiment>;
  /**
   * Each record's stamp (src/catalogue/record-stamps.ts), in catalogue order, from file metadata
   * alone; absent for sources that cannot tell a record unchanged without reading it.
   */
  stamps?(): Promise<import('./record-stamps.ts').RecordStamps>;
  /**
   * The DOIs of the records not shown as live, by release state, reading no more than tells
   * (src/build/unreleased-relations.ts). Absent: the stage reads every record to find them.
   */
  hiddenDois?(): Promise<HiddenDois>;
  /**
   * The datafiles of one dataset, streamed (a dataset can hold 200,000 files). Each item
   * is raw (unvalidated) and carries its 1-based line/position for diagnostics.
   */
  datafiles(
    experimentId: string,
    datasetId: string,
    sink: import('../diagnostics/diagnostic.ts').DiagnosticSink,
  ): AsyncIterable<{ position: number; file: string; value: unknown }>;
}
