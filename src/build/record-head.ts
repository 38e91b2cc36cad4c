/**
 * The machine-readable head of a landing page: Highwire/Dublin Core meta tags, FAIR
 * Signposting typed links and schema.org JSON-LD, all from the same record the page shows.
 */
import type { SiteConfig } from '../config/site-config.ts';
import type { ExperimentRecord } from '../validate/record.ts';
import type { ResolvedLicence } from '../validate/licences.ts';
import type { DatasetSummary, HeadModel } from '../model/landing.ts';
import { personModel } from '../model/people.ts';
import { absoluteUrl, landingPath } from '../model/slug.ts';
import { metaTags } from '../exports/meta-tags.ts';
import { jsonLdScript, toSchemaOrg } from '../exports/schema-org.ts';
import { technicalVariables } from './technical-variables.ts';

export function recordHead(record: ExperimentRecord, config: SiteConfig, datasets: DatasetSummary[], licence: ResolvedLicence | null): HeadModel {
  const path = landingPath(record.slug);
  const landingUrl = absoluteUrl(config.siteUrl, path);
  const doiUrl = `https://doi.org/${record.datacite.doi}`;
  const released = record.release.state === 'released';
  const jsonLd = toSchemaOrg(record, {
    landingUrl,
    catalogueName: config.title,
    catalogueUrl: absoluteUrl(config.siteUrl, '/'),
    datasetSummaries: released
      ? datasets.map((d) => ({ id: d.id, title: d.title, url: absoluteUrl(config.siteUrl, d.url), fileCount: d.fileCount, totalBytes: d.totalBytes }))
      : [],
    variableMeasured: technicalVariables(record),
  });
  const links: HeadModel['links'] = [
    { rel: 'cite-as', href: doiUrl },
    { rel: 'type', href: 'https://schema.org/Dataset' },
    { rel: 'type', href: 'https://schema.org/AboutPage' },
    { rel: 'describedby', href: absoluteUrl(config.siteUrl, `${path}datacite.xml`), type: 'application/vnd.datacite.datacite+xml' },
    { rel: 'describedby', href: absoluteUrl(config.siteUrl, `${path}datacite.json`), type: 'application/vnd.datacite.datacite+json' },
    { rel: 'describedby', href: absoluteUrl(config.siteUrl, `${path}citation.csl.json`), type: 'application/vnd.citationstyles.csl+json' },
    { rel: 'describedby', href: absoluteUrl(config.siteUrl, `${path}citation.bib`), type: 'application/x-bibtex' },
    { rel: 'describedby', href: absoluteUrl(config.siteUrl, `${path}citation.ris`), type: 'application/x-research-info-systems' },
  ];
  if (licence?.url) links.push({ rel: 'license', href: licence.url });
  for (const person of record.datacite.creators.map(personModel)) {
    if (person.orcidUrl) links.push({ rel: 'author', href: person.orcidUrl });
  }
  return { meta: metaTags(record, { landingUrl }), links, jsonLd: jsonLdScript(jsonLd) };
}
