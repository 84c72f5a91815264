"""LoRA: low-rank adapters on frozen Linear layers (Hu et al. 2021, https://arxiv.org/abs/2106.09685).

A wrapped layer computes ``base(x) + lora_B(lora_A(dropout(x))) * alpha / r``, i.e.
``x W^T + b + (x A^T B^T) * alpha / r`` with A of shape (r, in) and B of shape (out, r). As in
PEFT, A starts uniform in ``[-1/sqrt(in), 1/sqrt(in)]`` (kaiming_uniform with a = sqrt(5)) and B
at zero, so a fresh adapter leaves the model's output unchanged. The wrapped base layer is kept
as ``base_layer`` (PEFT's attribute name) and never trained.

``modules_to_save`` (PEFT's option, e.g. ``["classifier"]`` for a sequence classifier whose head
is new) mirrors PEFT's ``ModulesToSaveWrapper``: the module is kept frozen as ``original_module``
(part of the base; its parameters keep their base names) and a trainable deep copy,
``modules_to_save``, computes the forward pass and is trained and saved with the adapter. As in
PEFT, LoRA never targets a Linear layer inside a module to save.
"""

import copy
import math

import torch
from torch import nn

from . import nf4
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


class ModulesToSaveWrapper(nn.Module):
    """A frozen module (``original_module``) and the trainable copy used in forward (``modules_to_save``)."""

    def __init__(self, module):
        super().__init__()
        self.original_module = module
        self.modules_to_save = copy.deepcopy(module)
        self.original_module.requires_grad_(False)

    def forward(self, *args, **kwargs):
        return self.modules_to_save(*args, **kwargs)


def matches(name, targets):
    """PEFT's rule for a list of target names: ``name`` equals one or ends with ``'.' + one``."""
    return any(name == target or name.endswith('.' + target) for target in targets)


def _set_module(model, name, module):
    parent_name, _, child = name.rpartition('.')
    parent = model.get_submodule(parent_name) if parent_name else model
    setattr(parent, child, module)


#: Name parts that belong to an adapter (never to the base model).
ADAPTER_PARTS = ('lora_A', 'lora_B', 'lora_dropout', 'modules_to_save')


def base_module_names(model):
    """``(base name, module)`` of the base model's modules, as if unwrapped (root excluded): adapter
    parts are skipped, a wrapper stands for the module it wraps."""
    found = []
    for name, module in model.named_modules():
        parts = name.split('.')
        if not name or any(part in ADAPTER_PARTS for part in parts) or parts[-1] in ('base_layer', 'original_module'):
            continue
        if isinstance(module, LoRALinear):
            module = module.base_layer
        elif isinstance(module, ModulesToSaveWrapper):
            module = module.original_module
        found.append((name.replace('.original_module.', '.').replace('.base_layer.', '.'), module))
    return found


def linear_module_names(model):
    """Names of the base model's Linear layers (the modules LoRA can target), NF4 ones included."""
    return [name for name, module in base_module_names(model) if isinstance(module, (nn.Linear, nf4.NF4Linear))]


def inside(name, modules):
    """Whether module ``name`` is one of the full names ``modules`` or lies inside one."""
    return any(name == module or name.startswith(module + '.') for module in modules)


def saved_module_names(model, modules_to_save):
    """Full names of the modules that ``modules_to_save`` selects (PEFT's suffix rule), outermost only.

    @throws WorkerError invalid_args naming an entry that matches no module, with the top-level modules
    """
    names = [name for name, _ in base_module_names(model)]
    for wanted in modules_to_save:
        if not any(matches(name, [wanted]) for name in names):
            top = sorted(name for name, _ in model.named_children())
            raise invalid_args(f'invalid modules_to_save entry: {wanted!r} matches no module '
                               f'(top-level modules: {", ".join(top)})', module=wanted, available=top)
    chosen = []
    for name in names:
        if matches(name, modules_to_save) and not inside(name, chosen):
            chosen.append(name)
    return chosen


def lora_targets(model, target_modules, saved):
    """Full names of the Linear layers that ``target_modules`` selects, leaving out those inside the
    modules to save ``saved`` (full names), as PEFT does (so ``["q_proj", "classifier"]`` with
    ``modules_to_save=["classifier"]`` adapts q_proj and trains the classifier whole).

    @throws WorkerError invalid_args when a target matches no Linear layer, or every match lies
        inside the modules to save (PEFT refuses that too)
    """
    available = linear_module_names(model)
    for target in target_modules:
        if not any(matches(name, [target]) for name in available):
            raise invalid_args(f'invalid target module: {target!r} matches no Linear layer '
                               f'(available: {", ".join(sorted({n.rpartition(".")[2] for n in available}))})',
                               target=target, available=available)
    chosen = [name for name in available if matches(name, target_modules) and not inside(name, saved)]
    if not chosen:
        raise invalid_args(f'invalid target modules: {", ".join(map(repr, target_modules))} match only Linear layers '
                           f'inside modules_to_save ({", ".join(saved)}), which LoRA does not adapt',
                           target_modules=list(target_modules), modules_to_save=list(saved))
    return chosen


def inject(model, r, alpha, dropout, target_modules, seed, modules_to_save=(), method='lora', double_quant=True):
    """Wraps every Linear that ``target_modules`` names; returns the wrapped names in order.

    ``method='qlora'`` first stores each target's frozen weight in NF4 (nf4.py; double quantised
    unless ``double_quant`` is false), dequantised on the fly in forward; the adapter on top is the
    same. The layers stay quantised when the adapter is removed.

    A is drawn from a generator seeded with ``seed``, module by module in name order, so the same
    seed gives the same adapter on any device. The modules that ``modules_to_save`` names are
    wrapped in a ``ModulesToSaveWrapper`` (``saved_modules`` lists them); LoRA skips the Linear
    layers inside them.

    @throws WorkerError invalid_args when a target matches no Linear layer, a module to save matches
        no module, or the model has an adapter
    """
    if adapter_layers(model) or saved_modules(model):
        raise invalid_args('the model already has an adapter (load_adapter replaces it)')
    saved = saved_module_names(model, modules_to_save) if modules_to_save else []
    chosen = lora_targets(model, target_modules, saved)
    if method not in ('lora', 'qlora'):
        raise invalid_args(f'invalid method: {method!r} (lora or qlora)', method=method)
    generator = torch.Generator().manual_seed(seed)
    for name in chosen:
        base = model.get_submodule(name)
        if method == 'qlora' and not isinstance(base, nf4.NF4Linear):
            base = nf4.NF4Linear(base, double_quant=double_quant)
        layer = LoRALinear(base, r, alpha, dropout)
        layer.reset(generator)
        _set_module(model, name, layer)
    for name in saved:
        _set_module(model, name, ModulesToSaveWrapper(model.get_submodule(name)))
    return chosen


def remove(model):
    """Puts the base layers back, dropping any adapter and the copies of the modules to save."""
    for name, layer in adapter_layers(model):
        _set_module(model, name, layer.base_layer)
    for name, wrapper in saved_modules(model):
        _set_module(model, name, wrapper.original_module)


def adapter_layers(model):
    """``(name, LoRALinear)`` pairs of the model, in module order."""
    return [(name, module) for name, module in model.named_modules() if isinstance(module, LoRALinear)]


def saved_modules(model):
    """``(name, ModulesToSaveWrapper)`` pairs of the model, in module order."""
    return [(name, module) for name, module in model.named_modules() if isinstance(module, ModulesToSaveWrapper)]


def is_adapter_parameter(name):
    """Whether a parameter name belongs to an adapter (LoRA weights or a trainable copy of a module to save)."""
    parts = name.split('.')
    return any(part in ADAPTER_PARTS for part in parts[:-1])


def base_name(name):
    """A parameter's name in the unwrapped base model (``...q_proj.base_layer.weight`` -> ``...q_proj.weight``,
    ``classifier.original_module.weight`` -> ``classifier.weight``)."""
    return name.replace('.base_layer.', '.').replace('.original_module.', '.')


def adapter_parameters(model):
    """``(name, parameter)`` of the adapters."""
    return [(name, p) for name, p in model.named_parameters() if is_adapter_parameter(name)]


def base_parameters(model):
    """``(base name, tensor)`` of the base model: its parameters, and the codes and constants of
    any NF4 layer (QLoRA's frozen base lives in buffers)."""
    named = [(base_name(name), p) for name, p in model.named_parameters() if not is_adapter_parameter(name)]
    for module_name, module in model.named_modules():
        if isinstance(module, nf4.NF4Linear):
            named += [(base_name(f'{module_name}.{name}'), b) for name, b in module.named_buffers(recurse=False)]
    return named


def select_trainable(model, mode):
    """Freezes what ``mode`` does not train and returns the parameters to optimise, in order.

    ``lora``: the adapters and the copies of the modules to save (every base weight frozen);
    ``full``: every base weight.
    """
    trainable = []
    for name, parameter in model.named_parameters():
        train = is_adapter_parameter(name) if mode == 'lora' else not is_adapter_parameter(name)
        parameter.requires_grad_(train)
        if train:
            trainable.append(parameter)
    return trainable
