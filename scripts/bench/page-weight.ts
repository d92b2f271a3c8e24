import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Row } from './tokenizer';

const gzipKiB = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

/** Imports of a built module: `import ... from "./x.js"`, `import "./x.js"`, and with `dynamic`, `import("./x.js")`. */
function importsOf(file: string, dynamic: boolean): string[] {
  const code = readFileSync(file, 'utf8');
  const found = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)];
  if (dynamic) found.push(...code.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g));
  return found.map((match) => path.resolve(path.dirname(file), match[1]!));
}

/** A module and everything it imports (statically; also dynamically when asked). */
export function moduleGraph(entry: string, dynamic = false): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    importsOf(file, dynamic).forEach(visit);
  };
  visit(entry);
  return seen;
}

const sumKiB = (files: Iterable<string>) => [...files].reduce((total, file) => total + gzipKiB(file), 0);

/**
 * What a chapter page makes the browser download, split into what every
 * visit pays (page scripts and their imports) and what the tokenizer panel
 * pulls in only when it scrolls into view (island code, worker, tokenizer files).
 */
export function pageWeight(distDir: string, pagePath: string): Row[] {
  const html = readFileSync(path.join(distDir, pagePath), 'utf8');
  const resolve = (url: string) => path.join(distDir, url.replace(/^\/+/, '').replace(/^[^/]*?\/(?=_astro)/, ''));
  const pageScripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => resolve(m[1]!));
  const inlineBytes = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => gzipSync(m[1]!).length)
    .reduce((a, b) => a + b, 0);
  const firstLoad = new Set(pageScripts.flatMap((file) => [...moduleGraph(file)]));

  const islands = [...html.matchAll(/<astro-island[^>]*component-url="([^"]+)"[^>]*renderer-url="([^"]+)"/g)];
  const island = new Set(islands.flatMap((m) => [...moduleGraph(resolve(m[1]!)), ...moduleGraph(resolve(m[2]!))]));
  for (const file of firstLoad) island.delete(file);

  const assets = path.join(distDir, '_astro');
  const workerFiles = readdirSync(assets)
    .filter((name) => /worker.*\.js$/.test(name))
    .flatMap((name) => [...moduleGraph(path.join(assets, name), true)]);
  const tokenizerDir = path.join(distDir, 'models/mistralai/Mistral-7B-Instruct-v0.1');
  const tokenizerFiles = readdirSync(tokenizerDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => path.join(tokenizerDir, name));

  const row = (what: string, when: string, files: string[], extraKiB = 0): Row => ({
    what,
    when,
    files: files.length,
    'raw KiB': (files.reduce((t, f) => t + statSync(f).size, 0) / 1024).toFixed(1),
    'gzip KiB': (sumKiB(files) + extraKiB).toFixed(1),
  });
  return [
    row('page scripts + inline scripts', 'first load', [...firstLoad], inlineBytes / 1024),
    row('tokenizer panel island (Preact + panel)', 'panel scrolls into view', [...island]),
    row('tokenizer worker (transformers.js)', 'panel scrolls into view', [...new Set(workerFiles)]),
    row('tokenizer files (tokenizer.json, config)', 'panel scrolls into view', tokenizerFiles),
  ];
}
