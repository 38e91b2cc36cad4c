/** Small HDF5 files for the image reader tests, written with h5wasm. */
import { loadH5wasm } from '../../src/images/h5.ts';

/** An EIGER-style master whose frames are in a sibling file, linked externally. */
export async function writeLinkedMaster(path: string, dataFile: string): Promise<void> {
  const h5 = await loadH5wasm();
  const file = new h5.File(path, 'w');
  try {
    const entry = file.create_group('entry');
    entry.create_attribute('NX_class', 'NXentry');
    entry.create_dataset({ name: 'definition', data: 'NXmx' });
    const instrument = entry.create_group('instrument');
    instrument.create_attribute('NX_class', 'NXinstrument');
    const beam = instrument.create_group('beam');
    beam.create_attribute('NX_class', 'NXbeam');
    beam.create_dataset({ name: 'incident_wavelength', data: 1.0332 }).create_attribute('units', 'angstrom');
    const detector = instrument.create_group('detector');
    detector.create_attribute('NX_class', 'NXdetector');
    detector.create_dataset({ name: 'distance', data: 0.2 }).create_attribute('units', 'm');
    const data = entry.create_group('data');
    data.create_attribute('NX_class', 'NXdata');
    data.create_external_link(dataFile, '/entry/data/data', 'data_000001');
  } finally {
    file.close();
  }
}
