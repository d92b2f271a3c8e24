"""
The pocket model in PyTorch: Mistral's architecture exactly as Hugging Face's
`modeling_mistral.py` computes it (pre-norm RMSNorm, rotary embedding in the
rotate-half layout, grouped-query attention with `repeat_kv`, a causal
sliding-window mask, SwiGLU, a final norm, a tied or untied head), at the
size `src/lib/model/pocket-config.json` gives.

One thing differs from a plain Mistral, and the exported model undoes it
exactly: the vocabulary is stored by *rows*. Every id the corpus uses has a
row of its own; all the ids it never uses share one last row (the same
embedding, the same score). In a softmax over the 32,000 ids, U ids with the
same score s weigh as much as one entry with score s + log(U), so training
adds log(U) to that row's score and the loss is the exact loss of the
32,000-way model, while the head costs only as many rows as the corpus uses.
"""
import json
import math
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONFIG_PATH = ROOT / 'src/lib/model/pocket-config.json'


def load_config(path=CONFIG_PATH):
    config = json.loads(pathlib.Path(path).read_text())
    config.pop('_comment', None)
    return config


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def rope_tables(length, head_dim, theta):
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim))
    angles = torch.outer(torch.arange(length, dtype=torch.float64), inv_freq)
    angles = torch.cat((angles, angles), dim=-1)
    return angles.cos().float(), angles.sin().float()


def window_mask(length, window):
    """True where position i may look at position j: j <= i and i - j < window."""
    i = torch.arange(length)[:, None]
    j = torch.arange(length)[None, :]
    return (j <= i) & (i - j < window)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = c['num_attention_heads'], c['num_key_value_heads'], c['head_dim']
        hidden = c['hidden_size']
        self.q_proj = nn.Linear(hidden, self.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(hidden, self.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(hidden, self.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(self.heads * self.head_dim, hidden, bias=False)

    def forward(self, x, cos, sin, mask):
        b, n, _ = x.shape
        q = self.q_proj(x).view(b, n, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, n, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, n, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        group = self.heads // self.kv_heads
        k = k.repeat_interleave(group, dim=1)  # repeat_kv: query head h reads kv head h // group
        v = v.repeat_interleave(group, dim=1)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        scores = scores.float().masked_fill(~mask, float('-inf'))
        weights = scores.softmax(-1).to(v.dtype)
        out = (weights @ v).transpose(1, 2).reshape(b, n, self.heads * self.head_dim)
        return self.o_proj(out)


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gate_proj = nn.Linear(c['hidden_size'], c['intermediate_size'], bias=False)
        self.up_proj = nn.Linear(c['hidden_size'], c['intermediate_size'], bias=False)
        self.down_proj = nn.Linear(c['intermediate_size'], c['hidden_size'], bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class DecoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.mlp = MLP(c)

    def forward(self, x, cos, sin, mask):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask)
        return x + self.mlp(self.post_attention_layernorm(x))


class PocketModel(nn.Module):
    """`rows`: the number of vocabulary rows (used ids + one shared row); `unused`: how many ids share the last row."""

    def __init__(self, c, rows, unused):
        super().__init__()
        self.config = c
        self.embed_tokens = nn.Embedding(rows, c['hidden_size'])
        self.layers = nn.ModuleList(DecoderLayer(c) for _ in range(c['num_hidden_layers']))
        self.norm = RMSNorm(c['hidden_size'], c['rms_norm_eps'])
        self.lm_head = None if c['tie_word_embeddings'] else nn.Linear(c['hidden_size'], rows, bias=False)
        bias = torch.zeros(rows)
        bias[-1] = math.log(unused) if unused > 0 else float('-inf')
        self.register_buffer('row_bias', bias, persistent=False)
        length = c['max_position_embeddings']
        cos, sin = rope_tables(length, c['head_dim'], c['rope_theta'])
        self.register_buffer('cos', cos, persistent=False)
        self.register_buffer('sin', sin, persistent=False)
        self.register_buffer('mask', window_mask(length, c['sliding_window']), persistent=False)
        self.reset_parameters()

    def reset_parameters(self):
        std = 0.02
        for name, p in self.named_parameters():
            if name.endswith('layernorm.weight') or name == 'norm.weight':
                nn.init.ones_(p)
            elif name.endswith('o_proj.weight') or name.endswith('down_proj.weight'):
                nn.init.normal_(p, std=std / math.sqrt(2 * self.config['num_hidden_layers']))
            else:
                nn.init.normal_(p, std=std)

    def head_weight(self):
        return self.embed_tokens.weight if self.lm_head is None else self.lm_head.weight

    def hidden(self, rows):
        """The final-normed hidden state of every position, `[batch, n, hidden]`."""
        n = rows.shape[1]
        x = self.embed_tokens(rows)
        cos, sin, mask = self.cos[:n], self.sin[:n], self.mask[:n, :n]
        for layer in self.layers:
            x = layer(x, cos, sin, mask)
        return self.norm(x)

    def row_logits(self, h):
        """Scores over rows, the shared row already weighed by its count (what the loss needs)."""
        return h @ self.head_weight().t() + self.row_bias

    def loss(self, rows, targets, chunk=2048):
        """
        Mean cross-entropy of predicting `targets` (rows; -100 where a position does not count) from
        `rows`, the head computed a chunk of positions at a time.
        """
        h = self.hidden(rows).reshape(-1, self.config['hidden_size'])
        t = targets.reshape(-1)
        total = 0.0
        for start in range(0, h.shape[0], chunk):
            logits = self.row_logits(h[start : start + chunk]).float()
            total = total + F.cross_entropy(logits, t[start : start + chunk], reduction='sum', ignore_index=-100)
        return total / (t != -100).sum().clamp(min=1)
