/**
 * Offset paging (`limit`/`skip`, `LIMIT offset, count`) trusts the server to move on. One that
 * ignores the offset answers the same full page for ever, and the walk would never end: a
 * page whose items are exactly the previous page's ends it, with a warning, as a `links.next`
 * to the page just read does for cursor paging.
 */
import type { PullContext } from './types.ts';

export class OffsetGuard {
  private previous: string | null = null;

  /** True when `page` repeats the page before it (reported once); the walk should stop. */
  repeats(page: unknown[], url: string, ctx: PullContext): boolean {
    const key = JSON.stringify(page);
    const again = page.length > 0 && key === this.previous;
    this.previous = key;
    if (again) reportCutShort(ctx, url, `${url} answers the same ${page.length} items as the page before it (the server ignores the offset); the listing stops here.`);
    return again;
  }
}

/** Reports a listing that stops before its end, and marks the pull's listing incomplete. */
export function reportCutShort(ctx: PullContext, url: string, message: string): void {
  ctx.cutShort = true;
  ctx.sink.add({ code: 'pull/listing-cut-short', file: url, message });
}
