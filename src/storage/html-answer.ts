/**
 * An HTML page answered with a success status where the object store's XML (a listing, CORS
 * rules, an upload's answer) or an object was asked for: a proxy's sign-in or error page.
 * The SDK parses such a page as an empty listing (no Contents, no CORS rules) and a HEAD of
 * it as an object of the page's size, which reads as "bucket empty", "every file missing"
 * or a wrong size, and could drive wrong decisions (a pull mirroring records without files,
 * a publish re-uploading everything). Every client from createStorageClient refuses it
 * instead, as StoreHtmlAnswer, which each caller reports once.
 */
import type { S3Client } from '@aws-sdk/client-s3';

/** Enough of a page to show its doctype, title or first heading. */
const HINT_CHARS = 200;
/** The head of a body looked at to tell a page from XML; S3's XML opens within it. */
const SNIFF_BYTES = 512;

/**
 * Whether a body is an HTML page: it says so in its first tag, or the server labels it HTML
 * and it is markup. A JSON body never starts with "<"; an XML one mislabelled text/html still
 * opens with its declaration and is read as XML.
 */
export function isHtmlPage(text: string, contentType: string | null): boolean {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, SNIFF_BYTES);
  if (/^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i.test(head)) return true;
  return isHtmlType(contentType) && head.startsWith('<') && !head.startsWith('<?xml');
}

function isHtmlType(contentType: string | null | undefined): boolean {
  return /^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(contentType ?? '');
}

/** What the page began with, for a diagnostic's hint. */
export function pageHint(text: string): string {
  return `The page began: ${JSON.stringify(text.replace(/^\uFEFF/, '').replace(/\s+/g, ' ').trim().slice(0, HINT_CHARS))}.`;
}

export class StoreHtmlAnswer extends Error {
  /** Not a failure worth another try (retry.ts reads the status): the same page comes back. */
  readonly $metadata: { httpStatusCode: number };
  constructor(
    readonly operation: string,
    readonly url: string,
    readonly status: number,
    readonly contentType: string | null,
    /** The page's first characters ("" for a HEAD, which has no body). */
    readonly text: string,
  ) {
    const title = /<title[^>]*>([^<]{1,120})/i.exec(text)?.[1].replace(/\s+/g, ' ').trim();
    super(
      `${operation} ${url} answered HTTP ${status} with an HTML page${title ? ` titled ${JSON.stringify(title)}` : ''} (Content-Type: ${contentType ?? 'none'}) where the object store's answer was expected; a sign-in page or a proxy's error page stands in the store's place`,
    );
    this.name = 'StoreHtmlAnswer';
    this.$metadata = { httpStatusCode: status };
  }

  get hint(): string {
    return `${this.text ? `${pageHint(this.text)} ` : ''}Check storage.endpoint and whether the store is behind a sign-in or a proxy; nothing was read from this answer.`;
  }
}

/** Operations whose answer is an object's own bytes and headers, which may be HTML by right. */
const OBJECT_READS = new Set(['GetObjectCommand', 'HeadObjectCommand']);

interface RawRequest {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
  query?: Record<string, string | string[] | null | undefined>;
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

/**
 * Refuses HTML answers before the SDK parses them. For the store's own XML answers, any
 * HTML page; for an object read, an HTML content type on a key that does not name an HTML
 * file (a sign-in page in place of `frame_0001.cbf`; `index.html` is HTML by right).
 */
export function refuseHtmlAnswers(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      if (response.statusCode < 200 || response.statusCode >= 300) return result;
      const operation = String(context.commandName ?? 'request');
      const contentType = response.headers['content-type'] ?? null;
      const url = requestUrl(args.request as RawRequest);
      const input = args.input as { Key?: string };
      if (OBJECT_READS.has(operation)) {
        if (isHtmlType(contentType) && !/\.x?html?$/i.test(input.Key ?? '')) {
          const text = operation === 'GetObjectCommand' ? await readHead(response) : '';
          throw new StoreHtmlAnswer(operation.replace(/Command$/, ''), url, response.statusCode, contentType, text);
        }
        return result;
      }
      const bytes = await readBody(response);
      if (isHtmlPage(bytes, contentType)) throw new StoreHtmlAnswer(operation.replace(/Command$/, ''), url, response.statusCode, contentType, bytes);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'apertureRefuseHtmlAnswers' },
  );
}

/**
 * The body as text, leaving the response readable for the SDK's parser (which takes a byte
 * array as readily as a stream). The store's own answers are small XML documents.
 */
async function readBody(response: RawResponse): Promise<string> {
  const body = response.body;
  if (body === undefined || body === null) return '';
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  const bytes = new Uint8Array(Buffer.concat(chunks));
  response.body = bytes;
  return Buffer.from(bytes).toString('utf8');
}

/** The first bytes of a body that is refused anyway (an object may be large): the rest is not read. */
async function readHead(response: RawResponse): Promise<string> {
  const body = response.body as (AsyncIterable<Uint8Array | string> & { destroy?: () => void }) | undefined;
  if (!body || typeof body[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk));
    length += chunk.length;
    if (length >= SNIFF_BYTES) break;
  }
  body.destroy?.();
  return Buffer.concat(chunks).toString('utf8');
}

/** The URL asked, as the curator would paste it to see the page. */
function requestUrl(request: RawRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, v ?? '');
  }
  const search = query.size > 0 ? `?${query.toString().replace(/=(?=&|$)/g, '')}` : '';
  return `${request.protocol ?? 'https:'}//${request.hostname ?? ''}${request.port ? `:${request.port}` : ''}${request.path ?? ''}${search}`;
}
