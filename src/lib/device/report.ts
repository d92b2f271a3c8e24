/**
 * What the reader's browser says about its GPU and storage: plain data, so the
 * verdict (verdict.ts) is a pure function of it and unit tests can describe a
 * phone or a desktop GPU as a literal.
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

export interface StorageReport {
  /** Bytes this site may store (`navigator.storage.estimate().quota`), or null where unknown. */
  quotaBytes: number | null;
  /** Bytes this site stores now. */
  usageBytes: number | null;
  /** Whether the browser promised not to evict this site's data; null where the API is missing. */
  persisted: boolean | null;
}

export interface DeviceReport {
  webgpu: WebGpuReport;
  storage: StorageReport;
  /** `navigator.deviceMemory` (RAM in GB, rounded and capped by the browser), or null (Firefox, Safari). */
  deviceMemoryGB: number | null;
  /** True on a phone or tablet (from `navigator.userAgentData.mobile`, else the user agent). */
  mobile: boolean;
}

/** Free bytes for this site, or null where the browser does not say. */
export function freeStorageBytes(storage: StorageReport): number | null {
  if (storage.quotaBytes === null) return null;
  return Math.max(0, storage.quotaBytes - (storage.usageBytes ?? 0));
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
