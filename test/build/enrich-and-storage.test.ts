import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { buildFixtureSite, type FixtureSite } from '../helpers/build-fixture.ts';
import { fixtureDataCite, fixtureExperiment } from '../helpers/catalogue-fixtures.ts';
import { startS3rver, type RunningS3rver } from '../helpers/s3rver.ts';
import { miniCbfBytes, syntheticFrame } from '../../src/images/synthetic.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function entry(name: string, bytes: Uint8Array, technical?: Record<string, unknown>) {
  return { path: name, size: bytes.length, sha256: sha256(bytes), mediaType: 'application/x-cbf', key: `fx/${name}`, ...(technical ? { technical } : {}) };
}

/**
 * One build against a real S3-compatible store (s3rver): previews and header metadata are
 * read from the objects over HTTP range requests, and verification marks a missing object.
 */
describe('enrich and storage verification during a build', () => {
  let s3: RunningS3rver;
  let site: FixtureSite;
  const good = miniCbfBytes(syntheticFrame({ width: 256, height: 256, seed: 7 }), 'good_00001');
  const bare = miniCbfBytes(syntheticFrame({ width: 256, height: 256, seed: 8 }), 'bare_00002');
  const corrupt = new TextEncoder().encode('###CBF: VERSION 1.5\r\nthis header stops here');
  const missing = miniCbfBytes(syntheticFrame({ width: 64, height: 64, seed: 9 }), 'missing_00003');

  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'fixture' }]);
    for (const [key, body] of [['fx/good_00001.cbf', good], ['fx/bare_00002.cbf', bare], ['fx/corrupt_00001.cbf', corrupt]] as const) {
      await s3.client.send(new PutObjectCommand({ Bucket: 'fixture', Key: key, Body: body }));
    }
    const sweep = [entry('good_00001.cbf', good, { oscillation_start_deg: 0 }), entry('bare_00002.cbf', bare), entry('missing_00003.cbf', missing)];
    const broken = [entry('corrupt_00001.cbf', corrupt, { oscillation_start_deg: 0 })];
    const dataset = (id: string, files: Array<{ size: number }>) => ({
      id,
      title: `Sweep ${id}`,
      description: null,
      kind: 'raw',
      derivedFrom: null,
      hitRate: null,
      fileCount: files.length,
      totalBytes: files.reduce((n, f) => n + f.size, 0),
      technical: null,
      bundles: [],
      listing: `datasets/${id}.jsonl`,
    });
    site = await buildFixtureSite(
      [
        {
          id: 'fixture-objects',
          datacite: fixtureDataCite('10.5072/aperture-objects-fixture', 'Objects in a real store'),
          experiment: fixtureExperiment({ state: 'released' }, [dataset('sweep', sweep), dataset('broken', broken)]),
          listings: { sweep, broken },
        },
      ],
      {
        storage: { endpoint: s3.endpoint, bucket: 'fixture', publicBaseUrl: `${s3.endpoint}/fixture/`, verifyOnBuild: true },
        enrich: { enabled: true, imageRoot: null, previewsPerDataset: 3 },
      },
    );
  });

  afterAll(async () => {
    await s3?.stop();
  });

  test('the dataset page shows a preview read from the store, with width and height', async () => {
    const html = await site.read('doi/10.5072/aperture-objects-fixture/datasets/sweep/index.html');
    const img = /<img [^>]*src="\/doi\/10\.5072\/aperture-objects-fixture\/datasets\/sweep\/preview-thumb\.webp"[^>]*>/.exec(html)?.[0];
    expect(img).toMatch(/ width="\d+"/);
    expect(img).toMatch(/ height="\d+"/);
    const files = await site.files();
    expect(files).toContain('doi/10.5072/aperture-objects-fixture/datasets/sweep/preview.webp');
  });

  test('frames spread over the sweep get their own previews, linked from their file rows', async () => {
    const html = await site.read('doi/10.5072/aperture-objects-fixture/datasets/sweep/index.html');
    const rowOf = (name: string) => {
      const start = html.indexOf(`>${name}<`);
      return html.slice(start, html.indexOf('</tr>', start));
    };
    // Positions 0, 1 and 2 of three files; the third is missing from the store, so no preview.
    expect(rowOf('good_00001.cbf')).toMatch(/<a href="\/doi\/10\.5072\/aperture-objects-fixture\/datasets\/sweep\/frames\/[0-9a-f]{16}\.webp"[^>]*>View frame/);
    expect(rowOf('bare_00002.cbf')).toContain('View frame');
    expect(rowOf('missing_00003.cbf')).not.toContain('View frame');
  });

  test('a file whose listing had no technical metadata gets it from its header', async () => {
    const html = await site.read('doi/10.5072/aperture-objects-fixture/datasets/sweep/index.html');
    const row = html.slice(html.indexOf('bare_00002.cbf'));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/λ 0\.9763 Å/);
  });

  test('a corrupt first image gives "preview unavailable" and a report line, not a crash', async () => {
    const html = await site.read('doi/10.5072/aperture-objects-fixture/datasets/broken/index.html');
    expect(html).toContain('Preview unavailable');
    const lines = site.report.diagnostics.filter((d) => d.code.startsWith('image/') && d.file === 'corrupt_00001.cbf');
    expect(lines.length).toBeGreaterThan(0);
  });

  test('an object missing from the store is reported and shown unavailable instead of linked', async () => {
    const missingLine = site.report.diagnostics.find((d) => d.code === 'storage/missing');
    expect(missingLine?.message).toContain('fx/missing_00003.cbf');
    const html = await site.read('doi/10.5072/aperture-objects-fixture/datasets/sweep/index.html');
    expect(html).not.toContain('href="' + s3.endpoint + '/fixture/fx/missing_00003.cbf"');
    expect(html).toContain('href="' + s3.endpoint + '/fixture/fx/good_00001.cbf"');
    const row = html.slice(html.indexOf('missing_00003.cbf'));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('unavailable');
  });
});
