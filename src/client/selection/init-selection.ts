/**
 * DOM glue for file selection on a dataset page (markup contract in docs/storage.md).
 * No inline script or eval: the page bundles this module and calls initSelection on
 * every `[data-aperture-selection]` root. All logic lives in ./selection-model.ts and
 * ./zip-selection.ts.
 */
import { formatBytes } from '../../storage/manifest-formats.ts';
import { fileForNumber, fileFromAttributes, parseFullListing, pathFilter, selectionManifests, totals, zipDecision, type SelectableFile } from './selection-model.ts';
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
  // The selection spans every page of the dataset: keyed by path, the page's checkboxes
  // mirror it, and "all matching in the dataset" fills it from the full listing.
  const chosen = new Map<string, SelectableFile>();
  const selected = () => [...chosen.values()];
  const totalFiles = Number(root.dataset.totalFiles) || rows.length;
  let listing: Promise<SelectableFile[]> | null = null;
  const fullListing = () => {
    const href = root.dataset.fullListing;
    if (!href) return Promise.resolve(rows.map((r) => r.file));
    listing ??= fetch(href).then(async (response) => {
      if (!response.ok) throw new Error(`the file list answered ${response.status}`);
      return parseFullListing(await response.text());
    });
    listing.catch(() => (listing = null));
    return listing;
  };
  const syncBoxes = () => {
    for (const r of rows) r.box.checked = chosen.has(r.file.path);
  };
  let objectUrls: string[] = [];

  const say = (text: string) => {
    if (status) status.textContent = text;
  };

  const update = () => {
    const t = totals(selected());
    const onPage = rows.filter((r) => chosen.has(r.file.path)).length;
    if (summary) summary.textContent = `${t.count.toLocaleString('en')} of ${totalFiles.toLocaleString('en')} files selected (${formatBytes(t.bytes)})${t.count > onPage ? `, ${onPage} on this page` : ''}`;
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
    for (const r of rows) if (!r.row.hidden) chosen.set(r.file.path, r.file);
    syncBoxes();
    update();
  });
  q('[data-selection-select-all-matching]')?.addEventListener('click', async () => {
    say('Fetching the list of every file of the dataset…');
    try {
      const matches = pathFilter(filter?.value ?? '');
      let added = 0;
      for (const file of await fullListing()) if (matches(file.path) && !chosen.has(file.path)) chosen.set(file.path, file), added++;
      syncBoxes();
      update();
      say(`${added.toLocaleString('en')} files of the whole dataset added to the selection.`);
    } catch (error) {
      say(`The file list could not be fetched (${error instanceof Error ? error.message : String(error)}); select files page by page instead.`);
    }
  });
  q('[data-selection-clear]')?.addEventListener('click', () => {
    chosen.clear();
    syncBoxes();
    update();
  });
  root.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    if (!box.matches('input[type=checkbox]')) return;
    const r = rows.find((x) => x.box === box);
    if (r) box.checked ? chosen.set(r.file.path, r.file) : chosen.delete(r.file.path);
    update();
  });

  // Go to a file or frame number anywhere in the dataset: its page, scrolled to its row.
  const jump = q<HTMLFormElement>('[data-selection-jump]');
  jump?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const n = Number(new FormData(jump).get('n'));
    try {
      const index = fileForNumber((await fullListing()).map((f) => f.path), n);
      if (index === null) return say(`No file or frame ${n} in this dataset.`);
      const perPage = Number(root.dataset.filesPerPage) || rows.length || 1;
      const page = Math.floor(index / perPage) + 1;
      const template = root.dataset.pageTemplate ?? '';
      const target = (page === 1 ? root.dataset.firstPage ?? '' : template.replace('{n}', String(page))) + `#file-${index + 1}`;
      const here = new URL(target, location.href);
      if (here.pathname === location.pathname) {
        location.hash = `file-${index + 1}`;
        document.getElementById(`file-${index + 1}`)?.querySelector<HTMLElement>('a, input')?.focus();
      } else location.assign(here.href);
    } catch (error) {
      say(`The file list could not be fetched (${error instanceof Error ? error.message : String(error)}).`);
    }
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
