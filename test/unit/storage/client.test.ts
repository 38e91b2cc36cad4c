import { describe, expect, it } from 'vitest';
import { credentialsFromEnv, objectUrl } from '../../../src/storage/client.ts';

describe('objectUrl(config, key)', () => {
  it('appends the key to the base URL with each segment percent-encoded', () => {
    const config = { publicBaseUrl: 'https://cdn.example.org/data' };
    expect(objectUrl(config, 'exp 1/raw/#frame?1 (a).cbf')).toBe('https://cdn.example.org/data/exp%201/raw/%23frame%3F1%20%28a%29.cbf');
    expect(objectUrl({ publicBaseUrl: 'https://x.org/b/' }, '/lead/ümlaut.h5')).toBe('https://x.org/b/lead/%C3%BCmlaut.h5');
  });
});

describe('credentialsFromEnv(env)', () => {
  it('prefers APERTURE_STORAGE_* over AWS_* and needs both halves of a pair', () => {
    expect(credentialsFromEnv({})).toBeNull();
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a' })).toBeNull();
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })).toEqual({ accessKeyId: 'a', secretAccessKey: 'b' });
    expect(
      credentialsFromEnv({
        AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b',
        APERTURE_STORAGE_ACCESS_KEY_ID: 'c', APERTURE_STORAGE_SECRET_ACCESS_KEY: 'd', APERTURE_STORAGE_SESSION_TOKEN: 't',
      }),
    ).toEqual({ accessKeyId: 'c', secretAccessKey: 'd', sessionToken: 't' });
  });
});
