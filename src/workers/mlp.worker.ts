/// <reference lib="webworker" />
/**
 * TensorFlow.js for the Parameters chapter, off the main thread. It loads
 * only when a panel asks (the first message), picks a backend by probing,
 * trains one job at a time and keeps the digits network for predictions.
 * Thin on purpose: it loads the backends' code and passes messages; the
 * rest is src/lib/mlp/trainer.ts, where unit tests reach it.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import { probeWebGpu, type GpuLike } from '../lib/core/webgpu';
import { CPU_OPTION, probeWasm, webGpuOption, type BackendName } from '../lib/mlp/backends';
import type { MlpRequest, MlpResponse } from '../lib/mlp/protocol';
import { createTrainer } from '../lib/mlp/trainer';

declare const self: DedicatedWorkerGlobalScope;

const reply = (message: MlpResponse, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Each backend's code loads on first use; wasm is told where this site serves its .wasm files. */
let wasmPathsSet = false;
const loadBackend: Record<BackendName, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
      });
      wasmPathsSet = true;
    }
  },
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

/** Gives the event loop a turn (so a "stop" can arrive) without setTimeout's 4 ms clamp. */
const channel = new MessageChannel();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/**
 * Why wasm did not start, if one of its files cannot be had from this site
 * (missing, or arriving damaged); null if they are whole, so the failure is
 * the browser's. Asked only after a failed start, so the happy path never
 * pays for the second download.
 */
async function diagnoseDownload(name: BackendName): Promise<string | null> {
  if (name !== 'wasm') return null;
  for (const url of [wasmSimd, wasmPlain]) {
    let bytes: ArrayBuffer;
    try {
      const response = await fetch(url, { cache: 'reload' });
      if (!response.ok) return `Its WebAssembly file did not download (HTTP ${response.status}).`;
      bytes = await response.arrayBuffer();
    } catch {
      return 'Its WebAssembly file did not download (the connection failed).';
    }
    if (!WebAssembly.validate(bytes)) return 'Its WebAssembly file arrived damaged or incomplete.';
  }
  return null;
}

const trainer = createTrainer({ loadBackend, yieldToEvents, diagnoseDownload });

/** The backends this browser offers, probed here: WebGPU's adapter and WebAssembly are the worker's to ask about. */
async function offeredBackends() {
  const gpu = (self.navigator as Navigator & { gpu?: GpuLike }).gpu;
  return [
    webGpuOption(await probeWebGpu(gpu, self.isSecureContext)),
    probeWasm(typeof WebAssembly === 'object'),
    CPU_OPTION,
  ];
}

const STAGES = {
  init: 'init',
  'use-backend': 'backend',
  'load-digits': 'digits',
  train: 'train',
  stop: 'train',
  pace: 'train',
  step: 'train',
  predict: 'predict',
} as const satisfies Record<MlpRequest['type'], string>;

self.addEventListener('message', async (event: MessageEvent<MlpRequest>) => {
  const request = event.data;
  try {
    switch (request.type) {
      case 'init':
        return reply({ type: 'backend', ...(await trainer.start(await offeredBackends(), request.backend)) });
      case 'use-backend':
        return reply({ type: 'backend', ...(await trainer.useBackend(request.backend)) });
      case 'load-digits':
        return reply({ type: 'digits-ready', ...(await trainer.loadDigits(request.url)) });
      case 'train': {
        const { jobId } = request;
        const summary = await trainer.train(
          jobId,
          request.task,
          request.settings,
          {
            onEpoch: (report) => reply({ type: 'epoch', jobId, report }),
            onProgress: (step, steps) => reply({ type: 'progress', jobId, step, steps }),
            onPaused: (epochsDone) => reply({ type: 'paused', jobId, epochsDone }),
          },
          request.pace,
        );
        return reply(
          { type: 'done', jobId, summary },
          summary.misclassified.map((image) => image.pixels.buffer),
        );
      }
      case 'stop':
        return trainer.stop(request.jobId);
      case 'pace':
        return trainer.setPace(request.jobId, request.pace);
      case 'step':
        return trainer.step(request.jobId);
      case 'predict': {
        const probabilities = await trainer.predict(request.input);
        return reply({ type: 'prediction', requestId: request.requestId, probabilities });
      }
    }
  } catch (error) {
    reply({
      type: 'error',
      stage: STAGES[request.type],
      message: describe(error),
      ...('jobId' in request ? { jobId: request.jobId } : {}),
      ...('requestId' in request ? { requestId: request.requestId } : {}),
    });
  }
});
