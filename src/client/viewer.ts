/**
 * The diffraction image viewer: a native <dialog> (focus trapping and Escape for free)
 * holding an SVG of the view image plus resolution rings. Zoom changes the SVG viewBox,
 * an attribute, so nothing needs inline styles under the CSP.
 */
export function initViewers(): void {
  for (const figure of document.querySelectorAll<HTMLElement>('[data-viewer]')) {
    if (figure.dataset.viewerReady) continue;
    figure.dataset.viewerReady = 'true';
    const open = figure.querySelector<HTMLAnchorElement>('[data-viewer-open]');
    const dialog = figure.querySelector<HTMLDialogElement>('[data-viewer-dialog]');
    const svg = figure.querySelector<SVGSVGElement>('[data-viewer-svg]');
    if (!open || !dialog || !svg) continue;
    const [, , width, height] = (svg.getAttribute('viewBox') ?? '0 0 1 1').split(' ').map(Number);
    let zoom = 1;
    let cx = width / 2;
    let cy = height / 2;
    const apply = () => {
      const w = width / zoom;
      const h = height / zoom;
      cx = Math.min(Math.max(cx, w / 2), width - w / 2);
      cy = Math.min(Math.max(cy, h / 2), height - h / 2);
      svg.setAttribute('viewBox', `${cx - w / 2} ${cy - h / 2} ${w} ${h}`);
    };
    open.addEventListener('click', (event) => {
      event.preventDefault();
      dialog.showModal();
    });
    dialog.querySelector('[data-viewer-close]')?.addEventListener('click', () => dialog.close());
    for (const button of dialog.querySelectorAll<HTMLButtonElement>('[data-viewer-zoom]')) {
      button.addEventListener('click', () => {
        const action = button.dataset.viewerZoom;
        zoom = action === 'in' ? Math.min(zoom * 1.5, 16) : action === 'out' ? Math.max(zoom / 1.5, 1) : 1;
        if (action === 'reset') [cx, cy] = [width / 2, height / 2];
        apply();
      });
    }
    // Click to centre the view on a point (then zoom in): the way crystallographers inspect spots.
    svg.addEventListener('click', (event) => {
      const box = svg.getBoundingClientRect();
      const view = svg.viewBox.baseVal;
      cx = view.x + ((event.clientX - box.left) / box.width) * view.width;
      cy = view.y + ((event.clientY - box.top) / box.height) * view.height;
      apply();
    });
    // Contrast stretches every channel away from white (the view is dark spots on white):
    // v' = k·v + 1 − k, so at 4× a spot four times fainter is as dark as a strong one was.
    // An SVG filter attribute, so nothing needs inline styles.
    const contrast = dialog.querySelector<HTMLInputElement>('[data-viewer-contrast]');
    const contrastValue = dialog.querySelector<HTMLOutputElement>('[data-viewer-contrast-value]');
    const funcs = dialog.querySelectorAll('[data-viewer-contrast-filter] > *');
    const setContrast = (value: number) => {
      if (contrast) contrast.value = String(value);
      for (const f of funcs) {
        f.setAttribute('slope', String(value));
        f.setAttribute('intercept', String(1 - value));
      }
      const text = `${value}×`;
      if (contrastValue) contrastValue.textContent = text;
      contrast?.setAttribute('aria-valuetext', `${value} times`);
    };
    contrast?.addEventListener('input', () => setContrast(Number(contrast.value)));
    dialog.querySelector('[data-viewer-contrast-reset]')?.addEventListener('click', () => setContrast(1));
    const rings = dialog.querySelector<HTMLInputElement>('[data-viewer-rings]');
    const group = dialog.querySelector<SVGGElement>('[data-viewer-ring-group]');
    rings?.addEventListener('change', () => group?.setAttribute('visibility', rings.checked ? 'visible' : 'hidden'));
  }
}
