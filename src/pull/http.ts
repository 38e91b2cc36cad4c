/**
 * The one HTTP client every pull source uses: a timeout per attempt, retries with
 * exponential backoff and full jitter on network errors, 5xx, 429 and bodies that do not
 * parse (a truncated page is usually a dropped connection; an HTML page is not, see HtmlAnswer), `Retry-After` honoured on
 * 429/503, a cap on response size so a hostile or broken server cannot fill memory, and
 * redirects followed by hand: a few hops, within the host asked (see followRedirects).
 * Built on node's fetch (undici); no extra dependency pulls its weight here.
 */

import { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { parseJsonText } from '../catalogue/json-text.ts';
import { isHtmlPage, pageHint } from '../storage/html-answer.ts';
import { MAX_DEPTH } from '../datacite/limits.ts';
import { readListBody, type ListShape, type RefusedEntry } from './list-body.ts';

export interface HttpOptions {
  /** Per attempt, connection to last byte. */
  timeoutMs?: number;
  /** Attempts after the first. */
  retries?: number;
  /** First backoff; doubles each attempt, with full jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The longest `Retry-After` obeyed; a longer one fails the request (the source asked for a pause we cannot wait out). */
  maxRetryAfterMs?: number;
  /** Largest body read, in bytes. */
  maxBytes?: number;
  /** Largest page of records read (getJsonList), in bytes: the curator can ask for smaller pages, so it is lower (see PAGE_BYTES). */
  maxPageBytes?: number;
  headers?: Record<string, string>;
  /** Injected for tests: records the waits instead of sleeping through them. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

export class HttpError extends Error {
  readonly url: string;
  readonly status: number | null;
  constructor(message: string, url: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
    this.status = status;
  }
}

/** A 404 (or 410) is an answer, not a failure: the record is not there. */
export class NotFound extends HttpError {}

/**
 * A 401 or 403: the thing exists but an anonymous reader may not see it (MyTardis answers
 * 401 for an experiment made private). An answer about that one thing; what it means is
 * the source's to say, so it is not a NotFound.
 */
export class Forbidden extends HttpError {
  /** The start of the refusal's body: some APIs say why there (ICAT: `{"code": "SESSION", …}` for an expired session). */
  readonly body: string;
  constructor(message: string, url: string, status: number, body: string) {
    super(message, url, status);
    this.body = body;
  }
}

/** A refusal's body is read only this far: enough for an error object, never a page. */
const REFUSAL_BYTES = 16 * 1024;

/** What `work` returns, or null when the source answers that the thing is not there. */
export async function unlessNotFound<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}

/** What `work` returns, or null when the source answers that the thing is not there or not for anonymous readers (404, 410, 401, 403). */
export async function unlessHidden<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFound || error instanceof Forbidden) return null;
    throw error;
  }
}

interface Defaults {
  timeoutMs: number;
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  maxBytes: number;
  maxPageBytes: number;
}

/**
 * A response is read whole and then parsed: reading, decoding and parsing a page took about
 * four times its size at the peak (a 40 MB page of DataCite-like records: 170 MB), so a 64 MB
 * page would take some 270 MB. A page of records is capped at 32 MB (about 135 MB to read):
 * a source's pages are far smaller at its default page size (1,000 DataCite records are about
 * 5 MB), and a larger one is refused with the remedy, smaller pages (--page-size). A record's
 * own response (a file list of 200,000 entries), which no option makes smaller, keeps maxBytes.
 */
export const PAGE_BYTES = 32 * 1024 * 1024;

const DEFAULTS: Defaults = {
  timeoutMs: 60_000,
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
  maxBytes: 64 * 1024 * 1024,
  maxPageBytes: PAGE_BYTES,
};

export class HttpClient {
  private readonly o: Defaults & HttpOptions;
  /** Every wait the client made, in ms (for logs and tests). */
  readonly waits: number[] = [];
  requests = 0;
  /**
   * Requests that got an answer: a body read, or a 404/410/401/403 (an answer about the thing
   * asked for). What tells a record whose own requests were answered (record-failure.ts).
   */
  answers = 0;

  constructor(options: HttpOptions = {}) {
    this.o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  }

  async getJson(url: string, init: { headers?: Record<string, string> } = {}): Promise<unknown> {
    return this.request(url, { method: 'GET', headers: { accept: 'application/json', ...init.headers } }, parseJson);
  }

  /**
   * GET a list response whose records sit in one array (`shape`): a record that no reading can
   * trust (a key given twice, nesting too deep) is refused alone, the page's other records kept
   * (list-body.ts). A problem outside the records refuses the page, as getJson does.
   */
  async getJsonList(url: string, shape: ListShape): Promise<{ body: unknown; refused: RefusedEntry[] }> {
    return this.request(url, { method: 'GET', headers: { accept: 'application/json' } }, (text) => parseList(text, url, shape), this.o.maxPageBytes);
  }

  /** GET with a parser that runs inside the retry loop: a body that does not parse (truncated) is fetched again. */
  async getWith<T>(url: string, parse: (text: string) => T, headers: Record<string, string> = {}): Promise<T> {
    return this.request(url, { method: 'GET', headers }, parse);
  }

  async getText(url: string, init: { headers?: Record<string, string> } = {}): Promise<string> {
    return this.request(url, { method: 'GET', headers: init.headers ?? {} }, (t) => t);
  }

  async postForm(url: string, form: Record<string, string>): Promise<unknown> {
    return this.request(
      url,
      { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() },
      parseJson,
    );
  }

  private async request<T>(url: string, init: { method: string; headers: Record<string, string>; body?: string }, parse: (text: string) => T, maxBytes = this.o.maxBytes): Promise<T> {
    const doFetch = this.o.fetch ?? fetch;
    let lastError: HttpError | null = null;
    for (let attempt = 0; attempt <= this.o.retries; attempt++) {
      if (attempt > 0) await this.wait(this.backoff(attempt, lastError));
      this.requests++;
      let response: Response;
      try {
        response = await followRedirects(doFetch, url, {
          method: init.method,
          headers: { 'user-agent': 'aperture-pull (+https://github.com/aperture)', ...this.o.headers, ...init.headers },
          body: init.body,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
      } catch (error) {
        if (error instanceof RedirectRefused) throw error;
        lastError = new HttpError(`${init.method} ${url}: ${(error as Error).message}`, url, null, { cause: error });
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        this.answers++;
        throw new NotFound(`${init.method} ${url}: ${response.status}`, url, response.status);
      }
      if (response.status === 429 || response.status >= 500) {
        await response.body?.cancel();
        lastError = new RetryableStatus(`${init.method} ${url}: HTTP ${response.status}`, url, response.status, retryAfterMs(response.headers.get('retry-after')));
        if (lastError instanceof RetryableStatus && lastError.retryAfterMs !== null && lastError.retryAfterMs > this.o.maxRetryAfterMs) {
          throw new HttpError(`${url} asked to retry after ${Math.round(lastError.retryAfterMs / 1000)} s, longer than allowed`, url, response.status);
        }
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        const body = await readCapped(response, REFUSAL_BYTES).catch(() => '');
        this.answers++;
        throw new Forbidden(`${init.method} ${url}: HTTP ${response.status}`, url, response.status, body);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new HttpError(`${init.method} ${url}: HTTP ${response.status}`, url, response.status);
      }
      let text: string;
      try {
        text = await readCapped(response, maxBytes);
      } catch (error) {
        if (error instanceof TooLarge) throw new ResponseTooLarge(`${url}: ${error.message}`, url, response.status, maxBytes === this.o.maxPageBytes && maxBytes !== this.o.maxBytes);
        lastError = new HttpError(`${init.method} ${url}: body interrupted: ${(error as Error).message}`, url, response.status, { cause: error });
        continue;
      }
      try {
        const value = parse(text);
        this.answers++;
        return value;
      } catch (error) {
        if (error instanceof RefusedBody) throw new UnreadableBody(`${init.method} ${url}: ${error.message}`, url, response.status);
        const contentType = response.headers.get('content-type');
        // A page served in the API's place says the same on every attempt: not a truncated body.
        if (isHtmlPage(text, contentType)) throw new HtmlAnswer(init.method, url, response.status, contentType, text, init.headers.accept ?? '');
        lastError = new HttpError(`${init.method} ${url}: the body does not parse (${(error as Error).message})`, url, response.status, { cause: error });
      }
    }
    throw lastError ?? new HttpError(`${url}: failed`, url, null);
  }

  private backoff(attempt: number, error: HttpError | null): number {
    if (error instanceof RetryableStatus && error.retryAfterMs !== null) return error.retryAfterMs;
    const ceiling = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
    return Math.round((this.o.random ?? Math.random)() * ceiling);
  }

  private async wait(ms: number): Promise<void> {
    this.waits.push(ms);
    await (this.o.sleep ?? ((t: number) => new Promise<void>((resolve) => setTimeout(resolve, t))))(ms);
  }
}

class RetryableStatus extends HttpError {
  readonly retryAfterMs: number | null;
  constructor(message: string, url: string, status: number, retryAfterMs: number | null) {
    super(message, url, status);
    this.retryAfterMs = retryAfterMs;
  }
}

class TooLarge extends Error {}

/** A body over its cap, refused without being read to the end; asking again brings the same. */
export class ResponseTooLarge extends HttpError {
  readonly hint: string;
  constructor(message: string, url: string, status: number, page: boolean) {
    super(message, url, status);
    this.hint = page
      ? 'This page of records is larger than a page is read whole (reading and parsing it takes about four times its size in memory). Ask for smaller pages: --page-size, or catalogue.source.pageSize in aperture.config.json.'
      : 'The response is larger than any one response is read (reading and parsing it takes about four times its size in memory).';
  }
}

/** A redirect the client will not follow: to another host or scheme, or one hop too many. Not retried: the server would say the same again. */
export class RedirectRefused extends HttpError {}

/** Hops followed per request: enough for http→https and a moved path, never a loop. */
const MAX_REDIRECTS = 5;

/**
 * fetch with redirects followed by hand. A source is configured by its URL, and what it
 * answers must come from there: a redirect to another host or port (a compromised catalogue pointing
 * the pull at a cloud metadata endpoint, 169.254.169.254, or an intranet service) or to
 * anything but http(s), or from https down to http, is refused, as is a chain longer than
 * MAX_REDIRECTS. undici's own `follow` would go anywhere, 20 hops deep.
 */
async function followRedirects(doFetch: typeof fetch, url: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal }): Promise<Response> {
  let current = new URL(url);
  let { method, body } = init;
  for (let hop = 0; ; hop++) {
    const response = await doFetch(current.toString(), { method, headers: init.headers, body, signal: init.signal, redirect: 'manual' });
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (location === null) return response;
    await response.body?.cancel();
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new RedirectRefused(`${method} ${url}: redirected to ${JSON.stringify(location.slice(0, 200))}, which is not a URL`, url, response.status);
    }
    const downgrade = current.protocol === 'https:' && next.protocol === 'http:';
    // `host` with its port: another port of the same machine is another service (an admin API beside the catalogue).
    if (!['http:', 'https:'].includes(next.protocol) || next.host !== current.host || downgrade) {
      throw new RedirectRefused(
        `${method} ${url}: redirected to ${next.protocol}//${next.host}${next.pathname.slice(0, 100)}; a source's answers are followed only within its own host (${current.host}), over http(s), never from https down to http`,
        url,
        response.status,
      );
    }
    if (hop + 1 > MAX_REDIRECTS) throw new RedirectRefused(`${method} ${url}: more than ${MAX_REDIRECTS} redirects`, url, response.status);
    // As browsers do: 303, and 301/302 after a POST, turn into a GET without the body.
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    current = next;
  }
}

/** `Retry-After: 120` or an HTTP date → milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new TooLarge(`response of ${declared} bytes is larger than the cap of ${maxBytes}`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new TooLarge(`response is larger than the cap of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return decodeBody(Buffer.concat(chunks), response.headers.get('content-type'));
}

/**
 * Bytes → text as the server says they are written: a byte-order mark first (which is then
 * dropped: JSON.parse refuses one), else the `charset` of Content-Type (an ISO-8859-1
 * catalogue must not turn "Données" into U+FFFD), else an XML declaration's encoding, else UTF-8.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8' : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  const declared = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1] ?? null;
  // An XML body without a charset in its header names its encoding in its declaration (OAI-PMH).
  const prolog = /^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))?.[1] ?? null;
  for (const label of [bom, declared, prolog, 'utf-8']) {
    if (!label) continue;
    try {
      // TextDecoder removes the BOM of its own encoding.
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown charset label: try the next reading.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Response nesting allowed: a record's own limit (the build refuses a deeper datacite.json)
 * plus the few levels of an API's envelope. Array length is bounded by maxBytes alone: a
 * dataset may list 100,000 files.
 */
const RESPONSE_LIMITS = { maxDepth: MAX_DEPTH + 16, maxItems: Number.MAX_SAFE_INTEGER };

/**
 * JSON read as the catalogue reads it (src/catalogue/json-text.ts): a key given twice in one
 * object is refused, not "last wins" (`{"isPublished": false, "isPublished": true}` must not
 * publish), and nesting is bounded before anything recursive walks the value (100,000 levels
 * would overflow the stack of the mapping and stop the pull with a RangeError). A syntax error
 * is retried (a truncated body); the other two are the server's answer, so they are not.
 */
function parseJson(text: string): unknown {
  const sink = new DiagnosticSink();
  const parsed = parseJsonText(text, sink, 'The response', RESPONSE_LIMITS);
  if (parsed.ok) return parsed.value;
  const problem = sink.list[0];
  if (problem?.code === 'catalogue/malformed-json') throw new SyntaxError(problem.message);
  throw new RefusedBody(problem?.message ?? 'The response cannot be read');
}

/** parseJson for a list response: a problem inside one record refuses that record only. */
function parseList(text: string, url: string, shape: ListShape): { body: unknown; refused: RefusedEntry[] } {
  const read = readListBody(text.replace(/^\uFEFF/, ''), url, shape, RESPONSE_LIMITS);
  if (read.ok) return { body: read.body, refused: read.refused };
  if (read.problem.code === 'catalogue/malformed-json') throw new SyntaxError(read.message);
  throw new RefusedBody(read.message);
}

/** A body that parses but is built in a way no reading can trust; asking again brings the same. */
class RefusedBody extends Error {}

/**
 * A body refused as no reading can trust it (a key given twice, nesting too deep): the
 * server's answer, so not asked for again. Where it answers for one record, only that record
 * is unreadable (pull.ts); a listing page refused whole stops the pull.
 */
export class UnreadableBody extends HttpError {}

/**
 * An HTML page where JSON or XML was asked for, with a success status: a login or
 * maintenance page, a single-sign-on redirect target, a proxy's error page. Asking again
 * brings the same page, so it is not retried; it fails its request like any other failure
 * (one record's request costs that record, a listing page stops the walk). `hint` holds the
 * page's first characters, which usually say which of those it is.
 */
export class HtmlAnswer extends HttpError {
  readonly contentType: string | null;
  readonly hint: string;
  constructor(method: string, url: string, status: number, contentType: string | null, text: string, accept: string) {
    const expected = /json/i.test(accept) ? 'JSON' : /xml/i.test(accept) ? 'XML' : 'data';
    const title = /<title[^>]*>([^<]{1,120})/i.exec(text)?.[1].replace(/\s+/g, ' ').trim();
    super(
      `${method} ${url} answered HTTP ${status} with an HTML page${title ? ` titled ${JSON.stringify(title)}` : ''} (Content-Type: ${contentType ?? 'none'}) where ${expected} was expected; a login or maintenance page, or a proxy's error page, stands in the API's place`,
      url,
      status,
    );
    this.contentType = contentType;
    this.hint = `${pageHint(text)} Check the source URL and whether the API is behind a sign-in; nothing of this page was mirrored.`;
  }
}


/** A response that parsed but is not what the API promises (a list without its list): the source is broken, stop. */
export class UnexpectedBody extends HttpError {
  constructor(message: string, url: string) {
    super(message, url, 200);
  }
}
