#!/usr/bin/env bash
# Speed benchmark of etalage-value against the Python `lifetimes` package:
# fit BG/NBD + Gamma-Gamma and score N simulated customers with both, on the
# same summaries, and compare times and estimates.
#
#   scripts/bench-value.sh [N] [RUNS]      (defaults: 1000000 3)
#
# Needs cargo and python3 with venv/pip (PyPI reachable). Results go to
# BENCHMARKS.md (section "Value") by hand, with the machine and date.
set -euo pipefail

N="${1:-1000000}"
RUNS="${2:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/cache/target-value}"
WORK="$(mktemp -d /tmp/bench-value.XXXXXX)"
CSV="$WORK/summary.csv"
VENV="${BENCH_VALUE_VENV:-/tmp/bench-value-venv}"

cd "$ROOT"
cargo build --release --example bench_value -p etalage-value -j 2
"$CARGO_TARGET_DIR/release/examples/bench_value" --n "$N" --runs "$RUNS" --csv "$CSV" > "$WORK/rust.json"

# lifetimes 0.11.3 predates pandas 2.1 / numpy 2 / scipy 1.12 API changes; pin versions that work.
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "lifetimes==0.11.3" "numpy<2" "pandas<2.1" "scipy<1.12"
fi

"$VENV/bin/python" - "$CSV" "$RUNS" "$WORK/rust.json" <<'PY'
import json, sys, time, warnings
import numpy as np, pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

warnings.simplefilter("ignore")
csv, runs, rust_json = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rust = json.load(open(rust_json))
d = pd.read_csv(csv)
f, r, T, m = d["frequency"], d["recency"], d["T"], d["monetary_value"]
rep = d[(d.frequency > 0) & (d.monetary_value > 0)]
H = 52.0
# Same scoring as etalage-value: p_alive, expected purchases over 52 weeks,
# expected spend and a CLV discounted at 10 %/year with weekly steps.
disc_week = 1.10 ** (7 / 365.25)
times, fit_bg, fit_gg, scoring = [], [], [], []
for _ in range(runs):
    t0 = time.perf_counter()
    bgf = BetaGeoFitter(penalizer_coef=0.0).fit(f, r, T)
    t1 = time.perf_counter()
    ggf = GammaGammaFitter(penalizer_coef=0.0).fit(rep["frequency"], rep["monetary_value"])
    t2 = time.perf_counter()
    p_alive = bgf.conditional_probability_alive(f, r, T)
    e = bgf.conditional_expected_number_of_purchases_up_to_time(H, f, r, T)
    spend = ggf.conditional_expected_average_profit(f, m)
    clv = np.zeros(len(d))
    prev = np.zeros(len(d))
    for k in range(1, int(H) + 1):
        cur = np.asarray(bgf.conditional_expected_number_of_purchases_up_to_time(float(k), f, r, T))
        clv += (cur - prev) / disc_week ** k
        prev = cur
    clv = 0.30 * np.asarray(spend) * clv
    t3 = time.perf_counter()
    fit_bg.append(t1 - t0); fit_gg.append(t2 - t1); scoring.append(t3 - t2); times.append(t3 - t0)

med = lambda v: sorted(v)[len(v) // 2]
py = {
    "tool": "lifetimes 0.11.3", "n": len(d), "runs": runs,
    "median_s": {"fit_bgnbd": med(fit_bg), "fit_gamma_gamma": med(fit_gg), "score": med(scoring), "total": med(times)},
    "all_total_s": times,
    "bgnbd": {k: float(v) for k, v in bgf.params_.items()},
    "gamma_gamma": {k: float(v) for k, v in ggf.params_.items()},
    "sums": {"p_alive": float(np.sum(p_alive)), "expected_purchases": float(np.sum(e)), "clv": float(np.sum(clv))},
}
ours = [rust["bgnbd"][k] for k in ("r", "alpha", "a", "b")] + [rust["gamma_gamma"][k] for k in ("p", "q", "gamma")]
theirs = [py["bgnbd"][k] for k in ("r", "alpha", "a", "b")] + [py["gamma_gamma"][k] for k in ("p", "q", "v")]
rel = max(abs(a - b) / abs(b) for a, b in zip(ours, theirs))
sums_rel = max(abs(rust["sums"][k] - py["sums"][k]) / abs(py["sums"][k]) for k in py["sums"])
print(json.dumps({"rust": rust, "python": py}, indent=1))
print(f"n = {len(d)}, runs = {runs}")
print(f"etalage-value median total: {rust['median_s']['total']:.3f} s")
print(f"lifetimes     median total: {py['median_s']['total']:.3f} s")
print(f"speed-up: {py['median_s']['total'] / rust['median_s']['total']:.1f}x")
print(f"largest relative parameter difference: {rel:.2e}")
print(f"largest relative difference of summed predictions (p_alive, purchases, clv): {sums_rel:.2e}")
PY
