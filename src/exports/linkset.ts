/**
 * The RFC 9264 Link Set (`linkset.json`) of one record: FAIR Signposting level 2. It holds
 * every typed link of the landing page, one `item` per file, and back-links (`describes`
 * from each metadata file, `collection` from each data file). Files arrive as a stream and
 * are written with backpressure, so a 200,000-file dataset costs constant memory; the
 * listing is read once (anchors wait in a sidecar file) rather than held.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { METADATA_FILES, type TypedLink } from './signposting.ts';
import { bufferedTextFile } from '../files/buffered-text-file.ts';

export interface LinksetFile {
  url: string;
  mediaType: string;
}

export interface LinksetInput {
  landingUrl: string;
  /** Landing-page links (cite-as, type, describedby, license, author), see landingLinks(). */
  links: TypedLink[];
  /** Streams the record's files (read once). Empty for metadata-only records. */
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
  const writer = await openLinkset(file, input.landingUrl, input.links);
  for await (const f of input.files()) await writer.add(f);
  return writer.finish();
}

export interface LinksetWriter {
  add(file: LinksetFile): Promise<void>;
  finish(): Promise<LinksetStats>;
}

/** Anchors held in memory before they go to the sidecar file (~220 characters per file). */
const ANCHORS_IN_MEMORY = 1 << 20;

/**
 * The Link Set written as files are pushed to it, in one pass: `item` links go straight
 * into the file, each file's `collection` anchor is appended at the end, so the caller's
 * listing is read once and never held. Anchors wait in memory, and in a sidecar file
 * once a listing has thousands of files; a record of a few hundred files is one write.
 */
export async function openLinkset(file: string, landingUrl: string, links: TypedLink[]): Promise<LinksetWriter> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = bufferedTextFile(file);
  const sidecarFile = `${file}.anchors-${process.pid}.tmp`;
  const sidecar = bufferedTextFile(sidecarFile, ANCHORS_IN_MEMORY);
  const head = JSON.stringify({ anchor: landingUrl, ...grouped(links) });
  const back = [{ href: landingUrl, type: 'text/html' }];
  let items = 0;
  return {
    async add(f) {
      // The landing anchor's `item` array is opened in place of its closing brace, and only
      // when there is a first file (an empty relation array says nothing).
      await out.write((items === 0 ? `{"linkset":[${head.slice(0, -1)},"item":[` : ',') + JSON.stringify({ href: f.url, type: f.mediaType }));
      items += 1;
      await sidecar.write(',' + JSON.stringify({ anchor: f.url, collection: back }));
    },
    async finish() {
      let bytesWritten: number;
      try {
        await out.write(items === 0 ? `{"linkset":[${head}` : ']}');
        for (const m of METADATA_FILES) await out.write(',' + JSON.stringify({ anchor: landingUrl + m.name, describes: back }));
        if (sidecar.spilled) {
          await sidecar.close();
          for await (const chunk of createReadStream(sidecarFile, 'utf8')) await out.write(chunk as string);
        } else {
          await out.write(sidecar.take());
        }
        await out.write(']}\n');
        bytesWritten = await out.close();
      } catch (error) {
        out.destroy();
        throw error;
      } finally {
        sidecar.destroy();
        if (sidecar.spilled) await rm(sidecarFile, { force: true });
      }
      return { items, bytesWritten };
    },
  };
}
