/**
 * DOM glue for file selection on a dataset page (markup contract in docs/storage.md).
 * No inline script or eval: the page bundles this module and calls initSelection on
 * every `[data-aperture-selection]` root. All logic lives in ./selection-model.ts and
 * ./zip-selection.ts.
 */
import { formatBytes } from '../../storage/manifest-formats.ts';
import { fileFromAttributes, pathFilter, selectionManifests, totals, zipDecision, type SelectableFile } from './selection-model.ts';
import { zipSelection } from './zip-selection.ts';

const DEFAULT_MAX_ZIP = 2 * 1024 ** 3;

export function initSelection(root: HTMLElement): void {
  const q = <T extends Element>(selector: string) => root.querySelector<T>(selector);
  const rows = [...root.querySelectorAll<HTMLElement>('[data-key][data-url]')]
    .map((row) => ({ row, file: fileFromAttributes(row.dataset), box: row.querySelector<HTMLInputElement>('input[type=checkbox]') }))
    .filter((r): r is { row: HTMLElement; file: SelectableFile; box: HTMLInputElement } => r.file !== null && r.box !== null);
  const filter = q<HTMLInputElement>('[data-selection-filter]');
  const summary = q<HTMLElement>('[data-selection-summary]');
  const downloads = q<HTMLElement>('[data-selection-downloads]');
  const status = q<HTMLElement>('[data-selection-status]');
  const zipButton = q<HTMLButtonElement>('[data-selection-zip]');
  const maxZip = Number(root.dataset.maxZipBytes) || DEFAULT_MAX_ZIP;
  const label = root.dataset.label ?? 'this dataset';
  const selected = () => rows.filter((r) => r.box.checked).map((r) => r.file);
  let objectUrls: string[] = [];

  const say = (text: string) => {
    if (status) status.textContent = text;
  };

  const update = () => {
    const t = totals(selected());
    if (summary) summary.textContent = `${t.count} of ${rows.length} files selected (${formatBytes(t.bytes)})`;
    if (zipButton) zipButton.disabled = t.count === 0;
    downloads?.querySelectorAll('a').forEach((a) => a.setAttribute('aria-disabled', String(t.count === 0)));
  };

  const applyFilter = () => {
    const matches = pathFilter(filter?.value ?? '');
    for (const r of rows) r.row.hidden = !matches(r.file.path);
  };

  // Manifest links are built when clicked, for exactly the current selection.
  if (downloads) {
    for (const m of selectionManifests([], label)) {
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = m.fileName;
      a.download = m.fileName;
      a.dataset.format = m.format;
      a.addEventListener('click', (event) => {
        const files = selected();
        if (!files.length) {
          event.preventDefault();
          say('Select at least one file first.');
          return;
        }
        const [manifest] = selectionManifests(files, label, [m.format]);
        objectUrls.forEach((u) => URL.revokeObjectURL(u));
        objectUrls = [URL.createObjectURL(new Blob([manifest.text], { type: manifest.mediaType }))];
        a.href = objectUrls[0];
      });
      downloads.append(a, ' ');
    }
  }

  filter?.addEventListener('input', applyFilter);
  q('[data-selection-select-matching]')?.addEventListener('click', () => {
    for (const r of rows) if (!r.row.hidden) r.box.checked = true;
    update();
  });
  q('[data-selection-clear]')?.addEventListener('click', () => {
    for (const r of rows) r.box.checked = false;
    update();
  });
  root.addEventListener('change', (event) => {
    if ((event.target as HTMLElement).matches('input[type=checkbox]')) update();
  });

  zipButton?.addEventListener('click', async () => {
    const files = selected();
    const decision = zipDecision(totals(files), maxZip);
    if (!decision.allowed) return say(decision.message);
    zipButton.disabled = true;
    const total = totals(files).bytes;
    try {
      const job = zipSelection(files, {
        label,
        onProgress: ({ files: n, bytes }) => say(`Fetched ${n} of ${files.length} files (${formatBytes(bytes)} of ${formatBytes(total)})…`),
      });
      // Large blobs are kept on disk by the browser, so this does not hold the archive in RAM.
      const blob = await job.response.blob();
      const result = await job.result;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${(root.dataset.zipName ?? 'selection').replace(/[^\w.-]+/g, '_')}.zip`;
      root.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      const problems = result.problems.map((p) => `${p.path} (${p.problem.replace('-', ' ')})`);
      say(
        problems.length
          ? `ZIP ready, but ${problems.length} file(s) were left out and listed in DOWNLOAD-PROBLEMS.txt: ${problems.join(', ')}.`
          : `ZIP ready: ${files.length} files, ${result.verified} verified against their SHA-256.`,
      );
    } catch (error) {
      say(`The ZIP could not be made: ${error instanceof Error ? error.message : String(error)}. Use the aria2 file or curl script instead.`);
    } finally {
      zipButton.disabled = false;
    }
  });

  root.dataset.selectionReady = 'true';
  applyFilter();
  update();
}

/** Wires every selection root on the page. */
export function initAllSelections(doc: Document = document): void {
  doc.querySelectorAll<HTMLElement>('[data-aperture-selection]').forEach(initSelection);
}
