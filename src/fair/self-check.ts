/**
 * `aperture check --fair`: the F-UJI metrics (FAIRsFAIR v0.5, conventions.md A7) that can
 * be judged from our own output, per built landing page. Each metric passes, warns, or
 * fails with the reason. What needs the network (does the DOI resolve? does the file URL
 * return 200?) is out of reach here and said so, not guessed.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { readPageHead, type PageHead } from './page-head.ts';

export type MetricStatus = 'pass' | 'warn' | 'fail';

export interface MetricResult {
  metric: string;
  status: MetricStatus;
  reason: string;
}

export interface PageResult {
  page: string;
  doi: string | null;
  metrics: MetricResult[];
}

type Json = Record<string, unknown>;

const DOI_URL = /^https:\/\/doi\.org\/(10\.\d{4,9}\/\S+)$/i;
const COAR = /^https?:\/\/purl\.org\/coar\/access_right\/c_[0-9a-f]{4}$/;
/** Formats on F-UJI's scientific/long-term/open lists that diffraction archives use (subset). */
const LISTED_FORMATS = new Set([
  'application/x-hdf5',
  'application/x-hdf',
  'application/x-netcdf',
  'application/netcdf',
  'application/fits',
  'image/fits',
  'image/tiff',
  'text/csv',
  'application/json',
  'application/xml',
  'text/plain',
  'application/zip',
  'application/pdf',
]);

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function result(metric: string, ok: boolean, pass: string, fail: string, soft = false): MetricResult {
  return { metric, status: ok ? 'pass' : soft ? 'warn' : 'fail', reason: ok ? pass : fail };
}

function isLocal(url: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Site-relative path of an absolute URL on the same site (for looking up files in dist). */
function localFile(dist: string, url: string, siteUrl: string | null): string | null {
  try {
    const u = new URL(url);
    const base = siteUrl ? new URL(siteUrl) : null;
    if (base && u.origin !== base.origin) return null;
    const prefix = base ? base.pathname.replace(/\/+$/, '') : '';
    const rel = decodeURIComponent(u.pathname).slice(prefix.length).replace(/^\/+/, '');
    return path.join(dist, rel.endsWith('/') || rel === '' ? path.join(rel, 'index.html') : rel);
  } catch {
    return null;
  }
}

export async function checkPage(dist: string, page: string, html: string): Promise<PageResult> {
  const head: PageHead = readPageHead(html);
  const metrics: MetricResult[] = [];
  let ld: Json | null = null;
  let ldError = head.jsonLd.length === 1 ? '' : `${head.jsonLd.length} JSON-LD blocks (expected exactly one)`;
  if (head.jsonLd.length === 1) {
    try {
      ld = JSON.parse(head.jsonLd[0]!) as Json;
    } catch (e) {
      ldError = `JSON-LD does not parse: ${(e as Error).message}`;
    }
  }
  const link = (rel: string) => head.links.filter((l) => l.rel === rel);
  const meta = (name: string) => head.meta.filter((m) => m.name.toLowerCase() === name.toLowerCase()).map((m) => m.content);
  const citeAs = link('cite-as');
  const doi = citeAs.length === 1 ? (DOI_URL.exec(citeAs[0]!.href)?.[1] ?? null) : null;
  const siteUrl = head.canonical ? new URL(head.canonical).origin : null;

  metrics.push(result('F1-01D', doi !== null, `DOI ${doi}`, citeAs.length !== 1 ? `${citeAs.length} cite-as links (expected one)` : `cite-as ${citeAs[0]!.href} is not a DOI URL`));
  metrics.push({
    metric: 'F1-02D',
    status: doi && /^10\.\d{4,9}\/[^\s]+$/.test(doi) ? 'pass' : 'fail',
    reason: doi ? 'DOI syntax is valid (resolution needs the network and a registered DOI; not checked here)' : 'no DOI',
  });

  const core: Record<string, unknown> = ld
    ? { creator: ld.creator, title: ld.name, publisher: ld.publisher, publicationDate: ld.datePublished, summary: ld.description, keywords: ld.keywords, identifier: ld.identifier, objectType: ld['@type'] }
    : {};
  const missing = ld ? Object.entries(core).filter(([, v]) => asArray(v).length === 0).map(([k]) => k) : ['JSON-LD'];
  metrics.push(result('F2-01M', missing.length === 0, 'creator, title, publisher, date, summary, keywords, identifier and type in JSON-LD', `missing: ${missing.join(', ')}${ldError ? ` (${ldError})` : ''}`));

  const distribution = ld ? asArray(ld.distribution) as Json[] : [];
  const parts = ld ? (asArray(ld.hasPart) as Json[]).flatMap((p) => asArray(p.distribution) as Json[]) : [];
  const fileLevel = distribution.filter((d) => d.contentUrl && Number.isInteger(d.contentSize) && d.encodingFormat);
  metrics.push(
    distribution.length && fileLevel.length === distribution.length
      ? { metric: 'F3-01M', status: 'pass', reason: `${distribution.length} DataDownload entries with URL, size and type` }
      : parts.length
        ? { metric: 'F3-01M', status: 'warn', reason: `large record: ${parts.length} per-dataset download manifests instead of file entries (the Link Set lists every file)` }
        : { metric: 'F3-01M', status: 'fail', reason: distribution.length ? 'DataDownload entries lack contentUrl, integer contentSize or encodingFormat' : 'no data links (metadata-only record, or no files)' },
  );

  const hasDc = meta('DC.title').length > 0 && meta('citation_title').length > 0;
  metrics.push(result('F4-01M', ld !== null && hasDc, 'schema.org JSON-LD, citation_* and DC meta tags (DataCite registration not checked here)', `${ld ? '' : 'no JSON-LD; '}${hasDc ? '' : 'no citation_title/DC.title'}`));

  const access = ld?.conditionsOfAccess ? String(ld.conditionsOfAccess) : null;
  metrics.push(result('A1-01M', access !== null && COAR.test(access), `conditionsOfAccess ${access}`, access ? `conditionsOfAccess ${access} is not a COAR access-right URI` : 'no conditionsOfAccess'));

  const landing = (ld?.url as string | undefined) ?? head.canonical ?? '';
  metrics.push(
    landing.startsWith('https://')
      ? { metric: 'A1-02M', status: 'pass', reason: `landing page ${landing} uses https` }
      : { metric: 'A1-02M', status: isLocal(landing) ? 'warn' : 'fail', reason: `landing page ${landing || '(no URL)'} is not https${isLocal(landing) ? ' (a local build; set siteUrl to the https origin for production)' : ''}` },
  );

  const ldLinks = link('describedby').filter((l) => l.type === 'application/ld+json');
  let ldFileOk = false;
  for (const l of ldLinks) {
    const file = localFile(dist, l.href, siteUrl);
    if (file && existsSync(file)) {
      try {
        JSON.parse(await readFile(file, 'utf8'));
        ldFileOk = true;
      } catch {
        // reported below
      }
    }
  }
  metrics.push(result('I1-01M', ld !== null && ldFileOk, 'embedded JSON-LD parses; describedby application/ld+json file exists and parses', ld ? 'no describedby link to a parseable JSON-LD file in the output' : ldError));

  const context = JSON.stringify(ld?.['@context'] ?? '');
  const vocabularies = [context.includes('schema.org') && 'schema.org', context.includes('spdx.org') && 'spdx', hasDc && 'dcterms'].filter(Boolean);
  metrics.push(result('I2-01M', vocabularies.includes('schema.org'), `known vocabularies: ${vocabularies.join(', ')}`, 'JSON-LD context does not use schema.org'));

  const related = ld ? [...asArray(ld.citation), ...asArray((ld['@reverse'] as Json | undefined)?.isBasedOn), ...asArray(ld.isPartOf)].filter((r) => typeof (r as Json)['@id'] === 'string') : [];
  const authors = link('author').length;
  metrics.push(result('I3-01M', related.length > 0, `${related.length} related works as PIDs${authors ? `, ${authors} authors by identifier` : ''}`, `no related works given as PIDs${authors ? ` (${authors} authors by identifier)` : ''}`, true));

  const last = distribution.at(-1);
  const r101 = ld?.['@type'] === 'Dataset' && !!last && Number.isInteger(last.contentSize) && !!last.encodingFormat && asArray(ld.variableMeasured).length > 0;
  metrics.push(
    r101
      ? { metric: 'R1-01MD', status: 'pass', reason: 'Dataset type; last DataDownload has integer contentSize and encodingFormat (match with the file needs the network); variableMeasured present' }
      : { metric: 'R1-01MD', status: last || parts.length ? 'warn' : 'fail', reason: [!last && 'no file-level DataDownload', last && !Number.isInteger(last.contentSize) && 'contentSize not an integer', ld && !asArray(ld.variableMeasured).length && 'no variableMeasured'].filter(Boolean).join('; ') || 'JSON-LD missing' },
  );

  // Several licences are a list, the record's licence first.
  const licence = ld?.license ? String(Array.isArray(ld.license) ? ld.license[0] : ld.license) : null;
  metrics.push(result('R1.1-01M', !!licence && /^https:\/\/spdx\.org\/licenses\//.test(licence), `licence ${licence}`, licence ? `licence ${licence} is not an SPDX URI` : 'no licence'));

  const prov = ld ? { creator: asArray(ld.creator).length > 0, datePublished: !!ld.datePublished, version: !!ld.version } : { creator: false, datePublished: false, version: false };
  const provMissing = Object.entries(prov).filter(([, v]) => !v).map(([k]) => k);
  metrics.push({
    metric: 'R1.2-01M',
    status: prov.creator && prov.datePublished ? (provMissing.length ? 'warn' : 'pass') : 'fail',
    reason: provMissing.length ? `missing: ${provMissing.join(', ')} (PROV-O not used)` : 'creator, datePublished and version (PROV-O not used)',
  });

  const dcx = link('describedby').find((l) => l.type === 'application/vnd.datacite.datacite+xml');
  const dcxFile = dcx ? localFile(dist, dcx.href, siteUrl) : null;
  const dcxOk = !!dcxFile && existsSync(dcxFile) && (await readFile(dcxFile, 'utf8')).includes('http://datacite.org/schema/kernel-4');
  metrics.push(result('R1.3-01M', dcxOk, 'DataCite XML (kernel-4 namespace) linked as describedby and present', dcx ? 'describedby DataCite XML file missing from the output or not kernel-4' : 'no describedby link to DataCite XML'));

  const formats = [...new Set(distribution.map((d) => String(d.encodingFormat ?? '')).filter(Boolean))];
  const listed = formats.filter((f) => LISTED_FORMATS.has(f));
  metrics.push(
    formats.length === 0
      ? { metric: 'R1.3-02D', status: 'warn', reason: 'no file-level formats in JSON-LD to judge' }
      : result('R1.3-02D', listed.length === formats.length, `formats ${formats.join(', ')} are on F-UJI's lists`, `not on F-UJI's lists: ${formats.filter((f) => !listed.includes(f)).join(', ')}`, true),
  );

  return { page, doi, metrics };
}

async function* landingPages(dist: string): AsyncGenerator<string> {
  const manifest = path.join(dist, 'build-manifest.json');
  if (existsSync(manifest)) {
    const m = JSON.parse(await readFile(manifest, 'utf8')) as { published?: Array<{ path: string }> };
    for (const p of m.published ?? []) yield p.path;
    return;
  }
  // Without a manifest: every /doi/…/index.html that carries a cite-as link and is not a dataset page.
  async function* walk(dir: string): AsyncGenerator<string> {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'datasets') yield* walk(full);
      else if (e.name === 'index.html' && (await readFile(full, 'utf8')).includes('rel="cite-as"')) yield '/' + path.relative(dist, path.dirname(full)).split(path.sep).join('/') + '/';
    }
  }
  if (existsSync(path.join(dist, 'doi'))) yield* walk(path.join(dist, 'doi'));
}

export async function fairSelfCheck(dist: string): Promise<PageResult[]> {
  const out: PageResult[] = [];
  for await (const page of landingPages(dist)) {
    const file = path.join(dist, page, 'index.html');
    if (!existsSync(file)) {
      out.push({ page, doi: null, metrics: [{ metric: 'page', status: 'fail', reason: `${page}index.html is missing from ${dist}` }] });
      continue;
    }
    out.push(await checkPage(dist, page, await readFile(file, 'utf8')));
  }
  return out;
}

export function formatFairReport(results: PageResult[]): string {
  const lines: string[] = [];
  const totals = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) {
    lines.push(`${r.page}${r.doi ? `  (doi:${r.doi})` : ''}`);
    for (const m of r.metrics) {
      totals[m.status] += 1;
      lines.push(`  ${m.status.padEnd(4)} ${m.metric.padEnd(9)} ${m.reason}`);
    }
    lines.push('');
  }
  lines.push(`${results.length} landing pages: ${totals.pass} pass, ${totals.warn} warn, ${totals.fail} fail (F-UJI metrics v0.5 judgeable offline)`);
  return lines.join('\n');
}
