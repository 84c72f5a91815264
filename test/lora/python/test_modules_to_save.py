"""modules_to_save (PEFT's option for a new head): a student classifier built with init_from trains
its head beside the LoRA adapters while the original head stays byte-identical in the base; the
head is saved in PEFT's layout and loaded back; kill-and-resume stays bit-identical; unknown names
are refused with the choices."""

import json
import os
import shutil
import tempfile
import unittest

import _path  # noqa: F401
import torch

from _worker import InProcessWorker
from lora_worker import lora, training
from lora_worker.errors import WorkerError
from lora_worker.safetensors_io import load_file, save_file, tensor_bytes

BASE = {'task': 'masked_lm', 'vocab_size': 261, 'max_len': 64, 'd_model': 32, 'n_heads': 4, 'n_layers': 2}
STUDENT = {'task': 'classification', 'vocab_size': 261, 'max_len': 24, 'd_model': 32, 'n_heads': 4, 'n_layers': 2,
           'num_labels': 2}
TEXTS = ['win money now', 'meeting at noon', 'free offer!!!', 'see you tomorrow', 'claim your prize',
         'lunch on friday?', 'cheap pills here', 'notes from the call'] * 4
LABELS = [1, 0, 1, 0, 1, 0, 1, 0] * 4
ADAPTER = {'r': 4, 'alpha': 8, 'target_modules': ['q_proj', 'v_proj'], 'seed': 3}
RUN = {'dataset': 'mail', 'steps': 10, 'batch_size': 8, 'lr': 0.01, 'seed': 5}


class ModulesToSaveTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.base_folder = tempfile.mkdtemp(prefix='payback-mts-base-')
        worker = InProcessWorker()
        worker.call('build_model', name='base', config=BASE, seed=1)
        worker.call('save_model', model='base', path=cls.base_folder)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.base_folder, ignore_errors=True)

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix='payback-mts-')
        self.worker = self.new_worker()

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def new_worker(self):
        worker = InProcessWorker()
        worker.call('make_dataset', name='mail', source={'kind': 'texts', 'texts': TEXTS, 'labels': LABELS})
        return worker

    def student(self, name='s', worker=None, config=STUDENT, **adapter):
        worker = worker or self.worker
        built = worker.call('build_model', name=name, config=config, seed=7, init_from={'path': self.base_folder})
        return built, worker.call('add_adapter', model=name, **{**ADAPTER, **adapter})

    def parameters(self, name, worker=None):
        return dict((worker or self.worker).state.models[name].module.named_parameters())

    def test_the_head_trains_under_lora_and_its_original_stays_byte_identical(self):
        built, summary = self.student(modules_to_save=['classifier'])
        self.assertEqual(summary['modules_to_save'], ['classifier'])
        self.assertEqual(summary['saved_modules'], ['classifier'])
        self.assertEqual(summary['targets'], [f'model.layers.{i}.self_attn.{p}' for i in (0, 1) for p in ('q_proj', 'v_proj')])
        lora_size = 4 * (4 * 32 + 32 * 4)
        self.assertEqual(summary['trainable_parameters'], lora_size + 32 * 2 + 2)
        self.assertEqual(self.worker.call('fingerprint', model='s')['base_sha256'], built['base_sha256'])
        self.assertEqual(self.worker.call('fingerprint', model='s')['adapter_parameters'], lora_size + 32 * 2 + 2)
        self.assertIn('classifier', self.worker.state.models['s'].summary()['linear_modules'])
        before = {name: tensor_bytes(p) for name, p in self.parameters('s').items()}
        result = self.worker.call('train', model='s', **RUN)
        self.assertEqual(result['trainable_parameters'], lora_size + 32 * 2 + 2)
        self.assertIn('classifier.modules_to_save.weight', result['params_with_grad'])
        self.assertIn('classifier.modules_to_save.bias', result['params_with_grad'])
        self.assertFalse([name for name in result['params_with_grad'] if not lora.is_adapter_parameter(name)])
        after = self.parameters('s')
        for name in ('classifier.original_module.weight', 'classifier.original_module.bias'):
            self.assertEqual(tensor_bytes(after[name]), before[name], name)
            self.assertFalse(after[name].requires_grad)
        self.assertNotEqual(tensor_bytes(after['classifier.modules_to_save.weight']), before['classifier.modules_to_save.weight'])
        self.assertEqual(self.worker.call('fingerprint', model='s')['base_sha256'], built['base_sha256'])
        # remove unwraps: the base is the untouched head again, under its own names.
        lora.remove(self.worker.state.models['s'].module)
        unwrapped = self.parameters('s')
        self.assertEqual(tensor_bytes(unwrapped['classifier.weight']), before['classifier.original_module.weight'])
        self.assertFalse([name for name in unwrapped if 'original_module' in name or 'modules_to_save' in name])

    def test_without_modules_to_save_the_head_stays_frozen(self):
        _, summary = self.student()
        self.assertEqual((summary['modules_to_save'], summary['saved_modules']), ([], []))
        before = tensor_bytes(self.parameters('s')['classifier.weight'])
        result = self.worker.call('train', model='s', **RUN)
        self.assertFalse([name for name in result['params_with_grad'] if name.startswith('classifier.')])
        self.assertEqual(tensor_bytes(self.parameters('s')['classifier.weight']), before)
        key = training._run_key(self.worker.state.models['s'], self.worker.state.dataset('mail'), RUN, 'lora', 'x')
        self.assertNotIn('modules_to_save', key['adapter'])  # checkpoints written before the option still match

    def test_save_writes_peft_keys_and_config_and_load_gives_identical_predictions(self):
        self.student(modules_to_save=['classifier'])
        self.worker.call('train', model='s', **RUN)
        saved = self.worker.call('save_adapter', model='s', path=self.folder)
        with open(os.path.join(self.folder, 'adapter_config.json'), encoding='utf-8') as handle:
            config = json.load(handle)
        self.assertEqual(config['modules_to_save'], ['classifier'])
        tensors, _ = load_file(os.path.join(self.folder, 'adapter_model.safetensors'))
        # PEFT's get_peft_model_state_dict drops the wrapper's `modules_to_save.<adapter>.` part.
        head_keys = sorted(key for key in tensors if 'lora_' not in key)
        self.assertEqual(head_keys, ['base_model.model.classifier.bias', 'base_model.model.classifier.weight'])
        trained = self.parameters('s')['classifier.modules_to_save.weight']
        self.assertEqual(tensor_bytes(tensors['base_model.model.classifier.weight']), tensor_bytes(trained))
        expected = self.worker.call('predict', model='s', dataset='mail', output='probabilities')

        other = self.new_worker()
        other.call('build_model', name='s', config=STUDENT, seed=7, init_from={'path': self.base_folder})
        loaded = other.call('load_adapter', model='s', path=self.folder)
        self.assertEqual(loaded['adapter_sha256'], saved['adapter_sha256'])
        self.assertEqual((loaded['modules_to_save'], loaded['saved_modules']), (['classifier'], ['classifier']))
        self.assertEqual(other.call('predict', model='s', dataset='mail', output='probabilities'), expected)
        self.assertEqual(other.call('fingerprint', model='s')['base_sha256'], self.worker.call('fingerprint', model='s')['base_sha256'])

        # A file that lacks the head's tensors is refused, and the model keeps its adapter.
        del tensors['base_model.model.classifier.bias']
        save_file(tensors, os.path.join(self.folder, 'adapter_model.safetensors'), {'format': 'pt'})
        with self.assertRaisesRegex(WorkerError, "other tensors of module to save 'classifier'") as raised:
            other.call('load_adapter', model='s', path=self.folder)
        self.assertEqual(raised.exception.code, 'adapter_mismatch')
        self.assertEqual(other.call('predict', model='s', dataset='mail', output='probabilities'), expected)

    def test_killed_and_resumed_training_with_modules_to_save_ends_bit_identical(self):
        config = {**STUDENT, 'dropout': 0.1}  # dropout draws from the global generators: their state is checkpointed
        run = {**RUN, 'steps': 12}
        self.student(name='straight', config=config, modules_to_save=['classifier'])
        self.worker.call('train', model='straight', **run)
        straight = self.worker.call('fingerprint', model='straight')
        self.student(name='first', config=config, modules_to_save=['classifier'])
        self.worker.call('train', model='first', **{**run, 'steps': 5}, checkpoint_dir=self.folder, checkpoint_every=5)
        torch.manual_seed(999)  # what a new process would have: other global generator states
        fresh = self.new_worker()
        self.student(name='resumed', worker=fresh, config=config, modules_to_save=['classifier'])
        result = fresh.call('train', model='resumed', **run, checkpoint_dir=self.folder, resume=True)
        self.assertEqual(result['start_step'], 5)
        self.assertEqual(fresh.call('fingerprint', model='resumed'), straight)
        head = 'classifier.modules_to_save.weight'
        self.assertEqual(tensor_bytes(self.parameters('resumed', fresh)[head]), tensor_bytes(self.parameters('straight')[head]))
        # A checkpoint of a run without the head to save is another run.
        plain = self.new_worker()
        self.student(name='plain', worker=plain, config=config)
        with self.assertRaisesRegex(WorkerError, r'differs in: adapter') as raised:
            plain.call('train', model='plain', **run, checkpoint_dir=self.folder, resume=True)
        self.assertEqual(raised.exception.code, 'checkpoint_mismatch')

    def test_unknown_module_is_refused_naming_it_and_the_top_level_modules(self):
        self.worker.call('build_model', name='s', config=STUDENT, seed=7)
        with self.assertRaises(WorkerError) as raised:
            self.worker.call('add_adapter', model='s', **ADAPTER, modules_to_save=['score'])
        self.assertEqual(raised.exception.code, 'invalid_args')
        self.assertEqual(raised.exception.message,
                         "invalid modules_to_save entry: 'score' matches no module (top-level modules: classifier, model)")
        self.assertFalse(lora.adapter_layers(self.worker.state.models['s'].module))  # nothing half-applied
        # As PEFT: LoRA does not adapt a Linear inside a module to save.
        with self.assertRaisesRegex(WorkerError, "'classifier' match only Linear layers inside modules_to_save"):
            self.worker.call('add_adapter', model='s', **{**ADAPTER, 'target_modules': ['classifier']},
                             modules_to_save=['classifier'])
        summary = self.worker.call('add_adapter', model='s', **{**ADAPTER, 'target_modules': ['q_proj', 'classifier']},
                                   modules_to_save=['classifier'])
        self.assertNotIn('classifier', summary['targets'])
        self.assertEqual(summary['saved_modules'], ['classifier'])


if __name__ == '__main__':
    unittest.main()
