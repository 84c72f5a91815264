"""Masked language model for self-supervised pretraining: bidirectional encoder and a linear LM head.

The same ``Trunk`` as ``Classifier`` (causal=False), so its ``model.*`` weights initialise a
classifier (``build_model``'s ``init_from``); only ``lm_head`` is specific to this task.
"""

from torch import nn

from .transformer import Trunk


class MaskedLM(nn.Module):
    """(B, T) token ids -> (B, T, vocab_size) logits of the original token at each position."""

    def __init__(self, config):
        super().__init__()
        self.model = Trunk(config, causal=False)
        self.lm_head = nn.Linear(config['d_model'], config['vocab_size'])

    def forward(self, input_ids):
        states, _ = self.model(input_ids)
        return self.lm_head(states)
