/**
 * `_headers` for static hosts that read one (Netlify, Cloudflare Pages): the CSP as a
 * header (a <meta> CSP cannot carry frame-ancestors), nosniff, a referrer policy, and the
 * media types hosts do not know (Link Sets, JSON-LD, JSON Lines). Only wildcard rules, so
 * the file stays far inside Cloudflare's 100 rules and 2,000 characters per line whatever
 * the catalogue size (conventions A1.8); per-record `Link` headers are left to the HTML.
 */
import { contentSecurityPolicy } from './csp.ts';

export const MAX_HEADER_RULES = 100;
export const MAX_HEADER_LINE = 2000;

export function staticHeaders(storageOrigin: string | null): string {
  const rules: Array<[string, string[]]> = [
    [
      '/*',
      [
        `Content-Security-Policy: ${contentSecurityPolicy({ storageOrigin })}`,
        'X-Content-Type-Options: nosniff',
        'Referrer-Policy: strict-origin-when-cross-origin',
      ],
    ],
    ['/doi/*/linkset.json', ['Content-Type: application/linkset+json', 'Access-Control-Allow-Origin: *']],
    ['/doi/*/metadata.jsonld', ['Content-Type: application/ld+json', 'Access-Control-Allow-Origin: *']],
    ['/catalog.jsonld', ['Content-Type: application/ld+json', 'Access-Control-Allow-Origin: *']],
    ['/records.jsonl', ['Content-Type: application/jsonl', 'Access-Control-Allow-Origin: *']],
    ['/api/*', ['Access-Control-Allow-Origin: *']],
    ['/feed.xml', ['Content-Type: application/atom+xml']],
  ];
  return rules.map(([pattern, headers]) => [pattern, ...headers.map((h) => `  ${h}`)].join('\n')).join('\n') + '\n';
}
