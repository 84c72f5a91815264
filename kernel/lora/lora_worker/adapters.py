"""LoRA adapters in PEFT's on-disk layout, so PEFT can read what the worker writes and back.

A folder holds ``adapter_config.json`` (``peft_type: LORA``, ``r``, ``lora_alpha``,
``lora_dropout``, ``target_modules``, ``base_model_name_or_path``, and PEFT's other LoRA fields
at their defaults) and ``adapter_model.safetensors`` whose keys are
``base_model.model.<module path>.lora_A.weight`` (shape r x in) and ``...lora_B.weight``
(out x r): PEFT's names with the adapter name removed, as ``PeftModel.save_pretrained`` writes them.
With ``modules_to_save`` (recorded in the config as given), the trainable copy of each module to
save is stored under the module's own name, ``base_model.model.<module path>.<tensor>`` (e.g.
``base_model.model.classifier.weight``), as PEFT stores it.
The safetensors metadata records ``format: pt`` (as PEFT) plus the base weights' SHA-256 and the
task, which :func:`load` checks so an adapter is not applied to a different base by mistake.
"""

import json
import os
import re

import torch

from . import fingerprint, lora, nf4
from .atomic import write_atomically
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
        'lora_dropout': adapter['dropout'], 'modules_to_save': list(adapter.get('modules_to_save') or []) or None, 'peft_type': 'LORA', 'r': adapter['r'],
        'rank_pattern': {}, 'revision': None, 'target_modules': adapter['target_modules'], 'task_type': None,
        'use_dora': False, 'use_rslora': False,
    }


def adapter_tensors(entry):
    """PEFT key -> tensor of a model's adapter."""
    tensors = {}
    for name, layer in lora.adapter_layers(entry.module):
        tensors[f'{PREFIX}{name}.lora_A.weight'] = layer.lora_A.weight
        tensors[f'{PREFIX}{name}.lora_B.weight'] = layer.lora_B.weight
    # PEFT's get_peft_model_state_dict (src/peft/utils/save_and_load.py) stores a ModulesToSaveWrapper
    # without its ``modules_to_save.<adapter>.`` part:
    #     {f"{name}.{k}": v for k, v in module.adapter_state_dict(adapter_name, module_state_dict).items()}
    # where adapter_state_dict (src/peft/utils/other.py) returns the copy's own keys,
    #     k: state_dict[f"modules_to_save.{adapter_name}.{k}"] for k in self.modules_to_save[adapter_name].state_dict()
    # so the key is e.g. ``base_model.model.classifier.weight`` (PEFT 0.10 wrote the same via
    # ``key.replace("modules_to_save.", "")`` then dropping ``.default``).
    for name, wrapper in lora.saved_modules(entry.module):
        for key, tensor in wrapper.modules_to_save.state_dict(keep_vars=True).items():
            tensors[f'{PREFIX}{name}.{key}'] = tensor
    return tensors


def save(entry, path):
    """Writes the adapter of ``entry`` into folder ``path``; returns the files written.

    @throws WorkerError no_adapter, io_error
    """
    entry.adapter_summary()  # raises no_adapter
    try:
        os.makedirs(path, exist_ok=True)
        config_path = os.path.join(path, CONFIG_FILE)
        config = peft_config(entry)

        def write(temporary):
            with open(temporary, 'w', encoding='utf-8') as handle:
                json.dump(config, handle, indent=2, sort_keys=True)
                handle.write('\n')
        write_atomically(config_path, write)
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
    for key in ('rank_pattern', 'alpha_pattern', 'layers_to_transform', 'layer_replication',
                'exclude_modules', 'trainable_token_indices', 'lora_bias'):
        if config.get(key):
            raise invalid_args(f'unsupported {key}: {config[key]!r} in {config_path}')
    modules_to_save = config.get('modules_to_save')
    if modules_to_save is not None and (not isinstance(modules_to_save, list)
                                        or not all(isinstance(m, str) and m for m in modules_to_save)):
        raise invalid_args(f'invalid modules_to_save: {modules_to_save!r} in {config_path} (must be a list of module names)')
    if not isinstance(config.get('r'), int) or config['r'] < 1:
        raise invalid_args(f'invalid r: {config.get("r")!r} in {config_path}')
    return config


def load(entry, path, strict=True):
    """Reads the PEFT adapter in folder ``path`` and attaches it to ``entry``, replacing any adapter.

    ``target_modules`` may be a list (PEFT's suffix rule) or a string (a regular expression that
    must match the whole module name, as in PEFT). ``modules_to_save`` (a list, PEFT's suffix rule)
    wraps those modules and restores their trained copies from the file.

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
    modules_to_save = config.get('modules_to_save') or []
    try:
        saved = lora.saved_module_names(entry.module, modules_to_save) if modules_to_save else []
    except WorkerError as error:
        raise WorkerError('adapter_mismatch', f'adapter at {path}: {error.message}', {'path': path, **error.details})
    by_saved = {name: {} for name in saved}
    by_module = {}
    for key, tensor in tensors.items():
        owner = next((name for name in saved if key.startswith(f'{PREFIX}{name}.')), None)
        if owner is not None:
            by_saved[owner][key[len(f'{PREFIX}{owner}.'):]] = tensor
            continue
        match = KEY.match(key)
        if not match:
            raise WorkerError('adapter_mismatch', f'unexpected tensor {key!r} in {path}', {'path': path, 'key': key})
        by_module.setdefault(match.group(1), {})[match.group(2)] = tensor
    targets = config['target_modules']
    names = lora.linear_module_names(entry.module)
    if isinstance(targets, str):
        targets = [name for name in names if re.fullmatch(targets, name) and not lora.inside(name, saved)]
    expected = [name for name in names if lora.matches(name, targets) and not lora.inside(name, saved)]
    if sorted(expected) != sorted(by_module):
        raise WorkerError('adapter_mismatch',
                          f'adapter at {path} holds modules that do not match the model {entry.name!r}',
                          {'path': path, 'missing': sorted(set(expected) - set(by_module)),
                           'unexpected': sorted(set(by_module) - set(expected))})
    for name in saved:
        needed = sorted(entry.module.get_submodule(name).state_dict())
        if sorted(by_saved[name]) != needed:
            raise WorkerError('adapter_mismatch',
                              f'adapter at {path} holds other tensors of module to save {name!r} than the model has',
                              {'path': path, 'module': name, 'missing': sorted(set(needed) - set(by_saved[name])),
                               'unexpected': sorted(set(by_saved[name]) - set(needed))})
    lora.remove(entry.module)
    entry.adapter = None
    lora.inject(entry.module, config['r'], config['lora_alpha'], config.get('lora_dropout', 0.0) or 0.0,
                targets, seed=0, modules_to_save=modules_to_save)
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
        for name, wrapper in lora.saved_modules(entry.module):
            for key, value in wrapper.modules_to_save.state_dict(keep_vars=True).items():
                tensor = by_saved[name][key]
                if list(tensor.shape) != list(value.shape):
                    lora.remove(entry.module)
                    raise WorkerError('adapter_mismatch',
                                      f'{key} of {name} in {path} has shape {list(tensor.shape)}, '
                                      f'the model needs {list(value.shape)}', {'path': path, 'module': name})
                value.copy_(tensor.to(value.dtype))
    # A regular expression is recorded as the full names it selected (same modules under PEFT's list rule).
    entry.adapter = {'r': config['r'], 'alpha': config['lora_alpha'], 'dropout': config.get('lora_dropout', 0.0) or 0.0,
                     'target_modules': list(targets), 'targets': expected, 'modules_to_save': list(modules_to_save),
                     'saved_modules': [name for name, _ in lora.saved_modules(entry.module)]}
    # On a QLoRA base (NF4 layers, e.g. after add_adapter method qlora), the adapter sits on NF4 weights.
    quantized = [layer.base_layer for _, layer in lora.adapter_layers(entry.module) if isinstance(layer.base_layer, nf4.NF4Linear)]
    if quantized:
        entry.adapter.update(method='qlora', double_quant=quantized[0].double_quant)
    return entry.adapter_summary()
