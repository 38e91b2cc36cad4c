/**
 * DataCite REST (`GET /dois`) by client-id, provider-id or prefix, with affiliation and
 * publisher objects. Cursor paging: the cursor is taken from `links.next` and the URL is
 * rebuilt from our own parameters, because `links.next` drops parameters it does not know
 * (recorded: `sort`, `has-funding-reference`, `detail`). Records are de-duplicated by DOI.
 */
import { UnexpectedBody, unlessNotFound } from './http.ts';
import type { PullContext, PullSource, RemoteItem } from './types.ts';
import { dataciteItem } from './datacite-map.ts';
import { s3Datasets, type FilesConfig } from './s3-files.ts';
import { isObject, str } from './text.ts';
import { EmptyRun, namelessEntry, refusedItem, reportCutShort } from './paging.ts';
import type { ListShape } from './list-body.ts';

/** Records in `data[]`, named by their DOI (`attributes.doi`, else the entry's `id`). */
const LIST: ListShape = { recordsAt: 'data', idPaths: [['attributes', 'doi'], ['id']] };

export interface DataciteRestOptions {
  /** API root that serves /dois, e.g. https://api.datacite.org */
  url: string;
  clientId?: string | null;
  providerId?: string | null;
  prefix?: string | null;
  /** 1..1000 */
  pageSize?: number;
  files?: FilesConfig | null;
}

export function dataciteRestSource(options: DataciteRestOptions): PullSource {
  const root = options.url.replace(/\/+$/, '');
  const scope: Array<[string, string]> = [];
  if (options.clientId) scope.push(['client-id', options.clientId]);
  if (options.providerId) scope.push(['provider-id', options.providerId]);
  if (options.prefix) scope.push(['prefix', options.prefix]);
  if (scope.length === 0) throw new Error('the DataCite source needs --client-id, --provider-id or --prefix');
  const pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
  const datasets = options.files ? (doi: string) => s3Datasets(options.files!, doi) : undefined;

  const pageUrl = (page: Page, since: string | null): string => {
    const params = new URLSearchParams([...scope, ['affiliation', 'true'], ['publisher', 'true'], ['page[size]', String(pageSize)], page.cursor !== undefined ? ['page[cursor]', page.cursor] : ['page[number]', String(page.number)]]);
    if (since) params.set('query', `updated:[${since} TO *]`);
    return `${root}/dois?${params.toString()}`;
  };

  const originOf = (doi: string) => ({ id: doi.toLowerCase(), url: `${root}/dois/${encodeURIComponent(doi.toLowerCase())}` });

  return {
    type: 'datacite',
    key: `datacite:${root}?${scope.map(([k, v]) => `${k}=${v}`).join('&')}`,
    async *list(ctx: PullContext): AsyncGenerator<RemoteItem> {
      const seen = new Set<string>();
      // DOIs of records refused as unreadable: met again, they are no new record (see `fresh`).
      const unreadable = new Set<string>();
      const pages = new Set<string>();
      const empty = new EmptyRun();
      let current: Page = { cursor: '1' };
      for (let n = 1; ; n++) {
        const url = pageUrl(current, ctx.since);
        const { body, refused } = await ctx.http.getJsonList(url, LIST);
        const refusedAt = new Map(refused.map((entry) => [entry.index, entry]));
        // A lone record where the list should be is still a page of one.
        const data = isObject(body) && Array.isArray(body.data) ? body.data : isObject(body) && isObject(body.data) ? [body.data] : null;
        if (!data) throw new UnexpectedBody(`${url}: not a DataCite list response`, url);
        let fresh = 0;
        for (const [i, entry] of data.entries()) {
          const bad = refusedAt.get(i);
          if (bad) {
            const doi = str(bad.ids?.['attributes.doi']) ?? str(bad.ids?.id);
            if (doi && !seen.has(doi.toLowerCase()) && !unreadable.has(doi.toLowerCase())) fresh++;
            if (doi) unreadable.add(doi.toLowerCase());
            yield refusedItem(bad, doi ? originOf(doi) : null, ctx);
            continue;
          }
          const attrs = isObject(entry) && isObject(entry.attributes) ? entry.attributes : null;
          const doi = (attrs ? str(attrs.doi) : null) ?? (isObject(entry) ? str(entry.id) : null);
          if (!doi) {
            yield namelessEntry(ctx, url, `/data/${i}`, entry, 'a DOI (by attributes.doi or id)');
            continue;
          }
          if (!attrs) {
            // Named, but nothing of it can be read: left out by name, so its mirrored copy stays as it was.
            ctx.sink.add({ code: 'pull/record-invalid', record: doi, file: url, pointer: `/data/${i}`, message: `${doi}: entry ${i} of the page has no attributes. It alone is left out of this pull (a copy mirrored earlier stays as it was).` });
            if (!seen.has(doi.toLowerCase()) && !unreadable.has(doi.toLowerCase())) fresh++;
            unreadable.add(doi.toLowerCase());
            yield { kind: 'unreadable', origin: originOf(doi) };
            continue;
          }
          const item = dataciteItem(attrs, originOf(doi), ctx.now, { datasets });
          // A DOI met again is skipped as a record (one record per DOI), but a later answer that it
          // is no longer findable is passed on: the later answer wins, and nothing hidden is published.
          if (!seen.has(doi.toLowerCase())) fresh++;
          if (seen.has(doi.toLowerCase()) && item.kind === 'record') continue;
          seen.add(doi.toLowerCase());
          yield item;
        }
        const next = isObject(body) && isObject(body.links) ? str(body.links.next) : null;
        const following = next ? pageOf(next) : null;
        ctx.log(`datacite: page ${n}, ${data.length} records`);
        if (next && !following) reportCutShort(ctx, url, `${url}: links.next ${JSON.stringify(next.slice(0, 300))} names neither a page cursor nor a page number; the listing stops here.`);
        if (!following) return;
        // An empty page that names a next one is followed: stopping there would lose every record
        // after it (and count them missing). A run of them that never ends is cut short.
        if (empty.tooLong(data.length, url, ctx)) return;
        // A next link that names a new cursor every time over DOIs already listed would never end.
        if (fresh === 0 && data.length > 0) {
          reportCutShort(ctx, url, `${url}: every DOI of this page was listed before or cannot be read (links.next changes, the records do not); the listing stops here.`);
          return;
        }
        const key = JSON.stringify(following);
        // A next link to a page already read would keep the walk here for ever. The pages it
        // did not reach are unknown, so no mirrored record may be counted missing.
        if (pages.has(key) || (following.cursor !== undefined && following.cursor === current.cursor) || (following.number !== undefined && following.number === current.number)) {
          reportCutShort(ctx, url, `${url}: links.next ${JSON.stringify(next!.slice(0, 300))} leads back to a page already read; the listing stops here.`);
          return;
        }
        pages.add(key);
        current = following;
      }
    },
    async fetch(doi: string, ctx: PullContext): Promise<RemoteItem | null> {
      const url = `${root}/dois/${encodeURIComponent(doi)}?affiliation=true&publisher=true`;
      return unlessNotFound(async () => {
        const body = await ctx.http.getJson(url);
        const attrs = isObject(body) && isObject(body.data) && isObject(body.data.attributes) ? body.data.attributes : null;
        if (!attrs) throw new UnexpectedBody(`${url}: not a DataCite record`, url);
        return dataciteItem(attrs, { id: doi, url: `${root}/dois/${encodeURIComponent(doi)}` }, ctx.now, { datasets });
      });
    },
  };
}

/** A page of the walk: a cursor, or (where the API answers a cursor walk with page numbers) a page number. */
type Page = { cursor: string; number?: undefined } | { number: number; cursor?: undefined };

/** The `page[cursor]` value of a `links.next` URL; null when there is none. */
export function cursorOf(next: string): string | null {
  try {
    return new URL(next).searchParams.get('page[cursor]');
  } catch {
    return null;
  }
}

/** The page a `links.next` URL names: its cursor, else its page number; null when it names neither. */
function pageOf(next: string): Page | null {
  const cursor = cursorOf(next);
  if (cursor) return { cursor };
  let number: string | null = null;
  try {
    number = new URL(next).searchParams.get('page[number]');
  } catch {
    return null;
  }
  return number && /^[1-9]\d{0,6}$/.test(number) ? { number: Number(number) } : null;
}

