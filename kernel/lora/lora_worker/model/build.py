"""Model configs, seeded construction and the loss of each task."""

import torch
from torch.nn import functional

from ..errors import invalid_args
from .classifier import Classifier
from .generator import Generator
from .masked_lm import MaskedLM
from ..tokenizer import MASK, MASK_VOCAB

#: The model class of each task.
ARCHITECTURES = {'classification': Classifier, 'generation': Generator, 'masked_lm': MaskedLM}


def normalize_config(config):
    """The config with defaults filled (``d_ff = 4 d_model``, ``dropout = 0``) and checked.

    @throws WorkerError invalid_args when d_model is not divisible by n_heads, num_labels is
        missing for classification (or given for generation or masked_lm), or a masked_lm
        vocabulary has no room for MASK
    """
    config = dict(config)
    config.setdefault('d_ff', 4 * config['d_model'])
    config.setdefault('dropout', 0.0)
    if config['d_model'] % config['n_heads'] != 0:
        raise invalid_args(f'invalid n_heads: {config["n_heads"]} (must divide d_model {config["d_model"]})',
                           n_heads=config['n_heads'], d_model=config['d_model'])
    if config['task'] == 'classification' and 'num_labels' not in config:
        raise invalid_args('missing num_labels: a classification model needs it')
    if config['task'] != 'classification' and 'num_labels' in config:
        raise invalid_args(f'invalid num_labels: {config["num_labels"]} (a {config["task"]} model has none)')
    if config['task'] == 'masked_lm' and config['vocab_size'] < MASK_VOCAB:
        raise invalid_args(f'invalid vocab_size: {config["vocab_size"]} (a masked_lm model needs at least '
                           f'{MASK_VOCAB}: the byte tokens and MASK = {MASK})', vocab_size=config['vocab_size'])
    return config


def build_model(config, seed, device):
    """A model of ``config`` with weights drawn from torch's default initialisers under ``seed``.

    The global torch RNG is forked, so building leaves it untouched. Construction happens on the
    CPU (the same weights whatever the device), then the model moves to ``device``.
    """
    config = normalize_config(config)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = ARCHITECTURES[config['task']](config)
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model.to(device), config


def task_loss(model, task, batch):
    """Mean cross-entropy of a batch: per example for classification, per target token for
    generation, per chosen (masked) position for masked_lm (positions labelled -100 are ignored).
    Returns ``(loss, logits)``."""
    logits = model(batch['input_ids'])
    if task == 'classification':
        return functional.cross_entropy(logits.float(), batch['labels']), logits
    flat = logits.float().reshape(-1, logits.shape[-1])
    return functional.cross_entropy(flat, batch['labels'].reshape(-1), ignore_index=-100), logits
