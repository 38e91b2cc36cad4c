/**
 * The bucket CORS rules Aperture needs (conventions C8): browsers on the site's origin
 * may GET/HEAD objects with Range requests (the streaming ZIP, the image viewer, resumable
 * fetches) and read the range and integrity headers. No credentials, and ExposeHeaders
 * lists each header explicitly because S3 rejects `*` there.
 */
import { GetBucketCorsCommand, PutBucketCorsCommand, type CORSRule, type S3Client } from '@aws-sdk/client-s3';

export interface CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders: string[];
  ExposeHeaders: string[];
  MaxAgeSeconds: number;
}

/** Same shape as `aws s3api put-bucket-cors --cors-configuration file://cors.json`. */
export interface CorsRules {
  CORSRules: CorsRule[];
}

/** Request headers a reader's browser sends cross-origin: ranges and conditional requests. */
export const CORS_ALLOWED_HEADERS = ['Range', 'If-Range', 'If-Match', 'If-None-Match', 'If-Modified-Since'];

/** Response headers scripts must be able to read; listed explicitly (S3 rejects `*`). */
export const CORS_EXPOSE_HEADERS = ['Content-Range', 'Accept-Ranges', 'Content-Length', 'ETag', 'Content-Encoding', 'x-amz-meta-sha256'];

/** The rules for a site published at `siteUrl` (only its origin counts), plus any extra origins. */
export function corsRules(siteUrl: string, extraOrigins: string[] = []): CorsRules {
  const origins = [...new Set([siteUrl, ...extraOrigins].map((u) => new URL(u).origin))];
  return {
    CORSRules: [
      {
        AllowedOrigins: origins,
        AllowedMethods: ['GET', 'HEAD'],
        AllowedHeaders: CORS_ALLOWED_HEADERS,
        ExposeHeaders: CORS_EXPOSE_HEADERS,
        MaxAgeSeconds: 3600,
      },
    ],
  };
}

/** The same rules as S3 `CORSConfiguration` XML (for `PUT ?cors`, MinIO/Ceph consoles, s3rver). */
export function corsXml(rules: CorsRules): string {
  const element = (name: string, values: Array<string | number>) =>
    values.map((v) => `    <${name}>${escapeXml(String(v))}</${name}>`).join('\n');
  const body = rules.CORSRules.map((rule) =>
    [
      '  <CORSRule>',
      element('AllowedOrigin', rule.AllowedOrigins),
      element('AllowedMethod', rule.AllowedMethods),
      element('AllowedHeader', rule.AllowedHeaders),
      element('ExposeHeader', rule.ExposeHeaders),
      element('MaxAgeSeconds', [rule.MaxAgeSeconds]),
      '  </CORSRule>',
    ].join('\n'),
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n${body}\n</CORSConfiguration>\n`;
}

/** Applies the rules to the bucket (replaces its CORS configuration). Needs credentials. */
export async function applyCors(client: S3Client, bucket: string, rules: CorsRules): Promise<void> {
  await client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules.CORSRules } }));
}

/** The bucket's current rules, or null when it has none. */
export async function readCors(client: S3Client, bucket: string): Promise<CORSRule[] | null> {
  try {
    const out = await client.send(new GetBucketCorsCommand({ Bucket: bucket }));
    return out.CORSRules ?? [];
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchCORSConfiguration') return null;
    throw error;
  }
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
