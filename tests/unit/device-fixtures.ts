/**
 * Five devices, described the way `probeDevice` would report them. The
 * numbers are what such browsers report (SwiftShader's are what this
 * machine's Chromium reports with --enable-unsafe-webgpu).
 */
import type { GpuLimits } from '../../src/lib/core/webgpu';
import type { DeviceReport } from '../../src/lib/device/report';

const GIB = 2 ** 30;
const GB = 1e9;

const limits = (buffer: number, binding: number): GpuLimits => ({
  maxBufferSize: buffer,
  maxStorageBufferBindingSize: binding,
  maxComputeWorkgroupStorageSize: 32768,
  maxStorageBuffersPerShaderStage: 10,
});

const roomyStorage = { quotaBytes: 120 * GB, usageBytes: 2 * GB, persisted: false };

/** Firefox on Linux: no navigator.gpu at all. */
export const noWebGpu: DeviceReport = {
  webgpu: { status: 'unsupported', secureContext: true },
  storage: roomyStorage,
  deviceMemoryGB: null,
  mobile: false,
};

/** Headless Chromium with --enable-unsafe-webgpu: SwiftShader on the CPU, no shader-f16, 1 GiB buffers. */
export const swiftShader: DeviceReport = {
  webgpu: {
    status: 'ok',
    adapter: {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      isFallbackAdapter: true,
    },
    features: ['float32-filterable', 'subgroups', 'timestamp-query'],
    limits: limits(GIB, GIB),
  },
  storage: { quotaBytes: 10 * GIB, usageBytes: 0, persisted: false },
  deviceMemoryGB: 16,
  mobile: false,
};

/** A laptop with an Intel integrated GPU: shader-f16, 2 GiB buffers, RAM shared with the GPU. */
export const laptopIntegrated: DeviceReport = {
  webgpu: {
    status: 'ok',
    adapter: {
      vendor: 'intel',
      architecture: 'gen-12lp',
      device: '',
      description: '',
      isFallbackAdapter: false,
    },
    features: ['shader-f16', 'subgroups', 'timestamp-query'],
    limits: limits(2 * GIB, 2 * GIB - 4),
  },
  storage: roomyStorage,
  deviceMemoryGB: 8,
  mobile: false,
};

/** A desktop with an NVIDIA GPU: shader-f16, 4 GiB buffers, plenty of storage. */
export const desktopGpu: DeviceReport = {
  webgpu: {
    status: 'ok',
    adapter: {
      vendor: 'nvidia',
      architecture: 'ampere',
      device: '',
      description: '',
      isFallbackAdapter: false,
    },
    features: ['shader-f16', 'subgroups', 'timestamp-query', 'texture-compression-bc'],
    limits: limits(4 * GIB - 4, 2 * GIB - 4),
  },
  storage: { quotaBytes: 500 * GB, usageBytes: 1 * GB, persisted: true },
  deviceMemoryGB: 32,
  mobile: false,
};

/** An Android phone: Adreno GPU with shader-f16 but 4 GB of RAM and 128 MiB bindings. */
export const phone: DeviceReport = {
  webgpu: {
    status: 'ok',
    adapter: {
      vendor: 'qualcomm',
      architecture: 'adreno-6xx',
      device: '',
      description: '',
      isFallbackAdapter: false,
    },
    features: ['shader-f16'],
    limits: limits(GIB, 128 * 2 ** 20),
  },
  storage: { quotaBytes: 20 * GB, usageBytes: 0.5 * GB, persisted: false },
  deviceMemoryGB: 4,
  mobile: true,
};
