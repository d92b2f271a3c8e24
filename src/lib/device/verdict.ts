/**
 * "Will it run here?" as a pure function: a device report and the models on
 * offer in, a verdict with its reasons and a recommended model out. No
 * browser API is touched here, so the unit tests can judge a phone, a laptop
 * and a software adapter from plain fixtures.
 *
 * The GPU limits are the ones WebLLM itself checks before loading (see
 * `detectGPUDevice` in @mlc-ai/web-llm): it wants 1 GiB buffers and falls back
 * to 256 MiB / 128 MiB with a warning, and refuses below that.
 */
import { adapterName, isSoftwareAdapter } from '../core/webgpu';
import { freeStorageBytes, type DeviceReport } from './report';
import { formatBytes } from '../core/format';
import { GIB, MIB } from '../core/memory';
import { needsShaderF16, type ModelEntry, type ModelKey } from '../llm/models';

export type Severity = 'ok' | 'warn' | 'block';

export interface Finding {
  severity: Severity;
  text: string;
}

export interface ModelVerdict {
  key: ModelKey;
  /** False when something certainly stops it here (missing feature, too little memory or storage). */
  runnable: boolean;
  /** What speaks for or against this model on this device. */
  findings: Finding[];
}

export type VerdictStatus = 'ready' | 'fallback' | 'small' | 'none' | 'no-webgpu';

export interface Verdict {
  status: VerdictStatus;
  /** One sentence a reader sees first. */
  headline: string;
  /** Findings about the device itself, in the order a reader would check them. */
  reasons: Finding[];
  /** The model to offer first, or null when none can run. */
  recommended: ModelKey | null;
  models: Record<ModelKey, ModelVerdict>;
}

const PREFERRED_BUFFER = GIB;
const MIN_BUFFER = 256 * MIB;
const MIN_BINDING = 128 * MIB;
const MIN_WORKGROUP_STORAGE = 32 * 1024;
const MIN_STORAGE_BUFFERS = 10;

/** Vendors whose GPUs share the computer's RAM (integrated or unified memory). */
const SHARED_MEMORY_VENDORS = /intel|apple|qualcomm|arm|imagination|mali|adreno/i;

function noWebGpu(report: DeviceReport): Finding {
  const { webgpu } = report;
  if (webgpu.status === 'unsupported') {
    return {
      severity: 'block',
      text: webgpu.secureContext
        ? 'This browser has no WebGPU (navigator.gpu is missing).'
        : 'WebGPU exists only on secure pages (https or localhost), and this page is not one.',
    };
  }
  if (webgpu.status === 'no-adapter') {
    return {
      severity: 'block',
      text:
        'The browser knows WebGPU but found no GPU it is willing to use: no GPU, hardware acceleration ' +
        'switched off, or a graphics driver the browser blocks.',
    };
  }
  return {
    severity: 'block',
    text: `Asking for a GPU failed: ${webgpu.status === 'error' ? webgpu.message : ''}`,
  };
}

function limitFinding(name: string, value: number, minimum: number): Finding {
  if (value >= PREFERRED_BUFFER) return { severity: 'ok', text: `${name}: ${formatBytes(value)}.` };
  if (value >= minimum) {
    return {
      severity: 'warn',
      text: `${name} is ${formatBytes(value)}, under the 1 GiB WebLLM asks for; it falls back to ${formatBytes(minimum)} and only some models work then.`,
    };
  }
  return {
    severity: 'block',
    text: `${name} is ${formatBytes(value)}; WebLLM needs at least ${formatBytes(minimum)}.`,
  };
}

function judgeModel(
  model: ModelEntry,
  report: DeviceReport,
  deviceBlocked: boolean,
  shaderF16: boolean,
): ModelVerdict {
  const findings: Finding[] = [];
  if (deviceBlocked) {
    const text =
      report.webgpu.status === 'ok' ? 'This GPU’s limits are below what WebLLM accepts.' : 'Needs WebGPU.';
    return { key: model.key, runnable: false, findings: [{ severity: 'block', text }] };
  }
  if (needsShaderF16(model) && !shaderF16) {
    findings.push({
      severity: 'block',
      text: `Needs the shader-f16 feature, which this GPU does not offer.`,
    });
  }
  const ram = report.deviceMemoryGB === null ? null : report.deviceMemoryGB * GIB;
  const need = model.gpuMemoryBytes;
  if (ram !== null && ram < need) {
    findings.push({
      severity: 'block',
      text: `Needs about ${formatBytes(need)} of GPU memory; this device reports only ${report.deviceMemoryGB} GB of RAM.`,
    });
  } else if (ram !== null && ram < 2 * need) {
    findings.push({
      severity: 'warn',
      text: `Needs about ${formatBytes(need)} of GPU memory, a large share of the ${report.deviceMemoryGB} GB of RAM this device reports.`,
    });
  }
  if (report.mobile && model.isMistral) {
    findings.push({
      severity: 'warn',
      text: 'Phones seldom spare this much memory for one tab; the browser may close the page while loading.',
    });
  }
  const free = freeStorageBytes(report.storage);
  if (free !== null && free < model.downloadBytes) {
    findings.push({
      severity: 'block',
      text: `Downloads about ${formatBytes(model.downloadBytes)}, but this site may store only ${formatBytes(free)} more.`,
    });
  }
  const runnable = !deviceBlocked && !findings.some((finding) => finding.severity === 'block');
  return { key: model.key, runnable, findings };
}

interface HeadlineContext {
  software: boolean;
  mobile: boolean;
  /** Whether a Mistral build is runnable even though the small model is recommended. */
  mistralOffered: boolean;
}

function headline(status: VerdictStatus, recommended: ModelEntry | null, context: HeadlineContext): string {
  switch (status) {
    case 'no-webgpu':
      return 'No WebGPU here, so the model cannot load in this browser. Everything else in the chapter still works.';
    case 'none':
      return 'WebGPU works here, but none of the models fits this device.';
    case 'ready':
      return `This device can run ${recommended!.title}, the build the chapters use.`;
    case 'fallback':
      return `The 16-bit build cannot run here, but the 32-bit build of ${recommended!.title} can.`;
    case 'small': {
      const why = context.software
        ? 'This GPU is a software adapter on the CPU, so Mistral-7B would crawl'
        : context.mobile
          ? 'On a phone Mistral-7B is a stretch'
          : 'Mistral-7B does not fit here';
      const offered = context.mistralOffered ? ' Mistral is still offered below if you accept the wait.' : '';
      return `${why}; ${recommended!.title}, a much smaller and different model, is the practical choice.${offered}`;
    }
  }
}

export function judgeDevice(report: DeviceReport, models: readonly ModelEntry[]): Verdict {
  const reasons: Finding[] = [];
  const webgpu = report.webgpu;
  let deviceBlocked = webgpu.status !== 'ok';
  let shaderF16 = false;
  let software = false;

  if (webgpu.status !== 'ok') {
    reasons.push(noWebGpu(report));
  } else {
    const { adapter, limits } = webgpu;
    software = isSoftwareAdapter(adapter);
    shaderF16 = webgpu.features.includes('shader-f16');
    reasons.push(
      software
        ? {
            severity: 'warn',
            text: `GPU: ${adapterName(adapter)}, a software adapter that runs on the CPU: very slow.`,
          }
        : { severity: 'ok', text: `GPU: ${adapterName(adapter)}.` },
    );
    reasons.push(
      shaderF16
        ? { severity: 'ok', text: 'shader-f16: yes, so 16-bit builds can run.' }
        : {
            severity: 'warn',
            text: 'shader-f16: no. Builds that compute in 16-bit floats cannot run; 32-bit builds can.',
          },
    );
    const limitFindings = [
      limitFinding('maxBufferSize', limits.maxBufferSize, MIN_BUFFER),
      limitFinding('maxStorageBufferBindingSize', limits.maxStorageBufferBindingSize, MIN_BINDING),
    ];
    if (limits.maxComputeWorkgroupStorageSize < MIN_WORKGROUP_STORAGE) {
      limitFindings.push({
        severity: 'block',
        text: 'Too little workgroup memory for WebLLM (needs 32 KiB).',
      });
    }
    if (limits.maxStorageBuffersPerShaderStage < MIN_STORAGE_BUFFERS) {
      limitFindings.push({
        severity: 'block',
        text: 'Too few storage buffers per shader for WebLLM (needs 10).',
      });
    }
    reasons.push(...limitFindings);
    deviceBlocked = limitFindings.some((finding) => finding.severity === 'block');
    if (SHARED_MEMORY_VENDORS.test(`${adapter.vendor} ${adapter.architecture}`)) {
      reasons.push({
        severity: 'ok',
        text: 'This GPU shares the computer’s RAM, so RAM is also its memory.',
      });
    }
  }

  const free = freeStorageBytes(report.storage);
  reasons.push(
    free === null
      ? { severity: 'warn', text: 'The browser does not say how much this site may store.' }
      : { severity: 'ok', text: `Storage this site may still use: ${formatBytes(free)}.` },
  );
  if (report.storage.persisted === false) {
    reasons.push({
      severity: 'ok',
      text: 'Storage is not persistent yet; loading asks the browser to keep the model.',
    });
  }

  const verdicts = Object.fromEntries(
    models.map((model) => [model.key, judgeModel(model, report, deviceBlocked, shaderF16)]),
  ) as Record<ModelKey, ModelVerdict>;
  const runnable = (key: ModelKey) => verdicts[key]?.runnable === true;
  const preferSmall = software || report.mobile;
  const order: ModelKey[] = preferSmall
    ? ['small', 'mistral-f16', 'mistral-f32']
    : ['mistral-f16', 'mistral-f32', 'small'];
  const recommended = order.find(runnable) ?? null;
  const status: VerdictStatus =
    webgpu.status !== 'ok'
      ? 'no-webgpu'
      : recommended === null
        ? 'none'
        : recommended === 'mistral-f16'
          ? 'ready'
          : recommended === 'mistral-f32'
            ? 'fallback'
            : 'small';
  const recommendedModel = models.find((model) => model.key === recommended) ?? null;
  const context = {
    software,
    mobile: report.mobile,
    mistralOffered: runnable('mistral-f16') || runnable('mistral-f32'),
  };
  return {
    status,
    headline: headline(status, recommendedModel, context),
    reasons,
    recommended,
    models: verdicts,
  };
}
