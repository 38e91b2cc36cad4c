/**
 * One run of the index stage in a process of its own, for scripts/bench/index.bench.ts:
 * `node --import tsx scripts/bench/index-once.ts OUT STAGE [CACHE]`. Prints the result as
 * JSON with this process's own CPU time; whoever runs it under GNU time gets the total with
 * pagefind's process (a child of this one), and the difference is pagefind's.
 */
import { indexSite } from '../../src/index/pagefind.ts';

const [outDir, stageDir, cacheDir] = process.argv.slice(2);
if (!outDir || !stageDir) {
  process.stderr.write('usage: index-once.ts OUT STAGE [CACHE]\n');
  process.exit(2);
}
const result = await indexSite(outDir, stageDir, undefined, cacheDir ? { cacheDir } : {});
const cpu = process.cpuUsage();
// pagefind's process was killed by close(): its CPU reaches GNU time only once Node has reaped it.
await new Promise((resolve) => setTimeout(resolve, 500));
process.stdout.write(`${JSON.stringify({ ...result, selfCpu: (cpu.user + cpu.system) / 1e6 })}\n`);
