/** schema.org `variableMeasured` from the datasets' technical metadata: what a reader can filter on. */
import type { ExperimentRecord, TechnicalMetadata } from '../record/types.ts';

interface Variable {
  name: string;
  value?: number | string;
  minValue?: number;
  maxValue?: number;
  unitText?: string;
  unitCode?: string;
}

/** UN/CEFACT unit codes: Å = A11, mm = MMT, s = SEC, degree = DD. */
const NUMERIC: Array<{ key: keyof TechnicalMetadata; name: string; unitText: string; unitCode: string }> = [
  { key: 'wavelength_angstrom', name: 'X-ray wavelength', unitText: 'Å', unitCode: 'A11' },
  { key: 'distance_mm', name: 'Detector distance', unitText: 'mm', unitCode: 'MMT' },
  { key: 'exposure_time_s', name: 'Exposure time per frame', unitText: 's', unitCode: 'SEC' },
  { key: 'oscillation_width_deg', name: 'Oscillation width per frame', unitText: '°', unitCode: 'DD' },
];

export function technicalVariables(record: ExperimentRecord): Variable[] {
  const technical = record.datasets.map((d) => d.technical).filter((t): t is TechnicalMetadata => t !== null);
  const variables: Variable[] = [];
  for (const { key, name, unitText, unitCode } of NUMERIC) {
    const values = technical.map((t) => t[key]).filter((v): v is number => typeof v === 'number');
    if (values.length === 0) continue;
    // Folds, not Math.min(...values): a call takes at most about 120,000 arguments, and a record may have more datasets.
    const min = values.reduce((a, b) => Math.min(a, b));
    const max = values.reduce((a, b) => Math.max(a, b));
    variables.push(min === max ? { name, value: min, unitText, unitCode } : { name, minValue: min, maxValue: max, unitText, unitCode });
  }
  const detectors = [...new Set(technical.map((t) => t.detector).filter((d): d is string => typeof d === 'string'))];
  if (detectors.length) variables.push({ name: 'Detector', value: detectors.join(', ') });
  const hitRates = record.datasets.filter((d) => d.kind !== 'hits').map((d) => d.hitRate).filter((h): h is number => h !== null);
  if (hitRates.length) variables.push({ name: 'Hit rate', value: hitRates.reduce((a, b) => Math.max(a, b)), unitText: 'fraction of frames' });
  return variables;
}
