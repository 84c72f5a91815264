"""4-bit NormalFloat (NF4) weights with double quantisation, in plain PyTorch (Dettmers et al. 2023,
QLoRA, https://arxiv.org/abs/2305.14314, and bitsandbytes' ``quantize_4bit(..., quant_type='nf4',
compress_statistics=True)``, whose layout this follows so the numbers mean the same):

- a weight is cut into blocks of 64 values (row-major); each block is scaled by its absolute
  maximum into [-1, 1] and every value replaced by the index of the nearest of the 16 NF4 levels
  (``NF4_LEVELS``: the QLoRA paper's Appendix E, built from quantiles of N(0, 1)); two indices share
  a byte, the first in the high nibble;
- double quantisation: the block constants (one float32 absmax per 64 values) are centred on their
  mean and quantised again in blocks of 256 with bitsandbytes' signed 8-bit dynamic map
  (``dynamic_map()``; one float32 absmax per 256 constants), so the constants cost
  8/64 + 32/(64 x 256) = 0.127 bits a weight instead of 0.5;
- ``NF4Linear`` holds only the codes and constants (buffers, never trained) and dequantises the
  weight on the fly in every forward pass; LoRA adapters (lora.py) sit on top in 16/32-bit.

Everything here is deterministic: the same weight gives the same bytes.
"""

import torch
from torch import nn
from torch.nn import functional as F

#: The 16 NF4 levels (QLoRA, Appendix E; bitsandbytes ``get_4bit_type('nf4')``).
NF4_LEVELS = (
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
    -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
    0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
    0.7229568362236023, 1.0,
)

#: Values per first-level block (one absmax each).
BLOCK_SIZE = 64
#: Constants per second-level block of the double quantisation.
CONSTANT_BLOCK_SIZE = 256


def dynamic_map(signed=True, max_exponent_bits=7, total_bits=8):
    """bitsandbytes' dynamic 8-bit map (``create_dynamic_map``; Dettmers 2015,
    https://arxiv.org/abs/1511.04561): 256 sorted values in [-1, 1], dense near 0, used for the
    second quantisation of the block constants."""
    data = []
    non_sign_bits = total_bits - 1
    additional_items = 2 ** (non_sign_bits - max_exponent_bits) - 1
    for i in range(max_exponent_bits):
        fraction_items = int(2 ** (i + non_sign_bits - max_exponent_bits) + 1 if signed
                             else 2 ** (i + non_sign_bits - max_exponent_bits + 1) + 1)
        boundaries = torch.linspace(0.1, 1, fraction_items)
        means = (boundaries[:-1] + boundaries[1:]) / 2.0
        data += ((10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
        if signed:
            data += (-(10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
    if additional_items > 0:
        boundaries = torch.linspace(0.1, 1, additional_items + 1)
        means = (boundaries[:-1] + boundaries[1:]) / 2.0
        data += ((10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
        if signed:
            data += (-(10 ** (-(max_exponent_bits - 1) + i)) * means).tolist()
    data.append(0)
    data.append(1.0)
    data += [0] * (2 ** total_bits - len(data))
    data.sort()
    return torch.tensor(data, dtype=torch.float32)


_NF4 = torch.tensor(NF4_LEVELS, dtype=torch.float32)
_DYNAMIC = dynamic_map()


def _nearest(values, levels):
    """Index of the nearest level (sorted ``levels``) for each value; a tie goes to the lower level."""
    midpoints = (levels[1:] + levels[:-1]) / 2
    return torch.bucketize(values, midpoints, right=False)


def _blocks(flat, size):
    """``flat`` padded with zeros to whole blocks, as (blocks, size)."""
    pad = (-flat.numel()) % size
    if pad:
        flat = torch.cat([flat, flat.new_zeros(pad)])
    return flat.view(-1, size)


def quantize_blockwise_8bit(values, block_size=CONSTANT_BLOCK_SIZE):
    """8-bit codes of ``values`` (1-D float32) in blocks of ``block_size`` with the dynamic map, and
    each block's absmax: ``values ~ DYNAMIC[codes] x absmax``."""
    blocks = _blocks(values.float(), block_size)
    absmax = blocks.abs().amax(dim=1)
    scaled = blocks / torch.where(absmax > 0, absmax, torch.ones_like(absmax)).unsqueeze(1)
    codes = _nearest(scaled.reshape(-1), _DYNAMIC).to(torch.uint8)[: values.numel()]
    return codes, absmax


def dequantize_blockwise_8bit(codes, absmax, block_size=CONSTANT_BLOCK_SIZE):
    """The values ``quantize_blockwise_8bit`` encoded (float32)."""
    values = _DYNAMIC[codes.long()]
    return (_blocks(values, block_size) * absmax.unsqueeze(1)).reshape(-1)[: codes.numel()]


class NF4Tensor:
    """A weight in NF4: packed codes (uint8, two a byte), its block constants (float32 absmax, or
    with double quantisation uint8 codes, their float32 absmax and the float32 offset), shape, dtype."""

    def __init__(self, packed, shape, dtype, absmax=None, absmax_codes=None, absmax_scale=None, absmax_offset=None):
        self.packed = packed
        self.shape = tuple(shape)
        self.dtype = dtype
        self.absmax = absmax
        self.absmax_codes = absmax_codes
        self.absmax_scale = absmax_scale
        self.absmax_offset = absmax_offset

    @property
    def double_quantized(self):
        return self.absmax_codes is not None

    def block_absmax(self):
        """The first-level constants (float32), undoing the double quantisation where there is one."""
        if not self.double_quantized:
            return self.absmax
        return dequantize_blockwise_8bit(self.absmax_codes, self.absmax_scale) + self.absmax_offset

    def tensors(self):
        """Name -> tensor of what is stored (what memory accounting counts)."""
        out = {'packed': self.packed}
        if self.double_quantized:
            out.update(absmax_codes=self.absmax_codes, absmax_scale=self.absmax_scale, absmax_offset=self.absmax_offset)
        else:
            out['absmax'] = self.absmax
        return out


def quantize_nf4(weight, block_size=BLOCK_SIZE, double_quant=True):
    """``weight`` (any float tensor) as an ``NF4Tensor``: blocks of ``block_size`` values scaled
    by their absmax, each value the nearest NF4 level; with ``double_quant`` the absmax values
    centred on their mean and stored as 8-bit dynamic codes in blocks of 256."""
    flat = weight.detach().float().reshape(-1)
    blocks = _blocks(flat, block_size)
    absmax = blocks.abs().amax(dim=1)
    scaled = blocks / torch.where(absmax > 0, absmax, torch.ones_like(absmax)).unsqueeze(1)
    codes = _nearest(scaled.reshape(-1), _NF4).to(torch.uint8)
    if codes.numel() % 2:
        codes = torch.cat([codes, codes.new_zeros(1)])
    packed = (codes[0::2] << 4) | codes[1::2]
    if not double_quant:
        return NF4Tensor(packed, weight.shape, weight.dtype, absmax=absmax)
    offset = absmax.mean()
    absmax_codes, absmax_scale = quantize_blockwise_8bit(absmax - offset)
    return NF4Tensor(packed, weight.shape, weight.dtype, absmax_codes=absmax_codes, absmax_scale=absmax_scale,
                     absmax_offset=offset.reshape(1))


def dequantize_nf4(q, block_size=BLOCK_SIZE, dtype=torch.float32):
    """The weight an ``NF4Tensor`` stands for: ``NF4_LEVELS[code] x block absmax``, in ``dtype``."""
    codes = torch.stack([q.packed >> 4, q.packed & 0xF], dim=1).reshape(-1).long()
    values = _NF4.to(q.packed.device)[codes]
    n = 1
    for size in q.shape:
        n *= size
    absmax = q.block_absmax().to(values.device)
    weight = (_blocks(values, block_size) * absmax.unsqueeze(1)).reshape(-1)[:n]
    return weight.reshape(q.shape).to(dtype)


class NF4Linear(nn.Module):
    """A frozen ``nn.Linear`` stored in NF4 (double quantised by default), dequantised in every
    forward pass; the bias stays in its own precision, frozen. Buffers, not parameters: nothing
    here is trained, and the codes never change."""

    def __init__(self, linear, block_size=BLOCK_SIZE, double_quant=True):
        super().__init__()
        self.in_features = linear.in_features
        self.out_features = linear.out_features
        self.block_size = block_size
        self.compute_dtype = linear.weight.dtype
        q = quantize_nf4(linear.weight, block_size, double_quant)
        self.shape = q.shape
        self.double_quant = double_quant
        for name, tensor in q.tensors().items():
            self.register_buffer(name, tensor.to(linear.weight.device))
        if linear.bias is not None:
            self.bias = nn.Parameter(linear.bias.detach().clone(), requires_grad=False)
        else:
            self.bias = None

    def quantized(self):
        """This layer's weight as an ``NF4Tensor`` (views of the buffers)."""
        if self.double_quant:
            return NF4Tensor(self.packed, self.shape, self.compute_dtype, absmax_codes=self.absmax_codes,
                             absmax_scale=self.absmax_scale, absmax_offset=self.absmax_offset)
        return NF4Tensor(self.packed, self.shape, self.compute_dtype, absmax=self.absmax)

    def dequantized_weight(self, dtype=None):
        return dequantize_nf4(self.quantized(), self.block_size, dtype or self.compute_dtype)

    @property
    def weight(self):
        """The dequantised weight (a new tensor each time; LoRA reads its device and dtype)."""
        return self.dequantized_weight()

    def forward(self, x):
        return F.linear(x, self.dequantized_weight(x.dtype), self.bias)

    def extra_repr(self):
        return (f'in_features={self.in_features}, out_features={self.out_features}, nf4 block {self.block_size}'
                f'{", double quantised" if self.double_quant else ""}')


def storage_bytes(module):
    """Bytes of the NF4 codes and of the quantisation constants held by a module's NF4 layers."""
    codes = constants = 0
    for layer in module.modules():
        if isinstance(layer, NF4Linear):
            for name, tensor in layer.named_buffers(recurse=False):
                size = tensor.numel() * tensor.element_size()
                if name == 'packed':
                    codes += size
                else:
                    constants += size
    return {'nf4_codes': codes, 'quant_constants': constants}
