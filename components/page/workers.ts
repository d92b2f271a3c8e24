/**
 * Every Web Worker the panels start, one factory each, typed with its
 * protocol. Nothing here runs on import: a worker (and the runtime it loads)
 * starts only when a panel calls its factory.
 *
 * Each factory spells out `new Worker(new URL('…', import.meta.url), …)`
 * itself, because that literal form is what Vite finds and bundles as a
 * worker (https://vite.dev/guide/features.html#import-with-constructors); a
 * helper that took the path as an argument would not be bundled.
 */
import type { ChatTemplateRequest, ChatTemplateResponse } from '../../src/lib/chat/protocol';
import type { GlassBoxRequest, GlassBoxResponse } from '../../src/lib/glassbox/protocol';
import type { EngineRequest, EngineResponse } from '../../src/lib/llm/protocol';
import type { MlpRequest, MlpResponse } from '../../src/lib/mlp/protocol';
import type { TokenizerRequest, TokenizerResponse } from '../../src/lib/tokenizer/protocol';
import type { WorkerLike } from '../../src/lib/worker/port';

/** Mistral's tokenizer, for the Tokens chapter and the layer panel's own text. */
export const createTokenizerWorker = (): WorkerLike<TokenizerRequest, TokenizerResponse> =>
  new Worker(new URL('../../src/workers/tokenizer.worker.ts', import.meta.url), { type: 'module' });

/** The chat template (and the vocabulary the generation panels show), with its tokenizer. */
export const createChatTemplateWorker = (): WorkerLike<ChatTemplateRequest, ChatTemplateResponse> =>
  new Worker(new URL('../../src/workers/chat-template.worker.ts', import.meta.url), { type: 'module' });

/** The in-page models: the pocket model and the same model before training. */
export const createGlassBoxWorker = (): WorkerLike<GlassBoxRequest, GlassBoxResponse> =>
  new Worker(new URL('../../src/workers/glassbox.worker.ts', import.meta.url), { type: 'module' });

/** WebLLM, holding the loaded Mistral build in GPU memory. */
export const createWebLlmWorker = (): WorkerLike<EngineRequest, EngineResponse> =>
  new Worker(new URL('../../src/workers/webllm.worker.ts', import.meta.url), { type: 'module' });

/** TensorFlow.js for the Parameters chapter; named, so it is easy to find in the browser's task list. */
export const createMlpWorker = (): WorkerLike<MlpRequest, MlpResponse> =>
  new Worker(new URL('../../src/workers/mlp.worker.ts', import.meta.url), {
    type: 'module',
    name: 'tensorflow.js',
  });
