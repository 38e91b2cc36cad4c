/** `catalogue.source` (config or command line) → the PullSource that reads it. */
import type { PullSourceConfig, StorageConfig } from '../config/site-config.ts';
import { createStorageClient, credentialsFromEnv } from '../storage/client.ts';
import type { PullSource } from './types.ts';
import { dataciteRestSource } from './datacite-rest.ts';
import { dataciteOaiSource } from './datacite-oai.ts';
import { scicatSource } from './scicat.ts';
import { mytardisSource } from './mytardis.ts';
import { icatSource } from './icat.ts';
import { panoscSource } from './panosc.ts';
import type { FilesConfig } from './s3-files.ts';

export class SourceConfigError extends Error {}

export function openPullSource(config: PullSourceConfig, storage: StorageConfig | null, env: NodeJS.ProcessEnv): PullSource {
  const pageSize = config.pageSize ?? undefined;
  const files = (): FilesConfig | null => {
    if (!config.keyTemplate) return null;
    if (!storage?.bucket) throw new SourceConfigError('a key template for files needs storage.bucket (and storage.endpoint for a non-AWS store) in the site config');
    return { client: createStorageClient(storage, credentialsFromEnv(env)), bucket: storage.bucket, keyTemplate: config.keyTemplate };
  };
  switch (config.type) {
    case 'datacite':
      if (!config.clientId && !config.providerId && !config.prefix) throw new SourceConfigError('the DataCite source needs --client-id, --provider-id or --prefix');
      return dataciteRestSource({ url: config.url, clientId: config.clientId, providerId: config.providerId, prefix: config.prefix, pageSize, files: files() });
    case 'datacite-oai':
      return dataciteOaiSource({ url: config.url, set: config.set, files: files() });
    case 'scicat':
      return scicatSource({ url: config.url, apiVersion: config.apiVersion, pageSize, keyPrefix: config.keyPrefix });
    case 'mytardis':
      return mytardisSource({ url: config.url, timeZone: config.timeZone, pageSize, keyPrefix: config.keyPrefix });
    case 'icat':
      return icatSource({ url: config.url, entity: config.entity, pageSize, keyPrefix: config.keyPrefix, facility: config.facility });
    case 'panosc':
      return panoscSource({ url: config.url, dataciteUrl: config.dataciteUrl, pageSize, keyPrefix: config.keyPrefix, facility: config.facility });
  }
}
