"""The shared trunk: token and position embeddings and pre-LayerNorm transformer blocks.

Attention is written out with separate q/k/v/out Linear layers (not ``nn.MultiheadAttention``,
whose packed in-projection LoRA could not target per matrix):
``softmax(Q K^T / sqrt(d_head) + mask) V`` per head (Vaswani et al. 2017,
https://arxiv.org/abs/1706.03762). Cost per layer: O(T^2 d + T d d_ff) for T tokens.
"""

import math

import torch
from torch import nn


class SelfAttention(nn.Module):
    """Multi-head self-attention over padded sequences; causal when ``causal``."""

    def __init__(self, d_model, n_heads, dropout, causal):
        super().__init__()
        self.n_heads = n_heads
        self.head_dim = d_model // n_heads
        self.causal = causal
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)
        self.attn_dropout = nn.Dropout(dropout)

    def forward(self, x, key_padding):
        """``x``: (B, T, d); ``key_padding``: (B, T) bool, True at padding. Returns (B, T, d)."""
        batch, length, width = x.shape

        def heads(t):
            return t.view(batch, length, self.n_heads, self.head_dim).transpose(1, 2)

        q, k, v = heads(self.q_proj(x)), heads(self.k_proj(x)), heads(self.v_proj(x))
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.head_dim)
        masked = key_padding[:, None, None, :]
        if self.causal:
            future = torch.ones(length, length, dtype=torch.bool, device=x.device).triu(1)
            masked = masked | future[None, None, :, :]
        # Every query sees at least the BOS token, so no row is fully masked.
        scores = scores.float().masked_fill(masked, float('-inf'))
        weights = self.attn_dropout(torch.softmax(scores, dim=-1)).to(v.dtype)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(batch, length, width)
        return self.out_proj(out)


class FeedForward(nn.Module):
    """``fc2(gelu(fc1(x)))``."""

    def __init__(self, d_model, d_ff, dropout):
        super().__init__()
        self.fc1 = nn.Linear(d_model, d_ff)
        self.fc2 = nn.Linear(d_ff, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.fc2(self.dropout(torch.nn.functional.gelu(self.fc1(x))))


class Block(nn.Module):
    """Pre-LayerNorm block: ``x + attn(norm1(x))`` then ``x + mlp(norm2(x))``."""

    def __init__(self, d_model, n_heads, d_ff, dropout, causal):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.self_attn = SelfAttention(d_model, n_heads, dropout, causal)
        self.norm2 = nn.LayerNorm(d_model)
        self.mlp = FeedForward(d_model, d_ff, dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, key_padding):
        x = x + self.dropout(self.self_attn(self.norm1(x), key_padding))
        return x + self.dropout(self.mlp(self.norm2(x)))


class Trunk(nn.Module):
    """Embeddings, ``n_layers`` blocks and a final LayerNorm: (B, T) ids -> (B, T, d) states."""

    def __init__(self, config, causal):
        super().__init__()
        d_model = config['d_model']
        self.embed_tokens = nn.Embedding(config['vocab_size'], d_model, padding_idx=0)
        self.embed_positions = nn.Embedding(config['max_len'], d_model)
        self.layers = nn.ModuleList(
            Block(d_model, config['n_heads'], config['d_ff'], config['dropout'], causal)
            for _ in range(config['n_layers']))
        self.norm = nn.LayerNorm(d_model)
        self.dropout = nn.Dropout(config['dropout'])

    def forward(self, input_ids):
        """Returns ``(states, key_padding)``; padding is token id 0."""
        key_padding = input_ids == 0
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        x = self.dropout(self.embed_tokens(input_ids) + self.embed_positions(positions)[None, :, :])
        for layer in self.layers:
            x = layer(x, key_padding)
        return self.norm(x), key_padding


def mean_pool(states, key_padding):
    """The mean of ``states`` (B, T, d) over non-padding positions: (B, d), the sequence's representation."""
    keep = (~key_padding).unsqueeze(-1).to(states.dtype)
    return (states * keep).sum(dim=1) / keep.sum(dim=1).clamp(min=1.0)
