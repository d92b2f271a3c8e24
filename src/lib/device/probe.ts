import { probeWebGpu, type GpuLike } from '../core/webgpu';
import type { DeviceReport, StorageReport } from './report';

/**
 * The parts of `navigator` the probe reads. Typed loosely on purpose: the
 * browser's own WebGPU types may be missing from the TypeScript lib, and unit
 * tests pass plain objects.
 */
export interface NavigatorLike {
  gpu?: GpuLike;
  storage?: { estimate?(): Promise<{ quota?: number; usage?: number }>; persisted?(): Promise<boolean> };
  deviceMemory?: number;
  userAgent?: string;
  userAgentData?: { mobile?: boolean };
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
  const [webgpu, storage] = await Promise.all([probeWebGpu(nav.gpu, secureContext), probeStorage(nav)]);
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
