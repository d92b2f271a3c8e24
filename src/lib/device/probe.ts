import type { AdapterInfo, DeviceReport, GpuLimits, StorageReport, WebGpuReport } from './report';

/**
 * The parts of `navigator` the probe reads. Typed loosely on purpose: the
 * browser's own WebGPU types may be missing from the TypeScript lib, and unit
 * tests pass plain objects.
 */
export interface NavigatorLike {
  gpu?: {
    requestAdapter(options?: {
      powerPreference?: 'high-performance' | 'low-power';
    }): Promise<AdapterLike | null>;
  };
  storage?: { estimate?(): Promise<{ quota?: number; usage?: number }>; persisted?(): Promise<boolean> };
  deviceMemory?: number;
  userAgent?: string;
  userAgentData?: { mobile?: boolean };
}

export interface AdapterLike {
  features: Iterable<string>;
  limits: Partial<GpuLimits>;
  info?: Partial<AdapterInfo>;
  /** Older Chromium versions put the flag on the adapter itself. */
  isFallbackAdapter?: boolean;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function probeWebGpu(nav: NavigatorLike, secureContext: boolean): Promise<WebGpuReport> {
  if (!nav.gpu) return { status: 'unsupported', secureContext };
  let adapter: AdapterLike | null;
  try {
    // The same preference WebLLM asks for, so the report describes the GPU it will use.
    adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
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

export async function probeStorage(nav: NavigatorLike): Promise<StorageReport> {
  const storage = nav.storage;
  const [estimate, persisted] = await Promise.all([
    storage?.estimate?.().catch(() => null) ?? null,
    storage?.persisted?.().catch(() => null) ?? null,
  ]);
  return { quotaBytes: estimate?.quota ?? null, usageBytes: estimate?.usage ?? null, persisted };
}

function isMobile(nav: NavigatorLike): boolean {
  if (typeof nav.userAgentData?.mobile === 'boolean') return nav.userAgentData.mobile;
  return /Android|iPhone|iPad|iPod|Mobile/i.test(nav.userAgent ?? '');
}

/**
 * Asks the browser everything the verdict needs. Never throws: what the
 * browser will not say becomes `null` or an error status in the report.
 */
export async function probeDevice(nav: NavigatorLike, secureContext = true): Promise<DeviceReport> {
  const [webgpu, storage] = await Promise.all([probeWebGpu(nav, secureContext), probeStorage(nav)]);
  return {
    webgpu,
    storage,
    deviceMemoryGB: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    mobile: isMobile(nav),
  };
}

/** Asks the browser to keep this site's storage (so a cached model is not evicted); returns the answer. */
export async function requestPersistentStorage(
  nav: NavigatorLike & { storage?: { persist?(): Promise<boolean> } },
) {
  try {
    return (await nav.storage?.persist?.()) ?? null;
  } catch {
    return null;
  }
}
