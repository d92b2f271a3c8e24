/**
 * Writes the pocket model's card data, src/lib/pocket/report.json, from what
 * training left behind: the pre-training and fine-tuning logs (curve and
 * held-out perplexity), the n-gram baselines, the corpus manifest, the
 * fine-tune's conversations, and samples written by the site itself: the
 * shipped weights through the site's forward pass, tokenizer, sampling
 * pipeline and generation loop (the same code chapters 4 and 5 run).
 *
 * Usage (from the project root, after export): npx tsx training/report.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createGenerationController } from '../src/lib/generation/controller';
import { createGlassBoxEngine } from '../src/lib/glassbox/engine';
import { pocketWeights } from '../src/lib/pocket/weights';
import { topIds } from '../src/lib/sampling/select';
import { SEED_SAMPLING } from '../src/lib/sampling/settings';
import { createChunkedEncoder } from '../src/lib/tokenizer/chunked-encoder';
import { loadTokenizer } from '../src/lib/tokenizer/load';
import { SEED_PROMPT } from '../src/lib/tokenizer/mistral';
import { decoding, vocabularyPieces } from '../src/lib/tokenizer/stream-decode';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const lines = (file: string) =>
  read(file)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

type Log = Record<string, unknown> & { step?: number; tokens?: number; loss?: number; elapsed_s?: number };

/** Every `every`-th loss line, and every held-out evaluation. */
function curve(log: Log[], every: number) {
  const losses = log.filter((l) => typeof l.loss === 'number');
  const points = losses.filter((_, i) => i % every === every - 1 || i === losses.length - 1);
  return {
    loss: points.map((l) => ({ step: l.step!, tokens: l.tokens!, loss: l.loss! })),
    heldout: log
      .filter((l) => l.eval)
      .map((l) => ({ step: l.step!, tokens: l.tokens!, perplexity: l.eval as Record<string, number> })),
  };
}

/** Wall-clock seconds of training: the sum over the runs in the log (it restarts at each resume). */
function seconds(log: Log[]): number {
  let total = 0;
  let last = 0;
  for (const line of log) {
    if (line.event === 'resume' || line.event === 'init') {
      total += last;
      last = 0;
    }
    if (typeof line.elapsed_s === 'number') last = line.elapsed_s;
  }
  return total + last;
}

async function main() {
  const pretrain = lines('training/out/pretrain/log.jsonl') as Log[];
  const sft = lines('training/out/sft/log.jsonl') as Log[];
  const ngram = JSON.parse(read('training/out/ngram.json'));
  const exported = JSON.parse(read('training/out/export.json'));
  const manifest = JSON.parse(read('training/out/corpus/manifest.json'));
  const conversations = lines('training/sft/conversations.jsonl');
  const heldoutConversations = lines('training/sft/heldout.jsonl') as {
    user: string;
    assistant: string;
    kind: string;
  }[];
  const start = pretrain.find((l) => l.event === 'start')!;
  const pretrainEnd = [...pretrain].reverse().find((l) => l.eval)!;
  const sftEnd = [...sft].reverse().find((l) => l.eval)!;

  const file = readFileSync(path.join(root, 'public/models/pocket/model.safetensors'));
  const weights = pocketWeights(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
  const tokenizer = await loadTokenizer(path.join(root, 'public/models') + path.sep);
  const encoder = createChunkedEncoder(tokenizer);
  const pieces = vocabularyPieces(tokenizer);
  const template = (text: string) =>
    Array.from(
      tokenizer.apply_chat_template([{ role: 'user', content: text }], {
        tokenize: true,
        return_tensor: false,
        return_dict: false,
      }) as unknown as number[],
    );

  /** The reply the loop chapter's Play would write, at these settings. */
  async function write(prompt: number[], temperature: number, seed = 1, maxNewTokens = 200) {
    const controller = createGenerationController({
      engine: createGlassBoxEngine({ weights, identity: 'pocket' }),
      prompt,
      settings: { ...SEED_SAMPLING, temperature, topK: 50, topP: 1, seed },
      maxNewTokens,
      decoding: decoding(pieces),
      betweenSteps: async () => {},
    });
    await controller.play();
    const view = controller.view();
    return {
      text: view.text,
      tokens: view.steps.length,
      firstId: view.steps[0]?.id ?? null,
      firstProbability: view.steps[0]?.probability ?? null,
      ended: view.ended?.reason ?? null,
    };
  }

  /** The best next tokens after the seed prompt and their probabilities at temperature 1 (plain softmax). */
  async function firstStep(identity: 'pocket' | 'untrained') {
    const engine =
      identity === 'pocket' ? createGlassBoxEngine({ weights, identity }) : createGlassBoxEngine({ seed: 0 });
    const logits = await engine.prefill(template(SEED_PROMPT));
    const max = logits.reduce((a, b) => Math.max(a, b), -Infinity);
    const sum = logits.reduce((total, logit) => total + Math.exp(logit - max), 0);
    return Array.from(topIds(logits, 5)).map((id) => ({
      id,
      piece: pieces[id]!,
      probability: Math.exp(logits[id]! - max) / sum,
    }));
  }
  const seedFirstStep = await firstStep('pocket');
  const seedFirstStepUntrained = await firstStep('untrained');

  const samples = [];
  for (const [prompt, temperature] of [
    [SEED_PROMPT, 0],
    [SEED_PROMPT, 0.7],
    ['Write a short email to my neighbour about the word "garden".', 0],
    ['What does "harbour" mean?', 0],
    ['Tell me a story about a cat.', 0.7],
  ] as const)
    samples.push({ prompt, chat: true, temperature, ...(await write(template(prompt), temperature)) });
  for (const [text, temperature] of [
    ['It is a truth universally acknowledged', 0],
    ['The man walked into the', 0.7],
    ['In the beginning', 0],
  ] as const)
    samples.push({
      prompt: text,
      chat: false,
      temperature,
      ...(await write(encoder.encode(text), temperature, 1, 60)),
    });

  // Held-out conversations: does the model end its reply, and open an email with "Dear"?
  let stopped = 0;
  let emails = 0;
  let dear = 0;
  for (const conversation of heldoutConversations) {
    const reply = await write(template(conversation.user), 0);
    if (reply.ended === 'end-of-text') stopped++;
    if (conversation.kind === 'email') {
      emails++;
      if (reply.firstId === 22143) dear++;
    }
  }

  const report = {
    summary: {
      parameters: start.parameters,
      rows: start.rows,
      unusedIds: start.unused_ids,
      pretrainSteps: pretrainEnd.step,
      pretrainTokens: pretrainEnd.tokens,
      pretrainMinutes: Math.round(seconds(pretrain) / 60),
      sftSteps: sftEnd.step,
      sftMinutes: Math.round(seconds(sft) / 60),
      hardware: '2 CPU cores (AMD EPYC), PyTorch 1.13 from Debian with OpenBLAS, bfloat16 autocast',
    },
    pretrain: curve(pretrain, 10),
    sft: curve(sft, 1),
    heldout: {
      tokens: Object.fromEntries(
        Object.entries(ngram.sources).map(([k, v]) => [k, (v as { tokens: number }).tokens]),
      ),
      pretrained: pretrainEnd.eval,
      finetuned: sftEnd.eval,
      baselines: Object.fromEntries(
        Object.entries(ngram.sources).map(([k, v]) => {
          const s = v as Record<string, { perplexity: number }>;
          return [
            k,
            { unigram: s.unigram!.perplexity, bigram: s.bigram!.perplexity, trigram: s.trigram!.perplexity },
          ];
        }),
      ),
    },
    seedFirstStep,
    seedFirstStepUntrained,
    /** PyTorch's perplexity on the first windows of each held-out source, for the bench's TypeScript figure. */
    heldoutSubset: exported.heldoutSubset,
    corpus: manifest.sources,
    finetune: {
      conversations: conversations.length,
      kinds: Object.fromEntries(
        [...new Set(conversations.map((c) => c.kind as string))].map((kind) => [
          kind,
          conversations.filter((c) => c.kind === kind).length,
        ]),
      ),
      heldout: { conversations: heldoutConversations.length, stopped, emails, dear },
    },
    samples,
  };
  writeFileSync(path.join(root, 'src/lib/pocket/report.json'), JSON.stringify(report, null, 1) + '\n');
  console.log(JSON.stringify({ summary: report.summary, heldout: report.finetune.heldout }, null, 1));
  for (const s of samples)
    console.log(
      `\n[${s.chat ? 'chat' : 'text'}, T ${s.temperature}] ${s.prompt}\n→ ${s.text} (${s.tokens} tokens, ${s.ended})`,
    );
}

await main();
