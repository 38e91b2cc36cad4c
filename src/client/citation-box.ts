/** Progressive enhancement of the citation box: one style at a time, and copy to clipboard. */
export function initCitationBox(box: HTMLElement): void {
  const controls = box.querySelector<HTMLElement>('[data-cite-controls]');
  const select = box.querySelector<HTMLSelectElement>('[data-cite-select]');
  const copy = box.querySelector<HTMLButtonElement>('[data-cite-copy]');
  const status = box.querySelector<HTMLElement>('[data-cite-status]');
  const recommended = box.querySelector<HTMLElement>('[data-cite-recommended]');
  const styles = [...box.querySelectorAll<HTMLElement>('[data-style]')];
  if (!controls || !select || !copy || !status || !recommended) return;
  controls.hidden = false;

  const show = (id: string) => {
    recommended.hidden = id !== 'recommended';
    for (const figure of styles) figure.hidden = figure.dataset.style !== id;
  };
  show(select.value);
  select.addEventListener('change', () => {
    show(select.value);
    status.textContent = '';
  });
  copy.addEventListener('click', async () => {
    const visible = select.value === 'recommended' ? recommended : styles.find((f) => f.dataset.style === select.value)?.querySelector('.cite-text');
    const text = visible?.textContent?.trim() ?? '';
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Citation copied to the clipboard.';
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): select the text instead.
      const range = document.createRange();
      if (visible) range.selectNodeContents(visible);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      status.textContent = 'Copy was refused by the browser; the citation is selected, press Ctrl+C.';
    }
  });
}
