"""Runs the worker's Python unit tests (test_*.py in this folder) one by one and prints one JSON
object a test, so that test/lora/python.test.ts can make each of them a vitest test of its own:
passed, failed or errored (with the traceback), or skipped (with unittest's reason).

    OMP_NUM_THREADS=1 /usr/bin/python3 test/lora/python/run_tests.py

stdout carries only the JSON array `[{"id", "status", "detail"}, ...]`, in discovery order;
whatever the tests print goes to stderr. A module that fails to import shows up as unittest's
`_FailedTest` with status "error", so it fails in vitest instead of disappearing.
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def flatten(suite):
    """Every TestCase inside a (nested) TestSuite, in order."""
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from flatten(item)
        else:
            yield item


class RecordingResult(unittest.TestResult):
    """Keeps one outcome per test id (subtests fold into their test: any failing subtest fails it)."""

    def __init__(self):
        super().__init__()
        self.outcomes = {}

    def _set(self, test, status, detail=''):
        previous = self.outcomes.get(test.id())
        if previous and previous['status'] in ('failed', 'error'):
            return
        self.outcomes[test.id()] = {'id': test.id(), 'status': status, 'detail': detail}

    def addSuccess(self, test):
        self._set(test, 'passed')

    def addFailure(self, test, err):
        self._set(test, 'failed', self._exc_info_to_string(err, test))

    def addError(self, test, err):
        self._set(test, 'error', self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        self._set(test, 'skipped', reason)

    def addExpectedFailure(self, test, err):
        self._set(test, 'passed', 'expected failure')

    def addUnexpectedSuccess(self, test):
        self._set(test, 'failed', 'unexpected success of a test marked expectedFailure')

    def addSubTest(self, test, subtest, err):
        if err is not None:
            status = 'failed' if issubclass(err[0], test.failureException) else 'error'
            self._set(test, status, f'{subtest.id()}\n{self._exc_info_to_string(err, test)}')


def main():
    sys.path.insert(0, HERE)
    stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        suite = unittest.defaultTestLoader.discover(HERE, pattern='test_*.py', top_level_dir=HERE)
        tests = list(flatten(suite))
        result = RecordingResult()
        # Run through the suite so that class- and module-level fixtures (setUpClass,
        # skipUnless on a class) behave as under `python3 -m unittest`.
        suite.run(result)
        ids = [test.id() for test in tests]
        missing = {'status': 'error', 'detail': 'the test did not report an outcome'}
        rows = [result.outcomes.get(id, {'id': id, **missing}) for id in ids]
        # Errors outside any test (setUpClass, setUpModule) come under their own ids.
        rows += [outcome for id, outcome in result.outcomes.items() if id not in set(ids)]
    finally:
        sys.stdout = stdout
    json.dump(rows, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
