"""
The instruction fine-tune's data: conversations in Mistral's chat template,
tokenized by the site's own template code (training/sft/build.ts writes
training/out/sft-data/sft.json: for each conversation its ids and, for each id,
whether the loss counts it, which is true only inside the assistant's
replies and their closing </s>).
"""
import json

import numpy as np

# `[`, `INST`, `]` and `/` as Mistral's template writes them around a user turn (see DESIGN.md's facts).
TEMPLATE_IDS = (1, 2, 733, 16289, 28793, 28748)


def template_ids():
    return TEMPLATE_IDS


class SftData:
    def __init__(self, conversations):
        self.conversations = conversations

    def batch(self, step, size, seed):
        """`size` conversations drawn with a generator seeded by (seed, step), padded with </s> to the longest; mask False on padding."""
        rng = np.random.default_rng([seed, step, 7])
        picks = [self.conversations[i] for i in rng.integers(0, len(self.conversations), size=size)]
        n = max(len(c['ids']) for c in picks)
        ids = np.full((size, n), 2, dtype=np.int64)
        mask = np.zeros((size, n), dtype=bool)
        for row, c in enumerate(picks):
            ids[row, : len(c['ids'])] = c['ids']
            mask[row, : len(c['mask'])] = c['mask']
        return ids, mask


def load(path):
    return SftData(json.loads(open(path).read())['conversations'])
