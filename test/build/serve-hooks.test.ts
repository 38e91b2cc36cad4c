/**
 * `aperture serve-hooks` end to end: the real command in its own process, a signed release
 * notification over HTTP, a real build of a fixture catalogue, and /status saying it is done.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONFIG, tempDir } from '../helpers/build-fixture.ts';
import { releasedMxSpec, writeFixtureCatalogue } from '../helpers/catalogue-fixtures.ts';
import { SECRET, signedHeaders } from '../unit/hooks/sign.ts';

const CLI = path.resolve('bin/aperture.js');
let child: ChildProcess | undefined;
afterAll(() => child?.kill('SIGTERM'));

async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('aperture serve-hooks', () => {
  it('refuses to start without a secret in the environment', async () => {
    const run = spawn(process.execPath, [CLI, 'serve-hooks', '--port', '0'], { env: { ...process.env, APERTURE_WEBHOOK_SECRET: '' } });
    let err = '';
    run.stderr.on('data', (c) => (err += c));
    const code = await new Promise((resolve) => run.once('close', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/APERTURE_WEBHOOK_SECRET/);
  });

  it('builds the site once for a burst of signed notifications and ignores a forged one', async () => {
    const root = await tempDir('hooks-');
    await writeFixtureCatalogue(path.join(root, 'catalogue'), [releasedMxSpec()]);
    await writeFile(path.join(root, 'aperture.config.json'), JSON.stringify({ ...FIXTURE_CONFIG, catalogue: 'catalogue' }));
    child = spawn(process.execPath, [CLI, 'serve-hooks', '--port', '0', '--config', 'aperture.config.json', '--settle', '300'], {
      cwd: root,
      env: { ...process.env, APERTURE_WEBHOOK_SECRET: SECRET },
    });
    let log = '';
    child.stderr!.on('data', (c) => (log += c));
    const url = await waitFor(async () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1], 60_000);

    const body = JSON.stringify({ doi: '10.5072/aperture-released-fixture' });
    const forged = await fetch(`${url}/release`, { method: 'POST', body, headers: { ...signedHeaders(body), 'webhook-signature': 'v1,AAAA' } });
    expect(forged.status).toBe(401);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/release`, { method: 'POST', body, headers: signedHeaders(body) });
      expect(res.status).toBe(202);
    }
    const status = await waitFor(async () => {
      const s = (await (await fetch(`${url}/status`)).json()) as { state: string; last: { ok: boolean; notifications: string[] } | null; builds: number };
      return s.state === 'idle' && s.last ? s : undefined;
    }, 240_000);
    expect(status.builds).toBe(1);
    expect(status.last).toMatchObject({ ok: true });
    expect(status.last!.notifications).toHaveLength(3);
    const landing = path.join(root, 'dist', 'doi', '10.5072', 'aperture-released-fixture', 'index.html');
    expect(existsSync(landing)).toBe(true);
    expect(await readFile(landing, 'utf8')).toContain('10.5072/aperture-released-fixture');
  }, 300_000);
});
