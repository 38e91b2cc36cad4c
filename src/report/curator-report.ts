/**
 * The curator's build report: what this build changed on the site compared with the last
 * one (records added, changed, withdrawn, withheld), every diagnostic grouped by record,
 * timings per stage and where the site went. One JSON and one HTML file per build, kept
 * side by side under `<workDir>/reports/<build>/` — never in the public output, because it
 * names withheld and unpublished records.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../files/atomic-write.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { renderReportHtml } from './report-html.ts';

export interface ReportInput {
  build: string;
  startedAt: Date;
  finishedAt: Date;
  ok: boolean;
  catalogue: string;
  outDir: string;
  records: { total: number; valid: number };
  published: Array<{ doi: string; path: string }>;
  tombstones: Array<{ doi: string; path: string }>;
  withheld: Array<{ record: string; doi: string | null; reason: string }>;
  diagnostics: Diagnostic[];
  audit: Array<{ file: string; what: string }>;
  timings: Record<string, number>;
  /** The staged models folder, to fingerprint each record's page. */
  stageDir: string;
}

export interface CuratorReport {
  version: 1;
  build: string;
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  outcome: string;
  catalogue: string;
  outDir: string;
  records: { total: number; valid: number; live: number; tombstones: number; withheld: number };
  changes: {
    added: string[];
    changed: string[];
    withdrawn: string[];
    removed: string[];
    withheld: Array<{ record: string; doi: string | null; reason: string }>;
  };
  diagnostics: { errors: number; warnings: number; byRecord: Record<string, Diagnostic[]> };
  audit: Array<{ file: string; what: string }>;
  timings: Record<string, number>;
  /** Per DOI, a digest of its staged page model, so the next report can tell what changed. */
  fingerprints: Record<string, { state: 'live' | 'tombstone'; digest: string }>;
}

/** Writes this build's report next to earlier ones; returns it and its folder. */
export async function writeCuratorReport(workDir: string, input: ReportInput): Promise<{ report: CuratorReport; dir: string }> {
  const reportsDir = path.join(workDir, 'reports');
  const previous = await latestReport(reportsDir);
  const fingerprints = await fingerprint(input);
  const report = compare(input, fingerprints, previous);
  const dir = path.join(reportsDir, `${input.startedAt.toISOString().replace(/[:.]/g, '-')}-${input.build}`);
  await mkdir(dir, { recursive: true });
  await writeFileAtomically(path.join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFileAtomically(path.join(dir, 'report.html'), renderReportHtml(report));
  return { report, dir };
}

function compare(input: ReportInput, fingerprints: CuratorReport['fingerprints'], previous: CuratorReport | null): CuratorReport {
  const before = previous?.fingerprints ?? {};
  const added: string[] = [];
  const changed: string[] = [];
  const withdrawn: string[] = [];
  for (const [doi, now] of Object.entries(fingerprints)) {
    const then = before[doi];
    if (!then) {
      if (now.state === 'live') added.push(doi);
      else withdrawn.push(doi);
    } else if (then.state === 'live' && now.state === 'tombstone') withdrawn.push(doi);
    else if (then.digest !== now.digest) changed.push(doi);
  }
  const removed = Object.keys(before).filter((doi) => !fingerprints[doi]);
  const byRecord: Record<string, Diagnostic[]> = {};
  for (const d of input.diagnostics) (byRecord[d.record ?? '(catalogue)'] ??= []).push(d);
  const errors = input.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = input.diagnostics.filter((d) => d.severity === 'warning').length;
  return {
    version: 1,
    build: input.build,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    ok: input.ok,
    outcome: input.ok
      ? `built into ${input.outDir}${errors ? ` (${errors} errors: records left out)` : ''}`
      : `refused by the release gate; the live site was left unchanged`,
    catalogue: input.catalogue,
    outDir: input.outDir,
    records: {
      total: input.records.total,
      valid: input.records.valid,
      live: input.published.length,
      tombstones: input.tombstones.length,
      withheld: input.withheld.length,
    },
    changes: { added: added.sort(), changed: changed.sort(), withdrawn: withdrawn.sort(), removed: removed.sort(), withheld: input.withheld },
    diagnostics: { errors, warnings, byRecord },
    audit: input.audit,
    timings: input.timings,
    fingerprints,
  };
}

interface PageLine {
  kind: string;
  route: string;
  model: string;
  /** SHA-256 of the model file, written by the stage beside each route. */
  digest?: string;
}

async function fingerprint(input: ReportInput): Promise<CuratorReport['fingerprints']> {
  const byRoute = new Map<string, PageLine>();
  const pagesFile = path.join(input.stageDir, 'pages.jsonl');
  if (existsSync(pagesFile)) {
    for (const line of (await readFile(pagesFile, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const page = JSON.parse(line) as PageLine;
      if (page.kind === 'landing' || page.kind === 'tombstone') byRoute.set(page.route.replace(/^\/+|\/+$/g, ''), page);
    }
  }
  const out: CuratorReport['fingerprints'] = {};
  const add = async (doi: string, sitePath: string, state: 'live' | 'tombstone') => {
    // Routes in pages.jsonl are relative to /doi/ (the landing path is /doi/<route>/).
    const page = byRoute.get(sitePath.replace(/^\/+|\/+$/g, '').replace(/^doi\//, ''));
    // The stage's digest is the SHA-256 of the same bytes, so no model is read (10,000 files
    // and 15 s of a release at 10,000 records); a line without one is hashed here.
    if (page?.digest) {
      out[doi] = { state, digest: page.digest.slice(0, 32) };
      return;
    }
    const hash = createHash('sha256');
    if (page && existsSync(path.join(input.stageDir, page.model))) hash.update(await readFile(path.join(input.stageDir, page.model)));
    else hash.update(`${state}:${sitePath}`);
    out[doi] = { state, digest: hash.digest('hex').slice(0, 32) };
  };
  for (const p of input.published) await add(p.doi, p.path, 'live');
  for (const t of input.tombstones) await add(t.doi, t.path, 'tombstone');
  return out;
}

/**
 * The report of a build whose inputs were all unchanged (src/build/unchanged-build.ts): the
 * live build's own report, with nothing changed and this build's id and timings.
 */
export async function writeUnchangedReport(workDir: string, input: Pick<ReportInput, 'build' | 'startedAt' | 'finishedAt' | 'timings'> & { live: string }): Promise<{ report: CuratorReport | null; dir: string }> {
  const reportsDir = path.join(workDir, 'reports');
  const previous = await latestReport(reportsDir);
  const dir = path.join(reportsDir, `${input.startedAt.toISOString().replace(/[:.]/g, '-')}-${input.build}`);
  if (!previous) return { report: null, dir };
  const report: CuratorReport = {
    ...previous,
    build: input.build,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    outcome: `unchanged: every input is as the live build ${input.live} had it, so it stays live`,
    changes: { added: [], changed: [], withdrawn: [], removed: [], withheld: previous.changes.withheld },
    timings: input.timings,
  };
  await mkdir(dir, { recursive: true });
  await writeFileAtomically(path.join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFileAtomically(path.join(dir, 'report.html'), renderReportHtml(report));
  return { report, dir };
}

/** A build that stopped with an error still leaves a report saying so (when the disk allows). */
export async function writeFailureReport(workDir: string, error: unknown): Promise<string> {
  const at = new Date();
  const dir = path.join(workDir, 'reports', `${at.toISOString().replace(/[:.]/g, '-')}-failed-${process.pid}`);
  const e = error as NodeJS.ErrnoException;
  const report = {
    version: 1,
    build: `failed-${process.pid}`,
    finishedAt: at.toISOString(),
    ok: false,
    outcome: `the build stopped: ${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(error)}; the live site was left unchanged`,
  };
  await mkdir(dir, { recursive: true });
  await writeFileAtomically(path.join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return dir;
}

/** The newest earlier report (folder names sort by start time). */
async function latestReport(reportsDir: string): Promise<CuratorReport | null> {
  if (!existsSync(reportsDir)) return null;
  const dirs = (await readdir(reportsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort().reverse();
  for (const name of dirs) {
    try {
      const report = JSON.parse(await readFile(path.join(reportsDir, name, 'report.json'), 'utf8')) as CuratorReport;
      // A refused build changed nothing on the site: compare with the last one that went live.
      if (report.version === 1 && report.ok) return report;
    } catch {
      /* an unreadable or half-written report is skipped */
    }
  }
  return null;
}
