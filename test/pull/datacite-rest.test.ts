/**
 * DataCite REST pull against a local replay of the API: cursor paging to the end with the
 * URL rebuilt (links.next drops parameters), faults mid-walk (500, 429 with Retry-After,
 * a truncated page), a record that changes between pulls, one that goes from findable to
 * registered, an ESRF-style session DOI with a future Available date, a record that
 * vanishes, and a source that is down. The mirror is then read by the filesystem
 * catalogue and validated, exactly as `aperture build` would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startReplay, type Replay, type Reply } from './replay-server.ts';
import { dataciteAttributes, dataciteCursor, dataciteListPage } from './fixtures.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { HttpClient } from '../../src/pull/http.ts';
import { runPull } from '../../src/pull/pull.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { filesystemSource } from '../../src/catalogue/filesystem-source.ts';
import { validateCatalogue } from '../../src/validate/validate-catalogue.ts';
import { runCli } from '../helpers/cli.ts';

const NOW = new Date('2026-03-01T12:00:00Z');

/** A mutable remote catalogue and the faults to inject, served as DataCite REST pages of two. */
class FakeDataCite {
  records = new Map<string, Record<string, unknown>>();
  faults = new Map<string, Reply[]>();
  down = false;
  constructor() {
    for (let i = 1; i <= 5; i++) this.put(dataciteAttributes(`10.15151/ESRF-DC-${1000 + i}`, { created: `2024-02-1${i}T08:00:00.000Z`, updated: `2024-02-1${i}T08:00:00.000Z` }));
  }
  put(attrs: Record<string, unknown>) {
    this.records.set(String(attrs.doi).toLowerCase(), attrs);
  }
  route = (req: { path: string; query: URLSearchParams }, server: { url: string }): Reply | undefined => {
    if (this.down) return { status: 503, body: 'Service Unavailable' };
    if (req.path === '/dois') {
      const cursor = req.query.get('page[cursor]') ?? '1';
      const fault = this.faults.get(cursor)?.shift();
      if (fault) return fault;
      const size = Number(req.query.get('page[size]') ?? 25);
      const query = req.query.get('query');
      const since = query ? /updated:\[(\S+) TO \*\]/.exec(query)?.[1] : null;
      const all = [...this.records.values()]
        .filter((r) => r.state === 'findable')
        .filter((r) => !since || String(r.updated) >= since)
        .sort((a, b) => String(a.created).localeCompare(String(b.created)));
      const start = cursor === '1' ? 0 : all.findIndex((r) => dataciteCursor(Date.parse(String(r.created)), String(r.doi)) === cursor) + 1;
      const page = all.slice(start, start + size);
      const last = page.at(-1);
      const more = start + size < all.length && last;
      return { body: dataciteListPage(server.url, page, more ? dataciteCursor(Date.parse(String(last.created)), String(last.doi)) : null, all.length) };
    }
    const m = /^\/dois\/(.+)$/.exec(req.path);
    if (m) {
      const attrs = this.records.get(decodeURIComponent(m[1]).toLowerCase());
      return attrs ? { body: { data: { id: attrs.doi, type: 'dois', attributes: attrs } } } : undefined;
    }
    return undefined;
  };
}

describe('DataCite REST pull', () => {
  let remote: FakeDataCite;
  let replay: Replay;
  let out: string;
  const waits: number[] = [];
  const http = () => new HttpClient({ sleep: async (ms) => void waits.push(ms), random: () => 0.5, timeoutMs: 5_000 });
  const pull = (options: { full?: boolean; maxMisses?: number; now?: Date } = {}) => {
    const sink = new DiagnosticSink();
    return runPull({ source: dataciteRestSource({ url: replay.url, clientId: 'inist.esrf', pageSize: 2 }), out, http: http(), sink, now: options.now ?? NOW, ...options }).then((summary) => ({ summary, sink }));
  };

  beforeAll(async () => {
    remote = new FakeDataCite();
    replay = await startReplay(remote.route);
    out = await mkdtemp(path.join(tmpdir(), 'aperture-pull-datacite-'));
  });
  afterAll(async () => {
    await replay.stop();
    await rm(out, { recursive: true, force: true });
  });

  it('walks every cursor page to the end, rebuilding each URL with our own parameters, through a 500, a 429 and a truncated page', async () => {
    const second = dataciteCursor(Date.parse('2024-02-12T08:00:00.000Z'), '10.15151/ESRF-DC-1002');
    const third = dataciteCursor(Date.parse('2024-02-14T08:00:00.000Z'), '10.15151/ESRF-DC-1004');
    remote.faults.set(second, [{ status: 500, body: { errors: [{ status: '500' }] } }, { status: 429, headers: { 'retry-after': '7' }, body: {} }]);
    remote.faults.set(third, [{ body: { data: [{ id: 'x' }] }, truncateAt: 9 }]);
    const { summary, sink } = await pull();
    expect(summary.failed).toBeNull();
    expect(summary.seen).toBe(5);
    expect(summary.written).toBe(5);
    expect(sink.errors()).toEqual([]);
    const listRequests = replay.requests.filter((r) => r.path === '/dois');
    // Three pages, plus one retry for the 500, one for the 429 and one for the truncated body.
    expect(listRequests).toHaveLength(6);
    for (const r of listRequests) {
      expect(r.query.get('affiliation')).toBe('true');
      expect(r.query.get('publisher')).toBe('true');
      expect(r.query.get('client-id')).toBe('inist.esrf');
      expect(Number(r.query.get('page[size]'))).toBeLessThanOrEqual(1000);
    }
    expect(listRequests.map((r) => r.query.get('page[cursor]'))).toEqual(['1', second, second, second, third, third]);
    expect(waits).toContain(7000); // Retry-After honoured
    const folders = (await readdir(out)).filter((n) => !n.startsWith('.')).sort();
    expect(folders).toEqual(['10.15151-esrf-dc-1001', '10.15151-esrf-dc-1002', '10.15151-esrf-dc-1003', '10.15151-esrf-dc-1004', '10.15151-esrf-dc-1005']);
  });

  it('writes a mirror that the filesystem catalogue reads and validates like content/', async () => {
    const sink = new DiagnosticSink();
    const records = [];
    for await (const { record } of validateCatalogue(filesystemSource(out), sink)) records.push(record);
    expect(sink.errors()).toEqual([]);
    expect(records.map((r) => r?.doi)).toContain('10.15151/esrf-dc-1003');
    expect(records.every((r) => r?.release.state === 'released' && r.release.releasedOn === '2024-02-14')).toBe(true);
    const datacite = JSON.parse(await readFile(path.join(out, '10.15151-esrf-dc-1001', 'datacite.json'), 'utf8'));
    expect(datacite.state).toBeUndefined(); // registry bookkeeping is not metadata
    expect(datacite.publisher.publisherIdentifier).toBe('https://ror.org/02550n020');
  });

  it('de-duplicates a DOI served twice across pages', async () => {
    const source = dataciteRestSource({ url: replay.url, clientId: 'inist.esrf', pageSize: 2 });
    const dois: string[] = [];
    const originalRoute = remote.route;
    const dup = dataciteAttributes('10.15151/ESRF-DC-1001', { created: '2024-02-13T09:00:00.000Z' });
    remote.records.set('dup', dup);
    for await (const item of source.list({ http: http(), sink: new DiagnosticSink(), since: null, now: NOW, env: {}, log: () => {} })) {
      if (item.kind === 'record') dois.push(String(item.record.doi).toLowerCase());
    }
    remote.records.delete('dup');
    void originalRoute;
    expect(dois.filter((d) => d === '10.15151/esrf-dc-1001')).toHaveLength(1);
  });

  it('fetches only changes on the next pull and rewrites only the record that changed', async () => {
    const before = replay.requests.length;
    remote.put({ ...remote.records.get('10.15151/esrf-dc-1003')!, titles: [{ title: 'Corrected title' }], updated: '2026-03-01T13:00:00.000Z' });
    const stamp = (await readFile(path.join(out, '10.15151-esrf-dc-1001', 'datacite.json'), 'utf8'));
    const { summary } = await pull({ now: new Date('2026-03-01T14:00:00Z') });
    expect(summary.full).toBe(false);
    expect(summary.seen).toBe(1);
    expect(summary.written).toBe(1);
    const query = replay.requests.slice(before).find((r) => r.path === '/dois')?.query.get('query');
    expect(query).toMatch(/^updated:\[2026-02-28T12:00:00.000Z TO \*\]$/); // watermark less a day of overlap
    expect(JSON.parse(await readFile(path.join(out, '10.15151-esrf-dc-1003', 'datacite.json'), 'utf8')).titles[0].title).toBe('Corrected title');
    expect(await readFile(path.join(out, '10.15151-esrf-dc-1001', 'datacite.json'), 'utf8')).toBe(stamp);
  });

  it('turns a record that went from findable to registered into a tombstone on the next full pull', async () => {
    remote.put({ ...remote.records.get('10.15151/esrf-dc-1002')!, state: 'registered', updated: '2026-03-02T10:00:00.000Z' });
    const { summary, sink } = await pull({ full: true, now: new Date('2026-03-02T12:00:00Z') });
    expect(summary.withdrawn).toBe(1);
    expect(sink.list.map((d) => d.code)).toContain('pull/withdrawn');
    const experiment = JSON.parse(await readFile(path.join(out, '10.15151-esrf-dc-1002', 'experiment.json'), 'utf8'));
    expect(experiment.release).toMatchObject({ state: 'withdrawn', withdrawnOn: '2026-03-02' });
    expect(experiment.release.withdrawalReason).toMatch(/registered/);
  });

  it('mirrors an ESRF-style session DOI (findable at once, Available in three years) as metadata-only', async () => {
    remote.put(
      dataciteAttributes('10.15151/ESRF-ES-2210534378', {
        created: '2026-03-02T06:00:00.000Z',
        registered: '2025-09-06T06:00:10.000Z',
        updated: '2026-03-02T06:00:00.000Z',
        dates: [{ date: '2025-09-05', dateType: 'Collected' }, { date: '2028-09-06', dateType: 'Available' }, { date: '2028', dateType: 'Issued' }],
        publicationYear: 2028,
      }),
    );
    const { sink } = await pull({ now: new Date('2026-03-02T13:00:00Z') });
    expect(sink.errors()).toEqual([]);
    const experiment = JSON.parse(await readFile(path.join(out, '10.15151-esrf-es-2210534378', 'experiment.json'), 'utf8'));
    expect(experiment.release).toMatchObject({ state: 'metadata-only', releasedOn: '2025-09-06', filesAvailableFrom: '2028-09-06' });
  });

  it('keeps a record that vanished from the listing until it has been missing maxMisses times, re-fetching it directly each time', async () => {
    const gone = remote.records.get('10.15151/esrf-dc-1004')!;
    remote.records.delete('10.15151/esrf-dc-1004');
    const first = await pull({ full: true, maxMisses: 2, now: new Date('2026-03-03T12:00:00Z') });
    expect(first.summary.vanished).toBe(1);
    expect(replay.requests.some((r) => r.path === '/dois/10.15151%2Fesrf-dc-1004' || r.path === '/dois/10.15151/esrf-dc-1004')).toBe(true);
    let experiment = JSON.parse(await readFile(path.join(out, '10.15151-esrf-dc-1004', 'experiment.json'), 'utf8'));
    expect(experiment.release.state).toBe('released');
    const second = await pull({ full: true, maxMisses: 2, now: new Date('2026-03-04T12:00:00Z') });
    expect(second.summary.withdrawn).toBe(1);
    experiment = JSON.parse(await readFile(path.join(out, '10.15151-esrf-dc-1004', 'experiment.json'), 'utf8'));
    expect(experiment.release.state).toBe('withdrawn');
    remote.put(gone);
  });

  it('leaves the previous mirror untouched when the source is down, and says so with exit code 4', async () => {
    const snapshot = await readFile(path.join(out, '.aperture-pull', 'state.json'), 'utf8');
    remote.down = true;
    const run = await runCli(['pull', '--from', 'datacite', '--url', replay.url, '--client-id', 'inist.esrf', '--out', out, '--config', 'none.json', '--retries', '1'], out, {});
    remote.down = false;
    expect(run.code).toBe(4);
    expect(run.err).toMatch(/left as it was/);
    expect(await readFile(path.join(out, '.aperture-pull', 'state.json'), 'utf8')).toBe(snapshot);
    expect((await readdir(path.join(out, '.aperture-pull'))).filter((n) => n.startsWith('staging-'))).toEqual([]);
    const offline = await runCli(['pull', '--from', 'datacite', '--url', replay.url, '--client-id', 'inist.esrf', '--out', out, '--offline', '--config', 'none.json'], out, {});
    expect(offline.code).toBe(0);
    expect(offline.err).toMatch(/OFFLINE/);
    expect(existsSync(path.join(out, '10.15151-esrf-dc-1001', 'experiment.json'))).toBe(true);
  }, 60_000);

  it('refuses a DataCite pull with no client, provider or prefix (exit 2)', async () => {
    const run = await runCli(['pull', '--from', 'datacite', '--url', replay.url, '--out', out, '--config', 'none.json'], out, {});
    expect(run.code).toBe(2);
  });
});
