/**
 * A dataset whose listing disagrees with the counts experiment.json states for it. One
 * message for `aperture check` and the build, pointed at the first number that is wrong, so
 * a curator (or an editor reading the JSON pointer) goes straight to it.
 */
import type { DiagnosticInput } from '../diagnostics/diagnostic.ts';
import type { ExperimentRecord } from '../record/types.ts';
import { formatCount } from '../record/number-text.ts';

interface Stated {
  id: string;
  fileCount: number;
  totalBytes: number;
}

const files = (n: number) => `${formatCount(n)} ${n === 1 ? 'file' : 'files'}`;
const bytes = (n: number) => `${formatCount(n)} ${n === 1 ? 'byte' : 'bytes'}`;

/** The warning when `counted` (the listing's usable lines) differs from what the dataset states; else null. */
export function listingMismatch(
  record: Pick<ExperimentRecord, 'id' | 'files' | 'datasets'>,
  dataset: Stated,
  counted: { files: number; bytes: number },
  outcome: string,
): DiagnosticInput | null {
  if (counted.files === dataset.fileCount && counted.bytes === dataset.totalBytes) return null;
  const index = record.datasets.findIndex((d) => d.id === dataset.id);
  const field = counted.files !== dataset.fileCount ? 'fileCount' : 'totalBytes';
  return {
    code: 'catalogue/listing-mismatch',
    record: record.id,
    file: record.files.experiment,
    pointer: index >= 0 ? `/datasets/${index}/${field}` : null,
    message: `Dataset "${dataset.id}" lists ${files(counted.files)} (${bytes(counted.bytes)}) but experiment.json says ${files(dataset.fileCount)} (${bytes(dataset.totalBytes)})${outcome}.`,
  };
}
