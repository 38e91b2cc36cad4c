import { describe, expect, it } from 'vitest';
import { CoalescingBuildQueue, type BuildRequest } from '../../../src/hooks/build-queue.ts';

/** A build that takes `ms` and records what it was asked to build and how many ran at once. */
function recordingBuild(ms: number) {
  const requests: BuildRequest[] = [];
  let running = 0;
  let maxRunning = 0;
  const run = async (request: BuildRequest) => {
    requests.push(structuredClone(request));
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running--;
    return { ok: true, exitCode: 0 };
  };
  return { run, requests, maxRunning: () => maxRunning };
}

describe('coalescing build queue', () => {
  it('turns a burst of notifications into one build naming every DOI once', async () => {
    const build = recordingBuild(5);
    const queue = new CoalescingBuildQueue(build.run, 30);
    for (let i = 0; i < 20; i++) queue.enqueue(`msg_${i}`, `10.5072/r${i % 5}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await queue.idle();
    expect(build.requests).toHaveLength(1);
    expect(build.requests[0].dois.sort()).toEqual(['10.5072/r0', '10.5072/r1', '10.5072/r2', '10.5072/r3', '10.5072/r4']);
    expect(build.requests[0].notifications).toHaveLength(20);
    expect(queue.status()).toMatchObject({ state: 'idle', builds: 1, last: { ok: true, build: 1 } });
  });

  it('runs one build at a time: notifications during a build become exactly one more build', async () => {
    const build = recordingBuild(80);
    const queue = new CoalescingBuildQueue(build.run, 5);
    queue.enqueue('a', '10.5072/first');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(queue.status().state).toBe('building');
    queue.enqueue('b', '10.5072/second');
    queue.enqueue('c', '10.5072/third');
    expect(queue.status().queue?.dois).toEqual(['10.5072/second', '10.5072/third']);
    await queue.idle();
    expect(build.maxRunning()).toBe(1);
    expect(build.requests.map((r) => r.dois)).toEqual([['10.5072/first'], ['10.5072/second', '10.5072/third']]);
  });

  it('a notification without a DOI asks for a full rebuild that absorbs the DOIs beside it', async () => {
    const build = recordingBuild(1);
    const queue = new CoalescingBuildQueue(build.run, 10);
    queue.enqueue('a', '10.5072/one');
    queue.enqueue('b');
    await new Promise((resolve) => setTimeout(resolve, 1));
    await queue.idle();
    expect(build.requests).toEqual([{ dois: [], full: true, notifications: ['a', 'b'] }]);
  });

  it('reports a failed build as the last error and keeps serving', async () => {
    let calls = 0;
    const queue = new CoalescingBuildQueue(async () => {
      if (++calls === 1) throw new Error('renderer crashed');
      return { ok: true, exitCode: 0 };
    }, 1);
    queue.enqueue('a', '10.5072/one');
    await new Promise((resolve) => setTimeout(resolve, 1));
    await queue.idle();
    expect(queue.status()).toMatchObject({ lastError: expect.stringContaining('renderer crashed'), last: { ok: false } });
    queue.enqueue('b', '10.5072/two');
    await new Promise((resolve) => setTimeout(resolve, 1));
    await queue.idle();
    expect(queue.status().last).toMatchObject({ ok: true, build: 2 });
  });
});
