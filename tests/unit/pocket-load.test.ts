import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPocketWeights } from '../../src/lib/pocket/load';

const file = readFileSync(new URL('../../public/models/pocket/model.safetensors', import.meta.url));

/** A response whose body arrives in two chunks, as a network would deliver it. */
function responseOf(bytes: Uint8Array, init: ResponseInit = {}) {
  const half = Math.floor(bytes.length / 2);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, half));
      controller.enqueue(bytes.subarray(half));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-length': String(bytes.length) }, ...init });
}

afterEach(() => vi.unstubAllGlobals());

describe('downloading the pocket model', () => {
  it('reports progress in bytes, reads the weights, and downloads once per address', async () => {
    const fakeFetch = vi.fn(async () => responseOf(new Uint8Array(file)));
    vi.stubGlobal('fetch', fakeFetch);
    const progress: [number, number | null][] = [];
    const weights = await loadPocketWeights('/a/model.safetensors', (p) =>
      progress.push([p.loaded, p.total]),
    );
    expect(weights.rows).toBeGreaterThan(15_000);
    expect(progress.at(-1)).toEqual([file.length, file.length]);
    expect(progress.length).toBe(2);
    expect(await loadPocketWeights('/a/model.safetensors')).toBe(weights);
    expect(fakeFetch).toHaveBeenCalledTimes(1);
  });

  it('says what failed, and asks again (past the HTTP cache) after a failure or a damaged file', async () => {
    const fakeFetch = vi
      .fn<(url: string, init?: RequestInit) => Promise<Response>>()
      .mockResolvedValueOnce(new Response('nope', { status: 503 }))
      .mockResolvedValueOnce(responseOf(new Uint8Array(file.subarray(0, 100_000))))
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(responseOf(new Uint8Array(file)));
    vi.stubGlobal('fetch', fakeFetch);
    const url = '/b/model.safetensors';
    await expect(loadPocketWeights(url)).rejects.toThrow(
      `The pocket model could not be downloaded from ${url}: HTTP 503.`,
    );
    await expect(loadPocketWeights(url)).rejects.toThrow(/damaged or incomplete/);
    await expect(loadPocketWeights(url)).rejects.toThrow(/the connection failed \(Failed to fetch\)/);
    expect((await loadPocketWeights(url)).rows).toBeGreaterThan(15_000);
    expect(fakeFetch.mock.calls.map(([, init]) => init?.cache ?? 'default')).toEqual([
      'default',
      'reload',
      'reload',
      'reload',
    ]);
  });
});
