/**
 * The RFC 9264 Link Set (`linkset.json`) of one record: FAIR Signposting level 2. It holds
 * every typed link of the landing page, one `item` per file, and back-links (`describes`
 * from each metadata file, `collection` from each data file). Files arrive as a stream and
 * are written with backpressure, so a 200,000-file dataset costs constant memory; the
 * listing is read twice (items, then file anchors) rather than held.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { METADATA_FILES, type TypedLink } from './signposting.ts';

export interface LinksetFile {
  url: string;
  mediaType: string;
}

export interface LinksetInput {
  landingUrl: string;
  /** Landing-page links (cite-as, type, describedby, license, author), see landingLinks(). */
  links: TypedLink[];
  /** Streams the record's files; called twice. Empty for metadata-only records. */
  files: () => AsyncIterable<LinksetFile>;
}

export interface LinksetStats {
  items: number;
  bytesWritten: number;
}

/** RFC 9264 §4.2.4: target attributes from RFC 8288 are strings; extensions (profile) are arrays. */
function target(link: TypedLink): Record<string, unknown> {
  const out: Record<string, unknown> = { href: link.href };
  if (link.type) out.type = link.type;
  if (link.profile) out.profile = [link.profile];
  return out;
}

function grouped(links: TypedLink[]): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const link of links) (out[link.rel] ??= []).push(target(link));
  return out;
}

export async function writeLinkset(file: string, input: LinksetInput): Promise<LinksetStats> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let bytesWritten = 0;
  const write = async (text: string): Promise<void> => {
    bytesWritten += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const landing = { anchor: input.landingUrl, ...grouped(input.links) };
  const head = JSON.stringify(landing);
  // The landing anchor's `item` array is streamed: open it in place of the closing brace,
  // and only when there is a first file (an empty relation array says nothing).
  const iterator = input.files()[Symbol.asyncIterator]();
  let next = await iterator.next();
  let items = 0;
  if (next.done) {
    await write(`{"linkset":[${head}`);
  } else {
    await write(`{"linkset":[${head.slice(0, -1)},"item":[`);
    for (; !next.done; next = await iterator.next()) {
      await write((items > 0 ? ',' : '') + JSON.stringify({ href: next.value.url, type: next.value.mediaType }));
      items += 1;
    }
    await write(']}');
  }
  const back = [{ href: input.landingUrl, type: 'text/html' }];
  for (const m of METADATA_FILES) {
    await write(',' + JSON.stringify({ anchor: input.landingUrl + m.name, describes: back }));
  }
  for await (const f of input.files()) {
    await write(',' + JSON.stringify({ anchor: f.url, collection: back }));
  }
  await write(']}\n');
  out.end();
  await once(out, 'finish');
  return { items, bytesWritten };
}
