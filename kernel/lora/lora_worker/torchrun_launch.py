"""Data-parallel ``train`` launched by torchrun (``launcher: 'torchrun'``, the default).

The worker stays the one process that speaks the protocol. For a run it writes the job into a
folder (``job_folder``), starts PyTorch's launcher on this machine,

    python3 -m lora_worker.torchrun --nproc_per_node N --max_restarts 0 --monitor_interval 0.1 \\
        --nnodes 1 --node_rank 0 --master_addr 127.0.0.1 --master_port FREE_PORT \\
        -m lora_worker.rank JOB_FOLDER

(the static rendezvous, where node 0 hosts the store; with ``nodes`` > 1, ``--nnodes M`` and the
``master_addr``/``master_port`` of the args, so this machine holds global rank 0). Not
``--standalone``: torch 1.13 puts every standalone run's rendezvous on port 29400, so two runs at
once on a machine meet in one store and the second fails when the first ends. It relays rank 0's events from the folder as
a one-process run sends them, and at the end copies rank 0's trained weights into its model.
With ``nodes`` > 1 the other machines run the same command with their ``--node_rank`` and the
same job folder (``launch_command``; a shared filesystem, or a copy made after the worker wrote
``job.pt``: ranks wait for it).

Failure: torchrun stops every rank when one ends without finishing (``--max_restarts 0``) and
exits non-zero; the worker then names the rank from the rank's own error file or, for a rank that
was killed without a word, from torchrun's "Root Cause" summary in ``torchrun.log``, removes
half-written checkpoint folders and fails as the spawn launcher does (``distributed.failure``).
Cancelling stops torchrun with SIGTERM (torchrun's own shutdown stops the ranks), then SIGKILL.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from . import distributed
from .errors import WorkerError, invalid_args
from .job_folder import LOG_FILE, JobFolder
from .torchrun import WORKER_PID_ENV

#: The folder that holds the ``lora_worker`` package (PYTHONPATH of torchrun and the ranks).
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Seconds between looks at torchrun and rank 0's events.
POLL_SECONDS = 0.05
#: Seconds torchrun gets to stop its ranks after SIGTERM before SIGKILL.
STOP_SECONDS = 10.0


def launch_command(args, job_path, node_rank=0, port=None, python=None):
    """The torchrun command line of node ``node_rank`` for the run ``args`` (run in PACKAGE_ROOT,
    or with it on PYTHONPATH). One node: rendezvous on 127.0.0.1:``port``; more: on the args'
    ``master_addr``:``master_port``.

    Example: ``launch_command({'processes': 2}, '/tmp/job', port=41000)`` ->
    ``[python, '-m', 'lora_worker.torchrun', '--nproc_per_node', '2', '--max_restarts', '0',
    '--monitor_interval', '0.1', '--nnodes', '1', '--node_rank', '0', '--master_addr', '127.0.0.1',
    '--master_port', '41000', '-m', 'lora_worker.rank', '/tmp/job']``
    """
    nodes = args.get('nodes', 1)
    address, port = (args['master_addr'], args['master_port']) if nodes > 1 else ('127.0.0.1', port)
    return [python or sys.executable, '-m', 'lora_worker.torchrun', '--nproc_per_node', str(args['processes']),
            '--max_restarts', '0', '--monitor_interval', '0.1', '--nnodes', str(nodes), '--node_rank', str(node_rank),
            '--master_addr', address, '--master_port', str(port), '-m', 'lora_worker.rank', job_path]


def _check(args):
    """@throws WorkerError invalid_args: more than one node needs a shared job folder and a master"""
    nodes = args.get('nodes', 1)
    if nodes > 1:
        missing = [name for name in ('job_dir', 'master_addr', 'master_port') if not args.get(name)]
        if missing:
            raise invalid_args(f'invalid nodes: {nodes} needs {", ".join(missing)} (a job folder every node '
                               'reads, and the address and port of this machine, node 0)', nodes=nodes, missing=missing)


_ROOT_CAUSE = re.compile(r'Root Cause.*?rank\s*:\s*(\d+).*?exitcode\s*:\s*(-?\d+)', re.S)


def root_cause(log_text):
    """``(rank, exit_code)`` of the first failure in torchrun's summary, or None.

    Example: the lines ``Root Cause (first observed failure):``, ``rank : 1 (local_rank: 1)``,
    ``exitcode : -9 (pid: 4242)`` -> ``(1, -9)``.
    """
    match = _ROOT_CAUSE.search(log_text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _stop(process):
    """SIGTERM to torchrun's process group, SIGKILL after STOP_SECONDS."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()


def _read_log(folder):
    try:
        with open(folder.file(LOG_FILE), 'r', encoding='utf-8', errors='replace') as handle:
            return handle.read()
    except OSError:
        return ''


def train(entry, dataset, args, emit, cancelled):
    """``training.train`` over ``processes`` x ``nodes`` ranks started by torchrun.

    @throws WorkerError invalid_args, rank_failed, cancelled, and what a rank raises
    """
    world_size = args['processes'] * args.get('nodes', 1)
    mode = args.get('mode', 'lora')
    distributed.check_parallel(entry, dataset, args, world_size)
    _check(args)
    own = not args.get('job_dir')
    folder = JobFolder(tempfile.mkdtemp(prefix='payback-ddp-') if own else args['job_dir'])
    try:
        payload = distributed.payload_of(entry, dataset, args)
        folder.write_job(payload)
        env = {**os.environ, **distributed.thread_environment(payload['threads']), WORKER_PID_ENV: str(os.getpid()),
               'PYTHONPATH': os.pathsep.join(filter(None, [PACKAGE_ROOT, os.environ.get('PYTHONPATH')]))}
        step = 0
        with open(folder.file(LOG_FILE), 'wb') as log:
            port = None if args.get('nodes', 1) > 1 else distributed.free_port()
            # The worker's own folder: relative paths in the args (checkpoint_dir) mean the same to the ranks.
            process = subprocess.Popen(launch_command(args, folder.path, port=port), cwd=os.getcwd(), env=env, stdin=subprocess.DEVNULL,
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                while True:
                    for event in folder.new_events():
                        step = event.get('step', step)
                        emit(event)
                    if process.poll() is not None:
                        for event in folder.new_events():
                            step = event.get('step', step)
                            emit(event)
                        break
                    if cancelled():
                        raise WorkerError('cancelled', f'training cancelled at step {step} of {args["steps"]}', {'step': step})
                    time.sleep(POLL_SECONDS)
            finally:
                _stop(process)
                distributed.remove_partial_checkpoints(args.get('checkpoint_dir'))
        outcome = folder.read_result() if process.returncode == 0 else None
        if process.returncode == 0 and outcome is None:
            raise WorkerError('rank_failed', 'training rank 0 ended without a result', {'processes': world_size})
        if outcome is None:
            log_text = _read_log(folder)
            cause, errors = root_cause(log_text), folder.read_errors()
            if cause is None and not errors:
                last = next((line.strip() for line in reversed(log_text.splitlines()) if line.strip()), '(empty)')
                raise WorkerError('rank_failed', f'torchrun ended with exit code {process.returncode} after step {step} '
                                  f'and no rank said why; its log ends: {last[-300:]}',
                                  {'processes': world_size, 'step': step, 'launcher_exit_code': process.returncode,
                                   'torchrun_log': log_text[-4000:]})
            error = distributed.failure(world_size, [cause] if cause else [], errors, args, step)
            if error.code == 'rank_failed':
                error.details['launcher_exit_code'] = process.returncode
                error.details['torchrun_log'] = log_text[-4000:]
            raise error
        distributed.take_weights(entry, outcome['weights'], mode)
        return outcome['result']
    finally:
        if own:
            shutil.rmtree(folder.path, ignore_errors=True)
