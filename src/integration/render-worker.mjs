/**
 * One render worker (see parallel-render.mjs): imports Astro's prerender bundle, gives its
 * app the little build state a page's head needs, and renders the pages it is sent the way
 * Astro's default prerenderer does (renderForPrerender, in render-page.mjs), returning the bytes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pageRenderer } from './render-page.mjs';

const { app } = await import(workerData.entry);
const renderPage = pageRenderer(app, workerData.state);

parentPort.on('message', async (task) => {
  try {
    const result = await renderPage(task);
    parentPort.postMessage({ id: task.id, ...result }, result.body ? [result.body] : []);
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: { message: error?.message ?? String(error), stack: error?.stack } });
  }
});
