/**
 * Streaming ZIP of a selection, fetched straight from object storage (client-zip; no
 * server). Each file is checked against its SHA-256 when it is small enough to hold in
 * memory once (SubtleCrypto has no streaming digest); larger ones stream through
 * unverified and the bundled SHA256SUMS lets the reader check them after unzipping.
 * A file that fails to download or to verify is left out and named in
 * `DOWNLOAD-PROBLEMS.txt` inside the archive, and in the result.
 */
import { downloadZip, predictLength } from 'client-zip';
import { fileChecksum, type ChecksumAlgorithm } from '../../record/checksum.ts';
import { sumsFiles, type SelectableFile } from './selection-model.ts';

export interface ZipOptions {
  /** Files up to this size are verified in memory before going into the archive. */
  verifyUpTo?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Called as each file finishes (or fails), with bytes done so far. */
  onProgress?: (done: { files: number; bytes: number }) => void;
  label?: string;
}

export interface ZipProblem {
  path: string;
  url: string;
  problem: 'http-error' | 'network-error' | 'checksum-mismatch';
  detail: string;
}

export interface ZipResult {
  verified: number;
  unverified: number;
  problems: ZipProblem[];
}

export interface ZipJob {
  /** The archive as a streaming Response (`await response.blob()` or pipe it to a file). */
  response: Response;
  /** Settles when the archive stream has been fully produced. */
  result: Promise<ZipResult>;
}

const PROBLEMS_NAME = 'DOWNLOAD-PROBLEMS.txt';

export function zipSelection(files: SelectableFile[], options: ZipOptions = {}): ZipJob {
  const verifyUpTo = options.verifyUpTo ?? 512 * 1024 * 1024;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const result: ZipResult = { verified: 0, unverified: 0, problems: [] };
  let settle!: (r: ZipResult) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<ZipResult>((resolve, reject) => ((settle = resolve), (fail = reject)));
  const sums = sumsFiles(files, options.label ?? 'selection');

  async function* entries() {
    try {
      for (const s of sums) yield { name: s.name, input: s.text, lastModified: new Date() };
      let bytes = 0;
      let count = 0;
      for (const file of files) {
        options.signal?.throwIfAborted();
        const entry = await fetchEntry(file);
        if (entry) yield entry;
        bytes += file.size;
        options.onProgress?.({ files: ++count, bytes });
      }
      if (result.problems.length) {
        const lines = result.problems.map((p) => `${p.path}\t${p.problem}\t${p.detail}\t${p.url}`);
        yield { name: PROBLEMS_NAME, input: `These files are NOT in this archive:\n${lines.join('\n')}\n`, lastModified: new Date() };
      }
      settle(result);
    } catch (error) {
      fail(error);
      throw error;
    }
  }

  async function fetchEntry(file: SelectableFile) {
    const problem = (kind: ZipProblem['problem'], detail: string) => {
      result.problems.push({ path: file.path, url: file.url, problem: kind, detail });
      return null;
    };
    let response: Response;
    try {
      response = await doFetch(file.url, { signal: options.signal, credentials: 'omit' });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return problem('network-error', error instanceof Error ? error.message : String(error));
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return problem('http-error', `HTTP ${response.status}`);
    }
    const expected = fileChecksum(file);
    const webCrypto = expected && WEB_CRYPTO_DIGEST[expected.algorithm];
    // MD5, CRC32, Adler-32 (no Web Crypto digest) and files without a checksum go in unverified;
    // the archive's MD5SUMS lets the reader check MD5 files afterwards.
    if (file.size > verifyUpTo || !expected || !webCrypto) {
      result.unverified++;
      return { name: file.path, input: response.body, size: file.size, lastModified: new Date() };
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const digest = await hexDigest(webCrypto, bytes);
    if (digest !== expected.value) return problem('checksum-mismatch', `expected ${expected.algorithm} ${expected.value}, got ${digest}`);
    result.verified++;
    return { name: file.path, input: bytes, lastModified: new Date() };
  }

  return { response: downloadZip(entries()), result: done };
}

export async function sha256Hex(bytes: BufferSource): Promise<string> {
  return hexDigest('SHA-256', bytes);
}

const WEB_CRYPTO_DIGEST: Partial<Record<ChecksumAlgorithm, string>> = { sha256: 'SHA-256', sha512: 'SHA-512', sha1: 'SHA-1' };

async function hexDigest(algorithm: string, bytes: BufferSource): Promise<string> {
  const digest = await crypto.subtle.digest(algorithm, bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Exact archive size when every file arrives as listed (client-zip's predictLength). */
export function predictedZipBytes(files: SelectableFile[]): number {
  const sums = sumsFiles(files, 'selection');
  return Number(predictLength([...sums.map((s) => ({ name: s.name, size: new TextEncoder().encode(s.text).length })), ...files.map((f) => ({ name: f.path, size: f.size }))]));
}
