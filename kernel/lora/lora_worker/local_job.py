"""A request run in-process, without the protocol server: what benchmarks and the GPU check pass to
the command functions (``commands.train(state, args, job)``) in place of the server's job."""


class LocalJob:
    """Keeps the events a command emits (without ``id``); never cancelled."""

    def __init__(self):
        self.events = []

    def emit(self, event):
        self.events.append(event)

    def cancelled(self):
        return False
