/**
 * A pull source behind the catalogue's own boundary: `remoteCatalogue(source)` is a
 * CatalogueSource that reads the remote catalogue directly (no mirror), mapping each
 * released record exactly as `aperture pull` would write it. Useful for `check`-style runs
 * and tests; builds read the mirror, so a source that is down never stops a build.
 */
import type { CatalogueSource, RawExperiment } from '../catalogue/types.ts';
import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { normaliseDoi } from '../record/doi.ts';
import { HttpClient } from './http.ts';
import type { PullSource } from './types.ts';
import { toCatalogueRecord } from './catalogue-record.ts';
import { failedRecord, failureHint, isRequestFailure } from './record-failure.ts';
import { recordIdForDoi, toId } from './text.ts';
import { nameOrigins } from './mirror-origins.ts';

export function remoteCatalogue(source: PullSource, options: { http?: HttpClient; now?: Date; env?: NodeJS.ProcessEnv } = {}): CatalogueSource {
  /** Record id → its URL in the source (what every diagnostic about it names: there is no folder) and its listings' text. */
  const listings = new Map<string, { url: string; texts: Map<string, string> }>();
  return {
    name: source.key,
    async *experiments(sink: DiagnosticSink): AsyncGenerator<RawExperiment> {
      const ctx = { http: options.http ?? new HttpClient(), sink, since: null, now: options.now ?? new Date(), env: options.env ?? {}, log: () => {} };
      try {
        for await (const item of source.list(ctx)) {
          if (item.kind !== 'record') {
            if (item.kind === 'not-public') sink.add({ code: item.ambiguous ? 'pull/ambiguous-release' : 'pull/not-released', record: item.origin.id, file: item.origin.url, message: `${item.origin.id} (${item.origin.url}): ${item.reason}.` });
            continue;
          }
          const remote = item.record;
          const id = remote.doi ? recordIdForDoi(normaliseDoi(remote.doi)) : toId(`${source.type}-${remote.origin.id}`);
          const mapping = new DiagnosticSink();
          let mapped: Awaited<ReturnType<typeof toCatalogueRecord>>;
          try {
            mapped = await toCatalogueRecord(remote, id, { record: mapping, files: mapping });
          } catch (error) {
            // Its files could not be listed to the end: this record alone is left out, as a pull leaves it.
            if (!isRequestFailure(error)) throw error;
            failedRecord(remote.origin, error, sink);
            continue;
          } finally {
            sink.list.push(...nameOrigins(mapping.list, new Map([[id, { source: source.key, id: remote.origin.id, url: remote.origin.url }]]), { mirrored: false }));
          }
          const { files, raw } = mapped;
          listings.set(id, { url: remote.origin.url, texts: new Map([...files].filter(([name]) => name.startsWith('datasets/'))) });
          yield atOrigin(raw, remote.origin.url);
        }
      } catch (error) {
        sink.add({ code: 'pull/source-unreachable', hint: failureHint(error, 'pull/source-unreachable'), message: `Reading ${source.key} failed: ${(error as Error).message}.` });
      }
    },
    async *datafiles(experimentId: string, datasetId: string, sink: DiagnosticSink) {
      const record = listings.get(experimentId);
      const text = record?.texts.get(`datasets/${datasetId}.jsonl`);
      if (record === undefined || text === undefined) {
        sink.add({ code: 'catalogue/listing-missing', record: experimentId, file: record?.url ?? null, message: `No listing for dataset ${datasetId}.` });
        return;
      }
      const file = record.url;
      let position = 0;
      for (const line of text.split('\n')) {
        position++;
        if (line.trim()) yield { position, file, value: JSON.parse(line) as unknown };
      }
    },
  };
}

/**
 * The record as read from `url`: its metadata, description and dataset listings are named
 * by the URL, never by a folder path that exists only in a mirror (mirror-origins.ts names
 * a mirrored record's problems the same way, by its source).
 */
function atOrigin(raw: RawExperiment, url: string): RawExperiment {
  return { ...raw, files: { datacite: url, experiment: url, description: raw.files.description === null ? null : url, listings: url } };
}
