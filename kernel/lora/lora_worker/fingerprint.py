"""SHA-256 fingerprints of weights: equal fingerprints mean bit-identical tensors."""

import hashlib

from . import lora
from .safetensors_io import NAMES, tensor_bytes


def digest(named_tensors):
    """SHA-256 over ``(name, dtype, shape, bytes)`` of each tensor, in name order."""
    hasher = hashlib.sha256()
    for name, tensor in sorted(named_tensors, key=lambda pair: pair[0]):
        hasher.update(f'{name}|{NAMES[tensor.dtype]}|{list(tensor.shape)}|'.encode())
        hasher.update(tensor_bytes(tensor))
    return hasher.hexdigest()


def base_sha256(model):
    """Fingerprint of the base weights, named as in the unwrapped model (adapters excluded)."""
    return digest(lora.base_parameters(model))


def adapter_sha256(model):
    """Fingerprint of the adapter weights, or None without an adapter."""
    parameters = lora.adapter_parameters(model)
    return digest(parameters) if parameters else None
