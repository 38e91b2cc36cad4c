/**
 * Where enrichment reads datafile bytes: a local mirror of the bucket (a folder laid out
 * by object key) or the object store over HTTP range requests. Never whole downloads.
 */
import path from 'node:path';
import { fileSource, httpRangeSource, type ByteSource } from '../images/byte-source.ts';
import { objectUrl } from '../storage/client.ts';

export type ObjectSourceFor = (key: string) => ByteSource;

export function objectSources(imageRoot: string | null, publicBaseUrl: string, configRoot: string): ObjectSourceFor {
  if (imageRoot && !/^https?:\/\//i.test(imageRoot)) {
    const root = path.resolve(configRoot, imageRoot);
    return (key) => {
      const file = path.resolve(root, key);
      // Keys come from the catalogue: a key must not reach outside the mirror.
      if (!file.startsWith(root + path.sep)) throw new Error(`object key escapes the image root: ${key}`);
      return fileSource(file);
    };
  }
  const base = imageRoot ?? publicBaseUrl;
  return (key) => httpRangeSource(objectUrl({ publicBaseUrl: base }, key), { timeoutMs: 20_000 });
}
