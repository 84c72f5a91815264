#!/usr/bin/env python3
"""LoRA step vs full fine-tuning step, on the same model and data, in one run.

    /usr/bin/python3 bench/lora-vs-full.py [--device cpu|cuda] [--threads 1] [--repeats 5]
                                           [--steps 12] [--batch-size 16] [--json]

Both modes run the worker's own training loop (``kernel/lora/lora_worker/training.py``) on a
fresh copy of the same seeded base model (a 4-layer, d_model 256 encoder classifier, 3.4 M
weights) and the same synthetic batches (16 sequences of up to 64 tokens). LoRA is rank 4 on the
attention queries and values, the setting Hu et al. (2021, https://arxiv.org/abs/2106.09685,
section 7.1) use for GPT-3; full fine-tuning trains every weight. Runs alternate between the two
modes; each reports the median step time of its steps, and the table shows the median over
``--repeats`` runs. Optimiser state is Adam's (two moments per trained weight plus step counts).

Checks printed at the end (exit 1 if either fails): the LoRA step is faster, and its optimiser
state is at least 100 times smaller.
"""

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'kernel', 'lora'))

MODEL = {'task': 'classification', 'vocab_size': 512, 'max_len': 64, 'd_model': 256, 'n_heads': 4,
         'n_layers': 4, 'num_labels': 4}
DATA = {'kind': 'synthetic_topic', 'n': 512, 'seed': 1, 'num_labels': 4, 'seq_len': 63, 'vocab_size': 512}
ADAPTER = {'r': 4, 'alpha': 8, 'dropout': 0.0, 'target_modules': ['q_proj', 'v_proj'], 'seed': 2}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--device', default='cpu', choices=['cpu', 'cuda', 'auto'])
    parser.add_argument('--threads', type=int, default=1, help='torch threads (default 1)')
    parser.add_argument('--repeats', type=int, default=5, help='runs per mode (default 5)')
    parser.add_argument('--steps', type=int, default=12, help='steps per run, the first two are warm-up (default 12)')
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--json', action='store_true', help='print one JSON object instead of the table')
    return parser.parse_args()


def one_run(commands, state, mode, steps, batch_size, device):
    """Builds a fresh model (same seed), trains ``steps`` steps in ``mode``; returns the result."""
    from lora_worker.local_job import LocalJob

    job = LocalJob()
    commands.build_model(state, {'name': mode, 'config': MODEL, 'seed': 1, 'device': device}, job)
    if mode == 'lora':
        commands.add_adapter(state, {'model': mode, **ADAPTER}, job)
    result = commands.train(state, {'model': mode, 'dataset': 'data', 'steps': steps, 'batch_size': batch_size,
                                    'lr': 1e-4, 'seed': 3, 'mode': mode, 'log_every': steps}, job)
    del state.models[mode]
    return result


def main():
    options = parse_arguments()
    os.environ['OMP_NUM_THREADS'] = str(options.threads)
    import torch

    torch.set_num_threads(options.threads)
    from lora_worker import commands
    from lora_worker.local_job import LocalJob
    from lora_worker.device import configure_determinism
    from lora_worker.state import WorkerState

    configure_determinism()
    state = WorkerState()
    job = LocalJob()
    info = commands.info(state, {}, job)
    device = options.device
    summary = commands.build_model(state, {'name': 'probe', 'config': MODEL, 'seed': 1, 'device': device}, job)
    del state.models['probe']
    data = commands.make_dataset(state, {'name': 'data', 'source': DATA}, job)

    runs = {'lora': [], 'full': []}
    started = time.perf_counter()
    for _ in range(options.repeats):
        for mode in ('lora', 'full'):
            runs[mode].append(one_run(commands, state, mode, options.steps, options.batch_size, device))
    elapsed = time.perf_counter() - started

    tokens_per_example = data['tokens'] / data['n']
    figures = {}
    for mode, results in runs.items():
        step_ms = statistics.median(result['step_ms_median'] for result in results)
        figures[mode] = {
            'step_ms': step_ms,
            'examples_per_s': options.batch_size / (step_ms / 1000),
            'tokens_per_s': options.batch_size * tokens_per_example / (step_ms / 1000),
            'trainable_parameters': results[0]['trainable_parameters'],
            'optimizer_state_bytes': results[0]['optimizer_state_bytes'],
            'peak_memory_bytes': max(result['peak_memory_bytes'] for result in results),
            'step_ms_runs': [round(result['step_ms_median'], 3) for result in results],
        }
    lora, full = figures['lora'], figures['full']
    lora_device = runs['lora'][0]['device']
    report = {
        'device': lora_device, 'device_name': torch.cuda.get_device_name(0) if lora_device == 'cuda' else info['device_name'],
        'torch': torch.__version__, 'threads': torch.get_num_threads(), 'base_parameters': summary['parameters'],
        'batch_size': options.batch_size, 'repeats': options.repeats, 'steps': options.steps,
        'lora': lora, 'full': full,
        'speedup': full['step_ms'] / lora['step_ms'],
        'optimizer_state_ratio': full['optimizer_state_bytes'] / lora['optimizer_state_bytes'],
        'seconds': elapsed,
    }
    report['checks'] = {'lora_step_faster': report['speedup'] > 1,
                        'optimizer_state_100x_smaller': report['optimizer_state_ratio'] >= 100}
    if options.json:
        print(json.dumps(report))
    else:
        print_table(report)
    return 0 if all(report['checks'].values()) else 1


def print_table(report):
    lora, full = report['lora'], report['full']
    cuda = report['device'] == 'cuda'
    print(f"LoRA (r=4 on q_proj, v_proj) vs full fine-tuning: {report['base_parameters']:,} base weights, "
          f"batch {report['batch_size']}, {report['device']} ({report['device_name']}), torch {report['torch']}, "
          f"{report['threads']} thread(s); median of {report['repeats']} runs x {report['steps']} steps")
    rows = [
        ('step time (ms)', f"{lora['step_ms']:.1f}", f"{full['step_ms']:.1f}", f"{report['speedup']:.2f}x faster"),
        ('examples/s', f"{lora['examples_per_s']:.1f}", f"{full['examples_per_s']:.1f}", ''),
        ('tokens/s', f"{lora['tokens_per_s']:,.0f}", f"{full['tokens_per_s']:,.0f}", ''),
        ('trained weights', f"{lora['trainable_parameters']:,}", f"{full['trainable_parameters']:,}",
         f"{full['trainable_parameters'] / lora['trainable_parameters']:.0f}x fewer"),
        ('optimiser state (bytes)', f"{lora['optimizer_state_bytes']:,}", f"{full['optimizer_state_bytes']:,}",
         f"{report['optimizer_state_ratio']:.0f}x smaller"),
    ]
    if cuda:
        rows.append(('peak GPU memory (bytes)', f"{lora['peak_memory_bytes']:,}", f"{full['peak_memory_bytes']:,}", ''))
    width = max(len(row[0]) for row in rows)
    print(f"{'':{width}}  {'LoRA':>14}  {'full':>14}  ratio")
    for name, a, b, ratio in rows:
        print(f'{name:{width}}  {a:>14}  {b:>14}  {ratio}')
    print(f"runs (ms): LoRA {lora['step_ms_runs']}, full {full['step_ms_runs']}; {report['seconds']:.1f} s in all")
    for check, ok in report['checks'].items():
        print(f"check {check.replace('_', ' ')}: {'ok' if ok else 'FAILED'}")


if __name__ == '__main__':
    sys.exit(main())
