/**
 * Downloads the pocket model's weights once per address (a promise cache, as
 * transformers.js-examples load a model), reporting progress, and reads them
 * into the glass box's layout. A failed or damaged download is forgotten, so
 * the next call asks again instead of replaying the failure; a file that does
 * not parse (truncated, or an HTML error page served with a 200) is reported
 * as damaged, and the browser's HTTP cache is bypassed on the retry.
 */
import type { GlassBoxWeights } from '../glassbox/weights';
import { pocketWeights } from './weights';

export interface Progress {
  loaded: number;
  total: number | null;
}

const loads = new Map<string, Promise<GlassBoxWeights>>();
const failed = new Set<string>();

async function download(url: string, onProgress: (progress: Progress) => void, retry: boolean) {
  let response: Response;
  try {
    response = await fetch(url, retry ? { cache: 'reload' } : {});
  } catch (error) {
    throw new Error(
      `The pocket model could not be downloaded from ${url}: the connection failed (${(error as Error).message}).`,
      { cause: error },
    );
  }
  if (!response.ok)
    throw new Error(`The pocket model could not be downloaded from ${url}: HTTP ${response.status}.`);
  const header = Number(response.headers.get('content-length'));
  // A compressed response's length is the compressed size: only trust it when nothing was encoded.
  const total =
    Number.isFinite(header) && header > 0 && !response.headers.get('content-encoding') ? header : null;
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress({ loaded, total });
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes.buffer;
}

/** The pocket model's weights from `url`, downloaded and read once. */
export function loadPocketWeights(
  url: string,
  onProgress: (progress: Progress) => void = () => {},
): Promise<GlassBoxWeights> {
  let load = loads.get(url);
  if (!load) {
    const retry = failed.has(url);
    load = download(url, onProgress, retry).then((buffer) => pocketWeights(buffer));
    loads.set(url, load);
    load.then(
      () => failed.delete(url),
      () => {
        loads.delete(url);
        failed.add(url);
      },
    );
  }
  return load;
}
