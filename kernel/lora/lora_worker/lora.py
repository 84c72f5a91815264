"""LoRA: low-rank adapters on frozen Linear layers (Hu et al. 2021, https://arxiv.org/abs/2106.09685).

A wrapped layer computes ``base(x) + lora_B(lora_A(dropout(x))) * alpha / r``, i.e.
``x W^T + b + (x A^T B^T) * alpha / r`` with A of shape (r, in) and B of shape (out, r). As in
PEFT, A starts uniform in ``[-1/sqrt(in), 1/sqrt(in)]`` (kaiming_uniform with a = sqrt(5)) and B
at zero, so a fresh adapter leaves the model's output unchanged. The wrapped base layer is kept
as ``base_layer`` (PEFT's attribute name) and never trained.
"""

import math

import torch
from torch import nn

from .errors import invalid_args


class LoRALinear(nn.Module):
    """A frozen ``nn.Linear`` plus a trainable rank-``r`` update."""

    def __init__(self, base_layer, r, alpha, dropout):
        super().__init__()
        self.base_layer = base_layer
        self.r = r
        self.alpha = alpha
        self.scaling = alpha / r
        self.lora_dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        device = base_layer.weight.device
        self.lora_A = nn.Linear(base_layer.in_features, r, bias=False).to(device)
        self.lora_B = nn.Linear(r, base_layer.out_features, bias=False).to(device)

    def reset(self, generator):
        """PEFT's initialisation from ``generator``: A ~ U(-1/sqrt(in), 1/sqrt(in)), B = 0."""
        bound = 1.0 / math.sqrt(self.base_layer.in_features)
        with torch.no_grad():
            values = torch.empty(self.lora_A.weight.shape).uniform_(-bound, bound, generator=generator)
            self.lora_A.weight.copy_(values)
            self.lora_B.weight.zero_()

    def forward(self, x):
        return self.base_layer(x) + self.lora_B(self.lora_A(self.lora_dropout(x))) * self.scaling


def matches(name, targets):
    """PEFT's rule for a list of target names: ``name`` equals one or ends with ``'.' + one``."""
    return any(name == target or name.endswith('.' + target) for target in targets)


def _set_module(model, name, module):
    parent_name, _, child = name.rpartition('.')
    parent = model.get_submodule(parent_name) if parent_name else model
    setattr(parent, child, module)


def linear_module_names(model):
    """Names of the base model's Linear layers (the modules LoRA can target)."""
    names = []
    for name, module in model.named_modules():
        if isinstance(module, LoRALinear):
            names.append(name)
        elif isinstance(module, nn.Linear) and '.lora_' not in name and not name.startswith('lora_') \
                and not name.endswith('.base_layer'):
            names.append(name)
    return names


def inject(model, r, alpha, dropout, target_modules, seed):
    """Wraps every Linear that ``target_modules`` names; returns the wrapped names in order.

    A is drawn from a generator seeded with ``seed``, module by module in name order, so the same
    seed gives the same adapter on any device.

    @throws WorkerError invalid_args when a target matches no Linear layer or the model has an adapter
    """
    if adapter_layers(model):
        raise invalid_args('the model already has an adapter (load_adapter replaces it)')
    available = linear_module_names(model)
    chosen = [name for name in available if matches(name, target_modules)]
    for target in target_modules:
        if not any(matches(name, [target]) for name in available):
            raise invalid_args(f'invalid target module: {target!r} matches no Linear layer '
                               f'(available: {", ".join(sorted({n.rpartition(".")[2] for n in available}))})',
                               target=target, available=available)
    generator = torch.Generator().manual_seed(seed)
    for name in chosen:
        layer = LoRALinear(model.get_submodule(name), r, alpha, dropout)
        layer.reset(generator)
        _set_module(model, name, layer)
    return chosen


def remove(model):
    """Puts the base layers back, dropping any adapter."""
    for name, layer in adapter_layers(model):
        _set_module(model, name, layer.base_layer)


def adapter_layers(model):
    """``(name, LoRALinear)`` pairs of the model, in module order."""
    return [(name, module) for name, module in model.named_modules() if isinstance(module, LoRALinear)]


def is_adapter_parameter(name):
    """Whether a parameter name belongs to an adapter."""
    return '.lora_A.' in name or '.lora_B.' in name


def base_name(name):
    """A parameter's name in the unwrapped base model (``...q_proj.base_layer.weight`` -> ``...q_proj.weight``)."""
    return name.replace('.base_layer.', '.')


def adapter_parameters(model):
    """``(name, parameter)`` of the adapters."""
    return [(name, p) for name, p in model.named_parameters() if is_adapter_parameter(name)]


def base_parameters(model):
    """``(base name, parameter)`` of the base model."""
    return [(base_name(name), p) for name, p in model.named_parameters() if not is_adapter_parameter(name)]


def select_trainable(model, mode):
    """Freezes what ``mode`` does not train and returns the parameters to optimise, in order.

    ``lora``: the adapters only (every base weight frozen); ``full``: every base weight.
    """
    trainable = []
    for name, parameter in model.named_parameters():
        train = is_adapter_parameter(name) if mode == 'lora' else not is_adapter_parameter(name)
        parameter.requires_grad_(train)
        if train:
            trainable.append(parameter)
    return trainable
