// @ts-check
/**
 * Writes `src/lib/llm/generated/webllm-models.json`: the few WebLLM model
 * records the site offers, copied at build time from WebLLM's own
 * `prebuiltAppConfig` (the only source of truth for which prebuilt model
 * libraries match the installed npm version). The site imports this small
 * JSON instead of `@mlc-ai/web-llm` itself, so no page pays for WebLLM's
 * 2.2 MB bundle just to show a size or a URL, and no number is copied by hand:
 * upgrading the package regenerates every URL and memory figure.
 *
 * Usage: node scripts/build-webllm-models.mjs [outFile]
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.resolve(process.argv[2] ?? path.join(root, 'src/lib/llm/generated/webllm-models.json'));

/** The WebLLM model ids the site uses; src/lib/llm/models.ts says what each one is for. */
const MODEL_IDS = [
  'Mistral-7B-Instruct-v0.2-q4f16_1-MLC',
  'Mistral-7B-Instruct-v0.3-q4f32_1-MLC',
  'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
];

async function main() {
  const pkgPath = path.join(path.dirname(require.resolve('@mlc-ai/web-llm')), '..', 'package.json');
  const { version } = JSON.parse(await readFile(pkgPath, 'utf8'));
  const stamp = `@mlc-ai/web-llm@${version}`;
  const existing = await readFile(outFile, 'utf8').then(JSON.parse, () => null);
  if (existing?.source === stamp && MODEL_IDS.every((id) => existing.models?.[id])) return;

  const { prebuiltAppConfig, modelVersion } = await import('@mlc-ai/web-llm');
  /** @type {Record<string, unknown>} */
  const models = {};
  for (const id of MODEL_IDS) {
    const record = prebuiltAppConfig.model_list.find((entry) => entry.model_id === id);
    if (!record) throw new Error(`build-webllm-models: ${stamp} has no model "${id}" in prebuiltAppConfig.`);
    if (record.vram_required_MB === undefined)
      throw new Error(`build-webllm-models: "${id}" has no vram_required_MB.`);
    models[id] = {
      modelId: record.model_id,
      modelUrl: record.model,
      modelLibUrl: record.model_lib,
      vramRequiredMB: record.vram_required_MB,
      lowResourceRequired: record.low_resource_required ?? false,
      requiredFeatures: record.required_features ?? [],
      contextWindowSize: record.overrides?.context_window_size ?? null,
      slidingWindowSize: record.overrides?.sliding_window_size ?? null,
    };
  }
  await mkdir(path.dirname(outFile), { recursive: true });
  const body = {
    source: stamp,
    modelVersion,
    cacheBackend: prebuiltAppConfig.cacheBackend ?? 'cache',
    models,
  };
  await writeFile(outFile, `${JSON.stringify(body, null, 2)}\n`);
  console.log(`build-webllm-models: wrote ${path.relative(root, outFile)} from ${stamp}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
