/**
 * Turns an error from the WebLLM worker into an explanation with a way
 * forward. Errors arrive as name + message strings (see `WireError`), so the
 * mapping goes by WebLLM's error class names (`ShaderF16SupportError`,
 * `DeviceLostError`, ...), the browser's DOMException names
 * (`QuotaExceededError`, `AbortError`) and, where WebLLM throws a plain
 * `Error`, by words of its message.
 */
import type { FetchProbe, WireError } from './protocol';

export type LoadErrorKind =
  | 'no-webgpu'
  | 'no-shader-f16'
  | 'gpu-limits'
  | 'gpu-memory'
  | 'storage'
  | 'not-found'
  | 'network'
  | 'corrupt'
  | 'crash'
  | 'unknown';

/** What the panel's one error button does. */
export type LoadErrorAction = 'retry' | 'use-f32' | 'use-smaller' | 'clear-and-retry' | 'none';

export interface LoadErrorExplanation {
  kind: LoadErrorKind;
  title: string;
  /** What happened and what the reader can do, in plain words. */
  message: string;
  action: LoadErrorAction;
  /** The original name and message, for the curious and for bug reports. */
  technical: string;
}

/** The name the page gives a worker that stopped without an error message (its `error` event). */
export const ENGINE_CRASH = 'EngineCrash';

const RESUME_NOTE =
  'Each weight file is stored only once it has arrived complete, so trying again continues with the files ' +
  'that are missing; nothing half-downloaded is kept.';

function fileName(url: string): string {
  return url.split('/').filter(Boolean).pop() ?? url;
}

function describeProbes(probes: readonly FetchProbe[]): {
  missing: FetchProbe | undefined;
  unreachable: boolean;
} {
  return {
    missing: probes.find((probe) => probe.status !== null && probe.status >= 400),
    unreachable: probes.length > 0 && probes.every((probe) => probe.status === null),
  };
}

function classify({ name, message }: WireError): LoadErrorKind {
  const text = `${name}: ${message}`;
  if (name === ENGINE_CRASH) return 'crash';
  if (name === 'WebGPUNotAvailableError' || name === 'WebGPUNotFoundError') return 'no-webgpu';
  if (/Unable to find a compatible GPU|navigator\.gpu/i.test(message)) return 'no-webgpu';
  if (name === 'ShaderF16SupportError' || (name === 'FeatureSupportError' && /shader-f16/.test(message))) {
    return 'no-shader-f16';
  }
  if (
    /maxBufferSize|maxStorageBufferBindingSize|maxComputeWorkgroupStorageSize|maxStorageBuffersPerShaderStage/.test(
      message,
    )
  ) {
    return 'gpu-limits';
  }
  if (
    name === 'DeviceLostError' ||
    name === 'GPUOutOfMemoryError' ||
    /out of memory|device (?:was )?lost/i.test(message)
  ) {
    return 'gpu-memory';
  }
  if (name === 'QuotaExceededError' || /quota/i.test(text)) return 'storage';
  if (
    name === 'IntegrityError' ||
    name === 'SyntaxError' ||
    name === 'CompileError' ||
    /magic word|JSON/i.test(message)
  ) {
    return 'corrupt';
  }
  if (name === 'NetworkError' || /fetch|network|Cache'|Cannot fetch|Load failed|ERR_/i.test(text))
    return 'network';
  if (name === 'RuntimeError' || /abort\(|unreachable|memory access out of bounds/i.test(text))
    return 'crash';
  return 'unknown';
}

export function explainLoadError(error: WireError): LoadErrorExplanation {
  const technical = `${error.name}: ${error.message}`;
  let kind = classify(error);
  const { missing, unreachable } = describeProbes(error.probe ?? []);
  if (kind === 'network' && missing) kind = 'not-found';

  switch (kind) {
    case 'no-webgpu':
      return {
        kind,
        technical,
        action: 'none',
        title: 'This browser cannot give WebLLM a GPU',
        message:
          'WebLLM needs WebGPU and found no usable GPU adapter. Try a current Chrome or Edge on a computer with ' +
          'hardware acceleration switched on. The rest of the chapter works without it.',
      };
    case 'no-shader-f16':
      return {
        kind,
        technical,
        action: 'use-f32',
        title: 'This GPU cannot run the 16-bit build',
        message:
          'The build needs the shader-f16 feature (16-bit floats in GPU programs), which this GPU or browser does ' +
          'not offer. The 32-bit build of Mistral-7B computes in 32-bit floats and runs without it.',
      };
    case 'gpu-limits':
      return {
        kind,
        technical,
        action: 'use-smaller',
        title: 'This GPU’s buffer limits are too small',
        message:
          'WebLLM needs to allocate larger GPU buffers than this GPU allows. A smaller model may fit within its limits.',
      };
    case 'gpu-memory':
      return {
        kind,
        technical,
        action: 'use-smaller',
        title: 'The GPU ran out of memory',
        message:
          'The GPU device was lost while the model was being placed in its memory, which almost always means there ' +
          'was not enough of it. Close other tabs and programs that use the GPU and try again, or choose a smaller ' +
          'model. The downloaded files stay cached, so a new try does not download them again.',
      };
    case 'storage':
      return {
        kind,
        technical,
        action: 'retry',
        title: 'Not enough storage for the model',
        message:
          'The browser refused to store more of the model (its storage quota for this site is full). Free some disk ' +
          'space or remove other sites’ stored data, then try again; the files already stored are kept. A smaller ' +
          `model needs less room. ${RESUME_NOTE}`,
      };
    case 'not-found':
      return {
        kind,
        technical,
        action: 'retry',
        title: 'A model file is missing on the server',
        message:
          `The model host answered ${missing!.status} for ${fileName(missing!.url)} (${missing!.url}). ` +
          'The file may have moved or the host may be having trouble; trying again later may help.',
      };
    case 'network':
      return {
        kind,
        technical,
        action: 'retry',
        title: unreachable ? 'The model host cannot be reached' : 'The download was interrupted',
        message:
          (unreachable
            ? 'Your browser could not reach the server that hosts the model files. Check your connection, then try again. '
            : 'A file stopped arriving part-way (a dropped connection or a server hiccup). ') + RESUME_NOTE,
      };
    case 'corrupt':
      return {
        kind,
        technical,
        action: 'clear-and-retry',
        title: 'A stored model file is damaged',
        message:
          'A file WebLLM read did not have the expected contents (for example a login or error page stored in its ' +
          'place). Clearing this model’s stored files and downloading them again fixes it.',
      };
    case 'crash':
      return {
        kind,
        technical,
        action: 'retry',
        title: 'The model engine stopped',
        message:
          'The worker that runs WebLLM stopped unexpectedly. Trying again starts a fresh engine; files already ' +
          'downloaded are kept. If it happens again, the GPU may be short of memory: choose a smaller model.',
      };
    default:
      return {
        kind: 'unknown',
        technical,
        action: 'retry',
        title: 'The model did not load',
        message:
          'WebLLM reported an error this page does not recognise. Trying again may help; the details are below.',
      };
  }
}

/**
 * Whether a load error looks like a failed download, in which case the worker
 * asks the model host again (HEAD requests) to tell "file missing" from "host
 * unreachable" from "dropped mid-way".
 */
export function shouldProbeHost(error: WireError): boolean {
  return classify(error) === 'network';
}
