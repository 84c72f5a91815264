"""Calls the worker's command handlers in process, with arguments and results checked against the
protocol schema as the server checks them (no subprocess: fast enough for unit tests)."""

import _path  # noqa: F401

from lora_worker import commands
from lora_worker.schema import args_definition, protocol, result_definition
from lora_worker.state import WorkerState


class _Job:
    def emit(self, event):
        pass

    def cancelled(self):
        return False


class InProcessWorker:
    """``worker.call('build_model', name=..., ...)`` -> the command's result."""

    def __init__(self):
        self.state = WorkerState()

    def call(self, cmd, **args):
        protocol().validate(args, args_definition(cmd), '/args')
        result = commands.HANDLERS[cmd](self.state, args, _Job())
        protocol().validate(result, result_definition(cmd))
        return result
