/**
 * The surprisal panel's work in Node: a 2,000-character text (the start of
 * the pocket model's held-out Austen, text it never trained on, decoded
 * from its ids) split by the site's tokenizer and scored token by token, as
 * the panel does it (prefill `<s>`, then one step a token, sliding past the
 * model's 256 positions), on the pocket model and the same model before training.
 * No worker or page: this is the model's share of the time the reader waits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { pocketWeights } from '../../src/lib/pocket/weights';
import { planScoring, scoreIds, summarise } from '../../src/lib/sampling/surprisal';
import { createChunkedEncoder } from '../../src/lib/tokenizer/chunked-encoder';
import { loadTokenizer } from '../../src/lib/tokenizer/load';
import type { Row } from './tokenizer';

const root = path.resolve(import.meta.dirname, '../..');

export async function benchSurprisal(): Promise<Row[]> {
  const tokenizer = await loadTokenizer(path.join(root, 'public/models') + path.sep);
  const held = readFileSync(path.join(root, 'training/heldout/austen.u16'));
  const heldIds = Array.from(
    new Uint16Array(held.buffer.slice(held.byteOffset, held.byteOffset + held.byteLength)),
  );
  const text = tokenizer.decode(heldIds.slice(0, 1_500), { skip_special_tokens: true }).slice(0, 2_000);
  const ids = createChunkedEncoder(tokenizer).encode(text);
  const file = readFileSync(path.join(root, 'public/models/pocket/model.safetensors'));
  const weights = pocketWeights(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
  const engines = {
    'pocket model': () => createGlassBoxEngine({ weights, identity: 'pocket' }),
    'before training': () => createGlassBoxEngine({ seed: 0, identity: 'untrained' }),
  };
  const rows: Row[] = [];
  for (const [model, create] of Object.entries(engines)) {
    const engine = create();
    const plan = planScoring(ids, engine.contextWindow);
    const positions = engine.contextWindow;
    await scoreIds(engine, plan.ids.slice(0, 9), { positions }); // warm up the JIT on a few tokens, as a second run would be
    const started = performance.now();
    const scores = (await scoreIds(engine, plan.ids, { positions }))!;
    const elapsed = performance.now() - started;
    const summary = summarise(scores);
    rows.push({
      model,
      characters: text.length.toLocaleString('en'),
      'text tokens': (ids.length - 1).toLocaleString('en'),
      'tokens scored': scores.length,
      'left out': plan.leftOut,
      ms: elapsed.toFixed(0),
      'tokens/s': (scores.length / (elapsed / 1000)).toFixed(0),
      'bits/token': summary.bitsPerToken.toFixed(2),
      perplexity: summary.perplexity.toFixed(1),
    });
  }
  return rows;
}
