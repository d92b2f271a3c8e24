import { describe, expect, it } from 'vitest';
import { probeDevice, requestPersistentStorage, type NavigatorLike } from '../../src/lib/device/probe';
import { adapterName, isSoftwareAdapter } from '../../src/lib/core/webgpu';
import { freeStorageBytes } from '../../src/lib/device/report';

const GIB = 2 ** 30;
const adapter = {
  features: new Set(['shader-f16', 'subgroups']),
  limits: {
    maxBufferSize: 4 * GIB,
    maxStorageBufferBindingSize: 2 * GIB,
    maxComputeWorkgroupStorageSize: 32768,
    maxStorageBuffersPerShaderStage: 10,
  },
  info: { vendor: 'nvidia', architecture: 'ampere', device: '', description: '' },
};
const storage = { estimate: async () => ({ quota: 100 * GIB, usage: GIB }), persisted: async () => false };

describe('probeDevice', () => {
  it('reports the adapter, its features and limits, storage, RAM and form factor', async () => {
    const nav: NavigatorLike = {
      gpu: { requestAdapter: async () => adapter },
      storage,
      deviceMemory: 8,
      userAgentData: { mobile: false },
    };
    expect(await probeDevice(nav)).toEqual({
      webgpu: {
        status: 'ok',
        adapter: {
          vendor: 'nvidia',
          architecture: 'ampere',
          device: '',
          description: '',
          isFallbackAdapter: false,
        },
        features: ['shader-f16', 'subgroups'],
        limits: adapter.limits,
      },
      storage: { quotaBytes: 100 * GIB, usageBytes: GIB, persisted: false },
      deviceMemoryGB: 8,
      mobile: false,
    });
  });

  it('asks for the high-performance adapter, as WebLLM does', async () => {
    let asked: unknown;
    await probeDevice({ gpu: { requestAdapter: async (options) => ((asked = options), null) } });
    expect(asked).toEqual({ powerPreference: 'high-performance' });
  });

  it('tells a missing API from a missing adapter from a failing one, and never throws', async () => {
    expect((await probeDevice({}, false)).webgpu).toEqual({ status: 'unsupported', secureContext: false });
    expect((await probeDevice({ gpu: { requestAdapter: async () => null } })).webgpu).toEqual({
      status: 'no-adapter',
    });
    const failing = await probeDevice({
      gpu: { requestAdapter: async () => Promise.reject(new Error('GPU process crashed')) },
    });
    expect(failing.webgpu).toEqual({ status: 'error', message: 'GPU process crashed' });
  });

  it('reads the fallback flag from adapter.info or, in older Chromium, the adapter', async () => {
    const old = {
      ...adapter,
      info: { vendor: 'google', architecture: 'swiftshader' },
      isFallbackAdapter: true,
    };
    const report = await probeDevice({ gpu: { requestAdapter: async () => old } });
    expect(report.webgpu.status === 'ok' && report.webgpu.adapter.isFallbackAdapter).toBe(true);
  });

  it('leaves unknown storage and RAM as null and detects a phone from the user agent', async () => {
    const report = await probeDevice({
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36',
    });
    expect(report.storage).toEqual({ quotaBytes: null, usageBytes: null, persisted: null });
    expect(report.deviceMemoryGB).toBeNull();
    expect(report.mobile).toBe(true);
  });

  it('survives a storage API that rejects', async () => {
    const report = await probeDevice({
      storage: {
        estimate: () => Promise.reject(new Error('no')),
        persisted: () => Promise.reject(new Error('no')),
      },
    });
    expect(report.storage).toEqual({ quotaBytes: null, usageBytes: null, persisted: null });
  });
});

describe('report helpers', () => {
  it('computes free storage, names adapters and spots software ones', () => {
    expect(freeStorageBytes({ quotaBytes: 10, usageBytes: 4, persisted: null })).toBe(6);
    expect(freeStorageBytes({ quotaBytes: null, usageBytes: 4, persisted: null })).toBeNull();
    const info = { vendor: '', architecture: '', device: '', description: '', isFallbackAdapter: false };
    expect(adapterName(info)).toBe('an unnamed GPU');
    expect(adapterName({ ...info, description: 'Apple M2' })).toBe('Apple M2');
    expect(isSoftwareAdapter({ ...info, description: 'llvmpipe (LLVM 15.0.7, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ ...info, vendor: 'apple', architecture: 'metal-3' })).toBe(false);
  });

  it('asks for persistent storage and returns the answer, or null where the API is missing or throws', async () => {
    expect(await requestPersistentStorage({ storage: { persist: async () => true } })).toBe(true);
    expect(await requestPersistentStorage({})).toBeNull();
    expect(
      await requestPersistentStorage({ storage: { persist: () => Promise.reject(new Error('x')) } }),
    ).toBeNull();
  });
});
