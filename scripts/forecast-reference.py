#!/usr/bin/env python3
"""Reference backtest for issue 7: the independent cross-check of `stockpilot forecast --backtest`.

Runs with /work/venv/bin/python. Packages and versions this was written and run with:
    Python 3.11.7, statsforecast 2.1.1, numpy 2.4.6, pandas 2.3.3
(`pip install statsforecast==2.1.1 pandas==2.3.3`; statsforecast pulls numpy, numba, coreforecast).

Usage:
    /work/venv/bin/python scripts/forecast-reference.py \
        --sample /work/data/sample/demand.csv --real docs/data/online-retail-weekly.csv \
        --out docs/data/reference-results.md

Protocol (weekly data, m = 52; for monthly data pass --m 12 --horizon 6):
- A series is one SKU x location (sample: channels summed; Monday-Sunday weeks ending on the Sunday
  2026-12-06) or one series_id of a `series_id,period,quantity` CSV. Leading zeros before the first
  non-zero period are dropped (a launch is not demand). Promotion and stockout flags are ignored: the
  quantities are used as recorded, as a new user would.
- 3 rolling origins: the last 3 x 13 periods are three consecutive test windows of 13; each is forecast
  13 steps ahead from all the periods before it. A series needs at least m + 1 training periods at the
  first origin (the seasonal-naive scale needs one season plus one period); shorter ones are skipped and
  counted.
- MASE of one origin = MAE over its 13 periods / in-sample MAE of the seasonal naive with season m on
  that origin's training part (mean |y_t - y_{t-m}|). A series' MASE is the mean over its origins; an
  origin whose scale is 0 is left out, and a series with no usable origin has no MASE (counted).
  Mean MASE = plain mean over series; volume-weighted MASE = sum(MASE_i * V_i) / sum(V_i), V_i = the
  series' total actual demand in its test windows. Bias = sum(forecast - actual) / sum(actual) over the
  series, origins and periods of a group (= mean(forecast - actual) / mean(actual)).
- Forecasts below 0 are set to 0 (demand cannot be negative; this is the only post-processing). A model
  that raises is replaced by the flat mean for that origin, and the count is printed.
- Patterns, decided on the FIRST origin's training part (no test period is seen): Syntetos-Boylan with
  ADI = periods / non-zero periods and CV^2 = (sd / mean)^2 of the non-zero sizes (sd with ddof = 0):
  smooth (ADI < 1.32, CV^2 < 0.49), erratic (ADI < 1.32, CV^2 >= 0.49), intermittent (ADI >= 1.32,
  CV^2 < 0.49), lumpy (both >= cut-offs); a series with no demand there is "no demand". "Seasonal" is an
  overlapping group: the sample autocorrelation at lag m of that training part,
  r_m = sum_{t>m} (y_t - ybar)(y_{t-m} - ybar) / sum_t (y_t - ybar)^2, is at least --acf-threshold
  (default 0.2). With one and a quarter seasons of training that estimator is shrunk by (n - m) / n, so the
  threshold is deliberately low; it is a label for reporting, not a model choice.

Models (statsforecast 2.1.1 `forecast(y=..., h=...)` per series):
- flat52: mean of the last m periods (52 weeks; all, if fewer) - the plan's current demand estimate.
- snaive: y_{T+h-m(k+1)}, k = floor((h-1)/m).
- AutoETS(season_length=m) (model "ZZZ", AICc choice; statsforecast allows seasonal forms when n > m).
- HoltWinters(season_length=m, error_type="A") (additive ETS(A,A,A); data with zeros rule out "M").
- CrostonSBA() (statsforecast: SES with alpha = 0.1 on sizes and intervals, times 0.95).
- TSB(alpha_d=0.1, alpha_p=0.1) (statsforecast has no default for these; 0.1 both, as stated in issue 7).
- best: per series, the model above with the lowest MASE, picked with hindsight (a bound, not a method).
"""
import argparse
import datetime as dt
import platform
import sys
import time
import warnings

import numpy as np
import pandas as pd
import statsforecast
from statsforecast.models import TSB, AutoETS, CrostonSBA, HoltWinters

MODELS = ["flat52", "snaive", "AutoETS", "HoltWinters", "CrostonSBA", "TSB"]
GROUPS = ["all", "smooth+erratic", "intermittent+lumpy", "seasonal", "smooth", "erratic", "intermittent", "lumpy"]


def load_sample(path: str, last_sunday: str = "2026-12-06") -> dict:
    daily = pd.read_csv(path, usecols=["date", "sku_id", "location_id", "quantity"], parse_dates=["date"])
    end = pd.Timestamp(last_sunday)
    # Week index counted back from the last Sunday: week 0 ends on `last_sunday`, weeks run Monday-Sunday.
    daily["weeks_back"] = (end - daily["date"]).dt.days // 7
    daily = daily[daily["date"] <= end]
    weekly = daily.groupby(["sku_id", "location_id", "weeks_back"])["quantity"].sum()
    n_weeks = int(daily["weeks_back"].max()) + 1
    series = {}
    for (sku, loc), grp in weekly.groupby(level=[0, 1]):
        y = np.zeros(n_weeks)
        back = grp.index.get_level_values(2).to_numpy()
        y[n_weeks - 1 - back] = grp.to_numpy()
        series[f"{sku}@{loc}"] = y
    return series


def load_long(path: str) -> dict:
    df = pd.read_csv(path, dtype={"series_id": str})
    df = df.sort_values(["series_id", "period"], kind="mergesort")
    return {sid: grp["quantity"].to_numpy(dtype=float) for sid, grp in df.groupby("series_id", sort=True)}


def seasonal_naive(y: np.ndarray, h: int, m: int) -> np.ndarray:
    last_season = y[-m:]
    return np.array([last_season[(i - 1) % m] for i in range(1, h + 1)])


def snaive_scale(y: np.ndarray, m: int) -> float:
    return float(np.mean(np.abs(y[m:] - y[:-m])))


def classify(y: np.ndarray, m: int, acf_threshold: float) -> tuple:
    nz = y[y > 0]
    if len(nz) == 0:
        return "no demand", False
    adi = len(y) / len(nz)
    cv2 = (nz.std() / nz.mean()) ** 2
    sb = ("smooth" if cv2 < 0.49 else "erratic") if adi < 1.32 else ("intermittent" if cv2 < 0.49 else "lumpy")
    dev = y - y.mean()
    denom = float(np.sum(dev**2))
    r_m = float(np.sum(dev[m:] * dev[:-m]) / denom) if denom > 0 and len(y) > m else 0.0
    return sb, r_m >= acf_threshold


def forecast_all(y: np.ndarray, h: int, m: int, failures: dict) -> dict:
    out = {
        "flat52": np.full(h, y[-m:].mean()),
        "snaive": seasonal_naive(y, h, m),
    }
    specs = {
        "AutoETS": lambda: AutoETS(season_length=m),
        "HoltWinters": lambda: HoltWinters(season_length=m, error_type="A"),
        "CrostonSBA": lambda: CrostonSBA(),
        "TSB": lambda: TSB(alpha_d=0.1, alpha_p=0.1),
    }
    for name, make in specs.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                f = np.asarray(make().forecast(y=y, h=h)["mean"], dtype=float)
            if f.shape != (h,) or not np.all(np.isfinite(f)):
                raise ValueError("non-finite forecast")
        except Exception:  # noqa: BLE001 - any failure falls back, and is counted
            failures[name] = failures.get(name, 0) + 1
            f = out["flat52"].copy()
        out[name] = f
    return {k: np.maximum(v, 0.0) for k, v in out.items()}


def backtest(series: dict, m: int, h: int, n_origins: int, acf_threshold: float) -> dict:
    rows = []
    failures: dict = {}
    skipped_short = 0
    t0 = time.process_time()
    for sid, y_full in series.items():
        nz = np.flatnonzero(y_full > 0)
        if len(nz) == 0:
            skipped_short += 1
            continue
        y = y_full[nz[0]:]
        first_train = len(y) - n_origins * h
        if first_train < m + 1:
            skipped_short += 1
            continue
        sb, seasonal = classify(y[:first_train], m, acf_threshold)
        mase = {k: [] for k in MODELS}
        err_sum = {k: 0.0 for k in MODELS}
        actual_sum = 0.0
        for o in range(n_origins):
            cut = first_train + o * h
            train, test = y[:cut], y[cut:cut + h]
            scale = snaive_scale(train, m)
            fc = forecast_all(train, h, m, failures)
            actual_sum += test.sum()
            for k in MODELS:
                err_sum[k] += float(np.sum(fc[k] - test))
                if scale > 0:
                    mase[k].append(float(np.mean(np.abs(fc[k] - test))) / scale)
        row = {"id": sid, "sb": sb, "seasonal": seasonal, "volume": actual_sum}
        for k in MODELS:
            row[f"mase_{k}"] = np.mean(mase[k]) if mase[k] else np.nan
            row[f"err_{k}"] = err_sum[k]
        if np.isfinite(row["mase_flat52"]):
            best = min(MODELS, key=lambda k: row[f"mase_{k}"])
            row["best_model"] = best
            row["mase_best"] = row[f"mase_{best}"]
            row["err_best"] = row[f"err_{best}"]
        else:
            row["best_model"], row["mase_best"], row["err_best"] = "", np.nan, row["err_flat52"]
        rows.append(row)
    cpu = time.process_time() - t0
    return {"table": pd.DataFrame(rows), "failures": failures, "skipped": skipped_short, "cpu": cpu}


def group_mask(df: pd.DataFrame, group: str) -> pd.Series:
    if group == "all":
        return pd.Series(True, index=df.index)
    if group == "seasonal":
        return df["seasonal"]
    return df["sb"].isin(group.split("+"))


def render(name: str, res: dict, m: int, h: int, n_origins: int) -> str:
    df = res["table"]
    cols = MODELS + ["best"]
    lines = [f"### {name}", ""]
    lines.append(
        f"{len(df)} series backtested ({res['skipped']} skipped: under m + 1 = {m + 1} training periods at the "
        f"first origin, or no demand); {n_origins} origins x {h} periods, m = {m}. "
        f"CPU {res['cpu']:.1f} s ({1000 * res['cpu'] / max(len(df), 1) / n_origins:.1f} ms per series-origin, "
        f"all models). Model failures replaced by flat52: {res['failures'] or 'none'}."
    )
    lines.append("")
    lines.append("| group | n | no MASE | " + " | ".join(cols) + " |")
    lines.append("|---|---:|---:|" + "---:|" * len(cols))
    for g in GROUPS:
        sub = df[group_mask(df, g)]
        if len(sub) == 0:
            continue
        ok = sub[np.isfinite(sub["mase_flat52"])]
        cells_mean, cells_vw, cells_bias = [], [], []
        for k in cols:
            cells_mean.append(f"{ok[f'mase_{k}'].mean():.2f}")
            vol = ok["volume"].sum()
            cells_vw.append(f"{(ok[f'mase_{k}'] * ok['volume']).sum() / vol:.2f}" if vol > 0 else "-")
            total = sub["volume"].sum()
            cells_bias.append(f"{100 * sub[f'err_{k}'].sum() / total:+.0f}%" if total > 0 else "-")
        n_no = len(sub) - len(ok)
        lines.append(f"| {g}: mean MASE | {len(sub)} | {n_no} | " + " | ".join(cells_mean) + " |")
        lines.append(f"| {g}: vol-weighted MASE | | | " + " | ".join(cells_vw) + " |")
        lines.append(f"| {g}: bias | | | " + " | ".join(cells_bias) + " |")
    wins = df["best_model"].value_counts()
    lines.append("")
    lines.append("Hindsight winners: " + ", ".join(f"{k} {wins.get(k, 0)}" for k in MODELS) + ".")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", help="Stockpilot daily demand.csv")
    ap.add_argument("--real", help="long CSV series_id,period,quantity")
    ap.add_argument("--m", type=int, default=52)
    ap.add_argument("--horizon", type=int, default=13)
    ap.add_argument("--origins", type=int, default=3)
    ap.add_argument("--acf-threshold", type=float, default=0.2)
    ap.add_argument("--limit", type=int, default=0, help="first N series only (for a quick try)")
    ap.add_argument("--out", help="write the markdown report here too")
    args = ap.parse_args()

    header = [
        "# Reference backtest (issue 7)",
        "",
        f"Run {dt.date.today().isoformat()} on {platform.node() or 'this machine'} ({platform.machine()}, "
        "2 vCPU, one process), Python "
        f"{platform.python_version()}, statsforecast {statsforecast.__version__}, numpy {np.__version__}, "
        f"pandas {pd.__version__}. Command: `{' '.join(['/work/venv/bin/python', 'scripts/forecast-reference.py'] + sys.argv[1:])}`.",
        "",
        "Columns are the models of scripts/forecast-reference.py (its docstring states the protocol); "
        "`best` is the per-series hindsight minimum of MASE over the six models. Bias = sum(forecast - actual) "
        "/ sum(actual). Groups: Syntetos-Boylan class on the first origin's training part; `seasonal` "
        f"(ACF at lag m >= {args.acf_threshold}) overlaps the others.",
        "",
    ]
    parts = []
    for name, path, loader in [("Stockpilot sample (" + str(args.sample) + ")", args.sample, load_sample),
                               ("Real data (" + str(args.real) + ")", args.real, load_long)]:
        if not path:
            continue
        series = loader(path)
        if args.limit:
            series = dict(list(series.items())[: args.limit])
        wall = time.time()
        res = backtest(series, args.m, args.horizon, args.origins, args.acf_threshold)
        text = render(name, res, args.m, args.horizon, args.origins)
        text += f"Wall time {time.time() - wall:.1f} s for {len(series)} series loaded.\n"
        print(text, flush=True)
        parts.append(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(header + parts))


if __name__ == "__main__":
    main()
