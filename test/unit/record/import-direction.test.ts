/**
 * Imports run one way: catalogue → record core ← validate, model, exports, citation. The
 * record core reads DataCite (src/datacite/, the format layer) and nothing downstream, and
 * no stage imports a later one. Scans every import specifier under src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|astro)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Top-level folder under src/ each relative import of `file` reaches. */
function importedFolders(file: string): Array<{ folder: string; spec: string }> {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((spec) => ({ folder: relative(SRC, resolve(dirname(file), spec)).split(/[\\/]/)[0]!, spec }));
}

/** folder → folders it must never import. */
const FORBIDDEN: Record<string, string[]> = {
  record: ['catalogue', 'validate', 'enrich', 'model', 'exports', 'citation', 'build', 'render', 'pages', 'components', 'layouts', 'integration', 'cli', 'publish', 'index', 'fair', 'images', 'storage', 'config', 'markdown'],
  datacite: ['record', 'catalogue', 'validate', 'model', 'exports', 'citation', 'build', 'cli'],
  catalogue: ['validate', 'enrich', 'model', 'exports', 'citation', 'build', 'cli'],
  validate: ['enrich', 'model', 'exports', 'citation', 'build', 'cli'],
  citation: ['validate', 'enrich', 'model', 'exports', 'build', 'cli'],
  model: ['validate', 'exports', 'citation', 'build', 'cli'],
  exports: ['validate', 'citation', 'build', 'cli'],
};

describe('import direction', () => {
  const files = sourceFiles(SRC);
  test('the scan sees the record core and its readers', () => {
    const record = files.filter((f) => relative(SRC, f).startsWith('record'));
    expect(record.length).toBeGreaterThan(8);
    expect(files.some((f) => importedFolders(f).some((i) => i.folder === 'record'))).toBe(true);
  });
  test('no folder imports against the pipeline direction', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const folder = relative(SRC, file).split(/[\\/]/)[0]!;
      const forbidden = FORBIDDEN[folder];
      if (!forbidden) continue;
      for (const { folder: target, spec } of importedFolders(file)) {
        if (forbidden.includes(target)) wrong.push(`${relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
