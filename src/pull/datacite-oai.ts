/**
 * DataCite OAI-PMH (`ListRecords`, metadataPrefix `oai_datacite`), the fallback where REST
 * is not wanted. A failed page is retried with the same resumption token (the HTTP client
 * retries; the token is only replaced once a page has been read), so a 500 in the middle of
 * a walk costs one page, not the walk. `from` carries the watermark. Deleted headers are
 * explicit withdrawals. A record that cannot be named, or an OAI error past the first page,
 * costs that record or the rest of the walk, never the records already read.
 */
import { resourceToAttributes } from '../datacite/xml-read.ts';
import { child, childElements, parseXmlDocument, textOf, type XmlElement } from '../datacite/xml-tree.ts';
import { UnexpectedBody } from './http.ts';
import { EmptyRun, reportCutShort } from './paging.ts';
import type { PullContext, PullSource, RemoteItem } from './types.ts';
import { dataciteItem } from './datacite-map.ts';
import { s3Datasets, type FilesConfig } from './s3-files.ts';

export interface DataciteOaiOptions {
  /** OAI-PMH base URL, e.g. https://oai.datacite.org/oai */
  url: string;
  /** OAI set, e.g. a DataCite client id in upper case (`INIST.ESRF`). */
  set?: string | null;
  until?: string | null;
  files?: FilesConfig | null;
}

export function dataciteOaiSource(options: DataciteOaiOptions): PullSource {
  const root = options.url.replace(/\/+$/, '');
  const datasets = options.files ? (doi: string) => s3Datasets(options.files!, doi) : undefined;
  const recordUrl = (identifier: string) => `${root}?verb=GetRecord&metadataPrefix=oai_datacite&identifier=${encodeURIComponent(identifier)}`;

  /**
   * One <record>. Without a header identifier it cannot be named: it is reported by its place
   * (`where`), left out, and (being nameless) keeps a full pull from counting any mirrored
   * record missing; a GetRecord answer without one is reported under the identifier asked for.
   */
  const toItem = (record: XmlElement, ctx: PullContext, where: { url: string; asked?: string; index?: number }): RemoteItem => {
    const header = child(record, 'header');
    const identifier = textOf(child(header, 'identifier'));
    if (!identifier) {
      const place = where.index === undefined ? where.url : `${where.url}#record[${where.index + 1}]`;
      const named = where.asked ? { id: where.asked, url: recordUrl(where.asked) } : null;
      ctx.sink.add({
        code: 'pull/record-incomplete',
        record: named?.id ?? place,
        file: where.url,
        message: `${named ? `${named.id} (${named.url})` : place}: the <record> has no <header><identifier>, so it cannot be named. It alone is left out of this pull${named ? ' (a copy mirrored earlier stays as it was)' : '; as it cannot be named, no mirrored record is counted missing this time'}.`,
      });
      return { kind: 'unreadable', origin: named };
    }
    const origin = { id: identifier, url: recordUrl(identifier) };
    const datestamp = textOf(child(header, 'datestamp')) || null;
    if (header?.attrs.status === 'deleted') {
      return { kind: 'withdrawn', origin, doi: identifier.replace(/^doi:/i, ''), reason: 'the record is deleted in the OAI-PMH repository' };
    }
    const resource = findResource(child(record, 'metadata'));
    if (!resource) return { kind: 'not-public', origin, reason: 'the record carries no DataCite <resource>', ambiguous: true };
    const attrs = resourceToAttributes(resource) as unknown as Record<string, unknown>;
    return dataciteItem(attrs, origin, ctx.now, { stateKnown: false, datasets, updated: datestamp });
  };

  return {
    type: 'datacite-oai',
    key: `datacite-oai:${root}${options.set ? `?set=${options.set}` : ''}`,
    async *list(ctx: PullContext): AsyncGenerator<RemoteItem> {
      const first = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: 'oai_datacite' });
      if (options.set) first.set('set', options.set);
      if (ctx.since) first.set('from', ctx.since.replace(/\.\d+Z$/, 'Z'));
      if (options.until) first.set('until', options.until);
      let url = `${root}?${first.toString()}`;
      const tokens = new Set<string>();
      const listed = new Set<string>();
      const empty = new EmptyRun();
      for (let page = 1; ; page++) {
        const oai = await ctx.http.getWith(url, oaiRoot, { accept: 'text/xml' });
        const error = child(oai, 'error');
        if (error) {
          const code = error.attrs.code ?? '?';
          if (code === 'noRecordsMatch' && page === 1) return;
          // The first page's error is the query's (a set or format the repository does not
          // have): nothing can be listed. Later, a token refused (badResumptionToken: expired,
          // or the repository changed under the walk) ends the listing there; the records read
          // so far are sound, and those not reached stay as they were.
          if (page === 1) throw new UnexpectedBody(`${url}: OAI-PMH error ${code}: ${textOf(error)}`, url);
          reportCutShort(ctx, url, `${url}: OAI-PMH error ${code} (${textOf(error).slice(0, 200)}) on page ${page}; the listing stops here.`);
          return;
        }
        const list = child(oai, 'ListRecords');
        if (!list) throw new UnexpectedBody(`${url}: no ListRecords element`, url);
        const records = childElements(list, 'record');
        let fresh = 0;
        for (const [index, record] of records.entries()) {
          const identifier = textOf(child(child(record, 'header'), 'identifier'));
          if (identifier && !listed.has(identifier)) fresh++;
          listed.add(identifier);
          yield toItem(record, ctx, { url, index });
        }
        const token = textOf(child(list, 'resumptionToken'));
        ctx.log(`datacite-oai: page ${page}`);
        if (!token) return;
        // Empty pages with a token are followed (a repository that filters after paging sends
        // them), but a run of them with ever new tokens would never end.
        if (empty.tooLong(records.length, url, ctx)) return;
        // A new token every time over records already listed would keep the walk going for ever.
        if (records.length > 0 && fresh === 0) {
          reportCutShort(ctx, url, `${url}: every record of this page was listed before (the resumption token changes, the records do not); the listing stops here.`);
          return;
        }
        // A server that hands out the same token again would keep us here for ever.
        if (tokens.has(token)) throw new UnexpectedBody(`${url}: the resumption token ${token} came back twice`, url);
        tokens.add(token);
        url = `${root}?${new URLSearchParams({ verb: 'ListRecords', resumptionToken: token }).toString()}`;
      }
    },
    async fetch(identifier: string, ctx: PullContext): Promise<RemoteItem | null> {
      const url = recordUrl(identifier);
      const oai = await ctx.http.getWith(url, oaiRoot, { accept: 'text/xml' });
      const error = child(oai, 'error');
      if (error?.attrs.code === 'idDoesNotExist') return null;
      if (error) throw new UnexpectedBody(`${url}: OAI-PMH error ${error.attrs.code ?? '?'}`, url);
      const record = child(child(oai, 'GetRecord'), 'record');
      return record ? toItem(record, ctx, { url, asked: identifier }) : null;
    },
  };
}

/** Parses a page; throws (so the client fetches it again) when it is not well-formed OAI-PMH, e.g. cut off. */
function oaiRoot(text: string): XmlElement {
  const doc = parseXmlDocument(text);
  if (!doc.ok) throw new Error(`not well-formed XML at line ${doc.line}: ${doc.message}`);
  if (doc.root.name !== 'OAI-PMH') throw new Error('not an OAI-PMH response');
  return doc.root;
}

/** `<metadata><oai_datacite><payload><resource>` (oai_datacite) or `<metadata><resource>` (datacite). */
function findResource(el: XmlElement | undefined): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of childElements(el)) {
    if (c.name === 'resource') return c;
    const deeper = findResource(c);
    if (deeper) return deeper;
  }
  return undefined;
}
