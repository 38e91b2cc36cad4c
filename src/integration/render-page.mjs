/**
 * Rendering one page with Astro's prerender bundle outside `astro build`: what a render worker
 * (render-worker.mjs) does, and what src/build/render-changed.ts does in its own thread when a
 * worker would cost more than the pages. One copy, so a page's bytes never depend on where it
 * was rendered.
 */
// Astro's own modules, by file: the default prerenderer renders with the first two, and Astro's
// page generation makes its requests with the third.
const astroDist = new URL('./', import.meta.resolve('astro'));
const { renderForPrerender } = await import(new URL('./core/app/prerender.js', astroDist).href);
const { ensureAsyncRenderScope } = await import(new URL('./core/render-scope/node-scope.js', astroDist).href);
const { createRequest } = await import(new URL('./core/request.js', astroDist).href);

/** Astro's log events: warnings and errors go to stderr, as Astro's build logs do. */
const destination = {
  write(event) {
    if (event.level === 'warn' || event.level === 'error') process.stderr.write(`${event.label ? `[${event.label}] ` : ''}${event.message}\n`);
    return true;
  },
};

/**
 * Gives the bundle's app the little build state a page's head needs (parallel-render.mjs's
 * buildState: each page's CSS and the page scripts) and returns a renderer of pages by URL.
 */
export function pageRenderer(app, state) {
  app.setInternals({ pagesByKeys: new Map(state.pages), entrySpecifierToBundleMap: new Map() });
  app.setOptions({ settings: { scripts: state.scripts }, logger: { options: { destination } } });
  const routes = new Map(app.manifest.routes.map(({ routeData }) => [`${routeData.component}\n${routeData.route}`, routeData]));
  /** task: { url, component, route, collectMetadata } → { status, statusText, headers, body: ArrayBuffer | null, metadata } */
  return async function renderPage(task) {
    const routeData = routes.get(`${task.component}\n${task.route}`);
    if (!routeData) throw new Error(`No route ${task.route} (${task.component}) in the prerender bundle.`);
    const request = createRequest({ url: task.url, headers: new Headers(), logger: app.logger, isPrerendered: true, routePattern: task.component });
    if (task.collectMetadata) ensureAsyncRenderScope();
    const { response, metadata } = await renderForPrerender(app, request, { routeData, collectMetadata: task.collectMetadata });
    const body = response.body === null ? null : await response.arrayBuffer();
    return { status: response.status, statusText: response.statusText, headers: [...response.headers], body, metadata };
  };
}
