/**
 * The S3 client Aperture uses for verification, CORS and publishing. Credentials come
 * from the environment only, and only when present: public buckets are read unsigned,
 * exactly as a reader's browser would. Nothing here ever logs or writes a credential.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from '../config/site-config.ts';
import { refuseHtmlAnswers } from './html-answer.ts';

export interface StorageCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface StorageClientOptions {
  /** Time allowed to open a TCP/TLS connection. */
  connectionTimeoutMs?: number;
  /** Time allowed for a whole request once connected (a HEAD or one object upload). */
  requestTimeoutMs?: number;
  /**
   * SDK-level attempts. Aperture retries itself (src/storage/retry.ts) so one slow store
   * cannot multiply the build time behind our back; keep this at 1 unless you know why.
   */
  maxAttempts?: number;
}

/**
 * Credentials from APERTURE_STORAGE_ACCESS_KEY_ID / APERTURE_STORAGE_SECRET_ACCESS_KEY
 * (+ APERTURE_STORAGE_SESSION_TOKEN), else the standard AWS_* variables; null when
 * neither pair is complete. Profiles and instance metadata are deliberately not
 * consulted: a static site build should not pick up a laptop's admin keys by accident.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): StorageCredentials | null {
  const pairs: Array<[string | undefined, string | undefined, string | undefined]> = [
    [env.APERTURE_STORAGE_ACCESS_KEY_ID, env.APERTURE_STORAGE_SECRET_ACCESS_KEY, env.APERTURE_STORAGE_SESSION_TOKEN],
    [env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN],
  ];
  for (const [accessKeyId, secretAccessKey, sessionToken] of pairs) {
    if (accessKeyId && secretAccessKey) {
      return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
    }
  }
  return null;
}

const SILENT_LOGGER = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** An S3 client for the configured store: signed when credentials are given, anonymous otherwise. */
export function createStorageClient(
  config: Pick<StorageConfig, 'endpoint' | 'region' | 'pathStyle'>,
  credentials: StorageCredentials | null = credentialsFromEnv(),
  options: StorageClientOptions = {},
): S3Client {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.pathStyle,
    // Flexible checksums make streamed uploads `aws-chunked` with a CRC trailer, which
    // several S3-compatible stores (s3rver, older Ceph/MinIO) store verbatim: corrupt
    // objects. Only send/validate checksums where the API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: options.maxAttempts ?? 1,
    // Failures reach the caller as errors and end up in reports; the SDK's own console
    // warnings (e.g. on a failed streamed upload) would only be noise beside them.
    logger: SILENT_LOGGER,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
    },
    ...(credentials
      ? { credentials }
      : {
          // Unsigned requests, like a browser's. Empty credentials keep the SDK from
          // searching profiles/IMDS; the pass-through signer leaves the request untouched.
          credentials: { accessKeyId: '', secretAccessKey: '' },
          signer: { sign: async (request) => request },
        }),
  });
  refuseHtmlAnswers(client);
  return client;
}

export { encodeKey, objectUrl } from './object-url.ts';
