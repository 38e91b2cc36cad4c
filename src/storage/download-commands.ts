/**
 * Ready-to-copy download commands for a dataset or experiment page. Every command
 * resumes, and the last one verifies. Bucket-level tools (rclone, s5cmd, aws) only
 * appear when the bucket allows anonymous listing and the files mirror one key prefix.
 * Every URL, path and name is shell-quoted.
 */
import type { StorageConfig } from '../config/site-config.ts';
import { FORMATS, shellQuote } from './manifest-formats.ts';

export interface DownloadCommand {
  /** Tool name, e.g. `aria2c`; stable, for icons/ids. */
  tool: string;
  description: string;
  command: string;
}

export interface DownloadCommandContext {
  /** Absolute URL of the folder that holds this scope's manifests (as written by writeManifests). */
  manifestBaseUrl: string;
  /** Folder name the download goes into, e.g. the dataset id. */
  directory: string;
  storage: Pick<StorageConfig, 'endpoint' | 'bucket' | 'region' | 'publicBaseUrl' | 'anonymousAccess'>;
  /** ManifestSummary.keyPrefix: the bucket prefix the files mirror, or null. */
  keyPrefix: string | null;
}

export function downloadCommands(ctx: DownloadCommandContext): DownloadCommand[] {
  const base = ctx.manifestBaseUrl.endsWith('/') ? ctx.manifestBaseUrl : ctx.manifestBaseUrl + '/';
  const url = (format: keyof typeof FORMATS) => shellQuote(base + FORMATS[format].fileName);
  const into = `mkdir -p ${shellQuote(ctx.directory)} && cd ${shellQuote(ctx.directory)} && `;
  const commands: DownloadCommand[] = [
    {
      tool: 'aria2c',
      description: 'Parallel, resumable download; aria2c checks each file against its SHA-256.',
      command: `${into}curl -fsSL ${url('aria2')} | aria2c -c --check-integrity=true -j 8 -i -`,
    },
    {
      tool: 'curl',
      description: 'Plain curl script, no extra software; re-run it to resume.',
      command: `${into}curl -fsSLO ${url('curl')} && sh ${FORMATS.curl.fileName}`,
    },
  ];
  const cut = ctx.keyPrefix !== null ? segments(new URL(ctx.storage.publicBaseUrl).pathname) + segments(ctx.keyPrefix) : null;
  commands.push(
    cut !== null
      ? {
          tool: 'wget',
          description: 'wget with resume (-c), keeping the folder structure.',
          command: `${into}wget -c -x -nH --cut-dirs=${cut} -i ${url('urls')}`,
        }
      : {
          tool: 'wget',
          description: 'wget with resume (-c); files land in one folder (names only).',
          command: `${into}wget -c -i ${url('urls')}`,
        },
  );
  const bucket = ctx.storage.bucket;
  if (ctx.storage.anonymousAccess && bucket && ctx.keyPrefix) {
    const prefix = ctx.keyPrefix.replace(/\/+$/, '');
    const endpoint = ctx.storage.endpoint;
    const s3url = shellQuote(`s3://${bucket}/${prefix}/`);
    commands.push(
      {
        tool: 'rclone',
        description: 'rclone, anonymous S3 access; re-run to fetch only what is missing.',
        command:
          `${into}rclone copy --progress --transfers 8 ` +
          (endpoint ? `--s3-provider Other --s3-endpoint ${shellQuote(endpoint)} ` : `--s3-provider AWS --s3-region ${shellQuote(ctx.storage.region)} `) +
          shellQuote(`:s3:${bucket}/${prefix}`) +
          ' .',
      },
      {
        tool: 's5cmd',
        description: 's5cmd, very fast parallel copy without credentials.',
        command: `${into}s5cmd --no-sign-request ${endpoint ? `--endpoint-url ${shellQuote(endpoint)} ` : ''}cp ${shellQuote(`s3://${bucket}/${prefix}/*`)} .`,
      },
      {
        tool: 'aws',
        description: 'AWS CLI sync without credentials; re-run to resume.',
        command:
          `${into}aws s3 sync --no-sign-request ` +
          (endpoint ? `--endpoint-url ${shellQuote(endpoint)} ` : `--region ${shellQuote(ctx.storage.region)} `) +
          `${s3url} .`,
      },
    );
  }
  commands.push({
    tool: 'sha256sum',
    description: 'Verify every file in the download folder (macOS: shasum -a 256 -c).',
    command: `cd ${shellQuote(ctx.directory)} && curl -fsSL ${url('sha256')} | sha256sum -c --quiet -`,
  });
  return commands;
}

function segments(pathname: string): number {
  return pathname.split('/').filter(Boolean).length;
}
