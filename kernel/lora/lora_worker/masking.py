"""BERT-style masking for masked-language-model training (Devlin et al. 2018,
https://arxiv.org/abs/1810.04805, section 3.1 "Task #1: Masked LM").

Of the ordinary positions of a batch (not PAD, not BOS or another special id), each is chosen
with probability 15 %; a row with ordinary positions but none chosen gets one chosen uniformly
among them, so every example teaches something (this raises the share above 15 % only for rows
shorter than about 20 tokens). A chosen position becomes MASK with probability 80 %, a random
byte token (ids 4..259, uniform) with 10 %, and stays unchanged with 10 %. The labels are the
original ids at chosen positions and IGNORE (-100) elsewhere, so the loss counts chosen
positions only.

Every draw comes from a CPU ``torch.Generator`` seeded from ``(seed, step)`` alone (SHA-256 of
both, so these streams are unrelated to ``training.BatchOrder``'s), never from the global
generators: the masks of step ``s`` are a pure function of ``(seed, s)`` and the batch, the same
on CPU and CUDA, and a run resumed from a checkpoint masks exactly as an uninterrupted one.
Cost: O(B * T) per batch.
"""

import hashlib

import torch

from .tokenizer import BYTE_VOCAB, FIRST_TOKEN, MASK

#: Share of ordinary positions chosen.
CHOOSE = 0.15
#: Of the chosen positions: share replaced by MASK, and share (after those) replaced by a random byte.
TO_MASK = 0.8
TO_RANDOM = 0.1
#: Label value the loss ignores (as datasets.IGNORE).
IGNORE = -100


def generator(seed, step):
    """The CPU generator of ``(seed, step)``."""
    digest = hashlib.sha256(f'masked_lm:{seed}:{step}'.encode()).digest()
    return torch.Generator().manual_seed(int.from_bytes(digest[:8], 'little') % (2 ** 63))


def mask_tokens(input_ids, seed, step):
    """``(masked_ids, labels)`` of a (B, T) CPU long tensor, drawn from ``generator(seed, step)``.

    >>> ids = torch.tensor([[1] + [4 + b for b in b'hello world'] + [0, 0]])
    >>> masked, labels = mask_tokens(ids, 1, 0)
    >>> bool(((labels != IGNORE) <= (ids >= 4)).all())   # only ordinary positions are chosen
    True
    """
    draws = generator(seed, step)
    shape = input_ids.shape
    choose_u = torch.rand(shape, generator=draws)
    action_u = torch.rand(shape, generator=draws)
    random_tokens = torch.randint(FIRST_TOKEN, BYTE_VOCAB, shape, generator=draws)
    fallback_u = torch.rand(shape[0], generator=draws)
    ordinary = input_ids >= FIRST_TOKEN
    chosen = ordinary & (choose_u < CHOOSE)
    # Rows with ordinary positions but none chosen: choose the k-th ordinary one, k uniform.
    counts = ordinary.sum(dim=1)
    empty = (chosen.sum(dim=1) == 0) & (counts > 0)
    if bool(empty.any()):
        k = (fallback_u * counts).long().clamp(max=(counts - 1).clamp(min=0))
        rank = ordinary.long().cumsum(dim=1) - 1
        chosen = chosen | (empty[:, None] & ordinary & (rank == k[:, None]))
    labels = torch.where(chosen, input_ids, torch.full_like(input_ids, IGNORE))
    masked = input_ids.clone()
    masked[chosen & (action_u < TO_MASK)] = MASK
    replace = chosen & (action_u >= TO_MASK) & (action_u < TO_MASK + TO_RANDOM)
    masked[replace] = random_tokens[replace]
    return masked, labels
