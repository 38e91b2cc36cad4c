/**
 * What a pull source hands the orchestrator (src/pull/pull.ts): records already mapped to
 * the filesystem catalogue's shapes (DataCite attributes, experiment.json, listings), with
 * the source's own identifier and URL so every diagnostic can point back at the source.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { HttpClient } from './http.ts';

export const SOURCE_TYPES = ['datacite', 'datacite-oai', 'scicat', 'mytardis', 'icat', 'panosc'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Where a record came from: shown in every diagnostic about it. */
export interface Origin {
  /** The source's own identifier (DOI, PublishedData id, experiment id, DataPublication id…). */
  id: string;
  /** A URL a curator can open to see the record in the source. */
  url: string;
  /**
   * What `PullSource.fetch` takes to find the record again, when that is not `id` (SciCat
   * names a PublishedData by its `_id`, but its one-record route takes the DOI).
   */
  fetchId?: string;
}

/** One file as the source describes it, before it is checked against the listing rules. */
export interface RemoteFile {
  path: string;
  size: number | null;
  /** Lower-case hex; null when the source has none. */
  sha256: string | null;
  /**
   * Another checksum the source gave, algorithm as the source names it; listed as the
   * datafile's `checksum` when it is sha512/sha1/md5/crc32/adler32 (catalogue-record.ts),
   * else the file is kept beside the mirror in .aperture-pull/unlisted/.
   */
  otherChecksum: { algorithm: string; value: string } | null;
  mediaType: string | null;
  /** Object-store key; the public URL is storage.publicBaseUrl + key. */
  key: string;
}

export interface RemoteDataset {
  /** Raw dataset name or id from the source; made URL-safe by the mapping. */
  sourceId: string;
  title: string;
  description: string | null;
  kind: 'raw' | 'processed';
  files: AsyncIterable<RemoteFile> | Iterable<RemoteFile>;
  /**
   * Its files are asked of the source (or its object store) as they are read, not already in
   * hand: reading them to their end is an answer to a request of the record's own.
   */
  requested?: boolean;
}

/** One remote record mapped to the catalogue format, before validation. */
export interface MappedRecord {
  origin: Origin;
  doi: string | null;
  datacite: Record<string, unknown>;
  /** experiment.json without `datasets` (the orchestrator fills them from `datasets`). */
  experiment: Record<string, unknown>;
  descriptionMarkdown: string | null;
  datasets: RemoteDataset[];
  /** The source's last-modified timestamp (ISO), for the watermark. */
  updated: string | null;
}

/** What a listing or a direct fetch says about one remote record. */
export type RemoteItem =
  | {
      kind: 'record';
      record: MappedRecord;
      /**
       * Requests of the record's own (its datasets, citation metadata, a direct fetch) were
       * answered while it was read: the source is answering, which ends a run of outages (pull.ts).
       */
      answered?: boolean;
    }
  /** Explicitly no longer public (DataCite `registered`, OAI `deleted`, SciCat status changed…). */
  | { kind: 'withdrawn'; origin: Origin; doi: string | null; reason: string }
  /** Not public (yet): reported, never mirrored. */
  | { kind: 'not-public'; origin: Origin; reason: string; ambiguous?: boolean }
  /**
   * Listed, but its body could not be read (a key given twice, nesting too deep; list-body.ts),
   * or a request for its own parts failed (record-failure.ts); already reported: never
   * mirrored, and never counted missing. `origin` is null when the record's identifiers could
   * not be read either. `outage` is set when the failure says the source is not answering
   * (a run of them stops the pull).
   */
  | { kind: 'unreadable'; origin: Origin | null; outage?: unknown };

export interface PullContext {
  http: HttpClient;
  sink: DiagnosticSink;
  /** Only records changed at or after this instant (the watermark less the overlap); null = everything. */
  since: string | null;
  now: Date;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /**
   * Set when the listing stopped before its end (reportCutShort in paging.ts): the records it
   * did not reach are not missing from the source, so a full pull counts no misses then.
   */
  cutShort?: boolean;
}

export interface PullSource {
  readonly type: SourceType;
  /** Identifies the source and its scope in the mirror's state file, e.g. `datacite:https://api.datacite.org?client-id=inist.esrf`. */
  readonly key: string;
  /** Every released record, or those changed since `ctx.since`. The release predicate is part of the query where the API allows. */
  list(ctx: PullContext): AsyncIterable<RemoteItem>;
  /** One record, fetched directly by its origin's `fetchId` (else its id); `null` when the source no longer knows it (404). */
  fetch(originId: string, ctx: PullContext): Promise<RemoteItem | null>;
}
