#!/usr/bin/env python3
"""The payback LoRA worker: ``/usr/bin/python3 kernel/lora/worker.py [--threads N]``.

Speaks JSON lines on stdin/stdout (protocol: kernel/lora/protocol.schema.json); logs go to
stderr. The code lives in the ``lora_worker`` package next to this file.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lora_worker.main import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main())
