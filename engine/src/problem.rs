//! A problem found in someone's data: where it is and what is wrong, in words
//! a buyer can act on. Validation collects every problem before refusing, so a
//! file can be fixed in one pass.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file (or table) the problem is in, e.g. `skus.csv`.
    pub file: String,
    /// Spreadsheet row number: the header is row 1, the first data row is 2.
    pub row: Option<usize>,
    pub column: Option<String>,
    /// The offending value as it appeared in the file.
    pub value: Option<String>,
    pub reason: String,
}

impl Problem {
    /// A problem with a whole file (missing column, unreadable encoding…).
    pub fn in_file(file: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { file: file.into(), row: None, column: None, value: None, reason: reason.into() }
    }

    /// A problem with one cell.
    pub fn at(
        file: impl Into<String>,
        row: usize,
        column: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            row: Some(row),
            column: Some(column.into()),
            value: Some(value.into()),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(value) = &self.value {
            write!(f, ", value {value:?}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// How rows are named for people, in problems and reference lists. It lives
/// with `Problem`, below both the importer and the edit forms' integrity
/// checks, so neither has to reach into the other for a row's name.
pub(crate) mod describe {
    use chrono::{Datelike, NaiveDate};

    use crate::model::{
        Budget, ContractId, CurrencyRate, ForecastOverride, ForecastScope, Launch, LocationId, MinMaxOverride, PoId,
        PromotionId, RecurringId, SeriesKey, SkuId, StockCommitment, StockLot, SupplierId,
    };

    pub fn sku(id: &SkuId) -> String {
        format!("SKU {id}")
    }

    pub fn location(id: &LocationId) -> String {
        format!("location {id}")
    }

    pub fn supplier(id: &SupplierId) -> String {
        format!("supplier {id}")
    }

    pub fn contract(id: &ContractId) -> String {
        format!("contract {id}")
    }

    pub fn offer(supplier: &SupplierId, sku: &SkuId) -> String {
        format!("offer {supplier} / {sku}")
    }

    pub fn stock_lot(lot: &StockLot) -> String {
        if lot.lot.as_str().is_empty() {
            format!("stock of {} at {} (not lot-tracked)", lot.sku, lot.location)
        } else {
            format!("stock lot {} of {} at {}", lot.lot, lot.sku, lot.location)
        }
    }

    pub fn commitment(row: &StockCommitment) -> String {
        format!("commitments of {} at {}", row.sku, row.location)
    }

    pub fn min_max(row: &MinMaxOverride) -> String {
        match &row.location {
            Some(location) => format!("min/max of {} at {location}", row.sku),
            None => format!("min/max of {} at all locations", row.sku),
        }
    }

    pub fn forecast_pin(scope: &ForecastScope) -> String {
        match scope {
            ForecastScope::Sku(sku) => format!("forecast pin of SKU {sku}"),
            ForecastScope::Family(family) => format!("forecast pin of family {family:?}"),
        }
    }

    pub fn forecast_override(row: &ForecastOverride) -> String {
        format!("forecast override of {} at {} for the week of {}", row.sku, row.location, format_date(row.week_start))
    }

    pub fn promotion(id: &PromotionId) -> String {
        format!("promotion {id}")
    }

    pub fn launch(row: &Launch) -> String {
        match &row.location {
            Some(location) => format!("launch of {} at {location}", row.sku),
            None => format!("launch of {} at all locations", row.sku),
        }
    }

    pub fn budget(row: &Budget) -> String {
        format!("budget of family {:?} for {}", row.family, format_month(row.month))
    }

    pub fn currency_rate(row: &CurrencyRate) -> String {
        format!("rate of {} from {}", row.currency, format_date(row.as_of))
    }

    pub fn purchase_order(id: &PoId) -> String {
        format!("PO {id}")
    }

    pub fn po_line(id: &PoId, line_no: u32) -> String {
        format!("PO {id} line {line_no}")
    }

    pub fn receipt(id: &PoId, line_no: u32, receipt_no: u32) -> String {
        format!("PO {id} line {line_no} receipt {receipt_no}")
    }

    pub fn po_event(id: &PoId, seq: u32) -> String {
        format!("PO {id} log entry {seq}")
    }

    pub fn recurring_order(id: &RecurringId) -> String {
        format!("recurring order {id}")
    }

    pub fn recurring_line(id: &RecurringId, sku: &SkuId) -> String {
        format!("recurring order {id} line {sku}")
    }

    pub fn mapping_preset(name: &str) -> String {
        format!("mapping preset {name:?}")
    }

    pub fn demand_series(key: &SeriesKey) -> String {
        if key.channel.is_empty() {
            format!("demand of {} at {}", key.sku, key.location)
        } else {
            format!("demand of {} at {} (channel {})", key.sku, key.location, key.channel)
        }
    }

    // The importer's cell spellings (`io::cell`), written here again so this
    // module depends on the model only.
    fn format_month(month: NaiveDate) -> String {
        format!("{:04}-{:02}", month.year(), month.month())
    }

    fn format_date(date: NaiveDate) -> String {
        format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_problem_names_file_row_column_value_and_reason() {
        let problem = Problem::at("offers.csv", 7, "moq", "-5", "must not be negative");
        assert_eq!(problem.to_string(), r#"offers.csv, row 7, column moq, value "-5": must not be negative"#);
        assert_eq!(Problem::in_file("skus.csv", "missing column id").to_string(), "skus.csv: missing column id");
    }
}
