"""Files written whole or not at all, for every file the worker writes (adapter configs and
weights, the data-parallel job folder's job, result and error files)."""

import os


def write_atomically(path, write):
    """Calls ``write(temporary)`` for a temporary path beside ``path``, flushes it to disk and
    renames it to ``path``: a reader, or a process killed meanwhile, finds the old file or the whole
    new one, never a part. The temporary file is removed when ``write`` fails."""
    temporary = f'{path}.tmp-{os.getpid()}'
    try:
        write(temporary)
        with open(temporary, 'rb') as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
