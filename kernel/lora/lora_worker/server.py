"""Requests in, responses and events out: the reader thread, the job queue and dispatch.

A reader thread parses and validates each stdin line. ``cancel`` is answered at once (it sets
the target's flag, which the running command polls between steps); every other request joins a
queue that the main thread runs one at a time, in order. At end of input the worker finishes
the queued requests and exits; when stdout breaks (the client is gone) every queued and running
request is cancelled, so an orphaned worker stops within one progress interval.
"""

import json
import queue
import sys
import threading
import traceback

from .commands import HANDLERS
from .errors import WorkerError
from .schema import SchemaViolation, args_definition, protocol, result_definition


def log(message):
    """One line on stderr (never stdout, which carries the protocol)."""
    sys.stderr.write(f'[lora-worker] {message}\n')
    sys.stderr.flush()


class Job:
    """A request being queued or run: its id, command, arguments and cancellation flag."""

    def __init__(self, request_id, cmd, args, transport):
        self.id = request_id
        self.cmd = cmd
        self.args = args
        self._transport = transport
        self._cancel = threading.Event()

    def cancel(self):
        self._cancel.set()

    def cancelled(self):
        """Whether the client asked to stop this request."""
        return self._cancel.is_set()

    def emit(self, event):
        """Sends an event of this request (``event`` without ``id``)."""
        self._transport.send({'id': self.id, **event})


def _error_response(request_id, error):
    return {'id': request_id, 'ok': False, 'error': error.to_json()}


def _unexpected(error):
    """A WorkerError for an exception no handler anticipated."""
    text = str(error) or type(error).__name__
    if isinstance(error, MemoryError) or 'out of memory' in text.lower():
        return WorkerError('out_of_memory', f'out of memory: {text.splitlines()[0] if text else ""}',
                           {'type': type(error).__name__})
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return WorkerError('internal', f'{type(error).__name__}: {text}',
                       {'type': type(error).__name__, 'traceback': ''.join(lines)[-4000:]})


class Server:
    """Serves requests from an iterable of byte lines until shutdown or end of input."""

    def __init__(self, transport, state):
        self.transport = transport
        transport.on_close = self.cancel_all
        self.state = state
        self.validator = protocol()
        self.queue = queue.Queue()
        self.jobs = {}  # id -> Job, queued or running
        self.lock = threading.Lock()
        self.line_number = 0

    # ---- reader thread

    def read(self, lines):
        """Reads request lines until end of input, then stops the queue."""
        try:
            for raw in lines:
                self.accept(raw)
        finally:
            self.queue.put(None)

    def cancel_all(self):
        """Flags every queued and running job (the client is gone)."""
        with self.lock:
            for job in self.jobs.values():
                job.cancel()

    def accept(self, raw):
        """Parses, validates and queues (or, for cancel, handles) one request line."""
        self.line_number += 1
        try:
            text = raw.decode('utf-8') if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as error:
            self.transport.send(_error_response(None, WorkerError(
                'invalid_json', f'line {self.line_number} is not UTF-8 ({error.reason} at byte {error.start})', {})))
            return
        if not text.strip():
            return
        try:
            message = json.loads(text)
        except json.JSONDecodeError as error:
            self.transport.send(_error_response(None, WorkerError(
                'invalid_json', f'line {self.line_number} is not JSON: {error.msg} at column {error.colno}',
                {'line': text[:200]})))
            return
        request_id = message.get('id') if isinstance(message, dict) else None
        if not (isinstance(request_id, str) and 0 < len(request_id) <= 100):
            request_id = None
        try:
            self.validator.validate(message, 'WorkerRequest')
            cmd = message['cmd']
            self.validator.validate(message['args'], args_definition(cmd), '/args')
        except SchemaViolation as violation:
            what = f'{message["cmd"]} request' if isinstance(message, dict) and message.get('cmd') in self._commands() else 'request'
            self.transport.send(_error_response(request_id, WorkerError(
                'invalid_request', f'invalid {what}: {violation}', {'path': violation.path, 'reason': violation.reason})))
            return
        if cmd == 'cancel':
            self.cancel(request_id, message['args']['target'])
            return
        with self.lock:
            if request_id in self.jobs:
                self.transport.send(_error_response(request_id, WorkerError(
                    'duplicate_id', f'request id {request_id!r} is already queued or running', {})))
                return
            job = Job(request_id, cmd, message['args'], self.transport)
            self.jobs[request_id] = job
        self.queue.put(job)

    def _commands(self):
        return self.validator.definitions['WorkerRequest']['properties']['cmd']['enum']

    def cancel(self, request_id, target):
        """Flags a queued or running job; answers whether there was one."""
        with self.lock:
            job = self.jobs.get(target)
            if job is not None:
                job.cancel()
        self.transport.send({'id': request_id, 'ok': True, 'result': {'cancelled': job is not None}})

    # ---- main thread

    def serve(self, lines):
        """Starts the reader on ``lines`` and runs jobs until shutdown or end of input."""
        reader = threading.Thread(target=self.read, args=(lines,), name='stdin-reader', daemon=True)
        reader.start()
        while True:
            job = self.queue.get()
            if job is None:
                return
            self.run(job)
            if job.cmd == 'shutdown':
                return

    def run(self, job):
        """Runs one job and sends its response."""
        try:
            if job.cancelled():
                raise WorkerError('cancelled', f'{job.cmd} cancelled before it started', {})
            result = {} if job.cmd == 'shutdown' else HANDLERS[job.cmd](self.state, job.args, job)
            try:
                self.validator.validate(result, result_definition(job.cmd))
            except SchemaViolation as violation:
                raise WorkerError('internal', f'the worker produced an invalid {job.cmd} result: {violation}',
                                  {'path': violation.path})
            response = {'id': job.id, 'ok': True, 'result': result}
        except WorkerError as error:
            response = _error_response(job.id, error)
        except Exception as error:  # every failure must reach the caller
            log(f'{job.cmd} {job.id} failed:\n{traceback.format_exc()}')
            response = _error_response(job.id, _unexpected(error))
        finally:
            with self.lock:
                self.jobs.pop(job.id, None)
        try:
            self.transport.send(response)
        except ValueError as error:  # NaN or infinity in a result
            self.transport.send(_error_response(job.id, WorkerError(
                'internal', f'the worker produced a {job.cmd} result that is not valid JSON: {error}', {})))
