/**
 * What a built page costs in JavaScript, read from `dist/` alone: the bench
 * prints it page by page (scripts/bench/index.ts) and the size budget in
 * `npm test` holds its first-load part (tests/e2e/budget.test.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { inlineScripts } from '../src/lib/csp';

const gzipBytes = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/**
 * Imports of a built module: `import ... from "./x.js"` and `import "./x.js"`
 * (also right after a comment such as the bundler's empty-CSS marker),
 * and with `dynamic`, `import("./x.js")` (the bundler writes those with
 * backticks as well as quotes).
 */
function importsOf(file: string, dynamic: boolean): string[] {
  const code = readFileSync(file, 'utf8');
  const found = [
    ...code.matchAll(/(?:^|[;}\s/])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g),
  ];
  if (dynamic) found.push(...code.matchAll(/import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g));
  return found.map((match) => path.resolve(path.dirname(file), match[1]!));
}

/** A module and everything it imports (statically; also dynamically when asked). */
export function moduleGraph(entry: string, dynamic = false): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    importsOf(file, dynamic).forEach(visit);
  };
  visit(entry);
  return seen;
}

/** Files under `_astro/` that the code of `files` names by URL: workers (`new URL(...)`) and .wasm binaries. */
function referencedAssets(distDir: string, files: Iterable<string>, pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const asset = path.join(distDir, '_astro', match[1]!);
      if (existsSync(asset)) found.add(asset);
    }
  }
  return [...found];
}

const WORKER_URL = /_astro\/([\w.-]*worker-[\w-]+\.js)/g;
const WASM_FILE = /([\w.-]+-[\w-]{8}\.wasm)/g;
/** A bundled worker factory, `name=()=>new Worker(new URL(`/_astro/x.worker-H.js`, …`: its local name and worker. */
const WORKER_FACTORY =
  /([\w$]+)\s*=\s*\(\)\s*=>\s*new Worker\(\s*new URL\(\s*["'`][^"'`]*?([\w.-]*worker-[\w-]+\.js)/g;

/**
 * The workers that the code of `files` can start. All worker factories live
 * in one module (components/page/workers.ts), so its chunk names every worker;
 * from that chunk count only the factories that a module in `files` imports
 * (by their export names in the bundle). A worker named anywhere else counts
 * as soon as its module is in `files`.
 */
function startedWorkers(distDir: string, files: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const add = (name: string) => {
    const asset = path.join(distDir, '_astro', name);
    if (existsSync(asset)) found.add(asset);
  };
  const code = new Map([...files].map((file) => [file, readFileSync(file, 'utf8')]));
  for (const [file, text] of code) {
    const named = [...text.matchAll(WORKER_URL)].map((match) => match[1]!);
    if (named.length === 0) continue;
    const factoryOf = new Map([...text.matchAll(WORKER_FACTORY)].map((match) => [match[1]!, match[2]!]));
    named.filter((name) => ![...factoryOf.values()].includes(name)).forEach(add);
    if (factoryOf.size === 0) continue;
    // export{a,n as i,...}: the name an importer uses -> the factory's local name.
    const exported = new Map(
      [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((match) =>
        match[1]!.split(',').map((spec) => {
          const [local, as = local] = spec.trim().split(/\s+as\s+/);
          return [as!, local!] as const;
        }),
      ),
    );
    const fromThis = new RegExp(
      `import\\s*\\{([^}]*)\\}\\s*from\\s*["'][^"']*/${path.basename(file).replace(/\./g, '\\.')}["']`,
      'g',
    );
    for (const importer of code.values()) {
      for (const match of importer.matchAll(fromThis)) {
        for (const spec of match[1]!.split(',')) {
          const worker = factoryOf.get(exported.get(spec.trim().split(/\s+as\s+/)[0]!) ?? '');
          if (worker) add(worker);
        }
      }
    }
  }
  return [...found];
}

/**
 * One line of the page-weight table: what is downloaded, when, and how much. A type alias, not an
 * interface, so that it fits the bench's index-signature `Row` as it is.
 */
export type PageWeightRow = {
  what: string;
  when: string;
  files: number;
  'raw KiB': string;
  'gzip KiB': string;
};

function row(what: string, when: string, files: Iterable<string>, extraGzipBytes = 0): PageWeightRow {
  const list = [...files];
  return {
    what,
    when,
    files: list.length,
    'raw KiB': (list.reduce((total, file) => total + statSync(file).size, 0) / 1024).toFixed(1),
    'gzip KiB': ((gzipSize(list) + extraGzipBytes) / 1024).toFixed(1),
  };
}

/** A file under the built site named by a page's URL (with or without a base path before `_astro/`). */
function siteFile(distDir: string, url: string): string {
  return path.join(distDir, url.replace(/^\/+/, '').replace(/^[^/]*?\/(?=_astro)/, ''));
}

/**
 * What every visit to a page pays in JavaScript: its module scripts with
 * all they import statically, and its inline scripts (as gzip -9 bytes).
 * The size budget in `npm test` (tests/e2e/budget.test.ts) holds this.
 */
export function firstLoad(distDir: string, html: string): { files: string[]; inlineGzipBytes: number } {
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => siteFile(distDir, m[1]!));
  const files = [...new Set(scripts.flatMap((file) => [...moduleGraph(file)]))];
  const inlineGzipBytes = inlineScripts(html).reduce(
    (sum, code) => sum + gzipSync(code, { level: 9 }).length,
    0,
  );
  return { files, inlineGzipBytes };
}

/** gzip -9 size of `files`, in bytes. */
export function gzipSize(files: readonly string[]): number {
  return files.reduce((total, file) => total + gzipBytes(file), 0);
}

/**
 * What a built page makes the browser download, and when: the page's own
 * scripts (every visit pays them), the code of its panels (when they scroll
 * into view), what the panels import on use (a chart library, say), each
 * worker a panel starts with everything it imports, the .wasm files those
 * name, and `dataFiles` (tokenizer files, say) that the caller knows about.
 * Each file is counted once, in the first row that needs it.
 */
export function pageWeight(
  distDir: string,
  pagePath: string,
  dataFiles: { what: string; when: string; files: string[] }[] = [],
): PageWeightRow[] {
  const html = readFileSync(path.join(distDir, pagePath), 'utf8');
  const resolve = (url: string) => siteFile(distDir, url);
  const first = firstLoad(distDir, html);

  const counted = new Set<string>();
  const take = (files: Iterable<string>) => {
    const fresh = [...files].filter((file) => !counted.has(file));
    fresh.forEach((file) => counted.add(file));
    return fresh;
  };

  const rows = [row('page scripts + inline scripts', 'first load', take(first.files), first.inlineGzipBytes)];
  const islandEntries = [
    ...html.matchAll(/<astro-island[^>]*component-url="([^"]+)"[^>]*renderer-url="([^"]+)"/g),
  ].flatMap((m) => [resolve(m[1]!), resolve(m[2]!)]);
  const islandCount = new Set(
    [...html.matchAll(/<astro-island[^>]*component-url="([^"]+)"/g)].map((m) => m[1]),
  ).size;
  if (islandEntries.length === 0) return rows;

  const islandStatic = new Set(islandEntries.flatMap((entry) => [...moduleGraph(entry)]));
  rows.push(
    row(
      `panel code (${islandCount} ${islandCount === 1 ? 'panel' : 'panels'}, Preact)`,
      'panels scroll into view',
      take(islandStatic),
    ),
  );
  const islandAll = new Set(islandEntries.flatMap((entry) => [...moduleGraph(entry, true)]));
  const lazy = take(islandAll);
  if (lazy.length > 0) rows.push(row('imported by a panel on use', 'first use', lazy));

  for (const worker of startedWorkers(distDir, islandAll)) {
    const name = path.basename(worker).replace(/-[\w-]+\.js$/, '');
    const graph = moduleGraph(worker, true);
    rows.push(row(`${name} with every import it may make`, 'its panel starts it', take(graph)));
    const wasm = take(referencedAssets(distDir, graph, WASM_FILE));
    if (wasm.length > 0)
      rows.push(
        row(`${name}: WebAssembly (all variants; a browser fetches one)`, 'its panel starts it', wasm),
      );
  }
  for (const data of dataFiles) rows.push(row(data.what, data.when, take(data.files)));
  return rows;
}
