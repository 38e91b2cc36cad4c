/**
 * Atom feed of releases (RFC 4287, conventions A6): the newest FEED_SIZE records by release
 * date, each entry identified by its DOI URL. Built with fast-xml-parser's XMLBuilder, which
 * escapes text and attributes. `updated` is the newest entry's date, not the build time.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { absoluteUrl } from '../record/identity.ts';
import { compareNewest, toDateTime } from './record-dates.ts';
import type { StagedRecord } from './record-dump.ts';
import { doiUrl } from '../record/doi.ts';
import { xmlChars } from '../datacite/xml-chars.ts';

export const FEED_SIZE = 50;

export interface FeedEntry {
  doiUrl: string;
  url: string;
  title: string;
  summary: string;
  authors: string[];
  released: string;
  updated: string;
}

export function feedEntry(r: StagedRecord): FeedEntry {
  return {
    doiUrl: r.dump.doiUrl,
    url: r.dump.url,
    title: r.title,
    summary: r.description,
    authors: r.creators,
    released: r.released,
    updated: r.dump.aperture.lastModified ?? r.released,
  };
}

const newestFirst = (a: FeedEntry, b: FeedEntry): number => compareNewest(a.released, b.released) || a.title.localeCompare(b.title);

/** Keeps the newest `size` entries seen so far (bounded memory over any number of records). */
export class NewestEntries {
  readonly entries: FeedEntry[] = [];
  constructor(private readonly size = FEED_SIZE) {}
  add(entry: FeedEntry): void {
    // Full, and not newer than the last kept: it would be sorted last and cut (most of 10,000 records).
    if (this.entries.length >= this.size && newestFirst(entry, this.entries.at(-1)!) >= 0) return;
    this.entries.push(entry);
    this.entries.sort(newestFirst);
    if (this.entries.length > this.size) this.entries.length = this.size;
  }
}

export interface FeedContext {
  siteUrl: string;
  title: string;
  publisher: string;
  /** Used only when there are no entries (Atom requires `updated`). */
  now: Date;
}

export function atomFeed(entries: FeedEntry[], ctx: FeedContext): string {
  const updated = entries.length ? entries.map((e) => toDateTime(e.updated)).sort().at(-1)! : ctx.now.toISOString().replace(/\.\d+Z$/, 'Z');
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
  const feed = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      id: absoluteUrl(ctx.siteUrl, '/feed.xml'),
      title: xmlChars(`${ctx.title}: new releases`),
      updated,
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': absoluteUrl(ctx.siteUrl, '/feed.xml') },
        { '@_rel': 'alternate', '@_type': 'text/html', '@_href': absoluteUrl(ctx.siteUrl, '/') },
      ],
      author: { name: xmlChars(ctx.publisher), uri: absoluteUrl(ctx.siteUrl, '/') },
      // XMLBuilder escapes markup; xmlChars drops what XML 1.0 cannot hold at all.
      entry: entries.map((e) => ({
        id: xmlChars(e.doiUrl),
        title: xmlChars(e.title),
        updated: toDateTime(e.updated),
        published: toDateTime(e.released),
        link: { '@_rel': 'alternate', '@_type': 'text/html', '@_href': xmlChars(e.url) },
        author: e.authors.length ? e.authors.map((name) => ({ name: xmlChars(name) })) : { name: xmlChars(ctx.publisher) },
        summary: xmlChars(e.summary) || undefined,
      })),
    },
  };
  return builder.build(feed) as string;
}
