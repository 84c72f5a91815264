"""device.PeakMemoryIncrease on the CPU against allocations of known sizes, and the running-sum
peak of device.cpu_peak_from_events against a sequence worked out by hand."""

import unittest

import torch

import _path  # noqa: F401  (puts kernel/lora on sys.path)
from lora_worker import device as devices

CPU = torch.device('cpu')


class FakeEvent:
    """The three fields cpu_peak_from_events reads from torch's _KinetoEvent, plus the name."""

    def __init__(self, start_us, nbytes, name='[memory]'):
        self._start, self._bytes, self._name = start_us, nbytes, name

    def start_us(self):
        return self._start

    def nbytes(self):
        return self._bytes

    def name(self):
        return self._name

    def device_type(self):
        return 'DeviceType.CPU'


class CpuPeakFromEvents(unittest.TestCase):
    def test_running_sum_in_time_order(self):
        # In time order: +100 (100), +50 (150), -100 (50), +70 (120), -50 (70): the peak is 150.
        # Listed out of order, and with an operator event that must be ignored.
        events = [FakeEvent(4, 70), FakeEvent(1, 100), FakeEvent(3, -100), FakeEvent(2, 50),
                  FakeEvent(5, -50), FakeEvent(2, 10 ** 9, name='aten::mm')]
        self.assertEqual(devices.cpu_peak_from_events(events), 150)

    def test_frees_only_is_zero(self):
        # Frees of tensors allocated before the window: the running sum never rises above 0.
        self.assertEqual(devices.cpu_peak_from_events([FakeEvent(1, -400), FakeEvent(2, 300)]), 0)


class PeakMemoryIncreaseOnCpu(unittest.TestCase):
    def test_the_public_profiler_gives_the_same_peak(self):
        # Where torch's private profiler calls differ (another torch version), the public
        # profiler records the same allocator events: the same peak, here by hand 6,000,000 B.
        original = devices._start_cpu_memory_profile
        devices._start_cpu_memory_profile = devices._start_public_memory_profile
        try:
            with devices.PeakMemoryIncrease(CPU) as peak:
                a = torch.empty(1000, 1000)
                b = torch.empty(500, 1000)
                del a, b
        finally:
            devices._start_cpu_memory_profile = original
        self.assertEqual(peak.bytes, 4 * 1000 * 1000 + 4 * 500 * 1000)

    def test_known_allocations(self):
        before = torch.empty(1000, 1000)  # allocated before the window: its free does not count
        with devices.PeakMemoryIncrease(CPU) as peak:
            a = torch.empty(1000, 1000)   # 4,000,000 B live
            b = torch.empty(500, 1000)    # 6,000,000 B live: the peak
            del a                         # 2,000,000 B
            del before                    # not seen
            c = torch.empty(250, 1000)    # 3,000,000 B
            del b, c
        self.assertEqual(peak.bytes, 4 * 1000 * 1000 + 4 * 500 * 1000)

    def test_peak_inside_an_operator(self):
        # x @ x of 512 x 512 float32: the result (1,048,576 B) is the only allocation of the matmul
        # on the CPU; x (1,048,576 B) was allocated inside the window too: peak 2,097,152 B.
        with devices.PeakMemoryIncrease(CPU) as peak:
            x = torch.ones(512, 512)
            y = x @ x
            del x, y
        self.assertEqual(peak.bytes, 2 * 512 * 512 * 4)

    def test_disabled_measures_nothing(self):
        with devices.PeakMemoryIncrease(CPU, enabled=False) as peak:
            torch.empty(1000)
        self.assertIsNone(peak.bytes)

    def test_a_failure_inside_stops_the_profiler(self):
        with self.assertRaises(ValueError):
            with devices.PeakMemoryIncrease(CPU):
                raise ValueError('inside')
        # The profiler is off again: a new window starts cleanly.
        with devices.PeakMemoryIncrease(CPU) as peak:
            z = torch.empty(256)
            del z
        self.assertEqual(peak.bytes, 1024)


if __name__ == '__main__':
    unittest.main()
