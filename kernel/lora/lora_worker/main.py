"""Entry point: ``python3 kernel/lora/worker.py [--threads N]``.

Sets up the protocol stream (see ``transport``), pins torch's thread count (``--threads``, else
``OMP_NUM_THREADS``, else 1), ignores SIGINT (a notebook interrupt reaches the whole process
group; the client decides what to cancel), turns on deterministic algorithms, and serves
requests until ``shutdown`` or end of input. Exit status 0 then; 2 for bad command-line options.
"""

import argparse
import os
import signal
import sys


def _threads(argv):
    parser = argparse.ArgumentParser(prog='worker.py', description='payback LoRA worker (JSON lines on stdio)')
    parser.add_argument('--threads', type=int, default=None, help='torch intra-op threads (default: OMP_NUM_THREADS or 1)')
    options = parser.parse_args(argv)
    # `--threads 0` is a mistake to report, not a request for the default: test for None, not falsiness.
    threads = options.threads if options.threads is not None else int(os.environ.get('OMP_NUM_THREADS') or 1)
    if threads < 1:
        parser.error(f'invalid --threads: {threads} (must be >= 1)')
    return threads


def main(argv=None):
    """Runs the worker; returns the exit status."""
    threads = _threads(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault('OMP_NUM_THREADS', str(threads))
    # Protocol on a private copy of stdout; fd 1 (and sys.stdout) now go to stderr.
    protocol_stream = os.fdopen(os.dup(1), 'w', encoding='utf-8', newline='\n')
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    import torch  # after the redirection: anything printed while importing goes to stderr

    from .device import configure_determinism
    from .server import Server
    from .state import WorkerState
    from .transport import Transport

    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    configure_determinism()
    Server(Transport(protocol_stream), WorkerState()).serve(sys.stdin.buffer)
    # The stdin reader thread may still block in read(); a normal interpreter shutdown would then
    # abort on the stdin lock, so flush and leave at once.
    try:
        protocol_stream.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass
    sys.stderr.flush()
    os._exit(0)
