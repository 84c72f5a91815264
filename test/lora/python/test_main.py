"""main: the worker's --threads option (0 used to be taken as the default, 1)."""

import contextlib
import io
import os
import unittest
from unittest import mock

import _path  # noqa: F401

from lora_worker import main


class ThreadsTest(unittest.TestCase):
    def test_threads_given(self):
        self.assertEqual(main._threads(['--threads', '3']), 3)

    def test_threads_default_from_omp_num_threads_else_one(self):
        with mock.patch.dict(os.environ, {'OMP_NUM_THREADS': '2'}):
            self.assertEqual(main._threads([]), 2)
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(main._threads([]), 1)

    def test_zero_threads_is_a_usage_error(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as raised:
            main._threads(['--threads', '0'])
        self.assertEqual(raised.exception.code, 2)
        self.assertIn('invalid --threads: 0 (must be >= 1)', stderr.getvalue())


if __name__ == '__main__':
    unittest.main()
