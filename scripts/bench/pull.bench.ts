/**
 * `aperture pull` at scale, against a local replay of DataCite REST: N records
 * (BENCH_PULL_RECORDS, default 5,000) in pages of 1,000. Measures the first full pull,
 * an incremental pull after one record changed, and a full reconciliation with nothing
 * changed: wall time, requests, record folders written, peak RSS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startReplay } from '../../test/pull/replay-server.ts';
import { dataciteAttributes, dataciteCursor, dataciteListPage } from '../../test/pull/fixtures.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { HttpClient } from '../../src/pull/http.ts';
import { runPull } from '../../src/pull/pull.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';

export default async function bench(): Promise<void> {
  const n = Number(process.env.BENCH_PULL_RECORDS ?? 5000);
  const records = Array.from({ length: n }, (_, i) =>
    dataciteAttributes(`10.15151/BENCH-${i}`, { created: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), updated: '2024-06-01T00:00:00.000Z' }),
  );
  const cursors = new Map(records.map((r, i) => [dataciteCursor(Date.parse(String(r.created)), String(r.doi)), i + 1]));
  const replay = await startReplay((req, server) => {
    if (req.path !== '/dois') return undefined;
    const size = Number(req.query.get('page[size]'));
    const since = /updated:\[(\S+) TO/.exec(req.query.get('query') ?? '')?.[1];
    const pool = since ? records.filter((r) => String(r.updated) >= since) : records;
    const cursor = req.query.get('page[cursor]') ?? '1';
    const start = since ? (cursor === '1' ? 0 : pool.length) : cursor === '1' ? 0 : (cursors.get(cursor) ?? n);
    const page = pool.slice(start, start + size);
    const last = page.at(-1);
    const next = start + size < pool.length && last ? dataciteCursor(Date.parse(String(last.created)), String(last.doi)) : null;
    return { body: dataciteListPage(server.url, page, next, pool.length) };
  });
  const out = await mkdtemp(path.join(os.tmpdir(), 'aperture-bench-pull-'));
  const source = dataciteRestSource({ url: replay.url, clientId: 'bench', pageSize: 1000 });
  const run = async (label: string, options: { full?: boolean; now: Date }) => {
    const http = new HttpClient();
    const started = performance.now();
    const summary = await runPull({ source, out, http, sink: new DiagnosticSink(), ...options });
    const ms = performance.now() - started;
    console.log(
      `${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${String(summary.requests).padStart(5)} requests  ${String(summary.seen).padStart(6)} records  ${String(summary.written).padStart(6)} written  ${(n / (ms / 1000)).toFixed(0).padStart(6)} rec/s  rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );
  };
  try {
    console.log(`DataCite REST replay, ${n} records, page size 1000`);
    await run('first pull (full)', { now: new Date('2026-01-01T00:00:00Z') });
    records[Math.floor(n / 2)] = { ...records[Math.floor(n / 2)], titles: [{ title: 'Changed' }], updated: '2026-01-02T00:00:00.000Z' };
    await run('incremental, one record changed', { now: new Date('2026-01-02T12:00:00Z') });
    await run('full reconciliation, no change', { full: true, now: new Date('2026-01-03T00:00:00Z') });
  } finally {
    await replay.stop();
    await rm(out, { recursive: true, force: true });
  }
}
