"""Initialise a new model's trunk from a saved model (``build_model``'s ``init_from``).

DistilBERT-style (Sanh et al. 2019, https://arxiv.org/abs/1910.01108, section 3: the student is
initialised from the teacher by taking layers of it): the new model is built from its seed as
usual, then these tensors are overwritten with the base's, byte for byte:

- ``model.embed_tokens.weight``;
- ``model.embed_positions.weight``: its first ``max_len`` rows (the new ``max_len`` may be
  smaller than the base's, never larger);
- ``model.layers.<j>.*`` from the base's ``model.layers.<layers[j]>.*``, where ``layers`` defaults to
  the first ``n_layers`` of the base (an explicit list picks others, e.g. ``[0, 2]``);
- ``model.norm.*``.

Everything else (the head: ``classifier`` or ``lm_head``) keeps its fresh weights from the seed.
The base is a folder written by ``save_model`` (``config.json`` + ``model.safetensors``) of any
task: a masked_lm base initialises a classifier. Shapes must agree: ``d_model``, ``n_heads``,
``d_ff`` and ``vocab_size`` equal to the base's.
"""

import os
import re

import torch

from . import fingerprint
from .errors import invalid_args
from .json_files import read_json
from .model import normalize_config
from .safetensors_io import load_file
from .schema import SchemaViolation, protocol

CONFIG_FILE = 'config.json'
WEIGHTS_FILE = 'model.safetensors'
#: Config fields that fix the trunk's tensor shapes and must equal the base's.
MUST_MATCH = ('d_model', 'n_heads', 'd_ff', 'vocab_size')
LAYER = re.compile(r'^model\.layers\.(\d+)\.(.+)$')


def read_base(path):
    """``(config, tensors)`` of a folder written by ``save_model`` (config normalised).

    @throws WorkerError invalid_args, not_found, io_error
    """
    config, config_path = read_json(path, CONFIG_FILE, 'model')
    try:
        protocol().validate(config, 'ModelConfig')
    except SchemaViolation as violation:
        raise invalid_args(f'invalid model config {config_path}: {violation}', path=config_path)
    tensors, _ = load_file(os.path.join(path, WEIGHTS_FILE))
    return normalize_config(config), tensors


def plan(config, base_config, layers, path):
    """The base layer index of each new layer, after checking the configs fit.

    @throws WorkerError invalid_args naming the field, both values and the base's path
    """
    for field in MUST_MATCH:
        if config[field] != base_config[field]:
            raise invalid_args(f'invalid init_from: {field} {config[field]} differs from the base\'s '
                               f'{base_config[field]} ({path})', field=field, value=config[field],
                               base=base_config[field], path=path)
    if config['max_len'] > base_config['max_len']:
        raise invalid_args(f'invalid init_from: max_len {config["max_len"]} is longer than the base\'s '
                           f'{base_config["max_len"]} ({path}): positions beyond it were never trained',
                           max_len=config['max_len'], base=base_config['max_len'], path=path)
    base_layers = base_config['n_layers']
    if layers is None:
        if config['n_layers'] > base_layers:
            raise invalid_args(f'invalid init_from: n_layers {config["n_layers"]} is more than the base\'s '
                               f'{base_layers} ({path})', n_layers=config['n_layers'], base=base_layers, path=path)
        return list(range(config['n_layers']))
    if len(layers) != config['n_layers']:
        raise invalid_args(f'invalid init_from layers: {len(layers)} indices {layers} for n_layers '
                           f'{config["n_layers"]}', layers=layers, n_layers=config['n_layers'])
    for index in layers:
        if index >= base_layers:
            raise invalid_args(f'invalid init_from layers: index {index} (the base has {base_layers} layers, '
                               f'0-{base_layers - 1}; {path})', layers=layers, base=base_layers, path=path)
    if len(set(layers)) != len(layers):
        raise invalid_args(f'invalid init_from layers: {layers} repeats an index', layers=layers)
    return list(layers)


def source_name(name, mapping):
    """The base tensor a new trunk tensor comes from, or None for a tensor not taken from the base."""
    if name in ('model.embed_tokens.weight', 'model.embed_positions.weight') or name.startswith('model.norm.'):
        return name
    match = LAYER.match(name)
    if match:
        return f'model.layers.{mapping[int(match.group(1))]}.{match.group(2)}'
    return None


def apply(module, config, spec):
    """Copies the base's trunk into ``module`` (built from ``config``); returns the ``InitFromSummary``.

    @throws WorkerError invalid_args, not_found, io_error
    """
    path = spec['path']
    base_config, tensors = read_base(path)
    mapping = plan(config, base_config, spec.get('layers'), path)
    copied, fresh = [], []
    with torch.no_grad():
        for name, parameter in module.named_parameters():
            source = source_name(name, mapping)
            if source is None:
                fresh.append(name)
                continue
            if source not in tensors:
                raise invalid_args(f'invalid init_from: {path} has no tensor {source}', tensor=source, path=path)
            tensor = tensors[source]
            if name == 'model.embed_positions.weight':
                tensor = tensor[:config['max_len']]
            if list(tensor.shape) != list(parameter.shape):
                raise invalid_args(f'invalid init_from: {source} in {path} has shape {list(tensor.shape)}, '
                                   f'{name} needs {list(parameter.shape)}', tensor=source, path=path)
            parameter.copy_(tensor.to(parameter.dtype))
            copied.append({'name': name, 'from': source})
    return {'path': path, 'base_sha256': fingerprint.digest(tensors.items()), 'base_task': base_config['task'],
            'base_n_layers': base_config['n_layers'], 'base_max_len': base_config['max_len'], 'layers': mapping,
            'copied': copied, 'fresh': fresh}
