import { beforeAll, describe, expect, it } from 'vitest';
import { createGenerationController, tokensPerSecond } from '../../src/lib/generation/controller';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import { createGlassBoxEngine, type GlassBoxEngine } from '../../src/lib/glassbox/engine';
import { createWeights, type GlassBoxWeights } from '../../src/lib/glassbox/weights';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import type { Engine } from '../../src/lib/llm/engine';
import { sampleNext } from '../../src/lib/sampling/pipeline';
import { seedState } from '../../src/lib/core/random';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';
import { decoding, vocabularyPieces } from '../../src/lib/tokenizer/stream-decode';
import { loadMistral } from './tokenizer-fixture';

const SETTINGS: SamplingSettings = { ...SEED_SAMPLING, temperature: 1, topK: 50, topP: 0.9, seed: 7 };
let weights: GlassBoxWeights;
let pieces: string[];

beforeAll(async () => {
  weights = createWeights(POCKET_CONFIG, 0);
  pieces = vocabularyPieces(await loadMistral());
});

/** An untrained in-page model that counts its calls, so a test can tell a prefill from a decode step. */
function countingEngine(overrides: Partial<Engine> = {}) {
  const inner: GlassBoxEngine = createGlassBoxEngine({ weights });
  const calls: string[] = [];
  const engine: Engine = {
    ...inner,
    prefill: (ids) => (calls.push(`prefill ${ids.length}`), inner.prefill(ids)),
    step: (id) => (calls.push(`step ${id}`), inner.step(id)),
    ...overrides,
  };
  return { engine, calls };
}

function controllerOn(engine: Engine, options: { maxNewTokens?: number; settings?: SamplingSettings } = {}) {
  return createGenerationController({
    engine,
    prompt: SEED_PROMPT_IDS,
    settings: options.settings ?? SETTINGS,
    maxNewTokens: options.maxNewTokens ?? 64,
    decoding: decoding(pieces),
  });
}

/** The loop written out by hand: prefill, sample, step, sample, ... */
async function handLoop(count: number, settings = SETTINGS): Promise<number[]> {
  const engine = createGlassBoxEngine({ weights });
  let logits = await engine.prefill(SEED_PROMPT_IDS);
  let state = seedState(settings.seed);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const step = sampleNext(logits, settings, state);
    ids.push(step.chosenId);
    state = step.state;
    logits = await engine.step(step.chosenId);
  }
  return ids;
}

const ids = (controller: { view(): { steps: readonly { id: number }[] } }) =>
  controller.view().steps.map((step) => step.id);

describe('stepping', () => {
  it('prefills the prompt once, then reads one token per step, and picks what the hand-written loop picks', async () => {
    const { engine, calls } = countingEngine();
    const controller = controllerOn(engine);
    for (let i = 0; i < 6; i++) await controller.step();
    expect(ids(controller)).toEqual(await handLoop(6));
    expect(calls).toEqual([
      'prefill 20',
      ...ids(controller)
        .slice(0, 5)
        .map((id) => `step ${id}`),
    ]);
    const [first, second] = controller.view().steps;
    expect(first!.source).toBe('prefill');
    expect(second!.source).toBe('decode');
    expect(first!.stateBefore).toBe(seedState(SETTINGS.seed));
    expect(second!.stateBefore).toBe(first!.stateAfter);
  });

  it('records the pick, its final probability and the candidate table of each step', async () => {
    const controller = controllerOn(countingEngine().engine);
    const step = (await controller.step())!;
    const chosen = step.candidates.find((candidate) => candidate.chosen)!;
    expect(chosen.id).toBe(step.id);
    expect(step.probability).toBeCloseTo(chosen.final, 12);
    // The best 15, then the engine's stop ids (so `</s>` can always be forced) and the pick when they ranked lower.
    const top = step.candidates.slice(0, 15).map((candidate) => candidate.id);
    const after = [...new Set([2, step.id])].filter((id) => !top.includes(id));
    expect(step.candidates.map((candidate) => candidate.id)).toEqual([...top, ...after]);
    expect(step.candidates.filter((candidate) => candidate.keptByTopP).length).toBeLessThanOrEqual(
      step.keptCount,
    );
    expect(step.text).toBe(controller.view().text);
  });

  it('streams the reply text as the tokenizer would decode it', async () => {
    const controller = controllerOn(countingEngine().engine);
    await controller.step();
    await controller.force(0, 22143); // ▁Dear
    await controller.step();
    await controller.force(1, 28705); // ▁ (a lone space piece)
    const view = controller.view();
    expect(view.steps[0]!.text).toBe('Dear');
    expect(view.text).toBe(view.steps.map((step) => step.text).join(''));
    expect(view.text.startsWith('Dear')).toBe(true);
  });
});

describe('rewinding and forcing', () => {
  it('rewinds to an earlier step, prefills the kept tokens again and, with the same settings, picks the same tokens', async () => {
    const { engine, calls } = countingEngine();
    const controller = controllerOn(engine);
    for (let i = 0; i < 6; i++) await controller.step();
    const before = ids(controller);
    await controller.rewind(2);
    expect(ids(controller)).toEqual(before.slice(0, 2));
    calls.length = 0;
    for (let i = 0; i < 4; i++) await controller.step();
    expect(ids(controller)).toEqual(before);
    expect(calls[0]).toBe('prefill 22'); // the prompt and the two kept tokens
    expect(controller.view().steps[2]!.source).toBe('prefill');
  });

  it('rewinding one step reuses the scores at hand (the engine has not read that token yet)', async () => {
    const { engine, calls } = countingEngine();
    const controller = controllerOn(engine);
    for (let i = 0; i < 3; i++) await controller.step();
    const before = ids(controller);
    await controller.rewind(2);
    calls.length = 0;
    await controller.step();
    expect(calls).toEqual([]);
    expect(controller.view().steps[2]!.source).toBe('reuse');
    expect(ids(controller)).toEqual(before);
  });

  it('a forced token is what the engine reads next: the next scores equal a prefill of the forced sequence', async () => {
    const { engine } = countingEngine();
    const controller = controllerOn(engine);
    for (let i = 0; i < 3; i++) await controller.step();
    const alternative = controller.view().steps[1]!.candidates.find((candidate) => !candidate.chosen)!;
    await controller.force(1, alternative.id);
    let view = controller.view();
    expect(view.steps).toHaveLength(2);
    expect(view.steps[1]).toMatchObject({ id: alternative.id, forced: true, probability: alternative.final });
    const next = (await controller.step())!;
    view = controller.view();

    const reference = createGlassBoxEngine({ weights });
    const logits = await reference.prefill([...SEED_PROMPT_IDS, view.steps[0]!.id, alternative.id]);
    expect(next.candidates.map((candidate) => candidate.logit)).toEqual(
      next.candidates.map((candidate) => logits[candidate.id]),
    );
  });

  it('forcing the newest token costs no engine call, and a forced token removed by a stage has probability 0', async () => {
    const { engine, calls } = countingEngine();
    const controller = controllerOn(engine, { settings: { ...SETTINGS, topK: 3, topP: 1 } });
    await controller.step();
    const removed = controller
      .view()
      .steps[0]!.candidates.find((candidate) => candidate.removedBy === 'top-k')!;
    calls.length = 0;
    await controller.force(0, removed.id);
    expect(calls).toEqual([]);
    expect(controller.view().steps[0]).toMatchObject({ id: removed.id, forced: true, probability: 0 });
    await controller.step();
    expect(calls).toEqual([`step ${removed.id}`]);
  });

  it('re-samples the newest token with new settings from the same scores; temperature 0 takes the top score', async () => {
    const { engine, calls } = countingEngine();
    const controller = controllerOn(engine);
    await controller.step();
    controller.setSettings({ ...SETTINGS, temperature: 0 });
    await controller.resample();
    const step = controller.view().steps[0]!;
    expect(step.greedy).toBe(true);
    expect(step.id).toBe(step.candidates[0]!.id);
    expect(step.probability).toBe(1);
    expect(calls).toEqual(['prefill 20']);
  });

  it('re-samples nothing when the scores at hand are the next position’s (after rewinding one step)', async () => {
    const { engine, calls } = countingEngine();
    const controller = controllerOn(engine);
    for (let i = 0; i < 3; i++) await controller.step();
    const before = controller.view().steps;
    // Rewinding one step keeps the scores the dropped token was picked from (position 2), for the next step.
    await controller.rewind(2);
    calls.length = 0;
    await controller.resample();
    expect(controller.view().steps).toEqual(before.slice(0, 2));
    expect(controller.view().error).toBeNull();
    // Those scores are still position 2's: the next step reuses them and picks what it picked before.
    await controller.step();
    expect(calls).toEqual([]);
    expect(controller.view().steps[2]!.candidates).toEqual(before[2]!.candidates);
  });

  it('refuses to go back to a step that does not exist', async () => {
    const controller = controllerOn(countingEngine().engine);
    await controller.step();
    await expect(controller.rewind(3)).rejects.toThrow(
      'There is no step 3 to go back to; the reply has 1 token.',
    );
    await expect(controller.force(0, 32000)).rejects.toThrow('outside the vocabulary');
    await controller.step();
    await expect(controller.force(5, 1)).rejects.toThrow(
      'There is no step 5 to change; the reply has 2 tokens.',
    );
  });
});

describe('stopping', () => {
  it('stops at </s>, says why, and steps no further until rewound', async () => {
    const controller = controllerOn(countingEngine().engine);
    await controller.step();
    await controller.force(0, 2);
    expect(controller.view().ended).toEqual({
      reason: 'end-of-text',
      message: 'The model picked </s> (id 2), the end-of-text token: the reply is complete after 1 token.',
    });
    expect(await controller.step()).toBeNull();
    await controller.rewind(0);
    expect(controller.view().ended).toBeNull();
    expect(await controller.step()).not.toBeNull();
  });

  it('plays until the limit on new tokens, and goes on when the limit is raised', async () => {
    const controller = controllerOn(countingEngine().engine, { maxNewTokens: 4 });
    await controller.play();
    const view = controller.view();
    expect(view.steps).toHaveLength(4);
    expect(view.playing).toBe(false);
    expect(view.ended?.reason).toBe('max-new-tokens');
    controller.setMaxNewTokens(6);
    expect(controller.view().ended).toBeNull();
    await controller.play();
    expect(ids(controller)).toEqual(await handLoop(6));
    expect(() => controller.setMaxNewTokens(0)).toThrow('whole number from 1 to 256');
  });

  it('keeps the reader’s Stop when the limit on new tokens is raised afterwards', async () => {
    const controller = controllerOn(countingEngine().engine, { maxNewTokens: 4 });
    await controller.step();
    await controller.step();
    await controller.stop();
    controller.setMaxNewTokens(8);
    expect(controller.view().ended).toEqual({
      reason: 'reader',
      message: 'You stopped the reply after 2 tokens. Go back to any step to go on from there.',
    });
    expect(await controller.step()).toBeNull();
  });

  it('stops when the context window is full', async () => {
    const controller = controllerOn(countingEngine({ contextWindow: 23 }).engine);
    await controller.play();
    expect(controller.view().steps).toHaveLength(3);
    expect(controller.view().ended?.message).toMatch(
      /^Stopped at 23 tokens \(prompt 20 \+ reply 3\): the context window holds 23/,
    );
  });

  it('a prompt that fills the window gets a message instead of a step', async () => {
    const controller = controllerOn(countingEngine({ contextWindow: 20 }).engine);
    expect(await controller.step()).toBeNull();
    expect(controller.view().error).toMatch(/no room for even one new token/);
  });

  it('pause ends a play after the step in progress; stop ends the reply', async () => {
    const controller = createGenerationController({
      engine: countingEngine().engine,
      prompt: SEED_PROMPT_IDS,
      settings: SETTINGS,
      maxNewTokens: 50,
      betweenSteps: async () => {
        if (controller.view().steps.length === 3) controller.pause();
      },
    });
    await controller.play();
    expect(controller.view().steps).toHaveLength(3);
    await controller.stop();
    expect(controller.view().ended?.message).toBe(
      'You stopped the reply after 3 tokens. Go back to any step to go on from there.',
    );
    expect(await controller.step()).toBeNull();
  });
});

describe('failures and timings', () => {
  it('an engine failure becomes a message, and the next step starts again with a prefill', async () => {
    let fail = true;
    const { engine, calls } = countingEngine();
    const flaky: Engine = {
      ...engine,
      step: (id) => (fail ? Promise.reject(new Error('GPU device lost')) : engine.step(id)),
    };
    const controller = controllerOn(flaky);
    await controller.step();
    expect(await controller.step()).toBeNull();
    expect(controller.view().error).toBe('The engine failed: GPU device lost');
    fail = false;
    calls.length = 0;
    expect(await controller.step()).not.toBeNull();
    expect(calls).toEqual(['prefill 21']);
    expect(controller.view().error).toBeNull();
  });

  it('bad settings give the pipeline’s message, not a crash', async () => {
    const controller = controllerOn(countingEngine().engine);
    controller.setSettings({ ...SETTINGS, topP: 0 });
    expect(await controller.step()).toBeNull();
    expect(controller.view().error).toMatch(/^Top-p 0 is out of range/);
  });

  it('measures time to first token and decode speed on the clock it is given', async () => {
    let clock = 0;
    const { engine } = countingEngine();
    const slow: Engine = {
      ...engine,
      prefill: async (promptIds) => ((clock += 100), engine.prefill(promptIds)),
      step: async (id) => ((clock += 10), engine.step(id)),
    };
    const controller = createGenerationController({
      engine: slow,
      prompt: SEED_PROMPT_IDS,
      settings: SETTINGS,
      maxNewTokens: 5,
      now: () => clock,
    });
    await controller.play();
    const { timings } = controller.view();
    expect(timings).toEqual({
      prefill: { tokens: 20, ms: 100 },
      firstTokenMs: 100,
      decode: { tokens: 4, ms: 40 },
      // Play's wall clock: the prefill and four decode steps, 100 + 4 x 10 ms, for five tokens.
      played: { tokens: 5, ms: 140, computeMs: 140, prefillMs: 100, prefillTokens: 1, running: false },
    });
    expect(tokensPerSecond(timings)).toBe(100);
  });

  it('counts the page’s time between steps in what Play delivered, not in the model’s speed', async () => {
    let clock = 0;
    const { engine } = countingEngine();
    const seen: (number | undefined)[] = [];
    const controller = createGenerationController({
      engine: {
        ...engine,
        prefill: async (promptIds) => ((clock += 100), engine.prefill(promptIds)),
        step: async (id) => ((clock += 10), engine.step(id)),
      },
      prompt: SEED_PROMPT_IDS,
      settings: SETTINGS,
      maxNewTokens: 4,
      now: () => clock,
      // The page takes 15 ms between two steps (drawing, its turn).
      betweenSteps: async () => {
        seen.push(controller.view().timings.played?.tokens);
        clock += 15;
      },
    });
    await controller.play();
    // Tokens arrive at 100, 125, 150 and 175 ms: 4 tokens in 175 ms, of which 100 + 3 x 10 in the model.
    expect(controller.view().timings.played).toEqual({
      tokens: 4,
      ms: 175,
      computeMs: 130,
      prefillMs: 100,
      prefillTokens: 1,
      running: false,
    });
    // While it runs, the figure follows each token.
    expect(seen).toEqual([1, 2, 3]);
    expect(tokensPerSecond(controller.view().timings)).toBe(100);
  });
});
