/**
 * `aperture convert FILE --to FORMAT`: one DataCite record (kernel 4.x XML, or REST JSON
 * with or without the `data.attributes` envelope) printed in another format, with the same
 * crosswalks the site uses. For curators checking a record and journals wanting a citation.
 * Invalid input: the diagnostics on stderr, exit 1; unknown format: exit 2.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import type { RegisterCommand } from './index.ts';
import { EXIT, CliError } from '../exit-codes.ts';

/** The formats `--to` accepts; src/cli/convert-formats.ts maps each to its writer (the compiler keeps both lists equal). */
export const CONVERT_FORMAT_NAMES = ['csl-json', 'bibtex', 'ris', 'schema-org', 'datacite-xml', 'datacite-json', 'cff', 'apa', 'harvard', 'vancouver', 'chicago'] as const;
export type ConvertFormat = (typeof CONVERT_FORMAT_NAMES)[number];

export const registerConvert: RegisterCommand = (program, io, setExit) => {
  program
    .command('convert')
    .description('Convert one DataCite record (XML kernel 4.x, or REST JSON) to a citation or metadata format')
    .argument('<file>', 'DataCite XML or JSON file')
    .addOption(new Option('--to <format>', 'output format').choices(CONVERT_FORMAT_NAMES).makeOptionMandatory())
    .action(async (file: string, options: { to: ConvertFormat }) => {
      const [{ DiagnosticSink }, { formatReport, summarise }, { readDataCite }, { validateDataCite }, { CONVERT_FORMATS }] = await Promise.all([
        import('../../diagnostics/diagnostic.ts'),
        import('../../diagnostics/report.ts'),
        import('../../catalogue/read-datacite.ts'),
        import('../../validate/datacite.ts'),
        import('../convert-formats.ts'),
      ]);
      const full = path.resolve(io.cwd, file);
      let text: string;
      try {
        text = await readFile(full, 'utf8');
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.inputErrors);
      }
      const sink = new DiagnosticSink();
      const scoped = sink.scoped({ record: path.basename(file), file });
      // XML by content, not by name: a leading `<` (after a BOM or whitespace) cannot start JSON.
      const format = /^\uFEFF?\s*</.test(text) ? 'xml' : 'json';
      const raw = readDataCite(text, format, scoped);
      const attrs = raw === undefined ? null : validateDataCite(raw, scoped);
      if (!attrs) {
        io.stderr(formatReport(summarise(1, 0, sink.list)));
        setExit(EXIT.inputErrors);
        return;
      }
      const out = CONVERT_FORMATS[options.to](attrs);
      io.stdout(out.endsWith('\n') ? out : out + '\n');
      if (sink.warnings().length) io.stderr(formatReport(summarise(1, 1, sink.list)));
      setExit(EXIT.ok);
    });
};
