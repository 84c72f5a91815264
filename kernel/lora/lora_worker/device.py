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


class PeakMemoryIncrease:
    """The peak of tensor memory during a ``with`` block, above what was allocated when it began
    (bytes): what a training run adds on top of the model it starts from (gradients, optimiser
    state, activations, transient tensors such as QLoRA's dequantised weights).

    CUDA: ``torch.cuda.max_memory_allocated() - torch.cuda.memory_allocated()`` at the start, after
    resetting the peak; the caching allocator's own counters, exact and cheap.

    CPU: torch's CPU allocator reports every tensor allocation and free to the profiler when
    ``torch.profiler.profile(profile_memory=True)`` runs (c10's ``ProfiledCPUMemoryReporter``);
    the running sum of those events, in the order they happened, is the bytes allocated since the
    block began and still live, and its maximum is the peak. Chosen over the alternatives because
    it counts what the estimator predicts (tensor storage) and is exact and repeatable (the same
    run gives the same bytes):
    - peak RSS (``ru_maxrss``, /proc/self/status VmHWM) counts the Python runtime, loaded
      libraries and glibc's retained free heap, never resets for ``ru_maxrss``, and moves with
      malloc's dynamic mmap threshold: the training's share is not separable from it;
    - sampling /proc/self/statm from a thread misses peaks shorter than its period (one backward
      pass holds its largest transients for milliseconds) and has the same RSS noise.
    What it leaves out: memory that is not a torch tensor (Python objects, OpenBLAS's own
    buffers), and frees of tensors allocated before the block (the allocator does not know their
    size to the profiler), which could only make the true increase smaller. The profiler records
    every operator, which slows small steps (see the protocol schema's measure_peak_memory), so the
    worker runs it only when asked (``train``'s ``measure_peak_memory``).
    """

    def __init__(self, device, enabled=True):
        self.device = device
        self.enabled = enabled
        self.bytes = None
        self._profiling = False
        self._start = 0

    def __enter__(self):
        if not self.enabled:
            return self
        if self.device.type == 'cuda':
            synchronize(self.device)
            torch.cuda.reset_peak_memory_stats(self.device)
            self._start = torch.cuda.memory_allocated(self.device)
        else:
            self._events = _start_cpu_memory_profile()
            self._profiling = True
        return self

    def __exit__(self, kind, value, traceback):
        if not self.enabled:
            return False
        if self.device.type == 'cuda':
            synchronize(self.device)
            self.bytes = max(0, int(torch.cuda.max_memory_allocated(self.device)) - int(self._start))
        elif self._profiling:
            events = self._events()
            self._profiling = False
            if kind is None:
                self.bytes = cpu_peak_from_events(events)
        return False


def _start_cpu_memory_profile():
    """Starts torch's profiler on the CPU with memory events only asked for (no shapes, stacks or
    FLOPs); returns the function that stops it and gives its raw events.

    The low-level calls ``torch.profiler.profile`` makes, without the event tree it builds on
    exit, which takes minutes for a few hundred training steps (it took 112 s for 150 steps of
    the test classifier; the raw event list takes about a second per 300,000 events). These calls
    are torch's private API (as of torch 1.13); where a torch has them otherwise
    (``AttributeError``, ``TypeError``), the public ``torch.profiler.profile(profile_memory=True)``
    records the same events, slower to stop.
    """
    try:
        from torch.autograd import profiler
        config = profiler.ProfilerConfig(profiler.ProfilerState.KINETO, False, True, False, False, False,
                                         profiler._ExperimentalConfig())
        activities = {profiler.ProfilerActivity.CPU}
        torch.autograd._prepare_profiler(config, activities)
        torch.autograd._enable_profiler(config, activities)
        return lambda: torch.autograd._disable_profiler().events()
    except (AttributeError, TypeError):
        return _start_public_memory_profile()


def _start_public_memory_profile():
    """The same events through torch's public profiler (its tree is built on stop, slowly)."""
    profile = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], profile_memory=True)
    profile.__enter__()

    def stop():
        profile.__exit__(None, None, None)
        return profile.profiler.kineto_results.events()
    return stop


def cpu_peak_from_events(events):
    """The largest running sum of CPU ``[memory]`` events (bytes, + on allocation, - on free) in
    the order they happened, floored at 0: the peak tensor bytes above the start of the window.
    O(n log n) for n events."""
    changes = [(event.start_us(), index, event.nbytes()) for index, event in enumerate(events)
               if event.name() == '[memory]' and str(event.device_type()).endswith('CPU')]
    live = peak = 0
    for _, _, change in sorted(changes):
        live += change
        peak = max(peak, live)
    return int(peak)


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
