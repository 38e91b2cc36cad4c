/**
 * The compiled CLI validates with the DataCite schema validator ajv generated when lib/ was
 * compiled (scripts/compile-cli.js), not one compiled at start: it must judge every record as
 * the schema compiled here does, error for error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { dataciteSchemaValidator, STANDALONE_VALIDATOR } from '../../../src/validate/datacite-schema.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function demoRecords(): unknown[] {
  const content = path.join(ROOT, 'content');
  return readdirSync(content)
    .filter((id) => readdirSync(path.join(content, id)).includes('datacite.json'))
    .map((id) => JSON.parse(readFileSync(path.join(content, id, 'datacite.json'), 'utf8')));
}

/** Valid demo records, and each broken in the ways records break: a missing title, an unknown type, a misspelt property, a wrong type. */
function records(): unknown[] {
  const valid = demoRecords() as Array<Record<string, any>>;
  const broken = valid.flatMap((r) => [
    { ...r, titles: [] },
    { ...r, types: { ...r.types, resourceTypeGeneral: 'Datasett' } },
    { ...r, creatorz: r.creators },
    { ...r, publicationYear: { year: 2024 } },
    { ...r, dates: [{ date: 2024, dateType: 'Issued' }] },
  ]);
  return [...valid, ...broken];
}

describe('the generated DataCite schema validator', () => {
  // Compiled by the tests' global setup (test/helpers/compile-cli.ts), as `npm install` does.
  const generated = createRequire(path.join(ROOT, 'lib/validate/'))(`./${STANDALONE_VALIDATOR}`) as ValidateFunction;
  const compiled = dataciteSchemaValidator();

  test('is the one lib/ loads, and this test compares it with one compiled from the schema', () => {
    expect(typeof generated).toBe('function');
    expect(generated).not.toBe(compiled);
  });

  test('judges valid and broken records as the compiled schema does, error for error', () => {
    const all = records();
    expect(all.filter((r) => compiled(r)).length).toBeGreaterThan(5);
    for (const record of all) {
      const verdict = compiled(record);
      const errors = compiled.errors;
      expect(generated(record)).toBe(verdict);
      expect(generated.errors ?? null).toEqual(errors ?? null);
    }
  });
});
