"""
Trains the pocket model: pre-training on the corpus, then (with --sft) the
instruction fine-tune. Seeded, resumable, logging one JSON object a line.

  /usr/bin/python3 training/pocket/train.py --run pretrain --minutes 180
  /usr/bin/python3 training/pocket/train.py --run pretrain --decay-start 12000 --decay-steps 2000 --steps 14000
  /usr/bin/python3 training/pocket/train.py --run sft --init training/out/pretrain/final.pt --sft training/out/sft-data/sft.json

Everything a run writes is in training/out/<run>/: log.jsonl, ckpt.pt (the
latest state: model, optimiser, step), final.pt when it ends. Rerunning the
same command resumes from ckpt.pt. See training/README.md.
"""
import argparse
import json
import math
import os
import pathlib
import sys
import time

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from pocket.data import Rows, Sampler, eval_windows, load_streams  # noqa: E402
from pocket.model import PocketModel, load_config  # noqa: E402
from pocket import sft as sft_data  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run', required=True, help='name of the run folder under training/out/')
    p.add_argument('--seed', type=int, default=1234)
    p.add_argument('--batch', type=int, default=32, help='windows per step')
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--min-lr', type=float, default=0.0, help='learning rate at the end of the decay')
    p.add_argument('--warmup', type=int, default=300)
    p.add_argument('--steps', type=int, default=100000, help='stop after this many steps')
    p.add_argument('--minutes', type=float, default=None, help='stop after this many minutes of this process')
    p.add_argument('--decay-start', type=int, default=None, help='step where the learning rate starts its linear decay')
    p.add_argument('--decay-steps', type=int, default=0)
    p.add_argument('--weight-decay', type=float, default=0.1)
    p.add_argument('--eval-every', type=int, default=500)
    p.add_argument('--save-every', type=int, default=250)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--device', default='cpu', help="'cpu' or 'cuda'")
    p.add_argument('--no-bf16', action='store_true', help='compute in float32 (bf16 autocast is the default)')
    p.add_argument('--init', default=None, help='start from these weights (a final.pt) instead of from scratch')
    p.add_argument('--sft', default=None, help='instruction data (training/out/sft-data/sft.json): fine-tune on it')
    p.add_argument('--sft-mix', type=float, default=0.25, help='share of each fine-tune batch drawn from the corpus')
    return p.parse_args()


def learning_rate(args, step):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    if args.decay_start is not None and step >= args.decay_start:
        done = min(1.0, (step - args.decay_start) / max(1, args.decay_steps))
        return args.lr + (args.min_lr - args.lr) * done
    return args.lr


@torch.no_grad()
def evaluate(model, rows, heldout, length, device, autocast):
    """Held-out cross-entropy per source, in nats per token, over the full 32,000-id vocabulary."""
    model.eval()
    result = {}
    for name, stream in heldout.items():
        total, count = 0.0, 0
        windows = eval_windows(stream, length)
        full = [w for w in windows if len(w) == length + 1]
        groups = [full[i : i + 32] for i in range(0, len(full), 32)] + [[w] for w in windows if len(w) < length + 1]
        for group in groups:
            ids = np.stack(group)
            x = rows.to_rows(ids[:, :-1]).to(device)
            y = rows.to_rows(ids[:, 1:]).to(device)
            with autocast():
                h = model.hidden(x)
            logits = model.row_logits(h.float()).float()
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction='none')
            loss = loss.cpu() + rows.extra_loss(ids[:, 1:]).reshape(-1)
            total += loss.sum().item()
            count += loss.numel()
        result[name] = total / count
    model.train()
    return result


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    use_bf16 = not args.no_bf16
    autocast = lambda: torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16)  # noqa: E731

    out = ROOT / 'training/out' / args.run
    out.mkdir(parents=True, exist_ok=True)
    log = open(out / 'log.jsonl', 'a', buffering=1)

    def write(record):
        log.write(json.dumps(record) + '\n')
        print(json.dumps(record), flush=True)

    config = load_config()
    length = config['max_position_embeddings']
    train, heldout, weights = load_streams()
    sft = sft_data.load(ROOT / args.sft) if args.sft else None

    ckpt_path = out / 'ckpt.pt'
    if ckpt_path.exists():
        state = torch.load(ckpt_path, map_location='cpu')
        rows = Rows(state['used_ids'])
    elif args.init:
        state = None
        init = torch.load(ROOT / args.init, map_location='cpu')
        rows = Rows(init['used_ids'])
    else:
        state = None
        extra = sft_data.template_ids()
        rows = Rows.from_streams(train.values(), extra)

    model = PocketModel(config, rows.count, rows.unused).to(device)
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (decay if p.dim() == 2 and 'embed' not in name else no_decay).append(p)
    optimizer = torch.optim.AdamW(
        [{'params': decay, 'weight_decay': args.weight_decay}, {'params': no_decay, 'weight_decay': 0.0}],
        lr=args.lr, betas=(0.9, 0.95), eps=1e-8,
    )
    step, tokens = 0, 0
    if state is not None:
        model.load_state_dict(state['model'])
        optimizer.load_state_dict(state['optimizer'])
        step, tokens = state['step'], state['tokens']
        write({'event': 'resume', 'step': step, 'tokens': tokens, 'args': vars(args)})
    elif args.init:
        model.load_state_dict(init['model'])
        write({'event': 'init', 'from': args.init, 'args': vars(args)})
    else:
        write({
            'event': 'start', 'config': config, 'rows': rows.count, 'unused_ids': rows.unused,
            'parameters': sum(p.numel() for p in model.parameters()), 'args': vars(args),
        })

    sampler = Sampler(train, weights, length, args.seed)

    def save(path, extra=None):
        record = {
            'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'step': step, 'tokens': tokens,
            'used_ids': rows.used.tolist(), 'config': config, 'args': vars(args), **(extra or {}),
        }
        tmp = path.with_suffix('.tmp')
        torch.save(record, tmp)
        os.replace(tmp, path)

    started = time.time()
    window_started, window_tokens = time.time(), 0
    while step < args.steps:
        if args.minutes is not None and time.time() - started > args.minutes * 60:
            break
        lr = learning_rate(args, step)
        for group in optimizer.param_groups:
            group['lr'] = lr
        if sft is None:
            ids = sampler.batch(step, args.batch)
            x = rows.to_rows(ids[:, :-1]).to(device)
            y = rows.to_rows(ids[:, 1:]).to(device)
            with autocast():
                loss = model.loss(x, y)
            n_tokens = y.numel()
        else:
            corpus_windows = int(round(args.batch * args.sft_mix))
            ids, mask = sft.batch(step, args.batch - corpus_windows, args.seed)
            x = rows.to_rows(ids[:, :-1]).to(device)
            y = rows.to_rows(ids[:, 1:]).to(device)
            y = torch.where(torch.from_numpy(mask[:, 1:]).to(device), y, torch.full_like(y, -100))
            with autocast():
                loss = model.loss(x, y)
            if corpus_windows:
                cids = sampler.batch(step, corpus_windows)
                with autocast():
                    loss_lm = model.loss(rows.to_rows(cids[:, :-1]).to(device), rows.to_rows(cids[:, 1:]).to(device))
                loss = loss + loss_lm  # keep reading plain text, so the fine-tune does not forget it
            n_tokens = int(mask[:, 1:].sum())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0).item()
        optimizer.step()
        step += 1
        tokens += n_tokens
        window_tokens += n_tokens
        if step % 10 == 0:
            now = time.time()
            write({
                'step': step, 'tokens': tokens, 'loss': round(loss.item(), 4), 'lr': lr, 'grad_norm': round(grad_norm, 3),
                'tok_per_s': round(window_tokens / (now - window_started)), 'elapsed_s': round(now - started),
            })
            window_started, window_tokens = now, 0
        if step % args.save_every == 0:
            save(ckpt_path)
        if step % args.eval_every == 0:
            scores = evaluate(model, rows, heldout, length, device, autocast)
            write({'step': step, 'tokens': tokens, 'eval': {k: round(math.exp(v), 2) for k, v in scores.items()},
                   'eval_nats': {k: round(v, 4) for k, v in scores.items()}})
    save(ckpt_path)
    scores = evaluate(model, rows, heldout, length, device, autocast)
    write({'step': step, 'tokens': tokens, 'eval': {k: round(math.exp(v), 2) for k, v in scores.items()},
           'eval_nats': {k: round(v, 4) for k, v in scores.items()}, 'event': 'end'})
    save(out / 'final.pt')


if __name__ == '__main__':
    main()
