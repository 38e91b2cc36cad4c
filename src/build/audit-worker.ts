/**
 * An audit worker thread: it compiles the same automaton from the needles' forms and scans
 * the batches of files the audit hands it, a few files at a time so reading overlaps matching.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileMatcher } from './audit-matcher.ts';
import { scanFile } from './audit-scan.ts';

const matcher = compileMatcher((workerData as { forms: string[][] }).forms);
const IN_FLIGHT = 4;

parentPort!.on('message', async ({ id, files }: { id: number; files: string[] }) => {
  try {
    const found: number[][] = new Array(files.length);
    let next = 0;
    const lane = async () => {
      while (next < files.length) {
        const i = next++;
        found[i] = await scanFile(matcher, files[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, files.length) }, lane));
    parentPort!.postMessage({ id, found });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
