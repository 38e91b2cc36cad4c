/**
 * npm `s3rver`, the local S3-compatible server the demo (`npm start`) and the tests run on
 * 127.0.0.1. It ships no type declarations; the constructor shape below is all we use.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

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
