/**
 * `npm run bench`: speed and size figures, side by side, in one run. Nothing
 * here is asserted; tests check behaviour, this prints numbers for people.
 * Expects a fresh `dist/` (the npm script builds first).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { benchTokenizer, type Row } from './tokenizer';
import { benchSampling } from './sampling';
import { benchDraws } from './draws';
import { benchPocketPerplexity, benchPocketSpeed } from './pocket';
import { benchSurprisal } from './surprisal';
import { pageWeight } from '../../support/page-weight';
import { benchBrowser } from './browser';
import { benchLoop } from './generation';
import { benchLoading } from './loading';
import { benchDigits, benchSeedRun } from './training';
import { benchLighthouse } from './lighthouse';
import { launchBrowser } from '../../support/chromium';
import { listBuiltPages, startServer } from '../../support/site';

function table(title: string, rows: Row[]) {
  console.log(`\n## ${title}\n`);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  rows.forEach((row) => console.log(line(columns.map((c) => String(row[c] ?? '')))));
}

// BENCH_DIST measures another build (for example one made with SITE_BASE) without rebuilding.
const dist = path.resolve(process.env.BENCH_DIST ?? path.join(import.meta.dirname, '../../dist'));
console.log(`# LLM Explainer bench (${new Date().toISOString()}, Node ${process.version})`);

const tokenizerDir = path.join(dist, 'models/mistralai/Mistral-7B-Instruct-v0.1');
const tokenizerFiles = {
  what: 'tokenizer files (tokenizer.json, config)',
  when: 'its panel starts',
  files: readdirSync(tokenizerDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => path.join(tokenizerDir, name)),
};
const chapterPages = readdirSync(path.join(dist, 'chapters')).filter((slug) =>
  existsSync(path.join(dist, 'chapters', slug, 'index.html')),
);
const pocketWeights = {
  what: 'the pocket model’s weights (model.safetensors; goal ≤ 4 MB compressed)',
  when: 'the first step (chapters 4, 5) or the layer panel shows (chapter 7)',
  files: [path.join(dist, 'models/pocket/model.safetensors')],
};
const lazyFiles: Record<string, (typeof tokenizerFiles)[]> = {
  tokens: [tokenizerFiles],
  'chat-template': [tokenizerFiles],
  'one-token': [tokenizerFiles, pocketWeights],
  'the-loop': [tokenizerFiles, pocketWeights],
  'inside-mistral': [pocketWeights],
};
for (const slug of chapterPages) {
  table(
    `Page weight of /chapters/${slug}/ (gzip -9)`,
    pageWeight(dist, `chapters/${slug}/index.html`, lazyFiles[slug] ?? []),
  );
}

const { encode, typing } = await benchTokenizer();
table(
  'Encoding throughput in Node: chunked encoder vs transformers.js whole-string vs mistral-tokenizer-js',
  encode,
);

table(
  'Sampling pipeline in Node: one step over 32,000 logits (goal: under 1 ms median, every stage on)',
  benchSampling(),
);
table('Sampling lab in Node: 1,000 draws (goal: under 20 ms) and the whole-distribution chart', benchDraws());
table(
  'The in-page models in Node (goal for the pocket model: decode ≥ 150 tokens/s, first token < 100 ms)',
  await benchPocketSpeed(),
);
table(
  'The pocket model’s held-out perplexity: the site’s TypeScript forward pass beside PyTorch on the same windows, and the whole held-out split beside the Kneser-Ney trigram',
  benchPocketPerplexity(),
);
table(
  'Scoring a 2,000-character held-out text token by token in Node, as the Tokens chapter’s surprisal panel does (sliding past the model’s 256 positions)',
  await benchSurprisal(),
);

const server = await startServer(dist);
const browser = await launchBrowser();
try {
  const chromium = await benchBrowser(browser, server.url);
  table('Tokenizer load in Chromium', chromium.load);
  table(
    'The loop chapter in Chromium: the seed question at temperature 0, Play to the end (the panel’s own timings; goal ≥ 150 tokens/s, first token < 100 ms)',
    await benchLoop(browser, server.url),
  );
  table('Retokenizing a 2,000-character prompt while typing (goal: under 16 ms)', [
    ...typing,
    ...chromium.typing,
  ]);
  const webgpu = await launchBrowser({ webgpu: true });
  try {
    const loading = await benchLoading(
      [
        { label: 'Chromium, no GPU adapter', browser },
        { label: 'Chromium, SwiftShader WebGPU', browser: webgpu },
      ],
      server.url,
    );
    table(
      'Loading chapter in Chromium: device check, and a load that fails at its first file (404)',
      loading,
    );
    const seed = await benchSeedRun(
      [
        { label: 'Chromium, no GPU adapter', browser },
        { label: 'Chromium, SwiftShader WebGPU', browser: webgpu },
      ],
      server.url,
    );
    table(
      'The seed’s training run in Chromium, per backend (goal: 2 s or less; a plain model.fit loop took 5.5 s)',
      seed,
    );
    table(
      'MNIST in Chromium (wasm, 8,000 digits, batch 32, learning rate 0.5; goal: 95% held out within a few epochs)',
      await benchDigits(browser, server.url),
    );
  } finally {
    await webgpu.close();
  }
  table(
    'Lighthouse in Chromium, every page (mobile profile, local server; goal: 100 each)',
    await benchLighthouse(server.url, listBuiltPages(dist)),
  );
} finally {
  await browser.close();
  await server.close();
}
