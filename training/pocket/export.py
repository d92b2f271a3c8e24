"""
Exports a trained pocket model for the site:

  public/models/pocket/model.safetensors   int8 weights with a float32 scale per row, float32 norms,
                                           and the ids that have rows of their own (uint16)
  public/models/pocket/config.json         the architecture (Hugging Face keys) and the vocabulary rows
  tests/unit/fixtures/pocket-reference.json  PyTorch's logits for a few prompts, for the TypeScript forward pass

  /usr/bin/python3 training/pocket/export.py training/out/sft/final.pt [--report training/out/report.json]

Quantisation: every row of every matrix is scaled so its largest magnitude
is 127 and rounded (symmetric int8, one float32 scale per output row). The
fixture holds two sets of logits: from the dequantised weights (what the site
computes; the TypeScript model must match them to float32 rounding) and from
the original float32 weights (how much the int8 rounding moves them).
"""
import argparse
import json
import pathlib
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from pocket.data import VOCAB, Rows  # noqa: E402
from pocket.model import PocketModel  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / 'public/models/pocket'
FIXTURE = ROOT / 'tests/unit/fixtures/pocket-reference.json'
# Windows of each held-out source that the bench scores in TypeScript (PyTorch's figures: the fixture, and training/out/export.json).
SUBSET_WINDOWS = 8
# Prompts the fixture scores, as the site's tokenizer encodes them (ids, <s> first).
PROMPTS = {
    'seed question through the chat template': [1, 733, 16289, 28793, 2418, 368, 3324, 396, 4927, 20400, 767, 396, 16704, 28755, 349, 28804, 733, 28748, 16289, 28793],
    'The man walked into the': [1, 415, 676, 5610, 778, 272],
    'I would like to': [1, 315, 682, 737, 298],
    'It is a truth universally acknowledged': [1, 661, 349, 264, 5307, 5137, 578, 23253],
    '你好 🙂 <b> (rare ids)': [1, 28705, 29383, 29530, 28705, 29340, 523, 28726, 28767],
    '<s> alone': [1],
}


def quantise(weight):
    w = weight.detach().double()
    scale = w.abs().amax(dim=1).clamp(min=1e-12) / 127
    q = torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8)
    return q, scale.float()


def write_safetensors(path, tensors, metadata):
    """tensors: name -> numpy array (int8, uint16 or float32). The format: 8-byte header size, JSON header, raw little-endian data."""
    dtypes = {np.dtype('int8'): 'I8', np.dtype('uint16'): 'U16', np.dtype('float32'): 'F32'}
    header, blobs, offset = {'__metadata__': metadata}, [], 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name])
        blob = array.astype(array.dtype.newbyteorder('<')).tobytes()
        header[name] = {'dtype': dtypes[array.dtype], 'shape': list(array.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)  # align the data to 8 bytes
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


@torch.no_grad()
def full_logits(model, rows, ids):
    """The 32,000 logits after the last id, float64: every unused id gets the shared row's score (without the log-count term)."""
    x = rows.to_rows(np.array([ids]))
    h = model.hidden(x)[0, -1]
    row_scores = h @ model.head_weight().t()
    return row_scores[torch.from_numpy(rows.id_to_row)].numpy()


def main():
    p = argparse.ArgumentParser()
    p.add_argument('checkpoint')
    p.add_argument('--report', default=None, help='training report JSON to copy into the config')
    args = p.parse_args()
    state = torch.load(ROOT / args.checkpoint, map_location='cpu')
    config = state['config']
    rows = Rows(state['used_ids'])
    model = PocketModel(config, rows.count, rows.unused)
    model.load_state_dict(state['model'])
    model.eval()

    tensors = {}
    dequantised = {}
    for name, p_ in model.state_dict().items():
        if name in ('row_bias', 'cos', 'sin', 'mask'):
            continue
        full = f'model.{name}' if not name.startswith('lm_head') else name
        if p_.dim() == 2:
            q, scale = quantise(p_)
            tensors[full] = q.numpy()
            tensors[full.replace('.weight', '.scale')] = scale.numpy()
            dequantised[name] = q.double() * scale.double()[:, None]
        else:
            tensors[full] = p_.float().numpy()
            dequantised[name] = p_.double()
    tensors['vocab.used_ids'] = rows.used.astype(np.uint16)
    OUT.mkdir(parents=True, exist_ok=True)
    metadata = {'format': 'pocket-int8-rows-v1', 'step': str(state['step']), 'tokens': str(state['tokens'])}
    write_safetensors(OUT / 'model.safetensors', tensors, metadata)

    site_config = {**config, 'vocab_rows': rows.count, 'unused_ids': rows.unused, 'quantisation': 'int8, one float32 scale per row'}
    if args.report:
        site_config['training'] = json.loads((ROOT / args.report).read_text())['summary']
    (OUT / 'config.json').write_text(json.dumps(site_config, indent=2) + '\n')

    original = {k: v.double() for k, v in model.state_dict().items()}
    fixture = {'checkpoint': args.checkpoint, 'step': state['step'], 'prompts': []}
    for label, ids in PROMPTS.items():
        model.double().load_state_dict({**original, **dequantised}, strict=False)
        quant = full_logits(model, rows, ids)
        model.load_state_dict(original, strict=False)
        exact = full_logits(model, rows, ids)
        top = np.argsort(-quant, kind='stable')[:10]
        fixture['prompts'].append({
            'label': label,
            'ids': ids,
            'top': [{'id': int(i), 'logit': float(quant[i])} for i in top],
            'logitsAt': {str(i): float(quant[i]) for i in sorted({0, 1, 2, 13, 22143, 31999, int(top[0])})},
            'maxQuantisationShift': float(np.abs(quant - exact).max()),
            'topUnquantised': [int(i) for i in np.argsort(-exact, kind='stable')[:10]],
        })
    FIXTURE.write_text(json.dumps(fixture, indent=1) + '\n')

    # The held-out subset the bench scores with the TypeScript forward pass: PyTorch's figure on the same
    # windows, with the int8 weights the site runs (and, to measure what int8 costs, with the float32 ones).
    from pocket.data import HELDOUT, eval_windows, read_ids  # noqa: E402

    def subset_perplexity(weights):
        model.double().load_state_dict(weights, strict=False)
        result = {}
        for path in sorted(HELDOUT.glob('*.u16')):
            windows = eval_windows(read_ids(path), config['max_position_embeddings'])[:SUBSET_WINDOWS]
            total, count = 0.0, 0
            with torch.no_grad():
                for w in windows:
                    x = rows.to_rows(w[None, :-1])
                    logits = model.hidden(x)[0] @ model.head_weight().t() + model.row_bias
                    loss = torch.nn.functional.cross_entropy(logits, rows.to_rows(w[1:]), reduction='none')
                    loss = loss + rows.extra_loss(w[1:])
                    total += loss.sum().item()
                    count += loss.numel()
            result[path.stem] = {'windows': len(windows), 'tokens': count, 'perplexity': float(np.exp(total / count))}
        return result

    subset = subset_perplexity({**original, **dequantised})
    unquantised = subset_perplexity(original)
    for name, entry in subset.items():
        entry['unquantised'] = unquantised[name]['perplexity']
    fixture['heldoutSubset'] = subset
    FIXTURE.write_text(json.dumps(fixture, indent=1) + '\n')
    (ROOT / 'training/out/export.json').write_text(json.dumps({'heldoutSubset': subset}, indent=1))
    size = (OUT / 'model.safetensors').stat().st_size
    print(f'wrote {OUT / "model.safetensors"} ({size:,} bytes), config.json and {FIXTURE.name}')
    for entry in fixture['prompts']:
        print(f"  {entry['label']}: top {[t['id'] for t in entry['top'][:5]]}, int8 moves logits by at most {entry['maxQuantisationShift']:.4f}")


if __name__ == '__main__':
    main()
