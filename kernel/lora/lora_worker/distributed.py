"""Data-parallel training: ``train`` with ``processes: N`` (and ``nodes: M``) under DistributedDataParallel.

The protocol process (the worker) stays the only one that speaks the protocol. Two launchers
start the ranks, and both run the same rank body (``run_rank``), so they give the same numbers
bit for bit:

- ``torchrun`` (the default, ``torchrun_launch``): PyTorch's launcher, ``torch.distributed.run``,
  on a job folder; on one machine or several (``nodes``).
- ``spawn`` (this module): N processes from ``torch.multiprocessing`` (start method spawn) with
  the environment torchrun would set (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR = 127.0.0.1 and
  a free MASTER_PORT), messages through a queue; one machine only, about a second sooner.

Backend gloo on the CPU, nccl on CUDA (local rank r on ``cuda:r``).

- What reaches the ranks: a CPU copy of the model (base, adapter, modules to save) and the
  dataset (``payload_of``), pickled into each process (spawn: tensors through shared memory,
  with shared-memory buffers for the trained weights; torchrun: ``job.pt`` in the job folder).
- Data: every rank builds step ``s``'s global batch as one process does (``BatchOrder(seed)``,
  the same padding, and for masked_lm the same masking draws) and keeps its block of rows, one
  of N contiguous equal shards (``shard``). Each rank's mean loss is weighed by its share of the
  step's labelled positions (examples for classification, target tokens for generation, masked
  positions for masked_lm: one scalar all-reduce before backward), so the gradients that DDP
  averages add up to the gradient of the global batch's mean loss, as in one process.
- Randomness: dropout draws come from torch's generator reseeded every step from
  ``(seed, step, rank)``, so a resumed run needs no per-rank random state.
- Rank 0 alone emits progress (through the launcher's sink to the protocol process, which sends
  it as the one-process run does), writes checkpoints (the same atomic ``checkpoints.write``) and,
  at the end, hands back the trained weights, which the protocol process copies into its model:
  afterwards the worker holds the model exactly as after a one-process train.
- Failure: when a rank ends without finishing (killed, or an error), the protocol process stops
  the others at once (torchrun: torchrun stops them), removes their half-written checkpoint
  folders and fails with
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


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def _fail_at(rank):
    spec = os.environ.get(FAIL_AT_ENV, '')
    if ':' not in spec:
        return None
    target, step = spec.split(':', 1)
    return int(step) if int(target) == rank else None


def watch_parent(parent_pid):
    """Ends this rank when the protocol process is gone (e.g. killed), instead of training on."""
    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid:
                os._exit(3)
    threading.Thread(target=watch, name='parent-watch', daemon=True).start()


def _trained_names(module, mode):
    return [name for name, _ in module.named_parameters() if lora.is_adapter_parameter(name) == (mode == 'lora')]


class QueueSink:
    """Where rank 0's events and result go under the spawn launcher: the protocol process's queue,
    and the trained weights into the shared-memory buffers it reads back."""

    def __init__(self, messages, weights):
        self.messages = messages
        self.weights = weights

    def event(self, event):
        self.messages.put({'kind': 'event', 'event': event})

    def finish(self, result, trained):
        with torch.no_grad():
            for name, buffer in self.weights.items():
                buffer.copy_(trained[name].detach().cpu())
        self.messages.put({'kind': 'result', 'result': result})

    def error(self, rank, error):
        self.messages.put({'kind': 'error', 'rank': rank, 'error': error})


def run_rank(rank, world_size, local_rank, payload, sink):
    """One rank of a run, under either launcher: joins the process group (``env://``: RANK,
    WORLD_SIZE, MASTER_ADDR, MASTER_PORT are set), trains its shard and, on rank 0, reports
    through ``sink`` (``event``; ``finish`` with the result and the trained weights by name); every
    rank hands its failure to ``sink.error``.

    @returns the exit status of the rank's process: 0, or 1 after a failure
    """
    torch.set_num_threads(payload['threads'])
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    devices.configure_determinism()
    entry, args = payload['entry'], payload['args']
    device = torch.device('cpu')
    if payload['device_type'] == 'cuda':
        torch.cuda.set_device(local_rank)
        device = torch.device('cuda', local_rank)
    entry.module = copy.deepcopy(entry.module).to(device)  # its own weights, not the shared snapshot
    entry.device = device
    emit = sink.event if rank == 0 else (lambda event: None)
    try:
        dist.init_process_group('nccl' if device.type == 'cuda' else 'gloo', init_method='env://',
                                rank=rank, world_size=world_size)
        parallel = Rank(rank, world_size, args['seed'], device, _fail_at(rank))
        result = training.train(entry, payload['dataset'], args, emit, lambda: False, parallel)
        if rank == 0:
            parameters = dict(entry.module.named_parameters())
            sink.finish(result, {name: parameters[name] for name in _trained_names(entry.module, args.get('mode', 'lora'))})
        dist.destroy_process_group()
        return 0
    except WorkerError as error:
        sink.error(rank, error.to_json())
        return 1
    except Exception as error:  # noqa: BLE001 - every failure must reach the protocol process
        text = ''.join(traceback.format_exception(type(error), error, error.__traceback__))[-4000:]
        sink.error(rank, {'code': 'internal', 'message': f'{type(error).__name__}: {error}',
                          'details': {'traceback': text}})
        return 1


def _rank_main(rank, world_size, port, payload, messages, parent_pid):
    """One rank started by the spawn launcher: torchrun's environment, then ``run_rank``."""
    os.environ.update({'RANK': str(rank), 'WORLD_SIZE': str(world_size), 'LOCAL_RANK': str(rank),
                       'MASTER_ADDR': '127.0.0.1', 'MASTER_PORT': str(port)})
    watch_parent(parent_pid)
    sys.exit(run_rank(rank, world_size, rank, payload, QueueSink(messages, payload['weights'])))


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


def remove_partial_checkpoints(directory, pids=None):
    """Removes checkpoint folders that a stopped rank was still writing (``.checkpoint-<step>.tmp-<pid>``):
    those of ``pids``, or, with ``pids`` None (torchrun started the ranks, so their pids are not
    known here), those of every process that no longer runs."""
    if not directory or not os.path.isdir(directory):
        return
    for name in os.listdir(directory):
        if not name.startswith('.checkpoint-') or '.tmp-' not in name:
            continue
        pid = name.rsplit('.tmp-', 1)[1]
        if not pid.isdigit():
            continue
        if (int(pid) in pids) if pids is not None else not _running(int(pid)):
            shutil.rmtree(os.path.join(directory, name), ignore_errors=True)


def _running(pid):
    """Whether process ``pid`` exists and is not a zombie (one that ended but is not yet reaped)."""
    try:
        with open(f'/proc/{pid}/stat', 'r') as handle:
            return handle.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def ended(exit_code):
    """How a rank ended, in words: ``exit code 1`` or ``signal SIGKILL`` (negative: killed by that signal)."""
    if exit_code is not None and exit_code < 0:
        try:
            return f'signal {signal.Signals(-exit_code).name}'
        except ValueError:
            return f'signal {-exit_code}'
    return f'exit code {exit_code}'


def failure(world_size, dead, errors, args, step):
    """The WorkerError of a failed run, whichever launcher ran it.

    ``dead`` is ``[(rank, exit_code), ...]`` of the ranks that ended without finishing, the first
    observed first; ``errors`` maps rank -> the error a rank reported itself. The first rank that
    died without a word is the cause (``rank_failed``); else the lowest rank's own WorkerError;
    else ``rank_failed`` with its message. The message names the newest complete checkpoint.
    """
    directory = args.get('checkpoint_dir')
    newest = checkpoints.latest(directory) if directory else None
    details = {'processes': world_size, 'step': step, 'checkpoint': newest[1] if newest else None}
    resume = f'; resume: true continues from {newest[1]}' if newest else ''
    codes = dict(dead)
    silent = [rank for rank, code in dead if rank not in errors and code not in (0, None)]
    if silent or not errors:
        rank = silent[0] if silent else (dead[0][0] if dead else None)
        code = codes.get(rank)
        who = f'training rank {rank} of {world_size}' if rank is not None else f'a training rank of {world_size}'
        return WorkerError('rank_failed', f'{who} ended with {ended(code)} after step {step}; '
                           f'the other ranks were stopped{resume}', {**details, 'rank': rank, 'exit_code': code})
    rank = min(errors)
    error = errors[rank]
    if error['code'] != 'internal':
        return WorkerError(error['code'], error['message'], {**error['details'], 'rank': rank})
    return WorkerError('rank_failed', f'training rank {rank} of {world_size} failed after step {step}: '
                       f'{error["message"]}{resume}', {**details, **error['details'], 'rank': rank,
                                                        'exit_code': codes.get(rank)})


def check_parallel(entry, dataset, args, world_size):
    """Refuses a run that cannot be split: the world size must divide the global batch, and on
    CUDA each local rank needs its own GPU.

    @throws WorkerError invalid_args
    """
    batch = min(args['batch_size'], len(dataset))
    if batch % world_size:
        raise invalid_args(f'invalid processes: {world_size} (must divide the global batch of {batch} examples)',
                           processes=world_size, batch_size=batch)
    local = args['processes']
    if entry.device.type == 'cuda' and torch.cuda.device_count() < local:
        raise invalid_args(f'invalid processes: {local} (this machine has {torch.cuda.device_count()} GPUs)',
                           processes=local)


def payload_of(entry, dataset, args):
    """What every rank starts from: a CPU copy of the model, the dataset, the run's arguments."""
    snapshot = copy.copy(entry)
    snapshot.module = copy.deepcopy(entry.module).cpu()
    return {'entry': snapshot, 'dataset': dataset, 'args': args,
            'threads': torch.get_num_threads(), 'device_type': entry.device.type}


def thread_environment(threads):
    """The environment a rank process needs to start with ``threads`` threads: OpenMP and
    OpenBLAS read their thread counts when torch loads, before ``run_rank`` can set them, so
    without these a rank would start one BLAS thread per core (torchrun sets 1 instead)."""
    return {'OMP_NUM_THREADS': str(threads), 'OPENBLAS_NUM_THREADS': str(threads)}


def take_weights(entry, weights, mode):
    """Copies the trained weights (name -> CPU tensor) into the worker's model, which is then as
    after a one-process train."""
    parameters = dict(entry.module.named_parameters())
    with torch.no_grad():
        for name, value in weights.items():
            parameters[name].copy_(value.to(parameters[name].device))
    lora.select_trainable(entry.module, mode)


def train(entry, dataset, args, emit, cancelled):
    """``training.train`` over ``args['processes']`` rank processes (times ``nodes``); same result and
    events, and the same model in the worker afterwards. ``launcher`` picks who starts the ranks:
    ``torchrun`` (the default; ``torchrun_launch``) or ``spawn`` (this module, one machine only).

    @throws WorkerError invalid_args (processes must divide the global batch; enough GPUs),
        rank_failed, cancelled, and whatever a rank raises (no_adapter, checkpoint_mismatch, diverged)
    """
    if args.get('launcher', 'torchrun') == 'torchrun':
        from . import torchrun_launch
        return torchrun_launch.train(entry, dataset, args, emit, cancelled)
    if args.get('nodes', 1) > 1:
        raise invalid_args(f'invalid launcher: spawn runs on one machine; nodes: {args["nodes"]} needs launcher torchrun',
                           launcher='spawn', nodes=args['nodes'])
    return _spawn_train(entry, dataset, args, emit, cancelled)


def _spawn_train(entry, dataset, args, emit, cancelled):
    """The spawn launcher: N ranks from ``torch.multiprocessing``, messages through a queue."""
    world_size = args['processes']
    mode = args.get('mode', 'lora')
    check_parallel(entry, dataset, args, world_size)
    trained = set(_trained_names(entry.module, mode))
    weights = {name: parameter.detach().to('cpu', copy=True).share_memory_()
               for name, parameter in entry.module.named_parameters() if name in trained}
    payload = {**payload_of(entry, dataset, args), 'weights': weights}
    context = torch.multiprocessing.get_context('spawn')
    messages = context.Queue()
    port = free_port()
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

    started, dead = [], []
    saved = {name: os.environ.get(name) for name in thread_environment(payload['threads'])}
    try:
        os.environ.update(thread_environment(payload['threads']))  # what the spawned ranks inherit
        try:
            for process in processes:
                process.start()
                started.append(process)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        while True:
            drain(POLL_SECONDS)
            if cancelled():
                raise WorkerError('cancelled', f'training cancelled at step {step} of {args["steps"]}', {'step': step})
            dead += [(rank, process.exitcode) for rank, process in enumerate(processes)
                     if process.exitcode not in (None, 0) and rank not in dict(dead)]
            if dead:
                _stop(processes)
                drain(0.2)
                dead += [(rank, process.exitcode) for rank, process in enumerate(processes)
                         if process.exitcode not in (0, None, -signal.SIGTERM, -signal.SIGKILL) and rank not in dict(dead)]
                raise failure(world_size, dead, errors, args, step)
            if all(process.exitcode == 0 for process in processes):
                drain(0.2)
                break
    finally:
        _stop(started)
        remove_partial_checkpoints(args.get('checkpoint_dir'), [process.pid for process in started])
        messages.close()
    if 'result' not in outcome:
        raise WorkerError('rank_failed', 'training rank 0 ended without a result', {'processes': world_size})
    take_weights(entry, weights, mode)
    return outcome['result']
