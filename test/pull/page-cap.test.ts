/**
 * A page of records is read whole and then parsed, which takes about four times its size in
 * memory at the peak (probed: a 40 MB page of DataCite-like records took 170 MB). Pages are
 * therefore capped lower than a record's own response (PAGE_BYTES, 32 MB): a larger page
 * stops the pull at once, unretried, with the remedy in the hint (smaller pages), and the
 * mirror as it was; asked for in smaller pages, the same records are mirrored.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { serve, NOW } from './pull-harness.ts';
import { dataciteAttributes, dataciteListPage } from './fixtures.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { HttpClient, PAGE_BYTES } from '../../src/pull/http.ts';
import { runPull } from '../../src/pull/pull.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';

const RECORDS = Array.from({ length: 20 }, (_, i) =>
  dataciteAttributes(`10.16907/page-${i}`, { descriptions: [{ description: `Run ${i}. ${'Diffraction images of lysozyme. '.repeat(300)}`, descriptionType: 'Abstract' }] }),
);
/** Small enough for a page of 5 of those records, too small for all 20 (about 10 KB each). */
const CAP = 100_000;

async function pullWithPages(pageSize: number) {
  const { replay, out } = await serve((req, server) => {
    if (req.path !== '/dois') return undefined;
    const size = Number(req.query.get('page[size]'));
    const start = Number(/^at-(\d+)$/.exec(req.query.get('page[cursor]') ?? '')?.[1] ?? 0);
    const next = start + size < RECORDS.length ? `at-${start + size}` : null;
    return { body: dataciteListPage(server.url, RECORDS.slice(start, start + size), next, RECORDS.length) };
  });
  const sink = new DiagnosticSink();
  const http = new HttpClient({ sleep: async () => {}, timeoutMs: 5_000, maxPageBytes: CAP });
  const summary = await runPull({ source: dataciteRestSource({ url: replay.url, prefix: '10.16907', pageSize }), out, http, sink, now: NOW });
  return { summary, sink, http, out, replay };
}

describe('a page of records over the page cap', () => {
  it('stops the pull unretried, names the remedy, and leaves the mirror as it was', async () => {
    const { summary, sink, http, out } = await pullWithPages(20);
    expect(summary.failed).toMatch(/larger than the cap of 100000/);
    expect(http.requests).toBe(1);
    const [stopped] = sink.list.filter((d) => d.code === 'pull/source-unreachable');
    expect(stopped.hint).toMatch(/Ask for smaller pages: --page-size, or catalogue\.source\.pageSize in aperture\.config\.json\./);
    expect((await readdir(out)).filter((n) => !n.startsWith('.'))).toEqual([]);
  });

  it('is mirrored whole when asked for in smaller pages', async () => {
    const { summary, sink } = await pullWithPages(5);
    expect(summary.failed ?? null).toBeNull();
    expect(summary.written).toBe(RECORDS.length);
    expect(sink.list.map((d) => d.code)).not.toContain('pull/source-unreachable');
  });

  it('caps pages below a record\'s own response, which no option makes smaller', async () => {
    const { replay } = await serve(() => ({ body: { data: RECORDS } }));
    const http = new HttpClient({ sleep: async () => {}, maxPageBytes: CAP });
    const body = (await http.getJson(`${replay.url}/one-record-with-many-files`)) as { data: unknown[] };
    expect(body.data).toHaveLength(RECORDS.length);
    expect(PAGE_BYTES).toBe(32 * 1024 * 1024);
  });
});
