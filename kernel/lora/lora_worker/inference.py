"""Prediction (labels, probabilities, greedy generation), evaluation and serving throughput,
without gradients."""

import platform
import statistics
import time

import torch

from . import device as devices
from .datasets import IGNORE
from .errors import WorkerError, invalid_args
from .model import task_loss
from .model.transformer import mean_pool
from .tokenizer import EOS, decode_tokens
from .training import PROGRESS_SECONDS


class _Progress:
    """Emits a progress event at most every PROGRESS_SECONDS while batches run."""

    def __init__(self, phase, total, device, emit, cancelled):
        self.phase, self.total, self.device, self.emit, self.cancelled = phase, total, device, emit, cancelled
        self.started = self.last = time.perf_counter()
        self.done = self.examples = self.tokens = 0

    def step(self, examples, tokens):
        if self.cancelled():
            raise WorkerError('cancelled', f'{self.phase} cancelled after {self.done} of {self.total} batches',
                              {'step': self.done})
        self.done += 1
        self.examples += examples
        self.tokens += tokens
        now = time.perf_counter()
        if now - self.last >= PROGRESS_SECONDS:
            span = now - self.started
            self.emit({'event': 'progress', 'phase': self.phase, 'step': self.done, 'total_steps': self.total,
                       'loss': None, 'examples_per_s': self.examples / span, 'tokens_per_s': self.tokens / span,
                       'memory_bytes': devices.memory_bytes(self.device), 'elapsed_s': span})
            self.last = now


def _batches(n, batch_size):
    return [list(range(start, min(start + batch_size, n))) for start in range(0, n, batch_size)]


def classify(entry, dataset, batch_size, with_probabilities, emit, cancelled):
    """Predicted labels (argmax) and, when asked, class probabilities (softmax) per example."""
    model, device = entry.module, entry.device
    model.eval()
    labels, probabilities = [], []
    batches = _batches(len(dataset), batch_size)
    progress = _Progress('predict', len(batches), device, emit, cancelled)
    with torch.no_grad():
        for indices in batches:
            batch = dataset.batch(indices, entry.config, device)
            with devices.autocast(device):
                logits = model(batch['input_ids'])
            probs = torch.softmax(logits.float(), dim=-1).cpu()
            labels.extend(probs.argmax(dim=-1).tolist())
            if with_probabilities:
                probabilities.extend(probs.tolist())
            progress.step(len(indices), batch['tokens'])
    return labels, probabilities


def generate(entry, dataset, batch_size, max_new_tokens, emit, cancelled, phase='predict'):
    """Greedy continuations of ``BOS input SEP`` up to EOS, ``max_new_tokens`` or ``max_len``.

    Prompts of equal length are batched together (positions are absolute, so no left padding);
    each step reruns the whole prefix (no key-value cache: sequences are short). Returns the new
    token ids per example, EOS excluded. Cost: O(max_new_tokens) forward passes per batch.
    """
    model, device, max_len = entry.module, entry.device, entry.config['max_len']
    model.eval()
    prompts = [dataset.prompt(index, entry.config, max_new_tokens) for index in range(len(dataset))]
    by_length = {}
    for index, prompt in enumerate(prompts):
        by_length.setdefault(len(prompt), []).append(index)
    groups = []
    for length in sorted(by_length):
        members = by_length[length]
        groups.extend(members[start:start + batch_size] for start in range(0, len(members), batch_size))
    outputs = [None] * len(dataset)
    progress = _Progress(phase, len(groups), device, emit, cancelled)
    with torch.no_grad():
        for group in groups:
            sequences = torch.tensor([prompts[index] for index in group], dtype=torch.long, device=device)
            finished = torch.zeros(len(group), dtype=torch.bool, device=device)
            generated = []
            while len(generated) < max_new_tokens and sequences.shape[1] < max_len and not bool(finished.all()):
                with devices.autocast(device):
                    logits = model(sequences)
                next_tokens = logits[:, -1, :].float().argmax(dim=-1)
                next_tokens = torch.where(finished, torch.full_like(next_tokens, EOS), next_tokens)
                generated.append(next_tokens)
                finished = finished | (next_tokens == EOS)
                sequences = torch.cat([sequences, next_tokens[:, None]], dim=1)
            rows = torch.stack(generated, dim=1).tolist() if generated else [[] for _ in group]
            for index, row in zip(group, rows):
                outputs[index] = row[:row.index(EOS)] if EOS in row else row
            progress.step(len(group), sum(len(prompts[i]) for i in group))
    return outputs


def predict(entry, dataset, args, emit, cancelled):
    """The ``PredictResult`` of ``PredictArgs``."""
    dataset.check_model(entry.config, need='any')
    batch_size = args.get('batch_size', 64)
    if entry.config['task'] == 'masked_lm':
        raise invalid_args(f'model {entry.name!r} is a masked_lm model: predict has nothing to return '
                           '(evaluate gives its masked-token loss and accuracy)', model=entry.name)
    if entry.config['task'] == 'classification':
        output = args.get('output', 'labels')
        labels, probabilities = classify(entry, dataset, batch_size, output == 'probabilities', emit, cancelled)
        result = {'n': len(dataset), 'labels': labels}
        if output == 'probabilities':
            result['probabilities'] = probabilities
        return result
    token_ids = generate(entry, dataset, batch_size, args.get('max_new_tokens', 32), emit, cancelled)
    result = {'n': len(dataset), 'token_ids': token_ids}
    if dataset.byte_text:
        result['texts'] = [decode_tokens(tokens) for tokens in token_ids]
    return result


def evaluate(entry, dataset, args, emit, cancelled):
    """The ``EvaluateResult``: mean loss, accuracy, (generation) token accuracy, majority rate.

    masked_lm: loss and accuracy at the masked (chosen) positions, batch ``b`` (of ``batch_size``
    consecutive examples) masked with the draws of ``(seed, b)``, so a seed gives the same masks
    and numbers on every call.
    """
    dataset.check_model(entry.config, need='labelled')
    model, device, task = entry.module, entry.device, entry.config['task']
    batch_size = args.get('batch_size', 64)
    seed = args.get('seed', 0)
    model.eval()
    total_loss = weight = correct = counted = 0.0
    batches = _batches(len(dataset), batch_size)
    progress = _Progress('evaluate', len(batches), device, emit, cancelled)
    with torch.no_grad():
        for number, indices in enumerate(batches):
            batch = dataset.batch(indices, entry.config, device, mask=(seed, number))
            with devices.autocast(device):
                loss, logits = task_loss(model, task, batch)
            if task == 'classification':
                size = len(indices)
                correct += (logits.float().argmax(dim=-1) == batch['labels']).sum().item()
                counted += size
            else:
                mask = batch['labels'] != IGNORE
                size = mask.sum().item()
                correct += ((logits.float().argmax(dim=-1) == batch['labels']) & mask).sum().item()
                counted += size
            total_loss += loss.item() * size
            weight += size
            progress.step(len(indices), batch['tokens'])
    loss = total_loss / weight if weight else 0.0
    if task == 'classification':
        counts = {}
        for label in dataset.labels:
            counts[label] = counts.get(label, 0) + 1
        return {'n': len(dataset), 'task': task, 'loss': loss, 'accuracy': correct / counted if counted else 0.0,
                'token_accuracy': None, 'majority_rate': max(counts.values()) / len(dataset.labels)}
    if task == 'masked_lm':
        return {'n': len(dataset), 'task': task, 'loss': loss, 'accuracy': correct / counted if counted else 0.0,
                'token_accuracy': None, 'majority_rate': None, 'masked_tokens': int(counted)}
    longest = max(len(target) for target in dataset.targets) + 1
    generated = generate(entry, dataset, batch_size, args.get('max_new_tokens', longest), emit, cancelled, 'evaluate')
    exact = sum(1 for output, target in zip(generated, dataset.targets) if output == target)
    return {'n': len(dataset), 'task': task, 'loss': loss, 'accuracy': exact / len(dataset),
            'token_accuracy': correct / counted if counted else 0.0, 'majority_rate': None}


def _percentile(values, q):
    """The ``q``-th percentile (0-100) with linear interpolation between order statistics (NumPy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def throughput(entry, dataset, args, emit, cancelled):
    """The ``ThroughputResult``: batched inference speed of ``entry`` on ``dataset`` at each batch size.

    Per batch size ``b``: batch ``i`` is examples ``i*b .. i*b + b - 1`` of the dataset (wrapping
    around), as ``predict`` batches them (truncated to max_len, padded to the longest); ``warmup``
    batches run untimed, then ``repeats`` batches are timed one by one, each from its token lists
    to its outputs on the CPU (padding, transfer, forward pass in the device's precision, softmax
    for a classifier; one forward pass for the other tasks, no generation). Requests/s and
    tokens/s are ``b`` and the mean non-pad tokens per batch over the median latency. The device,
    its name, the torch thread count and version name the hardware the figures belong to.
    Cost: (warmup + repeats) forward passes per batch size.
    """
    dataset.check_model(entry.config, need='any')
    model, device, config = entry.module, entry.device, entry.config
    batch_sizes = args.get('batch_sizes', [1, 8, 32])
    warmup, repeats = args.get('warmup', 2), args.get('repeats', 10)
    n = len(dataset)
    model.eval()
    rows = []
    started = time.perf_counter()
    with torch.no_grad():
        for batch_size in batch_sizes:
            latencies, tokens = [], []
            for number in range(warmup + repeats):
                if cancelled():
                    raise WorkerError('cancelled', f'throughput cancelled at batch size {batch_size}',
                                      {'batch_size': batch_size})
                indices = [(number * batch_size + offset) % n for offset in range(batch_size)]
                began = time.perf_counter()
                batch = dataset.batch(indices, config, device, mask=(0, number))
                with devices.autocast(device):
                    logits = model(batch['input_ids'])
                if config['task'] == 'classification':
                    logits = torch.softmax(logits.float(), dim=-1)
                logits.cpu()  # waits for the device
                elapsed = time.perf_counter() - began
                if number >= warmup:
                    latencies.append(elapsed)
                    tokens.append(batch['tokens'])
            median = statistics.median(latencies)
            mean_tokens = sum(tokens) / len(tokens)
            rows.append({'batch_size': batch_size, 'repeats': repeats, 'warmup': warmup,
                         'latency_ms_p50': median * 1000, 'latency_ms_p95': _percentile(latencies, 95) * 1000,
                         'latency_ms_min': min(latencies) * 1000,
                         'requests_per_s': batch_size / median, 'tokens_per_s': mean_tokens / median,
                         'tokens_per_batch': mean_tokens})
    dtype = devices.autocast_dtype(device)
    return {'model': entry.name, 'dataset': dataset.name, 'task': config['task'], 'max_len': config['max_len'],
            'device': device.type, 'device_name': devices.device_name(device), 'threads': torch.get_num_threads(),
            'torch': torch.__version__, 'python': platform.python_version(),
            'dtype': 'bfloat16' if dtype == torch.bfloat16 else 'float32',
            'parameters': sum(p.numel() for p in model.parameters()),
            'seconds': time.perf_counter() - started, 'results': rows}


def embed(entry, dataset, args, emit, cancelled):
    """The mean-pooled encoder states of each example (what a classifier's head reads): for drift
    checks on the model's representations (a domain classifier between periods). Encoders only
    (classification and masked_lm models).

    @throws WorkerError invalid_args for a generation model
    """
    if entry.config['task'] == 'generation':
        raise invalid_args(f'model {entry.name!r} is a causal generator: embed needs an encoder (classification or masked_lm)')
    model, device = entry.module, entry.device
    model.eval()
    batches = _batches(len(dataset), args.get('batch_size', 64))
    progress = _Progress('embed', len(batches), device, emit, cancelled)
    rows = []
    with torch.no_grad():
        for indices in batches:
            batch = dataset.batch(indices, entry.config, device)
            with devices.autocast(device):
                states, key_padding = model.model(batch['input_ids'])
            pooled = mean_pool(states.float(), key_padding).cpu()
            decimals = args.get('decimals', 6)
            rows.extend([[round(value, decimals) for value in row] for row in pooled.tolist()])
            progress.step(len(indices), batch['tokens'])
    return {'n': len(rows), 'dim': entry.config['d_model'], 'embeddings': rows}
