/**
 * Partial selection: the best tokens out of 32,000 without sorting all
 * 32,000 (a full sort costs about 6 ms in Node here, the whole pipeline step
 * about 0.4; see scripts/bench/sampling.ts). Top-k, top-p and the candidate
 * table all ask one question, "the shortest run from the top of the ranking
 * that reaches a target" (a count, or a probability mass), answered three ways
 * for three sizes of answer:
 * - `topIds`: a bounded heap, one pass, for a few dozen tokens (the table, a usual top-k);
 * - `selectBest`: a three-way quickselect that also adds up weights, for a large k;
 * - `selectByMass`: score buckets, for top-p over the whole vocabulary.
 * Property tests hold each to a full sort.
 *
 * Tie rule, used everywhere in the sampler: when equal scores straddle the
 * boundary, the lower token id wins (it ranks first).
 */

/** Swaps two entries of an id buffer. */
function swap(ids: Uint32Array, a: number, b: number): void {
  const t = ids[a]!;
  ids[a] = ids[b]!;
  ids[b] = t;
}

/** The middle value of three, a pivot that resists sorted and reverse-sorted input. */
function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

/**
 * The smallest set of ids, best `score` first (ties: lower id first), whose
 * weights add up to at least `target`. `weight` null counts each id as 1, so
 * `target` k gives exactly the top k. If all of `ids` together fall short of
 * the target (a rounding hair below it), all of them are returned.
 *
 * `ids` is reordered in place; the answer is a prefix of it, in no particular
 * order (the caller sorts it if it shows it).
 */
export function selectBest(
  ids: Uint32Array,
  score: ArrayLike<number>,
  weight: ArrayLike<number> | null,
  target: number,
): Uint32Array {
  let lo = 0;
  let hi = ids.length;
  let reached = 0;
  while (lo < hi) {
    const pivot = medianOfThree(score[ids[lo]!]!, score[ids[(lo + hi) >>> 1]!]!, score[ids[hi - 1]!]!);
    // Dutch national flag: [lo, lt) above the pivot, [lt, i) equal to it, [gt, hi) below it.
    let lt = lo;
    let i = lo;
    let gt = hi;
    let above = 0;
    let equal = 0;
    while (i < gt) {
      const id = ids[i]!;
      const s = score[id]!;
      if (s > pivot) {
        above += weight ? weight[id]! : 1;
        swap(ids, lt++, i++);
      } else if (s < pivot) swap(ids, i, --gt);
      else {
        equal += weight ? weight[id]! : 1;
        i++;
      }
    }
    if (reached + above >= target) {
      hi = lt; // the answer lies among the ids above the pivot
    } else if (reached + above + equal >= target) {
      // The boundary falls inside the tie: take tied ids from the lowest up.
      reached += above;
      const tied = ids.subarray(lt, gt).sort();
      let end = 0;
      while (reached < target && end < tied.length) {
        reached += weight ? weight[tied[end]!]! : 1;
        end++;
      }
      return ids.subarray(0, lt + end);
    } else {
      reached += above + equal;
      lo = gt; // everything above and equal is in; look further down
    }
  }
  return ids.subarray(0, lo);
}

/**
 * The `count` best ids by score (ties: lower id first), in that order. For a
 * small count (the candidate table, a usual top-k) one pass with a bounded
 * heap: most of the 32,000 scores cost a single comparison against the worst
 * one kept so far. For a large count, the quickselect above, then a sort of
 * just the selection.
 */
export function topIds(score: Float32Array, count: number): Uint32Array {
  const n = score.length;
  const k = Math.max(0, Math.min(count, n));
  if (k * 8 > n) return sortByScore(selectBest(allIds(n), score, null, k).slice(), score);
  // A min-heap of the best k seen so far, its worst at the root. Ids arrive in increasing order, so a later id
  // with a score equal to the worst kept loses the tie and can be skipped with the same comparison.
  const heapIds = new Uint32Array(k);
  const heapScores = new Float64Array(k);
  let size = 0;
  const worse = (a: number, b: number) =>
    heapScores[a]! < heapScores[b]! || (heapScores[a] === heapScores[b] && heapIds[a]! > heapIds[b]!);
  const place = (slot: number, id: number, value: number) => {
    heapIds[slot] = id;
    heapScores[slot] = value;
  };
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(i, parent)) return;
      swapSlots(heapIds, heapScores, i, parent);
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && worse(right, left) ? right : left;
      if (!worse(child, i)) return;
      swapSlots(heapIds, heapScores, i, child);
      i = child;
    }
  };
  for (let id = 0; id < n; id++) {
    const value = score[id]!;
    if (size < k) {
      place(size, id, value);
      siftUp(size++);
    } else if (k > 0 && value > heapScores[0]!) {
      place(0, id, value);
      siftDown(0);
    }
  }
  return sortByScore(heapIds, score);
}

function swapSlots(ids: Uint32Array, scores: Float64Array, a: number, b: number): void {
  const id = ids[a]!;
  ids[a] = ids[b]!;
  ids[b] = id;
  const value = scores[a]!;
  scores[a] = scores[b]!;
  scores[b] = value;
}

/** Buckets for `selectByMass`: enough that the boundary bucket holds few ids, few enough to walk at once. */
const BUCKETS = 1024;

/**
 * Top-p's question over the whole vocabulary: the shortest run from the top
 * of the ranking (score descending, ties by lower id) whose `mass` adds up to
 * `target`. Same answer as `selectBest(allIds(n), score, mass, target)`, but
 * in two passes with no partitioning: bucket every id by its score (the
 * buckets keep the ranking's order), add up the buckets from the top until
 * the target falls inside one, then sort only that bucket. A flat
 * distribution, where top-p keeps thousands of tokens, costs the same as a
 * peaked one. Ids whose score is -Infinity carry no mass and are never taken.
 */
export function selectByMass(score: Float32Array, mass: Float64Array, target: number): Uint32Array {
  const n = score.length;
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const s = score[i]!;
    if (s === -Infinity) continue;
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const scale = max > min ? (BUCKETS - 1) / (max - min) : 0;
  const bucketOf = new Uint16Array(n);
  const bucketMass = new Float64Array(BUCKETS + 1); // the last bucket holds the masked ids
  for (let i = 0; i < n; i++) {
    const s = score[i]!;
    const bucket = s === -Infinity ? BUCKETS : Math.floor((max - s) * scale);
    bucketOf[i] = bucket;
    bucketMass[bucket]! += mass[i]!;
  }
  let reached = 0;
  let boundary = 0;
  while (boundary < BUCKETS && reached + bucketMass[boundary]! < target) reached += bucketMass[boundary++]!;
  if (boundary === BUCKETS) {
    // A rounding hair short of the target: every id with a score is taken.
    const all: number[] = [];
    for (let i = 0; i < n; i++) if (bucketOf[i]! < BUCKETS) all.push(i);
    return Uint32Array.from(all);
  }
  const taken: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    const bucket = bucketOf[i]!;
    if (bucket < boundary) taken.push(i);
    else if (bucket === boundary) tied.push(i);
  }
  tied.sort((a, b) => score[b]! - score[a]! || a - b);
  for (let k = 0; k < tied.length && reached < target; k++) {
    reached += mass[tied[k]!]!;
    taken.push(tied[k]!);
  }
  return Uint32Array.from(taken);
}

/** Ids in display order: best score first, ties by lower id. Sorts in place and returns the same array. */
export function sortByScore(ids: Uint32Array, score: ArrayLike<number>): Uint32Array {
  return ids.sort((a, b) => score[b]! - score[a]! || a - b);
}

/** All ids 0..n-1, a fresh buffer for `selectBest` to reorder. */
export function allIds(n: number): Uint32Array {
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return ids;
}
