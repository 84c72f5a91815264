"""Seeded synthetic tasks a small model can learn, made without downloads.

Both generators use :class:`random.Random` and draw only with ``random()`` (stable across Python
versions), so a seed gives the same data everywhere.
"""

import random

from .errors import invalid_args
from .tokenizer import FIRST_TOKEN


def _below(rng, n):
    """A uniform integer in [0, n) from one ``random()`` draw."""
    return min(int(rng.random() * n), n - 1)


def topic_classification(n, seed, num_labels, seq_len, vocab_size, keywords_per_label=4, signal=0.3):
    """Inputs and labels of the "topic" task.

    Label ``c`` owns the keyword tokens ``4 + c*k .. 4 + c*k + k - 1`` (``k = keywords_per_label``);
    the remaining ids up to ``vocab_size`` are filler. Labels are drawn with probability
    proportional to ``1 / (c + 1)``, so classes are imbalanced and the majority-class rate is a
    real baseline (0.48 for 4 labels). An input has ``seq_len // 2 .. seq_len`` tokens; each is a
    keyword of its label with probability ``signal``, a keyword of another label with probability
    ``signal / 4``, else filler; one keyword of its label is always present. The label is thus
    the topic whose keywords dominate, learnable to well above the majority rate.

    Cost: O(n * seq_len). Returns ``(inputs, labels)``.

    @throws WorkerError invalid_args when the vocabulary has no room for fillers
    """
    fillers_start = FIRST_TOKEN + num_labels * keywords_per_label
    if vocab_size - fillers_start < 4:
        raise invalid_args(f'invalid vocab_size: {vocab_size} (the topic task with {num_labels} labels x '
                           f'{keywords_per_label} keywords needs at least {fillers_start + 4})',
                           vocab_size=vocab_size)
    rng = random.Random(seed)
    weights = [1.0 / (label + 1) for label in range(num_labels)]
    total = sum(weights)
    cumulative = []
    running = 0.0
    for weight in weights:
        running += weight / total
        cumulative.append(running)
    fillers = vocab_size - fillers_start
    inputs, labels = [], []
    for _ in range(n):
        draw = rng.random()
        label = next((c for c, edge in enumerate(cumulative) if draw < edge), num_labels - 1)
        length = seq_len // 2 + _below(rng, seq_len - seq_len // 2 + 1)
        tokens = []
        for _ in range(length):
            u = rng.random()
            if u < signal:
                topic = label
            elif u < signal * 1.25:
                topic = (label + 1 + _below(rng, num_labels - 1)) % num_labels
            else:
                tokens.append(fillers_start + _below(rng, fillers))
                continue
            tokens.append(FIRST_TOKEN + topic * keywords_per_label + _below(rng, keywords_per_label))
        tokens[_below(rng, length)] = FIRST_TOKEN + label * keywords_per_label + _below(rng, keywords_per_label)
        inputs.append(tokens)
        labels.append(label)
    return inputs, labels


def reverse_generation(n, seed, length, alphabet):
    """Inputs and targets of the "reverse" task: ``2..length`` tokens from ids ``4..4+alphabet-1``;
    the target is the input reversed. Cost: O(n * length). Returns ``(inputs, targets)``."""
    rng = random.Random(seed)
    inputs, targets = [], []
    for _ in range(n):
        size = 2 + _below(rng, length - 1)
        tokens = [FIRST_TOKEN + _below(rng, alphabet) for _ in range(size)]
        inputs.append(tokens)
        targets.append(list(reversed(tokens)))
    return inputs, targets
