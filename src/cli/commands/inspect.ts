/** `aperture inspect FILE [--json] [--preview OUT.webp]`: one image file's technical metadata. */
import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { RegisterCommand } from './index.ts';
import { EXIT } from '../exit-codes.ts';

/** Longest side of a preview by default; images/preview.ts VIEW_SIZE, repeated so `--help` loads no image code (a test keeps them equal). */
export const DEFAULT_PREVIEW_SIZE = 1024;

export const registerInspect: RegisterCommand = (program, io, setExit) => {
  program
    .command('inspect')
    .description('Detect a diffraction image format (CBF, SMV, HDF5/NXmx) and print its technical metadata; exits 1 unless the file was read whole (any warning or error, or no --preview made)')
    .argument('<file>', 'image file path, or an http(s) URL read with range requests')
    .option('--json', 'print one JSON object (absent values are null)')
    .option('--preview <out>', 'write a preview image (.webp or .png)')
    .option('--size <px>', 'longest side of the preview', String(DEFAULT_PREVIEW_SIZE))
    .option('--frame <n>', 'frame index for the preview (HDF5 stacks)', '0')
    .action(async (file: string, options: { json?: boolean; preview?: string; size: string; frame: string }) => {
      const [{ fileSource, httpRangeSource }, { inspectImage, readWhole, toInspectJson }, { TECHNICAL_KEYS }, { numberText }] = await Promise.all([
        import('../../images/byte-source.ts'),
        import('../../images/inspect.ts'),
        import('../../images/types.ts'),
        import('../../model/format.ts'),
      ]);
      const source = /^https?:\/\//i.test(file) ? httpRangeSource(file) : fileSource(resolve(io.cwd, file));
      const size = Math.max(16, Math.min(4096, Number(options.size) || DEFAULT_PREVIEW_SIZE));
      const format = options.preview && extname(options.preview).toLowerCase() === '.png' ? 'png' : 'webp';
      const result = await inspectImage(source, options.preview ? [{ size, format }] : [], { frameIndex: Number(options.frame) || 0 });
      if (options.preview && result.previews[0]) {
        await writeFile(resolve(io.cwd, options.preview), result.previews[0].bytes);
      }
      if (options.json) io.stdout(JSON.stringify(toInspectJson(result), null, 2));
      else {
        const lines = [`${file}`, `  format                 ${result.format}${result.compression ? ` (${result.compression})` : ''}`];
        for (const key of TECHNICAL_KEYS) {
          const value = result.technical[key];
          lines.push(`  ${key.padEnd(22)} ${value === undefined || value === null ? '-' : typeof value === 'number' ? numberText(value) : value}`);
        }
        if (options.preview) {
          const p = result.previews[0];
          lines.push(p ? `  preview                ${options.preview} (${p.width}×${p.height} ${p.mediaType})` : '  preview                unavailable');
        }
        io.stdout(lines.join('\n'));
      }
      for (const d of result.diagnostics) io.stderr(`${d.severity} ${d.code}: ${d.message}`);
      if (!readWhole(result, Boolean(options.preview))) setExit(EXIT.inputErrors);
    });
};
