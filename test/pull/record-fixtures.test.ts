/** scripts/record-fixtures.ts records what a pull asks for, in order, stopping after --pages list pages. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startReplay, type Replay } from './replay-server.ts';
import { dataciteAttributes, dataciteCursor, dataciteListPage } from './fixtures.ts';

let replay: Replay;
let out: string;
beforeAll(async () => {
  replay = await startReplay((req, server) => {
    if (req.path !== '/dois') return undefined;
    const n = req.query.get('page[cursor]') === '1' ? 1 : 2;
    const doi = `10.15151/REC-${n}`;
    return { body: dataciteListPage(server.url, [dataciteAttributes(doi)], dataciteCursor(n, doi), 10) };
  });
  out = await mkdtemp(path.join(tmpdir(), 'aperture-record-'));
});
afterAll(async () => {
  await replay.stop();
  await rm(out, { recursive: true, force: true });
});

it('records two pages of a DataCite walk with their request URLs', async () => {
  const script = path.join(import.meta.dirname, '../../scripts/record-fixtures.ts');
  const tsx = path.join(import.meta.dirname, '../../node_modules/.bin/tsx');
  await promisify(execFile)(tsx, [script, '--from', 'datacite', '--url', replay.url, '--client-id', 'inist.esrf', '--pages', '2', '--out', out]);
  const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8'));
  expect(index.requests).toHaveLength(2);
  const first = JSON.parse(await readFile(path.join(out, '001.json'), 'utf8'));
  expect(first.request.url).toContain('page%5Bcursor%5D=1');
  expect(first.body.data[0].attributes.doi).toBe('10.15151/REC-1');
  expect(first.status).toBe(200);
}, 60_000);
