"""safetensors_io: exact bytes of a small file, round trips, and malformed files."""

import json
import struct
import unittest

import _path  # noqa: F401
import torch

from lora_worker.errors import WorkerError
from lora_worker.safetensors_io import decode, encode


class EncodeTest(unittest.TestCase):
    def test_bytes_of_one_tensor_match_the_format_by_hand(self):
        # Header {"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} is 54 bytes; padded with
        # spaces so that 8 + header is a multiple of 8: 54 + 2 = 56. Data: 1.0 and -2.0 as
        # little-endian float32 (0x3f800000, 0xc0000000).
        data = encode({'x': torch.tensor([1.0, -2.0])})
        header = b'{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'
        self.assertEqual(len(header), 54)
        expected = struct.pack('<Q', 56) + header + b'  ' + bytes.fromhex('0000803f000000c0')
        self.assertEqual(data, expected)

    def test_round_trip_keeps_dtype_shape_values_and_metadata(self):
        tensors = {
            'b.f32': torch.randn(3, 4),
            'a.bf16': torch.randn(5).to(torch.bfloat16),
            'c.i64': torch.arange(6).reshape(2, 3),
            'd.empty': torch.zeros(0, 3),
        }
        decoded, metadata = decode(encode(tensors, {'format': 'pt'}))
        self.assertEqual(metadata, {'format': 'pt'})
        self.assertEqual(sorted(decoded), sorted(tensors))
        for name, tensor in tensors.items():
            self.assertEqual(decoded[name].dtype, tensor.dtype)
            self.assertTrue(torch.equal(decoded[name], tensor), name)

    def test_tensors_are_laid_out_in_name_order_without_gaps(self):
        data = encode({'z': torch.ones(2), 'a': torch.ones(3)})
        (length,) = struct.unpack('<Q', data[:8])
        header = json.loads(data[8:8 + length])
        self.assertEqual(header['a']['data_offsets'], [0, 12])
        self.assertEqual(header['z']['data_offsets'], [12, 20])


class DecodeTest(unittest.TestCase):
    def test_malformed_files_raise_io_error_naming_the_problem(self):
        good = encode({'x': torch.ones(2)})
        cases = {
            b'\x01\x02': 'shorter than its 8-byte header length',
            struct.pack('<Q', 999) + b'{}': 'runs past the end',
            struct.pack('<Q', 2) + b'[]': 'not a JSON object',
            good[:-4]: 'outside the data',
        }
        for data, reason in cases.items():
            with self.assertRaises(WorkerError) as raised:
                decode(data, 'f.safetensors')
            self.assertEqual(raised.exception.code, 'io_error')
            self.assertIn(reason, raised.exception.message)


if __name__ == '__main__':
    unittest.main()
