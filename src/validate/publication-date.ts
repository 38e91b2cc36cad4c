/**
 * A publication year or Issued date after the day the record became public (or after
 * today) makes citations name a year that has not happened: the embargoed record that
 * would be cited "(2028)" while it has been public since 2025. It is a warning for the
 * curator; citations meanwhile name the release date (src/record/dates.ts).
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { citationYearOf, declaredPublicationDateOf, isFutureDate, isoDate } from '../record/dates.ts';

export function checkPublicationDate(record: Pick<ExperimentRecord, 'datacite' | 'release'>, sink: DiagnosticSink, today: Date = new Date()): void {
  const declared = declaredPublicationDateOf(record.datacite);
  if (!declared) return;
  const now = today.toISOString().slice(0, 10);
  const released = isoDate(record.release.releasedOn);
  const limit = released && released < now ? released : now;
  // A year that has not happened is the fault; a day or a month later within the release's year
  // (Issued the day after DataCite registered the DOI) is not, and citations name the same year.
  if (!isFutureDate(declared.slice(0, 4), limit)) return;
  const issued = (record.datacite.dates ?? []).findIndex((d) => d?.dateType === 'Issued');
  // What citations do name (src/record/dates.ts): the release year when the release is known and earlier.
  const cited = citationYearOf(record.datacite, record.release.releasedOn);
  sink.add({
    code: 'date/future-publication',
    pointer: issued >= 0 ? `/dates/${issued}/date` : '/publicationYear',
    message: `The record is published as ${declared}, after ${limit === now ? `today (${now})` : `its release on ${released}`}; ${cited && cited !== declared.slice(0, 4) ? `citations name ${cited} instead` : `citations name ${declared.slice(0, 4)}, as registered, until the record says when it was released`}.`,
  });
}
