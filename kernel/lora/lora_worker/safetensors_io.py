"""The safetensors file format, read and written with struct + torch (the ``safetensors`` package
is not in Debian 12).

Layout (https://github.com/huggingface/safetensors, "Format"): an 8-byte little-endian unsigned
header length N; N bytes of UTF-8 JSON mapping each tensor name to
``{"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}`` (offsets relative to the end of
the header) plus an optional ``"__metadata__"`` map of strings; then the raw little-endian tensor
bytes, row-major. The header is padded with spaces to a multiple of 8 bytes, as the reference
writer does, and tensors are laid out in name order with no gaps.
"""

import json
import struct
import sys

import torch

from .atomic import write_atomically
from .errors import WorkerError

DTYPES = {
    'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16,
    'I64': torch.int64, 'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8, 'U8': torch.uint8,
    'BOOL': torch.bool,
}
NAMES = {dtype: name for name, dtype in DTYPES.items()}

if sys.byteorder != 'little':  # pragma: no cover - every platform torch ships for is little-endian
    raise ImportError('safetensors_io assumes a little-endian machine')


def tensor_bytes(tensor):
    """The raw little-endian bytes of a tensor, row-major."""
    tensor = tensor.detach().to('cpu').contiguous()
    if tensor.dtype == torch.bfloat16:
        tensor = tensor.view(torch.int16)
    elif tensor.dtype == torch.bool:
        tensor = tensor.to(torch.uint8)
    return tensor.numpy().tobytes()


def encode(tensors, metadata=None):
    """The bytes of a safetensors file holding ``tensors`` (name -> tensor) and ``metadata``."""
    header = {}
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name]
        if tensor.dtype not in NAMES:
            raise ValueError(f'unsupported dtype for safetensors: {tensor.dtype} ({name})')
        data = tensor_bytes(tensor)
        header[name] = {'dtype': NAMES[tensor.dtype], 'shape': list(tensor.shape),
                        'data_offsets': [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-(8 + len(text)) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(chunks)


def decode(data, source='<bytes>'):
    """``(tensors, metadata)`` from safetensors bytes, checking every offset and size.

    @throws WorkerError io_error for a malformed file
    """
    def bad(reason):
        return WorkerError('io_error', f'invalid safetensors file {source}: {reason}', {'path': source})

    if len(data) < 8:
        raise bad('shorter than its 8-byte header length')
    (length,) = struct.unpack('<Q', data[:8])
    if 8 + length > len(data):
        raise bad(f'header length {length} runs past the end ({len(data)} bytes)')
    try:
        header = json.loads(data[8:8 + length].decode('utf-8'))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise bad(f'header is not JSON ({error})')
    if not isinstance(header, dict):
        raise bad('header is not a JSON object')
    body = memoryview(data)[8 + length:]
    metadata = header.pop('__metadata__', None) or {}
    tensors = {}
    for name, info in header.items():
        dtype = DTYPES.get(info.get('dtype'))
        if dtype is None:
            raise bad(f'unsupported dtype {info.get("dtype")!r} of {name}')
        shape = info.get('shape')
        begin, end = info.get('data_offsets', [None, None])
        count = 1
        for size in shape:
            count *= size
        itemsize = torch.empty((), dtype=dtype).element_size()
        if not (isinstance(begin, int) and isinstance(end, int) and 0 <= begin <= end <= len(body)):
            raise bad(f'data_offsets {info.get("data_offsets")} of {name} outside the data ({len(body)} bytes)')
        if end - begin != count * itemsize:
            raise bad(f'{name} has {end - begin} bytes for shape {shape} of {info["dtype"]}')
        if count == 0:
            tensors[name] = torch.empty(shape, dtype=dtype)
        else:
            tensors[name] = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype).reshape(shape)
    return tensors, metadata


def save_file(tensors, path, metadata=None):
    """Writes ``tensors`` to ``path`` (atomically: a temporary file renamed into place)."""
    data = encode(tensors, metadata)

    def write(temporary):
        with open(temporary, 'wb') as handle:
            handle.write(data)
    write_atomically(path, write)


def load_file(path):
    """``(tensors, metadata)`` read from ``path``.

    @throws WorkerError not_found, io_error
    """
    try:
        with open(path, 'rb') as handle:
            data = handle.read()
    except FileNotFoundError:
        raise WorkerError('not_found', f'no such file: {path}', {'path': path})
    except OSError as error:
        raise WorkerError('io_error', f'cannot read {path}: {error.strerror}', {'path': path})
    return decode(data, path)
