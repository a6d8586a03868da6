//! A timing helper for the CLI's `bench` command: a demand file of `n` rows
//! made in memory, imported once. The engine never reads the clock, so the
//! caller passes one in (`|| start.elapsed()`).

use std::fmt::Write as _;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::model::{Criticality, Location, LocationId, Sku, SkuId, SkuStatus, Workspace};

use super::import::{import_csv, ImportFile, ImportRefused};

/// What one timed import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenchImport {
    pub rows: usize,
    pub bytes: usize,
    pub series: usize,
    /// From bytes to validated workspace.
    pub elapsed: Duration,
}

const LOCATIONS: usize = 3;
const DAYS: usize = 730;

/// A workspace with enough SKUs at three locations for `n_rows` days of
/// demand over two years, and `demand.csv` with those rows, written date by
/// date (as ERP extracts usually are: consecutive rows belong to different
/// series, so the reader has to recognise each row's series anew).
pub fn bench_input(n_rows: usize) -> (Workspace, ImportFile) {
    let n_skus = n_rows.div_ceil(LOCATIONS * DAYS).max(1);
    let locations = (1..=LOCATIONS)
        .map(|idx| Location { id: LocationId::new(format!("WH{idx}")), name: format!("Warehouse {idx}") })
        .collect();
    let skus = (1..=n_skus)
        .map(|idx| Sku {
            id: SkuId::new(format!("SKU-{idx:05}")),
            name: format!("Item {idx}"),
            family: format!("Family {}", idx % 12),
            unit: "each".to_owned(),
            unit_cost: Decimal::new(450 + (idx as i64 % 1000), 2),
            criticality: Criticality::Normal,
            regulated: false,
            shelf_life_days: None,
            min_remaining_shelf_life_days: None,
            status: SkuStatus::Active,
            weight_kg: None,
            volume_l: None,
        })
        .collect();
    let workspace = Workspace { locations, skus, ..Workspace::default() };
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    let mut text = String::with_capacity(n_rows * 40 + 64);
    text.push_str("date,sku_id,location_id,channel,quantity,promo,stockout\n");
    // A fixed-seed linear congruential generator: varied quantities, same file every time.
    let mut state: u64 = 0x5eed;
    let mut rows = 0;
    'days: for day in 0..DAYS {
        let date = start + Days::new(day as u64);
        for sku in 1..=n_skus {
            for location in 1..=LOCATIONS {
                if rows == n_rows {
                    break 'days;
                }
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let draw = (state >> 33) as u32;
                let quantity = f64::from(draw % 40) / 2.0;
                let promo = draw.is_multiple_of(17);
                let stockout = draw.is_multiple_of(53);
                let _ = writeln!(text, "{date},SKU-{sku:05},WH{location},web,{quantity},{promo},{stockout}");
                rows += 1;
            }
        }
    }
    (workspace, ImportFile { name: "demand.csv".to_owned(), bytes: text.into_bytes(), replace: false })
}

/// Time one import of `n_rows` demand rows; `clock` gives the time elapsed
/// since any fixed point. The imported workspace comes back too, for
/// benchmarks of what follows an import (saving, backing up).
pub fn bench_import(
    n_rows: usize,
    clock: &mut dyn FnMut() -> Duration,
) -> Result<(BenchImport, Workspace), ImportRefused> {
    let (workspace, file) = bench_input(n_rows);
    let bytes = file.bytes.len();
    let files = [file];
    let before = clock();
    let (imported, summary) = import_csv(&workspace, &files, &mut |_| {})?;
    let elapsed = clock().saturating_sub(before);
    let rows = summary.tables.iter().map(|t| t.rows_read).sum();
    Ok((BenchImport { rows, bytes, series: imported.demand.series.len(), elapsed }, imported))
}
