/**
 * npm `s3rver`, the local S3-compatible server the demo (`npm start`) and the tests run on
 * 127.0.0.1. It ships no type declarations; the constructor shape below is all we use.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';

export interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

export type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: Array<{ name: string; configs: string[] }>;
}) => S3rverInstance;

export const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** s3rver's fixed credentials: a local store, nothing secret. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A running s3rver on 127.0.0.1 and a signed, path-style client for it. */
export interface LocalS3 {
  server: S3rverInstance;
  endpoint: string;
  client: S3Client;
}

export async function startLocalS3(o: { port?: number; directory: string; buckets: Array<{ name: string; configs: string[] }> }): Promise<LocalS3> {
  const server = new S3rver({ address: '127.0.0.1', port: o.port ?? 0, silent: true, directory: o.directory, configureBuckets: o.buckets });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    // s3rver stores aws-chunked framing verbatim; plain bodies keep objects byte-exact.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { server, endpoint, client };
}
