"""One handler per protocol command: ``handler(state, args, job) -> result``.

Handlers receive arguments already checked against ``<Cmd>Args`` of the schema and return the
``<Cmd>Result`` object, which the server checks again before sending. ``cancel`` and
``shutdown`` are handled by the server itself (they concern the queue, not the models).
"""

import json
import os
import platform

import torch

from . import PROTOCOL_VERSION, adapters, device as devices, fingerprint, inference, init_from, lora, training
from .datasets import make_dataset as build_dataset
from .errors import WorkerError, invalid_args
from .json_files import read_json
from .model import build_model as construct
from .safetensors_io import load_file, save_file
from .schema import SchemaViolation, protocol
from .state import ModelEntry

MODEL_CONFIG_FILE = 'config.json'
MODEL_WEIGHTS_FILE = 'model.safetensors'


def info(state, args, job):
    """Versions, the device ``auto`` resolves to, threads and process id."""
    device = devices.resolve_device('auto')
    dtype = devices.autocast_dtype(device)
    return {
        'protocol_version': PROTOCOL_VERSION, 'python': platform.python_version(), 'torch': torch.__version__,
        'cuda_available': devices.cuda_available(), 'cuda_version': torch.version.cuda,
        'device': device.type, 'device_name': devices.device_name(device), 'threads': torch.get_num_threads(),
        'pid': os.getpid(), 'autocast_dtype': 'bfloat16' if dtype == torch.bfloat16 else None,
        'deterministic': torch.are_deterministic_algorithms_enabled(),
    }


def build_model(state, args, job):
    """A seeded base model held as ``name`` (replacing any model of that name); with ``init_from``,
    its trunk copied from a saved model (``init_from.apply``)."""
    device = devices.resolve_device(args.get('device', 'auto'))
    module, config = construct(args['config'], args['seed'], device)
    initialised = init_from.apply(module, config, args['init_from']) if 'init_from' in args else None
    entry = ModelEntry(args['name'], module, config, device)
    entry.init_from = initialised
    state.models[args['name']] = entry
    return entry.summary()


def save_model(state, args, job):
    """The base weights and config of a model, in a folder."""
    entry = state.model(args['model'])
    path = args['path']
    try:
        os.makedirs(path, exist_ok=True)
        config_path = os.path.join(path, MODEL_CONFIG_FILE)
        with open(config_path, 'w', encoding='utf-8') as handle:
            json.dump(entry.config, handle, indent=2, sort_keys=True)
            handle.write('\n')
        weights_path = os.path.join(path, MODEL_WEIGHTS_FILE)
        save_file(dict(lora.base_parameters(entry.module)), weights_path, {'format': 'pt'})
    except OSError as error:
        raise WorkerError('io_error', f'cannot write model to {path}: {error.strerror}', {'path': path})
    return {'path': path, 'files': [config_path, weights_path], 'base_sha256': fingerprint.base_sha256(entry.module)}


def load_model(state, args, job):
    """A model read from a folder written by ``save_model``."""
    path = args['path']
    config, config_path = read_json(path, MODEL_CONFIG_FILE, 'model')
    try:
        protocol().validate(config, 'ModelConfig')
    except SchemaViolation as violation:
        raise invalid_args(f'invalid model config {config_path}: {violation}', path=config_path)
    device = devices.resolve_device(args.get('device', 'auto'))
    module, config = construct(config, 0, device)
    tensors, _ = load_file(os.path.join(path, MODEL_WEIGHTS_FILE))
    parameters = dict(lora.base_parameters(module))
    if sorted(tensors) != sorted(parameters):
        raise invalid_args(f'weights in {path} do not fit its config',
                           missing=sorted(set(parameters) - set(tensors)), unexpected=sorted(set(tensors) - set(parameters)))
    with torch.no_grad():
        for name, parameter in parameters.items():
            if list(tensors[name].shape) != list(parameter.shape):
                raise invalid_args(f'invalid shape of {name} in {path}: {list(tensors[name].shape)} '
                                   f'(the config needs {list(parameter.shape)})')
            parameter.copy_(tensors[name].to(parameter.dtype))
    state.models[args['name']] = ModelEntry(args['name'], module, config, device)
    return state.models[args['name']].summary()


def make_dataset(state, args, job):
    """A dataset held as ``name`` (replacing any dataset of that name)."""
    dataset = build_dataset(args['name'], args['source'])
    state.datasets[args['name']] = dataset
    return dataset.summary()


def add_adapter(state, args, job):
    """Fresh LoRA adapters on the target modules of a model, plus trainable copies of its
    ``modules_to_save`` (PEFT's option; e.g. a new classifier head); ``method: qlora`` stores the
    targets' frozen weights in NF4 first (nf4.py)."""
    entry = state.model(args['model'])
    dropout = args.get('dropout', 0.0)
    modules_to_save = list(args.get('modules_to_save', []))
    method = args.get('method', 'lora')
    double_quant = args.get('double_quant', True)
    targets = lora.inject(entry.module, args['r'], args['alpha'], dropout, args['target_modules'], args['seed'],
                          modules_to_save, method, double_quant)
    entry.adapter = {'r': args['r'], 'alpha': args['alpha'], 'dropout': dropout,
                     'target_modules': list(args['target_modules']), 'targets': targets,
                     'modules_to_save': modules_to_save,
                     'saved_modules': [name for name, _ in lora.saved_modules(entry.module)]}
    if method == 'qlora':
        entry.adapter.update(method='qlora', double_quant=double_quant)
    return entry.adapter_summary()


def save_adapter(state, args, job):
    """The adapter of a model in PEFT's layout."""
    entry = state.model(args['model'])
    files = adapters.save(entry, args['path'])
    return {'path': args['path'], 'files': files, 'adapter_sha256': fingerprint.adapter_sha256(entry.module)}


def load_adapter(state, args, job):
    """A PEFT LoRA adapter attached to a model."""
    return adapters.load(state.model(args['model']), args['path'], args.get('strict', True))


def train(state, args, job):
    """LoRA or full fine-tuning; see ``training.train``."""
    return training.train(state.model(args['model']), state.dataset(args['dataset']), args, job.emit, job.cancelled)


def predict(state, args, job):
    """Labels, probabilities or generated text; see ``inference.predict``."""
    return inference.predict(state.model(args['model']), state.dataset(args['dataset']), args, job.emit, job.cancelled)


def evaluate(state, args, job):
    """Loss and accuracy on a labelled dataset; see ``inference.evaluate``."""
    return inference.evaluate(state.model(args['model']), state.dataset(args['dataset']), args, job.emit, job.cancelled)


def embed(state, args, job):
    """Mean-pooled encoder states per example; see ``inference.embed``."""
    return inference.embed(state.model(args['model']), state.dataset(args['dataset']), args, job.emit, job.cancelled)


def throughput(state, args, job):
    """Batched inference speed at given batch sizes; see ``inference.throughput``."""
    return inference.throughput(state.model(args['model']), state.dataset(args['dataset']), args, job.emit, job.cancelled)


def fingerprint_model(state, args, job):
    """SHA-256 and sizes of the base and adapter weights."""
    module = state.model(args['model']).module
    return {'base_sha256': fingerprint.base_sha256(module), 'adapter_sha256': fingerprint.adapter_sha256(module),
            'base_parameters': sum(p.numel() for _, p in lora.base_parameters(module)),
            'adapter_parameters': sum(p.numel() for _, p in lora.adapter_parameters(module))}


def release(state, args, job):
    """Forgets models and datasets (unknown names are an error, checked before anything is freed)."""
    for name in args.get('models', []):
        state.model(name)
    for name in args.get('datasets', []):
        state.dataset(name)
    released = []
    for name in args.get('models', []):
        released.append(name)
        del state.models[name]
    for name in args.get('datasets', []):
        released.append(name)
        del state.datasets[name]
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    return {'released': released}


#: Command name -> handler.
HANDLERS = {
    'info': info, 'build_model': build_model, 'save_model': save_model, 'load_model': load_model,
    'make_dataset': make_dataset, 'add_adapter': add_adapter, 'save_adapter': save_adapter,
    'load_adapter': load_adapter, 'train': train, 'predict': predict, 'evaluate': evaluate,
    'throughput': throughput, 'embed': embed, 'fingerprint': fingerprint_model, 'release': release,
}
