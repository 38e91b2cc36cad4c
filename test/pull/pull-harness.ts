/**
 * The set-up the pull tests share: a replay server answering from a route function
 * (replay-server.ts) beside an empty mirror folder, both removed when the test ends, and one
 * `runPull` against them at a fixed instant with a client that never sleeps between retries.
 */
import { onTestFinished } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startReplay, type Replay, type Reply, type Request } from './replay-server.ts';
import { DiagnosticSink } from '../../src/diagnostics/diagnostic.ts';
import { HttpClient } from '../../src/pull/http.ts';
import { runPull } from '../../src/pull/pull.ts';
import type { PullSource } from '../../src/pull/types.ts';

/** The instant every pull runs at unless a test says otherwise. */
export const NOW = new Date('2026-03-01T12:00:00Z');

/** A replay server and an empty mirror folder for the running test. */
export async function serve(route: (req: Request, server: { url: string }) => Reply | undefined): Promise<{ replay: Replay; out: string }> {
  const replay = await startReplay(route);
  const out = await mkdtemp(path.join(tmpdir(), 'aperture-pull-'));
  onTestFinished(async () => {
    await replay.stop();
    await rm(out, { recursive: true, force: true });
  });
  return { replay, out };
}

export interface PullRun {
  full?: boolean;
  now?: Date;
  env?: NodeJS.ProcessEnv;
  maxMisses?: number;
  /** Attempts after the first (the client's default unless given). */
  retries?: number;
}

/** One pull of `source` into `out`, with its diagnostics and the client it used. */
export async function pull(source: PullSource, out: string, { retries, ...options }: PullRun = {}) {
  const sink = new DiagnosticSink();
  const http = new HttpClient({ sleep: async () => {}, timeoutMs: 5_000, retries });
  const summary = await runPull({ source, out, http, sink, now: NOW, ...options });
  return { summary, sink, http };
}
