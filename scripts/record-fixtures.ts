/**
 * Records fresh fixtures from a live catalogue, for whoever has network access, so the
 * replay tests (test/pull/) can be refreshed from real responses. Every request the pull
 * makes is saved as `NNN.json` (`{request, status, headers, body}`), in order, plus an
 * `index.json`. Nothing is written into the project: pass --out a folder of your choice,
 * then transcribe the facts a test needs (licences permitting) into its small fixtures.
 *
 *   npx tsx scripts/record-fixtures.ts --from datacite --url https://api.datacite.org --client-id inist.esrf --pages 2 --out /tmp/rec
 *   npx tsx scripts/record-fixtures.ts --from scicat --url https://scicat.ess.eu --api-version 4 --pages 1 --out /tmp/rec-ess
 *
 * `--pages N` stops after N list pages (the pull then stops as a failed pull, on purpose:
 * the mirror it would write is thrown away). Credentials come from the environment only and
 * are never recorded: Authorization, Cookie and sessionId values are masked.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PullSourceConfigSchema } from '../src/config/site-config.ts';
import { DiagnosticSink } from '../src/diagnostics/diagnostic.ts';
import { HttpClient } from '../src/pull/http.ts';
import { openPullSource } from '../src/pull/open-source.ts';
import { runPull } from '../src/pull/pull.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    url: { type: 'string' },
    'client-id': { type: 'string' },
    'provider-id': { type: 'string' },
    prefix: { type: 'string' },
    set: { type: 'string' },
    'api-version': { type: 'string' },
    entity: { type: 'string' },
    'time-zone': { type: 'string' },
    'page-size': { type: 'string', default: '25' },
    pages: { type: 'string', default: '2' },
    out: { type: 'string' },
  },
});

if (!values.from || !values.url || !values.out) {
  process.stderr.write('usage: record-fixtures --from TYPE --url URL [--client-id ID …] [--pages N] --out DIR\n');
  process.exit(2);
}

const source = PullSourceConfigSchema.parse({
  type: values.from,
  url: values.url,
  clientId: values['client-id'] ?? null,
  providerId: values['provider-id'] ?? null,
  prefix: values.prefix ?? null,
  set: values.set ?? null,
  ...(values['api-version'] ? { apiVersion: Number(values['api-version']) } : {}),
  ...(values.entity ? { entity: values.entity } : {}),
  ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
  pageSize: Number(values['page-size']),
});

const out = path.resolve(values.out);
await mkdir(out, { recursive: true });
const maxPages = Number(values.pages);
const index: Array<{ file: string; method: string; url: string; status: number }> = [];
let listPages = 0;
const mask = (url: string) => url.replace(/sessionId=[^&]+/g, 'sessionId=MASKED');

const recordingFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
  if (/[?&](page%5Bcursor%5D|page\[cursor\]|resumptionToken|filter|offset|query)=/.test(url) && ++listPages > maxPages) {
    throw new Error(`stopped after ${maxPages} list pages (as asked)`);
  }
  const response = await fetch(input, init);
  const body = await response.text();
  const file = `${String(index.length + 1).padStart(3, '0')}.json`;
  const headers = Object.fromEntries([...response.headers].filter(([k]) => !/^(set-cookie|authorization|cookie)$/i.test(k)));
  let parsed: unknown = body;
  try {
    parsed = JSON.parse(body);
  } catch {
    // XML (OAI-PMH) and text bodies are kept as text.
  }
  await writeFile(path.join(out, file), JSON.stringify({ request: { method: init?.method ?? 'GET', url: mask(url) }, status: response.status, headers, body: parsed, recordedAt: new Date().toISOString() }, null, 2) + '\n');
  index.push({ file, method: init?.method ?? 'GET', url: mask(url), status: response.status });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};

const mirror = await mkdtemp(path.join(tmpdir(), 'aperture-record-'));
const sink = new DiagnosticSink();
const summary = await runPull({
  source: openPullSource(source, null, process.env),
  out: mirror,
  http: new HttpClient({ fetch: recordingFetch, retries: 0 }),
  sink,
  env: process.env,
  log: (line) => process.stderr.write(line + '\n'),
});
await rm(mirror, { recursive: true, force: true });
await writeFile(path.join(out, 'index.json'), JSON.stringify({ source: source.type, url: source.url, recordedAt: new Date().toISOString(), requests: index }, null, 2) + '\n');
process.stderr.write(`recorded ${index.length} responses into ${out} (${summary.seen} records seen${summary.failed ? `; stopped: ${summary.failed}` : ''})\n`);
