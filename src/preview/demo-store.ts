/**
 * The demo's object store on this machine: npm `s3rver` (an S3-compatible server) on
 * 127.0.0.1, holding the demo objects under the demo bucket with the CORS rules the site
 * needs, so every file link, manifest, download script, aria2 input and the browser ZIP
 * of the demo fetch real bytes. Objects already in the store with the right size are not
 * uploaded again, so a second `npm start` is quick.
 */
import { readFile } from 'node:fs/promises';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { applyCors, corsRules, corsXml } from '../storage/cors.ts';
import { startLocalS3 } from './s3rver.ts';


export interface DemoStore {
  endpoint: string;
  bucket: string;
  /** Path-style public base URL of the bucket (what `storage.publicBaseUrl` must be). */
  publicBaseUrl: string;
  uploaded: number;
  /** Replaces the bucket's CORS rules, for a site whose origin is known only later. */
  allowOrigins(origins: string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface DemoStoreOptions {
  /** Folder s3rver keeps its objects in (kept between runs). */
  directory: string;
  bucket: string;
  /** 0 picks a free port. */
  port?: number;
  /** Origins the site is served from (CORS). */
  siteOrigins: string[];
  objects: Array<{ key: string; file: string; size: number }>;
  log?: (line: string) => void;
}

export async function startDemoStore(o: DemoStoreOptions): Promise<DemoStore> {
  const { server, endpoint, client } = await startLocalS3({
    port: o.port,
    directory: o.directory,
    buckets: [{ name: o.bucket, configs: [corsXml(corsRules(o.siteOrigins[0], o.siteOrigins.slice(1)))] }],
  });
  try {
    const present = new Map<string, number>();
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: o.bucket, ContinuationToken: token }));
      for (const item of page.Contents ?? []) if (item.Key) present.set(item.Key, item.Size ?? -1);
      token = page.NextContinuationToken;
    } while (token);
    const missing = o.objects.filter((obj) => present.get(obj.key) !== obj.size);
    if (missing.length) o.log?.(`demo store: uploading ${missing.length} of ${o.objects.length} objects…`);
    const limit = pLimit(16);
    await Promise.all(missing.map((obj) => limit(async () => client.send(new PutObjectCommand({ Bucket: o.bucket, Key: obj.key, Body: await readFile(obj.file) })))));
    return {
      endpoint,
      bucket: o.bucket,
      publicBaseUrl: `${endpoint}/${o.bucket}/`,
      uploaded: missing.length,
      allowOrigins: (origins) => applyCors(client, o.bucket, corsRules(origins[0], origins.slice(1))),
      async stop() {
        client.destroy();
        await server.close();
      },
    };
  } catch (error) {
    client.destroy();
    await server.close();
    throw error;
  }
}
