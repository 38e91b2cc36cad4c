/**
 * Sitemaps (sitemaps.org 0.9, conventions A6): `/sitemap-1.xml`, `/sitemap-2.xml`… of at
 * most 50,000 URLs each, listed by `/sitemap-index.xml`. URLs are written as they come, so
 * 100,000 records with many listing pages never sit in memory. `lastmod` is a record date
 * (never the build time); URLs are absolute and entity-escaped.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bufferedTextFile, type BufferedTextFile } from '../files/buffered-text-file.ts';
import { escapeXmlText } from '../storage/manifest-formats.ts';
import { absoluteUrl } from '../record/identity.ts';

export const MAX_URLS_PER_SITEMAP = 50_000;
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export class SitemapWriter {
  // Written in large chunks: a sitemap line per URL, and a release rewrites about 50,000.
  private out: BufferedTextFile | null = null;
  private count = 0;
  private readonly files: Array<{ name: string; lastmod: string | null }> = [];
  private urlsTotal = 0;

  constructor(
    private readonly dir: string,
    private readonly siteUrl: string,
    private readonly maxPerFile = MAX_URLS_PER_SITEMAP,
  ) {}

  /** Adds one site-relative path (`/doi/…/`) with an optional ISO date. */
  async add(sitePath: string, lastmod: string | null): Promise<void> {
    if (!this.out || this.count >= this.maxPerFile) await this.rotate();
    const file = this.files[this.files.length - 1]!;
    if (lastmod && (!file.lastmod || lastmod > file.lastmod)) file.lastmod = lastmod;
    const loc = `<loc>${escapeXmlText(absoluteUrl(this.siteUrl, sitePath))}</loc>`;
    const mod = lastmod ? `<lastmod>${escapeXmlText(lastmod)}</lastmod>` : '';
    await this.out!.write(`<url>${loc}${mod}</url>\n`);
    this.count += 1;
    this.urlsTotal += 1;
  }

  private async rotate(): Promise<void> {
    await this.closeFile();
    const name = `sitemap-${this.files.length + 1}.xml`;
    this.files.push({ name, lastmod: null });
    this.out = bufferedTextFile(path.join(this.dir, name), 256 * 1024);
    await this.out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}">\n`);
    this.count = 0;
  }

  private async closeFile(): Promise<void> {
    if (!this.out) return;
    await this.out.write('</urlset>\n');
    await this.out.close();
    this.out = null;
  }

  /** Closes the last file and writes the index; returns the file names and URL count. */
  async finish(): Promise<{ files: string[]; urls: number }> {
    if (this.files.length === 0) await this.rotate();
    await this.closeFile();
    const entries = this.files
      .map((f) => `<sitemap><loc>${escapeXmlText(absoluteUrl(this.siteUrl, '/' + f.name))}</loc>${f.lastmod ? `<lastmod>${escapeXmlText(f.lastmod)}</lastmod>` : ''}</sitemap>`)
      .join('\n');
    await writeFile(path.join(this.dir, 'sitemap-index.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NS}">\n${entries}\n</sitemapindex>\n`);
    return { files: ['sitemap-index.xml', ...this.files.map((f) => f.name)], urls: this.urlsTotal };
  }
}

export function robotsTxt(siteUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(siteUrl, '/sitemap-index.xml')}\n`;
}
