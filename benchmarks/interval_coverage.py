"""Coverage and width of framelens' bootstrap intervals on simulated data with a known truth.

    python benchmarks/interval_coverage.py [--datasets 1000] [--n-boot 400] [--seed 0]

Three studies, each printed as a table (coverage of the true value by the 95% interval, and the
interval's mean or median width):

- ``rates``: a group of k outlets (5, 10, 30) whose rates differ (house style), 3-39 documents each;
  the documents bootstrap, the outlet bootstrap (studentized with its guard, and percentile) and a
  two-stage bootstrap (outlets, then documents within them), which framelens does not use;
- ``shares``: naming shares of a group of 8 or 30 outlets of very unequal size (log-normal), each
  with its own habit, documents sticking to one name; bootstrap alone and widened to Jeffreys
  (what ``naming_shares`` reports), and the bootstrap-t without the outlet guard;
- ``small_n``: one outlet's share from 3-40 documents with one or a few mentions each; the
  documents bootstrap alone and widened to Jeffreys at the effective n.

The numbers quoted in ``framelens.compare.resample`` and ``framelens.compare.shares`` come from here.
Nothing is asserted: the test suite checks smaller, faster versions with fixed seeds.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from framelens.compare import resample
from framelens.compare.resample import _groups, bootstrap_ratio
from framelens.compare.shares import widen_to_jeffreys

TRUE_RATE = 4.0  # cues per 1,000 words


def rates_dataset(rng, k):
    sizes = rng.integers(3, 40, k)
    outlet = np.repeat(np.arange(k), sizes)
    words = rng.integers(200, 1200, len(outlet)).astype(float)
    lam = TRUE_RATE * rng.gamma(4.0, 0.25, k)[outlet] * rng.gamma(4.0, 0.25, len(outlet))
    return rng.poisson(lam * words / 1000).astype(float), words, outlet.astype(str)


def two_stage_percentile(num, den, outlets, n_boot, rng, level=0.95):
    """Outlets drawn with replacement, then documents with replacement inside each drawn outlet."""
    groups = _groups(outlets)
    w = np.zeros((n_boot, len(num)))
    drawn = rng.multinomial(len(groups), np.full(len(groups), 1 / len(groups)), size=n_boot)
    for j, g in enumerate(groups):
        w[:, g] = rng.multinomial(drawn[:, j] * len(g), np.full(len(g), 1 / len(g)))
    reps = (w @ num) / (w @ den)
    a = (1 - level) / 2
    return np.quantile(reps, [a, 1 - a])


def study_rates(datasets, n_boot, seed):
    print("rates of a group of k outlets (true rate 4 per 1,000 words)")
    print(f"{'k':>4} {'interval':<28} {'coverage':>8} {'mean width':>10}")
    for k in (5, 10, 30):
        rng = np.random.default_rng(seed)
        found = {}
        for _ in range(datasets):
            c, w, o = rates_dataset(rng, k)
            ivs = {
                "documents (studentized)": bootstrap_ratio(c[:, None], w, n_boot=n_boot, rng=rng),
                "outlets (studentized, guard)": bootstrap_ratio(c[:, None], w, n_boot=n_boot, rng=rng,
                                                                scheme="outlets", outlets=o),
                "outlets (percentile)": bootstrap_ratio(c[:, None], w, n_boot=n_boot, rng=rng, scheme="outlets",
                                                        outlets=o, interval="percentile"),
            }
            bounds = {name: (r["low"][0], r["high"][0]) for name, r in ivs.items()}
            bounds["outlets then documents (pct)"] = tuple(two_stage_percentile(c, w, o, n_boot, rng))
            for name, (lo, hi) in bounds.items():
                cov, width = found.get(name, (0, 0.0))
                found[name] = (cov + (lo <= TRUE_RATE / 1000 <= hi), width + 1000 * (hi - lo))
        for name, (cov, width) in found.items():
            print(f"{k:>4} {name:<28} {cov / datasets:>8.3f} {width / datasets:>10.2f}")


def shares_dataset(rng, k, mean_p=0.3, concentration=4.0, sigma=1.2):
    docs = np.maximum(2, np.round(np.exp(rng.normal(np.log(12), sigma, k)))).astype(int)
    p_outlet = rng.beta(mean_p * concentration, (1 - mean_p) * concentration, k)
    outlet = np.repeat(np.arange(k), docs)
    mentions = 1 + rng.poisson(1.5, len(outlet))
    p_doc = rng.beta(np.maximum(3 * p_outlet[outlet], 1e-3), np.maximum(3 * (1 - p_outlet[outlet]), 1e-3))
    return rng.binomial(mentions, p_doc).astype(float), mentions.astype(float), outlet.astype(str)


def study_shares(datasets, n_boot, seed, truth=0.3):
    print("\nnaming shares of a group of k outlets of very unequal size (true share 0.3)")
    print(f"{'k':>4} {'interval':<36} {'coverage':>8} {'median width':>12} {'width >= 0.9':>12}")
    for k in (8, 30):
        rng = np.random.default_rng(seed)
        found = {}
        for _ in range(datasets):
            x, m, o = shares_dataset(rng, k)
            share = x.sum() / m.sum()
            for interval in ("studentized", "percentile"):
                r = bootstrap_ratio(x[:, None], m, n_boot=n_boot, rng=rng, scheme="outlets", outlets=o,
                                    interval=interval, upper=1.0)
                lo, hi = widen_to_jeffreys(share, m.sum(), k, r["sd"], r["low"], r["high"])
                found.setdefault(f"outlets ({interval})", []).append((r["low"][0], r["high"][0]))
                found.setdefault(f"outlets ({interval}) + Jeffreys", []).append((lo[0], hi[0]))
            guard, resample.MAX_WIDTH_RATIO_OUTLETS = resample.MAX_WIDTH_RATIO_OUTLETS, np.inf
            try:
                r = bootstrap_ratio(x[:, None], m, n_boot=n_boot, rng=rng, scheme="outlets", outlets=o, upper=1.0)
            finally:
                resample.MAX_WIDTH_RATIO_OUTLETS = guard
            found.setdefault("outlets (studentized, no guard)", []).append((r["low"][0], r["high"][0]))
            r = bootstrap_ratio(x[:, None], m, n_boot=n_boot, rng=rng, upper=1.0)
            found.setdefault("documents (studentized)", []).append((r["low"][0], r["high"][0]))
        for name, ivs in found.items():
            lo, hi = np.array(ivs).T
            print(f"{k:>4} {name:<36} {np.mean((lo <= truth) & (truth <= hi)):>8.3f} {np.median(hi - lo):>12.3f} "
                  f"{np.mean(hi - lo >= 0.9):>12.3f}")


def study_small_n(datasets, n_boot, seed):
    truth = 0.8 * 0.9 + 0.2 * 0.1
    print(f"\none outlet's share from few documents (1 + Poisson(0.7) mentions each; true share {truth:.2f})")
    print(f"{'docs':>4} {'interval':<28} {'coverage':>8} {'zero-width':>10} {'mean width':>10}")
    for n_docs in (3, 4, 6, 10, 20, 40):
        rng = np.random.default_rng(seed)
        found = {"bootstrap alone": [], "widened to Jeffreys": []}
        for _ in range(datasets):
            k = 1 + rng.poisson(0.7, n_docs)
            x = rng.binomial(k, np.where(rng.random(n_docs) < 0.8, 0.9, 0.1)).astype(float)
            r = bootstrap_ratio(x[:, None], k.astype(float), n_boot=n_boot, rng=rng, upper=1.0)
            lo, hi = widen_to_jeffreys(x.sum() / k.sum(), k.sum(), n_docs, r["sd"], r["low"], r["high"])
            found["bootstrap alone"].append((r["low"][0], r["high"][0]))
            found["widened to Jeffreys"].append((lo[0], hi[0]))
        for name, ivs in found.items():
            lo, hi = np.array(ivs).T
            print(f"{n_docs:>4} {name:<28} {np.mean((lo <= truth) & (truth <= hi)):>8.3f} "
                  f"{int(np.sum(hi <= lo)):>10d} {np.mean(hi - lo):>10.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", type=int, default=1000, help="Simulated datasets per setting.")
    ap.add_argument("--n-boot", type=int, default=400, help="Bootstrap replicates per interval.")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", nargs="*", default=["rates", "shares", "small_n"])
    args = ap.parse_args()
    t0 = time.perf_counter()
    studies = {"rates": study_rates, "shares": study_shares, "small_n": study_small_n}
    for name in args.only:
        studies[name](args.datasets, args.n_boot, args.seed)
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
