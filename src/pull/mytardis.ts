/**
 * MyTardis api/v1 (django-tastypie), anonymously: public experiments → datasets →
 * dataset_files. `public_access` 100 is full release, 50 is metadata only (the page, no
 * files), anything lower is never mirrored. `meta.next` is relative and resolved against
 * the base URL; one leading to another origin ends the listing. Timestamps are naive local times, converted with the configured time zone.
 * The DOI comes from the experiment's publication parameter set; sizes may be strings.
 */
import { Forbidden, UnexpectedBody, unlessNotFound } from './http.ts';
import type { PullContext, PullSource, RemoteDataset, RemoteFile, RemoteItem } from './types.ts';
import { isObject, str } from './text.ts';
import { EmptyRun, MAX_EMPTY_PAGES, Nameless, OffsetGuard, namelessEntry, refusedItem, reportCutShort } from './paging.ts';
import { RefusedEntry, type ListShape } from './list-body.ts';
import { perRecord } from './record-failure.ts';

/** A tastypie list: records in `objects[]`, each named by its `id`. */
const LIST: ListShape = { recordsAt: 'objects', idPaths: [['id']] };

export interface MyTardisOptions {
  /** Instance root, e.g. https://store.synchrotron.org.au (api/v1 hangs from it). */
  url: string;
  /** IANA zone the instance writes its naive timestamps in. */
  timeZone?: string;
  pageSize?: number;
  /** Object-store key prefix before each replica's uri. */
  keyPrefix?: string;
}

export function mytardisSource(options: MyTardisOptions): PullSource {
  const root = options.url.replace(/\/+$/, '');
  const zone = options.timeZone ?? 'UTC';
  const limit = Math.min(1000, Math.max(1, options.pageSize ?? 100));
  const experimentUrl = (id: string) => `${root}/api/v1/experiment/${encodeURIComponent(id)}/?format=json`;

  /**
   * Every object of a listing, page by page. With `records` (the experiment listing), an
   * object no reading can trust comes as a RefusedEntry in its place, the page's others
   * kept, and a next link that cannot be followed ends the listing there. The listings of an
   * experiment's datasets and files must be read to their end, or the experiment would be
   * published with part of its files: anything that stops them fails the experiment alone.
   */
  function pages(first: string, ctx: PullContext, records: true): AsyncGenerator<Record<string, unknown> | RefusedEntry | Nameless>;
  function pages(first: string, ctx: PullContext): AsyncGenerator<Record<string, unknown>>;
  async function* pages(first: string, ctx: PullContext, records = false): AsyncGenerator<Record<string, unknown> | RefusedEntry | Nameless> {
    let url: string | null = first;
    const visited = new Set<string>();
    const guard = new OffsetGuard();
    const empty = new EmptyRun();
    while (url) {
      if (visited.has(url)) {
        if (records) {
          // The pages it did not reach are unknown, so no mirrored record may be counted missing.
          reportCutShort(ctx, url, `${url}: meta.next leads back to a page already read; the listing stops here.`);
          return;
        }
        throw new UnexpectedBody(`${url}: meta.next leads back to a page already read`, url);
      }
      visited.add(url);
      const { body, refused } = records ? await ctx.http.getJsonList(url, LIST) : { body: await ctx.http.getJson(url), refused: [] };
      if (!isObject(body) || !Array.isArray(body.objects) || !isObject(body.meta)) throw new UnexpectedBody(`${url}: not a tastypie list`, url);
      // A next link that changes every time (offset=…&x=1, =2 …) over the same objects would never end.
      if (records ? guard.repeats(body.objects, url, ctx) : repeatsPage(guard, body.objects, url)) return;
      const refusedAt = new Map(refused.map((entry) => [entry.index, entry]));
      for (const [i, o] of body.objects.entries()) {
        const bad = refusedAt.get(i);
        if (bad) yield bad;
        else if (isObject(o) && (!records || idOf(o) !== null)) yield o;
        else if (records) yield new Nameless(url, `/objects/${i}`, o);
        else throw new UnexpectedBody(`${url}: objects[${i}] is ${JSON.stringify(o)?.slice(0, 80)}, not an object`, url);
      }
      const next = str(body.meta.next);
      // Empty pages whose meta.next moves on each time (offset=…) are followed, but not for ever.
      if (next && (records ? empty.tooLong(body.objects.length, url, ctx) : emptyRun(empty, body.objects.length, url))) return;
      url = next ? (records ? sameOrigin(next, url, ctx) : within(next, url)) : null;
    }
  }

  /** For a record's own listings: a page repeating the one before is a listing that cannot be followed. */
  function repeatsPage(guard: OffsetGuard, objects: unknown[], url: string): boolean {
    if (!guard.same(objects)) return false;
    throw new UnexpectedBody(`${url}: answers the same ${objects.length} objects as the page before it (the server ignores the offset)`, url);
  }

  /** For a record's own listings: too long a run of empty pages is a listing that cannot be followed to its end. */
  function emptyRun(empty: EmptyRun, count: number, url: string): boolean {
    if (!empty.exceeded(count)) return false;
    throw new UnexpectedBody(`${url}: ${MAX_EMPTY_PAGES + 1} pages in a row are empty, yet each names a next page`, url);
  }

  /** meta.next of a record's own listing, which must stay on the instance. */
  function within(next: string, from: string): string {
    const resolved = resolveNext(next);
    if (resolved) return resolved;
    throw new UnexpectedBody(`${from}: meta.next ${JSON.stringify(next.slice(0, 300))} leads away from ${new URL(root).origin}`, from);
  }

  /** meta.next resolved against the base URL; null when it is no URL or leaves the instance. */
  function resolveNext(next: string): string | null {
    let resolved: URL | null = null;
    try {
      resolved = new URL(next, root + '/');
    } catch {
      return null;
    }
    return resolved.origin === new URL(root).origin ? resolved.toString() : null;
  }

  /**
   * meta.next resolved against the base URL; null (the listing cut short) when it leaves the
   * instance: a compromised server must not send the pull to another host (a cloud metadata
   * endpoint, an intranet service) and have its answer mirrored as records.
   */
  function sameOrigin(next: string, from: string, ctx: PullContext): string | null {
    const resolved = resolveNext(next);
    if (resolved) return resolved;
    reportCutShort(ctx, from, `${from}: meta.next ${JSON.stringify(next.slice(0, 300))} leads away from ${new URL(root).origin}; the listing stops here.`);
    return null;
  }

  /** One experiment with its datasets; a dataset listing that fails costs this experiment alone. */
  const toItem = (exp: Record<string, unknown>, ctx: PullContext): Promise<RemoteItem> => {
    const id = idOf(exp) ?? '?';
    return perRecord({ id, url: experimentUrl(id) }, ctx, () => mapRecord(exp, ctx));
  };

  const mapRecord = async (exp: Record<string, unknown>, ctx: PullContext): Promise<RemoteItem> => {
    const id = idOf(exp) ?? '?';
    const origin = { id, url: experimentUrl(id) };
    // A number, or its digits as a string; anything else (`[100]`, `true`, `"1e2"`, which Number()
    // would turn into 100 or 1) is no access level the model has, so not public.
    const access = typeof exp.public_access === 'number' ? exp.public_access : typeof exp.public_access === 'string' && /^\s*\d+\s*$/.test(exp.public_access) ? Number(exp.public_access) : NaN;
    if (!Number.isFinite(access) || access < 50) {
      return { kind: 'not-public', origin, reason: `public_access is ${JSON.stringify(exp.public_access ?? null)} (50 = metadata, 100 = full)`, ambiguous: !Number.isFinite(access) };
    }
    const created = naiveToUtc(str(exp.created_time), zone);
    const updated = naiveToUtc(str(exp.update_time), zone);
    if (!created) return { kind: 'not-public', origin, reason: 'created_time cannot be read', ambiguous: true };
    const releasedOn = created.toISOString().slice(0, 10);
    const doi = doiOf(exp);
    const start = naiveToUtc(str(exp.start_time), zone);
    const end = naiveToUtc(str(exp.end_time), zone);
    const authors = (Array.isArray(exp.authors) ? exp.authors : []).map((a) => (isObject(a) ? str(a.name) ?? str(a.author) : str(a))).filter((n): n is string => !!n);
    const institution = str(exp.institution_name);
    const full = access >= 100;
    const datasets: RemoteDataset[] = [];
    if (full) datasets.push(...(await datasetsOf(id, ctx)));
    return {
      kind: 'record',
      record: {
        origin,
        doi,
        datacite: {
          doi,
          creators: authors.map((name) => ({ name })),
          titles: str(exp.title) ? [{ title: str(exp.title) }] : [],
          publisher: institution ? { name: institution } : undefined,
          publicationYear: Number(releasedOn.slice(0, 4)),
          types: { resourceTypeGeneral: 'Dataset' },
          descriptions: str(exp.description) ? [{ description: str(exp.description), descriptionType: 'Abstract' }] : [],
          dates: [{ date: releasedOn, dateType: 'Issued' }],
          ...(str(exp.url) && /^https?:\/\//.test(str(exp.url)!) ? { url: str(exp.url) } : {}),
        },
        experiment: {
          // 50 = public metadata only: the page and citation, no files (MyTardis gives no date when files would open).
          release: { state: 'released', releasedOn, filesAvailableFrom: null, withdrawnOn: null, withdrawalReason: null },
          facility: institution,
          instrument: null,
          technique: null,
          proposal: null,
          collected: { start: start?.toISOString().slice(0, 10) ?? null, end: end?.toISOString().slice(0, 10) ?? null },
        },
        descriptionMarkdown: null,
        datasets,
        updated: updated?.toISOString() ?? null,
      },
    };
  };

  /** Datasets are asked for only for fully public experiments: a metadata-only one costs no dataset requests. */
  async function datasetsOf(experimentId: string, ctx: PullContext): Promise<RemoteDataset[]> {
    const list: RemoteDataset[] = [];
    for await (const ds of pages(`${root}/api/v1/dataset/?format=json&limit=${limit}&experiments__id=${encodeURIComponent(experimentId)}`, ctx)) {
      const dsId = String(ds.id ?? '?');
      list.push({ sourceId: `${dsId}-${str(ds.description) ?? 'dataset'}`, title: str(ds.description) ?? `Dataset ${dsId}`, description: null, kind: 'raw', files: files(dsId, ctx), requested: true });
    }
    return list;
  }

  async function* files(datasetId: string, ctx: PullContext): AsyncGenerator<RemoteFile> {
    for await (const f of pages(`${root}/api/v1/dataset_file/?format=json&limit=${limit}&dataset__id=${encodeURIComponent(datasetId)}`, ctx)) {
      // A file marked deleted (`deleted: true`, with its `deleted_time`) is no longer published.
      if (f.deleted === true || f.deleted === 'true') continue;
      const name = str(f.filename) ?? '';
      const directory = str(f.directory);
      const path = directory ? `${directory}/${name}` : name;
      const replica = Array.isArray(f.replicas) ? f.replicas.find(isObject) : undefined;
      const uri = replica ? str(replica.uri) : null;
      const sha512 = str(f.sha512sum);
      const md5 = str(f.md5sum);
      yield {
        path,
        size: typeof f.size === 'number' || typeof f.size === 'string' ? (f.size as number) : null,
        sha256: null,
        otherChecksum: sha512 ? { algorithm: 'sha512', value: sha512 } : md5 ? { algorithm: 'md5', value: md5 } : null,
        mediaType: str(f.mimetype),
        key: `${options.keyPrefix ? options.keyPrefix.replace(/\/+$/, '') + '/' : ''}${uri ?? path}`,
      };
    }
  }

  return {
    type: 'mytardis',
    key: `mytardis:${root}`,
    async *list(ctx: PullContext): AsyncGenerator<RemoteItem> {
      const params = new URLSearchParams({ format: 'json', limit: String(limit), order_by: 'update_time' });
      if (ctx.since) params.set('update_time__gte', utcToNaive(new Date(ctx.since), zone));
      for await (const exp of pages(`${root}/api/v1/experiment/?${params.toString()}`, ctx, true)) {
        if (exp instanceof Nameless) yield namelessEntry(ctx, exp.url, exp.pointer, exp.entry, 'an experiment (by id)');
        else if (!(exp instanceof RefusedEntry)) yield await toItem(exp, ctx);
        else {
          const id = exp.ids?.id;
          yield refusedItem(exp, id !== undefined ? { id: String(id), url: experimentUrl(String(id)) } : null, ctx);
        }
      }
    },
    async fetch(id: string, ctx: PullContext): Promise<RemoteItem | null> {
      // Anonymous MyTardis answers 401 (or 403) for an experiment made private: an explicit
      // answer, so a mirrored copy becomes a tombstone at once; 404 (gone) counts as a miss.
      try {
        return await unlessNotFound(async () => {
          const exp = await ctx.http.getJson(experimentUrl(id));
          return isObject(exp) ? await toItem(exp, ctx) : null;
        });
      } catch (error) {
        if (!(error instanceof Forbidden)) throw error;
        return { kind: 'not-public', origin: { id, url: experimentUrl(id) }, reason: `the experiment is no longer public (anonymous access answers HTTP ${error.status})`, ambiguous: false };
      }
    },
  };
}

/** An experiment's id (tastypie gives a number); null when it has none to be named by. */
function idOf(exp: Record<string, unknown>): string | null {
  return typeof exp.id === 'number' && Number.isFinite(exp.id) ? String(exp.id) : str(exp.id);
}

/** The DOI from a publication parameter set: a parameter named `doi` (any case), value or string_value. */
function doiOf(exp: Record<string, unknown>): string | null {
  for (const set of Array.isArray(exp.parameter_sets) ? exp.parameter_sets : []) {
    if (!isObject(set)) continue;
    for (const p of Array.isArray(set.parameters) ? set.parameters : []) {
      if (!isObject(p)) continue;
      const name = str(p.name) ?? (isObject(p.name) ? str(p.name.name) : null);
      if (name && /(^|[_.-])doi$/i.test(name)) {
        const value = str(p.string_value) ?? str(p.value);
        if (value) return value.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').replace(/^doi:/i, '');
      }
    }
  }
  return null;
}

/** `2022-02-21T15:08:03.358175` in `zone` → the instant. A timestamp with an offset is read as is. */
export function naiveToUtc(text: string | null, zone: string): Date | null {
  if (!text) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return null;
  if (m[8]) {
    const t = Date.parse(text.trim().replace(' ', 'T'));
    return Number.isNaN(t) ? null : new Date(t);
  }
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0), Math.round(Number(m[7] ?? 0) * 1000));
  // The zone's offset at that wall-clock time, found by formatting the guess back in the zone (twice, for DST edges).
  let guess = asUtc - offsetMs(asUtc, zone);
  guess = asUtc - offsetMs(guess, zone);
  return new Date(guess);
}

function offsetMs(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant as the instance's naive local time, for `update_time__gte`. */
export function utcToNaive(date: Date, zone: string): string {
  return new Date(date.getTime() + offsetMs(date.getTime(), zone)).toISOString().slice(0, 19);
}
