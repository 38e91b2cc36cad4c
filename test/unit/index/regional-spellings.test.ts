import { describe, expect, test } from 'vitest';
import { regionalSpellings } from '../../../src/index/regional-spellings.ts';

/** [British, American]: each finds the other. */
const PAIRS: Array<[british: string, american: string]> = [
  ['colour', 'color'],
  ['coloured', 'colored'],
  ['favourite', 'favorite'],
  ['behavioural', 'behavioral'],
  ['vapour', 'vapor'],
  ['tumours', 'tumors'],
  ['centre', 'center'],
  ['centred', 'centered'],
  ['fibre', 'fiber'],
  ['titre', 'titer'],
  ['nanometre', 'nanometer'],
  ['microlitres', 'microliters'],
  ['crystallisation', 'crystallization'],
  ['crystallised', 'crystallized'],
  ['organisation', 'organization'],
  ['ionisation', 'ionization'],
  ['optimise', 'optimize'],
  ['characterising', 'characterizing'],
  ['synthesised', 'synthesized'],
  ['analyse', 'analyze'],
  ['hydrolysed', 'hydrolyzed'],
  ['aluminium', 'aluminum'],
  ['sulphur', 'sulfur'],
  ['disulphide', 'disulfide'],
  ['haem', 'heme'],
  ['haemoglobin', 'hemoglobin'],
  ['anaemia', 'anemia'],
  ['paediatric', 'pediatric'],
  ['palaeohistology', 'paleohistology'],
  ['oestrogen', 'estrogen'],
  ['oedema', 'edema'],
  ['oesophagus', 'esophagus'],
  ['foetal', 'fetal'],
  ['caesium', 'cesium'],
  ['manoeuvre', 'maneuver'],
  ['catalogue', 'catalog'],
  ['homologue', 'homolog'],
  ['artefacts', 'artifacts'],
  ['licence', 'license'],
  ['ageing', 'aging'],
];

/** Words that only look like one spelling of a pair, and are the same in both. */
const SAME = [
  'rise', 'arise', 'precise', 'precisely', 'concise', 'promise', 'promising', 'advertisers', 'exercise', 'revised', 'supervise', 'surprising',
  'enterprise', 'expertise', 'pairwise', 'otherwise', 'clockwise', 'noise', 'raised', 'cruise', 'elise', 'denise', 'analysis', 'basis',
  'size', 'resize', 'oversized', 'capsize', 'seize', 'prize', 'citizen', 'horizon',
  'four', 'hour', 'pour', 'tour', 'your', 'motor', 'detector', 'error', 'humoral', 'laboratory', 'honorary', 'vigorous',
  'parameter', 'diffractometer', 'spectrometer', 'literature', 'genre',
  'hemisphere', 'academia', 'academic', 'epidemic', 'systemic', 'pedal', 'archaea', 'estranged', 'edit', 'fetch',
  'aerosol', 'michael', 'does', 'poem', 'coefficient', 'blog', 'backlog', 'lysozyme', 'crystallography',
];

describe('British and American spellings', () => {
  test.each(PAIRS)('%s and %s are each other’s other spelling', (british, american) => {
    expect(regionalSpellings(british)).toEqual([american]);
    expect(regionalSpellings(american)).toEqual([british]);
  });

  test.each(SAME)('%s is no spelling of another word', (word) => {
    expect(regionalSpellings(word)).toEqual([]);
  });

  test('a word in capitals is read in lower case; rules add up in one word', () => {
    expect(regionalSpellings('Colour')).toEqual(['color']);
    expect(regionalSpellings('haemolysed')).toEqual(['hemolyzed']);
    expect(regionalSpellings('hemolyzed')).toEqual(['haemolysed']);
  });
});
