"""Sequence classifier: transformer encoder, mean pooling over non-padding tokens, linear head."""

from torch import nn

from .transformer import Trunk


class Classifier(nn.Module):
    """(B, T) token ids -> (B, num_labels) logits."""

    def __init__(self, config):
        super().__init__()
        self.model = Trunk(config, causal=False)
        self.classifier = nn.Linear(config['d_model'], config['num_labels'])

    def forward(self, input_ids):
        states, key_padding = self.model(input_ids)
        keep = (~key_padding).unsqueeze(-1).to(states.dtype)
        pooled = (states * keep).sum(dim=1) / keep.sum(dim=1).clamp(min=1.0)
        return self.classifier(pooled)
