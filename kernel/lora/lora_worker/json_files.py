"""Reading the JSON files the worker writes (model and adapter configs), with structured errors."""
import json
import os

from .errors import WorkerError


def read_json(folder, file_name, what):
    """The JSON document ``folder/file_name``.

    @throws WorkerError not_found (``no <what> at <folder>: <file_name> is missing``) or io_error
    """
    path = os.path.join(folder, file_name)
    try:
        with open(path, 'r', encoding='utf-8') as handle:
            return json.load(handle), path
    except FileNotFoundError:
        raise WorkerError('not_found', f'no {what} at {folder}: {file_name} is missing', {'path': folder})
    except (OSError, json.JSONDecodeError) as error:
        raise WorkerError('io_error', f'cannot read {path}: {error}', {'path': path})
