"""Data-parallel training: ``train`` with ``processes: N`` (N > 1) under DistributedDataParallel.

The protocol process (the worker) stays the only one that speaks the protocol. For a run it
starts N rank processes with ``torch.multiprocessing`` (start method spawn; RANK, WORLD_SIZE,
LOCAL_RANK, MASTER_ADDR = 127.0.0.1 and a free MASTER_PORT set in each, so ``env://``
rendezvous works the same as under torchrun, which Debian's torch 1.13 cannot run). Backend
gloo on the CPU, nccl on CUDA (rank r on ``cuda:r``).

- What reaches the ranks: a CPU copy of the model (base, adapter, modules to save) and the
  dataset, pickled into each process (tensors through shared memory), plus shared-memory
  buffers for the trained weights.
- Data: every rank builds step ``s``'s global batch as one process does (``BatchOrder(seed)``,
  the same padding, and for masked_lm the same masking draws) and keeps its block of rows, one
  of N contiguous equal shards (``shard``). Each rank's mean loss is weighed by its share of the
  step's labelled positions (examples for classification, target tokens for generation, masked
  positions for masked_lm: one scalar all-reduce before backward), so the gradients that DDP
  averages add up to the gradient of the global batch's mean loss, as in one process.
- Randomness: dropout draws come from torch's generator reseeded every step from
  ``(seed, step, rank)``, so a resumed run needs no per-rank random state.
- Rank 0 alone emits progress (through a queue to the protocol process, which sends it as the
  one-process run does), writes checkpoints (the same atomic ``checkpoints.write``) and, at the
  end, copies the trained weights into the shared buffers, which the protocol process copies
  into its model: afterwards the worker holds the model exactly as after a one-process train.
- Failure: when a rank ends without finishing (killed, or an error), the protocol process stops
  the others at once, removes their half-written checkpoint folders and fails with
  ``rank_failed`` (or the rank's own WorkerError, e.g. ``diverged``); the newest complete
  checkpoint stays valid for ``resume``.

Not bit-identical to one process: DDP's all-reduce sums N partial gradients, each itself a sum
over a shard, in another order than one backward pass over the whole batch, so the float32
results differ in the last bits and the difference grows slowly with steps.
"""

import copy
import os
import queue
import shutil
import signal
import socket
import sys
import threading
import time
import traceback

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from . import checkpoints, device as devices, lora, training
from .datasets import IGNORE
from .errors import WorkerError, invalid_args
from .tokenizer import PAD

#: Test hook: ``"<rank>:<step>"`` makes that rank kill itself (SIGKILL) before that step.
FAIL_AT_ENV = 'PAYBACK_DDP_FAIL_AT'
#: Seconds the protocol process waits between looks at the ranks and their messages.
POLL_SECONDS = 0.05
#: Seconds a rank gets to stop after SIGTERM before SIGKILL.
STOP_SECONDS = 5.0


def shard(indices, rank, world_size):
    """The contiguous block of ``indices`` that ``rank`` trains on: block ``rank`` of
    ``world_size`` equal blocks (``shard([7, 3, 9, 1], 1, 2) == [9, 1]``). The blocks are disjoint
    and their concatenation in rank order is ``indices``.

    @throws ValueError when ``len(indices)`` is not a multiple of ``world_size``
    """
    if len(indices) % world_size:
        raise ValueError(f'invalid batch: {len(indices)} examples cannot be split over {world_size} processes')
    size = len(indices) // world_size
    return list(indices[rank * size:(rank + 1) * size])


def step_seed(seed, step, rank, world_size):
    """The seed of torch's generator at ``step`` on ``rank`` (dropout draws): distinct per rank and step."""
    return ((seed * 1000003 + step) * world_size + rank) % (2 ** 63)


class Rank:
    """This process's part of a data-parallel run (the ``parallel`` of ``training.train``)."""

    def __init__(self, rank, world_size, seed, device, fail_at=None):
        self.rank = rank
        self.world_size = world_size
        self.seed = seed
        self.device = device
        self.writer = rank == 0
        self.fail_at = fail_at

    def wrap(self, model):
        """The model in DistributedDataParallel (gradients averaged over ranks in backward)."""
        ids = [self.device.index] if self.device.type == 'cuda' else None
        return DistributedDataParallel(model, device_ids=ids, broadcast_buffers=False)

    def before_step(self, step):
        if self.fail_at == step:
            os.kill(os.getpid(), signal.SIGKILL)
        torch.manual_seed(step_seed(self.seed, step, self.rank, self.world_size))

    def shard(self, batch):
        """This rank's rows of the global ``batch`` (padding as in the global batch), and their tokens."""
        rows = shard(range(batch['input_ids'].shape[0]), self.rank, self.world_size)
        part = slice(rows[0], rows[-1] + 1)
        input_ids = batch['input_ids'][part]
        labels = batch['labels'][part] if batch['labels'] is not None else None
        return {'input_ids': input_ids, 'labels': labels, 'tokens': int((input_ids != PAD).sum())}

    def weigh(self, loss, batch):
        """``loss * W * n_r / N``: with ``n_r`` this rank's labelled positions and ``N`` the global
        batch's, the mean over the W ranks is ``sum_r n_r loss_r / N``, the 1-process mean loss."""
        labels = batch['labels']
        count = labels.numel() if labels.dim() == 1 else int((labels != IGNORE).sum())
        counts = torch.tensor([float(count)], dtype=torch.float64, device=labels.device)
        dist.all_reduce(counts)
        return loss * (count * self.world_size / counts.item())

    def reduce(self, loss, examples, tokens):
        """The global batch's loss (the mean of the ranks' weighed losses), examples and tokens."""
        packed = torch.tensor([0.0, examples, tokens], dtype=torch.float64, device=loss.device)
        packed[0] = loss.detach().double()
        dist.all_reduce(packed)
        values = packed.tolist()
        return values[0] / self.world_size, int(round(values[1])), int(round(values[2]))


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def _fail_at(rank):
    spec = os.environ.get(FAIL_AT_ENV, '')
    if ':' not in spec:
        return None
    target, step = spec.split(':', 1)
    return int(step) if int(target) == rank else None


def _watch_parent(parent_pid):
    """Ends this rank when the protocol process is gone (e.g. killed), instead of training on."""
    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid:
                os._exit(3)
    threading.Thread(target=watch, name='parent-watch', daemon=True).start()


def _trained_names(module, mode):
    return [name for name, _ in module.named_parameters() if lora.is_adapter_parameter(name) == (mode == 'lora')]


def _rank_main(rank, world_size, port, payload, messages, parent_pid):
    """One rank: joins the process group, trains its shard, and (rank 0) reports and hands back."""
    os.environ.update({'RANK': str(rank), 'WORLD_SIZE': str(world_size), 'LOCAL_RANK': str(rank),
                       'MASTER_ADDR': '127.0.0.1', 'MASTER_PORT': str(port)})
    _watch_parent(parent_pid)
    torch.set_num_threads(payload['threads'])
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    devices.configure_determinism()
    entry, args = payload['entry'], payload['args']
    device = torch.device('cpu')
    if payload['device_type'] == 'cuda':
        torch.cuda.set_device(rank)
        device = torch.device('cuda', rank)
    entry.module = copy.deepcopy(entry.module).to(device)  # its own weights, not the shared snapshot
    entry.device = device
    emit = (lambda event: messages.put({'kind': 'event', 'event': event})) if rank == 0 else (lambda event: None)
    try:
        dist.init_process_group('nccl' if device.type == 'cuda' else 'gloo', init_method='env://',
                                rank=rank, world_size=world_size)
        parallel = Rank(rank, world_size, args['seed'], device, _fail_at(rank))
        result = training.train(entry, payload['dataset'], args, emit, lambda: False, parallel)
        if rank == 0:
            parameters = dict(entry.module.named_parameters())
            with torch.no_grad():
                for name, buffer in payload['weights'].items():
                    buffer.copy_(parameters[name].detach().cpu())
            messages.put({'kind': 'result', 'result': result})
        dist.destroy_process_group()
    except WorkerError as error:
        messages.put({'kind': 'error', 'rank': rank, 'error': error.to_json()})
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - every failure must reach the protocol process
        text = ''.join(traceback.format_exception(type(error), error, error.__traceback__))[-4000:]
        messages.put({'kind': 'error', 'rank': rank, 'error': {
            'code': 'internal', 'message': f'{type(error).__name__}: {error}', 'details': {'traceback': text}}})
        sys.exit(1)


def _stop(processes):
    """SIGTERM to every live rank, then SIGKILL to those still there after STOP_SECONDS."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def _remove_partial_checkpoints(directory, pids):
    """Removes checkpoint folders that a stopped rank was still writing (``.checkpoint-<step>.tmp-<pid>``)."""
    if not directory or not os.path.isdir(directory):
        return
    endings = tuple(f'.tmp-{pid}' for pid in pids)
    for name in os.listdir(directory):
        if name.startswith('.checkpoint-') and name.endswith(endings):
            shutil.rmtree(os.path.join(directory, name), ignore_errors=True)


def _ended(process):
    """How a rank ended, in words: ``exit code 1`` or ``signal SIGKILL``."""
    if process.exitcode is not None and process.exitcode < 0:
        try:
            return f'signal {signal.Signals(-process.exitcode).name}'
        except ValueError:
            return f'signal {-process.exitcode}'
    return f'exit code {process.exitcode}'


def _failure(processes, first, errors, args, step):
    """The WorkerError of a failed run: the first rank that died without a word is the cause
    (``rank_failed``); else the lowest rank's own WorkerError; else ``rank_failed`` with its message."""
    directory = args.get('checkpoint_dir')
    newest = checkpoints.latest(directory) if directory else None
    details = {'processes': len(processes), 'step': step, 'checkpoint': newest[1] if newest else None}
    resume = f'; resume: true continues from {newest[1]}' if newest else ''
    silent = [rank for rank in first if rank not in errors] + \
             [rank for rank, process in enumerate(processes) if rank not in errors and rank not in first and
              process.exitcode not in (0, None, -signal.SIGTERM, -signal.SIGKILL)]
    if silent:
        rank = silent[0]
        process = processes[rank]
        return WorkerError('rank_failed', f'training rank {rank} of {len(processes)} ended with {_ended(process)} '
                           f'after step {step}; the other ranks were stopped{resume}',
                           {**details, 'rank': rank, 'exit_code': process.exitcode})
    rank = min(errors)
    error = errors[rank]
    if error['code'] != 'internal':
        return WorkerError(error['code'], error['message'], {**error['details'], 'rank': rank})
    return WorkerError('rank_failed', f'training rank {rank} of {len(processes)} failed after step {step}: '
                       f'{error["message"]}{resume}', {**details, **error['details'], 'rank': rank,
                                                        'exit_code': processes[rank].exitcode})


def train(entry, dataset, args, emit, cancelled):
    """``training.train`` over ``args['processes']`` rank processes; same result and events, and the
    same model in the worker afterwards.

    @throws WorkerError invalid_args (processes must divide the global batch; enough GPUs),
        rank_failed, cancelled, and whatever a rank raises (no_adapter, checkpoint_mismatch, diverged)
    """
    world_size = args['processes']
    mode = args.get('mode', 'lora')
    batch = min(args['batch_size'], len(dataset))
    if batch % world_size:
        raise invalid_args(f'invalid processes: {world_size} (must divide the global batch of {batch} examples)',
                           processes=world_size, batch_size=batch)
    if entry.device.type == 'cuda' and torch.cuda.device_count() < world_size:
        raise invalid_args(f'invalid processes: {world_size} (this machine has {torch.cuda.device_count()} GPUs)',
                           processes=world_size)
    snapshot = copy.copy(entry)
    snapshot.module = copy.deepcopy(entry.module).cpu()
    trained = set(_trained_names(entry.module, mode))
    weights = {name: parameter.detach().to('cpu', copy=True).share_memory_()
               for name, parameter in entry.module.named_parameters() if name in trained}
    payload = {'entry': snapshot, 'dataset': dataset, 'args': args, 'weights': weights,
               'threads': torch.get_num_threads(), 'device_type': entry.device.type}
    context = torch.multiprocessing.get_context('spawn')
    messages = context.Queue()
    port = _free_port()
    processes = [context.Process(target=_rank_main, args=(rank, world_size, port, payload, messages, os.getpid()),
                                 name=f'payback-train-rank-{rank}', daemon=True) for rank in range(world_size)]
    errors, outcome, step = {}, {}, 0

    def drain(wait):
        nonlocal step
        while True:
            try:
                message = messages.get(timeout=wait)
            except queue.Empty:
                return
            wait = 0.0
            if message['kind'] == 'event':
                step = message['event'].get('step', step)
                emit(message['event'])
            elif message['kind'] == 'result':
                outcome['result'] = message['result']
            else:
                errors.setdefault(message['rank'], message['error'])

    started = []
    try:
        for process in processes:
            process.start()
            started.append(process)
        while True:
            drain(POLL_SECONDS)
            if cancelled():
                raise WorkerError('cancelled', f'training cancelled at step {step} of {args["steps"]}', {'step': step})
            failed = [rank for rank, process in enumerate(processes) if process.exitcode not in (None, 0)]
            if failed:
                _stop(processes)
                drain(0.2)
                raise _failure(processes, failed, errors, args, step)
            if all(process.exitcode == 0 for process in processes):
                drain(0.2)
                break
    finally:
        _stop(started)
        _remove_partial_checkpoints(args.get('checkpoint_dir'), [process.pid for process in started])
        messages.close()
    if 'result' not in outcome:
        raise WorkerError('rank_failed', 'training rank 0 ended without a result', {'processes': world_size})
    parameters = dict(entry.module.named_parameters())
    with torch.no_grad():
        for name, buffer in weights.items():
            parameters[name].copy_(buffer.to(parameters[name].device))
    lora.select_trainable(entry.module, mode)
    return outcome['result']
