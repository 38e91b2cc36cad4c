/**
 * File names a listing may hold, end to end: the build's manifests are run by the tools they
 * are for. download.sh runs under /bin/sh with a curl that writes each file's own path into
 * it, and `sha256sum -c SHA256SUMS` must then accept every file: download.sh and SHA256SUMS
 * agree on each name, byte for byte, whatever shell or URL syntax it holds, and nothing is
 * written outside the download folder. Names no manifest can carry are refused at their line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureExperiment, releasedMxSpec, sweepDataset } from '../helpers/catalogue-fixtures.ts';
import { parseXmlDocument, type XmlElement } from '../../src/datacite/xml-tree.ts';

const DOI = '10.5072/hostile-file-names';

/** Names that are published; `as` is the name after load (NFC, invisible controls removed). */
const KEPT: Array<{ name: string; as?: string; key?: string }> = [
  { name: 'pct%2Fslash.cbf' },
  { name: 'q?x=1#frag.cbf' },
  { name: 'images/scan_12:30:05.cbf' },
  { name: 'cafe\u0301.cbf', as: 'caf\u00e9.cbf' },
  { name: '-rf.cbf' },
  { name: 'sp ace/[glob]*.cbf' },
  { name: "it's $(touch pwned) `touch pwned2`; rm -rf x & \"$HOME\".cbf" },
  { name: 'bell\u0007name.cbf', as: 'bellname.cbf', key: 'bellname.cbf' },
  { name: `${'x'.repeat(250)}.cbf` },
  { name: `${'\u00fc'.repeat(125)}.cbf` },
];

/** Names refused at their line, with the code that says why. */
const REFUSED: Array<{ name: string; code: string }> = [
  { name: '../escape.cbf', code: 'catalogue/path-unsafe' },
  { name: '/abs/root.cbf', code: 'catalogue/path-unsafe' },
  { name: 'back\\slash.cbf', code: 'catalogue/path-unsafe' },
  { name: 'new\nline.cbf', code: 'catalogue/path-unsafe' },
  { name: 'tab\tname.cbf', code: 'catalogue/path-unsafe' },
  { name: 'bidi\u202egpj.exe', code: 'catalogue/path-unsafe' },
  { name: `${'y'.repeat(10_000)}.cbf`, code: 'catalogue/path-unsafe' },
  { name: `${'z'.repeat(300)}.cbf`, code: 'catalogue/path-unsafe' },
  // Composed é: the same path as the decomposed one above, once loaded.
  { name: 'caf\u00e9.cbf', code: 'catalogue/path-collision' },
];

const published = (k: (typeof KEPT)[number]) => k.as ?? k.name;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let site: FixtureSite;
let manifest: string;
beforeAll(async () => {
  // Each file's content will be its own published path: its checksum and size say so.
  const lines = [
    ...KEPT.map((k, i) => ({ path: k.name, size: Buffer.byteLength(published(k)), sha256: sha256(published(k)), mediaType: 'application/x-cbf', key: `names/${k.key ?? k.name}` })),
    ...REFUSED.map((r, i) => ({ path: r.name, size: 1, sha256: sha256(r.name), mediaType: 'application/x-cbf', key: `refused/${i}.cbf` })),
  ];
  const spec = releasedMxSpec('names', DOI, 1);
  spec.experiment = fixtureExperiment({ state: 'released' }, [{ ...sweepDataset('sweep-1', KEPT.length), totalBytes: KEPT.reduce((n, k) => n + Buffer.byteLength(published(k)), 0) }]);
  spec.listings = { 'sweep-1': lines };
  site = await buildFixtureSite([spec]);
  manifest = `doi/${DOI}/datasets/sweep-1/manifest`;
}, 300_000);
afterAll(async () => {
  if (site) await rm(site.root, { recursive: true, force: true });
});

test.each(REFUSED.map((r, i) => [JSON.stringify(r.name.slice(0, 40)), r.code, KEPT.length + i + 1] as const))('%s is refused at its line as %s', (_name, code, line) => {
  const errors = site.report.diagnostics.filter((d) => d.record === 'names' && d.severity === 'error' && d.pointer === `${line}:1`);
  expect(errors.map((d) => [d.code, d.file])).toEqual([[code, 'names/datasets/sweep-1.jsonl']]);
});

test('the page counts the published files and no others', () => {
  expect(site.report.stage.published.map((p) => p.doi)).toEqual([DOI]);
  expect(site.report.diagnostics.filter((d) => d.code === 'catalogue/listing-mismatch')).toEqual([]);
});

describe('the dataset manifests, run by their tools', () => {
  let dir: string;
  let calls: string[];
  beforeAll(async () => {
    dir = path.join(site.root, 'run');
    const target = path.join(dir, 'download');
    await mkdir(target, { recursive: true });
    for (const name of ['download.sh', 'SHA256SUMS']) await writeFile(path.join(dir, name), await site.read(`${manifest}/${name}`));
    // A curl that writes its -o path into the file it names (--create-dirs: its folder too) and logs what it was given.
    await writeFile(path.join(dir, 'curl'), '#!/bin/sh\nwhile [ $# -gt 2 ]; do shift; done\nmkdir -p -- "$(dirname -- "$1")"\nprintf "%s" "$1" > "$1"\nprintf "%s\\0%s\\0" "$1" "$2" >> "$LOG"\n');
    await chmod(path.join(dir, 'curl'), 0o755);
    const run = () => spawnSync('sh', ['../download.sh'], { cwd: target, env: { PATH: `${dir}:/usr/bin:/bin`, LOG: path.join(dir, 'log'), HOME: dir }, encoding: 'utf8' });
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    calls = (await import('node:fs/promises').then((fs) => fs.readFile(path.join(dir, 'log'), 'utf8'))).split('\0').slice(0, -1);
    // Again: every file is complete, so nothing is fetched.
    expect(run().status).toBe(0);
    expect((await import('node:fs/promises').then((fs) => fs.readFile(path.join(dir, 'log'), 'utf8'))).split('\0').length - 1).toBe(calls.length);
  });

  test('download.sh hands curl each published name exactly, and writes nothing else', async () => {
    const paths = calls.filter((_, i) => i % 2 === 0);
    expect(paths.sort()).toEqual(KEPT.map(published).sort());
    expect((await readdir(dir)).sort()).toEqual(['SHA256SUMS', 'curl', 'download', 'download.sh', 'log']);
    expect((await readdir(path.join(dir, 'download'), { recursive: true })).filter((f) => /pwned/.test(f) && !f.includes('$(touch pwned)'))).toEqual([]);
  });

  test('sha256sum -c SHA256SUMS accepts every downloaded file', () => {
    const out = execFileSync('sha256sum', ['-c', '../SHA256SUMS'], { cwd: path.join(dir, 'download'), encoding: 'utf8' });
    expect(out.split('\n').filter((l) => l.endsWith(': OK'))).toHaveLength(KEPT.length);
  });

  test('every URL is one percent-encoded line, the same in download.sh, urls.txt and files.aria2', async () => {
    const urls = calls.filter((_, i) => i % 2 === 1);
    expect(urls.sort()).toEqual((await site.read(`${manifest}/urls.txt`)).trimEnd().split('\n').sort());
    // Each URL is the object's key, every byte that is not a plain path character percent-encoded.
    const keys = urls.map((url) => {
      expect(url).toMatch(/^https:\/\/objects\.example\.org\/fixture\/names\/[\x21-\x7e]+$/);
      const u = new URL(url);
      expect([u.search, u.hash]).toEqual(['', '']);
      return u.pathname.split('/').slice(3).map(decodeURIComponent).join('/');
    });
    expect(keys.sort()).toEqual(KEPT.map((k) => k.key ?? k.name).sort());
    expect(urls.find((u) => u.includes('pct'))).toMatch(/pct%252Fslash\.cbf$/);
    const aria = (await site.read(`${manifest}/files.aria2`)).split('\n');
    expect(aria.filter((l) => l.startsWith('  out=')).map((l) => l.slice(6)).sort()).toEqual(KEPT.map(published).sort());
  });

  test('files.meta4 names each file as published', async () => {
    const doc = parseXmlDocument(await site.read(`${manifest}/files.meta4`));
    expect(doc.ok).toBe(true);
    if (!doc.ok) return;
    const names = doc.root.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'file').map((f) => f.attrs.name);
    expect(names.sort()).toEqual(KEPT.map(published).sort());
  });
});
