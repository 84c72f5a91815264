"""One rank of a data-parallel ``train`` under torchrun: ``python3 -m lora_worker.rank JOB_FOLDER``.

torchrun starts this module once per process on every node, with RANK, WORLD_SIZE, LOCAL_RANK,
MASTER_ADDR and MASTER_PORT set. The rank reads the job the worker wrote into ``JOB_FOLDER``
(``job_folder.JOB_FILE``: the model, the adapter, the dataset and the run's arguments; on other
nodes the folder must be on a shared filesystem or copied there), trains its shard of every
global batch (``distributed.run_rank``) and reports through the folder:

- rank 0 appends its progress and checkpoint events to ``events.jsonl`` (one JSON object a line,
  flushed at once), which the worker relays as a one-process run sends them;
- rank 0 writes the result and the trained weights to ``result.pt`` (temporary file, then rename);
- a rank that fails writes its error to ``errors/rank-<rank>.json`` and exits 1, which makes
  torchrun stop the other ranks (``--max_restarts 0``).
"""

import os
import sys

from . import distributed, job_folder


def main(argv):
    if len(argv) != 1:
        sys.stderr.write('usage: python3 -m lora_worker.rank JOB_FOLDER (started by torchrun)\n')
        return 2
    rank, world_size = int(os.environ['RANK']), int(os.environ['WORLD_SIZE'])
    local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    distributed.watch_parent(os.getppid())  # the torchrun agent: its end is this rank's
    folder = job_folder.JobFolder(argv[0])
    try:
        payload = folder.read_job()
        args = payload['args']
        expected = args['processes'] * args.get('nodes', 1)
        if world_size != expected:
            raise ValueError(f'invalid world size: {world_size} ranks joined a job of processes {args["processes"]} '
                             f'x nodes {args.get("nodes", 1)} = {expected}')
    except Exception as error:  # noqa: BLE001 - the worker must hear why a rank could not start
        folder.error(rank, {'code': 'internal', 'message': f'{type(error).__name__}: {error}', 'details': {}})
        return 1
    return distributed.run_rank(rank, world_size, local_rank, payload, folder)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
