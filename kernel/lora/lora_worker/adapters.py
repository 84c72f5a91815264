"""LoRA adapters in PEFT's on-disk layout, so PEFT can read what the worker writes and back.

A folder holds ``adapter_config.json`` (``peft_type: LORA``, ``r``, ``lora_alpha``,
``lora_dropout``, ``target_modules``, ``base_model_name_or_path``, and PEFT's other LoRA fields
at their defaults) and ``adapter_model.safetensors`` whose keys are
``base_model.model.<module path>.lora_A.weight`` (shape r x in) and ``...lora_B.weight``
(out x r): PEFT's names with the adapter name removed, as ``PeftModel.save_pretrained`` writes them.
The safetensors metadata records ``format: pt`` (as PEFT) plus the base weights' SHA-256 and the
task, which :func:`load` checks so an adapter is not applied to a different base by mistake.
"""

import json
import os
import re

import torch

from . import fingerprint, lora
from .errors import WorkerError, invalid_args
from .json_files import read_json
from .safetensors_io import load_file, save_file

CONFIG_FILE = 'adapter_config.json'
WEIGHTS_FILE = 'adapter_model.safetensors'
PREFIX = 'base_model.model.'
KEY = re.compile(r'^base_model\.model\.(.+)\.(lora_A|lora_B)(?:\.default)?\.weight$')


def base_model_name(entry):
    """The ``base_model_name_or_path`` recorded for a model: architecture and base fingerprint."""
    config = entry.config
    return (f'payback/{config["task"]}-d{config["d_model"]}-l{config["n_layers"]}'
            f'@{fingerprint.base_sha256(entry.module)[:16]}')


def peft_config(entry):
    """The ``adapter_config.json`` object of a model's adapter."""
    adapter = entry.adapter
    return {
        'alpha_pattern': {}, 'auto_mapping': None, 'base_model_name_or_path': base_model_name(entry),
        'bias': 'none', 'fan_in_fan_out': False, 'inference_mode': True, 'init_lora_weights': True,
        'layers_pattern': None, 'layers_to_transform': None, 'lora_alpha': adapter['alpha'],
        'lora_dropout': adapter['dropout'], 'modules_to_save': None, 'peft_type': 'LORA', 'r': adapter['r'],
        'rank_pattern': {}, 'revision': None, 'target_modules': adapter['target_modules'], 'task_type': None,
        'use_dora': False, 'use_rslora': False,
    }


def adapter_tensors(entry):
    """PEFT key -> tensor of a model's adapter."""
    tensors = {}
    for name, layer in lora.adapter_layers(entry.module):
        tensors[f'{PREFIX}{name}.lora_A.weight'] = layer.lora_A.weight
        tensors[f'{PREFIX}{name}.lora_B.weight'] = layer.lora_B.weight
    return tensors


def save(entry, path):
    """Writes the adapter of ``entry`` into folder ``path``; returns the files written.

    @throws WorkerError no_adapter, io_error
    """
    entry.adapter_summary()  # raises no_adapter
    try:
        os.makedirs(path, exist_ok=True)
        config_path = os.path.join(path, CONFIG_FILE)
        temporary = f'{config_path}.tmp-{os.getpid()}'
        with open(temporary, 'w', encoding='utf-8') as handle:
            json.dump(peft_config(entry), handle, indent=2, sort_keys=True)
            handle.write('\n')
        os.replace(temporary, config_path)
        weights_path = os.path.join(path, WEIGHTS_FILE)
        metadata = {'format': 'pt', 'payback_base_sha256': fingerprint.base_sha256(entry.module),
                    'payback_task': entry.config['task']}
        save_file(adapter_tensors(entry), weights_path, metadata)
    except OSError as error:
        raise WorkerError('io_error', f'cannot write adapter to {path}: {error.strerror}', {'path': path})
    return [config_path, weights_path]


def _read_config(path):
    config, config_path = read_json(path, CONFIG_FILE, 'adapter')
    if config.get('peft_type') != 'LORA':
        raise invalid_args(f'invalid peft_type: {config.get("peft_type")!r} in {config_path} (must be "LORA")')
    unsupported = {'use_rslora': False, 'use_dora': False, 'bias': 'none', 'fan_in_fan_out': False}
    for key, expected in unsupported.items():
        if config.get(key, expected) != expected:
            raise invalid_args(f'unsupported {key}: {config[key]!r} in {config_path} (supported: {expected!r})')
    for key in ('rank_pattern', 'alpha_pattern', 'modules_to_save', 'layers_to_transform', 'layer_replication',
                'exclude_modules', 'trainable_token_indices', 'lora_bias'):
        if config.get(key):
            raise invalid_args(f'unsupported {key}: {config[key]!r} in {config_path}')
    if not isinstance(config.get('r'), int) or config['r'] < 1:
        raise invalid_args(f'invalid r: {config.get("r")!r} in {config_path}')
    return config


def load(entry, path, strict=True):
    """Reads the PEFT adapter in folder ``path`` and attaches it to ``entry``, replacing any adapter.

    ``target_modules`` may be a list (PEFT's suffix rule) or a string (a regular expression that
    must match the whole module name, as in PEFT).

    @throws WorkerError not_found, io_error, invalid_args, adapter_mismatch
    """
    config = _read_config(path)
    tensors, metadata = load_file(os.path.join(path, WEIGHTS_FILE))
    recorded = metadata.get('payback_base_sha256')
    actual = fingerprint.base_sha256(entry.module)
    if strict and recorded and recorded != actual:
        raise WorkerError('adapter_mismatch',
                          f'adapter at {path} was trained on base weights {recorded[:16]}, not {actual[:16]} of model {entry.name!r}',
                          {'path': path, 'adapter_base_sha256': recorded, 'model_base_sha256': actual})
    by_module = {}
    for key, tensor in tensors.items():
        match = KEY.match(key)
        if not match:
            raise WorkerError('adapter_mismatch', f'unexpected tensor {key!r} in {path}', {'path': path, 'key': key})
        by_module.setdefault(match.group(1), {})[match.group(2)] = tensor
    targets = config['target_modules']
    names = lora.linear_module_names(entry.module)
    if isinstance(targets, str):
        targets = [name for name in names if re.fullmatch(targets, name)]
    expected = [name for name in names if lora.matches(name, targets)]
    if sorted(expected) != sorted(by_module):
        raise WorkerError('adapter_mismatch',
                          f'adapter at {path} holds modules that do not match the model {entry.name!r}',
                          {'path': path, 'missing': sorted(set(expected) - set(by_module)),
                           'unexpected': sorted(set(by_module) - set(expected))})
    lora.remove(entry.module)
    entry.adapter = None
    lora.inject(entry.module, config['r'], config['lora_alpha'], config.get('lora_dropout', 0.0) or 0.0,
                targets, seed=0)
    with torch.no_grad():
        for name, layer in lora.adapter_layers(entry.module):
            for part in ('lora_A', 'lora_B'):
                weight = getattr(layer, part).weight
                tensor = by_module[name].get(part)
                if tensor is None or list(tensor.shape) != list(weight.shape):
                    lora.remove(entry.module)
                    raise WorkerError('adapter_mismatch',
                                      f'{part} of {name} in {path} has shape {None if tensor is None else list(tensor.shape)}, '
                                      f'the model needs {list(weight.shape)}',
                                      {'path': path, 'module': name})
                weight.copy_(tensor.to(weight.dtype))
    # A regular expression is recorded as the full names it selected (same modules under PEFT's list rule).
    entry.adapter = {'r': config['r'], 'alpha': config['lora_alpha'], 'dropout': config.get('lora_dropout', 0.0) or 0.0,
                     'target_modules': list(targets), 'targets': expected}
    return entry.adapter_summary()
