import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serveSite, type StaticHost } from '../../../src/preview/static-host.ts';
import { tempDir } from '../../helpers/build-fixture.ts';

describe('aperture preview serves the site as the object store would', () => {
  let host: StaticHost;
  beforeAll(async () => {
    const root = await tempDir('static-host-');
    await mkdir(path.join(root, 'doi/x/datasets/a'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>home</title>');
    await writeFile(path.join(root, '404.html'), '<!doctype html><title>not found</title>');
    await writeFile(path.join(root, 'doi/x/datasets/a/SHA256SUMS'), 'abc  file.cbf\n');
    await writeFile(path.join(root, 'doi/x/datasets/a/index.html'), '<!doctype html><title>dataset</title>');
    await writeFile(path.join(root, 'doi/x/linkset.json'), '{}');
    await writeFile(path.join(root, 'secret.txt'), 'outside');
    host = await serveSite(path.join(root));
  });
  afterAll(() => host.close());

  it('answers an extension-less manifest with text/plain, not 404', async () => {
    const response = await fetch(`${host.url}/doi/x/datasets/a/SHA256SUMS`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('abc  file.cbf\n');
  });

  it('uses the publish content types (a Link Set is application/linkset+json)', async () => {
    const response = await fetch(`${host.url}/doi/x/linkset.json`);
    expect(response.headers.get('content-type')).toBe('application/linkset+json');
  });

  it('serves folders by their index.html and redirects a folder without its slash', async () => {
    expect(await (await fetch(`${host.url}/doi/x/datasets/a/`)).text()).toContain('dataset');
    const redirect = await fetch(`${host.url}/doi/x/datasets/a`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/doi/x/datasets/a/');
  });

  it('answers a missing file with the site 404 page and status 404, and never leaves the folder', async () => {
    const missing = await fetch(`${host.url}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('not found');
    const escape = await fetch(`${host.url}/doi/%2e%2e/%2e%2e/%2e%2e/etc/passwd`);
    expect([400, 404]).toContain(escape.status);
  });
});
