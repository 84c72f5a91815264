"""NumPy at its best for payback's simulation model: sampling, coefficients, month loop and
aggregation, all vectorised over cache-sized chunks of draws. The peer the TypeScript kernel
(kernel/sim/) is measured against; bench/numpy-peer.ts writes the meta JSON and runs it.

Usage:
  python3 sim_numpy_best.py META --draws N [--processes P] [--chunk C] [--dtype float32|float64]
                            [--seed S] [--repeats R] [--bitgen SFC64|PCG64DXSM|PCG64|Philox|MT19937]
                            [--spawned-at EPOCH_SECONDS]
  python3 sim_numpy_best.py META --check POINTS.json   (globals and coefficients at given inputs)
  python3 sim_numpy_best.py META --inputs INPUTS.f64 --counts-out FILE [--dtype D]
                            (given input draws instead of sampling; writes the counts)

What makes it fast (each step measured on the 2-core dev machine, shared with other work, so
medians of repeats; bench/numpy-best.ts reruns all of it). From ~184k draws/s (1 process, first
straightforward vectorised version) to ~700k:
- Draws on the last, contiguous axis: every month-loop array is (months, draws), per-draw
  coefficients broadcast as (draws,) rows, months are row slices.
- No reductions or scans across the month axis: np.cumsum(axis=0) over (25, n) took a third of
  the run; 24 contiguous row adds are ~4x faster. The payback month (first month with savings
  >= 0) is a running OR month by month (putmask month by month: 10x slower; argmax along the
  month axis: 13x), and S(m), S(m - 1) are gathered with flat indices.
- Constant coefficients stay Python scalars; terms a strategy does not have (no hosting, no
  drift, no retraining) are skipped, decided once from the model; retraining months are the few
  rows where it happens; present value is one BLAS gemv (discount factors @ monthly costs).
- float32 month loop and bins (--dtype float32, default): ~1.25x float64. Bins read from float32
  bits (8-bit exponent, top mantissa bits: the same bin edges as float64's). Sampling stays
  float64 and is cast once, so float32 and float64 runs of a seed see the same draws: every
  mean, 5/50/95 % quantile, P(cheapest), P(payback) differs by < 0.01 standard error.
- Band bins computed per strategy right after its months, while in cache, in the float's integer
  width; when the chunk's exact extremes are inside [2^-10, 2^50) no key needs clamping and the
  bias folds into the cell offset (2 passes instead of 5, same counts).
- Every bin index (bands, values, payback, cheapest) goes, offset by cell, into one intp batch
  buffer counted by one np.bincount per 4 M indices: intp because bincount converts anything
  else first (int32: 14 ms per 32k draws, intp: 8.6 ms); batched so its fixed cost (a 1.4 M-bin
  array) does not grow as chunks shrink. That made small chunks pay: 8192 is the sweep's best
  (4096: ~0.93x, 16k..100k: ~0.75x).
- Bit generator SFC64 (--bitgen): sampling alone 0.43 us/draw against PCG64DXSM 0.53, PCG64
  0.49, MT19937 0.63, Philox 0.86; on the whole run SFC64 ~= PCG64DXSM > PCG64 > MT19937 > Philox.
  Betas (9 PERT + 2 beta inputs) are ~20 % of the run; float32 gamma ratios would save ~2 % and
  change the draws between dtypes, so they are not used.
- OpenBLAS held to one thread (the gemv is small; a second thread would only steal the other
  core from --processes 2).
- --processes P: multiprocessing's fork context (numpy already imported: no second start-up);
  each child runs its share with its own SeedSequence(seed).spawn(P) stream and sends only its
  non-zero counts back; the merge is timed (~10 ms).
- Checked: the kernel's own sampled inputs through this month loop and aggregation (--inputs,
  float64) give the kernel's Tally counts exactly (bench/numpy-peer.ts compareBinsWithKernel).
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import time

SCRIPT_START_EPOCH = time.time()
_t_import = time.perf_counter()
import hashlib
import json
import sys

import numpy as np

IMPORT_SECONDS = time.perf_counter() - _t_import

# kernel/sim/layout.ts
ONE_TIME, FIXED, OTHER, FRONTIER, DRIFT, DRIFT_CAP, RETRAIN_OTHER, RETRAIN_FRONTIER, PER_GPU, GPU_MONTH, MIN_REPLICAS, RETRAIN_EVERY = range(12)
METRICS = 3


# ---------------------------------------------------------------------------------------------
# Sampling and coefficients


def sample_input(rng, dist, n):
    """n float64 values of one input's distribution (kernel/sim/distributions)."""
    kind = dist["kind"]
    if kind == "fixed":
        return np.full(n, dist["value"])
    if kind == "lognormal":
        return rng.lognormal(dist["mu"], dist["sigma"], n)
    if kind == "normal":
        return rng.normal(dist["mean"], dist["sd"], n)
    if kind == "uniform":
        return rng.uniform(dist["min"], dist["max"], n)
    if kind == "triangular":
        return rng.triangular(dist["min"], dist["mode"], dist["max"], n)
    if kind == "beta":  # beta on [min, max]; PERT comes as its equivalent beta
        x = rng.beta(dist["alpha"], dist["beta"], n)
        if dist["min"] != 0 or dist["max"] != 1:
            x *= dist["max"] - dist["min"]
            x += dist["min"]
        return x
    if kind == "truncated":  # conditioning on [lower, upper] by rejection (the kept mass is large here)
        x = sample_input(rng, dist["base"], n)
        # JSON has no infinities: null is an open end.
        lower = -np.inf if dist["lower"] is None else dist["lower"]
        upper = np.inf if dist["upper"] is None else dist["upper"]
        bad = np.flatnonzero((x < lower) | (x > upper))
        while bad.size:
            y = sample_input(rng, dist["base"], bad.size)
            x[bad] = y
            bad = bad[(y < lower) | (y > upper)]
        return x
    raise ValueError(f"unsupported distribution {kind}")


def evaluate(expr, x, cache):
    """An expression {"terms": [{"w": w, "f": [[input, power], ...]}]}: a Python float when it
    is constant, else an (n,) float64 array. Powers are +-1 (cached reciprocals)."""
    const = 0.0
    out = None
    for term in expr["terms"]:
        factors = term["f"]
        if not factors:
            const += term["w"]
            continue
        value = None
        for i, p in factors:
            key = (i, p)
            if key not in cache:
                cache[key] = x[i] if p == 1 else (1.0 / x[i] if p == -1 else x[i] ** p)
            value = cache[key] if value is None else value * cache[key]
        value = value * term["w"]
        out = value if out is None else out + value
    if out is None:
        return const
    if const != 0.0:
        out += const
    return out


def coefficients(meta, x):
    """Globals (4) and per strategy 12 coefficients: each a float (constant) or (n,) array."""
    cache = {}
    g = [evaluate(e, x, cache) for e in meta["globals"]]
    c = [[evaluate(e, x, cache) for e in block] for block in meta["coefficients"]]
    return g, c


# ---------------------------------------------------------------------------------------------
# Bins (kernel/sim/aggregate.ts)


class Layout:
    def __init__(self, meta):
        self.S = S = len(meta["strategies"])
        self.H = H = meta["horizonMonths"]
        vb, bb = meta["valueBins"], meta["bandBins"]
        self.vb, self.bb = vb, bb
        self.value_per_sign = (vb["maxExponent"] - vb["minExponent"]) << vb["subBits"]
        self.band_per_sign = (bb["maxExponent"] - bb["minExponent"]) << bb["subBits"]
        self.value_bins = 2 * self.value_per_sign + 3
        self.band_bins = self.band_per_sign + 2
        self.per_month = meta["paybackBinsPerMonth"]
        self.payback_bins = self.per_month * H + 2
        cells = S * (H + 1)
        self.band_offset = S * METRICS * self.value_bins
        self.payback_offset = self.band_offset + cells * self.band_bins
        self.cheapest_offset = self.payback_offset + S * self.payback_bins
        self.counts_length = self.cheapest_offset + S


def bit_params(dtype, layout):
    """(int dtype, shift, bias) so that key = (bits >> shift) - bias for positive x."""
    if dtype == np.float32:
        return np.int32, 23 - layout["subBits"], (127 + layout["minExponent"]) << layout["subBits"]
    return np.int64, 52 - layout["subBits"], (1023 + layout["minExponent"]) << layout["subBits"]


# ---------------------------------------------------------------------------------------------
# One process's work


class Worker:
    def __init__(self, meta, dtype, chunk, batch=1 << 22):
        self.meta = meta
        self.L = L = Layout(meta)
        self.dt = dt = np.dtype(dtype)
        self.chunk = chunk
        S, H = L.S, L.H
        self.itype, self.band_shift, self.band_bias = bit_params(dt, L.bb)
        _, self.value_shift, self.value_bias = bit_params(dt, L.vb)
        # Per-strategy constants decided once: retraining months and ages (RETRAIN_EVERY must be constant).
        self.plans = []
        months = np.arange(1, H + 1)
        for s in range(S):
            terms = meta["coefficients"][s][RETRAIN_EVERY]["terms"]
            if any(t["f"] for t in terms):
                raise ValueError("RETRAIN_EVERY varies per draw: not supported")
            every = sum(t["w"] for t in terms)
            every = int(every)
            if every > 0:
                age = (months - 1) % every
                retrain_rows = [m - 1 for m in range(every + 1, H + 1, every)]
            else:
                age = months - 1
                retrain_rows = []
            self.plans.append((age.astype(dt)[:, None], retrain_rows))
        # Buffers, allocated once.
        n = chunk
        self.v = np.empty((H, n), dt)
        self.p = np.empty((H, n), dt)
        self.tmp = np.empty((H, n), dt)
        self.tmp2 = np.empty((H, n), dt)
        self.cum = np.empty((S, H + 1, n), dt)
        self.pv = np.empty((S, n), dt)
        self.idx_per_draw = S * (H + 1) + S * METRICS + (S - 1) + 1
        # Indices in intp whatever the float: np.bincount converts anything else first (int32
        # indices measured 14 ms a 32k chunk against 8.6 ms for intp).
        # The batch buffer: indices of several chunks, counted by one np.bincount when full, so
        # its fixed cost (a counts-sized array, 1.4 M bins) does not grow as chunks shrink.
        self.idx = np.empty(max(self.idx_per_draw * n, batch), np.intp)
        self.filled = 0
        self.kbuf = np.empty((H + 1, n), self.itype)
        self.savings = np.empty((S - 1, H + 1, n), dt)
        self.savings_rows = np.arange(S - 1) * (H + 1)
        self.ok = np.empty((S - 1, H + 1, n), bool)
        self.seen = np.empty((S - 1, n), bool)
        self.after = np.empty((S - 1, n), np.uint8)
        self.band_rows = (L.band_offset + np.arange(S * (H + 1)) * L.band_bins).astype(np.intp).reshape(S, H + 1, 1)
        self.band_rows_biased = self.band_rows - (self.band_bias - 1)
        self.band_low = 2.0 ** L.bb["minExponent"]
        self.band_high = 2.0 ** L.bb["maxExponent"]
        self.value_rows = (np.arange(S * METRICS) * L.value_bins).astype(self.itype)[:, None]
        self.payback_rows = (L.payback_offset + np.arange(1, S) * L.payback_bins).astype(np.intp)[:, None]
        # Aggregates.
        self.counts = np.zeros(L.counts_length, np.int64)
        cells = S * (H + 1)
        self.metric_min = np.full(S * METRICS, np.inf)
        self.metric_max = np.full(S * METRICS, -np.inf)
        self.band_min = np.full(cells, np.inf)
        self.band_max = np.full(cells, -np.inf)
        self.payback_min = np.full(S, np.inf)
        self.payback_max = np.full(S, -np.inf)
        self.sums = np.zeros(S * METRICS)
        self.squares = np.zeros(S * METRICS)
        self.shifts = np.array(meta["shifts"], np.float64)
        self.draws = 0

    def run(self, rng, draws, preset=None):
        """draws draws in chunks; `preset` (draws x inputs float64), when given, replaces sampling
        (the --inputs check: the kernel's own draws through this month loop and aggregation)."""
        for at in range(0, draws, self.chunk):
            n = min(self.chunk, draws - at)
            self.chunk_step(rng, n, None if preset is None else preset[at : at + n])
        self.flush()

    def chunk_step(self, rng, n, preset=None):
        meta, L, dt = self.meta, self.L, self.dt
        S, H = L.S, L.H
        # Sampled in float64 (the same draws for float32 and float64 runs of a seed), then the
        # coefficients are computed in the month loop's dtype (no per-coefficient casts).
        if preset is None:
            x = [sample_input(rng, inp["dist"], n).astype(dt, copy=False) for inp in meta["inputs"]]
        else:
            x = [np.ascontiguousarray(preset[:, j]).astype(dt, copy=False) for j in range(preset.shape[1])]
        g, c = coefficients(meta, x)
        v, p, tmp, tmp2 = self.v[:, :n], self.p[:, :n], self.tmp[:, :n], self.tmp2[:, :n]
        cum, pv = self.cum[:, :, :n], self.pv[:, :n]
        # Volume and price factor carried forward by multiplication (as the TypeScript loop does).
        v[0] = g[0]
        p[0] = 1
        growth = (1 + g[1]).astype(dt) if isinstance(g[1], np.ndarray) else dt.type(1 + g[1])
        step = (1 + g[2]).astype(dt) if isinstance(g[2], np.ndarray) else dt.type(1 + g[2])
        for m in range(1, H):
            np.multiply(v[m - 1], growth, out=v[m])
            np.multiply(p[m - 1], step, out=p[m])
        if isinstance(g[3], np.ndarray):
            raise ValueError("uncertain discount rate: not supported")
        monthly = (1 + g[3]) ** (1 / 12)
        discount = (1 / monthly ** np.arange(1, H + 1)).astype(dt)

        for s in range(S):
            k = c[s]
            age, retrain_rows = self.plans[s]
            # per request = other + p (frontier + min(cap, drift x age))
            if isinstance(k[DRIFT], np.ndarray) or k[DRIFT] != 0:
                np.multiply(age, k[DRIFT], out=tmp)
                np.minimum(tmp, k[DRIFT_CAP], out=tmp)
                np.add(tmp, k[FRONTIER], out=tmp)
                np.multiply(tmp, p, out=tmp)
            else:
                np.multiply(p, k[FRONTIER], out=tmp)
            if isinstance(k[OTHER], np.ndarray) or k[OTHER] != 0:
                np.add(tmp, k[OTHER], out=tmp)
            row = cum[s]
            cost = row[1:]
            np.multiply(tmp, v, out=cost)
            if isinstance(k[FIXED], np.ndarray) or k[FIXED] != 0:
                np.add(cost, k[FIXED], out=cost)
            if isinstance(k[PER_GPU], np.ndarray) or k[PER_GPU] > 0:
                # max(MIN_REPLICAS, ceil(v / per GPU x (1 - 1e-12))) x GPU month
                np.divide(v, k[PER_GPU], out=tmp2)
                if dt.type(1 - 1e-12) != 1:  # 1 - 1e-12 rounds to 1 in float32: no pass
                    np.multiply(tmp2, dt.type(1 - 1e-12), out=tmp2)
                np.ceil(tmp2, out=tmp2)
                np.maximum(tmp2, k[MIN_REPLICAS], out=tmp2)
                np.multiply(tmp2, k[GPU_MONTH], out=tmp2)
                np.add(cost, tmp2, out=cost)
            for r in retrain_rows:
                cost[r] += k[RETRAIN_OTHER] + p[r] * k[RETRAIN_FRONTIER]
            # present value = one-time + discount @ costs (one gemv)
            np.dot(discount, cost, out=pv[s])
            pv[s] += k[ONE_TIME]
            row[0] = k[ONE_TIME]
            # Running sum month by month: np.cumsum along the month axis (not the contiguous one)
            # measured ~4x slower than H contiguous adds.
            for m in range(1, H + 1):
                np.add(row[m - 1], row[m], out=row[m])
            self.bin_bands(s, row, n)
        self.aggregate(n)

    def aggregate(self, n):
        L, S, H = self.L, self.L.S, self.L.H
        cum, pv = self.cum[:, :, :n], self.pv[:, :n]
        # This chunk's indices follow the previous chunks' in the batch buffer; the band indices
        # (the first S (H + 1) n) were written by bin_bands while each strategy's rows were hot.
        idx = self.idx[self.filled : self.filled + self.idx_per_draw * n]
        at = S * (H + 1) * n
        # Money metrics: horizon total, present value, NPV savings vs strategy 0.
        metrics = np.empty((S, METRICS, n), self.dt)
        metrics[:, 0] = cum[:, H]
        metrics[:, 1] = pv
        np.subtract(pv[0], pv, out=metrics[:, 2])
        metrics = metrics.reshape(S * METRICS, n)
        mbits = metrics.view(self.itype)
        sign = mbits >> (mbits.dtype.itemsize * 8 - 1)  # 0 or -1
        key = (mbits & np.array(np.iinfo(self.itype).max, self.itype)) >> self.value_shift
        key -= self.value_bias
        np.clip(key, -1, L.value_per_sign, out=key)
        key += 1
        sign *= 2
        sign += 1  # 1 or -1
        key *= sign
        key += L.value_per_sign + 1
        key += self.value_rows
        idx[at : at + S * METRICS * n] = key.ravel()
        at += S * METRICS * n
        self.metric_min = np.minimum(self.metric_min, metrics.min(axis=1))
        self.metric_max = np.maximum(self.metric_max, metrics.max(axis=1))
        d = metrics.astype(np.float64)
        d -= self.shifts[:, None]
        self.sums += d.sum(axis=1)
        d *= d
        self.squares += d.sum(axis=1)
        # Cheapest by horizon total (ties to the earlier strategy).
        idx[at : at + n] = metrics[0::METRICS].argmin(axis=0)
        idx[at : at + n] += L.cheapest_offset
        at += n
        # Payback against strategy 0: first month with savings >= 0, interpolated.
        savings = self.savings[:, :, :n]
        np.subtract(cum[0][None], cum[1:], out=savings)  # (S-1, H+1, n)
        ok = np.greater_equal(savings, 0, out=self.ok[:, :, :n])
        # The first such month = H + 1 - (months from it on), counted with a running OR month by
        # month (putmask month by month measured 10x slower, argmax along the month axis 13x).
        seen = self.seen[:, :n]
        seen[...] = False
        after = self.after[:, :n]
        after[...] = 0
        for m in range(H + 1):
            np.logical_or(seen, ok[:, m], out=seen)
            np.add(after, seen.view(np.uint8), out=after)
        first = (H + 1) - after.astype(np.intp)
        paid = first <= H
        mo = np.clip(first, 1, H)
        # S(mo) and S(mo - 1) gathered with flat indices (take_along_axis measured slower).
        lin = mo * n
        lin += self.savings_rows[:, None] * n
        lin += np.arange(n)
        flat = savings.reshape(-1)
        now = flat.take(lin)
        lin -= n
        before = flat.take(lin)
        with np.errstate(divide="ignore", invalid="ignore"):
            payback = (mo - 1) - before / (now - before)
        payback[first == 0] = 0
        pidx = np.ceil(np.where(paid, payback, 0) * L.per_month).astype(np.intp)
        pidx = np.where(paid, pidx, L.payback_bins - 1)
        pidx += self.payback_rows
        idx[at : at + (S - 1) * n] = pidx.ravel()
        at += (S - 1) * n
        finite = np.where(paid, payback, np.inf)
        self.payback_min[1:] = np.minimum(self.payback_min[1:], finite.min(axis=1))
        self.payback_max[1:] = np.maximum(self.payback_max[1:], np.where(paid, payback, -np.inf).max(axis=1))
        self.filled += self.idx_per_draw * n
        self.draws += n
        if self.filled + self.idx_per_draw * self.chunk > self.idx.size:
            self.flush()

    def flush(self):
        """One bincount for every count of the batch (bands, values, payback, cheapest)."""
        if self.filled:
            self.counts += np.bincount(self.idx[: self.filled], minlength=self.L.counts_length)
            self.filled = 0

    def bin_bands(self, s, row, n):
        """Band bins of strategy s's cumulative costs (H + 1, n), read from the float bits in the
        float's own integer width, then offset by cell into the batch buffer; and their extremes.
        The extremes come first: when every value of the chunk lies in [2^minExponent,
        2^maxExponent) (the usual case), no key needs clamping and the bias folds into the cell
        offset, so the bins take two passes instead of five; the result is the same."""
        L, H = self.L, self.L.H
        cells = slice(s * (H + 1), (s + 1) * (H + 1))
        low, high = row.min(axis=1), row.max(axis=1)
        np.minimum(self.band_min[cells], low, out=self.band_min[cells])
        np.maximum(self.band_max[cells], high, out=self.band_max[cells])
        key = self.kbuf[:, :n]
        np.right_shift(row.view(self.itype), self.band_shift, out=key)
        out = self.idx[self.filled + s * (H + 1) * n : self.filled + (s + 1) * (H + 1) * n].reshape(H + 1, n)
        if low.min() >= self.band_low and high.max() < self.band_high:
            np.add(key, self.band_rows_biased[s], out=out)
            return
        np.subtract(key, self.band_bias - 1, out=key)
        np.maximum(key, 0, out=key)
        np.minimum(key, L.band_per_sign + 1, out=key)
        np.add(key, self.band_rows[s], out=out)

    def state(self):
        return {
            "draws": self.draws,
            "counts": self.counts,
            "extremes": [self.metric_min, self.metric_max, self.band_min, self.band_max, self.payback_min, self.payback_max],
            "sums": self.sums,
            "squares": self.squares,
        }


def merge(states):
    out = states[0]
    for st in states[1:]:
        out["draws"] += st["draws"]
        out["counts"] += st["counts"]
        for i, (a, b) in enumerate(zip(out["extremes"], st["extremes"])):
            out["extremes"][i] = np.minimum(a, b) if i % 2 == 0 else np.maximum(a, b)
        out["sums"] = out["sums"] + st["sums"]
        out["squares"] = out["squares"] + st["squares"]
    return out


# ---------------------------------------------------------------------------------------------
# Summary (aggregate.ts histogramQuantiles with the signed value edges)


def bin_lower_edge(key, layout):
    per = 1 << layout["subBits"]
    octave = key // per
    return 2.0 ** (layout["minExponent"] + octave) * (1 + (key - octave * per) / per)


def signed_edges(bin_, layout, per_sign, lo, hi):
    low, high = 2.0 ** layout["minExponent"], 2.0 ** layout["maxExponent"]
    if bin_ == 0:
        return lo, -high
    if bin_ <= per_sign:
        key = per_sign - bin_
        return -bin_lower_edge(key + 1, layout), -bin_lower_edge(key, layout)
    if bin_ == per_sign + 1:
        return -low, low
    if bin_ <= 2 * per_sign + 1:
        key = bin_ - per_sign - 2
        return bin_lower_edge(key, layout), bin_lower_edge(key + 1, layout)
    return high, hi


def quantiles(counts, ps, lo, hi, layout, per_sign):
    n = counts.sum()
    cum = np.cumsum(counts)
    out = []
    for p in ps:
        target = p * n
        b = int(np.searchsorted(cum, target, side="left"))  # first bin with cumulative >= target
        while b < counts.size and counts[b] == 0:
            b += 1
        if b >= counts.size:
            out.append(hi)
            continue
        before = cum[b] - counts[b]
        lower, upper = signed_edges(b, layout, per_sign, lo, hi)
        value = lower + (target - before) / counts[b] * (upper - lower)
        out.append(min(hi, max(lo, value)))
    return out


def summarize(meta, L, st):
    n = st["draws"]
    counts = st["counts"]
    mins, maxs = st["extremes"][0], st["extremes"][1]
    shifts = np.array(meta["shifts"], np.float64)
    names = ["horizonTotalUSD", "presentValueUSD", "npvSavingsUSD"]
    out = []
    for s, sid in enumerate(meta["strategies"]):
        entry = {"id": sid}
        for k, name in enumerate(names):
            cell = s * METRICS + k
            total, sq = st["sums"][cell], st["squares"][cell]
            mean = shifts[cell] + total / n
            var = max(0.0, (sq - total * total / n) / (n - 1)) if n > 1 else 0.0
            q = quantiles(counts[cell * L.value_bins : (cell + 1) * L.value_bins], [0.05, 0.5, 0.95], float(mins[cell]), float(maxs[cell]), L.vb, L.value_per_sign)
            entry[name] = {"mean": mean, "sd": var ** 0.5, "standardError": (var / n) ** 0.5, "min": float(mins[cell]), "max": float(maxs[cell]), "p5": q[0], "p50": q[1], "p95": q[2]}
        entry["cheapest"] = int(counts[L.cheapest_offset + s]) / n
        if s > 0:
            at = L.payback_offset + s * L.payback_bins
            entry["paybackWithinHorizon"] = (n - int(counts[at + L.payback_bins - 1])) / n
        out.append(entry)
    return out


# ---------------------------------------------------------------------------------------------


def make_rng(name, seq):
    return np.random.Generator(getattr(np.random, name)(seq))


def _child(args):
    meta, dtype, chunk, bitgen, seq, draws = args
    w = Worker(meta, dtype, chunk)
    w.run(make_rng(bitgen, seq), draws)
    st = w.state()
    # Only the non-zero counts go through the pipe (a few % of the 1.4 M bins).
    nz = np.flatnonzero(st["counts"])
    st["counts"] = (nz.astype(np.uint32), st["counts"][nz].astype(np.uint32))
    return st


def run_once(meta, draws, processes, dtype, chunk, bitgen, seed):
    start = time.perf_counter()
    seqs = np.random.SeedSequence(seed).spawn(processes)
    shares = [draws // processes + (1 if k < draws % processes else 0) for k in range(processes)]
    if processes == 1:
        w = Worker(meta, dtype, chunk)
        w.run(make_rng(bitgen, seqs[0]), draws)
        states = [w.state()]
        merge_seconds = 0.0
    else:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(processes) as pool:
            states = pool.map(_child, [(meta, dtype, chunk, bitgen, seqs[k], shares[k]) for k in range(processes)])
        t = time.perf_counter()
        for st in states:
            nz, values = st["counts"]
            st["counts"] = np.zeros(Layout(meta).counts_length, np.int64)
            st["counts"][nz] = values
        merged = merge(states)
        merge_seconds = time.perf_counter() - t
        states = [merged]
    L = Layout(meta)
    strategies = summarize(meta, L, states[0])
    return time.perf_counter() - start, merge_seconds, strategies, states[0]


def main():
    argv = sys.argv[1:]
    meta = json.load(open(argv[0]))
    opts = {argv[i]: argv[i + 1] for i in range(1, len(argv) - 1, 2)}
    if "--inputs" in opts:
        # The kernel's sampled inputs (float64, draws x inputs): counts written as the kernel's
        # uint32 Tally counts, for an exact comparison of the bins.
        preset = np.fromfile(opts["--inputs"], dtype="<f8").reshape(-1, len(meta["inputs"]))
        w = Worker(meta, opts.get("--dtype", "float64"), int(opts.get("--chunk", "8192")))
        w.run(None, preset.shape[0], preset)
        st = w.state()
        st["counts"].astype("<u4").tofile(opts["--counts-out"])
        extremes = np.concatenate(st["extremes"][:4])
        extremes.astype("<f8").tofile(opts["--counts-out"] + ".extremes")
        print(json.dumps({"draws": int(preset.shape[0]), "means": (np.array(meta["shifts"]) + st["sums"] / preset.shape[0]).tolist()}))
        return
    if "--check" in opts:
        points = json.load(open(opts["--check"]))  # list of input vectors
        x = [np.array(col, np.float64) for col in zip(*points)]
        g, c = coefficients(meta, x)
        n = len(points)
        full = lambda e: (np.full(n, e) if not isinstance(e, np.ndarray) else e).tolist()
        print(json.dumps({"globals": [full(e) for e in g], "coefficients": [[full(e) for e in block] for block in c]}))
        return
    draws = int(float(opts.get("--draws", "1000000")))
    processes = int(opts.get("--processes", "1"))
    chunk = int(opts.get("--chunk", "8192"))
    dtype = opts.get("--dtype", "float32")
    seed = int(opts.get("--seed", "1"))
    repeats = int(opts.get("--repeats", "1"))
    bitgen = opts.get("--bitgen", "SFC64")
    seconds, merges = [], []
    for _ in range(repeats):
        sec, merge_sec, strategies, st = run_once(meta, draws, processes, dtype, chunk, bitgen, seed)
        seconds.append(sec)
        merges.append(merge_sec)
    med = sorted(seconds)[len(seconds) // 2]
    spawned = opts.get("--spawned-at")
    counts = st["counts"]
    print(
        json.dumps(
            {
                "numpy": np.__version__,
                "python": sys.version.split()[0],
                "draws": draws,
                "processes": processes,
                "chunk": chunk,
                "dtype": dtype,
                "seed": seed,
                "bitGenerator": bitgen,
                "importSeconds": IMPORT_SECONDS,
                "interpreterStartSeconds": (SCRIPT_START_EPOCH - float(spawned)) if spawned else None,
                "seconds": seconds,
                "mergeSeconds": merges,
                "inProcessDrawsPerSecond": draws / med,
                "scriptSeconds": time.time() - SCRIPT_START_EPOCH,
                "strategies": strategies,
                "countsTotal": int(counts.sum()),
                # Identity of the counts (as the kernel's uint32 Tally layout), to compare runs.
                "countsSha256": hashlib.sha256(counts.astype("<u4").tobytes()).hexdigest(),
            }
        )
    )


if __name__ == "__main__":
    main()
