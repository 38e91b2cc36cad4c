/**
 * Site configuration: what the archive is called, where it lives, where its files are.
 * Read from `aperture.config.json` (project root by default), with environment overrides
 * for deployment (APERTURE_SITE_URL, APERTURE_STORAGE_*). Credentials are never part of
 * this config: they come from the environment only when a command needs them, and are
 * never written into output.
 */
import { z } from 'zod';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SHARD_PAGES } from '../index/shard-list.ts';

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

export const StorageConfigSchema = z.object({
  /** S3 API endpoint, e.g. `https://s3.eu-west-1.amazonaws.com` or a MinIO/Ceph URL. */
  endpoint: httpUrl.nullable().default(null),
  bucket: z.string().min(1).nullable().default(null),
  region: z.string().default('us-east-1'),
  /** Public base URL that datafile keys are appended to (bucket URL or CDN). */
  publicBaseUrl: httpUrl,
  /** Path-style addressing (`endpoint/bucket/key`), needed by most non-AWS stores. */
  pathStyle: z.boolean().default(true),
  /** The bucket allows anonymous listing, so `aws s3 sync --no-sign-request` and s5cmd work. */
  anonymousAccess: z.boolean().default(true),
  /** Check every datafile against the store during `aperture build`. */
  verifyOnBuild: z.boolean().default(false),
  /** Largest selection the browser will zip on the fly; larger ones get a manifest. */
  maxBrowserZipBytes: z.number().int().positive().default(2 * 1024 ** 3),
});

/** `catalogue.source`: the remote catalogue `aperture pull` mirrors into the catalogue folder (docs/sources/). */
export const PullSourceConfigSchema = z.strictObject({
  type: z.enum(['datacite', 'datacite-oai', 'scicat', 'mytardis', 'icat', 'panosc']),
  /** API root the source's paths hang from (DataCite REST: the root that serves /dois). */
  url: httpUrl,
  clientId: z.string().min(1).nullable().default(null),
  providerId: z.string().min(1).nullable().default(null),
  prefix: z.string().min(1).nullable().default(null),
  /** OAI-PMH set. */
  set: z.string().min(1).nullable().default(null),
  /** SciCat API version. */
  apiVersion: z.union([z.literal(3), z.literal(4)]).default(3),
  /** ICAT entity that carries the DOI. */
  entity: z.enum(['DataPublication', 'Investigation']).default('DataPublication'),
  /** MyTardis: zone of its naive timestamps. */
  timeZone: z.string().min(1).default('UTC'),
  /** DataCite/OAI: object-store key prefix per DOI, e.g. `datasets/{suffix}/`; null = no files. */
  keyTemplate: z.string().min(1).nullable().default(null),
  /** SciCat, MyTardis, ICAT, PaNOSC: object-store key prefix before the source's file locations. */
  keyPrefix: z.string().default(''),
  pageSize: z.number().int().min(1).max(1000).nullable().default(null),
  /** Consecutive full pulls a record may be missing before it becomes a tombstone. */
  maxMisses: z.number().int().min(1).default(3),
  /** Changes this many hours before the watermark are asked for again. */
  overlapHours: z.number().min(0).default(24),
  /** PaNOSC: DataCite REST root for citation metadata by DOI (null: the documents' own fields only). */
  dataciteUrl: httpUrl.nullable().default('https://api.datacite.org'),
  /** Publisher name for sources whose records do not name the facility. */
  facility: z.string().min(1).nullable().default(null),
});

export type PullSourceConfig = z.infer<typeof PullSourceConfigSchema>;

export const SiteConfigSchema = z.object({
  /** Canonical origin (+ optional base path) of the published site; absolute URLs in exports use it. */
  siteUrl: httpUrl,
  title: z.string().min(1),
  /** One paragraph for the home page: what this archive holds. */
  tagline: z.string().min(1),
  /** Catalogue folder, relative to the config file. */
  catalogue: z.string().default('content'),
  /** Set when `catalogue` is `{ "path", "source" }` in the file: the remote catalogue `aperture pull` mirrors into `catalogue`. */
  catalogueSource: PullSourceConfigSchema.nullable().default(null),
  facility: z.object({
    name: z.string().min(1),
    url: httpUrl.nullable().default(null),
    /** Logo path under public/, shown in the header. */
    logo: z.string().nullable().default(null),
    /** Brand colour (CSS hex) used for accents; must keep 4.5:1 contrast on white. */
    colour: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .default('#1f5a96'),
    /** ROR id of the publishing facility, for DCAT and schema.org. */
    ror: z.string().nullable().default(null),
  }),
  /** Contact for the data catalogue (DCAT contactPoint, feed author). */
  contactEmail: z.string().email().nullable().default(null),
  storage: StorageConfigSchema,
  /** Files per page on dataset listings; keeps each page to a few hundred KB at 200,000 files. */
  filesPerPage: z.number().int().min(10).max(2000).default(250),
  /** Enrich datafiles from the image files themselves during build (issue 5). */
  enrich: z
    .object({
      enabled: z.boolean().default(false),
      /** Where image bytes are read: a folder mirroring the bucket by key, or a base URL; null = storage.publicBaseUrl. */
      imageRoot: z.string().nullable().default(null),
      /** Files per dataset whose headers are read when the listing lacks technical metadata. */
      headersPerDataset: z.number().int().min(0).default(50),
      /** Images per dataset with a preview, spread over the sweep (the first is the dataset's preview). */
      previewsPerDataset: z.number().int().min(0).max(100).default(1),
    })
    .default({ enabled: false, imageRoot: null, headersPerDataset: 50, previewsPerDataset: 1 }),
  search: z
    .object({
      /**
       * Landing pages per search shard, on average (src/index/search-shards.ts): a release
       * re-indexes the shard of its record only; each shard adds its metadata to a first search.
       */
      shardPages: z.number().int().min(1).default(DEFAULT_SHARD_PAGES),
    })
    .default({ shardPages: DEFAULT_SHARD_PAGES }),
  /** Complete builds kept beside the output folder for `aperture rollback` (the live one included). */
  keepBuilds: z.number().int().min(1).max(100).default(3),
  /**
   * Where the list of published DOIs is read back from before a build (docs/exports.md,
   * Persistence): `site` (siteUrl/.well-known/aperture/published-dois.json), `bucket`
   * (the same key under `prefix` in storage.bucket), or `none` (the local work folder only).
   */
  persistence: z
    .object({
      remote: z.enum(['none', 'site', 'bucket']).default('none'),
      prefix: z.string().default(''),
    })
    .default({ remote: 'none', prefix: '' }),
});

export type SiteConfig = z.infer<typeof SiteConfigSchema>;
export type StorageConfig = z.infer<typeof StorageConfigSchema>;

import { DEFAULT_CONFIG_FILE } from './config-file.ts';
export { DEFAULT_CONFIG_FILE };

export class ConfigError extends Error {}

/** Loads and validates the site config; environment variables win over the file. */
export async function loadSiteConfig(
  file: string = DEFAULT_CONFIG_FILE,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<SiteConfig & { root: string }> {
  const absolute = path.resolve(cwd, file);
  let spec: Record<string, unknown>;
  try {
    spec = JSON.parse(await readFile(absolute, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`cannot read site config ${absolute}: ${(error as Error).message}`, { cause: error });
  }
  const storage = { ...(spec.storage as Record<string, unknown> | undefined) };
  if (env.APERTURE_STORAGE_ENDPOINT) storage.endpoint = env.APERTURE_STORAGE_ENDPOINT;
  if (env.APERTURE_STORAGE_BUCKET) storage.bucket = env.APERTURE_STORAGE_BUCKET;
  if (env.APERTURE_STORAGE_REGION) storage.region = env.APERTURE_STORAGE_REGION;
  if (env.APERTURE_STORAGE_PUBLIC_URL) storage.publicBaseUrl = env.APERTURE_STORAGE_PUBLIC_URL;
  // `"catalogue": { "path": "mirror", "source": { type, url, … } }` is the pulled form of `"catalogue": "mirror"`.
  const catalogue = spec.catalogue;
  if (catalogue && typeof catalogue === 'object' && !Array.isArray(catalogue)) {
    const { path: folder, source } = catalogue as Record<string, unknown>;
    spec = { ...spec, catalogue: folder ?? 'content', catalogueSource: source ?? null };
  }
  const merged = { ...spec, storage, ...(env.APERTURE_SITE_URL ? { siteUrl: env.APERTURE_SITE_URL } : {}) };
  const parsed = SiteConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigError(`invalid site config ${absolute}:\n${problems}`);
  }
  return { ...parsed.data, root: path.dirname(absolute) };
}
