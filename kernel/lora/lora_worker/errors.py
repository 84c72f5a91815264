"""The one structured failure of the worker.

Every command raises :class:`WorkerError` for anything the caller should see; the server turns it
into ``{"id", "ok": false, "error": {"code", "message", "details"}}``. Codes are the enum
``ErrorInfo.code`` of the protocol schema. Messages follow the project's style: they name the thing
and the bad value, with no trailing period.
"""


class WorkerError(Exception):
    """A failure with a protocol error code, a message and JSON-safe details.

    Example::

        raise WorkerError('unknown_model', "unknown model: 'm1' (loaded: none)", {'model': 'm1'})
    """

    def __init__(self, code, message, details=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}

    def to_json(self):
        """The ``error`` object of an error response."""
        return {'code': self.code, 'message': self.message, 'details': self.details}


def invalid_args(message, **details):
    """A semantic problem with arguments that passed the schema (e.g. d_model not divisible by n_heads)."""
    return WorkerError('invalid_args', message, details)
