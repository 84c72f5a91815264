"""lora: the update x A^T B^T alpha / r, PEFT's initialisation and target matching."""

import math
import unittest

import _path  # noqa: F401
import torch
from torch import nn

from lora_worker import lora
from lora_worker.errors import WorkerError
from lora_worker.model import build_model


class LoRALinearTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.base = nn.Linear(6, 5)
        self.layer = lora.LoRALinear(self.base, r=2, alpha=3.0, dropout=0.0)
        self.layer.reset(torch.Generator().manual_seed(1))
        self.x = torch.randn(4, 6)

    def test_fresh_adapter_changes_nothing(self):
        self.assertTrue(torch.equal(self.layer(self.x), self.base(self.x)))

    def test_a_is_uniform_within_one_over_sqrt_fan_in_and_b_is_zero(self):
        bound = 1 / math.sqrt(6)
        self.assertLessEqual(self.layer.lora_A.weight.abs().max().item(), bound)
        self.assertEqual(self.layer.lora_B.weight.abs().max().item(), 0.0)

    def test_output_is_base_plus_x_a_b_times_alpha_over_r(self):
        with torch.no_grad():
            self.layer.lora_B.weight.copy_(torch.randn(5, 2))
        a, b = self.layer.lora_A.weight, self.layer.lora_B.weight
        expected = self.x @ self.base.weight.T + self.base.bias + (self.x @ a.T @ b.T) * (3.0 / 2)
        self.assertTrue(torch.allclose(self.layer(self.x), expected, atol=1e-6))


class TargetTest(unittest.TestCase):
    def model(self):
        config = {'task': 'classification', 'vocab_size': 16, 'max_len': 8, 'd_model': 8, 'n_heads': 2,
                  'n_layers': 2, 'num_labels': 3}
        return build_model(config, 0, torch.device('cpu'))[0]

    def test_matches_follows_peft_suffix_rule(self):
        self.assertTrue(lora.matches('model.layers.0.self_attn.q_proj', ['q_proj']))
        self.assertTrue(lora.matches('classifier', ['classifier']))
        self.assertFalse(lora.matches('model.layers.0.self_attn.q_proj', ['proj']))
        self.assertTrue(lora.matches('model.layers.1.mlp.fc1', ['layers.1.mlp.fc1']))

    def test_inject_wraps_only_targets_and_freezes_nothing_by_itself(self):
        model = self.model()
        chosen = lora.inject(model, 2, 4, 0.0, ['v_proj'], seed=3)
        self.assertEqual(chosen, ['model.layers.0.self_attn.v_proj', 'model.layers.1.self_attn.v_proj'])
        names = [name for name, _ in lora.adapter_parameters(model)]
        self.assertEqual(len(names), 4)
        trainable = lora.select_trainable(model, 'lora')
        self.assertEqual(sum(p.numel() for p in trainable), 2 * (2 * 8 + 8 * 2))
        self.assertTrue(all(not p.requires_grad for _, p in lora.base_parameters(model)))

    def test_base_names_are_those_of_the_unwrapped_model(self):
        model = self.model()
        before = [name for name, _ in lora.base_parameters(model)]
        lora.inject(model, 2, 4, 0.0, ['q_proj', 'classifier'], seed=3)
        self.assertEqual([name for name, _ in lora.base_parameters(model)], before)

    def test_unknown_target_is_an_error_listing_the_choices(self):
        with self.assertRaises(WorkerError) as raised:
            lora.inject(self.model(), 2, 4, 0.0, ['query'], seed=0)
        self.assertEqual(raised.exception.code, 'invalid_args')
        self.assertIn("'query' matches no Linear layer", raised.exception.message)
        self.assertIn('q_proj', raised.exception.message)


if __name__ == '__main__':
    unittest.main()
