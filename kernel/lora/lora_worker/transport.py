"""Writing protocol lines: one JSON object per line on the real stdout, from any thread.

At start-up ``main`` moves file descriptor 1 to stderr and keeps a private copy of the original
stdout for this transport, so a stray ``print`` (ours or a library's, even from C) can never
corrupt the protocol stream.
"""

import json
import threading


class Transport:
    """Serialises messages to a text stream under a lock. When the reader is gone (broken pipe)
    it stops writing and calls ``on_close`` once, so the server can cancel work nobody awaits."""

    def __init__(self, stream, on_close=None):
        self._stream = stream
        self._lock = threading.Lock()
        self.on_close = on_close
        self.closed = False

    def send(self, message):
        """Writes ``message`` as one line. Non-finite floats are refused (JSON has none).

        @throws ValueError when the message holds NaN or infinity
        """
        line = json.dumps(message, allow_nan=False, separators=(',', ':'), ensure_ascii=False)
        with self._lock:
            if self.closed:
                return
            try:
                self._stream.write(line + '\n')
                self._stream.flush()
            except (BrokenPipeError, OSError, ValueError):
                self.closed = True
        if self.closed and self.on_close is not None:
            callback, self.on_close = self.on_close, None
            callback()
