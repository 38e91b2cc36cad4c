import { describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bufferedTextFile } from '../../../src/files/buffered-text-file.ts';
import { tempDir } from '../../helpers/build-fixture.ts';

describe('a buffered text file', () => {
  test.each([
    ['held until closed', 1 << 20],
    ['written in chunks of 64 characters', 64],
  ])('text and bytes come out in the order written, UTF-8 whole, with the byte count (%s)', async (_, chunk) => {
    const dir = await tempDir('buffered-');
    const file = bufferedTextFile(path.join(dir, 'out.txt'), chunk);
    let expected = '';
    for (let i = 0; i < 200; i++) {
      const text = `line ${i}: Å ångström, 蛋白质 ${'x'.repeat(i % 7)}\t`;
      const bytes = `bytes ${i}: “quoted” ${'y'.repeat(i % 5)}\n`;
      await file.write(text);
      await file.writeBytes(Buffer.from(bytes));
      expected += text + bytes;
    }
    const written = await file.close();
    expect(await readFile(path.join(dir, 'out.txt'), 'utf8')).toBe(expected);
    expect(written).toBe(Buffer.byteLength(expected));
  });

  test('take() gives back what was written, bytes included, and leaves nothing behind', async () => {
    const dir = await tempDir('buffered-');
    const file = bufferedTextFile(path.join(dir, 'never.txt'));
    await file.write('a');
    await file.writeBytes(Buffer.from('β'));
    await file.write('c');
    expect(file.take()).toBe('aβc');
    expect(file.take()).toBe('');
  });
});
