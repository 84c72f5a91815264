"""masked_lm: BERT-style masking (proportions, a pure function of (seed, step)), windowed text
datasets, pretraining that lowers the masked loss, and kill-and-resume ending bit-identical."""

import shutil
import tempfile
import unittest

import _path  # noqa: F401
import torch

from _worker import InProcessWorker
from lora_worker import masking
from lora_worker.datasets import IGNORE, windows
from lora_worker.errors import WorkerError
from lora_worker.tokenizer import MASK

TEXT = 'From: alice@example.com\nSubject: meeting notes\n\nThe quick brown fox jumps over the lazy dog. '
TEXTS = [(TEXT * 6)[offset:] for offset in range(0, 120, 4)]
CONFIG = {'task': 'masked_lm', 'vocab_size': 261, 'max_len': 48, 'd_model': 32, 'n_heads': 4, 'n_layers': 2}


def random_batch(rows=400, length=128, seed=0):
    """Byte ids with BOS first and some right padding."""
    draws = torch.Generator().manual_seed(seed)
    ids = torch.randint(4, 260, (rows, length), generator=draws)
    ids[:, 0] = 1
    ends = torch.randint(length // 2, length + 1, (rows,), generator=draws)
    ids[torch.arange(length)[None, :] >= ends[:, None]] = 0
    return ids


class MaskingTest(unittest.TestCase):
    def test_proportions_are_bert_15_percent_then_80_10_10(self):
        ids = random_batch()
        masked, labels = masking.mask_tokens(ids, seed=7, step=3)
        ordinary = ids >= 4
        chosen = labels != IGNORE
        share = chosen.sum().item() / ordinary.sum().item()
        self.assertAlmostEqual(share, 0.15, delta=0.005)  # ~38 000 ordinary positions: sd 0.0018
        self.assertFalse(bool((chosen & ~ordinary).any()), 'BOS and padding are never chosen')
        self.assertTrue(torch.equal(labels[chosen], ids[chosen]))
        self.assertTrue(torch.equal(masked[~chosen], ids[~chosen]), 'positions not chosen are untouched')
        n = chosen.sum().item()
        to_mask = (masked[chosen] == MASK).sum().item() / n
        unchanged = (masked[chosen] == ids[chosen]).sum().item() / n
        self.assertAlmostEqual(to_mask, 0.8, delta=0.015)
        # A random replacement equals the original 1 time in 256, so "unchanged" is 0.1 + 0.1/256.
        self.assertAlmostEqual(unchanged, 0.1 + 0.1 / 256, delta=0.01)
        self.assertAlmostEqual(1 - to_mask - unchanged, 0.1 - 0.1 / 256, delta=0.01)
        self.assertTrue(bool(((masked[chosen] >= 4) & (masked[chosen] <= MASK)).all()))

    def test_masks_are_a_pure_function_of_seed_and_step(self):
        ids = random_batch(rows=16, length=64)
        first = masking.mask_tokens(ids, 5, 11)
        torch.manual_seed(123)
        torch.rand(1000)  # the global generators do not matter
        again = masking.mask_tokens(ids.clone(), 5, 11)
        self.assertTrue(torch.equal(first[0], again[0]) and torch.equal(first[1], again[1]))
        self.assertFalse(torch.equal(first[1], masking.mask_tokens(ids, 5, 12)[1]), 'another step')
        self.assertFalse(torch.equal(first[1], masking.mask_tokens(ids, 6, 11)[1]), 'another seed')

    def test_every_row_with_ordinary_tokens_gets_a_chosen_position(self):
        ids = torch.tensor([[1, 40, 41, 0, 0], [1, 50, 0, 0, 0], [1, 0, 0, 0, 0]])
        for step in range(50):
            _, labels = masking.mask_tokens(ids, 0, step)
            chosen = (labels != IGNORE).sum(dim=1).tolist()
            self.assertGreaterEqual(chosen[0], 1)
            self.assertEqual(chosen[1], 1)
            self.assertEqual(chosen[2], 0)


class WindowTest(unittest.TestCase):
    def test_windows_cover_every_byte_and_skip_redundant_tails(self):
        self.assertEqual(windows(b'abcdefg', 3, 3), [b'abc', b'def', b'g'])
        self.assertEqual(windows(b'abcdefg', 4, 2), [b'abcd', b'cdef', b'efg'])
        self.assertEqual(windows(b'abcdef', 4, 2), [b'abcd', b'cdef'])
        self.assertEqual(windows(b'', 4, 2), [])

    def test_windowed_texts_keep_labels_and_count_their_sources(self):
        worker = InProcessWorker()
        summary = worker.call('make_dataset', name='d', source={
            'kind': 'texts', 'texts': ['a' * 10, 'b' * 3, ''], 'labels': [0, 1, 1], 'window': {'length': 4}})
        self.assertEqual((summary['n'], summary['source_texts'], summary['label_counts']), (4, 3, [3, 1]))
        dataset = worker.state.datasets['d']
        self.assertEqual([len(tokens) for tokens in dataset.inputs], [4, 4, 2, 3])
        with self.assertRaisesRegex(WorkerError, 'stride: 5'):
            worker.call('make_dataset', name='e', source={'kind': 'texts', 'texts': ['x'], 'window': {'length': 4, 'stride': 5}})


class MaskedLmModelTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix='payback-mlm-')
        self.worker = InProcessWorker()
        self.worker.call('make_dataset', name='texts', source={'kind': 'texts', 'texts': TEXTS, 'window': {'length': 47, 'stride': 40}})

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_config_needs_room_for_mask(self):
        with self.assertRaisesRegex(WorkerError, r'invalid vocab_size: 260 \(a masked_lm model needs at least 261'):
            self.worker.call('build_model', name='m', config={**CONFIG, 'vocab_size': 260}, seed=1)

    def test_pretraining_lowers_the_masked_loss_and_evaluate_is_deterministic(self):
        self.worker.call('build_model', name='m', config=CONFIG, seed=1)
        before = self.worker.call('evaluate', model='m', dataset='texts', seed=4)
        self.assertEqual(before, self.worker.call('evaluate', model='m', dataset='texts', seed=4))
        self.assertEqual(before['task'], 'masked_lm')
        self.assertGreater(before['masked_tokens'], 0)
        self.worker.call('train', model='m', dataset='texts', steps=60, batch_size=16, lr=0.003, seed=2, mode='full')
        after = self.worker.call('evaluate', model='m', dataset='texts', seed=4)
        self.assertLess(after['loss'], before['loss'] - 1.5)
        self.assertGreater(after['accuracy'], before['accuracy'] + 0.1)
        with self.assertRaisesRegex(WorkerError, 'masked_lm model: predict has nothing to return'):
            self.worker.call('predict', model='m', dataset='texts')

    def test_killed_and_resumed_pretraining_ends_bit_identical(self):
        config = {**CONFIG, 'dropout': 0.1}  # dropout draws from the global generators: their state is checkpointed
        run = {'dataset': 'texts', 'steps': 12, 'batch_size': 8, 'lr': 0.003, 'seed': 9, 'mode': 'full'}
        self.worker.call('build_model', name='straight', config=config, seed=1)
        self.worker.call('train', model='straight', **run)
        straight = self.worker.call('fingerprint', model='straight')['base_sha256']
        self.worker.call('build_model', name='first', config=config, seed=1)
        self.worker.call('train', model='first', **{**run, 'steps': 5}, checkpoint_dir=self.folder, checkpoint_every=5)
        torch.manual_seed(999)  # what a new process would have: other global generator states
        fresh = InProcessWorker()
        fresh.state.datasets = self.worker.state.datasets
        fresh.call('build_model', name='resumed', config=config, seed=1)
        result = fresh.call('train', model='resumed', **run, checkpoint_dir=self.folder, resume=True)
        self.assertEqual(result['start_step'], 5)
        self.assertEqual(fresh.call('fingerprint', model='resumed')['base_sha256'], straight)


if __name__ == '__main__':
    unittest.main()
