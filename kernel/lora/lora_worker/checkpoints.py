"""Training checkpoints that a killed run resumes from exactly.

A checkpoint is a folder ``<dir>/checkpoint-<step>`` (the step count completed) holding:

- the trained weights: the adapter in PEFT's layout (so a checkpoint is also a usable adapter),
  or, for full fine-tuning, ``model.safetensors`` with every base weight;
- ``trainer_state.json`` + ``trainer_state.safetensors``: Adam's state (moments and step counts
  as tensors, hyper-parameters as JSON), the random states (``rng.capture``), the loss log so far
  and the run's key (what must match to resume). No pickle: reading a checkpoint runs no code,
  and the files are the same under torch 1.13 and 2.x.

It is written into a hidden temporary folder and renamed into place, so a process killed while
writing leaves either the previous checkpoints or a complete new one, never a half-written one.
"""

import json
import os
import re
import shutil

import torch

from . import adapters, lora
from .errors import WorkerError
from .safetensors_io import load_file, save_file

PATTERN = re.compile(r'^checkpoint-(\d+)$')
STATE_FILE = 'trainer_state.json'
STATE_TENSORS_FILE = 'trainer_state.safetensors'
MODEL_FILE = 'model.safetensors'


def _fsync_directory(path):
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def list_checkpoints(directory):
    """``(step, path)`` of the complete checkpoints in ``directory``, oldest first."""
    if not os.path.isdir(directory):
        return []
    found = []
    for name in os.listdir(directory):
        match = PATTERN.match(name)
        if match and os.path.isfile(os.path.join(directory, name, STATE_FILE)):
            found.append((int(match.group(1)), os.path.join(directory, name)))
    return sorted(found)


def latest(directory):
    """The newest ``(step, path)`` in ``directory``, or None."""
    found = list_checkpoints(directory)
    return found[-1] if found else None


def write(directory, step, entry, mode, trainer_state, keep):
    """Writes checkpoint ``step`` atomically, keeps the newest ``keep``, and returns its path.

    @throws WorkerError io_error
    """
    final = os.path.join(directory, f'checkpoint-{step}')
    temporary = os.path.join(directory, f'.checkpoint-{step}.tmp-{os.getpid()}')
    try:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):  # leftovers of a process killed while writing
            if name.startswith('.checkpoint-') and '.tmp-' in name:
                shutil.rmtree(os.path.join(directory, name), ignore_errors=True)
        os.makedirs(temporary)
        if mode == 'lora':
            adapters.save(entry, temporary)
        else:
            save_file(dict(lora.base_parameters(entry.module)), os.path.join(temporary, MODEL_FILE))
        _write_state(temporary, trainer_state)
        _fsync_directory(temporary)
        if os.path.exists(final):
            shutil.rmtree(final)
        os.rename(temporary, final)
        _fsync_directory(directory)
        for _, old in list_checkpoints(directory)[:-keep]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise WorkerError('io_error', f'cannot write checkpoint {final}: {error.strerror}', {'path': final})
    return final


def _write_state(folder, state):
    """Splits a trainer state into JSON (numbers, lists, the run key) and tensors (safetensors)."""
    optimizer = state['optimizer']
    tensors = {'rng.torch': state['rng']['torch']}
    for index, cuda_state in enumerate(state['rng']['cuda'] or []):
        tensors[f'rng.cuda.{index}'] = cuda_state
    plain_state = {}
    for param_index, values in optimizer['state'].items():
        for key, value in values.items():
            if torch.is_tensor(value):
                tensors[f'optimizer.state.{param_index}.{key}'] = value
            else:
                plain_state.setdefault(str(param_index), {})[key] = value
    version, internal, gauss = state['rng']['python']
    document = {
        'step': state['step'], 'losses': state['losses'], 'window': state['window'], 'run': state['run'],
        'optimizer': {'param_groups': optimizer['param_groups'], 'plain_state': plain_state,
                      'params': sorted(optimizer['state'])},
        'rng': {'python': [version, list(internal), gauss], 'cuda_devices': len(state['rng']['cuda'] or [])},
    }
    save_file(tensors, os.path.join(folder, STATE_TENSORS_FILE))
    path = os.path.join(folder, STATE_FILE)
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(document, handle, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())


def read_state(path):
    """The trainer state of the checkpoint folder ``path`` (tensors on the CPU), in the shape
    training wrote it: ``step, losses, window, run, optimizer (a state_dict), rng``.

    @throws WorkerError io_error
    """
    try:
        with open(os.path.join(path, STATE_FILE), 'r', encoding='utf-8') as handle:
            document = json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        raise WorkerError('io_error', f'cannot read checkpoint {path}: {error}', {'path': path})
    tensors, _ = load_file(os.path.join(path, STATE_TENSORS_FILE))
    optimizer_state = {}
    for param_index in document['optimizer']['params']:
        values = dict(document['optimizer']['plain_state'].get(str(param_index), {}))
        prefix = f'optimizer.state.{param_index}.'
        for name, tensor in tensors.items():
            if name.startswith(prefix):
                values[name[len(prefix):]] = tensor
        optimizer_state[param_index] = values
    groups = []
    for group in document['optimizer']['param_groups']:
        group = dict(group)
        if isinstance(group.get('betas'), list):
            group['betas'] = tuple(group['betas'])
        groups.append(group)
    version, internal, gauss = document['rng']['python']
    cuda = [tensors[f'rng.cuda.{index}'] for index in range(document['rng']['cuda_devices'])]
    return {
        'step': document['step'], 'losses': document['losses'], 'window': document['window'], 'run': document['run'],
        'optimizer': {'state': optimizer_state, 'param_groups': groups},
        'rng': {'torch': tensors['rng.torch'], 'cuda': cuda or None, 'python': (version, tuple(internal), gauss)},
    }


def restore_weights(path, entry, mode):
    """Copies the checkpoint's weights into ``entry``'s existing parameters (adapter, or every base
    weight), in place, so parameter objects and their order stay those of the running model.

    @throws WorkerError checkpoint_mismatch when a tensor is missing or has another shape
    """
    if mode == 'lora':
        tensors, _ = load_file(os.path.join(path, adapters.WEIGHTS_FILE))
        targets = adapters.adapter_tensors(entry)
    else:
        tensors, _ = load_file(os.path.join(path, MODEL_FILE))
        targets = dict(lora.base_parameters(entry.module))
    if sorted(tensors) != sorted(targets):
        raise WorkerError('checkpoint_mismatch', f'checkpoint {path} holds other tensors than the model',
                          {'path': path, 'missing': sorted(set(targets) - set(tensors)),
                           'unexpected': sorted(set(tensors) - set(targets))})
    with torch.no_grad():
        for name, parameter in targets.items():
            if list(tensors[name].shape) != list(parameter.shape):
                raise WorkerError('checkpoint_mismatch', f'{name} in checkpoint {path} has shape '
                                  f'{list(tensors[name].shape)}, the model needs {list(parameter.shape)}',
                                  {'path': path, 'tensor': name})
            parameter.copy_(tensors[name].to(parameter.dtype))
