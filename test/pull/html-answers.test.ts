/**
 * An HTML page with status 200 where a source's API should answer (a sign-in wall, a
 * maintenance page, a proxy's error page) is not a dropped connection: it is asked for once,
 * reported once with the URL, the content type and the page's first characters, and fails
 * its request as any failure does. For a listing page the walk stops and the mirror stays as
 * it was (a record's own request costing that record alone is in record-failures.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reply, Request } from './replay-server.ts';
import { pull, serve } from './pull-harness.ts';
import { dataciteAttributes, dataciteListPage } from './fixtures.ts';
import type { PullSource } from '../../src/pull/types.ts';
import { dataciteRestSource } from '../../src/pull/datacite-rest.ts';
import { dataciteOaiSource } from '../../src/pull/datacite-oai.ts';
import { scicatSource } from '../../src/pull/scicat.ts';
import { mytardisSource } from '../../src/pull/mytardis.ts';
import { icatSource } from '../../src/pull/icat.ts';
import { panoscSource } from '../../src/pull/panosc.ts';
import { isHtmlPage } from '../../src/storage/html-answer.ts';

const MAINTENANCE = '<!-- served by the front proxy -->\n<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body><h1>We will be back at 14:00</h1></body></html>';
const HTML_REPLY: Reply = { body: MAINTENANCE, headers: { 'content-type': 'text/html' } };

/** Each source with the path of the first request its listing makes (ICAT: its sign-in), and what it asks for. */
const SOURCES: Array<{ name: string; source: (url: string) => PullSource; first: (req: Request) => boolean; expected: 'JSON' | 'XML' }> = [
  { name: 'DataCite REST', source: (url) => dataciteRestSource({ url, prefix: '10.16907' }), first: (r) => r.path === '/dois', expected: 'JSON' },
  { name: 'DataCite OAI-PMH', source: (url) => dataciteOaiSource({ url: `${url}/oai` }), first: (r) => r.path === '/oai', expected: 'XML' },
  { name: 'SciCat', source: (url) => scicatSource({ url, apiVersion: 3 }), first: (r) => r.path === '/api/v3/PublishedData', expected: 'JSON' },
  { name: 'MyTardis', source: (url) => mytardisSource({ url }), first: (r) => r.path === '/api/v1/experiment/', expected: 'JSON' },
  { name: 'ICAT', source: (url) => icatSource({ url, facility: 'TestFacility' }), first: (r) => r.path === '/icat/session', expected: 'JSON' },
  { name: 'PaNOSC', source: (url) => panoscSource({ url: `${url}/api`, facility: 'ESS' }), first: (r) => r.path === '/api/Documents', expected: 'JSON' },
];

describe('a listing answered by an HTML page with status 200', () => {
  it.each(SOURCES.map((s) => [s.name, s] as const))('%s: asked once, reported once with its URL, content type and first characters; nothing mirrored', async (_, s) => {
    const { replay, out } = await serve((req) => (s.first(req) ? HTML_REPLY : undefined));
    const { summary, sink, http } = await pull(s.source(replay.url), out);
    expect(replay.requests).toHaveLength(1);
    expect(http.waits).toEqual([]);
    expect(summary.failed).toMatch(new RegExp(`answered HTTP 200 with an HTML page titled "Down for maintenance" \\(Content-Type: text/html\\) where ${s.expected} was expected`));
    expect(sink.list.map((d) => d.code)).toEqual(['pull/source-unreachable']);
    const [d] = sink.list;
    expect(d.file).toBe(replay.requests[0].url);
    expect(d.message).toContain(replay.requests[0].url);
    expect(d.hint).toMatch(/^The page began: "<!-- served by the front proxy --> <!DOCTYPE html><html><head><title>Down for maintenance/);
    expect((await readdir(out)).filter((n) => !n.startsWith('.'))).toEqual([]);
  });

  it('DataCite REST: a later pull answered by a sign-in page leaves the mirrored records as they were', async () => {
    let signIn = false;
    const { replay, out } = await serve((req) => {
      if (req.path !== '/dois') return undefined;
      if (signIn) return { body: '<html><head><title>Sign in</title></head></html>', headers: { 'content-type': 'text/html; charset=utf-8' } };
      return { body: dataciteListPage(replay.url, [dataciteAttributes('10.16907/a')], null, 1) };
    });
    const source = dataciteRestSource({ url: replay.url, prefix: '10.16907' });
    expect((await pull(source, out)).summary.written).toBe(1);
    const before = await readFile(path.join(out, '10.16907-a', 'datacite.json'), 'utf8');
    signIn = true;
    const asked = replay.requests.length;
    const { summary, sink } = await pull(source, out, { full: true, now: new Date('2026-03-02T12:00:00Z') });
    expect(replay.requests.length - asked).toBe(1);
    expect(summary).toMatchObject({ vanished: 0, withdrawn: 0 });
    expect(summary.failed).toMatch(/HTML page titled "Sign in"/);
    expect(sink.list.filter((d) => d.code === 'pull/source-unreachable')).toHaveLength(1);
    expect(await readFile(path.join(out, '10.16907-a', 'datacite.json'), 'utf8')).toBe(before);
  });
});

describe('isHtmlPage(text, contentType)', () => {
  it('knows a page by its first tag, whatever it is labelled', () => {
    expect(isHtmlPage('\uFEFF  <!doctype HTML><p>x', 'application/json')).toBe(true);
    expect(isHtmlPage('<html lang="de">', null)).toBe(true);
    expect(isHtmlPage('<!-- a --><!-- b -->\n<html>', 'text/plain')).toBe(true);
  });

  it('takes markup labelled HTML as a page', () => {
    expect(isHtmlPage('<h1>502 Bad Gateway</h1>', 'text/html; charset=iso-8859-1')).toBe(true);
    expect(isHtmlPage('<body>Login</body>', 'application/xhtml+xml')).toBe(true);
  });

  it('leaves a truncated JSON or XML body (retried) alone, even mislabelled text/html', () => {
    expect(isHtmlPage('{"data": [{"id": "10.1', 'text/html')).toBe(false);
    expect(isHtmlPage('<?xml version="1.0"?><OAI-PMH><ListRec', 'text/html')).toBe(false);
    expect(isHtmlPage('<OAI-PMH><ListRec', 'text/xml')).toBe(false);
  });
});
