"""What the worker holds between requests: models and datasets by name."""

from . import nf4, fingerprint, lora
from .errors import WorkerError


class ModelEntry:
    """A model, its normalised config, its device and its adapter settings (None without one)."""

    def __init__(self, name, module, config, device):
        self.name = name
        self.module = module
        self.config = config
        self.device = device
        self.adapter = None
        #: The ``InitFromSummary`` when build_model copied the trunk from a saved model, else None.
        self.init_from = None

    def summary(self):
        """The ``ModelSummary`` of the protocol."""
        return {
            'name': self.name, 'task': self.config['task'], 'device': self.device.type, 'config': self.config,
            'parameters': sum(p.numel() for _, p in lora.base_parameters(self.module)),
            'base_sha256': fingerprint.base_sha256(self.module),
            'linear_modules': lora.linear_module_names(self.module),
            **({'init_from': self.init_from} if self.init_from is not None else {}),
        }

    def adapter_summary(self):
        """The ``AdapterSummary`` of the protocol.

        @throws WorkerError no_adapter
        """
        if self.adapter is None:
            raise WorkerError('no_adapter', f'model {self.name!r} has no adapter (add_adapter or load_adapter first)',
                              {'model': self.name})
        return {
            'model': self.name, **self.adapter,
            'trainable_parameters': sum(p.numel() for _, p in lora.adapter_parameters(self.module)),
            'adapter_sha256': fingerprint.adapter_sha256(self.module),
            'memory': self.memory(),
        }

    def memory(self):
        """Bytes the model holds, from its tensors' storage: base weights in their own precision (NF4
        layers' codes and quantisation constants apart) and the adapters (LoRA and copies of the
        modules to save)."""
        tensor_bytes = lambda tensors: sum(t.numel() * t.element_size() for _, t in tensors)
        stored = nf4.storage_bytes(self.module)
        dense = [(n, p) for n, p in self.module.named_parameters() if not lora.is_adapter_parameter(n)]
        return {
            'base_weight_bytes': tensor_bytes(dense),
            'nf4_code_bytes': stored['nf4_codes'],
            'quant_constant_bytes': stored['quant_constants'],
            'adapter_bytes': tensor_bytes(lora.adapter_parameters(self.module)),
        }


class WorkerState:
    """Models and datasets by name."""

    def __init__(self):
        self.models = {}
        self.datasets = {}

    def model(self, name):
        """The model called ``name``.

        @throws WorkerError unknown_model
        """
        if name not in self.models:
            loaded = ', '.join(sorted(self.models)) or 'none'
            raise WorkerError('unknown_model', f'unknown model: {name!r} (loaded: {loaded})', {'model': name})
        return self.models[name]

    def dataset(self, name):
        """The dataset called ``name``.

        @throws WorkerError unknown_dataset
        """
        if name not in self.datasets:
            loaded = ', '.join(sorted(self.datasets)) or 'none'
            raise WorkerError('unknown_dataset', f'unknown dataset: {name!r} (loaded: {loaded})', {'dataset': name})
        return self.datasets[name]
