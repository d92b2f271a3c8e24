import { MISTRAL_TOKENIZER } from '../../src/lib/tokenizer/mistral';
import { withBase } from '../../src/lib/urls';

/**
 * The site's models folder as a path under the base: the tokenizer's files
 * and the pocket model's weights live under it. A path, not a full URL:
 * transformers.js 4.3 only looks for "local" files at paths, and with remote
 * models switched off it never checks a full URL at all. The one place a panel learns where
 * the site's model files are.
 */
export const modelsUrl = () => withBase(import.meta.env.BASE_URL, MISTRAL_TOKENIZER.folder);
