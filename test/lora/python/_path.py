"""Puts kernel/lora on sys.path so the tests import the worker package as the worker does."""

import os
import sys

KERNEL_LORA = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', 'kernel', 'lora'))
if KERNEL_LORA not in sys.path:
    sys.path.insert(0, KERNEL_LORA)
