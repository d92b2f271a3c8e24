import path from 'node:path';
import { loadTokenizer } from '../../src/lib/tokenizer/load';

/** The folder `npm run tokenizer` writes the real Mistral files into. */
export const MODELS_DIR = path.resolve(import.meta.dirname, '../../public/models') + path.sep;

/** The real Mistral-7B-Instruct-v0.1 tokenizer, loaded through transformers.js from the site's own files. */
export const loadMistral = () => loadTokenizer(MODELS_DIR);
