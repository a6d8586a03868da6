//! Plans and classifications as CSV (one row per suggestion or class, key
//! figures, for a spreadsheet and for placing the orders) and JSON (everything, with the explanation
//! steps, for tools and audits).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::classify::{Classification, LocationClass};
use super::explain::{explain, explain_unplannable, Step};
use super::inventory::ExpiringLot;
use super::lead_time::SupplierPerformance;
use super::line::{urgency_order, Plan, PlanLine, Unplannable};
use crate::model::{Currency, SkuId, Workspace};

/// A number for CSV: at most four decimals, no trailing zeros.
fn csv_number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// An amount for CSV, always with cents (zero is `0.00`, not `0`).
fn csv_money(amount: rust_decimal::Decimal) -> String {
    format!("{:.2}", crate::model::money::round_cents(amount))
}

fn csv_option(value: Option<f64>) -> String {
    value.map_or_else(String::new, csv_number)
}

fn write_rows(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; the `csv` crate only reports I/O errors.
    writer.write_record(header).expect("writing CSV to memory");
    for row in rows {
        writer.write_record(&row).expect("writing CSV to memory");
    }
    String::from_utf8(writer.into_inner().expect("flushing CSV to memory")).expect("CSV of UTF-8 fields is UTF-8")
}

/// The plan export's columns: first what a buyer needs to place the order
/// (the item, the supplier's article number, the quantity in SKU units and in
/// the supplier's purchase units, the price), then the figures behind it.
/// Every money column is followed by a `<column>_currency` column naming its
/// currency: the supplier's for `unit_price` and `line_value`, the
/// workspace's base currency for the landed and annual figures.
const PLAN_HEADER: &[&str] = &[
    "sku",
    "sku_name",
    "unit",
    "location",
    "supplier",
    "supplier_sku",
    "quantity",
    "purchase_unit",
    "units_per_purchase_unit",
    "purchase_units",
    "pack_size",
    "moq",
    "unit_price",
    "unit_price_currency",
    "line_value",
    "line_value_currency",
    "goods_value",
    "goods_value_currency",
    "landed_unit_cost",
    "landed_unit_cost_currency",
    "landed_value",
    "landed_value_currency",
    "urgency_days",
    "days_of_cover",
    "decision",
    "abc",
    "xyz",
    "pattern",
    "policy",
    "service",
    "service_level",
    "demand_source",
    "demand_per_day",
    "demand_sd_per_day",
    "lead_time_days",
    "lead_time_sd_days",
    "lead_time_source",
    "safety_stock",
    "reorder_point",
    "order_up_to",
    "inventory_position",
    "price_break_min_qty",
    "total_annual_cost",
    "total_annual_cost_currency",
    "flags",
];

/// CSV text written field by field into one buffer, quoted exactly as the
/// `csv` crate's writer quotes (its default `QuoteStyle::Necessary`): a field
/// holding a comma, a double quote, CR or LF is put in double quotes with its
/// quotes doubled. At 100,000 SKUs the plan has tens of thousands of rows of
/// 32 fields; one `String` per field and a `Vec` per row cost more than the
/// writing itself. The purchase order's CSV (`purchasing::po_csv`) is
/// written with it too, so the app's Wasm holds no csv writer (which links
/// the general float parser).
pub(crate) struct CsvText {
    text: String,
    /// Reused for fields that are formatted before they are written.
    scratch: String,
    at_line_start: bool,
}

impl CsvText {
    pub(crate) fn new(capacity: usize) -> Self {
        CsvText { text: String::with_capacity(capacity), scratch: String::new(), at_line_start: true }
    }

    pub(crate) fn field(&mut self, value: &str) {
        if !self.at_line_start {
            self.text.push(',');
        }
        self.at_line_start = false;
        if value.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            self.text.push('"');
            self.text.push_str(&value.replace('"', "\"\""));
            self.text.push('"');
        } else {
            self.text.push_str(value);
        }
    }

    /// A text field with the formula-injection apostrophe
    /// (`io::escape_text`), as the table exports write text.
    pub(crate) fn text(&mut self, value: &str) {
        let escaped = crate::io::escape_text(value);
        self.field(&escaped);
    }

    /// A text field formatted by `Display`, guarded like [`CsvText::text`].
    pub(crate) fn display_text(&mut self, value: impl std::fmt::Display) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = write!(scratch, "{value}");
        self.text(&scratch);
        self.scratch = scratch;
    }

    /// A field formatted by `Display`, without a `String` of its own.
    pub(crate) fn display(&mut self, value: impl std::fmt::Display) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = write!(scratch, "{value}");
        self.field(&scratch);
        self.scratch = scratch;
    }

    /// `csv_number`, written in place.
    pub(crate) fn number(&mut self, value: f64) {
        if !value.is_finite() {
            self.field("");
            return;
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = write!(scratch, "{value:.4}");
        let text = scratch.trim_end_matches('0').trim_end_matches('.');
        self.field(if text == "-0" { "0" } else { text });
        self.scratch = scratch;
    }

    pub(crate) fn option(&mut self, value: Option<f64>) {
        match value {
            Some(value) => self.number(value),
            None => self.field(""),
        }
    }

    /// `csv_money`, written in place.
    pub(crate) fn money(&mut self, amount: rust_decimal::Decimal) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let _ = write!(scratch, "{:.2}", crate::model::money::round_cents(amount));
        self.field(&scratch);
        self.scratch = scratch;
    }

    pub(crate) fn end_line(&mut self) {
        // The csv writer writes a lone empty field as `""`, so that the line
        // is not read back as blank.
        if self.text.ends_with('\n') || self.text.is_empty() {
            self.text.push_str("\"\"");
        }
        self.text.push('\n');
        self.at_line_start = true;
    }

    /// An empty line, read back as blank (a separator between two blocks of
    /// records), after an ended line.
    pub(crate) fn blank_line(&mut self) {
        self.text.push('\n');
    }

    pub(crate) fn into_text(self) -> String {
        self.text
    }
}

fn write_plan_row(out: &mut CsvText, line: &PlanLine, workspace: &Workspace, base: &Currency) {
    let figures = line.chosen_figures();
    let steps = figures.map(|f| &f.quantity);
    let order = line.order.as_ref();
    let lead_time = figures.map(|f| &f.lead_time);
    let supplier = &line.chosen_offer().supplier;
    let sku = workspace.sku(&line.sku);
    let offer = workspace.offer(supplier, &line.sku);
    out.display_text(&line.sku);
    out.text(sku.map_or("", |s| s.name.as_str()));
    out.text(sku.map_or("", |s| s.unit.as_str()));
    out.display_text(&line.location);
    out.display_text(supplier);
    out.text(offer.map_or("", |o| o.supplier_sku.as_str()));
    out.option(order.map(|o| o.quantity));
    out.text(offer.map_or("", |o| o.purchase_unit.as_str()));
    out.option(steps.map(|q| q.units_per_purchase_unit));
    out.option(order.zip(steps).map(|(o, q)| o.quantity / q.units_per_purchase_unit));
    out.option(steps.map(|q| q.pack_size));
    out.option(steps.map(|q| q.moq));
    match order {
        Some(o) => {
            // The supplier's currency: what the supplier's order form asks.
            out.display(o.unit_price);
            out.display(&o.currency);
            out.money(o.supplier_goods_value);
            out.display(&o.currency);
            // The base currency.
            out.money(o.goods_value);
            out.display(base);
            out.display(o.landed_unit_cost);
            out.display(base);
            out.money(o.landed_value);
            out.display(base);
        }
        None => {
            for _ in 0..10 {
                out.field("");
            }
        }
    }
    out.option(line.urgency_days);
    out.option(line.days_of_cover);
    out.field(line.decision.as_str());
    out.display(line.service.abc);
    out.display(line.service.xyz);
    out.display(line.pattern);
    out.display(line.service.policy);
    out.display(line.service.definition);
    out.number(line.service.level);
    out.field(line.demand.as_ref().map_or("", |d| d.source.as_str()));
    out.option(line.demand.as_ref().map(|d| d.mean_per_day));
    out.option(line.demand.as_ref().map(|d| d.sd_per_day));
    out.option(lead_time.map(|l| l.mean_days));
    out.option(lead_time.map(|l| l.sd_days));
    out.field(lead_time.map_or("", |l| l.source.as_str()));
    out.number(line.safety_stock);
    out.number(line.reorder_point);
    out.option(line.order_up_to);
    out.number(line.inventory.position);
    out.option(order.map(|o| o.price_break_min_qty));
    match figures {
        Some(f) => {
            out.money(f.cost.total);
            out.display(base);
        }
        None => {
            out.field("");
            out.field("");
        }
    }
    let mut flags = std::mem::take(&mut out.scratch);
    flags.clear();
    for (idx, flag) in line.flags.iter().enumerate() {
        if idx > 0 {
            flags.push(';');
        }
        flags.push_str(flag.code());
    }
    out.field(&flags);
    out.scratch = flags;
    out.end_line();
}

/// One row per suggested order, for placing it and for analysis (the columns
/// are listed in `docs/formats.md`, "The plan's suggested orders"); lines
/// needing no order are left out (they are in the JSON).
///
/// Rows are in the plan page's default order ([`urgency_order`]): most urgent
/// first, lines without an urgency last, the plan's SKU-then-location order
/// among equals. `workspace` supplies what the plan does not hold: the SKU's
/// name and unit, and the chosen offer's article number and purchase unit
/// (empty when the SKU or the offer is no longer there).
pub fn plan_to_csv(plan: &Plan, workspace: &Workspace) -> String {
    let mut out = CsvText::new(plan.lines.len() * 64 + 512);
    for name in PLAN_HEADER {
        out.field(name);
    }
    out.end_line();
    for line in suggestions_by_urgency(plan) {
        write_plan_row(&mut out, line, workspace, &plan.base_currency);
    }
    out.text
}

/// The plan's suggestions in the plan page's default order.
fn suggestions_by_urgency(plan: &Plan) -> Vec<&PlanLine> {
    let mut lines: Vec<&PlanLine> = plan.suggestions().collect();
    crate::sorting::sort_by(&mut lines, |a, b| urgency_order(a.urgency_days, b.urgency_days));
    lines
}

#[derive(Serialize)]
struct LineJson<'a> {
    line: &'a PlanLine,
    explanation: Vec<Step>,
}

#[derive(Serialize)]
struct UnplannableJson<'a> {
    item: &'a Unplannable,
    reason: String,
    explanation: Vec<Step>,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    today: chrono::NaiveDate,
    base_currency: &'a Currency,
    suggestions: usize,
    lines: Vec<LineJson<'a>>,
    unplannable: Vec<UnplannableJson<'a>>,
    expiring: &'a [ExpiringLot],
    supplier_performance: &'a [SupplierPerformance],
}

/// The whole plan, every line with its explanation steps, as pretty JSON.
pub fn plan_to_json(plan: &Plan) -> String {
    let document = PlanJson {
        today: plan.today,
        base_currency: &plan.base_currency,
        suggestions: plan.suggestions().count(),
        lines: plan.lines.iter().map(|line| LineJson { line, explanation: explain(line) }).collect(),
        unplannable: plan
            .unplannable
            .iter()
            .map(|item| UnplannableJson {
                item,
                reason: item.reason.to_string(),
                explanation: explain_unplannable(item),
            })
            .collect(),
        expiring: &plan.expiring,
        supplier_performance: &plan.supplier_performance,
    };
    // Plain data with string map keys only: serialising it cannot fail.
    serde_json::to_string_pretty(&document).expect("a plan serialises to JSON")
}

const CLASSIFICATION_HEADER: &[&str] = &[
    "sku",
    "rank",
    "annual_units",
    "annual_spend",
    "share",
    "cumulative_share",
    "abc",
    "location",
    "weeks_used",
    "mean_per_week",
    "sd_per_week",
    "cv",
    "zero_share",
    "adi",
    "cv2",
    "pattern",
    "xyz",
];

/// One row per SKU × location with the SKU's ABC figures repeated; a SKU
/// with no location gets one row with the location columns empty.
pub fn classification_to_csv(classification: &Classification) -> String {
    let mut by_sku: HashMap<&SkuId, Vec<&LocationClass>> = HashMap::new();
    for location in &classification.locations {
        by_sku.entry(&location.sku).or_default().push(location);
    }
    let mut rows = Vec::new();
    for sku in &classification.skus {
        let abc = vec![
            sku.sku.to_string(),
            sku.rank.to_string(),
            csv_number(sku.annual_units),
            csv_money(sku.annual_spend),
            csv_number(sku.share),
            csv_number(sku.cumulative_share),
            sku.abc.to_string(),
        ];
        match by_sku.get(&sku.sku) {
            None => {
                let mut row = abc;
                row.extend(std::iter::repeat_n(String::new(), CLASSIFICATION_HEADER.len() - 7));
                rows.push(row);
            }
            Some(locations) => {
                for location in locations {
                    let stats = &location.stats;
                    let mut row = abc.clone();
                    row.extend([
                        location.location.to_string(),
                        stats.weeks_used.to_string(),
                        csv_number(stats.mean_per_week),
                        csv_number(stats.sd_per_week),
                        csv_option(stats.cv),
                        csv_option(stats.zero_share),
                        csv_option(stats.adi),
                        csv_option(stats.cv2),
                        stats.pattern.to_string(),
                        stats.xyz.to_string(),
                    ]);
                    rows.push(row);
                }
            }
        }
    }
    write_rows(CLASSIFICATION_HEADER, rows.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plan_to_csv` as it was written before the one-buffer writer: a `Vec`
    /// of `String`s per row through the `csv` crate's writer. The fast path
    /// must give the same bytes.
    fn plan_to_csv_through_the_csv_crate(plan: &Plan, workspace: &Workspace) -> String {
        let text = |value: &str| crate::io::escape_text(value).into_owned();
        let row = |line: &PlanLine| -> Vec<String> {
            let base = plan.base_currency.to_string();
            let figures = line.chosen_figures();
            let steps = figures.map(|f| &f.quantity);
            let order = line.order.as_ref();
            let lead_time = figures.map(|f| &f.lead_time);
            let supplier = &line.chosen_offer().supplier;
            let sku = workspace.sku(&line.sku);
            let offer = workspace.offer(supplier, &line.sku);
            let in_order =
                |f: &dyn Fn(&super::super::SuggestedOrder) -> String| order.map_or_else(String::new, |o| f(o));
            vec![
                text(line.sku.as_str()),
                text(sku.map_or("", |s| s.name.as_str())),
                text(sku.map_or("", |s| s.unit.as_str())),
                text(line.location.as_str()),
                text(supplier.as_str()),
                text(offer.map_or("", |o| o.supplier_sku.as_str())),
                csv_option(order.map(|o| o.quantity)),
                text(offer.map_or("", |o| o.purchase_unit.as_str())),
                csv_option(steps.map(|q| q.units_per_purchase_unit)),
                csv_option(order.zip(steps).map(|(o, q)| o.quantity / q.units_per_purchase_unit)),
                csv_option(steps.map(|q| q.pack_size)),
                csv_option(steps.map(|q| q.moq)),
                in_order(&|o| o.unit_price.to_string()),
                in_order(&|o| o.currency.to_string()),
                in_order(&|o| csv_money(o.supplier_goods_value)),
                in_order(&|o| o.currency.to_string()),
                in_order(&|o| csv_money(o.goods_value)),
                in_order(&|_| base.clone()),
                in_order(&|o| o.landed_unit_cost.to_string()),
                in_order(&|_| base.clone()),
                in_order(&|o| csv_money(o.landed_value)),
                in_order(&|_| base.clone()),
                csv_option(line.urgency_days),
                csv_option(line.days_of_cover),
                line.decision.as_str().to_owned(),
                line.service.abc.to_string(),
                line.service.xyz.to_string(),
                line.pattern.to_string(),
                line.service.policy.to_string(),
                line.service.definition.to_string(),
                csv_number(line.service.level),
                line.demand.as_ref().map_or_else(String::new, |d| d.source.as_str().to_owned()),
                csv_option(line.demand.as_ref().map(|d| d.mean_per_day)),
                csv_option(line.demand.as_ref().map(|d| d.sd_per_day)),
                csv_option(lead_time.map(|l| l.mean_days)),
                csv_option(lead_time.map(|l| l.sd_days)),
                lead_time.map_or_else(String::new, |l| l.source.as_str().to_owned()),
                csv_number(line.safety_stock),
                csv_number(line.reorder_point),
                csv_option(line.order_up_to),
                csv_number(line.inventory.position),
                csv_option(order.map(|o| o.price_break_min_qty)),
                figures.map_or_else(String::new, |f| csv_money(f.cost.total)),
                figures.map_or_else(String::new, |_| base.clone()),
                line.flags.iter().map(|flag| flag.code()).collect::<Vec<_>>().join(";"),
            ]
        };
        write_rows(PLAN_HEADER, suggestions_by_urgency(plan).into_iter().map(row))
    }

    #[test]
    fn the_plan_csv_is_byte_for_byte_what_the_csv_crate_writes_even_for_ids_that_need_quotes() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let workspace = crate::sample::demo(today);
        let mut plan = super::super::plan(&workspace, today, &mut |_, _| {});
        let suggested: Vec<usize> = plan
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| plan.suggestions().any(|s| std::ptr::eq(s, *l)))
            .map(|(i, _)| i)
            .collect();
        assert!(suggested.len() > 5, "the sample must suggest orders");
        // Ids as a user may write them: with the delimiter, quotes, line
        // breaks, non-ASCII, a leading '#', nothing but a quote, or what a
        // spreadsheet would run as a formula.
        let ids = ["A,B", "say \"hi\"", "two\nlines", "cr\rhere", "Grüße ✓", "#1", "\"", "=SUM(A1)"];
        assert!(suggested.len() > ids.len(), "the sample must suggest orders");
        for (at, id) in ids.iter().enumerate() {
            plan.lines[suggested[at]].sku = crate::model::SkuId::from(*id);
        }
        let fast = plan_to_csv(&plan, &workspace);
        assert_eq!(fast, plan_to_csv_through_the_csv_crate(&plan, &workspace));
        assert!(fast.contains("\"A,B\"") && fast.contains("\"say \"\"hi\"\"\""), "{fast}");
        assert!(fast.contains("\n'=SUM(A1),"), "a formula-like id is guarded: {fast}");
    }

    #[test]
    fn csv_numbers_are_short_and_plain() {
        assert_eq!(csv_number(12.0), "12");
        assert_eq!(csv_number(0.123_456), "0.1235");
        assert_eq!(csv_number(-0.000_01), "0");
        assert_eq!(csv_number(f64::NAN), "");
        assert_eq!(csv_money(rust_decimal::Decimal::ZERO), "0.00");
        assert_eq!(csv_money(rust_decimal::Decimal::new(12_345, 3)), "12.35");
    }
}
