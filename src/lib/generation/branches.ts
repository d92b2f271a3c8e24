/**
 * The replies tried on one prompt, kept as branches instead of being thrown
 * away: forcing a token or going back to an earlier step starts a new branch
 * and keeps the old path, and greedy and beam search add theirs, labelled.
 * Replies share prefixes, so the branches form a tree; `branchTree` nests
 * each one under the earlier branch it shares the longest start with.
 *
 * Pure and generic over the token record (the loop keeps its StepRecords, a
 * test plain objects), like state.ts: every change returns a new tree.
 *
 * The rules, in the order `withCurrent` applies them to the loop's reply:
 * - An empty reply is no branch (nothing is current).
 * - A reply whose ids equal a kept branch's makes that branch current again.
 * - A reply that extends the current branch grows it in place (stepping),
 *   unless that branch was found by a search: its result stays as found, and
 *   the longer reply is a new branch.
 * - Anything else (a forced token, a rewind, a re-sampled token) is a new
 *   branch; the old one stays.
 * - A branch of the loop's that is a prefix of another (a path rewound and
 *   stepped back the same way) adds nothing and is dropped, unless current.
 */

/** What a branch needs of a token: its id and its log-probability under the model (null if unknown). */
export interface BranchToken {
  readonly id: number;
  readonly modelLogProb: number | null;
}

export interface Branch<T extends BranchToken> {
  /** Stable while the branch is kept: a key for the page and for `reopened`. */
  readonly key: number;
  /** Who found it: null for the loop (sampled, forced, rewound), else "greedy" or "beam 1 of 3". */
  readonly label: string | null;
  readonly tokens: readonly T[];
}

export interface Branches<T extends BranchToken> {
  readonly branches: readonly Branch<T>[];
  /** The branch the loop's reply is, or null while the reply is empty. */
  readonly current: number | null;
  readonly nextKey: number;
}

/** The most branches kept; past it the oldest that is not current goes (a reader re-sampling on every keystroke makes many). */
export const MAX_BRANCHES = 24;

export const NO_BRANCHES: Branches<never> = Object.freeze({ branches: [], current: null, nextKey: 0 });

export function emptyBranches<T extends BranchToken>(): Branches<T> {
  return NO_BRANCHES;
}

const sameIds = (a: readonly BranchToken[], b: readonly BranchToken[]) =>
  a.length === b.length && a.every((token, i) => token.id === b[i]!.id);

/** Whether `a`'s ids start `b`'s (or equal them). */
const isPrefix = (a: readonly BranchToken[], b: readonly BranchToken[]) =>
  a.length <= b.length && a.every((token, i) => token.id === b[i]!.id);

/** How many leading ids `a` and `b` share. */
export function sharedLength(a: readonly BranchToken[], b: readonly BranchToken[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n]!.id === b[n]!.id) n++;
  return n;
}

/** Drops the loop's branches that other branches contain, then the oldest past MAX_BRANCHES. */
function pruned<T extends BranchToken>(tree: Branches<T>): Branches<T> {
  const kept = tree.branches.filter(
    (branch) =>
      branch.key === tree.current ||
      branch.label !== null ||
      !tree.branches.some(
        (other) =>
          other.key !== branch.key &&
          isPrefix(branch.tokens, other.tokens) &&
          // Of two equal paths, the earlier stays.
          (other.tokens.length > branch.tokens.length || other.key < branch.key),
      ),
  );
  while (kept.length > MAX_BRANCHES) kept.splice(kept[0]!.key === tree.current ? 1 : 0, 1);
  return { ...tree, branches: kept };
}

/** The loop's reply is now `tokens`: the tree follows it by the rules at the top of this file. */
export function withCurrent<T extends BranchToken>(tree: Branches<T>, tokens: readonly T[]): Branches<T> {
  if (tokens.length === 0) return tree.current === null ? tree : pruned({ ...tree, current: null });
  const replaced = (key: number): Branches<T> =>
    pruned({
      ...tree,
      current: key,
      branches: tree.branches.map((branch) =>
        branch.key === key && branch.label === null ? { ...branch, tokens: [...tokens] } : branch,
      ),
    });
  const current = tree.branches.find((branch) => branch.key === tree.current);
  if (current && sameIds(current.tokens, tokens)) return replaced(current.key);
  const same = tree.branches.find((branch) => sameIds(branch.tokens, tokens));
  if (same) return replaced(same.key);
  if (current && current.label === null && isPrefix(current.tokens, tokens)) return replaced(current.key);
  const added: Branch<T> = { key: tree.nextKey, label: null, tokens: [...tokens] };
  return pruned({ branches: [...tree.branches, added], current: added.key, nextKey: tree.nextKey + 1 });
}

/**
 * Adds replies found by a search, each with its label. A reply already kept
 * (same ids) takes the new label and keeps its records; nothing else changes,
 * and the current branch stays current.
 */
export function withFound<T extends BranchToken>(
  tree: Branches<T>,
  found: readonly { label: string; tokens: readonly T[] }[],
): Branches<T> {
  let next = tree;
  for (const { label, tokens } of found) {
    if (tokens.length === 0) continue;
    const same = next.branches.find((branch) => sameIds(branch.tokens, tokens));
    next = same
      ? { ...next, branches: next.branches.map((b) => (b === same ? { ...b, label } : b)) }
      : {
          ...next,
          branches: [...next.branches, { key: next.nextKey, label, tokens: [...tokens] }],
          nextKey: next.nextKey + 1,
        };
  }
  return pruned(next);
}

/** The branch with `key`, or an error naming it (a stale button on the page). */
export function branchOf<T extends BranchToken>(tree: Branches<T>, key: number): Branch<T> {
  const branch = tree.branches.find((b) => b.key === key);
  if (!branch) throw new Error(`There is no branch ${key} to open; it may have been dropped.`);
  return branch;
}

export interface SequenceScore {
  /** Sum of the tokens' log-probabilities (natural log): the reply's log-probability given the prompt. */
  readonly logProb: number;
  /** logProb divided by the number of tokens: comparable between replies of different lengths. */
  readonly meanLogProb: number;
  readonly tokens: number;
}

/** The sequence log-probability of `tokens`; null when empty or when a token's is unknown. */
export function sequenceScore(tokens: readonly BranchToken[]): SequenceScore | null {
  if (tokens.length === 0) return null;
  let logProb = 0;
  for (const token of tokens) {
    if (token.modelLogProb === null) return null;
    logProb += token.modelLogProb;
  }
  return { logProb, meanLogProb: logProb / tokens.length, tokens: tokens.length };
}

export interface BranchNode<T extends BranchToken> {
  readonly branch: Branch<T>;
  /** 1 for the oldest branch kept, 2 for the next: what the page calls it ("Branch 2"). */
  readonly number: number;
  /** Tokens shared with the parent branch (0 for a root): the branch's own tokens start here. */
  readonly forkAt: number;
  readonly current: boolean;
  readonly score: SequenceScore | null;
  readonly children: readonly BranchNode<T>[];
}

/**
 * The branches as a tree: each under the earlier branch (lower key) it shares
 * the most leading tokens with, at least one; a branch that shares none with
 * any earlier one is a root. Parents are always earlier, so there are no
 * cycles, and the order of siblings is the order they were made.
 */
export function branchTree<T extends BranchToken>(tree: Branches<T>): BranchNode<T>[] {
  const parents = new Map<number, { parent: number | null; forkAt: number }>();
  const ordered = [...tree.branches].sort((a, b) => a.key - b.key);
  for (const [i, branch] of ordered.entries()) {
    let parent: number | null = null;
    let forkAt = 0;
    for (const earlier of ordered.slice(0, i)) {
      const shared = sharedLength(earlier.tokens, branch.tokens);
      if (shared > forkAt) [parent, forkAt] = [earlier.key, shared];
    }
    parents.set(branch.key, { parent, forkAt });
  }
  const build = (parent: number | null): BranchNode<T>[] =>
    ordered
      .filter((branch) => parents.get(branch.key)!.parent === parent)
      .map((branch) => ({
        branch,
        number: ordered.indexOf(branch) + 1,
        forkAt: parents.get(branch.key)!.forkAt,
        current: branch.key === tree.current,
        score: sequenceScore(branch.tokens),
        children: build(branch.key),
      }));
  return build(null);
}
