"""checkpoints and training.BatchOrder: complete checkpoints only, pruning, exact state round trip."""

import os
import random
import shutil
import tempfile
import unittest

import _path  # noqa: F401
import torch

from lora_worker import checkpoints, rng
from lora_worker.training import BatchOrder


class CheckpointFolderTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp(prefix='payback-ckpt-')

    def tearDown(self):
        shutil.rmtree(self.directory, ignore_errors=True)

    def test_only_complete_checkpoints_count(self):
        os.makedirs(os.path.join(self.directory, 'checkpoint-40'))  # no trainer state: incomplete
        os.makedirs(os.path.join(self.directory, '.checkpoint-60.tmp-123'))  # killed while writing
        complete = os.path.join(self.directory, 'checkpoint-20')
        os.makedirs(complete)
        open(os.path.join(complete, checkpoints.STATE_FILE), 'w').close()
        self.assertEqual(checkpoints.latest(self.directory), (20, complete))

    def test_trainer_state_round_trips_exactly(self):
        parameter = torch.nn.Parameter(torch.randn(3))
        optimizer = torch.optim.Adam([parameter], lr=0.01)
        parameter.grad = torch.randn(3)
        optimizer.step()
        rng.seed_all(5)
        state = {'step': 7, 'optimizer': optimizer.state_dict(), 'rng': rng.capture(),
                 'losses': [{'step': 5, 'loss': 0.1 + 0.2}], 'window': [1 / 3], 'run': {'seed': 1}}
        checkpoints._write_state(self.directory, state)
        back = checkpoints.read_state(self.directory)
        self.assertEqual(back['losses'], state['losses'])
        self.assertEqual(back['window'], state['window'])
        self.assertEqual(back['rng']['python'], random.getstate())
        self.assertTrue(torch.equal(back['rng']['torch'], state['rng']['torch']))
        for key in ('exp_avg', 'exp_avg_sq', 'step'):
            self.assertTrue(torch.equal(back['optimizer']['state'][0][key], state['optimizer']['state'][0][key]), key)
        self.assertEqual(back['optimizer']['param_groups'], state['optimizer']['param_groups'])


class BatchOrderTest(unittest.TestCase):
    def test_each_epoch_visits_each_example_once_and_steps_are_pure(self):
        order = BatchOrder(seed=3, n=10, batch_size=3)  # 3 full batches per epoch, 1 example skipped
        epoch = [index for step in range(3) for index in order.indices(step)]
        self.assertEqual(len(set(epoch)), 9)
        fresh = BatchOrder(seed=3, n=10, batch_size=3)
        self.assertEqual(fresh.indices(4), order.indices(4))
        self.assertNotEqual(order.indices(0), order.indices(3))  # a new permutation per epoch


if __name__ == '__main__':
    unittest.main()
