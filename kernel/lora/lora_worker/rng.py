"""Capture and restore every random state training draws from, for exact resumption.

Training draws dropout masks from torch's global generators (CPU, and CUDA's when training
there). Data order comes from per-epoch generators derived from the seed (``training.batch_order``)
and needs no state. Python's ``random`` is captured too, in case a future change draws from it;
NumPy is not used by the worker.
"""

import random

import torch


def capture():
    """The current random states, as a dict ``torch.save`` can store."""
    return {
        'torch': torch.get_rng_state(),
        'cuda': torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
        'python': random.getstate(),
    }


def restore(state):
    """Puts back states from :func:`capture`."""
    torch.set_rng_state(state['torch'])
    if state.get('cuda') is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state['cuda'])
    random.setstate(state['python'])


def seed_all(seed):
    """Seeds torch (CPU and CUDA) and Python's ``random``."""
    torch.manual_seed(seed)
    random.seed(seed)
