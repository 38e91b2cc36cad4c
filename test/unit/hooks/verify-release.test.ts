import { describe, expect, it } from 'vitest';
import { ReleaseVerifier } from '../../../src/hooks/verify-release.ts';
import { SECRET, signedHeaders } from './sign.ts';

const body = JSON.stringify({ doi: '10.5072/released-one' });

describe('release notification signatures (Standard Webhooks)', () => {
  it('accepts a notification signed with the shared secret', () => {
    const verifier = new ReleaseVerifier(SECRET);
    expect(verifier.verify(Buffer.from(body), signedHeaders(body, { id: 'msg_1' }))).toEqual({ ok: true, id: 'msg_1' });
  });

  it('refuses a signature made with another secret', () => {
    const other = 'whsec_' + Buffer.from('someone else entirely, 32 bytes').toString('base64');
    const verdict = new ReleaseVerifier(SECRET).verify(Buffer.from(body), signedHeaders(body, { secret: other }));
    expect(verdict.ok).toBe(false);
  });

  it('refuses a body changed after signing', () => {
    const headers = signedHeaders(body);
    const verdict = new ReleaseVerifier(SECRET).verify(Buffer.from(JSON.stringify({ doi: '10.5072/other' })), headers);
    expect(verdict.ok).toBe(false);
  });

  it('refuses a timestamp older than five minutes, and one too far in the future', () => {
    const verifier = new ReleaseVerifier(SECRET);
    const stale = signedHeaders(body, { at: new Date(Date.now() - 6 * 60 * 1000) });
    const future = signedHeaders(body, { at: new Date(Date.now() + 6 * 60 * 1000) });
    expect(verifier.verify(Buffer.from(body), stale)).toMatchObject({ ok: false, reason: expect.stringMatching(/old/i) });
    expect(verifier.verify(Buffer.from(body), future)).toMatchObject({ ok: false });
  });

  it('accepts a message id once: a replay is refused', () => {
    const verifier = new ReleaseVerifier(SECRET);
    const headers = signedHeaders(body, { id: 'msg_replayed' });
    expect(verifier.verify(Buffer.from(body), headers).ok).toBe(true);
    expect(verifier.verify(Buffer.from(body), headers)).toMatchObject({ ok: false, reason: expect.stringMatching(/replay/) });
  });

  it('refuses unsigned requests and secrets not in whsec_ form', () => {
    expect(new ReleaseVerifier(SECRET).verify(Buffer.from(body), {})).toMatchObject({ ok: false });
    expect(() => new ReleaseVerifier('plain-password')).toThrow(/whsec_/);
  });
});
