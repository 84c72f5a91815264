"""Device choice, mixed precision and memory figures: the one place that knows CPU from CUDA.

CUDA runs under bf16 autocast when the GPU supports it (weights and adapters stay float32, as
with PEFT's usual setup); the CPU runs float32. Everything else in the worker is the same code.
"""

import contextlib
import os
import resource

import torch

from .errors import WorkerError


def cuda_available():
    """Whether torch sees a CUDA device."""
    return torch.cuda.is_available()


def resolve_device(requested='auto'):
    """``'auto'`` -> cuda when available, else cpu; ``'cuda'`` without a GPU is an error.

    The default for ``'auto'`` can be forced with the environment variable
    ``PAYBACK_LORA_DEVICE`` (``cpu`` or ``cuda``), which the client sets from its ``device`` option.

    @throws WorkerError cuda_unavailable
    """
    if requested in (None, 'auto'):
        requested = os.environ.get('PAYBACK_LORA_DEVICE', 'auto') or 'auto'
    if requested == 'auto':
        requested = 'cuda' if cuda_available() else 'cpu'
    if requested == 'cuda' and not cuda_available():
        raise WorkerError('cuda_unavailable', 'device cuda requested but torch sees no CUDA device',
                          {'torch': torch.__version__, 'torch_cuda': torch.version.cuda})
    return torch.device(requested)


def autocast_dtype(device):
    """The autocast dtype on ``device``: bfloat16 on a CUDA GPU that supports it, else None."""
    if device.type == 'cuda' and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return None


def autocast(device):
    """A context manager running the forward pass in mixed precision where the device has it."""
    dtype = autocast_dtype(device)
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(device_type='cuda', dtype=dtype)


def synchronize(device):
    """Waits for queued GPU work, so wall-clock timings are true (no-op on CPU)."""
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def reset_peak_memory(device):
    """Starts a new peak-memory window (CUDA only; the CPU peak is the process's)."""
    if device.type == 'cuda':
        torch.cuda.reset_peak_memory_stats(device)


def memory_bytes(device):
    """Memory in use now: allocated device memory on CUDA, resident set size on CPU (bytes)."""
    if device.type == 'cuda':
        return int(torch.cuda.memory_allocated(device))
    try:
        with open('/proc/self/statm', 'r') as handle:
            return int(handle.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')
    except (OSError, ValueError, IndexError):
        return peak_memory_bytes(device)


def peak_memory_bytes(device):
    """Peak memory: allocated device memory since the last reset on CUDA, peak RSS on CPU (bytes)."""
    if device.type == 'cuda':
        return int(torch.cuda.max_memory_allocated(device))
    # Linux reports ru_maxrss in KiB.
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def device_name(device):
    """A human name of the device: the GPU's model, or the CPU's model from /proc/cpuinfo."""
    if device.type == 'cuda':
        return torch.cuda.get_device_name(device)
    try:
        with open('/proc/cpuinfo', 'r') as handle:
            for line in handle:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return 'cpu'


def configure_determinism():
    """Deterministic kernels where torch offers them (cuBLAS needs its workspace setting first)."""
    os.environ.setdefault('CUBLAS_WORKSPACE_CONFIG', ':4096:8')
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False
