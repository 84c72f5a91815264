"""Causal language model for short generation: transformer decoder and a linear LM head."""

from torch import nn

from .transformer import Trunk


class Generator(nn.Module):
    """(B, T) token ids -> (B, T, vocab_size) next-token logits."""

    def __init__(self, config):
        super().__init__()
        self.model = Trunk(config, causal=True)
        self.lm_head = nn.Linear(config['d_model'], config['vocab_size'], bias=False)

    def forward(self, input_ids):
        states, _ = self.model(input_ids)
        return self.lm_head(states)
