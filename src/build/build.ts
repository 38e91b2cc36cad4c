/**
 * `aperture build`: the whole pipeline, stage by stage. Everything is produced in fresh
 * folders and swapped into place only when every gate passed, so a failed build never
 * replaces a good site.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteConfig } from '../config/site-config.ts';
import { DiagnosticSink, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { LinesWritten, StageResult } from './stage.ts';
import type { CatalogueOutputsJob } from './catalogue-outputs-job.ts';
import type { RenderResult } from './render.ts';
import type { indexSite } from '../index/pagefind.ts';
import type { AuditFinding } from './audit.ts';
import { needleKeys, needlesNotIn, releaseNeedles } from './release-needles.ts';
import { writeCuratorReport, writeFailureReport, writeUnchangedReport } from '../report/curator-report.ts';
import { mirrorOrigins, nameOrigins } from '../pull/mirror-origins.ts';
import { buildsDir, goLive, keptBuildName, liveBuildName, removeLeftovers } from '../publish/local-release.ts';
import { deadProcessFolders, removeDeadProcessFolders } from '../files/process-folders.ts';
import { fingerprintInputs, readLastBuild, recordsAsBuilt, saveLastBuild, type InputFingerprint } from './unchanged-build.ts';
import { experimentFolderStamps, type RecordStamps } from '../catalogue/record-stamps.ts';
import { readRemoteDois } from '../persistence/remote-dois.ts';
import { PUBLIC_DOI_LIST, publicDoiList } from '../persistence/site-doi-list.ts';
import { lineProgress, type Progress, type StageStart } from '../report/progress.ts';
import { formatCount } from '../record/number-text.ts';
import { linkTree } from '../files/link-tree.ts';
import { discard, discardLeftovers } from '../files/discard.ts';
import { applySync, linkFiles, syncParts, unlinkFiles } from '../files/sync-tree.ts';
import { OutputChanges, applyStagedChanges, countFiles, filesAfter, readBuilt, startFromLive, writeBuilt } from './incremental-output.ts';
import { prepareStandby } from '../publish/standby.ts';
import { readPageManifest } from './page-manifest.ts';
import { findRenderKit } from './render-kit.ts';
import { doiSlug } from '../record/identity.ts';

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface BuildOptions {
  config: SiteConfig & { root: string };
  /** Catalogue folder; defaults to the config's. */
  catalogue?: string;
  outDir: string;
  /** This site's working folder: staged models, the published-DOI list, reports (kept between builds). */
  workDir: string;
  /** Content-keyed caches (images, citations); may be shared by several sites. Default: `<workDir>/cache`. */
  cacheDir?: string;
  /**
   * Stage from another build's per-record cache (a dry run borrows the live site's, so it costs
   * what the release will) and never prune it; default: this work folder's own.
   */
  borrowStageCache?: string;
  /** Do not read the published-DOI list back from the live site or bucket (config `persistence.remote`). */
  offline?: boolean;
  /** Complete builds kept beside the output for `aperture rollback` (default 3). */
  keepBuilds?: number;
  log: (line: string) => void;
  /** Counts, rate and ETA per stage (the CLI's bar or lines); default: one line per stage through `log`. */
  progress?: Progress;
  now?: Date;
  /** Previously published DOIs allowed to disappear from the site (see docs/exports.md, Persistence). */
  allowUnpublish?: string[];
  /** Worker threads for staging records (default: the available cores). */
  workers?: number;
  /** Render worker threads (default: one per core); the output is the same for any number. */
  renderWorkers?: number;
  /**
   * After going live, prepare the next build's starting folder in a detached process
   * (src/publish/standby.ts). The CLI does; library callers that delete the output right
   * after a build (tests) leave it off.
   */
  standby?: boolean;
  /**
   * The catalogue's record stamps, when the caller took them moments before (aperture release
   * does, to find its record). A record written since is read by the next build, as one
   * written while this build runs would be.
   */
  stamps?: RecordStamps;
}

export interface BuildReport {
  ok: boolean;
  stage: Omit<StageResult, 'summaries' | 'placed' | 'browsePaths'>;
  diagnostics: Diagnostic[];
  audit: AuditFinding[];
  indexedPages: number;
  /** Pages Astro generated, and how many were rendered rather than reused from the previous build. */
  render: RenderResult;
  timings: Record<string, number>;
  outDir: string;
  /** This build's curator report (JSON and HTML), kept per build under `<workDir>/reports/`. */
  reportDir: string;
  /** Every input was as the live build had it, so that build stayed live and no stage ran (unchanged-build.ts). */
  unchanged?: true;
  /** An incremental build (incremental-output.ts): the output files it wrote and removed; every other file is the live build's. */
  changes?: { written: string[]; removed: string[] };
  /** How many files the output holds, when known without listing it (site-diff.ts counts them otherwise). */
  files?: number;
}

/** Runs one stage and records its time; its progress line (counts, rate, time, `summary`) is the stage's only log line. */
async function timed<T>(
  timings: Record<string, number>,
  name: string,
  progress: Progress,
  run: () => Promise<T>,
  counted: StageStart & { summary?: (value: T) => string } = {},
): Promise<T> {
  const started = performance.now();
  progress.start(name, counted);
  const value = await run();
  timings[name] = Math.round(performance.now() - started) / 1000;
  progress.done(counted.summary?.(value));
  return value;
}

function stagedSummary(s: StageResult): string {
  return `${formatCount(s.cached)} unchanged, from the cache; ${formatCount(s.published.length)} published, ${formatCount(s.tombstones.length)} tombstones, ${formatCount(s.withheld.length)} withheld; ${formatCount(s.pages)} pages to render`;
}

function renderedSummary(r: RenderResult): string {
  return `${formatCount(r.pages)} pages in all, ${formatCount(r.pages - r.rendered)} reused from the previous build`;
}

/** "10,000 searchable in 13 search shards, 1 indexed": how much of the index the build made anew. */
function indexedSummary(i: { pages: number; shards: number; shardsIndexed: number }): string {
  return `${formatCount(i.pages)} searchable in ${formatCount(i.shards)} search ${i.shards === 1 ? 'shard' : 'shards'}, ${formatCount(i.shardsIndexed)} indexed`;
}

export async function buildSite(o: BuildOptions): Promise<BuildReport> {
  const scratch: string[] = [];
  const undo: Array<() => Promise<void>> = [];
  try {
    return await runBuild(o, scratch, undo);
  } catch (error) {
    // A build that failed (a crash, a full disk) leaves nothing behind; the live site was never touched.
    for (const step of undo) await step().catch(() => {});
    await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }).catch(() => {})));
    await writeFailureReport(o.workDir, error).catch(() => {}); // best effort: the disk may be what failed
    throw error;
  }
}

async function runBuild(o: BuildOptions, scratch: string[], undo: Array<() => Promise<void>>): Promise<BuildReport> {
  const startedAt = new Date();
  const timings: Record<string, number> = {};
  const progress = o.progress ?? lineProgress(o.log);
  const sink = new DiagnosticSink();
  const catalogue = path.resolve(o.config.root, o.catalogue ?? o.config.catalogue);
  const next = path.join(o.workDir, `next-${process.pid}-${Date.now().toString(36)}`);
  const stageDir = path.join(next, 'models');
  const publicDir = path.join(next, 'public');
  // Unique per build: Node caches the renderer's modules by path, so a second build in one
  // process must not reuse the first one's folder.
  const buildId = `${process.pid}-${Date.now().toString(36)}`;
  const outNext = `${o.outDir.replace(/\/+$/, '')}.next-${buildId}`;
  scratch.push(next, outNext);
  // A build killed while it changed the staged site leaves it in its folder: put it back first.
  const current = path.join(o.workDir, 'site');
  if (!existsSync(current)) await recoverStagedSite(o.workDir, current);
  // Folders left by a build that was killed (its process is gone) go before this one starts.
  const leftovers = [...(await removeLeftovers(o.outDir)), ...(await removeDeadProcessFolders(o.workDir, /^next-(\d+)-/))];
  discardLeftovers(o.workDir);
  discardLeftovers(buildsDir(o.outDir));
  if (leftovers.length) {
    sink.add({
      code: 'persistence/interrupted-build',
      record: null,
      message: `An earlier build was interrupted before it finished (its process is gone); the live site stayed as it was and its unfinished folders were removed: ${leftovers.join(', ')}.`,
    });
  }
  await rm(next, { recursive: true, force: true });

  const cacheDir = o.cacheDir ?? path.join(o.workDir, 'cache');
  // Before anything else: a build that cannot learn which DOIs the live site has published
  // must not run (it could drop one); --offline builds from the local list alone.
  const remoteDois = await readRemoteDois(o.config, { offline: o.offline, log: o.log, sink });
  const now = o.now ?? new Date();
  // One stat of every catalogue file, for the fingerprint and for the stage's ledger alike.
  const stamps = o.stamps ?? (await experimentFolderStamps(path.resolve(catalogue)));
  const fingerprint = (racy?: ReadonlySet<string>) =>
    fingerprintInputs({
      catalogue,
      stamps,
      racy,
      projectRoot: PROJECT_ROOT,
      // The live list's DOIs, not when it was generated: that changes with every build.
      settings: { config: o.config, day: now.toISOString().slice(0, 10), remoteDois: remoteDois?.dois ?? null, allowUnpublish: [...(o.allowUnpublish ?? [])].sort(), outDir: o.outDir },
    });
  const inputs = fingerprint();
  // Anything reported so far (an interrupted build, the DOI list) belongs in a report of its own, so only a quiet start may keep the live build.
  if (!o.config.storage.verifyOnBuild && sink.list.length === 0) {
    const kept = await keepLiveBuild(o, { inputs, fingerprint, catalogue, now }, { buildId, startedAt, timings });
    if (kept) {
      await rm(next, { recursive: true, force: true });
      return kept;
    }
  }
  // The last build's staged site becomes this build's: records whose inputs did not change stay
  // in place (stage-ledger.ts). A build that fails or is refused puts it back as it was.
  const previous = !o.borrowStageCache && existsSync(current);
  // The stages are loaded only now: a build that keeps the live one never needs Astro, citation-js or the S3 client.
  // Astro's build (render.ts, 1.4 s to import) and the S3 client (verify-catalogue.ts) are loaded where they run: an incremental build renders without the one and mostly verifies nothing.
  const [ledger, { openCatalogue, countExperiments }, { stageSite, stageBrowse, browseFrom }, { renderChanged }, { indexSite }, { prepareIndex }, { auditOutput }, { startCatalogueOutputs }, { enforcePersistence, saveDoiManifest }] =
    await Promise.all([
      import('./stage-ledger.ts'),
      import('../catalogue/open-catalogue.ts'),
      import('./stage.ts'),
      import('./render-changed.ts'),
      import('../index/pagefind.ts'),
      import('./index-job.ts'),
      import('./audit.ts'),
      import('./catalogue-outputs-job.ts'),
      import('../persistence/doi-manifest.ts'),
    ]);
  /** Puts the previous staged site back as it was, for the next build (this one failed or was refused). */
  const restoreStaged = async () => {
    await ledger.restorePrevious(next, { models: stageDir, public: publicDir });
    await rename(next, current);
  };
  if (previous) {
    await rename(current, next);
    undo.push(restoreStaged);
  }
  // A build can be incremental when the staged site it starts from is the one the live build was
  // made from, whose page manifest and render kit exist (a kit of other code renders every page
  // anyway: then Astro's own build does it), and it then keeps some of its records.
  const live = liveBuildName(o.outDir);
  const built = previous && live ? await readBuilt(next) : null;
  const previousPages = built && built.live === live ? await readPageManifest(path.join(next, ledger.PAGE_MANIFEST_FILE)) : null;
  const startsFromLive = built && previousPages && previousPages.kit === findRenderKit(PROJECT_ROOT, o.config.siteUrl)?.id ? { live: live!, built, previousPages } : null;
  // Each page's index inputs are cached by its model's digest, beside the record cache.
  const indexOptions = { cacheDir: path.join(o.borrowStageCache ?? path.join(o.workDir, 'cache'), 'search'), saveCache: !o.borrowStageCache, shardPages: o.config.search.shardPages };
  // An incremental build indexes in a worker thread (index-job.ts), which starts now and reads
  // the index's inputs while the stage runs; a build that keeps no record cancels it.
  const preparedIndex = startsFromLive ? prepareIndex(indexOptions) : null;
  undo.unshift(async () => preparedIndex?.cancel());
  await mkdir(stageDir, { recursive: true });
  await mkdir(publicDir, { recursive: true });
  const source = openCatalogue(catalogue, { now });
  // A missing object never becomes a dead link silently: verification marks it unavailable.
  const verification = o.config.storage.verifyOnBuild
    ? await timed(timings, 'verify (object storage)', progress, async () => (await import('../storage/verify-catalogue.ts')).verifyCatalogue(o.config.storage, source, sink))
    : null;
  const enrich = o.config.enrich.enabled
    ? {
        imageRoot: o.config.enrich.imageRoot,
        configRoot: o.config.root,
        // Image metadata and previews are keyed by file content, so sites can share them.
        cacheDir: path.join(cacheDir, 'images'),
        limits: { headersPerDataset: o.config.enrich.headersPerDataset, previewsPerDataset: o.config.enrich.previewsPerDataset },
      }
    : undefined;
  // What older image readers cached is not served, and not kept beside the current entries (enrich/cache.ts).
  if (enrich) (await import('../enrich/cache.ts')).dropOtherReaderVersions(enrich.cacheDir);
  const previousSite = path.join(next, ledger.PREVIOUS_DIR);
  // The catalogue-wide outputs start from the staged lines as soon as they are whole, and run
  // alongside persistence, the browse pages and an incremental build's render (catalogue-outputs-job.ts).
  let outputs: { job: CatalogueOutputsJob; startedAt: number } | null = null;
  // A failed build stops them before anything else is undone: nothing may still write into the staged site then.
  undo.unshift(async () => outputs?.job.stop());
  const startOutputs = (lines: LinesWritten) => {
    const reuse = lines.kept > 0 ? { previousPublic: path.join(previousSite, 'public'), restaged: new Set(lines.placed) } : undefined;
    outputs = { job: startCatalogueOutputs({ publicDir, stageDir, config: o.config, now: now, reuse }, lines.records), startedAt: performance.now() };
  };
  const staged = await timed(timings, enrich ? 'stage (load, validate, enrich, model)' : 'stage (load, validate, model)', progress, () =>
    stageSite({ config: o.config, source, catalogue, workers: o.workers, stageDir, publicDir, cacheDir: o.borrowStageCache ?? path.join(o.workDir, 'cache'), pruneCache: !o.borrowStageCache, sink, now: now, enrich, unavailableKeys: verification?.unavailable, progress, ledger: { dir: next, previous }, stamps, linesWritten: startOutputs, browse: false }),
    { unit: 'records', total: await countExperiments(catalogue), summary: stagedSummary },
  );
  /** Waits for the catalogue-wide outputs, timed from their start. */
  const outputsWritten = () =>
    timed(timings, 'machine-readable outputs', progress, async () => {
      const { job, startedAt } = outputs!;
      const result = await job.finish(staged.browsePaths);
      return { ...result, seconds: (performance.now() - startedAt) / 1000 };
    }, { summary: (r) => `${r.seconds.toFixed(2)} s in all, alongside the browse pages${incremental ? ' and render' : ''}` });
  const persistence = await enforcePersistence({ workDir: o.workDir, stageDir, publicDir, staged, sink, allowUnpublish: o.allowUnpublish, now: now, remote: remoteDois, previousSite });
  const needles = releaseNeedles(staged);
  const needlesDigest = createHash('sha256').update(JSON.stringify(needles)).digest('hex');
  const manifestFile = path.join(next, ledger.PAGE_MANIFEST_FILE + ledger.NEXT_SUFFIX);
  // Incremental: the staged site kept records from the one the live build was made from (known before the stage).
  // The audit looks in the files it leaves as the live build had them for the needles that build did not look for.
  const incremental =
    startsFromLive && staged.kept > 0 ? { ...startsFromLive, newNeedles: startsFromLive.built.needles === needlesDigest ? [] : needlesNotIn(needles, startsFromLive.built.needleKeys) } : null;
  // Rendered pages, the index and the site lists of an incremental build are written fresh here, then synced into the output.
  const fresh = `${next}-fresh`;
  // An incremental build indexes alongside the outputs and the render, in a worker thread: the
  // index reads only the staged site (whole once persistence has run), and most of its time in
  // a release is pagefind's own process indexing one shard, which then starts before the render
  // is done rather than after it (index-job.ts).
  const indexing = incremental && preparedIndex ? preparedIndex.start(path.join(fresh, 'index'), stageDir, path.join(buildsDir(o.outDir), incremental.live)) : null;
  if (!indexing) await preparedIndex?.cancel();
  if (indexing) scratch.push(fresh);
  // The browse pages come after the index has started (they need only the summaries, and the
  // index none of them), and before the render and the sitemap, which need them.
  try {
    staged.browsePaths = await timed(timings, 'browse pages', progress, () => stageBrowse(stageDir, staged.summaries, browseFrom({ ledger: { dir: next, previous } }, staged)), {
      summary: (paths) => `${formatCount(paths.length)} lists and PDB pages`,
    });
    await rm(outNext, { recursive: true, force: true });
  } catch (error) {
    // Nothing may still write into the scratch folders when the failed build removes them.
    await indexing?.settled;
    throw error;
  }
  let audit: AuditFinding[];
  let indexed: Awaited<ReturnType<typeof indexSite>>;
  let rendered: RenderResult;
  const changes = new OutputChanges();
  let auditedEarly: { files: number; mark: number; seconds: number; findings: Promise<AuditFinding[]> } | null = null;
  try {
    if (incremental && indexing) {
      // Rendered into a fresh folder while the outputs are written, then laid over the output.
      const r = await timed(timings, 'render (astro)', progress, async () => {
        const r = await renderChanged({ root: PROJECT_ROOT, stageDir, siteUrl: o.config.siteUrl, previous: incremental.previousPages, outDir: path.join(fresh, 'pages'), manifestFile, workers: o.renderWorkers, progress });
        if (!r) throw new Error('the render kit went missing during the build');
        return r;
      }, { unit: 'pages', summary: renderedSummary });
      await outputsWritten();
      await timed(timings, 'output folder (from the live build)', progress, async () => {
        const how = await startFromLive(o.outDir, incremental.live, outNext);
        // The staged public files first, then the rendered pages over them, in the order incremental builds always laid them.
        await applyStagedChanges(outNext, { publicDir, previousPublic: path.join(previousSite, 'public'), placed: [...staged.placed, ...persistence.kept.map((k) => doiSlug(k.doi))] }, changes);
        await linkFiles(path.join(fresh, 'pages'), outNext, r.written);
        changes.add({ written: r.written, removed: await unlinkFiles(outNext, r.removed) });
        return how;
      }, { summary: (how) => (how === 'standby' ? 'the standby prepared after the last build' : 'linked from the live build now (no standby was ready)') });
      rendered = { pages: r.pages, rendered: r.rendered };
      // The files this build changed can hold any leak. Those changed so far (the catalogue
      // dumps, 170 MB at 10,000 records, are most of them) are scanned while the index
      // finishes; the index's files and the lists after.
      const scanStarted = performance.now();
      const scan = { files: changes.written.size, mark: changes.mark(), seconds: 0, findings: auditOutput(outNext, needles, { files: [...changes.written] }) };
      // Its own time, for the audit's line: it runs between the stages' clocks.
      scan.findings.then(() => (scan.seconds = (performance.now() - scanStarted) / 1000), () => undefined);
      auditedEarly = scan;
      // What is left of the index once the render is done, and the sync of its files.
      indexed = await timed(timings, 'index (pagefind)', progress, async () => {
        const { index, plan } = await indexing.result;
        // The worker compared its files with the live build's, which the output started as.
        changes.add(await applySync(path.join(fresh, 'index'), outNext, plan));
        return index;
      }, { summary: (i) => `${indexedSummary(i)}; ${i.seconds.toFixed(2)} s in all, alongside the outputs and render` });
      await writeSiteLists(path.join(fresh, 'lists'), persistence.manifest, staged, now);
      changes.add(await syncParts(path.join(fresh, 'lists'), outNext, SITE_LISTS));
    } else {
      // A full render keeps both cores busy with Astro's workers: the outputs (which had the
      // browse pages to run beside) finish first rather than contend with it (in the 10,000-record
      // bench, overlapping them cost the render 17 s and saved the outputs' 6).
      await outputsWritten();
      const { renderSite } = await import('./render.ts');
      rendered = await timed(timings, 'render (astro)', progress, () => renderSite({ root: PROJECT_ROOT, stageDir, outDir: outNext, siteUrl: o.config.siteUrl, cacheDir: path.join(o.workDir, 'astro-cache'), workers: o.renderWorkers, progress, manifestFile }), { unit: 'pages', summary: renderedSummary });
      // Hard links, not copies: the staged public files are never written again (src/files/link-tree.ts).
      await timed(timings, 'public files', progress, () => linkTree(publicDir, outNext), { summary: (n) => `${formatCount(n)} files linked` });
      indexed = await timed(timings, 'index (pagefind)', progress, () => indexSite(outNext, stageDir, progress, indexOptions), { unit: 'pages', total: staged.pages, summary: indexedSummary });
      await writeSiteLists(outNext, persistence.manifest, staged, now);
    }
    // The live build passed its needles: the files this build changed are scanned for every
    // needle (those not scanned while the index finished, or written again since), the files
    // it left as they were only for the needles new since (none, unless a record was withdrawn
    // or unpublished).
    const early = auditedEarly;
    const files = incremental ? (early ? changes.writtenSince(early.mark) : [...changes.written]) : undefined;
    const newNeedles = incremental?.newNeedles ?? [];
    audit = [
      ...persistence.findings,
      ...(await timed(
        timings,
        'audit (release gate)',
        progress,
        async () => [
          ...((await early?.findings) ?? []),
          ...(await auditOutput(outNext, needles, { files })),
          ...(newNeedles.length ? await auditOutput(outNext, newNeedles, { skip: changes.written }) : []),
        ],
        {
          summary: () =>
            [
              early && `${formatCount(early.files)} of the ${formatCount(early.files + files!.length)} changed files scanned earlier, while the index finished (${early.seconds.toFixed(2)} s)`,
              incremental && newNeedles.length && `the unchanged files for ${formatCount(newNeedles.length)} new ${newNeedles.length === 1 ? 'needle' : 'needles'}`,
            ]
              .filter(Boolean)
              .join('; '),
        },
      )),
    ];
    if (incremental) await discard(fresh, o.workDir);
  } catch (error) {
    // A failed render or index leaves nothing beside the output folder.
    await indexing?.settled;
    await auditedEarly?.findings.catch(() => undefined);
    await rm(outNext, { recursive: true, force: true });
    throw error;
  }
  const ok = audit.length === 0;
  let liveName: string | null = null;
  let outputFiles: number | undefined;
  if (ok) {
    // A full output is counted once here; an incremental one from the live build's count.
    outputFiles = incremental ? (built?.files === undefined ? undefined : await filesAfter(built.files, path.join(buildsDir(o.outDir), incremental.live), changes)) : countFiles(outNext);
    // The DOI list is saved before the site goes live: a crash in between can only make the
    // next build more careful (it expects DOIs the live site may not have yet), never less.
    await saveDoiManifest(o.workDir, persistence.manifest);
    // One atomic rename makes the new build live; the previous ones are kept for rollback.
    liveName = await goLive(o.outDir, outNext, keptBuildName(buildId, startedAt), o.keepBuilds);
    await writeBuilt(next, { live: liveName, needles: needlesDigest, needleKeys: needleKeys(needles), files: outputFiles });
    await ledger.commitLedger(next);
    await discard(previousSite, o.workDir);
    await discard(current);
    await rename(next, current);
  } else {
    // Refused by the release gate: the candidate may hold what must not be public, so it goes too.
    await rm(outNext, { recursive: true, force: true });
  }
  const { summaries: _summaries, placed: _placed, browsePaths: _browsePaths, racy, ...stage } = staged;
  // A pulled catalogue's problems named by their source records, not by Aperture's copies of them.
  const diagnostics = nameOrigins(sink.list, await mirrorOrigins(catalogue));
  const { dir: reportDir } = await writeCuratorReport(o.workDir, {
    build: buildId,
    startedAt,
    finishedAt: new Date(),
    ok,
    catalogue,
    outDir: o.outDir,
    records: { total: staged.records, valid: staged.valid },
    published: staged.published,
    tombstones: staged.tombstones,
    withheld: staged.withheld,
    diagnostics,
    audit,
    timings,
    stageDir: ok ? path.join(o.workDir, 'site', 'models') : stageDir,
  });
  // A refused build leaves the staged site as the live build has it, for the next build to start from.
  if (!ok && previous) await restoreStaged();
  undo.length = 0;
  const report: BuildReport = { ok, stage, diagnostics, audit, indexedPages: indexed.pages, render: rendered, timings, outDir: o.outDir, reportDir };
  if (incremental) report.changes = { written: [...changes.written].sort(), removed: [...changes.removed].sort() };
  if (outputFiles !== undefined) report.files = outputFiles;
  // Saved last: the next build may keep this one live only if it went live and everything above was written.
  if (liveName) {
    await saveLastBuild(o.workDir, inputs, liveName, report, racy ?? {});
    // The next build starts from a copy of this one, made now in the background (src/publish/standby.ts).
    if (o.standby) await prepareStandby(o.outDir, liveName);
  }
  return report;
}

/**
 * The staged site a killed build had taken (`<workDir>/next-<pid>-…`, its process gone, with
 * the last committed ledger in it) is restored as it was and becomes `<workDir>/site` again,
 * so the next build still starts from it (and persistence still finds previous pages).
 */
async function recoverStagedSite(workDir: string, current: string): Promise<void> {
  for (const name of deadProcessFolders(workDir, /^next-(\d+)-[0-9a-z]+$/)) {
    const dir = path.join(workDir, name);
    if (!existsSync(path.join(dir, 'ledger.jsonl'))) continue;
    const { restorePrevious } = await import('./stage-ledger.ts');
    await restorePrevious(dir, { models: path.join(dir, 'models'), public: path.join(dir, 'public') });
    await rename(dir, current);
    return;
  }
}

/** The published-DOI list (the next build anywhere reads it back) and the build manifest. */
const SITE_LISTS = [PUBLIC_DOI_LIST, 'build-manifest.json'];

async function writeSiteLists(dir: string, manifest: Parameters<typeof publicDoiList>[0], staged: StageResult, now: Date): Promise<void> {
  await mkdir(path.dirname(path.join(dir, PUBLIC_DOI_LIST)), { recursive: true });
  await writeFile(path.join(dir, PUBLIC_DOI_LIST), JSON.stringify(publicDoiList(manifest, now), null, 2) + '\n');
  await writeFile(
    path.join(dir, 'build-manifest.json'),
    JSON.stringify({ builtAt: now.toISOString(), published: staged.published, tombstones: staged.tombstones.map(({ doi, path }) => ({ doi, path })) }, null, 2),
  );
}

/**
 * When every input is as the live build had it, that build is this build's output: it stays
 * live, its report is this build's report (nothing changed, nothing rendered), and no stage runs.
 */
/** `fingerprint` fingerprints the inputs again naming the given records without their stamps (the last build's racy ones). */
async function keepLiveBuild(
  o: BuildOptions,
  start: { inputs: InputFingerprint; fingerprint: (racy: ReadonlySet<string>) => InputFingerprint; catalogue: string; now: Date },
  at: { buildId: string; startedAt: Date; timings: Record<string, number> },
): Promise<BuildReport | null> {
  const last = await readLastBuild<BuildReport>(o.workDir);
  if (!last || liveBuildName(o.outDir) !== last.live) return null;
  const racy = Object.keys(last.racy ?? {});
  const inputs = racy.length ? start.fingerprint(new Set(racy)) : start.inputs;
  if (last.fingerprint !== inputs.value) return null;
  if (racy.length) {
    const { openCatalogue } = await import('../catalogue/open-catalogue.ts');
    if (!(await recordsAsBuilt(openCatalogue(start.catalogue, { now: start.now }), last.racy!))) return null;
  }
  const timings = { ...at.timings, 'fingerprint (inputs unchanged)': (Date.now() - at.startedAt.getTime()) / 1000 };
  const { dir: reportDir } = await writeUnchangedReport(o.workDir, { build: at.buildId, startedAt: at.startedAt, finishedAt: new Date(), timings, live: last.live });
  const reread = racy.length ? ` (${formatCount(racy.length)} ${racy.length === 1 ? 'record' : 'records'} modified just before that build read again: the same bytes)` : '';
  o.log(`unchanged: every record, the configuration and the code are as the live build ${last.live} had them${reread}; it stays live`);
  const previous = last.report;
  return {
    ...previous,
    stage: { ...previous.stage, cached: previous.stage.records },
    render: { pages: previous.render.pages, rendered: 0 },
    changes: { written: [], removed: [] },
    timings,
    reportDir,
    unchanged: true,
  };
}
