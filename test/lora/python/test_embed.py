"""embed: the mean-pooled encoder states a classifier's head reads, one row per example, equal to
what the model's own pooling computes; refused for a causal generator."""

import unittest

import _path  # noqa: F401
import torch

from _worker import InProcessWorker
from lora_worker.errors import WorkerError

CLASSIFIER = {'task': 'classification', 'vocab_size': 261, 'max_len': 32, 'd_model': 16, 'n_heads': 2, 'n_layers': 1,
              'num_labels': 2}


class EmbedTest(unittest.TestCase):
    def setUp(self):
        self.worker = InProcessWorker()
        self.worker.call('build_model', name='m', config=CLASSIFIER, seed=3)
        self.texts = ['hello there', 'win money now!!!', 'a', 'the meeting moved to room 4']
        self.worker.call('make_dataset', name='d', source={'kind': 'texts', 'texts': self.texts})

    def test_rows_are_the_pooled_states_the_head_reads(self):
        result = self.worker.call('embed', model='m', dataset='d', batch_size=3, decimals=9)
        self.assertEqual((result['n'], result['dim']), (4, 16))
        module = self.worker.state.models['m'].module
        dataset = self.worker.state.datasets['d']
        with torch.no_grad():
            # Each example alone (no padding), pooled by the classifier's own path.
            for index in range(4):
                batch = dataset.batch([index], self.worker.state.models['m'].config, torch.device('cpu'))
                expected = module.pooled(batch['input_ids'])[0].tolist()
                for got, want in zip(result['embeddings'][index], expected):
                    self.assertAlmostEqual(got, want, places=5)
            # The head applied to a row gives the model's logits.
            batch = dataset.batch([1], self.worker.state.models['m'].config, torch.device('cpu'))
            logits = module(batch['input_ids'])[0]
            row = torch.tensor(result['embeddings'][1])
            self.assertTrue(torch.allclose(module.classifier(row), logits, atol=1e-5))

    def test_a_generator_is_refused(self):
        generator = {'task': 'generation', 'vocab_size': 261, 'max_len': 32, 'd_model': 16, 'n_heads': 2, 'n_layers': 1}
        self.worker.call('build_model', name='g', config=generator, seed=1)
        with self.assertRaises(WorkerError) as raised:
            self.worker.call('embed', model='g', dataset='d')
        self.assertEqual(raised.exception.code, 'invalid_args')
        self.assertIn('embed needs an encoder', str(raised.exception))


if __name__ == '__main__':
    unittest.main()
