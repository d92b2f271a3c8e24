/**
 * Which TensorFlow.js backend can run here, found by asking, not assuming.
 *
 * Chromium exposes `navigator.gpu` even where `requestAdapter()` then returns
 * null (no GPU, a blocked driver, WebGPU switched off), and TensorFlow.js
 * quietly falls back to another backend when WebGPU fails to start. So we ask
 * for an adapter ourselves, say why WebGPU is missing when it is, and after
 * switching we check that the backend really computes (see `checkBackend`).
 */

export type BackendName = 'webgpu' | 'wasm' | 'cpu';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'cpu'];

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU (your GPU)',
  wasm: 'WebAssembly (your CPU, SIMD)',
  cpu: 'plain JavaScript (your CPU, slowest)',
};

export interface BackendOption {
  name: BackendName;
  usable: boolean;
  /** Why it is not usable, or what it runs on. */
  detail: string;
  /** WebGPU through a software adapter (SwiftShader): it works, but on the CPU and slower than wasm. */
  software?: boolean;
}

/** The part of `navigator.gpu` the probe uses. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}

export interface AdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Asks for a WebGPU adapter, the only reliable sign that WebGPU will work. */
export async function probeWebGpu(gpu: GpuLike | undefined): Promise<BackendOption> {
  const name = 'webgpu';
  if (!gpu) return { name, usable: false, detail: 'This browser has no WebGPU at all (navigator.gpu is missing).' };
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { name, usable: false, detail: `Asking for a GPU failed: ${error instanceof Error ? error.message : String(error)}.` };
  }
  if (!adapter) {
    return {
      name,
      usable: false,
      detail:
        'The browser has WebGPU but offers no GPU adapter (requestAdapter() returned null): there is no usable GPU, ' +
        'its driver is blocked, or WebGPU is switched off.',
    };
  }
  const info = adapter.info ?? {};
  const described = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  if (info.isFallbackAdapter ?? adapter.isFallbackAdapter) {
    return {
      name,
      usable: true,
      software: true,
      detail: `WebGPU here is only a software adapter (${described}), which runs on the CPU and is slower than WebAssembly.`,
    };
  }
  return { name, usable: true, detail: `GPU adapter: ${described}.` };
}

/** WebAssembly with SIMD is in every current browser; say so when it is missing. */
export function probeWasm(hasWebAssembly: boolean): BackendOption {
  return hasWebAssembly
    ? { name: 'wasm', usable: true, detail: 'Runs on your CPU with WebAssembly.' }
    : { name: 'wasm', usable: false, detail: 'This browser has no WebAssembly.' };
}

export const CPU_OPTION: BackendOption = { name: 'cpu', usable: true, detail: 'Plain JavaScript: works everywhere, slowest.' };

/**
 * The backends to try, best first: a hardware GPU, then WebAssembly, then a
 * software GPU, then plain JavaScript. The first that starts and passes
 * `checkBackend` is the one the reader gets.
 */
export function preferenceOrder(options: readonly BackendOption[]): BackendName[] {
  const rank = (option: BackendOption) =>
    option.name === 'webgpu' ? (option.software ? 2 : 0) : option.name === 'wasm' ? 1 : 3;
  return options.filter((option) => option.usable).sort((a, b) => rank(a) - rank(b)).map((option) => option.name);
}

/** [[1, 2], [3, 4]] x [[5, 6], [7, 8]]: a backend that gets this wrong is not used. */
export const CHECK_PRODUCT = { a: [1, 2, 3, 4], b: [5, 6, 7, 8], expected: [19, 22, 43, 50] } as const;

export function checkBackend(result: ArrayLike<number>): boolean {
  return CHECK_PRODUCT.expected.every((value, i) => Math.abs(result[i]! - value) < 1e-4);
}
