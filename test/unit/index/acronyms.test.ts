import { describe, expect, test } from 'vitest';
import { acronymsOf } from '../../../src/index/acronyms.ts';

describe('acronymsOf(name)', () => {
  test.each([
    ['European Synchrotron Radiation Facility', ['ESRF']],
    ['National Institutes of Health', ['NIH']],
    ['Biotechnology and Biological Sciences Research Council', ['BBSRC']],
    ['Australian Nuclear Science and Technology Organisation', ['ANSTO']],
    ['Technische Universität München', ['TUM']],
    ['UK Research and Innovation', ['UKRI']],
    ['Institut Laue-Langevin', ['ILL']],
    ['National Synchrotron Light Source II', ['NSLS']],
    ['Swiss National Science Foundation', ['SNF', 'SNSF']],
    // Known by a short name that is not their initials.
    ['Deutsche Forschungsgemeinschaft', ['DFG']],
    ['European Commission', ['EC']],
    // The name carries its acronym already, or is too short to have one.
    ['Deutsches Elektronen-Synchrotron DESY', []],
    ['SLAC National Accelerator Laboratory', []],
    ['University of Oxford', []],
    ['Wellcome Trust', []],
    ['Diamond Light Source Ltd', ['DLS']],
    ['European Molecular Biology Laboratory', ['EMBL']],
  ])('%s → %j', (name, acronyms) => {
    expect(acronymsOf(name).sort()).toEqual([...acronyms].sort());
  });
});
