import { describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeFor, IMMUTABLE, isEntryPoint, SHORT } from '../../../src/publish/content-types.ts';
import { SHARDS_FILE } from '../../../src/index/shard-list.ts';

describe('contentTypeFor(path)', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['10.1234/abc/linkset.json', 'application/linkset+json'],
    ['10.1234/abc/index.jsonld', 'application/ld+json'],
    ['10.1234/abc/datacite.xml', 'application/vnd.datacite.datacite+xml'],
    ['10.1234/abc/abc.datacite.xml', 'application/vnd.datacite.datacite+xml'],
    ['10.1234/abc/cite.bib', 'application/x-bibtex; charset=utf-8'],
    ['10.1234/abc/cite.ris', 'application/x-research-info-systems; charset=utf-8'],
    ['10.1234/abc/cite.csl.json', 'application/vnd.citationstyles.csl+json'],
    ['pagefind/wasm.unknown.pagefind', 'application/octet-stream'],
    ['pagefind/pagefind.js', 'text/javascript; charset=utf-8'],
    ['_astro/h5wasm.Bx1.wasm', 'application/wasm'],
    ['10.1234/abc/raw/files.meta4', 'application/metalink4+xml'],
    ['10.1234/abc/raw/SHA256SUMS', 'text/plain; charset=utf-8'],
    ['10.1234/abc/raw/manifest/MD5SUMS', 'text/plain; charset=utf-8'],
    ['10.1234/abc/raw/manifest/SHA512SUMS', 'text/plain; charset=utf-8'],
    ['10.1234/abc/raw/download.sh', 'text/plain; charset=utf-8'],
    ['feed.xml', 'application/atom+xml'],
    ['rss.xml', 'application/rss+xml'],
    ['records.jsonl', 'application/jsonl; charset=utf-8'],
    ['sitemap-0.xml', 'application/xml; charset=utf-8'],
    ['favicon.svg', 'image/svg+xml'],
    ['preview.webp', 'image/webp'],
    ['LICENSE', 'application/octet-stream'],
  ])('%s → %s', (p, type) => expect(contentTypeFor(p)).toBe(type));
});

describe('cacheControlFor(path)', () => {
  it('caches hashed assets for a year and everything else briefly', () => {
    expect(cacheControlFor('_astro/index.B2x9.css')).toBe(IMMUTABLE);
    expect(cacheControlFor('pagefind/fragment/en_1a2b3c.pf_fragment')).toBe(IMMUTABLE);
    expect(cacheControlFor('pagefind/pagefind.en_1a2b3c.pf_meta')).toBe(IMMUTABLE);
    expect(cacheControlFor('pagefind/pagefind.js')).toBe(SHORT);
    expect(cacheControlFor('pagefind/pagefind-entry.json')).toBe(SHORT);
    expect(cacheControlFor('index.html')).toBe(SHORT);
    expect(cacheControlFor('10.1234/abc/linkset.json')).toBe(SHORT);
  });

  it('treats pages, sitemaps and feeds as entry points', () => {
    expect(['a/index.html', 'sitemap-index.xml', 'feed.xml', 'robots.txt'].every(isEntryPoint)).toBe(true);
    expect(['_astro/x.js', 'a/linkset.json', 'a/files.meta4'].some(isEntryPoint)).toBe(false);
    // The search shard list names shard folders: uploaded after them, as a page after its assets.
    expect(isEntryPoint(`pagefind/${SHARDS_FILE}`)).toBe(true);
    expect(['pagefind/0123abcd/pagefind-entry.json', 'pagefind/0123abcd/pagefind.js'].some(isEntryPoint)).toBe(false);
  });
});
