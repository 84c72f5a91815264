"""The folder through which the worker and torchrun's ranks talk (``rank``, ``torchrun_launch``).

Files, each written by one side:

- ``job.pt`` (worker): the model on the CPU, the dataset and the run's arguments, pickled with
  ``torch.save``. It is read only by ranks of a job this worker wrote; a job folder is not a
  format to exchange.
- ``events.jsonl`` (rank 0): progress and checkpoint events, one JSON object a line.
- ``result.pt`` (rank 0): ``{'result': ..., 'weights': {name: tensor}}``, the trained weights.
- ``errors/rank-<rank>.json`` (any rank): the error a rank reports before it exits 1.
- ``torchrun.log`` (worker): torchrun's own output, read for the cause when a rank is killed.

Every file but the log and the event lines is written to a temporary name and renamed, so a
reader sees it whole or not at all.
"""

import json
import os
import time

import torch

from .atomic import write_atomically

JOB_FILE = 'job.pt'
EVENTS_FILE = 'events.jsonl'
RESULT_FILE = 'result.pt'
ERRORS_FOLDER = 'errors'
LOG_FILE = 'torchrun.log'
#: Seconds a rank waits for ``job.pt`` (a node started before the worker wrote it).
JOB_WAIT_SECONDS = 600.0


class JobFolder:
    """One data-parallel job's folder; on a rank it is also the ``sink`` of ``distributed.run_rank``."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self._events_read = 0

    def file(self, name):
        return os.path.join(self.path, name)

    # ----- the worker's side

    def write_job(self, payload):
        """Clears what an earlier job left here and writes ``job.pt``."""
        os.makedirs(os.path.join(self.path, ERRORS_FOLDER), exist_ok=True)
        for name in (EVENTS_FILE, RESULT_FILE, LOG_FILE):
            if os.path.exists(self.file(name)):
                os.remove(self.file(name))
        for name in os.listdir(self.file(ERRORS_FOLDER)):
            os.remove(os.path.join(self.file(ERRORS_FOLDER), name))
        write_atomically(self.file(JOB_FILE), lambda path: torch.save(payload, path))

    def new_events(self):
        """The events rank 0 appended since the last call (whole lines only)."""
        try:
            with open(self.file(EVENTS_FILE), 'rb') as handle:
                handle.seek(self._events_read)
                data = handle.read()
        except FileNotFoundError:
            return []
        end = data.rfind(b'\n') + 1
        self._events_read += end
        return [json.loads(line) for line in data[:end].decode('utf-8').splitlines() if line.strip()]

    def read_result(self):
        """Rank 0's ``{'result', 'weights'}``, or None when it wrote none."""
        if not os.path.exists(self.file(RESULT_FILE)):
            return None
        return torch.load(self.file(RESULT_FILE), map_location='cpu', **_PICKLE)

    def read_errors(self):
        """rank -> the error that rank reported."""
        folder = self.file(ERRORS_FOLDER)
        errors = {}
        for name in os.listdir(folder) if os.path.isdir(folder) else []:
            if name.startswith('rank-') and name.endswith('.json'):
                with open(os.path.join(folder, name), 'r', encoding='utf-8') as handle:
                    errors[int(name[len('rank-'):-len('.json')])] = json.load(handle)
        return errors

    # ----- a rank's side

    def read_job(self):
        """The job, once ``job.pt`` is there (a rank on another node may start first).

        @throws TimeoutError when it is not there within JOB_WAIT_SECONDS
        """
        deadline = time.monotonic() + JOB_WAIT_SECONDS
        while not os.path.exists(self.file(JOB_FILE)):
            if time.monotonic() > deadline:
                raise TimeoutError(f'no {JOB_FILE} in {self.path} after {JOB_WAIT_SECONDS:.0f} s')
            time.sleep(0.2)
        return torch.load(self.file(JOB_FILE), map_location='cpu', **_PICKLE)

    def event(self, event):
        with open(self.file(EVENTS_FILE), 'a', encoding='utf-8') as handle:
            handle.write(json.dumps(event) + '\n')
            handle.flush()

    def finish(self, result, trained):
        weights = {name: value.detach().to('cpu', copy=True) for name, value in trained.items()}
        write_atomically(self.file(RESULT_FILE), lambda path: torch.save({'result': result, 'weights': weights}, path))

    def error(self, rank, error):
        os.makedirs(self.file(ERRORS_FOLDER), exist_ok=True)

        def write(path):
            with open(path, 'w', encoding='utf-8') as handle:
                json.dump(error, handle)
        write_atomically(os.path.join(self.file(ERRORS_FOLDER), f'rank-{rank}.json'), write)


# torch 2.6 and later load only tensors unless told otherwise; 1.13 knows the flag too.
_PICKLE = {'weights_only': False}
