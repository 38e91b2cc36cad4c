import { describe, expect, test } from 'vitest';
import { consumer } from '../../../src/build/broadcast.ts';

describe('consumer(consume)', () => {
  test('hands every pushed value over in order, one at a time, and returns the result', async () => {
    let held = 0;
    let most = 0;
    const sum = consumer<number, number>(async (items) => {
      let total = 0;
      for await (const n of items) {
        held += 1;
        most = Math.max(most, held);
        await new Promise((r) => setTimeout(r, 1));
        total = total * 10 + n;
        held -= 1;
      }
      return total;
    });
    for (const n of [1, 2, 3, 4]) await sum.push(n);
    expect(await sum.finish()).toBe(1234);
    expect(most).toBe(1);
  });

  test('a consumer that fails makes the next push fail instead of waiting forever', async () => {
    const broken = consumer<number, void>(async (items) => {
      for await (const n of items) if (n === 2) throw new Error('disk full');
    });
    await broken.push(1);
    await expect(broken.push(2).then(() => broken.push(3))).rejects.toThrow('disk full');
    await expect(broken.finish()).rejects.toThrow('disk full');
  });

  test('a consumer that stops reading early fails the next push', async () => {
    const first = consumer<number, number>(async (items) => {
      for await (const n of items) return n;
      return -1;
    });
    await first.push(7);
    await expect(first.push(8)).rejects.toThrow(/stopped before its input ended/);
    expect(await first.finish()).toBe(7);
  });
});
