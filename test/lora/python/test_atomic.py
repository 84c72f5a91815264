"""atomic.write_atomically: the whole new file or the old one, and no temporary left behind."""

import os
import tempfile
import unittest

import _path  # noqa: F401

from lora_worker.atomic import write_atomically


def writer(text):
    def write(path):
        with open(path, 'w') as handle:
            handle.write(text)
    return write


class WriteAtomicallyTest(unittest.TestCase):
    def test_replaces_the_file_whole(self):
        path = os.path.join(tempfile.mkdtemp(), 'f.json')
        write_atomically(path, writer('old'))
        write_atomically(path, writer('new'))
        with open(path) as handle:
            self.assertEqual(handle.read(), 'new')
        self.assertEqual(os.listdir(os.path.dirname(path)), ['f.json'])

    def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(self):
        path = os.path.join(tempfile.mkdtemp(), 'f.json')
        write_atomically(path, writer('old'))

        def fail(temporary):
            writer('half')(temporary)
            raise OSError('disk full')
        with self.assertRaisesRegex(OSError, 'disk full'):
            write_atomically(path, fail)
        with open(path) as handle:
            self.assertEqual(handle.read(), 'old')
        self.assertEqual(os.listdir(os.path.dirname(path)), ['f.json'])


if __name__ == '__main__':
    unittest.main()
