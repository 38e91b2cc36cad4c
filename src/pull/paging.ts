/**
 * Offset paging (`limit`/`skip`, `LIMIT offset, count`) trusts the server to move on. One that
 * ignores the offset answers the same full page for ever, and the walk would never end: a
 * page whose items are exactly the previous page's ends it, with a warning, as a `links.next`
 * to the page just read does for cursor paging.
 */
import type { Origin, PullContext, RemoteItem } from './types.ts';
import type { RefusedEntry } from './list-body.ts';
import { isObject } from './text.ts';

export class OffsetGuard {
  private previous: string | null = null;

  /** True when `page` repeats the page before it (reported once); the walk should stop. */
  repeats(page: unknown[], url: string, ctx: PullContext): boolean {
    const again = this.same(page);
    if (again) reportCutShort(ctx, url, `${url} answers the same ${page.length} items as the page before it (the server ignores the offset); the listing stops here.`);
    return again;
  }

  /** True when `page` repeats the page before it, unreported: for a record's own listing, whose caller fails the record. */
  same(page: unknown[]): boolean {
    const key = JSON.stringify(page);
    const again = page.length > 0 && key === this.previous;
    this.previous = key;
    return again;
  }
}

/**
 * Empty pages that still name a next page, in a row, before a link-following walk gives up.
 * OAI-PMH repositories that filter after paging answer a few (a set whose records sit far
 * apart); a server that answers empty pages with ever new links would keep the walk going for
 * ever, and no loop guard sees it, for the links never repeat and there is no record to repeat.
 */
export const MAX_EMPTY_PAGES = 10;

/** Counts empty pages in a row along a walk that follows next links (cursor, token, meta.next). */
export class EmptyRun {
  private run = 0;

  /** True (reported once, the listing marked cut short) when `count` ends too long a run of empty pages; the walk should stop. */
  tooLong(count: number, url: string, ctx: PullContext): boolean {
    if (!this.exceeded(count)) return false;
    reportCutShort(ctx, url, `${url}: ${MAX_EMPTY_PAGES + 1} pages in a row are empty, yet each names a next page; the listing stops here.`);
    return true;
  }

  /** As tooLong, unreported: for a record's own listing, whose caller fails the record. */
  exceeded(count: number): boolean {
    this.run = count === 0 ? this.run + 1 : 0;
    return this.run > MAX_EMPTY_PAGES;
  }
}

/** Reports a listing that stops before its end, and marks the pull's listing incomplete. */
export function reportCutShort(ctx: PullContext, url: string, message: string): void {
  ctx.cutShort = true;
  ctx.sink.add({ code: 'pull/listing-cut-short', file: url, message });
}

/**
 * A record of a page refused alone (list-body.ts), reported by its name where its
 * identifiers are clear (`origin`), else by its place on the page.
 */
export function refusedItem(entry: RefusedEntry, origin: Origin | null, ctx: PullContext): RemoteItem {
  const place = `${entry.url}#${entry.pointer}`;
  ctx.sink.add({
    code: 'pull/record-unreadable',
    record: origin?.id ?? place,
    file: entry.url,
    pointer: entry.pointer,
    message: `${origin ? `${origin.id} (${origin.url})` : place}: ${entry.reason} It alone is left out of this pull${origin ? ' (a copy mirrored earlier stays as it was)' : '; as it cannot be named, no mirrored record is counted missing this time'}.`,
  });
  return { kind: 'unreadable', origin };
}

/** A listing entry that cannot be named (see namelessEntry), carried from a page reader to its source's listing. */
export class Nameless {
  constructor(
    readonly url: string,
    /** JSON pointer of the entry in the body, e.g. `/objects/3`. */
    readonly pointer: string,
    readonly entry: unknown,
  ) {}
}

/**
 * A listing entry that cannot be named: not an object, or without the identifier the source
 * names its records by. Reported by its place on the page and left out; being nameless, it
 * keeps a full pull from counting any mirrored record missing (pull.ts), for it may be any of
 * them: dropped in silence, a published record would drift towards a tombstone.
 */
export function namelessEntry(ctx: PullContext, url: string, pointer: string, entry: unknown, what: string): RemoteItem {
  const place = `${url}#${pointer}`;
  const shown = isObject(entry) ? 'an object without its identifier' : `${JSON.stringify(entry)?.slice(0, 80)}, not an object`;
  ctx.sink.add({
    code: 'pull/record-invalid',
    record: place,
    file: url,
    pointer,
    message: `${place}: the entry is ${shown}, so it cannot be named as ${what}. It alone is left out of this pull; as it cannot be named, no mirrored record is counted missing this time.`,
  });
  return { kind: 'unreadable', origin: null };
}
