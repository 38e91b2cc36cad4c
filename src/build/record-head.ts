/**
 * The machine-readable head of a landing page: Highwire/Dublin Core meta tags, FAIR
 * Signposting typed links and schema.org JSON-LD, all from the same record the page shows.
 * The typed links come from src/exports/signposting.ts, which the Link Set shares.
 */
import type { SiteConfig } from '../config/site-config.ts';
import type { ExperimentRecord } from '../record/types.ts';
import type { ResolvedLicence } from '../record/licence.ts';
import type { DatasetSummary, HeadModel } from '../model/landing.ts';
import { agentIdentifierUrl, creatorsOf } from '../record/agents.ts';
import { absoluteUrl, landingPath } from '../record/identity.ts';
import { metaTags } from '../exports/meta-tags.ts';
import { jsonLdScript, schemaOrgType, toSchemaOrg, type SchemaOrgContext } from '../exports/schema-org.ts';
import { landingLinks, linksetLink, MAX_HEAD_ITEMS, type TypedLink } from '../exports/signposting.ts';
import { datasetManifestUrl, type InlineFile } from '../exports/record-files.ts';
import { technicalVariables } from './technical-variables.ts';
import { doiUrl as toDoiUrl } from '../record/doi.ts';
import { relatedLinks } from '../record/related.ts';

/**
 * `files`: every file of a released record when it has at most MAX_INLINE_FILES (see
 * `inlineFiles`), else undefined; they become schema.org DataDownloads and `item` links.
 */
export function recordHead(
  record: ExperimentRecord,
  config: Pick<SiteConfig, 'siteUrl' | 'title'>,
  datasets: DatasetSummary[],
  licence: ResolvedLicence | null,
  files?: InlineFile[],
): HeadModel {
  const path = landingPath(record.slug);
  const landingUrl = absoluteUrl(config.siteUrl, path);
  const released = record.release.state === 'released';
  const ctx: SchemaOrgContext = {
    landingUrl,
    catalogueName: config.title,
    catalogueUrl: absoluteUrl(config.siteUrl, '/'),
    datasetSummaries: released
      ? datasets.map((d) => ({
          id: d.id,
          title: d.title,
          url: absoluteUrl(config.siteUrl, d.url),
          fileCount: d.fileCount,
          totalBytes: d.totalBytes,
          distributionUrl: datasetManifestUrl(config.siteUrl, d.url),
          distributionType: 'application/metalink4+xml',
        }))
      : [],
    variableMeasured: technicalVariables(record),
  };
  if (released && files) ctx.files = files;
  const jsonLd = toSchemaOrg(record, ctx);
  const links: HeadModel['links'] = [...signpostingLinks(record, config.siteUrl, licence), linksetLink(landingUrl)];
  if (released && files && files.length <= MAX_HEAD_ITEMS) {
    for (const f of files) links.push({ rel: 'item', href: f.url, type: f.mediaType });
  }
  return { meta: metaTags(record, { landingUrl }), links, jsonLd: jsonLdScript(jsonLd) };
}

/** The landing page's typed links other than `item` and `linkset`: the head's, and the Link Set's. */
export function signpostingLinks(record: ExperimentRecord, siteUrl: string, licence: ResolvedLicence | null): TypedLink[] {
  const landingUrl = absoluteUrl(siteUrl, landingPath(record.slug));
  const authors = creatorsOf(record.datacite).flatMap((p) => agentIdentifierUrl(p) ?? []);
  return landingLinks({ landingUrl, doiUrl: toDoiUrl(record.doi), licenceUrl: licence?.url ?? null, authors, schemaType: schemaOrgType(record.datacite), related: relatedLinks(record.datacite) });
}
