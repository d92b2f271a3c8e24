/**
 * Builds the instruction fine-tune's data:
 *
 *   training/sft/conversations.jsonl   the training conversations as text (committed: the data test reads it)
 *   training/sft/heldout.jsonl         conversations kept out of training, to check what the model learned
 *   training/out/sft-data/sft.json          their ids and loss masks, for training/pocket/train.py --sft
 *
 * Ids are made the way Mistral's own fine-tuning makes them: the user turn
 * through the site's chat template (`<s>[INST] … [/INST]`, exactly the
 * prompt ids chapters 4 and 5 feed the model), then the reply encoded on its
 * own (so its first word carries the space marker: `▁Dear`, id 22143, as the
 * seed notebook's model answered) and `</s>`. The loss counts only the reply
 * and its `</s>`.
 *
 * Usage (from the project root): npx tsx training/sft/build.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createChunkedEncoder } from '../../src/lib/tokenizer/chunked-encoder';
import { loadTokenizer } from '../../src/lib/tokenizer/load';
import { MISTRAL_TOKENIZER } from '../../src/lib/tokenizer/mistral';
import { SOURCES } from '../corpus/sources';
import { buildConversations, type Conversation } from './conversations';
import { readSenses, type Sense } from './wordnet';

const root = path.resolve(import.meta.dirname, '../..');

/** Word counts over the Brown Corpus, to prefer words a reader knows. */
function brownCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const brown = SOURCES.find((source) => source.name === 'brown')!;
  for (const document of brown.documents())
    for (const word of document.toLowerCase().match(/[a-z]+/g) ?? [])
      counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Senses of everyday words with short, plain definitions, the most frequent first (after the 150 commonest). */
function chooseSenses(): Sense[] {
  const counts = brownCounts();
  const senses = (['noun', 'verb', 'adjective'] as const)
    .flatMap((pos) => readSenses(pos))
    .map((sense) => ({
      ...sense,
      definition: sense.definition
        .replace(/\s*\([^)]*\)\s*/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    }))
    .filter((sense) => {
      const words = sense.definition.split(' ').length;
      return sense.frequency >= 2 && words >= 3 && words <= 22 && (counts.get(sense.word) ?? 0) >= 8;
    });
  // A word that is both a noun and a verb keeps the part of speech SemCor saw most.
  const best = new Map<string, Sense>();
  for (const sense of senses) {
    const other = best.get(sense.word);
    if (!other || sense.frequency > other.frequency) best.set(sense.word, sense);
  }
  return [...best.values()]
    .sort((a, b) => (counts.get(b.word) ?? 0) - (counts.get(a.word) ?? 0) || a.word.localeCompare(b.word))
    .slice(150);
}

const jsonl = (items: readonly Conversation[]) => items.map((item) => JSON.stringify(item)).join('\n') + '\n';

async function main() {
  const { train, heldout } = buildConversations(chooseSenses());
  writeFileSync(path.join(root, 'training/sft/conversations.jsonl'), jsonl(train));
  writeFileSync(path.join(root, 'training/sft/heldout.jsonl'), jsonl(heldout));

  const tokenizer = await loadTokenizer(path.join(root, 'public/models') + path.sep);
  const encoder = createChunkedEncoder(tokenizer);
  const encode = (conversation: Conversation) => {
    const templated = tokenizer.apply_chat_template([{ role: 'user', content: conversation.user }], {
      tokenize: true,
      return_tensor: false,
      return_dict: false,
    }) as unknown as number[];
    const prompt = Array.from(templated);
    const reply = [...encoder.encode(conversation.assistant, { addBos: false }), MISTRAL_TOKENIZER.eosId];
    return {
      ids: [...prompt, ...reply],
      mask: [...prompt.map(() => false), ...reply.map(() => true)],
      promptLength: prompt.length,
    };
  };
  const out = path.join(root, 'training/out/sft-data');
  mkdirSync(out, { recursive: true });
  const conversations = train.map(encode);
  writeFileSync(path.join(out, 'sft.json'), JSON.stringify({ conversations }));
  writeFileSync(
    path.join(out, 'heldout.json'),
    JSON.stringify({ conversations: heldout.map((c) => ({ ...c, ...encode(c) })) }),
  );
  const kinds = new Map<string, number>();
  for (const c of train) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const tokens = conversations.reduce((sum, c) => sum + c.ids.length, 0);
  const longest = Math.max(...conversations.map((c) => c.ids.length));
  console.log(
    `${train.length} training conversations (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}), ${heldout.length} held out; ${tokens} tokens, the longest ${longest}`,
  );
}

await main();
