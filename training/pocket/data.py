"""
Token files and the vocabulary's rows.

Pre-training data: `training/out/corpus/<source>.train.u16` (written by
training/corpus/build.ts) and `training/heldout/<source>.u16`. A training
batch draws windows from the sources with probability proportional to
weight x tokens; the windows of step s come from a generator seeded with
(seed, s), so a resumed run sees exactly the batches it would have seen.
"""
import json
import math
import pathlib

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / 'training/out/corpus'
HELDOUT = ROOT / 'training/heldout'
VOCAB = 32000
# <unk>, <s>, </s> and the 256 byte-fallback tokens always get rows: a reader's text may contain any byte.
ALWAYS = range(0, 259)


def read_ids(path):
    return np.fromfile(path, dtype='<u2').astype(np.int64)


def load_manifest():
    return json.loads((CORPUS / 'manifest.json').read_text())


def load_streams():
    manifest = load_manifest()
    train = {s['name']: read_ids(CORPUS / f"{s['name']}.train.u16") for s in manifest['sources']}
    heldout = {s['name']: read_ids(HELDOUT / f"{s['name']}.u16") for s in manifest['sources']}
    weights = {s['name']: s['weight'] for s in manifest['sources']}
    return train, heldout, weights


class Rows:
    """Which ids have a row of their own; every other id shares the last row."""

    def __init__(self, used_ids):
        self.used = np.array(sorted(set(int(i) for i in used_ids)), dtype=np.int64)
        self.unused = VOCAB - len(self.used)
        self.count = len(self.used) + 1
        self.id_to_row = np.full(VOCAB, len(self.used), dtype=np.int64)
        self.id_to_row[self.used] = np.arange(len(self.used))
        self.is_used = np.zeros(VOCAB, dtype=bool)
        self.is_used[self.used] = True

    @classmethod
    def from_streams(cls, streams, extra=()):
        used = set(ALWAYS) | set(extra)
        for ids in streams:
            used |= set(np.unique(ids).tolist())
        return cls(used)

    def to_rows(self, ids):
        return torch.from_numpy(self.id_to_row[ids])

    def extra_loss(self, ids):
        """log(U) for targets that share the last row: its score stands for U ids at once."""
        return torch.from_numpy(np.where(self.is_used[ids], 0.0, math.log(max(self.unused, 1))))


class Sampler:
    def __init__(self, streams, weights, length, seed):
        self.names = sorted(streams)
        self.streams = [streams[n] for n in self.names]
        mass = np.array([weights[n] * len(streams[n]) for n in self.names], dtype=np.float64)
        self.p = mass / mass.sum()
        self.length = length
        self.seed = seed

    def batch(self, step, size):
        rng = np.random.default_rng([self.seed, step])
        sources = rng.choice(len(self.streams), size=size, p=self.p)
        windows = []
        for s in sources:
            stream = self.streams[s]
            start = rng.integers(0, len(stream) - self.length - 1)
            windows.append(stream[start : start + self.length + 1])
        return np.stack(windows)


def eval_windows(stream, length):
    """Non-overlapping windows of length + 1 ids (the last may be shorter): inputs w[:-1], targets w[1:]."""
    return [stream[i : i + length + 1] for i in range(0, len(stream) - 1, length) if len(stream[i : i + length + 1]) >= 2]
