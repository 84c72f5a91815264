#!/usr/bin/env python3
"""Data-parallel training: 1 process against 2 (DistributedDataParallel, gloo) on the same task
and global batch, in one run.

    /usr/bin/python3 bench/ddp.py [--repeats 3] [--steps 20] [--batch-size 32] [--modes lora,full] [--json]

Every run goes through the worker's own ``train`` command (``processes: 1`` or ``2``) on a fresh
copy of the same seeded model (the 4-layer, d_model 256 encoder classifier of
bench/lora-vs-full.py, 3.4 M weights) and the same synthetic batches (up to 64 tokens). Three
set-ups a mode, alternating, ``--repeats`` times:

- 1 process, 1 thread and 1 process, 2 threads: the peer, at its best (the faster of the two is
  the one compared);
- 2 processes, 1 thread each, started by torchrun (the default launcher): the global batch split
  16 + 16, gradients averaged by all-reduce;
- the same started by the spawn launcher (``torch.multiprocessing``): the same steps, and the
  difference in the wall time of the ``train`` call is what torchrun costs to start.

Figures: examples/s of the steps (the global batch over the median step time, all-reduce
included; the median over runs), and the wall time of a whole ``train`` call, which for 2
processes includes starting them (the launcher, import torch, rendezvous) and handing the weights
back.
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
#: (name, processes, threads per process, launcher)
SETUPS = [('1 process x 1 thread', 1, 1, None), ('1 process x 2 threads', 1, 2, None),
          ('2 processes x 1 thread', 2, 1, 'torchrun'), ('2 processes x 1 thread, spawn', 2, 1, 'spawn')]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--repeats', type=int, default=3, help='runs per set-up (default 3)')
    parser.add_argument('--steps', type=int, default=20, help='steps per run (default 20)')
    parser.add_argument('--batch-size', type=int, default=32, help='global batch (default 32)')
    parser.add_argument('--modes', default='lora,full', help='lora, full or both (default lora,full)')
    parser.add_argument('--json', action='store_true', help='print one JSON object instead of the table')
    return parser.parse_args()


def one_run(torch, commands, state, mode, processes, threads, launcher, options):
    """A fresh model (same seed), ``options.steps`` steps in ``mode``; returns the result and its wall time."""
    from lora_worker.local_job import LocalJob

    job = LocalJob()
    torch.set_num_threads(threads)
    commands.build_model(state, {'name': mode, 'config': MODEL, 'seed': 1, 'device': 'cpu'}, job)
    if mode == 'lora':
        commands.add_adapter(state, {'model': mode, **ADAPTER}, job)
    began = time.perf_counter()
    result = commands.train(state, {'model': mode, 'dataset': 'data', 'steps': options.steps,
                                    'batch_size': options.batch_size, 'lr': 1e-4, 'seed': 3, 'mode': mode,
                                    'log_every': options.steps, 'processes': processes,
                                    **({'launcher': launcher} if launcher else {})}, job)
    wall = time.perf_counter() - began
    del state.models[mode]
    return result, wall


def main():
    options = parse_arguments()
    os.environ['OMP_NUM_THREADS'] = '1'
    import torch

    from lora_worker import commands
    from lora_worker.local_job import LocalJob
    from lora_worker.device import configure_determinism
    from lora_worker.state import WorkerState

    configure_determinism()
    state = WorkerState()
    info = commands.info(state, {}, LocalJob())
    commands.make_dataset(state, {'name': 'data', 'source': DATA}, LocalJob())
    modes = options.modes.split(',')
    runs = {(mode, name): [] for mode in modes for name, _, _, _ in SETUPS}
    started = time.perf_counter()
    for _ in range(options.repeats):
        for mode in modes:
            for name, processes, threads, launcher in SETUPS:
                runs[(mode, name)].append(one_run(torch, commands, state, mode, processes, threads, launcher, options))
    elapsed = time.perf_counter() - started

    figures = {}
    for (mode, name), results in runs.items():
        step_ms = statistics.median(result['step_ms_median'] for result, _ in results)
        figures.setdefault(mode, {})[name] = {
            'step_ms': step_ms, 'examples_per_s': options.batch_size / (step_ms / 1000),
            'wall_s': statistics.median(wall for _, wall in results),
            'final_loss': results[0][0]['final_loss'],
            'step_ms_runs': [round(result['step_ms_median'], 2) for result, _ in results],
        }
    for mode, table in figures.items():
        peers = [name for name, processes, _, _ in SETUPS if processes == 1]
        peer = max(peers, key=lambda name: table[name]['examples_per_s'])
        table['peer'] = peer
        table['ratio'] = table['2 processes x 1 thread']['examples_per_s'] / table[peer]['examples_per_s']
    report = {'device_name': info['device_name'], 'cpus': os.cpu_count(), 'torch': torch.__version__,
              'batch_size': options.batch_size, 'steps': options.steps, 'repeats': options.repeats,
              'figures': figures, 'seconds': elapsed}
    if options.json:
        print(json.dumps(report))
    else:
        print_table(report)
    return 0


def print_table(report):
    print(f"DDP (gloo, CPU) 1 vs 2 processes: {report['device_name']}, {report['cpus']} CPUs, torch {report['torch']}; "
          f"global batch {report['batch_size']}, {report['steps']} steps, median of {report['repeats']} runs")
    for mode, table in report['figures'].items():
        print(f"\n{mode}:")
        print(f"  {'set-up':<30} {'step ms':>9} {'examples/s':>11} {'train call s':>13}  final loss")
        for name, _, _, _ in SETUPS:
            row = table[name]
            mark = '  <- peer at its best' if name == table['peer'] else ''
            print(f"  {name:<30} {row['step_ms']:>9.1f} {row['examples_per_s']:>11.1f} {row['wall_s']:>13.2f}  "
                  f"{row['final_loss']:.6f}{mark}")
        print(f"  2 processes (torchrun) / peer: {table['ratio']:.2f}x examples/s; torchrun starts "
              f"{table['2 processes x 1 thread']['wall_s'] - table['2 processes x 1 thread, spawn']['wall_s']:+.2f} s later than spawn a train call")
    print(f"\n{report['seconds']:.1f} s in all")


if __name__ == '__main__':
    sys.exit(main())
