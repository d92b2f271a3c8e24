import { describe, expect, it } from 'vitest';
import { ENGINE_CRASH, explainLoadError, shouldProbeHost } from '../../src/lib/llm/errors';

/**
 * Errors as they arrive from the worker: WebLLM 0.2.86's class names and
 * messages (src/error.ts in @mlc-ai/web-llm), and what the browser throws.
 */
const WEBLLM = {
  WebGPUNotAvailableError:
    'WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine. Please make sure that your browser supports WebGPU and that it is enabled in your browser settings.',
  WebGPUNotFoundError: 'Cannot find WebGPU in the environment',
  ShaderF16SupportError:
    'This model requires WebGPU extension shader-f16, which is not enabled in this browser. You can try to launch Chrome Canary in command line with flag "--enable-dawn-features=allow_unsafe_apis".',
  FeatureSupportError: 'This model requires feature shader-f16, which is not yet supported by this browser.',
  DeviceLostError:
    'The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM). To resolve this, try reloading with a model that has fewer parameters or uses a smaller context length.',
  IntegrityError: 'Integrity verification failed for https://example.org/model/tokenizer.json',
} as const;

const explain = (name: string, message: string, probe?: { url: string; status: number | null }[]) =>
  explainLoadError(probe ? { name, message, probe } : { name, message });

describe('explainLoadError, by WebLLM error name', () => {
  it.each([
    ['WebGPUNotAvailableError', 'no-webgpu', 'none'],
    ['WebGPUNotFoundError', 'no-webgpu', 'none'],
    ['ShaderF16SupportError', 'no-shader-f16', 'use-f32'],
    ['FeatureSupportError', 'no-shader-f16', 'use-f32'],
    ['DeviceLostError', 'gpu-memory', 'use-smaller'],
    ['IntegrityError', 'corrupt', 'clear-and-retry'],
  ] as const)('%s -> %s, action %s', (name, kind, action) => {
    const explanation = explain(name, WEBLLM[name]);
    expect(explanation.kind).toBe(kind);
    expect(explanation.action).toBe(action);
    expect(explanation.technical).toBe(`${name}: ${WEBLLM[name]}`);
  });

  it('offers the 32-bit build for a missing shader-f16 and says what the feature is', () => {
    expect(explain('ShaderF16SupportError', WEBLLM.ShaderF16SupportError).message).toMatch(
      /shader-f16 feature \(16-bit floats in GPU programs\).*32-bit build/,
    );
  });

  it('tells the reader an out-of-memory load keeps the downloaded files', () => {
    expect(explain('DeviceLostError', WEBLLM.DeviceLostError).message).toMatch(
      /does not download them again/,
    );
  });
});

describe('explainLoadError, by browser error and message', () => {
  it('maps the adapter failure WebLLM throws as a plain Error to no-webgpu', () => {
    expect(
      explain(
        'Error',
        "Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU",
      ).kind,
    ).toBe('no-webgpu');
  });

  it('maps WebLLM’s plain limit errors to gpu-limits', () => {
    const message =
      'Cannot initialize runtime because of requested maxStorageBufferBindingSize exceeds limit. requested=128MB, limit=64MB. ';
    expect(explain('Error', message)).toMatchObject({ kind: 'gpu-limits', action: 'use-smaller' });
  });

  it('maps a quota error to storage, with a retry that keeps stored files', () => {
    const explanation = explain('QuotaExceededError', 'The quota has been exceeded.');
    expect(explanation).toMatchObject({ kind: 'storage', action: 'retry' });
    expect(explanation.message).toMatch(/files already stored are kept/);
  });

  it('maps a failed Cache.add to an interrupted download and promises a clean resume', () => {
    const explanation = explain('TypeError', "Failed to execute 'add' on 'Cache': Request failed");
    expect(explanation).toMatchObject({
      kind: 'network',
      action: 'retry',
      title: 'The download was interrupted',
    });
    expect(explanation.message).toMatch(/nothing half-downloaded is kept/);
  });

  it('names the missing file when the worker’s HEAD request got a 404', () => {
    const url =
      'https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.2-q4f16_1-MLC/resolve/main/mlc-chat-config.json';
    const explanation = explain('TypeError', "Failed to execute 'add' on 'Cache': Request failed", [
      { url, status: 404 },
      { url: 'https://raw.githubusercontent.com/x/lib.wasm', status: 200 },
    ]);
    expect(explanation).toMatchObject({
      kind: 'not-found',
      action: 'retry',
      title: 'A model file is missing on the server',
    });
    expect(explanation.message).toContain(`answered 404 for mlc-chat-config.json (${url})`);
  });

  it('says the host is unreachable when no HEAD request got an answer', () => {
    const explanation = explain('TypeError', 'Failed to fetch', [
      { url: 'https://a/x.json', status: null },
      { url: 'https://a/y.wasm', status: null },
    ]);
    expect(explanation).toMatchObject({ kind: 'network', title: 'The model host cannot be reached' });
  });

  it('maps an HTML page stored in place of JSON or wasm to a damaged file, fixed by clearing', () => {
    expect(explain('SyntaxError', 'Unexpected token \'<\', "<!doctype "... is not valid JSON').action).toBe(
      'clear-and-retry',
    );
    expect(explain('CompileError', 'WebAssembly.instantiate(): expected magic word 00 61 73 6d').kind).toBe(
      'corrupt',
    );
  });

  it('maps a worker that died, or a wasm trap, to an engine crash with a fresh retry', () => {
    expect(explain(ENGINE_CRASH, 'The WebLLM worker stopped unexpectedly.')).toMatchObject({
      kind: 'crash',
      action: 'retry',
    });
    expect(explain('RuntimeError', 'Aborted(OOM). Build with -sASSERTIONS for more info.').kind).toBe(
      'crash',
    );
  });

  it('keeps anything else as unknown with its details', () => {
    const explanation = explain('ModelNotFoundError', 'Cannot find model record in appConfig for x.');
    expect(explanation).toMatchObject({ kind: 'unknown', action: 'retry' });
    expect(explanation.technical).toBe('ModelNotFoundError: Cannot find model record in appConfig for x.');
  });
});

describe('shouldProbeHost', () => {
  it('asks the host again only after what looks like a failed download', () => {
    expect(shouldProbeHost({ name: 'TypeError', message: 'Failed to fetch' })).toBe(true);
    expect(
      shouldProbeHost({ name: 'TypeError', message: "Failed to execute 'add' on 'Cache': Request failed" }),
    ).toBe(true);
    expect(shouldProbeHost({ name: 'DeviceLostError', message: WEBLLM.DeviceLostError })).toBe(false);
    expect(shouldProbeHost({ name: 'ShaderF16SupportError', message: WEBLLM.ShaderF16SupportError })).toBe(
      false,
    );
  });
});
