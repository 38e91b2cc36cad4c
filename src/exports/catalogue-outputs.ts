/**
 * Catalogue-wide machine-readable outputs, written into the folder mirrored to dist/ after
 * staging: sitemaps + robots.txt, the Atom feed, the DCAT catalogue, the JSON Lines dump,
 * the static JSON API and `_headers`. One streaming pass over the staged record lines
 * (one per public record, written by stageRecord, each with its parts of these files
 * already serialized: src/exports/catalogue-line.ts); tombstones and unpublished records
 * are never among them, so they cannot reach these files.
 */
import { createReadStream } from 'node:fs';
import { link, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SiteConfig } from '../config/site-config.ts';
import { datasetPath } from '../record/identity.ts';
import { SitemapWriter, robotsTxt } from './sitemap.ts';
import { NewestEntries, atomFeed } from './atom.ts';
import { catalogueHead } from './dcat.ts';
import { apiPath } from './record-dump.ts';
import { catalogueParts, type CatalogueParts } from './catalogue-line.ts';
import { staticHeaders } from './static-headers.ts';
import { STAGED_RECORDS_FILE } from './record-files.ts';
import { bufferedTextFile } from '../files/buffered-text-file.ts';
import { splitLines } from '../catalogue/listing-stream.ts';

export interface CatalogueOutputsResult {
  records: number;
  sitemapUrls: number;
  sitemapFiles: string[];
  feedEntries: number;
  bytes: Record<string, number>;
}

/** Links `from` at `to`; false when there is no `from` (the caller writes the file). */
async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch {
    return false;
  }
}

/**
 * The staged record lines, as bytes (src/exports/catalogue-line.ts): read a megabyte at a
 * time, never decoded whole. A line has no length limit: a record's metadata may be large,
 * and a line left out would be a record missing from every catalogue file.
 */
async function* stagedRecords(stageDir: string): AsyncGenerator<CatalogueParts> {
  const file = path.join(stageDir, STAGED_RECORDS_FILE);
  if (!existsSync(file)) return;
  for await (const line of splitLines(createReadStream(file, { highWaterMark: READ_CHUNK }), Infinity)) {
    if ('bytes' in line && line.bytes.length > 0) yield catalogueParts(line.bytes);
  }
}

const READ_CHUNK = 1024 * 1024;

const CHUNK_CHARS = 256 * 1024;

export interface CatalogueOutputsOptions {
  publicDir: string;
  stageDir: string;
  config: SiteConfig;
  /**
   * Every browse page's path, as the stage made them (stageBrowse). Awaited only for the
   * sitemap's tail, so the pass over the records can start before the browse pages are staged
   * (src/build/catalogue-outputs-job.ts).
   */
  browsePaths: readonly string[] | PromiseLike<readonly string[]>;
  now: Date;
  /**
   * An incremental build: the previous build's public files (set aside by the stage) and the
   * records staged anew (their slugs). Every other record's line is the previous build's, so
   * its API file is too, and is linked from there instead of written again (10,000 files).
   */
  reuse?: { previousPublic: string; restaged: ReadonlySet<string> };
}

export async function writeCatalogueOutputs(o: CatalogueOutputsOptions): Promise<CatalogueOutputsResult> {
  const { publicDir, config } = o;
  await mkdir(path.join(publicDir, 'api/records'), { recursive: true });
  const sitemap = new SitemapWriter(publicDir, config.siteUrl);
  const feed = new NewestEntries();
  // Each record adds a line to three files: written in large chunks, not 30,000 small writes.
  const dump = bufferedTextFile(path.join(publicDir, 'records.jsonl'), CHUNK_CHARS);
  const index = bufferedTextFile(path.join(publicDir, 'api/records/index.json'), CHUNK_CHARS);
  const dcat = bufferedTextFile(path.join(publicDir, 'catalog.jsonld'), CHUNK_CHARS);
  const head = JSON.stringify(
    catalogueHead({
      siteUrl: config.siteUrl,
      title: config.title,
      description: config.tagline,
      publisher: config.facility.name,
      publisherUrl: config.facility.ror ?? config.facility.url,
      contactEmail: config.contactEmail,
    }),
  );
  await dcat.write(`${head.slice(0, -1)},"dcat:dataset":[\n`);
  await index.write('{"records":[\n');

  let records = 0;
  let newest: string | null = null;
  const folders = new Set<string>();
  for await (const { facts: r, dcat: dataset, index: entry, dump: line } of stagedRecords(o.stageDir)) {
    const lastmod = r.lastModified;
    if (lastmod && (!newest || lastmod > newest)) newest = lastmod;
    await sitemap.add(r.path, lastmod);
    for (const d of r.datasetPages) {
      for (let page = 1; page <= d.pages; page++) await sitemap.add(datasetPath(r.slug, d.id, page), lastmod);
    }
    feed.add(r.feed);
    const sep = records > 0 ? ',\n' : '';
    await dump.writeBytes(line);
    await dump.write('\n');
    await dcat.write(sep);
    await dcat.writeBytes(dataset);
    await index.write(sep);
    await index.writeBytes(entry);
    const api = path.join(publicDir, apiPath(r.doi));
    // Most DOIs of a catalogue share a prefix, so most records need no mkdir.
    if (!folders.has(path.dirname(api))) {
      await mkdir(path.dirname(api), { recursive: true });
      folders.add(path.dirname(api));
    }
    if (!(o.reuse && !o.reuse.restaged.has(r.slug) && (await linked(path.join(o.reuse.previousPublic, apiPath(r.doi)), api)))) {
      await writeFile(api, JSON.stringify(JSON.parse(line.toString('utf8')), null, 2) + '\n');
    }
    records += 1;
  }
  await index.write(`\n],"count":${records}}\n`);
  await dcat.write('\n]}\n');

  // Site pages: home and browse pages change when records do, so they take the newest record date.
  await sitemap.add('/', newest);
  for (const browsePage of await o.browsePaths) await sitemap.add(browsePage, newest);
  for (const page of ['/search/', '/about/', '/statistics/']) await sitemap.add(page, null);
  const map = await sitemap.finish();

  const feedXml = atomFeed(feed.entries, { siteUrl: config.siteUrl, title: config.title, publisher: config.facility.name, now: o.now });
  await writeFile(path.join(publicDir, 'feed.xml'), feedXml);
  const robots = robotsTxt(config.siteUrl);
  await writeFile(path.join(publicDir, 'robots.txt'), robots);
  const headers = staticHeaders(new URL(config.storage.publicBaseUrl).origin);
  await writeFile(path.join(publicDir, '_headers'), headers);

  return {
    records,
    sitemapUrls: map.urls,
    sitemapFiles: map.files,
    feedEntries: feed.entries.length,
    bytes: {
      'records.jsonl': await dump.close(),
      'api/records/index.json': await index.close(),
      'catalog.jsonld': await dcat.close(),
      'feed.xml': Buffer.byteLength(feedXml),
    },
  };
}
