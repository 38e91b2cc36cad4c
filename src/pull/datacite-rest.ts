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

  const pageUrl = (cursor: string, since: string | null): string => {
    const params = new URLSearchParams([...scope, ['affiliation', 'true'], ['publisher', 'true'], ['page[size]', String(pageSize)], ['page[cursor]', cursor]]);
    if (since) params.set('query', `updated:[${since} TO *]`);
    return `${root}/dois?${params.toString()}`;
  };

  return {
    type: 'datacite',
    key: `datacite:${root}?${scope.map(([k, v]) => `${k}=${v}`).join('&')}`,
    async *list(ctx: PullContext): AsyncGenerator<RemoteItem> {
      const seen = new Set<string>();
      const cursors = new Set<string>();
      let cursor = '1';
      for (let page = 1; ; page++) {
        const url = pageUrl(cursor, ctx.since);
        const body = await ctx.http.getJson(url);
        const data = isObject(body) && Array.isArray(body.data) ? body.data : null;
        if (!data) throw new UnexpectedBody(`${url}: not a DataCite list response`, url);
        for (const entry of data) {
          const attrs = isObject(entry) && isObject(entry.attributes) ? entry.attributes : null;
          const doi = attrs ? str(attrs.doi)?.toLowerCase() : null;
          if (!attrs || !doi || seen.has(doi)) continue;
          seen.add(doi);
          yield dataciteItem(attrs, { id: doi, url: `${root}/dois/${encodeURIComponent(doi)}` }, ctx.now, { datasets });
        }
        const next = isObject(body) && isObject(body.links) ? str(body.links.next) : null;
        const nextCursor = next ? cursorOf(next) : null;
        ctx.log(`datacite: page ${page}, ${data.length} records`);
        if (!nextCursor || data.length === 0 || cursors.has(nextCursor)) return;
        cursors.add(nextCursor);
        cursor = nextCursor;
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

/** The `page[cursor]` value of a `links.next` URL; null when there is none. */
export function cursorOf(next: string): string | null {
  try {
    return new URL(next).searchParams.get('page[cursor]');
  } catch {
    return null;
  }
}

