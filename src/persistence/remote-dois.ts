/** Reads the live site's published-DOI list as the site config says (`persistence.remote`). */
import type { SiteConfig } from '../config/site-config.ts';
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import { readSiteList, siteListUrl, SiteListUnavailable, type PublicDoiList, type SiteListSource } from './site-doi-list.ts';

export { SiteListUnavailable };

export async function readRemoteDois(
  config: Pick<SiteConfig, 'persistence' | 'siteUrl' | 'storage'>,
  o: { offline?: boolean; log: (line: string) => void; sink: DiagnosticSink },
): Promise<PublicDoiList | null> {
  const remote = config.persistence.remote;
  if (remote === 'none') return null;
  if (o.offline) {
    o.sink.add({
      code: 'persistence/remote-skipped',
      record: null,
      message: `--offline: the published-DOI list was not read from the ${remote}; only this machine's list guards published DOIs.`,
    });
    return null;
  }
  let source: SiteListSource;
  if (remote === 'site') source = { kind: 'site', url: siteListUrl(config.siteUrl) };
  else {
    if (!config.storage.bucket) throw new SiteListUnavailable('persistence.remote is "bucket" but storage.bucket is not set');
    // Loaded only here: the S3 client takes about a second to import, which every build would pay.
    const { createStorageClient } = await import('../storage/client.ts');
    source = { kind: 'bucket', client: createStorageClient(config.storage), bucket: config.storage.bucket, prefix: config.persistence.prefix };
  }
  const list = await readSiteList(source);
  o.log(`persistence: ${list ? Object.keys(list.dois).length : 0} published DOIs read back from the ${remote}`);
  return list;
}
