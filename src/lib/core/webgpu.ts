/**
 * Asking the browser for a WebGPU adapter: the only reliable sign that WebGPU
 * will work. Chromium exposes `navigator.gpu` even where `requestAdapter()`
 * then returns null (no GPU, a blocked driver, WebGPU switched off), so both
 * the device check and the mini network's backend choice ask here, and read
 * the answer as plain data.
 */

/** The GPU limits WebLLM checks before it loads a model (see `detectGPUDevice` in @mlc-ai/web-llm). */
export interface GpuLimits {
  /** The largest single GPU buffer, in bytes. */
  maxBufferSize: number;
  /** The largest part of a buffer one shader can read or write at once, in bytes. */
  maxStorageBufferBindingSize: number;
  /** Shared memory per workgroup, in bytes. */
  maxComputeWorkgroupStorageSize: number;
  /** How many storage buffers one shader stage may bind. */
  maxStorageBuffersPerShaderStage: number;
}

/** The adapter's self-description (`GPUAdapter.info`); any field may be empty, browsers hide some on purpose. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software adapter that runs on the CPU (for example SwiftShader). */
  isFallbackAdapter: boolean;
}

export type WebGpuReport =
  /** The browser has no `navigator.gpu` at all. */
  | { status: 'unsupported'; secureContext: boolean }
  /** `navigator.gpu` exists, but `requestAdapter()` found no usable GPU. */
  | { status: 'no-adapter' }
  /** Asking for an adapter threw. */
  | { status: 'error'; message: string }
  | { status: 'ok'; adapter: AdapterInfo; features: string[]; limits: GpuLimits };

/**
 * The parts of `navigator.gpu` and its adapter the probe reads. Typed loosely
 * on purpose: the browser's own WebGPU types may be missing from the
 * TypeScript lib, and unit tests pass plain objects.
 */
export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<AdapterLike | null>;
}

export interface AdapterLike {
  features: Iterable<string>;
  limits: Partial<GpuLimits>;
  info?: Partial<AdapterInfo>;
  /** Older Chromium versions put the flag on the adapter itself. */
  isFallbackAdapter?: boolean;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Asks `gpu` (the browser's `navigator.gpu`) for an adapter. Never throws: a failure is a status. */
export async function probeWebGpu(gpu: GpuLike | undefined, secureContext: boolean): Promise<WebGpuReport> {
  if (!gpu) return { status: 'unsupported', secureContext };
  let adapter: AdapterLike | null;
  try {
    // The same preference WebLLM asks for, so the report describes the GPU it will use.
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { status: 'error', message: describe(error) };
  }
  if (!adapter) return { status: 'no-adapter' };
  const info = adapter.info ?? {};
  const limits = adapter.limits;
  return {
    status: 'ok',
    adapter: {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    },
    features: [...adapter.features].sort(),
    limits: {
      maxBufferSize: limits.maxBufferSize ?? 0,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize ?? 0,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize ?? 0,
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage ?? 0,
    },
  };
}

/** True for adapters that run on the CPU: flagged as fallback, or named like a software rasteriser. */
export function isSoftwareAdapter(adapter: AdapterInfo): boolean {
  if (adapter.isFallbackAdapter) return true;
  const names = `${adapter.vendor} ${adapter.architecture} ${adapter.description}`;
  return /swiftshader|llvmpipe|lavapipe|software|basic render/i.test(names);
}

/** "NVIDIA ampere", "Apple metal-3", or "an unnamed GPU" when the browser hides the details. */
export function adapterName(adapter: AdapterInfo): string {
  const parts = [adapter.vendor, adapter.architecture].filter((part) => part.trim() !== '');
  if (parts.length === 0) return adapter.description.trim() || 'an unnamed GPU';
  return parts.join(' ');
}
