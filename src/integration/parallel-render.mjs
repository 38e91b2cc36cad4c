/**
 * An Astro integration that renders pages in worker threads, so `astro build` uses every
 * core. Astro keeps everything it does well — routing, Vite bundling of the hashed CSS/JS,
 * getStaticPaths, the incremental page cache, writing the files — and only hands each
 * page's render() to one of N workers (Astro's own prerenderer hook, `setPrerenderer`).
 *
 * Each worker imports the same prerender bundle Astro just built and renders with it, so a
 * page's bytes do not depend on which worker, or how many, rendered it. With one worker
 * (APERTURE_RENDER_WORKERS=1) Astro's default in-process prerenderer renders every page.
 *
 * Plain JavaScript: worker threads run the file directly, without tsx.
 */
import { availableParallelism } from 'node:os';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { pageFiles } from './page-files.mjs';
import { saveKitSnapshot } from './kit-snapshot.mjs';

/** Number of render workers: APERTURE_RENDER_WORKERS, else one per core. */
export function renderWorkers() {
  const asked = Number(process.env.APERTURE_RENDER_WORKERS);
  return Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
}

/**
 * Astro's prerender bundle (prerender-entry*.mjs), built just before pages are generated, in
 * the folder Astro's own getPrerenderOutputDirectory names (not always under outDir).
 */
async function prerenderEntry(config) {
  const dir = await prerenderDirectory(config);
  // Newest first: with an outDir outside the working folder Astro uses one shared folder.
  const name = readdirSync(dir)
    .filter((file) => file.startsWith('prerender-entry') && /\.m?js$/.test(file))
    .map((file) => ({ file, mtime: statSync(new URL(file, dir)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)[0]?.file;
  if (!name) throw new Error(`Astro's prerender bundle was not found in ${fileURLToPath(dir)}.`);
  return new URL(name, dir).href;
}

/** Where Astro writes its prerender bundle, and deletes it from once every page is generated. */
async function prerenderDirectory(config) {
  const { getPrerenderOutputDirectory } = await import(new URL('./prerender/utils.js', import.meta.resolve('astro')).href);
  return getPrerenderOutputDirectory({ config, buildOutput: 'static', adapter: undefined });
}

/** What a worker needs of Astro's build state to render a page's head: each page's CSS and the page scripts. */
export function buildState(app) {
  const options = app.getOptions();
  const pages = Object.entries(options.allPages).map(([key, page]) => [key, { styles: page.styles }]);
  return { pages, scripts: options.settings.scripts.map(({ stage, content }) => ({ stage, content })) };
}

/**
 * Pages of the last build and how many of them were rendered (the rest were restored from
 * Astro's incremental cache). On globalThis because Astro loads this file through its own
 * module runner, apart from the copy src/build/render.ts imports.
 */
export function renderStats() {
  const key = Symbol.for('aperture.render-stats');
  globalThis[key] ??= { pages: 0, rendered: 0 };
  return globalThis[key];
}

/**
 * The build's progress display (src/report/progress.ts), or undefined: put on globalThis by
 * src/build/render.ts for the same reason as the render stats.
 */
function progress() {
  return globalThis[Symbol.for('aperture.progress')];
}

/**
 * Where src/build/render.ts wants this build's render kit (the prerender bundle and the state
 * a worker is given, src/build/render-kit.ts) put, and the page manifest handed back: set on
 * globalThis for the same reason as the render stats.
 */
function kitRequest() {
  return globalThis[Symbol.for('aperture.render-kit')];
}

export class WorkerPool {
  #workers = [];
  /** Free slots, one entry per page a worker may take now. */
  #idle = [];
  #queue = [];
  #pending = new Map();
  #next = 0;
  /** Set when a worker died: every page still waiting, and every later one, fails with it. */
  #failure = null;
  #closing = false;

  constructor(size, workerData) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), { workerData });
      worker.on('message', (message) => this.#settle(worker, message));
      worker.on('error', (error) => this.#failAll(error));
      worker.on('exit', (code) => {
        if (!this.#closing) this.#failAll(new Error(`A render worker stopped (exit code ${code}).`));
      });
      this.#workers.push(worker);
      // Two pages in flight per worker, so a worker never waits for the main thread's next message.
      this.#idle.push(worker, worker);
    }
  }

  run(task) {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ task: { ...task, id: this.#next++ }, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch() {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop();
      const job = this.#queue.shift();
      this.#pending.set(job.task.id, { ...job, worker });
      worker.postMessage(job.task);
    }
  }

  #settle(worker, message) {
    const job = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    this.#idle.push(worker);
    if (message.error) {
      const error = new Error(message.error.message);
      error.stack = message.error.stack;
      job.reject(error);
    } else job.resolve(message);
    this.#dispatch();
  }

  #failAll(error) {
    this.#failure ??= error;
    for (const job of [...this.#pending.values(), ...this.#queue]) job.reject(error);
    this.#pending.clear();
    this.#queue = [];
  }

  async close() {
    this.#closing = true;
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

export default function parallelRender() {
  let config;
  return {
    name: 'aperture:parallel-render',
    hooks: {
      'astro:config:done': (options) => {
        config = options.config;
      },
      'astro:build:start': ({ setPrerenderer }) => {
        const size = renderWorkers();
        const stats = renderStats();
        stats.pages = 0;
        stats.rendered = 0;
        setPrerenderer((fallback) => {
          let pool;
          return {
            name: size > 1 ? 'aperture:worker-threads' : 'aperture:in-process',
            async setup() {
              // The main thread keeps Astro's own app for getStaticPaths; workers render.
              await fallback.setup?.();
              // Astro deletes its prerender bundle after the build: a kit keeps a copy for
              // rendering single pages later without `astro build` (src/build/render-changed.ts).
              const kit = kitRequest();
              if (kit?.dir) {
                try {
                  await saveKitSnapshot(kit.dir, { bundleDir: await prerenderDirectory(config), entry: await prerenderEntry(config), state: buildState(fallback.app), config });
                } catch (error) {
                  // The kit only makes a later build faster: without one, that build renders the whole site.
                  process.stderr.write(`render kit not saved: ${error?.message ?? error}\n`);
                  kit.dir = null;
                }
              }
              if (size > 1) pool = new WorkerPool(size, { role: 'aperture-render-worker', entry: await prerenderEntry(config), state: buildState(fallback.app) });
            },
            async getStaticPaths() {
              const paths = await fallback.getStaticPaths();
              const kit = kitRequest();
              if (kit) kit.manifest = pageFiles(paths, config);
              stats.pages = paths.length;
              progress()?.setTotal(paths.length);
              return paths;
            },
            async render(request, options) {
              stats.rendered += 1;
              progress()?.tick();
              if (!pool) return fallback.render(request, options);
              const { routeData, collectMetadata } = options;
              const result = await pool.run({ url: request.url, component: routeData.component, route: routeData.route, collectMetadata: Boolean(collectMetadata) });
              const response = new Response(result.body, { status: result.status, statusText: result.statusText, headers: result.headers });
              return { response, metadata: result.metadata };
            },
            async teardown() {
              await pool?.close();
              await fallback.teardown?.();
            },
          };
        });
      },
    },
  };
}
