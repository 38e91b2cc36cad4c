/**
 * SciCat (v3 and v4 APIs), anonymously: registered PublishedData → its datasets →
 * OrigDatablocks. Released means PublishedData `status` registered or amended (asked for in
 * the filter and checked per record) and, for files, datasets with `isPublished`. v4
 * `metadata` (DataCite attribute names) is preferred; v3 fields are mapped where only v3
 * exists. File paths in `dataFileList` are relative to the dataset's `sourceFolder`; a
 * checksum is the file's `chk` under the block's `chkAlg`. Thumbnails are never requested
 * (they are base64 images inside the records, and the site makes its own previews).
 */
import { UnexpectedBody, unlessHidden, unlessNotFound } from './http.ts';
import type { PullContext, PullSource, RemoteDataset, RemoteFile, RemoteItem } from './types.ts';
import { isObject, isoDay, joinKey, str } from './text.ts';
import { OffsetGuard, namelessEntry, refusedItem } from './paging.ts';
import type { ListShape } from './list-body.ts';
import { oneTechnique } from './technique.ts';
import { perRecord } from './record-failure.ts';

export interface SciCatOptions {
  /** Backend root, e.g. https://scicat.ess.eu (the /api/v3 or /api/v4 paths hang from it). */
  url: string;
  apiVersion?: 3 | 4;
  pageSize?: number;
  /** Object-store key prefix put before each dataset's sourceFolder. */
  keyPrefix?: string;
}

const RELEASED = ['registered', 'amended'];

/**
 * SciCat's dates (registeredTime, updatedAt, createdAt) as an ISO instant. Most backends
 * send ISO strings; some (Mongo exports, older loopback models) send epoch milliseconds.
 * Only a whole number between 1990 and 2100 is read so: anything else (seconds, a
 * timestamp in microseconds, a float) stays unread, and the record stays unreleased.
 */
const EPOCH_MS_MIN = Date.UTC(1990, 0, 1);
const EPOCH_MS_MAX = Date.UTC(2100, 0, 1);
function scicatInstant(value: unknown): string | null {
  if (typeof value === 'string') return str(value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < EPOCH_MS_MIN || value >= EPOCH_MS_MAX) return null;
  return new Date(value).toISOString();
}
const scicatDay = (value: unknown) => isoDay(scicatInstant(value));
/**
 * The pids of a PublishedData's datasets: v4 `datasetPids` and v3 `pidArray` (a record
 * migrated from v3 can hold its pids in the one while the other is empty), either possibly a
 * lone string; every pid named, once each. SciCat writes a pid as a string (a handle,
 * "20.500.12269/…", or a bare UUID); all digits ("12345") is a string like any other. Any
 * other entry (a number, null, a blank) names no dataset Aperture can ask for: skipping it
 * would publish the record without that dataset's files, so the record is left out instead
 * (pull/record-incomplete), naming the entry.
 */
function datasetPids(pub: Record<string, unknown>, origin: { url: string }): string[] {
  const pids = new Set<string>();
  for (const field of ['datasetPids', 'pidArray'] as const) {
    const value = pub[field];
    if (value === undefined || value === null) continue;
    for (const [i, entry] of (Array.isArray(value) ? value : [value]).entries()) {
      const pid = str(entry);
      if (pid === null) {
        const place = Array.isArray(value) ? `${field}[${i}]` : field;
        throw new UnexpectedBody(`${origin.url}: ${place} is ${JSON.stringify(entry)?.slice(0, 80) ?? String(entry)}, not a dataset pid (SciCat writes pids as strings), so the record's datasets cannot all be read`, origin.url);
      }
      pids.add(pid);
    }
  }
  return [...pids];
}

/**
 * A dataset's proposal: `proposalId`, else the first of v4 `proposalIds`. SciCat writes it as
 * a string, often all digits ("20230123"), which stays as written (leading zeros and all). A
 * number is not SciCat's form: it is reported and not read rather than guessed at (1e21,
 * 2.5 and 007 would each read differently); the record is mirrored without it.
 */
function proposalOf(dataset: Record<string, unknown>, pid: string, origin: { id: string; url: string }, ctx: PullContext): string | null {
  const candidates: Array<[string, unknown]> = [['proposalId', dataset.proposalId], ['proposalIds[0]', Array.isArray(dataset.proposalIds) ? dataset.proposalIds[0] : undefined]];
  for (const [field, value] of candidates) {
    if (typeof value === 'string') {
      if (str(value)) return str(value);
      continue;
    }
    if (value === undefined || value === null) continue;
    ctx.sink.add({
      code: 'pull/unsafe-value',
      record: origin.id,
      file: origin.url,
      message: `${origin.id}: dataset ${pid} gives ${field} as ${JSON.stringify(value)?.slice(0, 80)}, not a string as SciCat writes proposal ids; it is not read as the record's proposal.`,
    });
  }
  return null;
}

/** PublishedData come as a bare array, each named by its `_id` and DOI. */
const LIST: ListShape = { recordsAt: null, idPaths: [['_id'], ['doi']] };
/** Heavy or private fields never asked for: thumbnails are base64 images, the rest is ingest bookkeeping. */
const V3_FIELDS_LEFT_OUT = ['thumbnail', 'scicatUser', 'downloadLink'];

export function scicatSource(options: SciCatOptions): PullSource {
  const root = options.url.replace(/\/+$/, '');
  const v = options.apiVersion ?? 3;
  const api = `${root}/api/v${v}`;
  const pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 100));
  const publishedUrl = (doi: string) => `${api}/PublishedData/${encodeURIComponent(doi)}`;

  const datasetUrl = (pid: string) =>
    v === 3
      ? `${api}/Datasets/findOne?filter=${encodeURIComponent(JSON.stringify({ where: { pid }, include: [{ relation: 'origdatablocks' }] }))}`
      : `${api}/datasets/public/${encodeURIComponent(pid)}?include=origdatablocks`;

  // The record is named by its `_id`, but `/PublishedData/{id}` looks the DOI up: a direct
  // fetch of a record that vanished from the listing must ask for the DOI, as written.
  const originOf = (id: string | null, doi: string | null) => ({ id: id ?? doi ?? '?', url: doi ? publishedUrl(doi) : api, ...(doi ? { fetchId: doi } : {}) });

  /** One PublishedData with its datasets; a dataset request that fails costs this record alone. */
  const toItem = (pub: Record<string, unknown>, ctx: PullContext): Promise<RemoteItem> => perRecord(originOf(str(pub._id), str(pub.doi)), ctx, () => mapRecord(pub, ctx));

  const mapRecord = async (pub: Record<string, unknown>, ctx: PullContext): Promise<RemoteItem> => {
    const doi = str(pub.doi);
    const origin = originOf(str(pub._id), doi);
    const status = str(pub.status);
    if (!status || !RELEASED.includes(status)) {
      return { kind: 'not-public', origin, reason: `PublishedData status is ${JSON.stringify(status)}, not registered or amended`, ambiguous: status === null };
    }
    const releasedOn = scicatDay(pub.registeredTime) ?? scicatDay(pub.updatedAt) ?? scicatDay(pub.createdAt);
    if (!releasedOn || releasedOn > ctx.now.toISOString().slice(0, 10)) {
      return { kind: 'not-public', origin, reason: 'no registration date in the past', ambiguous: !releasedOn };
    }
    const pids = datasetPids(pub, origin);
    const datasets: RemoteDataset[] = [];
    let proposal: string | null = null;
    let instrument: string | null = null;
    const techniques: unknown[] = [];
    for (const pid of pids) {
      const url = datasetUrl(pid);
      const dataset = await unlessHidden(() => ctx.http.getJson(url));
      // Anonymous SciCat answers `[]`, 404 or 403 for a dataset that is not public.
      if (!isObject(dataset) || dataset.isPublished !== true) {
        ctx.sink.add({ code: 'pull/dataset-not-public', record: origin.id, file: url, message: `${origin.id}: dataset ${pid} is not published in SciCat; its files are not mirrored.` });
        continue;
      }
      // Asked for with its blocks: without them its files are unknown, and an empty listing would say it has none.
      if (!Array.isArray(dataset.origdatablocks)) throw new UnexpectedBody(`${url}: dataset ${pid} comes without its origdatablocks`, url);
      proposal ??= proposalOf(dataset, pid, origin, ctx);
      instrument ??= str(dataset.creationLocation)?.split('/').filter(Boolean).pop() ?? null;
      techniques.push(dataset.techniques);
      datasets.push(mapDataset(pid, dataset, url, options.keyPrefix ?? ''));
    }
    const attrs = isObject(pub.metadata) ? fromV4(pub, pub.metadata) : fromV3(pub);
    return {
      kind: 'record',
      record: {
        origin,
        doi,
        datacite: attrs,
        experiment: {
          release: { state: 'released', releasedOn, filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null },
          facility: publisherOf(attrs),
          instrument,
          technique: oneTechnique(techniques, origin, ctx.sink),
          proposal,
          collected: { start: null, end: null },
        },
        descriptionMarkdown: null,
        datasets,
        updated: scicatInstant(pub.updatedAt),
      },
    };
  };

  return {
    type: 'scicat',
    key: `scicat:${api}`,
    async *list(ctx: PullContext): AsyncGenerator<RemoteItem> {
      // An incremental pull asks for every change, whatever its status: a record moved away from
      // registered must be seen (and become a tombstone) now, not at the next full pull.
      const where: Record<string, unknown> = ctx.since ? { updatedAt: { gt: ctx.since } } : { status: { inq: RELEASED } };
      const guard = new OffsetGuard();
      for (let skip = 0; ; skip += pageSize) {
        const filter =
          v === 3
            ? // LoopBack projection: the base64 thumbnail never crosses the wire.
              { where, fields: { thumbnail: false }, limit: pageSize, skip, order: 'updatedAt ASC' }
            : { where, limits: { limit: pageSize, skip, order: 'updatedAt:asc' } };
        const url = `${api}/PublishedData?filter=${encodeURIComponent(JSON.stringify(filter))}`;
        const { body: page, refused } = await ctx.http.getJsonList(url, LIST);
        if (!Array.isArray(page)) throw new UnexpectedBody(`${url}: not a list of PublishedData`, url);
        if (guard.repeats(page, url, ctx)) return;
        const refusedAt = new Map(refused.map((entry) => [entry.index, entry]));
        for (const [i, pub] of page.entries()) {
          const bad = refusedAt.get(i);
          if (bad) {
            const [id, doi] = [str(bad.ids?._id), str(bad.ids?.doi)];
            yield refusedItem(bad, id || doi ? originOf(id, doi) : null, ctx);
            continue;
          }
          if (!isObject(pub) || (!str(pub._id) && !str(pub.doi))) {
            yield namelessEntry(ctx, url, `/${i}`, pub, 'a PublishedData record (by _id or doi)');
            continue;
          }
          for (const field of V3_FIELDS_LEFT_OUT) delete pub[field];
          yield await toItem(pub, ctx);
        }
        ctx.log(`scicat: ${skip + page.length} PublishedData read`);
        if (page.length < pageSize) return;
      }
    },
    async fetch(doi: string, ctx: PullContext): Promise<RemoteItem | null> {
      return unlessNotFound(async () => {
        const pub = await ctx.http.getJson(publishedUrl(doi));
        return isObject(pub) ? await toItem(pub, ctx) : null;
      });
    },
  };
}

/**
 * A published dataset and its files, read from its OrigDatablocks (`url` answered it). A
 * block or file entry that is not an object, or a block without its file list, leaves the
 * files unknown: the listing fails (and the record with it) rather than list part of them.
 */
function mapDataset(pid: string, dataset: Record<string, unknown>, url: string, keyPrefix: string): RemoteDataset {
  const sourceFolder = str(dataset.sourceFolder) ?? '';
  const blocks = Array.isArray(dataset.origdatablocks) ? dataset.origdatablocks : [];
  function* files(): Generator<RemoteFile> {
    for (const [b, block] of blocks.entries()) {
      if (!isObject(block) || !Array.isArray(block.dataFileList)) throw new UnexpectedBody(`${url}: origdatablocks[${b}] of dataset ${pid} is not a block with a dataFileList`, url);
      // 'SHA-256', 'MD5', 'sha_1' → sha256, md5, sha1 (the names src/record/checksum.ts uses).
      const alg = (str(block.chkAlg) ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
      for (const [i, f] of block.dataFileList.entries()) {
        if (!isObject(f)) throw new UnexpectedBody(`${url}: origdatablocks[${b}].dataFileList[${i}] of dataset ${pid} is ${JSON.stringify(f)?.slice(0, 80)}, not a file`, url);
        const path = typeof f.path === 'string' ? f.path : '';
        // SciCat writes a checksum as a hex string. A JSON number (1234) is no such string: read
        // as hex it would be another value, so it stays a checksum the mapping cannot use.
        const chk = typeof f.chk === 'number' ? `${JSON.stringify(f.chk)} (a number, not hex)` : (str(f.chk)?.toLowerCase() ?? null);
        const key = joinKey(keyPrefix, `${sourceFolder.replace(/^\/+/, '')}/${path}`) ?? `../${path}`;
        yield {
          path,
          size: typeof f.size === 'number' || typeof f.size === 'string' ? (f.size as number) : null,
          sha256: alg === 'sha256' && chk && /^[0-9a-f]{64}$/.test(chk) ? chk : null,
          // A malformed SHA-256 stays a checksum the mapping cannot use, never "no checksum".
          otherChecksum: chk && !(alg === 'sha256' && /^[0-9a-f]{64}$/.test(chk)) ? { algorithm: alg || 'unknown', value: chk } : null,
          mediaType: null,
          key,
        };
      }
    }
  }
  return {
    sourceId: str(dataset.datasetName) ?? pid,
    title: str(dataset.datasetName) ?? pid,
    description: str(dataset.description),
    kind: dataset.type === 'derived' ? 'processed' : 'raw',
    files: files(),
  };
}

/** v4: `metadata` already uses DataCite attribute names; title, abstract and doi come from the record. */
function fromV4(pub: Record<string, unknown>, metadata: Record<string, unknown>): Record<string, unknown> {
  const attrs: Record<string, unknown> = { ...metadata, doi: str(pub.doi) };
  delete attrs.landingPage;
  delete attrs.resourceType;
  if (!Array.isArray(attrs.titles) && str(pub.title)) attrs.titles = [{ title: str(pub.title) }];
  if (!Array.isArray(attrs.descriptions) && str(pub.abstract)) attrs.descriptions = [{ description: str(pub.abstract), descriptionType: 'Abstract' }];
  if (!isObject(attrs.types)) attrs.types = { resourceTypeGeneral: 'Dataset', ...(str(metadata.resourceType) ? { resourceType: str(metadata.resourceType) } : {}) };
  if (typeof attrs.publisher === 'string') attrs.publisher = { name: attrs.publisher };
  return attrs;
}

/** v3: creator[] names, one affiliation string, publisher string, abstract and dataDescription. */
function fromV3(pub: Record<string, unknown>): Record<string, unknown> {
  const affiliation = str(pub.affiliation);
  const creators = (Array.isArray(pub.creator) ? pub.creator : []).filter((c): c is string => typeof c === 'string' && c.trim() !== '');
  const descriptions = [
    ...(str(pub.abstract) ? [{ description: str(pub.abstract), descriptionType: 'Abstract' }] : []),
    ...(str(pub.dataDescription) ? [{ description: str(pub.dataDescription), descriptionType: 'Methods' }] : []),
  ];
  return {
    doi: str(pub.doi),
    creators: creators.map((name) => ({ name, ...(affiliation ? { affiliation: [{ name: affiliation }] } : {}) })),
    titles: str(pub.title) ? [{ title: str(pub.title) }] : [],
    publisher: str(pub.publisher) ? { name: str(pub.publisher) } : undefined,
    publicationYear: typeof pub.publicationYear === 'number' ? pub.publicationYear : Number(pub.publicationYear) || undefined,
    types: { resourceTypeGeneral: 'Dataset', ...(str(pub.resourceType) ? { resourceType: str(pub.resourceType) } : {}) },
    descriptions,
    ...(Array.isArray(pub.relatedPublications)
      ? {
          relatedIdentifiers: pub.relatedPublications
            .filter((r): r is string => typeof r === 'string' && /^https?:\/\//.test(r))
            .map((r) => ({ relatedIdentifier: r, relatedIdentifierType: 'URL', relationType: 'IsCitedBy' })),
        }
      : {}),
  };
}

function publisherOf(attrs: Record<string, unknown>): string | null {
  return isObject(attrs.publisher) ? str(attrs.publisher.name) : str(attrs.publisher);
}
