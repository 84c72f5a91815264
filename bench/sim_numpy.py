#!/usr/bin/python3
"""The simulation kernel's month loop and aggregation, vectorised with NumPy: the peer that
bench/sim-vs-numpy.ts measures the TypeScript kernel against.

It reads draws that the TypeScript side sampled with its Philox streams and turned into the
kernel's numeric layout (kernel/sim/layout.ts: GLOBAL_SIZE global values and one COEFF_SIZE
block per strategy, float64 little-endian, one row per draw), runs the same month-by-month
model over them chunk by chunk (every array op over all draws of a chunk at once), and
aggregates exactly as kernel/sim/aggregate.ts does: the same log-spaced bins read from the
float64 bits, the same payback bins, P(cheapest), exact minima and maxima, chunk sums shifted by
the point values. It prints one JSON line: the seconds of each repeat, draws per second, and
digests of the counts so the caller can check both sides computed the same thing.

Usage: /usr/bin/python3 bench/sim_numpy.py META.json DRAWS.f64 [REPEATS]
Needs NumPy (Debian python3-numpy 1.24 was measured); single process, as NumPy runs.
"""
import hashlib
import json
import sys
import time

import numpy as np

GLOBAL_SIZE = 4
COEFF_SIZE = 12
# COEFF indices (kernel/sim/layout.ts)
ONE_TIME, FIXED, OTHER, FRONTIER, DRIFT, DRIFT_CAP, RETRAIN_OTHER, RETRAIN_FRONTIER, PER_GPU, GPU_MONTH, MIN_REPLICAS, RETRAIN_EVERY = range(12)


def bin_keys(x, layout):
    """Log-bin keys of positive float64 values: (biased exponent << sub | top sub mantissa bits) - base."""
    sub = layout["subBits"]
    base = (1023 + layout["minExponent"]) << sub
    bits = np.ascontiguousarray(x, dtype=np.float64).view(np.uint64) >> np.uint64(52 - sub)
    return bits.astype(np.int64) - base


def signed_index(x, layout):
    """Index among the 2N + 3 signed bins (aggregate.ts signedBinIndex)."""
    per_sign = (layout["maxExponent"] - layout["minExponent"]) << layout["subBits"]
    low = 2.0 ** layout["minExponent"]
    index = np.full(x.shape, per_sign + 1, dtype=np.int64)
    pos = x >= low
    neg = x <= -low
    kp = bin_keys(np.where(pos, x, 1.0), layout)
    kn = bin_keys(np.where(neg, -x, 1.0), layout)
    index = np.where(pos, np.where(kp < per_sign, per_sign + 2 + kp, 2 * per_sign + 2), index)
    index = np.where(neg, np.where(kn < per_sign, per_sign - kn, 0), index)
    return index


def unsigned_index(x, layout):
    """Index among the N + 2 unsigned bins (aggregate.ts unsignedBinIndex)."""
    per_sign = (layout["maxExponent"] - layout["minExponent"]) << layout["subBits"]
    low = 2.0 ** layout["minExponent"]
    ok = x >= low
    k = bin_keys(np.where(ok, x, 1.0), layout)
    return np.where(ok, np.where(k < per_sign, k + 1, per_sign + 1), 0)


def month_loop(g, c, horizon):
    """Cumulative cost (n, S, H + 1), present value (n, S), payback (n, S) for a chunk of draws."""
    n, strategies = c.shape[0], c.shape[1]
    first, growth, price_change, annual = g[:, 0], g[:, 1], g[:, 2], g[:, 3]
    # Volume and price factor by sequential products (as the TypeScript loop carries them).
    factors = np.empty((n, horizon))
    factors[:, 0] = first
    factors[:, 1:] = (1 + growth)[:, None]
    volume = np.cumprod(factors, axis=1)
    factors[:, 0] = 1
    factors[:, 1:] = (1 + price_change)[:, None]
    price = np.cumprod(factors, axis=1)
    factors[:, :] = (1 + (np.power(1 + annual, 1 / 12) - 1))[:, None]
    discount = 1 / np.cumprod(factors, axis=1)

    months = np.arange(1, horizon + 1, dtype=np.float64)
    cumulative = np.empty((n, strategies, horizon + 1))
    present = np.empty((n, strategies))
    for s in range(strategies):
        k = c[:, s, :]
        every = k[:, RETRAIN_EVERY][:, None]
        since = months[None, :] - 1  # months since training at month 1
        has_retrain = every > 0
        safe_every = np.where(has_retrain, every, 1.0)
        age = np.where(has_retrain, np.mod(since, safe_every), since)
        retrain_month = has_retrain & (since > 0) & (age == 0)
        drift = np.minimum(k[:, DRIFT][:, None] * age, k[:, DRIFT_CAP][:, None])
        per_request = k[:, OTHER][:, None] + price * (k[:, FRONTIER][:, None] + drift)
        per_gpu = k[:, PER_GPU][:, None]
        hosted = per_gpu > 0
        gpus = np.ceil((volume / np.where(hosted, per_gpu, 1.0)) * (1 - 1e-12))
        hosting = np.where(hosted, np.maximum(gpus, k[:, MIN_REPLICAS][:, None]) * k[:, GPU_MONTH][:, None], 0.0)
        retraining = np.where(retrain_month, k[:, RETRAIN_OTHER][:, None] + price * k[:, RETRAIN_FRONTIER][:, None], 0.0)
        cost = volume * per_request + k[:, FIXED][:, None] + hosting + retraining
        row = cumulative[:, s, :]
        row[:, 0] = k[:, ONE_TIME]
        row[:, 1:] = cost
        np.cumsum(row, axis=1, out=row)
        weighted = np.empty((n, horizon + 1))
        weighted[:, 0] = k[:, ONE_TIME]
        weighted[:, 1:] = cost * discount
        present[:, s] = np.cumsum(weighted, axis=1)[:, -1]

    payback = np.full((n, strategies), np.nan)
    savings = cumulative[:, :1, :] - cumulative[:, 1:, :]  # (n, S-1, H+1)
    ok = savings >= 0
    paid = ok.any(axis=2)
    first_ok = ok.argmax(axis=2)
    m = np.maximum(first_ok, 1)
    now = np.take_along_axis(savings, m[:, :, None], axis=2)[:, :, 0]
    before = np.take_along_axis(savings, (m - 1)[:, :, None], axis=2)[:, :, 0]
    interpolated = (m - 1) + -before / (now - before)
    payback[:, 1:] = np.where(paid, np.where(first_ok == 0, 0.0, interpolated), np.inf)
    return cumulative, present, payback


class Aggregate:
    """kernel/sim/aggregate.ts's Tally and chunk sums, over whole chunks."""

    def __init__(self, meta):
        self.meta = meta
        s, h = meta["strategies"], meta["horizonMonths"]
        vb, bb = meta["valueBins"], meta["bandBins"]
        self.value_bins = 2 * ((vb["maxExponent"] - vb["minExponent"]) << vb["subBits"]) + 3
        self.band_bins = ((bb["maxExponent"] - bb["minExponent"]) << bb["subBits"]) + 2
        self.payback_bins = meta["paybackBinsPerMonth"] * h + 2
        self.value_counts = np.zeros(s * 3 * self.value_bins, dtype=np.int64)
        self.band_counts = np.zeros(s * (h + 1) * self.band_bins, dtype=np.int64)
        self.payback_counts = np.zeros(s * self.payback_bins, dtype=np.int64)
        self.cheapest_counts = np.zeros(s, dtype=np.int64)
        self.metric_min = np.full(s * 3, np.inf)
        self.metric_max = np.full(s * 3, -np.inf)
        self.band_min = np.full(s * (h + 1), np.inf)
        self.band_max = np.full(s * (h + 1), -np.inf)
        self.sums = np.zeros(2 * s * 3)
        self.shifts = np.array(meta["shifts"], dtype=np.float64)

    def add_chunk(self, cumulative, present, payback):
        meta = self.meta
        n, s, months = cumulative.shape
        totals = cumulative[:, :, -1]
        metrics = np.stack([totals, present, present[:, :1] - present], axis=2).reshape(n, s * 3)
        index = signed_index(metrics, meta["valueBins"]) + np.arange(s * 3) * self.value_bins
        self.value_counts += np.bincount(index.ravel(), minlength=self.value_counts.size)
        self.metric_min = np.minimum(self.metric_min, metrics.min(axis=0))
        self.metric_max = np.maximum(self.metric_max, metrics.max(axis=0))
        self.cheapest_counts += np.bincount(totals.argmin(axis=1), minlength=s)

        per_month = meta["paybackBinsPerMonth"]
        p = payback[:, 1:]
        pindex = np.where(p == 0, 0, np.where(np.isinf(p), self.payback_bins - 1, np.ceil(np.where(np.isinf(p), 0, p) * per_month))).astype(np.int64)
        pindex += np.arange(1, s) * self.payback_bins
        self.payback_counts += np.bincount(pindex.ravel(), minlength=self.payback_counts.size)

        flat = cumulative.reshape(n, s * months)
        bindex = unsigned_index(flat, meta["bandBins"]) + np.arange(s * months) * self.band_bins
        self.band_counts += np.bincount(bindex.ravel(), minlength=self.band_counts.size)
        self.band_min = np.minimum(self.band_min, flat.min(axis=0))
        self.band_max = np.maximum(self.band_max, flat.max(axis=0))

        d = metrics - self.shifts
        self.sums[: s * 3] += d.sum(axis=0)
        self.sums[s * 3 :] += (d * d).sum(axis=0)

    def counts(self):
        """All counts in the TypeScript Tally's layout, as uint32."""
        return np.concatenate([self.value_counts, self.band_counts, self.payback_counts, self.cheapest_counts]).astype("<u4")

    def means(self):
        n = self.meta["draws"]
        s3 = self.meta["strategies"] * 3
        return (self.shifts + self.sums[:s3] / n).tolist()


def main():
    meta = json.load(open(sys.argv[1]))
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    s, h, chunk = meta["strategies"], meta["horizonMonths"], meta["chunkSize"]
    width = GLOBAL_SIZE + s * COEFF_SIZE
    data = np.fromfile(sys.argv[2], dtype="<f8").reshape(-1, width)
    draws = data.shape[0]
    if draws != meta["draws"]:
        raise SystemExit(f"{sys.argv[2]} holds {draws} draws, meta says {meta['draws']}")
    seconds = []
    aggregate = None
    for _ in range(repeats):
        start = time.perf_counter()
        aggregate = Aggregate(meta)
        for at in range(0, draws, chunk):
            rows = data[at : at + chunk]
            g = rows[:, :GLOBAL_SIZE]
            c = rows[:, GLOBAL_SIZE:].reshape(-1, s, COEFF_SIZE)
            aggregate.add_chunk(*month_loop(g, c, h))
        seconds.append(time.perf_counter() - start)
    seconds_sorted = sorted(seconds)
    median = seconds_sorted[len(seconds_sorted) // 2]
    counts = aggregate.counts()
    extremes = np.concatenate([aggregate.metric_min, aggregate.metric_max, aggregate.band_min, aggregate.band_max])
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "draws": draws,
                "seconds": seconds,
                "drawsPerSecond": draws / median,
                "countsSha256": hashlib.sha256(counts.tobytes()).hexdigest(),
                "extremesSha256": hashlib.sha256(extremes.astype("<f8").tobytes()).hexdigest(),
                "means": aggregate.means(),
                "cheapest": aggregate.cheapest_counts.tolist(),
            }
        )
    )


if __name__ == "__main__":
    main()
