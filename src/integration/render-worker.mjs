/**
 * One render worker (see parallel-render.mjs): imports Astro's prerender bundle, gives its
 * app the little build state a page's head needs, and renders the pages it is sent the way
 * Astro's default prerenderer does (renderForPrerender), returning the bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';

// Astro's own modules, by file: the default prerenderer renders with the first two, and Astro's
// page generation makes its requests with the third.
const astroDist = new URL('./', import.meta.resolve('astro'));
const { renderForPrerender } = await import(new URL('./core/app/prerender.js', astroDist).href);
const { ensureAsyncRenderScope } = await import(new URL('./core/render-scope/node-scope.js', astroDist).href);
const { createRequest } = await import(new URL('./core/request.js', astroDist).href);

const { app } = await import(workerData.entry);

/** Astro's log events from a worker: warnings and errors go to stderr, as Astro's build logs do. */
const destination = {
  write(event) {
    if (event.level === 'warn' || event.level === 'error') process.stderr.write(`${event.label ? `[${event.label}] ` : ''}${event.message}\n`);
    return true;
  },
};
app.setInternals({ pagesByKeys: new Map(workerData.state.pages), entrySpecifierToBundleMap: new Map() });
app.setOptions({ settings: { scripts: workerData.state.scripts }, logger: { options: { destination } } });

const routes = new Map(app.manifest.routes.map(({ routeData }) => [`${routeData.component}\n${routeData.route}`, routeData]));

parentPort.on('message', async (task) => {
  try {
    const routeData = routes.get(`${task.component}\n${task.route}`);
    if (!routeData) throw new Error(`No route ${task.route} (${task.component}) in the prerender bundle.`);
    const request = createRequest({ url: task.url, headers: new Headers(), logger: app.logger, isPrerendered: true, routePattern: task.component });
    if (task.collectMetadata) ensureAsyncRenderScope();
    const { response, metadata } = await renderForPrerender(app, request, { routeData, collectMetadata: task.collectMetadata });
    const body = response.body === null ? null : await response.arrayBuffer();
    parentPort.postMessage(
      { id: task.id, status: response.status, statusText: response.statusText, headers: [...response.headers], body, metadata },
      body ? [body] : [],
    );
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: { message: error?.message ?? String(error), stack: error?.stack } });
  }
});
