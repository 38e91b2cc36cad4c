/** Public URLs of objects. Pure (no SDK import), so page models and browser code can use it. */
import type { StorageConfig } from '../config/site-config.ts';

/**
 * Public URL of an object: the configured base URL + the key, each path segment
 * percent-encoded (keys may hold spaces, `#`, `?` or non-ASCII names).
 */
export function objectUrl(config: Pick<StorageConfig, 'publicBaseUrl'>, key: string): string {
  const base = config.publicBaseUrl.endsWith('/') ? config.publicBaseUrl : config.publicBaseUrl + '/';
  return base + encodeKey(key);
}

/** Percent-encodes each `/`-separated segment of a key, keeping the slashes. */
export function encodeKey(key: string): string {
  return key
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()))
    .join('/');
}
