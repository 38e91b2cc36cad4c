/** A withdrawn record keeps its DOI landing page forever, as a tombstone (conventions.md A4.4). */
import type { ExperimentRecord } from '../record/types.ts';
import { personModel, type PersonModel } from './people.ts';
import { landingPath } from '../record/identity.ts';
import { formatDate } from './format.ts';
import { displayTitle } from './landing.ts';
import { publisherName } from '../citation/csl.ts';
import { doiUrl } from '../record/doi.ts';

export interface TombstoneModel {
  slug: string;
  path: string;
  doi: string;
  doiDisplay: string;
  doiUrl: string;
  title: string;
  creators: PersonModel[];
  publisher: string;
  publicationYear: string;
  withdrawnOn: string;
  withdrawnOnText: string;
  reason: string;
}

export function toTombstone(record: ExperimentRecord): TombstoneModel {
  const d = record.datacite;
  const withdrawnOn = record.release.withdrawnOn ?? d.dates?.find((x) => x.dateType === 'Withdrawn')?.date ?? '';
  return {
    slug: record.slug,
    path: landingPath(record.slug),
    doi: record.doi,
    doiDisplay: d.doi,
    doiUrl: `https://doi.org/${d.doi}`,
    title: displayTitle(d),
    creators: d.creators.map(personModel),
    publisher: publisherName(d.publisher) ?? '',
    publicationYear: String(d.publicationYear),
    withdrawnOn,
    withdrawnOnText: formatDate(withdrawnOn),
    reason: record.release.withdrawalReason ?? d.dates?.find((x) => x.dateType === 'Withdrawn')?.dateInformation ?? 'No reason was given.',
  };
}
