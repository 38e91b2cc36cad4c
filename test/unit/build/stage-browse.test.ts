/**
 * The browse pages staged again after a change (src/build/stage-browse.ts): a model is
 * serialized and written only when what it is made of changed, yet the folder ends up
 * byte-identical to one staged from nothing, and every digest in the route table is the
 * SHA-256 of its model's bytes (the renderer keys pages by it).
 */
import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { stageBrowse, BROWSE_ROUTES_FILE } from '../../../src/build/stage-browse.ts';
import type { RecordSummary } from '../../../src/model/site.ts';
import { siteFiles } from '../../helpers/compare-sites.ts';
import { tempDir } from '../../helpers/build-fixture.ts';
import { recordSummary } from '../../helpers/record-summary.ts';

function summary(i: number, title = `Record ${i}`): RecordSummary {
  const diamond = i % 3 === 0;
  return recordSummary(i, { title, facility: diamond ? 'Diamond' : 'ESRF', beamline: diamond ? 'Diamond I04' : 'ESRF ID23-1', pdb: [`${(i % 9) + 1}abc`] });
}

const catalogue = (retitled?: number) => Array.from({ length: 160 }, (_, i) => summary(i, i === retitled ? `Record ${i}, retitled` : undefined));

interface Table {
  lists: Array<{ model: string; digest: string }>;
  pdb: Array<{ model: string; digest: string }>;
}

describe('stageBrowse after a change', () => {
  test('rewrites only the models that show the changed record; the folder is the one staged from nothing', async () => {
    const root = await tempDir('stage-browse-');
    const staged = path.join(root, 'staged', 'models');
    await stageBrowse(staged, catalogue());
    const table = JSON.parse(await readFile(path.join(staged, BROWSE_ROUTES_FILE), 'utf8')) as Table;
    const models = [...table.lists, ...table.pdb].map((r) => r.model);
    const inodes = new Map(await Promise.all(models.map(async (m) => [m, (await stat(path.join(staged, m))).ino] as const)));

    await stageBrowse(staged, catalogue(7), path.join(root, 'staged', '.previous', 'models'));
    const clean = path.join(root, 'clean');
    await stageBrowse(clean, catalogue(7));
    const [again, fresh] = [await siteFiles(staged), await siteFiles(clean)];
    expect([...again.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, bytes] of fresh) expect(again.get(file)?.equals(bytes), file).toBe(true);

    const after = JSON.parse(await readFile(path.join(staged, BROWSE_ROUTES_FILE), 'utf8')) as Table;
    const rewritten: string[] = [];
    for (const { model, digest } of [...after.lists, ...after.pdb]) {
      const bytes = await readFile(path.join(staged, model));
      expect(createHash('sha256').update(bytes).digest('hex'), model).toBe(digest);
      if ((await stat(path.join(staged, model))).ino !== inodes.get(model)) rewritten.push(model);
    }
    // The lists record 7 is on (all experiments both ways, its facility, beamline, …, its PDB entry), and no other.
    const showing = [...after.lists, ...after.pdb].filter(({ model }) => fresh.get(model)!.toString('utf8').includes('Record 7, retitled')).map((r) => r.model);
    expect(showing.length).toBeGreaterThan(3);
    expect(rewritten.sort()).toEqual(showing.sort());
  });
});
