/** A withdrawn record keeps its DOI landing page forever, as a tombstone (conventions.md A4.4). */
import type { ExperimentRecord } from '../record/types.ts';
import { agentModel, type PersonModel } from './people.ts';
import { landingPath } from '../record/identity.ts';
import { formatDate } from './format.ts';
import { chromeTitle, displayTitle } from './landing.ts';
import { doiUrl } from '../record/doi.ts';
import { creatorsOf } from '../record/agents.ts';
import { citationYearOf } from '../record/dates.ts';
import { mainTitleLang, publisherName, resourceNounOf, resourceTypeOf } from '../record/fields.ts';

export interface TombstoneModel {
  slug: string;
  path: string;
  doi: string;
  doiDisplay: string;
  doiUrl: string;
  title: string;
  /** The title's language (its own `lang`, else the record's), as on the landing page. Absent from models kept from earlier builds. */
  lang?: string | null;
  creators: PersonModel[];
  publisher: string;
  publicationYear: string;
  withdrawnOn: string;
  withdrawnOnText: string;
  reason: string;
  /** The title in the page chrome (chromeTitle). Absent from models kept from earlier builds. */
  shortTitle?: string;
  /** The resource type in words, as its landing page gave it ("Journal article: Article"). Absent from models kept from earlier builds, as is the next. */
  resourceType?: string;
  /** What it was, in a sentence: "This software was withdrawn" (resourceNounOf); "record" when the type is unknown. */
  noun?: string;
  /** How to cite it still (the DataCite recommended form, as its landing page gave it). Absent from models kept from earlier builds. */
  citation?: string;
}

/** `citation`: the record's DataCite recommended citation, made by the stage (the model does not make citations). */
export function toTombstone(record: ExperimentRecord, citation?: string): TombstoneModel {
  const d = record.datacite;
  const withdrawnOn = record.release.withdrawnOn ?? d.dates?.find((x) => x.dateType === 'Withdrawn')?.date ?? '';
  return {
    slug: record.slug,
    path: landingPath(record.slug),
    doi: record.doi,
    doiDisplay: d.doi,
    doiUrl: doiUrl(d.doi),
    title: displayTitle(d),
    lang: mainTitleLang(d) ?? null,
    shortTitle: chromeTitle(displayTitle(d)),
    resourceType: resourceTypeOf(d).text,
    noun: resourceNounOf(d),
    creators: creatorsOf(d).map(agentModel),
    publisher: publisherName(d.publisher) ?? '',
    publicationYear: citationYearOf(d, record.release.releasedOn) ?? '',
    withdrawnOn,
    withdrawnOnText: formatDate(withdrawnOn),
    citation,
    reason: record.release.withdrawalReason ?? d.dates?.find((x) => x.dateType === 'Withdrawn')?.dateInformation ?? 'No reason was given.',
  };
}
