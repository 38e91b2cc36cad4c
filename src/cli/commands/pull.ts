/**
 * `aperture pull`: harvest a remote catalogue (DataCite REST or OAI-PMH, SciCat, MyTardis,
 * ICAT, PaNOSC search API) into a local mirror in the filesystem catalogue format, which
 * `aperture build --catalogue DIR` then reads like content/. Configured by
 * `catalogue.source` in aperture.config.json, overridden on the command line. Credentials
 * come only from the environment. Heavy modules load when the command runs.
 *
 * Exit codes: 0 pulled; 1 pulled, but some records were left out (errors listed); 2 usage;
 * 4 the source could not be read to the end (mirror untouched) or --offline found no mirror.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { RegisterCommand } from './index.ts';
import { CliError, EXIT } from '../exit-codes.ts';

interface PullCliOptions {
  from?: string;
  url?: string;
  clientId?: string;
  providerId?: string;
  prefix?: string;
  set?: string;
  apiVersion?: string;
  entity?: string;
  timeZone?: string;
  keyTemplate?: string;
  keyPrefix?: string;
  pageSize?: string;
  maxMisses?: string;
  full?: boolean;
  offline?: boolean;
  out?: string;
  config: string;
  json?: boolean;
  retries?: string;
  timeout?: string;
  progress: boolean;
}

const FROM = { datacite: 'datacite', 'datacite-oai': 'datacite-oai', oai: 'datacite-oai', scicat: 'scicat', mytardis: 'mytardis', icat: 'icat', panosc: 'panosc' } as const;

export const registerPull: RegisterCommand = (program, io, setExit) => {
  program
    .command('pull')
    .description('Mirror the released records of a remote catalogue into a local catalogue folder that `aperture build` reads')
    .option('--from <type>', 'datacite | datacite-oai | scicat | mytardis | icat | panosc (default: the config’s catalogue.source.type)')
    .option('--url <url>', 'API root the source’s paths hang from (DataCite REST: the root serving /dois)')
    .option('--client-id <id>', 'DataCite: repository (client) id, e.g. inist.esrf')
    .option('--provider-id <id>', 'DataCite: provider id')
    .option('--prefix <prefix>', 'DataCite: DOI prefix, e.g. 10.15151')
    .option('--set <set>', 'OAI-PMH: set')
    .option('--api-version <3|4>', 'SciCat: API version')
    .option('--entity <name>', 'ICAT: DataPublication or Investigation')
    .option('--time-zone <zone>', 'MyTardis: IANA zone of its naive timestamps')
    .option('--key-template <template>', 'DataCite/OAI: object-store key prefix per DOI ({doi}, {prefix}, {suffix})')
    .option('--key-prefix <prefix>', 'SciCat/MyTardis/ICAT/PaNOSC: object-store key prefix before file locations')
    .option('--page-size <n>', 'records per page (DataCite: at most 1000)')
    .option('--max-misses <n>', 'full pulls a record may be missing before it becomes a tombstone')
    .option('--full', 'full reconciliation: list everything, re-fetch what vanished (catches changes that bump no timestamp)')
    .option('--offline', 'do not contact the source: check the existing mirror and say how old it is')
    .option('--out <dir>', 'mirror folder (default: the config’s catalogue folder when catalogue.source is set)')
    .option('--config <file>', 'site config file', 'aperture.config.json')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--retries <n>', 'retries per request (exponential backoff with jitter; Retry-After honoured)', '5')
    .option('--timeout <seconds>', 'per-request timeout', '60')
    .option('--no-progress', 'one line per stage on stderr instead of a live progress bar (the default when stderr is not a terminal)')
    .action(async (options: PullCliOptions) => {
      const { loadConfig } = await import('../load-config.ts');
      const { PullSourceConfigSchema } = await import('../../config/site-config.ts');
      const configPath = path.resolve(io.cwd, options.config);
      const config = existsSync(configPath) ? await loadConfig(options.config, io) : null;
      const base = config?.catalogueSource ?? null;
      const type = options.from ? FROM[options.from as keyof typeof FROM] : base?.type;
      if (!type) throw new CliError(options.from ? `unknown --from ${options.from}; use ${Object.keys(FROM).join(', ')}` : 'no source: pass --from and --url, or set catalogue.source in the site config', EXIT.usage);
      const sameSource = base && base.type === type;
      const parsed = PullSourceConfigSchema.safeParse({
        ...(sameSource ? base : {}),
        type,
        url: options.url ?? (sameSource ? base.url : undefined),
        ...(options.clientId ? { clientId: options.clientId, providerId: null, prefix: null } : {}),
        ...(options.providerId ? { providerId: options.providerId, clientId: null, prefix: null } : {}),
        ...(options.prefix ? { prefix: options.prefix, clientId: null, providerId: null } : {}),
        ...(options.set ? { set: options.set } : {}),
        ...(options.apiVersion ? { apiVersion: Number(options.apiVersion.replace(/^v/, '')) } : {}),
        ...(options.entity ? { entity: options.entity } : {}),
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        ...(options.keyTemplate ? { keyTemplate: options.keyTemplate } : {}),
        ...(options.keyPrefix !== undefined ? { keyPrefix: options.keyPrefix } : {}),
        ...(options.pageSize ? { pageSize: Number(options.pageSize) } : {}),
        ...(options.maxMisses ? { maxMisses: Number(options.maxMisses) } : {}),
      });
      if (!parsed.success) {
        throw new CliError(`invalid source settings:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(source)'}: ${i.message}`).join('\n')}`, EXIT.usage);
      }
      const source = parsed.data;
      if (!(Number(options.retries ?? 5) >= 0) || !(Number(options.timeout ?? 60) > 0)) throw new CliError('--retries must be ≥ 0 and --timeout > 0', EXIT.usage);
      try {
        new Intl.DateTimeFormat('en', { timeZone: source.timeZone });
      } catch {
        throw new CliError(`unknown time zone ${source.timeZone}`, EXIT.usage);
      }
      const out = options.out ? path.resolve(io.cwd, options.out) : config?.catalogueSource ? path.resolve(config.root, config.catalogue) : null;
      if (!out) throw new CliError('no mirror folder: pass --out DIR (or set catalogue.path with catalogue.source in the site config)', EXIT.usage);
      if (config && path.resolve(config.root, 'content') === out && !config.catalogueSource) {
        throw new CliError(`refusing to pull into ${out}, the hand-kept demo catalogue; pass another --out`, EXIT.usage);
      }

      const { Mirror } = await import('../../pull/mirror.ts');
      const { openPullSource, SourceConfigError } = await import('../../pull/open-source.ts');
      let pullSource;
      try {
        pullSource = openPullSource(source, config?.storage ?? null, io.env);
      } catch (error) {
        if (error instanceof SourceConfigError) throw new CliError(error.message, EXIT.usage);
        throw error;
      }

      if (options.offline) {
        const state = await new Mirror(out).readState();
        const entry = state.sources[pullSource.key];
        if (!entry?.watermark) {
          io.stderr(`aperture pull: OFFLINE and there is no mirror of ${pullSource.key} in ${out}: nothing to build from`);
          setExit(EXIT.failure);
          return;
        }
        const records = Object.values(state.records).filter((r) => r.source === pullSource.key).length;
        const age = Math.round((Date.now() - Date.parse(entry.watermark)) / 3_600_000);
        io.stderr(`!!! aperture pull: OFFLINE — ${pullSource.key} was NOT contacted. The mirror in ${out} (${records} records) is from ${entry.watermark} (${age} h ago); builds will publish it as it is.`);
        if (options.json) io.stdout(JSON.stringify({ offline: true, source: pullSource.key, mirror: out, pulledAt: entry.watermark, records }, null, 2));
        setExit(EXIT.ok);
        return;
      }

      const { DiagnosticSink } = await import('../../diagnostics/diagnostic.ts');
      const { formatReport, summarise } = await import('../../diagnostics/report.ts');
      const { HttpClient } = await import('../../pull/http.ts');
      const { runPull } = await import('../../pull/pull.ts');
      const { openProgress } = await import('../progress.ts');
      const sink = new DiagnosticSink();
      const progress = await openProgress(io, { live: options.progress });
      let summary: Awaited<ReturnType<typeof runPull>>;
      try {
        summary = await runPull({
          source: pullSource,
          out,
          http: new HttpClient({ retries: Number(options.retries ?? 5), timeoutMs: Number(options.timeout ?? 60) * 1000 }),
          sink,
          full: options.full,
          env: io.env,
          log: (line) => progress.log(line),
          progress,
          overlapMs: source.overlapHours * 3_600_000,
          maxMisses: source.maxMisses,
        });
      } finally {
        progress.close();
      }
      const report = summarise(summary.seen, summary.seen - summary.leftOut, sink.list);
      if (sink.list.length) io.stderr(formatReport(report));
      if (summary.failed) {
        io.stderr(`!!! aperture pull: ${pullSource.key} could not be read to the end: ${summary.failed}`);
        io.stderr(`!!! the mirror in ${out} was left as it was; \`aperture build --catalogue ${path.relative(io.cwd, out) || out}\` can go on from it.`);
      } else {
        io.stderr(
          `pulled ${pullSource.key} (${summary.full ? 'full' : 'incremental'}): ${summary.seen} records, ${summary.written} folders written, ${summary.unchanged} unchanged, ` +
            `${summary.leftOut} left out, ${summary.notPublic} not public, ${summary.withdrawn} withdrawn, ${summary.vanished} missing; ${summary.requests} requests`,
        );
      }
      if (options.json) io.stdout(JSON.stringify({ ...summary, mirror: out, diagnostics: sink.list }, null, 2));
      setExit(summary.failed ? EXIT.failure : sink.hasErrors() ? EXIT.inputErrors : EXIT.ok);
    });
};
