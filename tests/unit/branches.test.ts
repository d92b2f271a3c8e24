import { describeStep } from '../../src/lib/generation/describe';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  branchTree,
  emptyBranches,
  sequenceScore,
  withCurrent,
  withFound,
  type BranchToken,
  type Branches,
} from '../../src/lib/generation/branches';
import { createGenerationController, type GenerationView } from '../../src/lib/generation/controller';
import {
  branchName,
  describeScore,
  formatLogProb,
  probabilityBand,
} from '../../src/lib/generation/describe-branches';
import { SEED_PROMPT_IDS } from '../../src/lib/generation/prompt';
import { createGlassBoxEngine } from '../../src/lib/glassbox/engine';
import { createWeights, type GlassBoxWeights } from '../../src/lib/glassbox/weights';
import { POCKET_CONFIG } from '../../src/lib/glassbox/config';
import type { Engine } from '../../src/lib/llm/engine';
import { SEED_SAMPLING, type SamplingSettings } from '../../src/lib/sampling/settings';
import { decoding, vocabularyPieces } from '../../src/lib/tokenizer/stream-decode';
import { loadMistral } from './tokenizer-fixture';

const tokens = (...ids: number[]): BranchToken[] => ids.map((id) => ({ id, modelLogProb: -id / 10 }));
const idsOf = (tree: Branches<BranchToken>) => tree.branches.map((branch) => branch.tokens.map((t) => t.id));
/** Follows the reply through a series of states, as the loop does after each change. */
const follow = (...replies: number[][]) =>
  replies.reduce((tree, ids) => withCurrent(tree, tokens(...ids)), emptyBranches<BranchToken>());

describe('the branch tree, pure', () => {
  it('grows the current branch as steps are appended', () => {
    const tree = follow([5], [5, 6], [5, 6, 7]);
    expect(idsOf(tree)).toEqual([[5, 6, 7]]);
    expect(tree.current).toBe(tree.branches[0]!.key);
  });

  it('forcing a token keeps the old path as a branch and makes the new one current', () => {
    const tree = follow([5], [5, 6], [5, 6, 7], [5, 9]);
    expect(idsOf(tree)).toEqual([
      [5, 6, 7],
      [5, 9],
    ]);
    expect(tree.current).toBe(tree.branches[1]!.key);
  });

  it('rewinding keeps the old path; stepping back the same way rejoins it instead of copying it', () => {
    let tree = follow([5], [5, 6], [5, 6, 7], [5]);
    expect(idsOf(tree)).toEqual([[5, 6, 7], [5]]);
    tree = withCurrent(tree, tokens(5, 6));
    tree = withCurrent(tree, tokens(5, 6, 7));
    expect(idsOf(tree)).toEqual([[5, 6, 7]]);
    expect(tree.current).toBe(tree.branches[0]!.key);
    // Going back to the start leaves nothing current and drops nothing.
    tree = withCurrent(tree, []);
    expect(tree.current).toBeNull();
    expect(idsOf(tree)).toEqual([[5, 6, 7]]);
  });

  it('nests branches under the earlier one they share the longest start with', () => {
    // [5 6 7 8] first; [5 6 9] forks after 2 tokens; [5 6 9 4] is the same branch grown;
    // [5 6 9 3] forks from it after 3; [2] shares nothing: a second root.
    const tree = follow([5, 6, 7, 8], [5, 6, 9], [5, 6, 9, 4], [5, 6, 9, 3], [2]);
    const nodes = branchTree(tree);
    const shape = (node: (typeof nodes)[number]): unknown => ({
      ids: node.branch.tokens.map((t) => t.id),
      forkAt: node.forkAt,
      current: node.current,
      children: node.children.map(shape),
    });
    expect(nodes.map(shape)).toEqual([
      {
        ids: [5, 6, 7, 8],
        forkAt: 0,
        current: false,
        children: [
          {
            ids: [5, 6, 9, 4],
            forkAt: 2,
            current: false,
            children: [{ ids: [5, 6, 9, 3], forkAt: 3, current: false, children: [] }],
          },
        ],
      },
      { ids: [2], forkAt: 0, current: true, children: [] },
    ]);
  });

  it('keeps a search’s reply as found: stepping on from it is a new branch, and the same ids twice are one branch', () => {
    let tree = withFound(follow([5, 6]), [
      { label: 'beam 1 of 2', tokens: tokens(5, 7) },
      { label: 'beam 2 of 2', tokens: tokens(5, 6) },
    ]);
    // The reader's [5 6] is the second beam: it takes the label rather than being repeated.
    expect(tree.branches.map((b) => [b.label, b.tokens.map((t) => t.id)])).toEqual([
      ['beam 2 of 2', [5, 6]],
      ['beam 1 of 2', [5, 7]],
    ]);
    tree = withCurrent(tree, tokens(5, 7));
    expect(tree.current).toBe(tree.branches[1]!.key);
    tree = withCurrent(tree, tokens(5, 7, 1));
    expect(tree.branches.map((b) => [b.label, b.tokens.length])).toEqual([
      ['beam 2 of 2', 2],
      ['beam 1 of 2', 2],
      [null, 3],
    ]);
  });

  it('adds up the log-probabilities of a branch, and their mean per token', () => {
    // −0.1 − 0.2 − 0.3 = −0.6 over 3 tokens: −0.2 each.
    const score = sequenceScore(tokens(1, 2, 3))!;
    expect(score.logProb).toBeCloseTo(-0.6, 12);
    expect(score.meanLogProb).toBeCloseTo(-0.2, 12);
    expect(score.tokens).toBe(3);
    expect(sequenceScore([])).toBeNull();
    expect(sequenceScore([{ id: 1, modelLogProb: null }])).toBeNull();
  });
});

describe('the branch list’s words', () => {
  it('names branches by their order and what found them, and prints scores with a real minus sign', () => {
    const tree = withFound(follow([5, 6]), [{ label: 'greedy', tokens: tokens(7) }]);
    expect(branchTree(tree).map(branchName)).toEqual(['Branch 1', 'Branch 2, greedy']);
    expect(formatLogProb(-12.345)).toBe('−12.35');
    expect(describeScore(sequenceScore(tokens(1, 2, 3)), 3)).toBe(
      '3 tokens, log-probability −0.60 (mean −0.20 per token).',
    );
    expect(describeScore(null, 2)).toBe('Log-probability unknown: a forced token’s score was not at hand.');
    // Bands by the model's probability: ≥ 50%, ≥ 10%, ≥ 1%, ≥ 0.1%, below.
    expect(
      [0.9, 0.5, 0.2, 0.05, 0.005, 0.0001].map((p) => probabilityBand({ id: 0, modelLogProb: Math.log(p) })),
    ).toEqual([0, 0, 1, 2, 3, 4]);
    expect(probabilityBand({ id: 0, modelLogProb: null })).toBeNull();
  });
});

// The controller on the untrained in-page model, with a hand-made reference for every claim.
const SETTINGS: SamplingSettings = { ...SEED_SAMPLING, temperature: 1, topK: 50, topP: 0.9, seed: 7 };
let weights: GlassBoxWeights;
let pieces: string[];

beforeAll(async () => {
  weights = createWeights(POCKET_CONFIG, 0);
  pieces = vocabularyPieces(await loadMistral());
});

/** The untrained model, counting calls and checking that no two ever overlap. */
function countingEngine() {
  const inner = createGlassBoxEngine({ weights });
  const calls: string[] = [];
  let inFlight = 0;
  let overlapped = false;
  const track = async <T>(label: string, call: () => Promise<T>) => {
    calls.push(label);
    if (++inFlight > 1) overlapped = true;
    try {
      return await call();
    } finally {
      inFlight--;
    }
  };
  const engine: Engine = {
    ...inner,
    prefill: (ids) => track(`prefill ${ids.length}`, () => inner.prefill(ids)),
    step: (id) => track(`step ${id}`, () => inner.step(id)),
  };
  return { engine, calls, overlapped: () => overlapped };
}

const controllerOn = (engine: Engine, maxNewTokens = 64) =>
  createGenerationController({
    engine,
    prompt: SEED_PROMPT_IDS,
    settings: SETTINGS,
    maxNewTokens,
    decoding: decoding(pieces),
  });

const replyIds = (view: GenerationView) => view.steps.map((step) => step.id);
const flat = (view: GenerationView) => {
  const out: {
    label: string | null;
    ids: number[];
    current: boolean;
    logProb: number | null;
    key: number;
  }[] = [];
  const walk = (nodes: GenerationView['branches']) => {
    for (const node of nodes) {
      out.push({
        label: node.branch.label,
        ids: node.branch.tokens.map((t) => t.id),
        current: node.current,
        logProb: node.score?.logProb ?? null,
        key: node.branch.key,
      });
      walk(node.children);
    }
  };
  walk(view.branches);
  return out;
};

/** log p(id | prompt + context) on a fresh engine, by a plain log of the softmax. */
async function referenceLogProb(context: readonly number[], id: number): Promise<number> {
  const logits = await createGlassBoxEngine({ weights }).prefill([...SEED_PROMPT_IDS, ...context]);
  let max = -Infinity;
  for (const x of logits) max = Math.max(max, x);
  let sum = 0;
  for (const x of logits) sum += Math.exp(x - max);
  return logits[id]! - max - Math.log(sum);
}

describe('branches in the loop', () => {
  it('forcing keeps the old reply as a branch; re-opening it restores it, and the next step continues from it', async () => {
    const { engine, calls } = countingEngine();
    const controller = controllerOn(engine);
    for (let i = 0; i < 4; i++) await controller.step();
    const first = controller.view().steps;
    const alternative = first[1]!.candidates.find((candidate) => !candidate.chosen)!;
    await controller.force(1, alternative.id);
    let branches = flat(controller.view());
    expect(branches.map(({ ids, current }) => ({ ids, current }))).toEqual([
      { ids: first.map((step) => step.id), current: false },
      { ids: [first[0]!.id, alternative.id], current: true },
    ]);
    // Shared prefix: the forced branch is nested under the first, from its second token.
    const [root] = controller.view().branches;
    expect(root!.children[0]!.forkAt).toBe(1);
    // Forcing went straight from the old reply to the new: no cut-off prefix was ever a branch of its own.
    expect([root!.branch.key, root!.children[0]!.branch.key]).toEqual([0, 1]);
    expect(branchName(root!.children[0]!)).toBe('Branch 2');

    await controller.reopen(branches[0]!.key);
    let view = controller.view();
    expect(view.steps).toEqual(first);
    expect(view.text).toBe(first.map((step) => step.text).join(''));
    branches = flat(view);
    expect(branches.find((branch) => branch.current)!.ids).toEqual(first.map((step) => step.id));

    // The next step reads the re-opened reply (a prefill: the engine last read the forced one) and
    // draws from where the fourth step's draw left the generator: what an uninterrupted loop picks.
    calls.length = 0;
    const fifth = (await controller.step())!;
    expect(calls).toEqual(['prefill 24']);
    const straight = controllerOn(countingEngine().engine);
    for (let i = 0; i < 5; i++) await straight.step();
    expect(replyIds(controller.view())).toEqual(replyIds(straight.view()));
    expect(fifth.candidates).toEqual(straight.view().steps[4]!.candidates);
    view = controller.view();
    // A stale Open is a message, and changes nothing.
    await controller.reopen(99);
    expect(controller.view().error).toBe('There is no branch 99 to open; it may have been dropped.');
    expect(controller.view().steps).toEqual(view.steps);
    // The re-opened branch grew in place: still two branches.
    expect(flat(view).map((branch) => branch.ids.length)).toEqual([5, 2]);
  });

  it('rewinding keeps the old path, and each branch’s log-probability is the sum over its tokens', async () => {
    const controller = controllerOn(countingEngine().engine);
    for (let i = 0; i < 3; i++) await controller.step();
    await controller.rewind(1);
    const other = controller.view().steps[0]!.candidates.find((candidate) => !candidate.chosen)!;
    await controller.force(0, other.id);
    await controller.step();
    const branches = flat(controller.view());
    expect(branches).toHaveLength(2);
    for (const branch of branches) {
      let total = 0;
      for (const [i, id] of branch.ids.entries()) total += await referenceLogProb(branch.ids.slice(0, i), id);
      expect(branch.logProb).toBeCloseTo(total, 4);
    }
  });

  it('greedy and beam search add labelled branches from the prompt without touching the reply, and they can be re-opened', async () => {
    const { engine, calls, overlapped } = countingEngine();
    const controller = controllerOn(engine, 5);
    await controller.step();
    await controller.step();
    const reply = replyIds(controller.view());
    await controller.search({ kind: 'greedy' });
    await controller.search({ kind: 'beam', width: 2 });
    const view = controller.view();
    expect(replyIds(view)).toEqual(reply);
    expect(view.search).toBeNull();
    expect(view.searchNote).toMatch(
      /^Beam search \(width 2\) called the model \d+ times and added 2 branches, best first\.$/,
    );
    const found = flat(view).filter((branch) => branch.label !== null);
    expect(found.map((branch) => branch.label).sort()).toEqual(['beam 1 of 2', 'beam 2 of 2', 'greedy']);

    // Greedy's reply is the model's top token five times over, checked on a fresh engine.
    const greedy = found.find((branch) => branch.label === 'greedy')!;
    const reference = createGlassBoxEngine({ weights });
    let logits = await reference.prefill(SEED_PROMPT_IDS);
    const top: number[] = [];
    for (let i = 0; i < 5; i++) {
      top.push(logits.indexOf(Math.max(...logits)));
      logits = await reference.step(top.at(-1)!);
    }
    expect(greedy.ids).toEqual(top);
    for (const branch of found) {
      let total = 0;
      for (const [i, id] of branch.ids.entries()) total += await referenceLogProb(branch.ids.slice(0, i), id);
      expect(branch.logProb).toBeCloseTo(total, 4);
    }
    const [beam1, beam2] = ['beam 1 of 2', 'beam 2 of 2'].map((label) =>
      found.find((b) => b.label === label)!,
    );
    expect(beam1!.logProb!).toBeGreaterThanOrEqual(beam2!.logProb!);

    // Re-opening beam 1 makes it the reply; a step after it reads prompt + its tokens.
    await controller.reopen(beam1!.key);
    expect(replyIds(controller.view())).toEqual(beam1!.ids);
    // Its tokens say the search chose them (not the reader), with the model's own probability.
    const reopenedSteps = controller.view().steps;
    expect(reopenedSteps.every((step) => step.searchedBy === 'beam search' && !step.forced)).toBe(true);
    for (const step of reopenedSteps) expect(step.probability).toBeCloseTo(Math.exp(step.modelLogProb!), 12);
    expect(describeStep(reopenedSteps[0]!, [])).toMatch(
      /^Step 1: beam search chose “.*” \(id \d+\), the model’s probability /,
    );
    controller.setMaxNewTokens(6);
    calls.length = 0;
    await controller.step();
    expect(calls).toEqual([`prefill ${SEED_PROMPT_IDS.length + 5}`]);
    expect(overlapped()).toBe(false);
  });

  it('a search asked for during Play stops the play first and never runs beside it', async () => {
    const { engine, overlapped } = countingEngine();
    const controller = controllerOn(engine, 8);
    const playing = controller.play();
    const searching = controller.search({ kind: 'beam', width: 3 });
    await Promise.all([playing, searching]);
    const view = controller.view();
    expect(view.playing).toBe(false);
    expect(view.steps.length).toBeLessThan(8);
    expect(flat(view).filter((branch) => branch.label?.startsWith('beam'))).toHaveLength(3);
    expect(overlapped()).toBe(false);
  });

  it('a cancelled search adds nothing, says so, and the next step prefills the reply again', async () => {
    const { engine, calls } = countingEngine();
    let controller: ReturnType<typeof controllerOn> | null = null;
    const cancelling: Engine = {
      ...engine,
      step: (id) => {
        controller!.cancelSearch();
        return engine.step(id);
      },
    };
    controller = controllerOn(cancelling, 10);
    await controller.step();
    const before = flat(controller.view());
    calls.length = 0;
    await controller.search({ kind: 'greedy' });
    expect(calls).toHaveLength(2); // the prompt's prefill, then the step during which the reader cancelled
    expect(controller.view().searchNote).toBe('Greedy search cancelled after 2 tokens; it added no branch.');
    expect(flat(controller.view())).toEqual(before);
    calls.length = 0;
    await controller.step();
    expect(calls).toEqual([`prefill ${SEED_PROMPT_IDS.length + 1}`]);
  });
});
