/**
 * Which TensorFlow.js backend can run here, found by asking, not assuming.
 *
 * TensorFlow.js quietly falls back to another backend when WebGPU fails to
 * start. So we ask for an adapter ourselves (the probe in
 * src/lib/core/webgpu.ts), say why WebGPU is missing when it is, and after
 * switching we check that the backend really computes (see `checkBackend`).
 */
import { adapterName, isSoftwareAdapter, type WebGpuReport } from '../core/webgpu';
import { asSentence } from '../core/format';

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

/**
 * What the WebGPU probe's report (src/lib/core/webgpu.ts) means for
 * TensorFlow.js: usable or not, and why, in the reader's words.
 */
export function webGpuOption(report: WebGpuReport): BackendOption {
  const name = 'webgpu';
  switch (report.status) {
    case 'unsupported':
      return { name, usable: false, detail: 'This browser has no WebGPU at all (navigator.gpu is missing).' };
    case 'error':
      return { name, usable: false, detail: asSentence(`Asking for a GPU failed: ${report.message}`) };
    case 'no-adapter':
      return {
        name,
        usable: false,
        detail:
          'The browser has WebGPU but offers no GPU adapter (requestAdapter() returned null): there is no usable GPU, ' +
          'its driver is blocked, or WebGPU is switched off.',
      };
    case 'ok': {
      const described = adapterName(report.adapter);
      if (isSoftwareAdapter(report.adapter)) {
        return {
          name,
          usable: true,
          software: true,
          detail: `WebGPU here is only a software adapter (${described}), which runs on the CPU and is slower than WebAssembly.`,
        };
      }
      return { name, usable: true, detail: `GPU adapter: ${described}.` };
    }
  }
}

/** WebAssembly with SIMD is in every current browser; say so when it is missing. */
export function probeWasm(hasWebAssembly: boolean): BackendOption {
  return hasWebAssembly
    ? { name: 'wasm', usable: true, detail: 'Runs on your CPU with WebAssembly.' }
    : { name: 'wasm', usable: false, detail: 'This browser has no WebAssembly.' };
}

export const CPU_OPTION: BackendOption = {
  name: 'cpu',
  usable: true,
  detail: 'Plain JavaScript: works everywhere, slowest.',
};

/**
 * The backends to try, best first: a hardware GPU, then WebAssembly, then a
 * software GPU, then plain JavaScript. The first that starts and passes
 * `checkBackend` is the one the reader gets.
 */
export function preferenceOrder(options: readonly BackendOption[]): BackendName[] {
  const rank = (option: BackendOption) =>
    option.name === 'webgpu' ? (option.software ? 2 : 0) : option.name === 'wasm' ? 1 : 3;
  return options
    .filter((option) => option.usable)
    .sort((a, b) => rank(a) - rank(b))
    .map((option) => option.name);
}

/** [[1, 2], [3, 4]] x [[5, 6], [7, 8]]: a backend that gets this wrong is not used. */
export const CHECK_PRODUCT = { a: [1, 2, 3, 4], b: [5, 6, 7, 8], expected: [19, 22, 43, 50] } as const;

export function checkBackend(result: ArrayLike<number>): boolean {
  return CHECK_PRODUCT.expected.every((value, i) => Math.abs(result[i]! - value) < 1e-4);
}
