/**
 * The DCAT catalogue states where and when the data were taken, as the page and the JSON-LD
 * do: every geoLocation (place, point, box, polygon) as dct:spatial, the collection period
 * (an open end left open) as dct:temporal.
 */
import { describe, expect, test } from 'vitest';
import { dcatDataset } from '../../../src/exports/dcat.ts';
import type { StagedRecord } from '../../../src/exports/record-dump.ts';
import type { DataCiteAttributes } from '../../../src/datacite/types.ts';

function dcat(attributes: Partial<DataCiteAttributes>, collected = { start: null as string | null, end: null as string | null }): Record<string, any> {
  const doi = '10.5072/geo-1';
  const dump = { doi, doiUrl: `https://doi.org/${doi}`, url: `https://x.example/doi/${doi}/`, state: 'released', attributes, aperture: { lastModified: null, datasets: [], metadata: {}, collected } };
  return dcatDataset({ dump, slug: doi, path: '/', title: 'T', description: 'D', creators: [], keywords: [], publisher: 'P', licenceUrl: null, released: '2025', datasetPages: [] } as unknown as StagedRecord);
}

const polygon = [[4, 52], [5, 52], [5, 53], [4, 52]].map(([lon, lat]) => ({ polygonPoint: { pointLongitude: lon, pointLatitude: lat } }));

describe('DCAT coverage', () => {
  test('every geoLocation is a dct:Location: name, point, box and polygon as WKT', () => {
    const node = dcat({
      geoLocations: [
        { geoLocationPlace: 'Fram Strait', geoLocationPoint: { pointLatitude: '78.92', pointLongitude: '-3.5' } },
        { geoLocationBox: { southBoundLatitude: -10, westBoundLongitude: 20, northBoundLatitude: 5, eastBoundLongitude: 30 } },
        { geoLocationPolygon: polygon },
      ],
    });
    expect(node['dct:spatial']).toEqual([
      { '@type': 'dct:Location', 'locn:geographicName': 'Fram Strait', 'dcat:centroid': { '@value': 'POINT(-3.5 78.92)', '@type': 'gsp:wktLiteral' } },
      { '@type': 'dct:Location', 'dcat:bbox': { '@value': 'POLYGON((20 -10, 30 -10, 30 5, 20 5, 20 -10))', '@type': 'gsp:wktLiteral' } },
      { '@type': 'dct:Location', 'locn:geometry': { '@value': 'POLYGON((4 52, 5 52, 5 53, 4 52))', '@type': 'gsp:wktLiteral' } },
    ]);
  });

  test('the collection period is dct:temporal, from the catalogue or the Collected date, an open end left open', () => {
    expect(dcat({}, { start: '2023-11-02', end: '2023-11-03' })['dct:temporal']).toEqual({
      '@type': 'dct:PeriodOfTime',
      'dcat:startDate': { '@value': '2023-11-02', '@type': 'xsd:date' },
      'dcat:endDate': { '@value': '2023-11-03', '@type': 'xsd:date' },
    });
    expect(dcat({ dates: [{ date: '2020-01-01/..', dateType: 'Collected' }] })['dct:temporal']).toEqual({ '@type': 'dct:PeriodOfTime', 'dcat:startDate': { '@value': '2020-01-01', '@type': 'xsd:date' } });
    expect(dcat({})['dct:temporal']).toBeUndefined();
    expect(dcat({})['dct:spatial']).toBeUndefined();
  });
});
