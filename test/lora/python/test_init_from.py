"""build_model init_from: the trunk of a saved model copied byte for byte (layers and positions
truncated, or layers picked), the head fresh from the seed, mismatches refused with their reason;
predict gives probabilities on such a classifier; throughput reports its measurements."""

import os
import re
import shutil
import tempfile
import unittest

import _path  # noqa: F401
import torch

from _worker import InProcessWorker
from lora_worker.errors import WorkerError
from lora_worker.safetensors_io import load_file, tensor_bytes

BASE = {'task': 'masked_lm', 'vocab_size': 261, 'max_len': 64, 'd_model': 32, 'n_heads': 4, 'n_layers': 3}
STUDENT = {'task': 'classification', 'vocab_size': 261, 'max_len': 24, 'd_model': 32, 'n_heads': 4, 'n_layers': 2,
           'num_labels': 2}


def weights(worker, name):
    return dict(worker.state.models[name].module.named_parameters())


class InitFromTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix='payback-init-')
        cls.worker = InProcessWorker()
        cls.worker.call('build_model', name='base', config=BASE, seed=1)
        cls.saved = cls.worker.call('save_model', model='base', path=cls.folder)
        cls.base, _ = load_file(os.path.join(cls.folder, 'model.safetensors'))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def build(self, name='student', config=None, **init):
        return self.worker.call('build_model', name=name, config=config or STUDENT, seed=7,
                                init_from={'path': self.folder, **init})

    def test_first_layers_and_positions_are_copied_byte_for_byte_and_the_head_is_fresh(self):
        summary = self.build()['init_from']
        self.assertEqual(summary['base_sha256'], self.saved['base_sha256'])
        self.assertEqual((summary['base_task'], summary['base_n_layers'], summary['base_max_len']), ('masked_lm', 3, 64))
        self.assertEqual(summary['layers'], [0, 1])
        self.assertEqual(summary['fresh'], ['classifier.weight', 'classifier.bias'])
        student = weights(self.worker, 'student')
        expected = {name for name in student if not name.startswith('classifier.')}
        self.assertEqual({row['name'] for row in summary['copied']}, expected)
        for row in summary['copied']:
            self.assertEqual(row['name'], row['from'])  # first layers: same names
            source = self.base[row['from']]
            if row['name'] == 'model.embed_positions.weight':
                self.assertEqual(list(source.shape), [64, 32])
                source = source[:24]
            self.assertEqual(tensor_bytes(student[row['name']]), tensor_bytes(source), row['name'])
        plain = self.worker.call('build_model', name='plain', config=STUDENT, seed=7)
        for name in ('classifier.weight', 'classifier.bias'):
            self.assertTrue(torch.equal(student[name], weights(self.worker, 'plain')[name]), name)
        self.assertNotIn('init_from', plain)

    def test_an_explicit_layer_list_picks_base_layers(self):
        summary = self.build(name='picked', layers=[0, 2])['init_from']
        self.assertIn({'name': 'model.layers.1.mlp.fc1.weight', 'from': 'model.layers.2.mlp.fc1.weight'}, summary['copied'])
        picked = weights(self.worker, 'picked')
        for name, parameter in picked.items():
            if name.startswith('model.layers.1.'):
                source = self.base['model.layers.2.' + name[len('model.layers.1.'):]]
                self.assertEqual(tensor_bytes(parameter), tensor_bytes(source), name)

    def test_mismatches_are_refused_with_the_reason(self):
        cases = [
            ({**STUDENT, 'd_model': 64}, {}, "invalid init_from: d_model 64 differs from the base's 32"),
            ({**STUDENT, 'vocab_size': 260}, {}, "invalid init_from: vocab_size 260 differs from the base's 261"),
            ({**STUDENT, 'd_ff': 64}, {}, "invalid init_from: d_ff 64 differs from the base's 128"),
            ({**STUDENT, 'n_heads': 2}, {}, "invalid init_from: n_heads 2 differs from the base's 4"),
            ({**STUDENT, 'n_layers': 4}, {}, "invalid init_from: n_layers 4 is more than the base's 3"),
            ({**STUDENT, 'max_len': 65}, {}, "invalid init_from: max_len 65 is longer than the base's 64"),
            (STUDENT, {'layers': [0, 3]}, 'invalid init_from layers: index 3 (the base has 3 layers, 0-2'),
            (STUDENT, {'layers': [1, 1]}, 'invalid init_from layers: [1, 1] repeats an index'),
            (STUDENT, {'layers': [0]}, 'invalid init_from layers: 1 indices [0] for n_layers 2'),
        ]
        for config, init, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(WorkerError, '^' + re.escape(message)) as raised:
                self.build(name='bad', config=config, **init)
            self.assertEqual(raised.exception.code, 'invalid_args')
        with self.assertRaises(WorkerError) as raised:
            self.worker.call('build_model', name='bad', config=STUDENT, seed=1, init_from={'path': self.folder + '-none'})
        self.assertEqual(raised.exception.code, 'not_found')

    def test_predict_gives_probabilities_and_throughput_its_measurements(self):
        self.build()
        texts = ['win money now ' * 30, 'meeting at noon', 'free offer!!!', 'see you tomorrow'] * 5
        self.worker.call('make_dataset', name='mail', source={'kind': 'texts', 'texts': texts, 'labels': [1, 0, 1, 0] * 5})
        predicted = self.worker.call('predict', model='student', dataset='mail', output='probabilities', batch_size=8)
        self.assertEqual(len(predicted['probabilities']), 20)
        for row, label in zip(predicted['probabilities'], predicted['labels']):
            self.assertAlmostEqual(sum(row), 1.0, places=5)
            self.assertEqual(label, max(range(2), key=lambda c: row[c]))
        measured = self.worker.call('throughput', model='student', dataset='mail', batch_sizes=[1, 4, 16], warmup=1, repeats=3)
        self.assertEqual((measured['device'], measured['threads'], measured['torch']), ('cpu', torch.get_num_threads(), torch.__version__))
        self.assertTrue(measured['device_name'])
        self.assertEqual([row['batch_size'] for row in measured['results']], [1, 4, 16])
        for row in measured['results']:
            self.assertGreater(row['requests_per_s'], 0)
            self.assertGreater(row['tokens_per_s'], row['requests_per_s'])
            self.assertLessEqual(row['latency_ms_min'], row['latency_ms_p50'])
            self.assertLessEqual(row['latency_ms_p50'], row['latency_ms_p95'])
            self.assertAlmostEqual(row['requests_per_s'], row['batch_size'] / row['latency_ms_p50'] * 1000)


if __name__ == '__main__':
    unittest.main()
