import { afterEach, describe, expect, it } from 'vitest';
import { CoalescingBuildQueue, type BuildRequest } from '../../../src/hooks/build-queue.ts';
import { startHookServer, type HookServer } from '../../../src/hooks/hook-server.ts';
import { ReleaseVerifier } from '../../../src/hooks/verify-release.ts';
import { SECRET, signedHeaders } from './sign.ts';

let server: HookServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const builds: BuildRequest[] = [];
  const queue = new CoalescingBuildQueue(async (request) => {
    builds.push(request);
    return { ok: true, exitCode: 0 };
  }, 250);
  server = await startHookServer({ verifier: new ReleaseVerifier(SECRET), queue });
  return { url: server.url, queue, builds };
}

function post(url: string, body: string, headers: Record<string, string>) {
  return fetch(`${url}/release`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

describe('serve-hooks HTTP endpoint', () => {
  it('listens on the loopback address by default', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('queues a build for a signed notification and reports it in /status', async () => {
    const { url, queue, builds } = await start();
    const body = JSON.stringify({ doi: 'https://doi.org/10.5072/Released-One' });
    const res = await post(url, body, signedHeaders(body, { id: 'msg_ok' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: 'msg_ok', doi: '10.5072/released-one' });
    const waiting = await (await fetch(`${url}/status`)).json();
    expect(waiting).toMatchObject({ state: 'waiting', queue: { dois: ['10.5072/released-one'] } });
    await queue.idle();
    expect(builds).toHaveLength(1);
    const done = await (await fetch(`${url}/status`)).json();
    expect(done).toMatchObject({ state: 'idle', last: { ok: true, dois: ['10.5072/released-one'] }, lastError: null });
  });

  it('answers 401 to forged, stale and replayed notifications and starts nothing', async () => {
    const { url, queue, builds } = await start();
    const body = JSON.stringify({ doi: '10.5072/released-one' });
    const forged = { ...signedHeaders(body), 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') };
    const stale = signedHeaders(body, { at: new Date(Date.now() - 10 * 60 * 1000) });
    const once = signedHeaders(body, { id: 'msg_once' });
    expect((await post(url, body, forged)).status).toBe(401);
    expect((await post(url, body, stale)).status).toBe(401);
    expect((await post(url, body, {})).status).toBe(401);
    expect((await post(url, body, once)).status).toBe(202);
    expect((await post(url, body, once)).status).toBe(401);
    await queue.idle();
    expect(builds).toHaveLength(1);
    expect(builds[0].notifications).toEqual(['msg_once']);
  });

  it('an empty signed body asks for a full rebuild; a bad DOI is refused with 400', async () => {
    const { url, queue, builds } = await start();
    expect((await post(url, '', signedHeaders(''))).status).toBe(202);
    const bad = JSON.stringify({ doi: 'not a doi' });
    expect((await post(url, bad, signedHeaders(bad))).status).toBe(400);
    await queue.idle();
    expect(builds).toEqual([{ dois: [], full: true, notifications: [expect.any(String)] }]);
  });

  it('refuses bodies over the size limit and unknown routes', async () => {
    const { url } = await start();
    const big = 'x'.repeat(70 * 1024);
    expect((await post(url, big, signedHeaders(big))).status).toBe(413);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${url}/release`)).status).toBe(405);
  });
});
