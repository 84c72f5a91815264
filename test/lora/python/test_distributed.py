"""distributed.shard and distributed.step_seed: how a data-parallel step splits the global batch
of training.BatchOrder over ranks, and the per-rank dropout seeds."""

import unittest

import _path  # noqa: F401
import torch

from lora_worker.distributed import Rank, shard, step_seed
from lora_worker.training import BatchOrder


class ShardTest(unittest.TestCase):
    def test_shard_takes_contiguous_blocks_in_rank_order(self):
        # By hand: 4 indices over 2 ranks -> blocks of 2; rank 0 the first, rank 1 the second.
        self.assertEqual(shard([7, 3, 9, 1], 0, 2), [7, 3])
        self.assertEqual(shard([7, 3, 9, 1], 1, 2), [9, 1])
        self.assertEqual(shard([7, 3, 9, 1], 0, 1), [7, 3, 9, 1])

    def test_shards_of_every_step_are_disjoint_and_make_the_global_batch(self):
        order = BatchOrder(seed=11, n=200, batch_size=24)  # 8 steps an epoch: steps cross epochs
        for world_size in (1, 2, 3, 4, 6):
            for step in range(20):
                with self.subTest(world_size=world_size, step=step):
                    batch = order.indices(step)
                    shards = [shard(batch, rank, world_size) for rank in range(world_size)]
                    self.assertEqual([len(part) for part in shards], [24 // world_size] * world_size)
                    self.assertEqual(sum(shards, []), batch)  # union in rank order = the 1-process batch
                    self.assertEqual(len(set(sum(shards, []))), 24)  # disjoint

    def test_shard_of_a_step_is_a_pure_function_of_seed_and_step(self):
        # A resumed rank (a fresh BatchOrder) takes the same examples as the uninterrupted one.
        first, second = BatchOrder(5, 100, 10), BatchOrder(5, 100, 10)
        for step in (0, 9, 10, 37):
            second.indices(0)
            self.assertEqual(shard(first.indices(step), 1, 2), shard(second.indices(step), 1, 2))

    def test_shard_refuses_a_batch_that_does_not_split_evenly(self):
        with self.assertRaisesRegex(ValueError, '5 examples cannot be split over 2 processes'):
            shard([1, 2, 3, 4, 5], 0, 2)


class RankShardTest(unittest.TestCase):
    def test_rank_keeps_its_rows_of_the_global_batch_with_the_global_padding(self):
        # 4 rows padded to 5 columns; rank 1 of 2 keeps rows 2 and 3, still 5 columns wide
        # (the same tensors as in the 1-process batch), and counts its non-pad tokens: 3 + 1.
        input_ids = torch.tensor([[1, 5, 6, 7, 8], [1, 5, 0, 0, 0], [1, 9, 9, 0, 0], [1, 0, 0, 0, 0]])
        labels = torch.tensor([0, 1, 2, 3])
        batch = {'input_ids': input_ids, 'labels': labels, 'tokens': 5 + 2 + 3 + 1}
        part = Rank(1, 2, seed=0, device=torch.device('cpu')).shard(batch)
        self.assertEqual(part['input_ids'].tolist(), [[1, 9, 9, 0, 0], [1, 0, 0, 0, 0]])
        self.assertEqual(part['labels'].tolist(), [2, 3])
        self.assertEqual(part['tokens'], 4)
        whole = [Rank(rank, 2, 0, torch.device('cpu')).shard(batch) for rank in (0, 1)]
        self.assertEqual(torch.cat([p['input_ids'] for p in whole]).tolist(), input_ids.tolist())
        self.assertEqual(sum(p['tokens'] for p in whole), 11)
        self.assertEqual([Rank(rank, 2, 0, None).writer for rank in (0, 1)], [True, False])  # rank 0 alone writes


class StepSeedTest(unittest.TestCase):
    def test_step_seed_differs_across_ranks_and_steps(self):
        # By hand: seed 1, step 2, 2 ranks -> (1 * 1000003 + 2) * 2 + rank = 2000010 + rank.
        self.assertEqual(step_seed(1, 2, 0, 2), 2000010)
        self.assertEqual(step_seed(1, 2, 1, 2), 2000011)
        seeds = {step_seed(7, step, rank, 4) for step in range(50) for rank in range(4)}
        self.assertEqual(len(seeds), 200)


if __name__ == '__main__':
    unittest.main()
