/**
 * What the reader's browser says about its GPU and storage: plain data, so the
 * verdict (verdict.ts) is a pure function of it and unit tests can describe a
 * phone or a desktop GPU as a literal.
 */
import type { WebGpuReport } from '../core/webgpu';

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
