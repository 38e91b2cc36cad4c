/**
 * `npm start`: the demo, end to end on this machine. The demo objects are written (or
 * checked), served by a local S3-compatible store (src/preview/demo-store.ts), the site is
 * built with that store as its storage, and served as the static host would serve it, so
 * every download link, manifest and the browser ZIP fetch real bytes that verify.
 *
 *   tsx scripts/start-demo.ts [--port 4321] [--s3-port 4568] [--out dist]
 * A facility does not use this: it points storage at its real store (README).
 */
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { generateDemoObjects } from './generate-demo-objects.ts';
import { startDemoStore } from '../src/preview/demo-store.ts';
import { serveSite } from '../src/preview/static-host.ts';
import { loadSiteConfig } from '../src/config/site-config.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4321' }, 's3-port': { type: 'string', default: '4568' }, out: { type: 'string', default: 'dist' } } });
const port = Number(values.port);
const root = path.resolve(import.meta.dirname, '..');
const config = await loadSiteConfig(path.join(root, 'aperture.config.json'));
const log = (line: string) => process.stderr.write(line + '\n');

// The site is served first (its folder appears when the build swaps it in), so the build
// and the store's CORS rules know its real origin even when --port 0 picks one.
const site = await serveSite(path.resolve(root, values.out!), { port });
const objects = await generateDemoObjects(path.join(root, '.aperture', 'demo-objects'), path.join(root, config.catalogue));
const store = await startDemoStore({
  directory: path.join(root, '.aperture', 'demo-store'),
  bucket: config.storage.bucket ?? 'aperture-demo',
  port: Number(values['s3-port']),
  siteOrigins: [site.url, `http://localhost:${site.port}`],
  objects: objects.all,
  log,
});
log(`demo store: ${objects.all.length} objects in bucket ${store.bucket} at ${store.endpoint} (S3 API, path style, anonymous reads)`);

const env = {
  ...process.env,
  APERTURE_SITE_URL: site.url,
  APERTURE_STORAGE_ENDPOINT: store.endpoint,
  APERTURE_STORAGE_PUBLIC_URL: store.publicBaseUrl,
};
const code = await new Promise<number>((resolve) => {
  spawn(process.execPath, [path.join(root, 'bin', 'aperture.js'), 'build', '--out', values.out!], { cwd: root, env, stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1));
});
if (code !== 0 && code !== 1) {
  await site.close();
  await store.stop();
  process.exit(code);
}
log(`serving the demo at ${site.url}/ with downloads from ${store.publicBaseUrl} (Ctrl+C to stop)`);
const stop = async () => {
  await site.close();
  await store.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
