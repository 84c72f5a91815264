"""PyTorch's launcher, ``torch.distributed.run`` (torchrun), as ``python3 -m lora_worker.torchrun``.

It is torchrun itself (its elastic agent, rendezvous and flags), with two additions:

- **Debian's torch 1.13 under Python 3.11.** torchrun's ``Std.from_str`` finds the stream
  settings ``0`` (none) and ``3`` (both) by iterating over the ``Std`` flag enum, and Python
  3.11 no longer yields the zero and multi-bit members when iterating a flag, so it returns None
  and every launch fails (``AttributeError: 'NoneType' object has no attribute 'get'``). When
  that is so, the settings are parsed with ``Std(int(value))`` as torch 2.x does. Elsewhere
  nothing is changed, and the plain ``torchrun`` command works as well.
- **Following the worker.** When ``PAYBACK_WORKER_PID`` is set (the worker sets it when it runs
  torchrun), the agent stops its ranks and ends (SIGTERM, which torchrun handles) once that
  process is gone, instead of training on for nobody.

Example (from ``kernel/lora``; what the worker runs for ``train`` with ``processes: 2``)::

    python3 -m lora_worker.torchrun --nproc_per_node 2 --nnodes 1 --master_addr 127.0.0.1 \
        --master_port 41000 -m lora_worker.rank /tmp/job
"""

import os
import re
import signal
import sys
import threading
import time

WORKER_PID_ENV = 'PAYBACK_WORKER_PID'


def mend_stream_settings():
    """Makes ``Std.from_str`` parse ``0``, ``3`` and ``rank:value`` maps where this torch cannot.

    @returns True when the mend was needed (torch 1.13 on Python 3.11), else False
    """
    from torch.distributed.elastic.multiprocessing import api
    if api.Std.from_str('0') is not None:
        return False

    def from_str(value):
        if re.fullmatch(r'[0-3]', value):
            return api.Std(int(value))
        if re.fullmatch(r'(\d:[0-3],)*\d:[0-3]', value):
            return {int(rank): api.Std(int(std)) for rank, std in (part.split(':') for part in value.split(','))}
        raise ValueError(f'{value} does not match: <[0-3]> or <(\\d:[0-3],)*\\d:[0-3]>')

    api.Std.from_str = staticmethod(from_str)
    return True


def follow_worker(pid):
    """Sends this agent SIGTERM once process ``pid`` (its parent, the worker) is gone."""
    def watch():
        while os.getppid() == pid:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)
    threading.Thread(target=watch, name='worker-watch', daemon=True).start()


def main(argv):
    mend_stream_settings()
    worker = os.environ.get(WORKER_PID_ENV, '')
    if worker.isdigit():
        follow_worker(int(worker))
    from torch.distributed.run import main as torchrun
    torchrun(argv)


if __name__ == '__main__':
    main(sys.argv[1:])
