"""The seeded, resumable training loop (LoRA or full fine-tuning) with Adam.

Given the same model, dataset and arguments, a run gives bit-identical weights on a given
machine and thread count, whether or not it was killed and resumed from a checkpoint: every
random draw comes either from a generator derived from ``(seed, epoch)`` (data order) or
``(seed, step)`` (masked_lm masking, ``masking``), or from torch's global generators, whose state
each checkpoint stores (dropout).
"""

import math
import statistics
import time

import torch

from . import checkpoints, device as devices, fingerprint, lora, rng
from .errors import WorkerError, invalid_args
from .model import task_loss

#: Seconds between progress events when log steps are further apart.
PROGRESS_SECONDS = 2.0


class BatchOrder:
    """Which examples step ``s`` trains on: epoch ``e = s // (n // batch_size)`` is a random
    permutation of the dataset drawn from a generator seeded with ``seed * 1000003 + e``; steps take
    consecutive slices of it (the tail that does not fill a batch is skipped). A pure function of
    ``(seed, step)``, so a resumed run needs no sampler state. O(n) per epoch."""

    def __init__(self, seed, n, batch_size):
        self.seed = seed
        self.n = n
        self.batch_size = min(batch_size, n)
        self.per_epoch = n // self.batch_size
        self._epoch = None
        self._permutation = None

    def indices(self, step):
        epoch, slot = divmod(step, self.per_epoch)
        if epoch != self._epoch:
            generator = torch.Generator().manual_seed((self.seed * 1000003 + epoch) % (2 ** 63))
            self._permutation = torch.randperm(self.n, generator=generator).tolist()
            self._epoch = epoch
        return self._permutation[slot * self.batch_size:(slot + 1) * self.batch_size]


def optimizer_state_bytes(optimizer):
    """Bytes of the optimiser's state tensors (Adam: two moments per trained weight, plus steps)."""
    total = 0
    for state in optimizer.state.values():
        for value in state.values():
            if torch.is_tensor(value):
                total += value.numel() * value.element_size()
    return total


def _run_key(entry, dataset, args, mode, initial_base_sha256):
    """What must be equal for a checkpoint to continue this run. The modules to save enter the
    adapter's key only when there are some, so checkpoints written before they existed still match."""
    adapter = None
    if mode == 'lora':
        adapter = {k: entry.adapter[k] for k in ('r', 'alpha', 'dropout', 'targets')}
        if entry.adapter.get('saved_modules'):
            adapter['modules_to_save'] = list(entry.adapter['saved_modules'])
    return {
        'mode': mode, 'seed': args['seed'], 'lr': args['lr'], 'batch_size': args['batch_size'],
        'dataset_sha256': dataset.sha256, 'initial_base_sha256': initial_base_sha256, 'adapter': adapter,
    }


def _check_key(saved, current, path):
    differences = {key: {'checkpoint': saved.get(key), 'now': value}
                   for key, value in current.items() if saved.get(key) != value}
    if differences:
        names = ', '.join(sorted(differences))
        raise WorkerError('checkpoint_mismatch',
                          f'checkpoint {path} belongs to another run (differs in: {names})',
                          {'path': path, 'differences': differences})


class SingleProcess:
    """The one-process run: what ``distributed.Rank`` replaces in a data-parallel one (the model
    that runs forward, the part of the batch a process takes, the weight of its loss, the step's
    loss and sizes, who writes checkpoints)."""

    writer = True

    def wrap(self, model):
        return model

    def before_step(self, step):
        pass

    def shard(self, batch):
        return batch

    def weigh(self, loss, batch):
        return loss

    def reduce(self, loss, examples, tokens):
        return loss.item(), examples, tokens


def train(entry, dataset, args, emit, cancelled, parallel=None):
    """Trains ``entry`` on ``dataset`` per ``TrainArgs``; returns the ``TrainResult``.

    ``emit(event)`` receives progress and checkpoint events (without ``id``); ``cancelled()`` is
    polled before every step. ``parallel`` is None for one process, or the ``distributed.Rank``
    of this process in a data-parallel run (``processes`` or ``nodes`` > 1 runs through ``distributed.train``).

    @throws WorkerError no_adapter, invalid_args, checkpoint_mismatch, cancelled, diverged, io_error
    """
    if parallel is None and (args.get('processes', 1) > 1 or args.get('nodes', 1) > 1):
        from . import distributed  # here, not at the top: distributed's ranks call back into this module
        return distributed.train(entry, dataset, args, emit, cancelled)
    mode = args.get('mode', 'lora')
    steps = args['steps']
    log_every = args.get('log_every', 10)
    directory = args.get('checkpoint_dir')
    every = args.get('checkpoint_every')
    keep = args.get('keep_checkpoints', 2)
    if every and not directory:
        raise invalid_args('checkpoint_every needs checkpoint_dir')
    if args.get('resume') and not directory:
        raise invalid_args('resume needs checkpoint_dir')
    if mode == 'lora':
        entry.adapter_summary()  # raises no_adapter
    elif entry.adapter is not None:
        raise invalid_args(f'model {entry.name!r} has an adapter: full fine-tuning needs a model without one')
    dataset.check_model(entry.config, need='labelled')
    model, device, task = entry.module, entry.device, entry.config['task']

    start_step, losses, window = 0, [], []
    initial_base = fingerprint.base_sha256(model)
    key = _run_key(entry, dataset, args, mode, initial_base)
    resume_from = checkpoints.latest(directory) if args.get('resume') else None
    state = None
    if resume_from:
        state = checkpoints.read_state(resume_from[1])
        _check_key(state['run'], key, resume_from[1])
        checkpoints.restore_weights(resume_from[1], entry, mode)
    trainable = lora.select_trainable(model, mode)
    parallel = parallel or SingleProcess()
    forward_model = parallel.wrap(model)
    optimizer = torch.optim.Adam(trainable, lr=args['lr'])
    rng.seed_all(args['seed'])
    if state is not None:
        optimizer.load_state_dict(state['optimizer'])
        rng.restore(state['rng'])
        start_step, losses, window = state['step'], list(state['losses']), list(state['window'])

    order = BatchOrder(args['seed'], len(dataset), args['batch_size'])
    devices.reset_peak_memory(device)
    model.train()
    step_seconds, examples, tokens, written = [], 0, 0, []
    event_losses, event_examples, event_tokens, event_start = [], 0, 0, time.perf_counter()
    last_event = time.perf_counter()
    started = time.perf_counter()
    # The peak above what the model held before the first step: gradients, optimiser state,
    # activations and transients (QLoRA's dequantised weights); see devices.PeakMemoryIncrease.
    peak_increase = devices.PeakMemoryIncrease(device, enabled=bool(args.get('measure_peak_memory')))
    try:
        with peak_increase:
            for step in range(start_step, steps):
                if cancelled():
                    raise WorkerError('cancelled', f'training cancelled at step {step} of {steps}', {'step': step})
                began = time.perf_counter()
                parallel.before_step(step)
                batch = parallel.shard(dataset.batch(order.indices(step), entry.config, device, mask=(args['seed'], step)))
                optimizer.zero_grad(set_to_none=True)
                with devices.autocast(device):
                    loss, _ = task_loss(forward_model, task, batch)
                loss = parallel.weigh(loss, batch)
                loss.backward()
                optimizer.step()
                # .item() also waits for the GPU, so the step time is true; size and tokens are global
                value, size, batch_tokens = parallel.reduce(loss, batch['input_ids'].shape[0], batch['tokens'])
                step_seconds.append(time.perf_counter() - began)
                if not math.isfinite(value):
                    raise WorkerError('diverged', f'loss is {value} at step {step + 1} (try a lower lr than {args["lr"]})',
                                      {'step': step + 1, 'lr': args['lr']})
                examples += size
                tokens += batch_tokens
                window.append(value)
                event_losses.append(value)
                event_examples += size
                event_tokens += batch_tokens
                done = step + 1
                logged = done % log_every == 0 or done == steps
                if logged:
                    losses.append({'step': done, 'loss': sum(window) / len(window)})
                    window = []
                now = time.perf_counter()
                if logged or now - last_event >= PROGRESS_SECONDS:
                    span = max(now - event_start, 1e-9)
                    emit({'event': 'progress', 'phase': 'train', 'step': done, 'total_steps': steps,
                          'loss': sum(event_losses) / len(event_losses), 'examples_per_s': event_examples / span,
                          'tokens_per_s': event_tokens / span, 'memory_bytes': devices.memory_bytes(device),
                          'elapsed_s': now - started})
                    event_losses, event_examples, event_tokens, event_start, last_event = [], 0, 0, now, now
                if every and done % every == 0 and parallel.writer:
                    trainer_state = {'step': done, 'optimizer': optimizer.state_dict(), 'rng': rng.capture(),
                                     'losses': losses, 'window': window, 'run': key}
                    path = checkpoints.write(directory, done, entry, mode, trainer_state, keep)
                    written.append(path)
                    emit({'event': 'checkpoint', 'step': done, 'path': path})
                    event_start = time.perf_counter()  # the write is not training time
    finally:
        model.eval()
    seconds = sum(step_seconds)
    trained = [name for name, p in model.named_parameters() if p.grad is not None]
    return {
        'mode': mode, 'device': device.type, 'steps': steps, 'start_step': start_step, 'losses': losses,
        'final_loss': losses[-1]['loss'] if losses else 0.0, 'seconds': seconds,
        'step_ms_median': statistics.median(step_seconds) * 1000 if step_seconds else 0.0,
        'examples_per_s': examples / seconds if seconds > 0 else 0.0,
        'tokens_per_s': tokens / seconds if seconds > 0 else 0.0,
        'peak_memory_bytes': devices.peak_memory_bytes(device),
        'peak_memory_increase_bytes': peak_increase.bytes,
        'trainable_parameters': sum(p.numel() for p in trainable),
        'optimizer_state_bytes': optimizer_state_bytes(optimizer),
        'gradient_bytes': sum(p.grad.numel() * p.grad.element_size() for p in trainable if p.grad is not None),
        'params_with_grad': [lora.base_name(name) if mode == 'full' else name for name in trained],
        'checkpoints': written,
    }
