"""Datasets held by the worker and their padded batches.

A dataset is a list of token-id inputs (ids >= 4, no specials) with either class labels
(classification), token-id targets (generation) or neither (unlabelled, for prediction only).
Special tokens and truncation to the model's ``max_len`` are applied when batching, so one
dataset serves models of different lengths.

Sequence layouts (see ``tokenizer`` for the ids):

- classification: ``BOS input``; the loss is cross-entropy of the pooled logits against the label;
- generation: ``BOS input SEP target EOS``; the loss is next-token cross-entropy on ``target EOS``
  only. Inputs longer than the room left are cut from the front (their end is kept);
- masked_lm: ``BOS input`` with BERT-style masking drawn from ``(seed, step)`` (``masking``); the
  loss is cross-entropy at the chosen positions. Labels of the dataset, if any, are ignored.

Long texts: a ``texts`` source with ``window: {length, stride}`` cuts each text's UTF-8 bytes into
windows of ``length`` bytes starting every ``stride`` bytes (default ``stride = length``: no
overlap); a window is kept when it starts at 0 or reaches bytes the previous one did not, so every
byte is in at least one window and the last window may be shorter. Each window is one example
(with its text's label, if labelled), so pretraining sees whole emails rather than only their
first ``max_len - 1`` bytes. Choose ``length <= max_len - 1`` (BOS takes one position).
"""

import hashlib
import json

import torch

from . import synthetic
from .errors import invalid_args
from .masking import mask_tokens
from .tokenizer import BOS, EOS, MASK, PAD, SEP, BYTE_VOCAB, encode_bytes, encode_text

#: Label value the loss ignores.
IGNORE = -100


class Dataset:
    """Inputs with labels or targets; ``task`` is classification, generation or unlabelled."""

    def __init__(self, name, inputs, labels=None, targets=None, byte_text=False, max_token=None, sha256=None,
                 source_texts=None):
        if labels is not None and targets is not None:
            raise invalid_args('a dataset has labels or targets, not both', dataset=name)
        for field, values in (('labels', labels), ('targets', targets)):
            if values is not None and len(values) != len(inputs):
                raise invalid_args(f'invalid {field}: {len(values)} entries for {len(inputs)} inputs', dataset=name)
        for index, tokens in enumerate(inputs):
            if len(tokens) == 0:
                raise invalid_args(f'invalid input {index}: empty', dataset=name, index=index)
        self.name = name
        self.inputs = inputs
        self.labels = labels
        self.targets = targets
        self.byte_text = byte_text
        self.task = 'classification' if labels is not None else 'generation' if targets is not None else 'unlabelled'
        self.source_texts = source_texts
        if max_token is None:
            sequences = inputs + (targets or [])
            max_token = max(max(tokens) for tokens in sequences if tokens) if sequences else 0
        self.max_token = max_token
        self.sha256 = sha256 or hashlib.sha256(json.dumps([inputs, labels, targets]).encode()).hexdigest()

    def __len__(self):
        return len(self.inputs)

    def summary(self):
        """The ``MakeDatasetResult`` of this dataset."""
        counts = None
        majority = None
        num_labels = None
        if self.labels is not None:
            num_labels = max(self.labels) + 1
            counts = [0] * num_labels
            for label in self.labels:
                counts[label] += 1
            majority = max(counts) / len(self.labels)
        lengths = [len(tokens) + 1 for tokens in self.inputs]  # BOS input
        if self.targets is not None:
            lengths = [length + len(target) + 2 for length, target in zip(lengths, self.targets)]  # SEP target EOS
        tokens, longest = sum(lengths), max(lengths)
        summary = {'name': self.name, 'task': self.task, 'n': len(self), 'num_labels': num_labels,
                   'label_counts': counts, 'majority_rate': majority, 'tokens': tokens,
                   'max_len': longest, 'sha256': self.sha256}
        if self.source_texts is not None:
            summary['source_texts'] = self.source_texts
        return summary

    def check_model(self, config, need):
        """Fails unless the dataset fits the model: task ``need`` (or unlabelled for prediction),
        token ids below the vocabulary, labels below num_labels.

        @throws WorkerError invalid_args
        """
        if config['task'] == 'masked_lm':
            if self.task == 'generation':
                raise invalid_args(f'dataset {self.name!r} is a generation set but the model does masked_lm '
                                   '(it learns from inputs: an unlabelled or classification set)', dataset=self.name)
            if self.max_token >= MASK:
                raise invalid_args(f'invalid token id: {self.max_token} in dataset {self.name!r} (a masked_lm '
                                   f'dataset needs ids below MASK = {MASK})', dataset=self.name)
            return
        if need == 'labelled' and self.task == 'unlabelled':
            raise invalid_args(f'dataset {self.name!r} has no labels or targets to train or evaluate on',
                               dataset=self.name)
        if self.task not in ('unlabelled', config['task']):
            raise invalid_args(f'dataset {self.name!r} is a {self.task} set but the model does {config["task"]}',
                               dataset=self.name)
        if self.max_token >= config['vocab_size']:
            raise invalid_args(f'invalid token id: {self.max_token} in dataset {self.name!r} '
                               f'(the model\'s vocab_size is {config["vocab_size"]})', dataset=self.name)
        if self.labels is not None and max(self.labels) >= config['num_labels']:
            raise invalid_args(f'invalid label: {max(self.labels)} in dataset {self.name!r} '
                               f'(the model has {config["num_labels"]} labels)', dataset=self.name)

    def batch(self, indices, config, device, mask=None):
        """The padded tensors of ``indices``: ``input_ids``, ``labels`` (classification: per example;
        generation: per position, IGNORE outside targets; masked_lm: per position, IGNORE outside
        the chosen ones) and ``tokens`` (non-pad count). A masked_lm model needs ``mask = (seed,
        step)``, the key of the batch's masking draws."""
        max_len = config['max_len']
        if config['task'] == 'masked_lm':
            if mask is None:
                raise ValueError('a masked_lm batch needs mask=(seed, step)')
            rows = [[BOS] + self.inputs[index][:max_len - 1] for index in indices]
            input_ids, labels = mask_tokens(_pad(rows, PAD), *mask)
        elif self.task == 'generation':
            rows, label_rows = [], []
            for index in indices:
                target = self.targets[index][:max_len - 3] + [EOS]
                room = max_len - len(target) - 2
                prompt = [BOS] + self.inputs[index][-room:] + [SEP] if room > 0 else [BOS, SEP]
                rows.append(prompt + target)
                # Position t predicts token t + 1: the last prompt token predicts the first target token.
                label_rows.append([IGNORE] * (len(prompt) - 1) + target + [IGNORE])
            input_ids = _pad(rows, PAD)
            labels = _pad(label_rows, IGNORE)
        else:
            rows = [[BOS] + self.inputs[index][:max_len - 1] for index in indices]
            input_ids = _pad(rows, PAD)
            labels = torch.tensor([self.labels[index] for index in indices]) if self.labels is not None else None
        tokens = sum(len(row) for row in rows)
        return {'input_ids': input_ids.to(device), 'labels': labels.to(device) if labels is not None else None,
                'tokens': tokens}

    def prompt(self, index, config, max_new_tokens):
        """``BOS input SEP`` for generation, cut from the front to leave room for new tokens."""
        room = max(1, config['max_len'] - 2 - max_new_tokens)
        return [BOS] + self.inputs[index][-room:] + [SEP]


def _pad(rows, value):
    """A (len(rows), longest) long tensor of ``rows`` right-padded with ``value``."""
    longest = max(len(row) for row in rows)
    return torch.tensor([row + [value] * (longest - len(row)) for row in rows], dtype=torch.long)


def make_dataset(name, source):
    """A :class:`Dataset` from a ``DatasetSource`` of the protocol (already schema-checked).

    @throws WorkerError invalid_args
    """
    kind = source['kind']
    if kind == 'synthetic_topic':
        inputs, labels = synthetic.topic_classification(
            source['n'], source['seed'], source['num_labels'], source['seq_len'], source['vocab_size'],
            source.get('keywords_per_label', 4), source.get('signal', 0.3))
        return Dataset(name, inputs, labels=labels)
    if kind == 'synthetic_reverse':
        inputs, targets = synthetic.reverse_generation(source['n'], source['seed'], source['length'], source['alphabet'])
        return Dataset(name, inputs, targets=targets)
    if kind == 'tokens':
        return Dataset(name, source['inputs'], source.get('labels'), source.get('targets'))
    if kind == 'texts':
        return _texts_dataset(name, source)
    raise invalid_args(f'unknown dataset kind: {kind!r}')


def windows(data, length, stride):
    """Byte windows of ``data`` (see the module doc): ``windows(b'abcdefg', 3, 3) == [b'abc', b'def', b'g']``,
    ``windows(b'abcdefg', 4, 2) == [b'abcd', b'cdef', b'efg']``. Empty data has none."""
    return [data[start:start + length] for start in range(0, len(data), stride)
            if start == 0 or start - stride + length < len(data)]


def _texts_dataset(name, source):
    """A byte-text dataset, windowed when the source says so. Its fingerprint hashes the source
    (texts, labels, targets, window) rather than the token lists, which is several times faster
    for long texts; the token ids are a function of the source, so it identifies them as well."""
    texts, labels, window = source['texts'], source.get('labels'), source.get('window')
    if labels is not None and len(labels) != len(texts):
        raise invalid_args(f'invalid labels: {len(labels)} entries for {len(texts)} texts', dataset=name)
    digest = hashlib.sha256(json.dumps({'kind': 'texts', 'texts': texts, 'labels': labels,
                                        'targets': source.get('targets'), 'window': window}).encode()).hexdigest()
    if window is None:
        inputs = [encode_text(text) for text in texts]
        targets = [encode_text(text) for text in source['targets']] if 'targets' in source else None
        for index, target in enumerate(targets or []):
            if not target:
                raise invalid_args(f'invalid target {index}: empty', dataset=name, index=index)
        # Text needs the whole byte vocabulary.
        return Dataset(name, inputs, labels, targets, byte_text=True, max_token=BYTE_VOCAB - 1, sha256=digest)
    if 'targets' in source:
        raise invalid_args('invalid window: a generation set (targets) cannot be cut into windows', dataset=name)
    length, stride = window['length'], window.get('stride', window['length'])
    if stride > length:
        raise invalid_args(f'invalid window stride: {stride} (must be <= length {length}, or bytes would be skipped)',
                           dataset=name)
    inputs, window_labels = [], [] if labels is not None else None
    for index, text in enumerate(texts):
        pieces = windows(text.encode('utf-8'), length, stride)
        inputs.extend(encode_bytes(piece) for piece in pieces)
        if labels is not None:
            window_labels.extend([labels[index]] * len(pieces))
    if not inputs:
        raise invalid_args('invalid texts: all empty, no window to make', dataset=name)
    return Dataset(name, inputs, window_labels, byte_text=True, max_token=BYTE_VOCAB - 1, sha256=digest,
                   source_texts=len(texts))
