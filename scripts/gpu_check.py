#!/usr/bin/env python3
"""The GPU check that needs only python3 and torch (the lent GPU machines may have no Node):

    python3 scripts/gpu_check.py            # on a machine with an NVIDIA GPU
    python3 scripts/gpu_check.py --cpu      # the same steps on the CPU (a dry run; CI runs it)

From the repository root, with nothing to install. Steps, each a row of the table it prints:

1. QLoRA: the worker's classifier (scripts/gpu-check-predictions.json: d_model 256, 4 blocks)
   with QLoRA r = 16 on every block linear (NF4, double quantised) trains 30 steps; the bytes it
   holds (tensor storage: NF4 codes, quantisation constants, adapters, optimiser state) beside the
   estimator's prediction for the same architecture with the ratio, CUDA's peak allocation, and
   the training's peak above the model it starts from (CUDA or CPU) beside the estimator's
   gradients + optimiser state + activations;
2. bf16 autocast: the run above uses it on CUDA where the GPU has bf16 (the worker's rule); the
   loss must be finite and fall;
3. DDP over the visible GPUs: the same training with ``processes`` = the GPU count (2 on the CPU
   run), when there are at least 2;
4. MFU: model FLOPs a second (the estimator's training FLOPs per token x tokens/s) over the GPU's
   dense bf16 peak in data/gpus.json, matched by name;
5. PEFT: the worker's PEFT interop tests (test/lora/python/test_peft.py) where ``peft`` imports:
   a saved adapter loaded by PEFT predicts the same.

Without an NVIDIA GPU (and without --cpu) it says so and exits 0. Exit 1 when a step fails.
"""

import json
import math
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'kernel', 'lora'))

import torch  # noqa: E402

from lora_worker import commands  # noqa: E402
from lora_worker.local_job import LocalJob  # noqa: E402
from lora_worker.state import WorkerState  # noqa: E402


def gpu_peak_tflops(device_name):
    """The dense bf16 peak of the GPU in data/gpus.json whose name the device's contains (e.g. 'NVIDIA H200')."""
    with open(os.path.join(ROOT, 'data', 'gpus.json')) as f:
        table = json.load(f)
    matches = [g for g in table['gpus'] if g['name'].replace('NVIDIA ', '').split(' ')[0] in device_name]
    return (matches[0]['bf16DenseTflops'], matches[0]['name']) if matches else (None, None)


TARGETS = ['q_proj', 'k_proj', 'v_proj', 'out_proj', 'fc1', 'fc2']


def qlora_model(state, job, name, device, config, method):
    """A fresh copy of the check's model (seed 1) with QLoRA adapters on every block linear (seed 3);
    returns the adapter summary. Each run of the check trains its own copy."""
    commands.build_model(state, {'name': name, 'config': dict(config), 'seed': 1, 'device': device}, job)
    return commands.add_adapter(state, {'model': name, 'r': method['rank'], 'alpha': 2 * method['rank'],
                                        'target_modules': TARGETS, 'seed': 3, 'method': 'qlora'}, job)


def train_args(name, shape, steps, **extra):
    """The check's training run of model ``name`` on the synthetic topic data."""
    return {'model': name, 'dataset': 'train', 'steps': steps, 'batch_size': shape['microBatchSize'],
            'lr': 2e-3, 'seed': 4, 'log_every': 10, **extra}


def run(device, processes):
    """Steps 1-4 on ``device``; returns the table's rows and whether every check held."""
    with open(os.path.join(ROOT, 'scripts', 'gpu-check-predictions.json')) as f:
        predicted = json.load(f)
    config, shape, method = predicted['config'], predicted['shape'], predicted['method']
    rows, ok = [], True
    state, job = WorkerState(), LocalJob()
    source = {'kind': 'synthetic_topic', 'n': 2048, 'seed': 2, 'num_labels': config['num_labels'],
              'seq_len': shape['sequenceLength'], 'vocab_size': config['vocab_size']}
    commands.make_dataset(state, {'name': 'train', 'source': source}, job)
    summary = qlora_model(state, job, 'check', device, config, method)
    if device == 'cuda':
        torch.cuda.reset_peak_memory_stats()
    started = time.time()
    result = commands.train(state, train_args('check', shape, 30), job)
    seconds = time.time() - started
    memory = summary['memory']
    estimate = predicted['memory']
    adapter_dtype_bytes = 4  # the adapters train in float32 (autocast computes in bf16)
    # The estimator's block linears in 4-bit NF4 (0.5 B each): what the worker's codes should come to.
    nf4_estimate = predicted['blockLinearWeights'] / 2
    rows.append(('QLoRA NF4 codes', f'{memory["nf4_code_bytes"]:,} B; estimator {nf4_estimate:,.0f} B; ratio {memory["nf4_code_bytes"] / nf4_estimate:.3f}'))
    ok &= memory['nf4_code_bytes'] == nf4_estimate
    constants = memory['quant_constant_bytes'] / estimate['quantizationConstantsBytes']
    rows.append(('QLoRA quantisation constants', f'{memory["quant_constant_bytes"]:,} B; estimator {estimate["quantizationConstantsBytes"]:,.0f} B; ratio {constants:.3f}'))
    ok &= 1.0 <= constants < 1.1
    adapters = memory['adapter_bytes'] / estimate['adapterBytes']
    rows.append(('QLoRA adapters', f'{memory["adapter_bytes"]:,} B (float32); estimator {estimate["adapterBytes"]:,.0f} B (bf16); ratio {adapters:.3f}'))
    ok &= abs(adapters - adapter_dtype_bytes / 2) < 1e-9
    optimizer = result['optimizer_state_bytes'] / estimate['optimizerStateBytes']
    rows.append(('optimiser state', f'{result["optimizer_state_bytes"]:,} B; estimator {estimate["optimizerStateBytes"]:,.0f} B; ratio {optimizer:.3f}'))
    ok &= 1.0 <= optimizer < 1.05
    if device == 'cuda':
        peak = torch.cuda.max_memory_allocated()
        rows.append(('CUDA peak allocated', f'{peak / 2**20:,.1f} MiB; estimator total {estimate["totalBytes"] / 2**20:,.1f} MiB '
                                            f'(weights, constants, adapters, gradients, optimiser, activations); ratio {peak / estimate["totalBytes"]:.2f}'))
    row, peak_ok = peak_increase(state, job, device, config, shape, method, estimate)
    rows.append(row)
    ok &= peak_ok
    losses = [point['loss'] for point in result['losses']]
    finite = all(math.isfinite(loss) for loss in losses)
    precision = 'bf16 autocast' if device == 'cuda' and torch.cuda.is_bf16_supported() else 'float32'
    rows.append(('training', f'{precision} on {result["device"]}: loss {losses[0]:.4f} -> {losses[-1]:.4f} in 30 steps, '
                             f'{result["examples_per_s"]:.0f} examples/s, {result["tokens_per_s"]:.0f} tokens/s ({seconds:.1f} s)'))
    ok &= finite and losses[-1] < losses[0]
    flops = predicted['trainingFlopsPerToken'] * result['tokens_per_s']
    peak_tflops, gpu = gpu_peak_tflops(torch.cuda.get_device_name(0)) if device == 'cuda' else (None, None)
    if peak_tflops:
        rows.append(('MFU', f'{flops / 1e12:.3f} TFLOP/s of model FLOPs / {peak_tflops} TFLOP/s ({gpu} dense bf16) = {100 * flops / (peak_tflops * 1e12):.2f} %'))
    else:
        rows.append(('MFU', f'{flops / 1e9:.2f} GFLOP/s of model FLOPs ({"no peak in data/gpus.json for this device" if device == "cuda" else "CPU: no peak to compare with"})'))
    if processes >= 2:
        qlora_model(state, job, 'ddp', device, config, method)
        parallel = commands.train(state, train_args('ddp', shape, 30, processes=processes), job)
        gap = max(abs(a['loss'] - b['loss']) for a, b in zip(parallel['losses'], result['losses']))
        rows.append((f'DDP, {processes} processes', f'{parallel["examples_per_s"]:.0f} examples/s ({parallel["examples_per_s"] / result["examples_per_s"]:.2f}x one); '
                                                    f'largest loss difference from one process {gap:.2e}'))
        ok &= gap < (5e-2 if device == 'cuda' else 1e-4)
    else:
        rows.append(('DDP', f'{processes} visible GPU: data-parallel training needs at least 2 (npm test runs 2 CPU processes)'))
    return rows, ok


def peak_increase(state, job, device, config, shape, method, estimate):
    """The training's peak memory above the model it starts from (``train``'s
    ``measure_peak_memory``: CUDA's allocator peak, or the CPU allocator's events under torch's
    profiler) on a fresh copy of the model over 3 steps (the peak is reached from step 2, once
    Adam's moments exist; the profiler slows CPU steps, so the 30-step run above stays unmeasured),
    beside the estimator's gradients + optimiser state + activations. The estimator counts
    activations and gradients in 16 bits: the CPU keeps both in float32 (x 2); under bf16 autocast
    the activations are mostly bf16 but the float32 adapters' gradients float32. Adam's moments are
    float32 everywhere. Returns (row, ok); on the CPU the ratio must be within 20 %, as in
    test/lora/memory-peak.test.ts (the worker's block saves other tensors than the estimator's
    GPT block and its peak adds backward's transients)."""
    qlora_model(state, job, 'peak', device, config, method)
    result = commands.train(state, train_args('peak', shape, 3, log_every=1, measure_peak_memory=True), job)
    measured = result['peak_memory_increase_bytes']
    bf16 = device == 'cuda' and torch.cuda.is_bf16_supported()
    activations = estimate['activationsBytes'] * (1 if bf16 else 2)
    predicted = activations + 2 * estimate['gradientsBytes'] + estimate['optimizerStateBytes']
    ratio = measured / predicted
    label = 'CUDA peak increase' if device == 'cuda' else 'CPU peak increase'
    precision = 'bf16 activations' if bf16 else 'float32 activations'
    row = (label, f'{measured / 2**20:,.1f} MiB over the model (gradients, optimiser, activations, transients; 3 steps); '
                  f'estimator {predicted / 2**20:,.1f} MiB ({precision}, float32 gradients and Adam); ratio {ratio:.3f}')
    return row, (0.8 < ratio < 1.2) if device == 'cpu' else True


def peft_tests():
    """Runs the worker's PEFT interop tests; returns (row, ok)."""
    try:
        import peft  # noqa: F401
    except ImportError:
        return ('PEFT reload', 'peft is not installed here: skipped'), True
    folder = os.path.join(ROOT, 'test', 'lora', 'python')
    done = subprocess.run([sys.executable, '-m', 'unittest', '-v', 'test_peft'], cwd=folder, capture_output=True, text=True, timeout=600)
    lines = done.stderr.splitlines()
    passed = sum(line.endswith('... ok') for line in lines)
    skipped = sum('skipped' in line for line in lines if ' ... ' in line)
    total = sum(' ... ' in line for line in lines)
    ok = done.returncode == 0 and passed > 0 and skipped == 0
    return ('PEFT reload', f'{passed}/{total} interop tests passed (a saved adapter loaded by peft predicts the same)'
            + ('' if ok else f'; {lines[-1] if lines else "no output"}')), ok


def main(argv):
    on_cpu = '--cpu' in argv
    torch.set_num_threads(1)
    if not on_cpu and not torch.cuda.is_available():
        print('gpu_check: torch sees no CUDA GPU here; nothing to check (python3 scripts/gpu_check.py --cpu runs the steps on the CPU).')
        return 0
    device = 'cpu' if on_cpu else 'cuda'
    processes = 2 if on_cpu else torch.cuda.device_count()
    name = 'CPU dry run' if on_cpu else torch.cuda.get_device_name(0)
    print(f'gpu_check: {name}; torch {torch.__version__}{f", CUDA {torch.version.cuda}" if not on_cpu else ""}; python {sys.version.split()[0]}')
    rows, ok = run(device, processes)
    row, peft_ok = peft_tests()
    rows.append(row)
    ok &= peft_ok
    width = max(len(name) for name, _ in rows)
    for label, value in rows:
        print(f'{label.ljust(width)}  {value}')
    print('gpu_check: ok' if ok else 'gpu_check: FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
