"""Sequence classifier: transformer encoder, mean pooling over non-padding tokens, linear head."""

from torch import nn

from .transformer import Trunk, mean_pool


class Classifier(nn.Module):
    """(B, T) token ids -> (B, num_labels) logits."""

    def __init__(self, config):
        super().__init__()
        self.model = Trunk(config, causal=False)
        self.classifier = nn.Linear(config['d_model'], config['num_labels'])

    def pooled(self, input_ids):
        """(B, T) token ids -> (B, d_model): the representation the head reads."""
        return mean_pool(*self.model(input_ids))

    def forward(self, input_ids):
        return self.classifier(self.pooled(input_ids))
