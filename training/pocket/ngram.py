"""
The baselines the pocket model is measured against: unigram (add-one),
bigram and trigram language models with interpolated Kneser-Ney smoothing,
counted on exactly the pocket model's training streams and scored on exactly
its held-out positions (windows of max_position_embeddings + 1 ids, the
history never reaching outside its window), over the full 32,000-id
vocabulary.

  /usr/bin/python3 training/pocket/ngram.py      # writes training/out/ngram.json

Kneser-Ney (Chen & Goodman 1998, "interpolated Kneser-Ney"): the highest
order uses counts, the lower orders continuation counts (in how many
distinct contexts a word follows), each order subtracts a discount
D = n1 / (n1 + 2 n2) from every seen count and gives the saved mass to the
next order down, and the lowest order is interpolated with the uniform
distribution, so every id has a probability.
"""
import json
import math
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from pocket.data import VOCAB, eval_windows, load_streams  # noqa: E402
from pocket.model import load_config  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
V = VOCAB


class Table:
    """Counts of integer keys, looked up many at a time."""

    def __init__(self, keys):
        self.keys, self.counts = np.unique(keys, return_counts=True)

    def get(self, keys):
        at = np.searchsorted(self.keys, keys)
        at = np.minimum(at, len(self.keys) - 1)
        return np.where(self.keys[at] == keys, self.counts[at], 0)

    def discount(self):
        n1 = (self.counts == 1).sum()
        n2 = (self.counts == 2).sum()
        return n1 / (n1 + 2 * n2)


def context_table(pair_keys, pair_values, divide):
    """For keys ctx * V + w: per context, the sum of values and the number of distinct w (N1+(ctx •))."""
    contexts = pair_keys // divide
    unique, inverse = np.unique(contexts, return_inverse=True)
    sums = np.bincount(inverse, weights=pair_values)
    types = np.bincount(inverse)
    return unique, sums, types


def lookup(unique, values, keys):
    at = np.minimum(np.searchsorted(unique, keys), len(unique) - 1)
    found = unique[at] == keys
    return np.where(found, values[at], 0)


class KneserNey:
    def __init__(self, streams, order):
        self.order = order
        # Streams are concatenated with a gap, so no n-gram spans two sources.
        ids = np.concatenate([np.concatenate([s, [-1, -1]]) for s in streams]).astype(np.int64)
        a, b, c = ids[:-2], ids[1:-1], ids[2:]
        ok2 = (a >= 0) & (b >= 0)
        ok3 = ok2 & (c >= 0)
        bigrams = Table(a[ok2] * V + b[ok2])
        trigrams = Table((a[ok3] * V + b[ok3]) * V + c[ok3])
        self.bigram_counts = bigrams
        self.trigram_counts = trigrams
        # Continuation counts: N1+(• w) for the unigram level, N1+(• v w) for the bigram level.
        uni_cont = np.bincount(bigrams.keys % V, minlength=V).astype(np.float64)
        n1, n2 = (uni_cont == 1).sum(), (uni_cont == 2).sum()
        d1 = n1 / (n1 + 2 * n2)
        total = uni_cont.sum()
        types = (uni_cont > 0).sum()
        self.p1 = np.maximum(uni_cont - d1, 0) / total + d1 * types / total / V
        self.unigram_ml = (np.bincount(ids[ids >= 0], minlength=V) + 1) / ((ids >= 0).sum() + V)
        if order == 2:
            # Highest order: raw bigram counts.
            self.d2 = bigrams.discount()
            self.b_keys, self.b_vals = bigrams.keys, bigrams.counts.astype(np.float64)
        else:
            mid = Table(trigrams.keys % (V * V))  # N1+(• v w): distinct u per (v, w)
            self.d2 = mid.discount()
            self.b_keys, self.b_vals = mid.keys, mid.counts.astype(np.float64)
            self.d3 = trigrams.discount()
            self.t_keys, self.t_vals = trigrams.keys, trigrams.counts.astype(np.float64)
            self.t_ctx, self.t_ctx_sum, self.t_ctx_types = context_table(self.t_keys, self.t_vals, V)
        self.b_ctx, self.b_ctx_sum, self.b_ctx_types = context_table(self.b_keys, self.b_vals, V)

    def p2(self, v, w):
        count = lookup(self.b_keys, self.b_vals, v * V + w)
        ctx_sum = lookup(self.b_ctx, self.b_ctx_sum, v)
        ctx_types = lookup(self.b_ctx, self.b_ctx_types, v)
        lower = self.p1[w]
        safe = np.maximum(ctx_sum, 1)
        mixed = np.maximum(count - self.d2, 0) / safe + self.d2 * ctx_types / safe * lower
        return np.where(ctx_sum > 0, mixed, lower)

    def p3(self, u, v, w):
        lower = self.p2(v, w)
        ctx = u * V + v
        count = lookup(self.t_keys, self.t_vals, ctx * V + w)
        ctx_sum = lookup(self.t_ctx, self.t_ctx_sum, ctx)
        ctx_types = lookup(self.t_ctx, self.t_ctx_types, ctx)
        safe = np.maximum(ctx_sum, 1)
        mixed = np.maximum(count - self.d3, 0) / safe + self.d3 * ctx_types / safe * lower
        return np.where((ctx_sum > 0) & (u >= 0), mixed, lower)


def positions(stream, length):
    """(u, v, w) for every scored position of the held-out stream; u = -1 where the window has no second token of history."""
    us, vs, ws = [], [], []
    for window in eval_windows(stream, length):
        w = window[1:]
        v = window[:-1]
        u = np.concatenate([[-1], window[:-2]])
        us.append(u), vs.append(v), ws.append(w)
    return np.concatenate(us), np.concatenate(vs), np.concatenate(ws)


def main():
    length = load_config()['max_position_embeddings']
    train, heldout, _ = load_streams()
    streams = [train[name] for name in sorted(train)]
    tri = KneserNey(streams, 3)
    bi = KneserNey(streams, 2)
    result = {'method': 'interpolated Kneser-Ney; unigram add-one', 'train_tokens': int(sum(len(s) for s in streams)), 'sources': {}}
    for name, stream in heldout.items():
        u, v, w = positions(stream, length)
        nats = {
            'unigram': float(-np.log(tri.unigram_ml[w]).mean()),
            'bigram': float(-np.log(bi.p2(v, w)).mean()),
            'trigram': float(-np.log(tri.p3(u, v, w)).mean()),
        }
        result['sources'][name] = {'tokens': int(len(w)), **{k: {'nats': round(x, 4), 'perplexity': round(math.exp(x), 2)} for k, x in nats.items()}}
        print(name, len(w), {k: round(math.exp(x), 1) for k, x in nats.items()}, flush=True)
    out = ROOT / 'training/out/ngram.json'
    out.write_text(json.dumps(result, indent=2))
    print('wrote', out)


if __name__ == '__main__':
    main()
