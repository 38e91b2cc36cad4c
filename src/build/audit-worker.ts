/**
 * An audit worker thread: it compiles the same automaton from the needles' forms and scans
 * the batches of files the audit hands it, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileMatcher } from './audit-matcher.ts';
import { scanFile, scanSmallFile } from './audit-scan.ts';
import type { CompiledNeedles } from './audit.ts';

const { forms, whole, within, anchors } = workerData as CompiledNeedles;
const matcher = compileMatcher(forms, whole, within);
const anchorBytes = anchors?.map((a) => Buffer.from(a)) ?? null;

parentPort!.on('message', async ({ id, files }: { id: number; files: string[] }) => {
  try {
    const found: number[][] = [];
    for (const file of files) found.push(scanSmallFile(matcher, file, anchorBytes) ?? (await scanFile(matcher, file, anchorBytes)));
    parentPort!.postMessage({ id, found });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
