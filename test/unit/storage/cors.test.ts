import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { XMLParser } from 'fast-xml-parser';
import { startS3rver, type RunningS3rver } from '../../helpers/s3rver.ts';
import { applyCors, corsRules, corsXml, readCors } from '../../../src/storage/cors.ts';

const SITE = 'https://data.example.org/archive/';
const ORIGIN = 'https://data.example.org';

describe('corsRules(siteUrl)', () => {
  it('allows GET/HEAD with Range from the site origin and lists exposed headers explicitly', () => {
    const [rule] = corsRules(SITE, ['http://localhost:4321/']).CORSRules;
    expect(rule.AllowedOrigins).toEqual([ORIGIN, 'http://localhost:4321']);
    expect(rule.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(rule.AllowedHeaders).toContain('Range');
    for (const h of ['Content-Range', 'Accept-Ranges', 'Content-Length', 'ETag']) expect(rule.ExposeHeaders).toContain(h);
    expect(rule.ExposeHeaders).not.toContain('*');
  });

  it('renders S3 CORSConfiguration XML that parses back to the same rule', () => {
    const xml = corsXml(corsRules(SITE));
    const parsed = new XMLParser({ isArray: (name) => name !== 'CORSConfiguration' && name !== 'MaxAgeSeconds' }).parse(xml);
    const rule = parsed.CORSConfiguration.CORSRule[0];
    expect(rule.AllowedOrigin).toEqual([ORIGIN]);
    expect(rule.ExposeHeader).toContain('Content-Range');
  });
});

describe('CORS and range requests on a real store', () => {
  let s3: RunningS3rver;
  const body = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
  beforeAll(async () => {
    s3 = await startS3rver([{ name: 'data', cors: corsXml(corsRules(SITE)) }, { name: 'other' }]);
    await s3.client.send(new PutObjectCommand({ Bucket: 'data', Key: 'exp/ds/image_0001.cbf', Body: body }));
  });
  afterAll(() => s3?.stop());

  it('answers a preflight for the range header', async () => {
    const res = await fetch(`${s3.endpoint}/data/exp/ds/image_0001.cbf`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
    });
    expect(res.status).toBe(200);
    // s3rver answers a matched preflight with `*`; AWS echoes the origin. Either grants it.
    expect([ORIGIN, '*']).toContain(res.headers.get('access-control-allow-origin'));
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('range');
  });

  it('refuses a preflight from another origin', async () => {
    const res = await fetch(`${s3.endpoint}/data/exp/ds/image_0001.cbf`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves a ranged GET as 206 with a readable Content-Range', async () => {
    const res = await fetch(`${s3.endpoint}/data/exp/ds/image_0001.cbf`, { headers: { Origin: ORIGIN, Range: 'bytes=1000-1999' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 1000-1999/4096');
    const exposed = res.headers.get('access-control-expose-headers')?.toLowerCase() ?? '';
    for (const h of ['content-range', 'accept-ranges', 'content-length', 'etag']) expect(exposed).toContain(h);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(body.subarray(1000, 2000));
  });

  it('applies the rules to a bucket with PutBucketCors and reads them back', async () => {
    expect(await readCors(s3.client, 'other')).toBeNull();
    await applyCors(s3.client, 'other', corsRules(SITE));
    const rules = await readCors(s3.client, 'other');
    expect(rules?.[0].AllowedOrigins).toEqual([ORIGIN]);
    expect(rules?.[0].ExposeHeaders).toContain('ETag');
  });
});
