/**
 * A real S3-compatible server for tests: npm `s3rver` on 127.0.0.1, a random port and a
 * fresh temporary directory, with buckets (and their CORS rules) configured at start.
 * Use `startS3rver()` in beforeAll and `stop()` in afterAll.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { startLocalS3, S3RVER_CREDENTIALS as CREDENTIALS } from '../../src/preview/s3rver.ts';

export interface RunningS3rver {
  endpoint: string;
  /** Signed client with s3rver's fixed credentials, path-style, checksums only when required. */
  client: S3Client;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

export const S3RVER_CREDENTIALS = CREDENTIALS;

export async function startS3rver(buckets: Array<{ name: string; cors?: string }>): Promise<RunningS3rver> {
  const directory = await mkdtemp(path.join(tmpdir(), 'aperture-s3rver-'));
  const { server, endpoint, client } = await startLocalS3({ directory, buckets: buckets.map((b) => ({ name: b.name, configs: b.cors ? [b.cors] : [] })) });
  return {
    endpoint,
    client,
    credentials: S3RVER_CREDENTIALS,
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
