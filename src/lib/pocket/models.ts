/**
 * The two models that run in the page on the glass box's forward pass, and
 * what the chapters say about each. Both have the pocket model's shape
 * (src/lib/model/pocket-config.json): one with the weights this project
 * trained (training/, shipped as public/models/pocket/model.safetensors),
 * one with seeded random weights, the same model before training, so a
 * reader can put the same prompt to both.
 */
import type { EngineInfo } from '../llm/engine';

export type InPageModelId = 'pocket' | 'untrained';

export interface InPageModel {
  id: InPageModelId;
  label: string;
  kind: EngineInfo['kind'];
  /** One sentence under the engine's name: what it is, and what not to expect from it. */
  note: string;
}

export const IN_PAGE_MODELS: Readonly<Record<InPageModelId, InPageModel>> = Object.freeze({
  pocket: {
    id: 'pocket',
    label: 'Pocket Mistral (trained by this site)',
    kind: 'pocket',
    note: 'Mistral’s architecture and tokenizer at 1/1,300 of the size, trained on about 7 million tokens of openly licensed English and a few hundred short conversations: it learned the shape of English and of an answer, not facts.',
  },
  untrained: {
    id: 'untrained',
    label: 'Pocket Mistral before training (random weights)',
    kind: 'untrained',
    note: 'The same model with the random weights it started from: every score is noise, which is what training changes.',
  },
});

/** The pocket model's weights file, relative to the site's models folder (`modelsUrl`). */
export const POCKET_WEIGHTS_FILE = 'pocket/model.safetensors';
