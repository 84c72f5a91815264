"""PEFT reads the worker's adapters and the worker reads PEFT's (runs where ``peft`` is installed,
e.g. the GPU machines; skipped on Debian 12, which does not package it)."""

import importlib.util
import shutil
import tempfile
import unittest

import _path  # noqa: F401
import torch

from lora_worker import adapters, lora
from lora_worker.model import build_model
from lora_worker.state import ModelEntry

HAS_PEFT = importlib.util.find_spec('peft') is not None and importlib.util.find_spec('safetensors') is not None
CONFIG = {'task': 'classification', 'vocab_size': 64, 'max_len': 16, 'd_model': 32, 'n_heads': 4, 'n_layers': 2,
          'num_labels': 3}
TARGETS = ['q_proj', 'v_proj', 'classifier']


def fresh_entry():
    module, config = build_model(CONFIG, 1, torch.device('cpu'))
    return ModelEntry('m', module, config, torch.device('cpu'))


@unittest.skipUnless(HAS_PEFT, 'peft is not installed here')
class PeftInteropTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix='payback-peft-')
        self.inputs = torch.randint(4, 64, (5, 12), generator=torch.Generator().manual_seed(0))

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_peft_from_pretrained_reads_a_worker_adapter(self):
        from peft import PeftModel

        entry = fresh_entry()
        lora.inject(entry.module, 4, 8, 0.0, TARGETS, seed=2)
        entry.adapter = {'r': 4, 'alpha': 8, 'dropout': 0.0, 'target_modules': TARGETS,
                         'targets': [name for name, _ in lora.adapter_layers(entry.module)]}
        with torch.no_grad():
            for _, layer in lora.adapter_layers(entry.module):
                layer.lora_B.weight.normal_(generator=torch.Generator().manual_seed(3))
        adapters.save(entry, self.folder)
        entry.module.eval()
        expected = entry.module(self.inputs)

        peft_model = PeftModel.from_pretrained(fresh_entry().module, self.folder)
        peft_model.eval()
        with torch.no_grad():
            actual = peft_model(self.inputs)
        self.assertTrue(torch.allclose(actual, expected.detach(), atol=1e-5))

    def test_the_worker_reads_an_adapter_peft_saved(self):
        from peft import LoraConfig, get_peft_model

        peft_model = get_peft_model(fresh_entry().module, LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules=TARGETS))
        with torch.no_grad():
            for name, parameter in peft_model.named_parameters():
                if 'lora_B' in name:
                    parameter.normal_(generator=torch.Generator().manual_seed(4))
        peft_model.save_pretrained(self.folder)
        peft_model.eval()
        with torch.no_grad():
            expected = peft_model(self.inputs)

        entry = fresh_entry()
        summary = adapters.load(entry, self.folder)
        self.assertEqual(len(summary['targets']), 5)
        entry.module.eval()
        with torch.no_grad():
            self.assertTrue(torch.allclose(entry.module(self.inputs), expected, atol=1e-5))

    def test_modules_to_save_round_trip_both_ways(self):
        from peft import LoraConfig, PeftModel, get_peft_model

        entry = fresh_entry()
        lora.inject(entry.module, 4, 8, 0.0, ['q_proj', 'v_proj'], seed=2, modules_to_save=['classifier'])
        entry.adapter = {'r': 4, 'alpha': 8, 'dropout': 0.0, 'target_modules': ['q_proj', 'v_proj'],
                         'targets': [name for name, _ in lora.adapter_layers(entry.module)],
                         'modules_to_save': ['classifier'], 'saved_modules': ['classifier']}
        with torch.no_grad():
            for _, layer in lora.adapter_layers(entry.module):
                layer.lora_B.weight.normal_(generator=torch.Generator().manual_seed(3))
            entry.module.classifier.modules_to_save.weight.normal_(generator=torch.Generator().manual_seed(5))
        adapters.save(entry, self.folder)
        entry.module.eval()
        with torch.no_grad():
            expected = entry.module(self.inputs)
        peft_model = PeftModel.from_pretrained(fresh_entry().module, self.folder)
        peft_model.eval()
        with torch.no_grad():
            self.assertTrue(torch.allclose(peft_model(self.inputs), expected, atol=1e-5))

        config = LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules=['q_proj', 'v_proj'],
                            modules_to_save=['classifier'])
        peft_model = get_peft_model(fresh_entry().module, config)
        with torch.no_grad():
            for name, parameter in peft_model.named_parameters():
                if 'lora_B' in name or 'modules_to_save' in name:
                    parameter.normal_(generator=torch.Generator().manual_seed(4))
        other = tempfile.mkdtemp(prefix='payback-peft-mts-')
        try:
            peft_model.save_pretrained(other)
            peft_model.eval()
            with torch.no_grad():
                expected = peft_model(self.inputs)
            entry = fresh_entry()
            summary = adapters.load(entry, other)
            self.assertEqual(summary['saved_modules'], ['classifier'])
            entry.module.eval()
            with torch.no_grad():
                self.assertTrue(torch.allclose(entry.module(self.inputs), expected, atol=1e-5))
        finally:
            shutil.rmtree(other, ignore_errors=True)


if __name__ == '__main__':
    unittest.main()
