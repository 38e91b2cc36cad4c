/**
 * Builds a fixture catalogue into a temporary folder with the real pipeline (stage,
 * Astro, pagefind, audit) and gives tests ways to look at every output file.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { writeFixtureCatalogue, type FixtureSpec } from './catalogue-fixtures.ts';
import { buildSite, type BuildReport } from '../../src/build/build.ts';
import { loadSiteConfig } from '../../src/config/site-config.ts';

export interface FixtureSite {
  root: string;
  catalogue: string;
  dist: string;
  work: string;
  report: BuildReport;
  /** Every output file, relative to dist, `/`-separated. */
  files(): Promise<string[]>;
  /** A file's text; gzip-compressed files (pagefind) are decompressed. */
  read(relative: string): Promise<string>;
  rebuild(): Promise<BuildReport>;
}

export const FIXTURE_CONFIG = {
  siteUrl: 'https://data.example.org',
  title: 'Fixture Archive',
  tagline: 'A catalogue made by the tests.',
  facility: { name: 'Fixture Facility', logo: null },
  contactEmail: 'data@example.org',
  storage: { bucket: 'fixture', publicBaseUrl: 'https://objects.example.org/fixture/' },
  filesPerPage: 50,
};

export async function tempDir(prefix = 'aperture-'): Promise<string> {
  const base = path.resolve('test/.tmp');
  await import('node:fs/promises').then((fs) => fs.mkdir(base, { recursive: true }));
  return mkdtemp(path.join(base, prefix));
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

export async function buildFixtureSite(specs: FixtureSpec[], config: Record<string, unknown> = {}): Promise<FixtureSite> {
  const root = await tempDir();
  const catalogue = await writeFixtureCatalogue(path.join(root, 'catalogue'), specs);
  const configFile = path.join(root, 'aperture.config.json');
  await writeFile(configFile, JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue', ...config }));
  const dist = path.join(root, 'dist');
  const work = path.join(root, 'work');
  const run = async () =>
    buildSite({ config: await loadSiteConfig(configFile, {}), outDir: dist, workDir: work, log: () => {}, now: new Date('2026-11-01T00:00:00Z') });
  const site: FixtureSite = {
    root,
    catalogue,
    dist,
    work,
    report: await run(),
    files: () => listFiles(dist),
    async read(relative) {
      const bytes = await readFile(path.join(dist, relative));
      return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    },
    async rebuild() {
      site.report = await run();
      return site.report;
    },
  };
  return site;
}

/** Files of the output that contain `text` (case-insensitive), pagefind's compressed files included. */
export async function filesContaining(site: FixtureSite, text: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await site.files()) {
    if ((await site.read(file)).toLowerCase().includes(text.toLowerCase())) hits.push(file);
  }
  return hits;
}
