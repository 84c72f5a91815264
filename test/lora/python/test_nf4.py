"""NF4 with double quantisation (lora_worker/nf4.py) against the QLoRA paper's construction and an
independent brute-force quantiser written here."""

import statistics
import unittest

import torch

import _path  # noqa: F401  (puts kernel/lora on sys.path)
from lora_worker import lora, nf4


def paper_levels(offset=0.9677083):
    """The NF4 levels by the QLoRA construction (Appendix E; bitsandbytes ``create_normal_map``):
    8 quantiles of N(0, 1) for the positive side and 7 for the negative side, between ``offset`` and
    0.5, plus an exact 0, scaled so the largest is 1 (stdlib NormalDist instead of scipy)."""
    ppf = statistics.NormalDist().inv_cdf
    step = lambda a, b, n: [a + (b - a) * i / (n - 1) for i in range(n)]
    positive = [ppf(p) for p in step(offset, 0.5, 9)[:-1]]
    negative = [-ppf(p) for p in step(offset, 0.5, 8)[:-1]]
    values = sorted(positive + [0.0] + negative)
    top = max(values)
    return [v / top for v in values]


def brute_force(weight, block=64):
    """Codes and block absmax by argmin over the 16 levels, one value at a time (no bucketize)."""
    flat = weight.reshape(-1).tolist()
    codes, absmaxes = [], []
    for start in range(0, len(flat), block):
        chunk = flat[start:start + block]
        top = max(abs(v) for v in chunk)
        absmaxes.append(top)
        for v in chunk:
            x = v / top if top > 0 else 0.0
            codes.append(min(range(16), key=lambda i: (abs(x - nf4.NF4_LEVELS[i]), i)))
    return codes, absmaxes


class NF4Levels(unittest.TestCase):
    def test_the_levels_are_the_papers_construction(self):
        for mine, paper in zip(nf4.NF4_LEVELS, paper_levels()):
            self.assertAlmostEqual(mine, paper, delta=2e-7)
        self.assertEqual(len(nf4.NF4_LEVELS), 16)
        self.assertEqual(nf4.NF4_LEVELS[7], 0.0)

    def test_the_dynamic_map_has_256_sorted_values_from_minus_1_to_1(self):
        d = nf4.dynamic_map()
        self.assertEqual(d.numel(), 256)
        self.assertTrue(torch.all(d[1:] >= d[:-1]))
        self.assertEqual(d[-1].item(), 1.0)
        self.assertAlmostEqual(d[0].item(), -0.99297, places=4)  # bitsandbytes' -(0.1 + 1.9 x 127/128) / 2 x ... : its smallest


class RoundTrip(unittest.TestCase):
    def test_known_values_round_trip_to_their_levels(self):
        # One block: the absmax is 2, so value v maps to the level nearest v / 2.
        w = torch.tensor([2.0, -2.0, 0.0, 1.0, -1.0, 0.16093020141124725 * 2, 0.3, -0.05] + [0.0] * 56)
        q = nf4.quantize_nf4(w, double_quant=False)
        back = nf4.dequantize_nf4(q)
        self.assertEqual(q.absmax.tolist(), [2.0])
        # 1.0 / 2 = 0.5 -> 0.44070982933044434 (0.0593 away; 0.5626 is 0.0626 away); -0.5 -> -0.5250730514526367;
        # 0.3 / 2 = 0.15 -> 0.16093...; -0.05 / 2 = -0.025 -> 0.0
        expected = [2.0, -2.0, 0.0, 2 * 0.44070982933044434, 2 * -0.5250730514526367, 2 * 0.16093020141124725,
                    2 * 0.16093020141124725, 0.0]
        for got, want in zip(back[:8].tolist(), expected):
            self.assertAlmostEqual(got, want, places=6)
        # Two codes a byte, the first in the high nibble: codes 15 (1.0) and 0 (-1.0) -> 0xF0.
        self.assertEqual(q.packed[0].item(), 0xF0)

    def test_codes_equal_a_brute_force_quantiser_on_normal_weights(self):
        w = torch.randn(40, 48, generator=torch.Generator().manual_seed(3))
        q = nf4.quantize_nf4(w, double_quant=False)
        codes = torch.stack([q.packed >> 4, q.packed & 0xF], dim=1).reshape(-1).tolist()
        expected_codes, expected_absmax = brute_force(w)
        self.assertEqual(codes, expected_codes)
        self.assertEqual([round(a, 6) for a in q.absmax.tolist()], [round(a, 6) for a in expected_absmax])

    def test_error_statistics_on_normal_weights(self):
        # N(0, 1) weights, blocks of 64: every error is at most half the widest gap between levels
        # (between -1 and -0.6962: 0.1519) times the block's absmax; the mean absolute error
        # measured here, 0.0736 (0.092 of the mean |w|), is what the brute force gives too.
        w = torch.randn(256, 256, generator=torch.Generator().manual_seed(0))
        q = nf4.quantize_nf4(w, double_quant=False)
        back = nf4.dequantize_nf4(q)
        error = (back - w).reshape(-1, 64)
        bound = (1.0 - 0.6961928009986877) / 2 * q.absmax.unsqueeze(1)
        self.assertTrue(torch.all(error.abs() <= bound + 1e-6))
        codes, absmax = brute_force(w[:16])
        reference = torch.tensor([nf4.NF4_LEVELS[c] for c in codes]).reshape(-1, 64) * torch.tensor(absmax).unsqueeze(1)
        self.assertTrue(torch.allclose(reference.reshape(16, 256), back[:16], atol=1e-6))
        mae = error.abs().mean().item()
        self.assertGreater(mae, 0.06)
        self.assertLess(mae, 0.085)


class DoubleQuantisation(unittest.TestCase):
    def test_constants_dequantise_within_half_a_step_of_the_dynamic_map(self):
        w = torch.randn(512, 256, generator=torch.Generator().manual_seed(1))  # 2,048 blocks -> 8 constant blocks
        plain = nf4.quantize_nf4(w, double_quant=False)
        double = nf4.quantize_nf4(w, double_quant=True)
        self.assertEqual(double.absmax_codes.dtype, torch.uint8)
        self.assertEqual(double.absmax_codes.numel(), 2048)
        self.assertEqual(double.absmax_scale.numel(), 8)
        # The constants, centred on their mean, in blocks of 256: each within half the widest gap of
        # the map times its block's scale.
        centred = plain.absmax - plain.absmax.mean()
        d = nf4.dynamic_map()
        half_gap = ((d[1:] - d[:-1]).max() / 2).item()
        scale = centred.reshape(-1, 256).abs().amax(dim=1)
        error = (double.block_absmax() - plain.absmax).reshape(-1, 256).abs()
        self.assertTrue(torch.all(error <= half_gap * scale.unsqueeze(1) + 1e-6))
        # Relative to the constants themselves (about 2.6 for N(0, 1) blocks of 64): under 1 %.
        self.assertLess((error / plain.absmax.reshape(-1, 256)).max().item(), 0.01)

    def test_storage_is_about_4_127_bits_a_weight(self):
        w = torch.randn(1024, 1024, generator=torch.Generator().manual_seed(2))
        q = nf4.quantize_nf4(w)
        bits = sum(t.numel() * t.element_size() for t in q.tensors().values()) * 8 / w.numel()
        # 4 bits of code + 8/64 for the 8-bit constants + 32/(64 x 256) for their scales + the offset.
        self.assertAlmostEqual(bits, 4 + 8 / 64 + 32 / (64 * 256) + 32 / w.numel(), places=9)


class NF4LinearLayer(unittest.TestCase):
    def test_forward_is_the_linear_map_of_the_dequantised_weight(self):
        torch.manual_seed(0)
        linear = torch.nn.Linear(96, 40)
        layer = nf4.NF4Linear(linear)
        x = torch.randn(5, 96)
        expected = x @ nf4.dequantize_nf4(nf4.quantize_nf4(linear.weight)).T + linear.bias
        self.assertTrue(torch.allclose(layer(x), expected, atol=1e-6))
        self.assertEqual([name for name, _ in layer.named_parameters()], ['bias'])
        self.assertFalse(layer.bias.requires_grad)

    def test_qlora_inject_wraps_nf4_layers_and_fingerprints_their_codes(self):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 8))
        targets = lora.inject(model, 4, 8, 0.0, ['0', '2'], seed=1, method='qlora')
        self.assertEqual(targets, ['0', '2'])
        self.assertIsInstance(model[0].base_layer, nf4.NF4Linear)
        names = [name for name, _ in lora.base_parameters(model)]
        self.assertIn('0.packed', names)
        self.assertIn('0.absmax_codes', names)
        self.assertEqual(sorted(n for n, p in model.named_parameters() if p.requires_grad),
                         ['0.lora_A.weight', '0.lora_B.weight', '2.lora_A.weight', '2.lora_B.weight'])


if __name__ == '__main__':
    unittest.main()
