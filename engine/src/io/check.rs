//! Whole-workspace validation: every row's own rules (from `rules`), unique
//! keys, and references between tables (offers → SKUs and suppliers, lots →
//! locations, supplier currencies → exchange rates…). One pass over the
//! workspace gives every issue; CSV import, JSON restore and the CLI's
//! `validate` all run it, and differ only in how they point at the problem
//! (a file row, or a table position).
//!
//! It works on unsorted tables with hash lookups, so it can run on a JSON
//! document as written, before anything is normalised.

use std::hash::Hash;

use super::hash::{HashMap, HashSet};

use crate::model::demand::{demand_date_problem, series_span_problem, MAX_SERIES_DAYS};
use crate::model::sorted::{Keyed, Sorted};
use crate::model::{AbcClass, DemandSeries, ForecastScope, Settings, Workspace, XyzClass};
use crate::problem::{describe, Problem};

use super::rows::{BorrowedKey, FlatEvent, FlatLine, FlatReceipt, FlatRecurringLine, TableRow};
use super::rules::{validate_requested, validate_settings, FieldProblem, MAX_QUANTITY};
use super::settings_table::{setting_value, SETTING_KEYS};
use super::table::{key_text, Table};

/// A problem found on the assembled workspace, before it is pointed at a file
/// row (import) or a table position (JSON, `validate`).
#[derive(Clone, Debug)]
pub(crate) struct Issue {
    pub table: Table,
    /// Position in the table for top-level rows; `None` for nested rows
    /// (PO lines, receipts) and for problems with a whole table.
    pub index: Option<usize>,
    /// The row's key (see `TableRow::key_text`); `None` for a whole table.
    pub key: Option<String>,
    /// "offer SUP-03 / SKU-0042".
    pub label: String,
    /// The CSV column (for settings: the setting's key).
    pub field: String,
    pub value: String,
    pub reason: String,
    /// For a reference to a row that does not exist: that row's table and id.
    pub missing: Option<(Table, String)>,
}

fn noun(table: Table) -> &'static str {
    match table {
        Table::Skus => "SKU",
        Table::Suppliers => "supplier",
        Table::Locations => "location",
        Table::Contracts => "contract",
        Table::PurchaseOrders => "purchase order",
        Table::PoLines => "PO line",
        Table::RecurringOrders => "recurring order",
        Table::CurrencyRates => "exchange rate",
        _ => "row",
    }
}

/// An issue about one row of `T`.
fn row_issue<T: TableRow>(row: &T, index: Option<usize>, field: &str, value: String, reason: String) -> Issue {
    Issue {
        table: T::TABLE,
        index,
        key: Some(T::key_text(&row.key())),
        label: row.label(),
        field: field.to_owned(),
        value,
        reason,
        missing: None,
    }
}

fn cell_of<T: TableRow>(row: &T, field: &str) -> String {
    T::TABLE.column_index(field).and_then(|idx| row.cells().into_iter().nth(idx)).unwrap_or_default()
}

/// Unique keys and each row's own rules.
fn check_rows<T: TableRow>(rows: &[T], out: &mut Vec<Issue>) {
    check_rows_by(rows, T::key, out);
}

/// `check_rows` for a big table, whose keys are compared without cloning
/// them. The table is in key order, so a repeated key is its neighbour's:
/// the same finding as `check_rows_by`'s map (the nearest earlier row with
/// the key) without hashing a million keys.
fn check_big_rows<T: BorrowedKey + Keyed>(rows: &Sorted<T>, out: &mut Vec<Issue>) {
    for (idx, row) in rows.iter().enumerate() {
        let repeated = idx > 0 && rows[idx - 1].key_ref() == row.key_ref();
        check_row(row, Some(idx), repeated.then(|| format!("is already at position {idx}")), row.rules(), out);
    }
}

/// Ids in ascending order (the keys of a `Sorted` table), looked up mostly
/// in ascending order too (offers are in supplier then SKU order, stock and
/// demand in SKU order): each lookup gallops on from where the last one
/// ended, over neighbouring ids, instead of probing a hash table's scattered
/// entries; an id smaller than the last starts again from the beginning.
struct AscendingIds<'w> {
    ids: Vec<&'w str>,
    /// Every id before `at` is smaller than the id looked up last.
    at: usize,
}

impl<'w> AscendingIds<'w> {
    fn of(ids: impl Iterator<Item = &'w str>) -> Self {
        AscendingIds { ids: ids.collect(), at: 0 }
    }

    fn contains(&mut self, id: &str) -> bool {
        let ids = &self.ids;
        let mut low = if self.at > 0 && ids[self.at - 1] >= id { 0 } else { self.at };
        let mut step = 1;
        while low + step <= ids.len() && ids[low + step - 1] < id {
            low += step;
            step *= 2;
        }
        let high = (low + step).min(ids.len());
        low += ids[low..high].partition_point(|&probe| probe < id);
        self.at = low;
        ids.get(low) == Some(&id)
    }
}

/// Unique keys (as `key` gives them) and each row's own rules.
fn check_rows_by<'r, T: TableRow, K: Hash + Eq>(rows: &'r [T], key: impl Fn(&'r T) -> K, out: &mut Vec<Issue>) {
    let mut first_at: HashMap<K, usize> = HashMap::with_capacity_and_hasher(rows.len(), Default::default());
    for (idx, row) in rows.iter().enumerate() {
        let first = first_at.insert(key(row), idx);
        check_row(row, Some(idx), first.map(|first| format!("is already at position {}", first + 1)), row.rules(), out);
    }
}

/// A row's issues: its key if it repeats an earlier one (`repeated`: where
/// that one is), then its own rules' `problems`.
fn check_row<T: TableRow>(
    row: &T,
    index: Option<usize>,
    repeated: Option<String>,
    problems: Vec<FieldProblem>,
    out: &mut Vec<Issue>,
) {
    if let Some(place) = repeated {
        let field = T::TABLE.key_columns()[0];
        let reason = format!("duplicate key: the same key {place}");
        out.push(row_issue(row, index, field, cell_of(row, field), reason));
    }
    for problem in problems {
        let value = cell_of(row, &problem.field);
        out.push(row_issue(row, index, &problem.field, value, problem.reason));
    }
}

/// A reference from `row`'s `field` to the `target` row `id`, which must exist.
fn reference<T: TableRow>(
    row: &T,
    index: Option<usize>,
    field: &str,
    id: &str,
    target: Table,
    exists: bool,
    out: &mut Vec<Issue>,
) {
    if exists {
        return;
    }
    let mut issue = row_issue(
        row,
        index,
        field,
        id.to_owned(),
        format!("unknown {}: there is no {} {id}", noun(target), noun(target)),
    );
    issue.missing = Some((target, id.to_owned()));
    out.push(issue);
}

/// PO lines and receipts flattened out of their orders, for checking row by row.
pub(crate) fn flatten_orders(workspace: &Workspace) -> (Vec<FlatLine>, Vec<FlatReceipt>) {
    let mut lines = Vec::new();
    let mut receipts = Vec::new();
    for order in &workspace.purchase_orders {
        for line in &order.lines {
            lines.push(FlatLine {
                po: order.id.clone(),
                line: crate::model::PoLine { receipts: Vec::new(), ..line.clone() },
            });
            for receipt in &line.receipts {
                receipts.push(FlatReceipt { po: order.id.clone(), line_no: line.line_no, receipt: receipt.clone() });
            }
        }
    }
    (lines, receipts)
}

/// PO log entries flattened out of their orders.
pub(crate) fn flatten_log(workspace: &Workspace) -> Vec<FlatEvent> {
    let orders = workspace.purchase_orders.iter();
    orders
        .flat_map(|order| order.log.iter().map(|event| FlatEvent { po: order.id.clone(), event: event.clone() }))
        .collect()
}

/// Recurring order lines flattened out of their orders.
pub(crate) fn flatten_recurring_lines(workspace: &Workspace) -> Vec<FlatRecurringLine> {
    let orders = workspace.recurring_orders.iter();
    orders
        .flat_map(|order| {
            order.lines.iter().map(|line| FlatRecurringLine { recurring: order.id.clone(), line: line.clone() })
        })
        .collect()
}

fn check_demand(workspace: &Workspace, locations: &HashSet<&str>, out: &mut Vec<Issue>) {
    let mut skus = AscendingIds::of(workspace.skus.iter().map(|s| s.id.as_str()));
    let mut first_at: HashMap<&crate::model::SeriesKey, usize> = HashMap::default();
    for (idx, series) in workspace.demand.series.iter().enumerate() {
        let key = &series.key;
        let issue = |field: &str, value: String, reason: String, missing: Option<(Table, String)>| Issue {
            table: Table::Demand,
            index: Some(idx),
            key: Some(key_text(&[key.sku.as_str(), key.location.as_str(), &key.channel])),
            label: describe::demand_series(key),
            field: field.to_owned(),
            value,
            reason,
            missing,
        };
        if let Some(first) = first_at.insert(key, idx) {
            out.push(issue(
                "sku_id",
                key.sku.to_string(),
                format!("duplicate series: the same SKU, location and channel are already at position {}", first + 1),
                None,
            ));
        }
        if !skus.contains(key.sku.as_str()) {
            let id = key.sku.to_string();
            out.push(issue(
                "sku_id",
                id.clone(),
                format!("unknown SKU: there is no SKU {id}"),
                Some((Table::Skus, id)),
            ));
        }
        if !locations.contains(key.location.as_str()) {
            let id = key.location.to_string();
            out.push(issue(
                "location_id",
                id.clone(),
                format!("unknown location: there is no location {id}"),
                Some((Table::Locations, id)),
            ));
        }
        if key.channel.trim() != key.channel || key.channel.chars().any(char::is_control) {
            out.push(issue(
                "channel",
                key.channel.clone(),
                "must not start or end with spaces or contain control characters".to_owned(),
                None,
            ));
        }
        if let Some((day, quantity)) = first_bad_day(series) {
            let bad_days = series.quantity.iter().filter(|q| !demand_quantity_ok(**q)).count();
            out.push(issue(
                "quantity",
                quantity.to_string(),
                format!(
                    "{bad_days} day(s) have a negative, non-finite or too large quantity (at most 1000000000, 10^9), \
                     the first on {day}"
                ),
                None,
            ));
        }
        if let Some((date, reason)) = date_range_problem(series) {
            out.push(issue("date", date, reason, None));
        }
        let len = series.quantity.len();
        let flag_beyond = |flags: &crate::model::DayFlags| (len..flags.0.len() * 64).any(|day| flags.get(day));
        if flag_beyond(&series.promo) || flag_beyond(&series.stockout) {
            out.push(issue(
                "date",
                String::new(),
                "a promo or stockout flag lies beyond the series' last day".to_owned(),
                None,
            ));
        }
        if series.requested.cells().len() > len {
            out.push(issue(
                "date",
                String::new(),
                "a requested quantity lies beyond the series' last day".to_owned(),
                None,
            ));
        }
        if let Some((day, requested, reason)) = first_bad_requested(series) {
            out.push(issue("requested", requested.to_string(), format!("{reason} (on {day})"), None));
        }
    }
}

/// The first recorded requested quantity `rules::validate_requested`
/// refuses: its day, value and reason.
fn first_bad_requested(series: &DemandSeries) -> Option<(chrono::NaiveDate, f32, String)> {
    let cells = series.requested.cells();
    if all_quantities_ok(cells) {
        return None;
    }
    cells.iter().enumerate().find_map(|(idx, &cell)| {
        let problem = validate_requested((!cell.is_nan()).then_some(cell)).into_iter().next()?;
        let day = series.start.checked_add_days(chrono::Days::new(idx as u64)).unwrap_or(series.start);
        Some((day, cell, problem.reason))
    })
}

/// A day's demand: finite, not negative, at most `MAX_QUANTITY`.
fn demand_quantity_ok(quantity: f32) -> bool {
    quantity.is_finite() && quantity >= 0.0 && f64::from(quantity) <= MAX_QUANTITY
}

/// The first and last days must be demand dates and at most
/// `MAX_SERIES_DAYS` apart (a JSON document holds series as written, so the
/// end is computed without trusting the length).
fn date_range_problem(series: &DemandSeries) -> Option<(String, String)> {
    if series.is_empty() {
        return None;
    }
    if let Some(reason) = demand_date_problem(series.start) {
        return Some((series.start.to_string(), reason));
    }
    let last = series.start.checked_add_days(chrono::Days::new(series.len() as u64 - 1));
    if series.len() > MAX_SERIES_DAYS {
        let reason = match last {
            Some(last) => series_span_problem(series.start, last).unwrap_or_default(),
            None => format!("one series may span at most {MAX_SERIES_DAYS} days; this one has {} days", series.len()),
        };
        return Some((last.map(|last| last.to_string()).unwrap_or_default(), reason));
    }
    let last = last?;
    demand_date_problem(last).map(|reason| (last.to_string(), reason))
}

/// `MAX_QUANTITY` as `f32`: 10^9 = 2^9 × 1,953,125 is exact in `f32`.
const MAX_QUANTITY_F32: f32 = MAX_QUANTITY as f32;

/// Whether every quantity passes `demand_quantity_ok`, in branch-free blocks
/// the compiler can vectorise (a 100,000-SKU history holds 70 million days).
/// `0 <= q <= 10^9` is false for NaN and both infinities, so it is the
/// same test.
fn all_quantities_ok(quantities: &[f32]) -> bool {
    quantities.chunks(64).all(|block| block.iter().fold(true, |ok, q| ok & (0.0..=MAX_QUANTITY_F32).contains(q)))
}

fn first_bad_day(series: &DemandSeries) -> Option<(chrono::NaiveDate, f32)> {
    if all_quantities_ok(&series.quantity) {
        return None;
    }
    let idx = series.quantity.iter().position(|q| !demand_quantity_ok(*q))?;
    let day = series.start.checked_add_days(chrono::Days::new(idx as u64)).unwrap_or(series.start);
    Some((day, series.quantity[idx]))
}

/// The ids rows may refer to.
struct Known<'w> {
    skus: HashSet<&'w str>,
    locations: HashSet<&'w str>,
    suppliers: HashSet<&'w str>,
}

impl<'w> Known<'w> {
    fn of(workspace: &'w Workspace) -> Self {
        Known {
            skus: workspace.skus.iter().map(|s| s.id.as_str()).collect(),
            locations: workspace.locations.iter().map(|l| l.id.as_str()).collect(),
            suppliers: workspace.suppliers.iter().map(|s| s.id.as_str()).collect(),
        }
    }
}

/// A reference from `row`'s `sku_id` or `family` to a SKU or to a family
/// (one that at least one SKU has).
fn scope_reference<T: TableRow>(
    row: &T,
    index: Option<usize>,
    scope: &ForecastScope,
    known: &Known,
    families: &HashSet<&str>,
    out: &mut Vec<Issue>,
) {
    match scope {
        // An empty scope is the row's own problem ("one of sku_id or family is required").
        ForecastScope::Sku(sku) if sku.as_str().is_empty() => {}
        ForecastScope::Sku(sku) => {
            let sku = sku.as_str();
            reference(row, index, "sku_id", sku, Table::Skus, known.skus.contains(sku), out);
        }
        ForecastScope::Family(family) if !families.contains(family.as_str()) => out.push(row_issue(
            row,
            index,
            "family",
            family.clone(),
            format!("unknown family: no SKU has the family {family:?} (spell it exactly as in skus.csv)"),
        )),
        ForecastScope::Family(_) => {}
    }
}

/// Pins, overrides, promotions and launches refer to SKUs or families and
/// to locations; a launch's like item is another SKU, and a launch that
/// uses its family's profile needs a SKU with a family.
fn check_forecast_inputs(workspace: &Workspace, known: &Known, out: &mut Vec<Issue>) {
    let (skus, locations) = (&known.skus, &known.locations);
    let families: HashSet<&str> =
        workspace.skus.iter().map(|s| s.family.as_str()).filter(|f| !f.trim().is_empty()).collect();
    // The family of the last SKU with the id (the table is in id order).
    let family_of = |sku: &str| {
        let after = workspace.skus.partition_point(|s| s.id.as_str() <= sku);
        after.checked_sub(1).map(|at| &workspace.skus[at]).filter(|s| s.id.as_str() == sku).map(|s| s.family.as_str())
    };
    check_rows(&workspace.forecast_pins, out);
    for (idx, pin) in workspace.forecast_pins.iter().enumerate() {
        scope_reference(pin, Some(idx), &pin.scope, known, &families, out);
    }
    check_rows(&workspace.forecast_overrides, out);
    for (idx, row) in workspace.forecast_overrides.iter().enumerate() {
        let (sku, location) = (row.sku.as_str(), row.location.as_str());
        reference(row, Some(idx), "sku_id", sku, Table::Skus, skus.contains(sku), out);
        reference(row, Some(idx), "location_id", location, Table::Locations, locations.contains(location), out);
    }
    check_rows(&workspace.promotions, out);
    for (idx, promotion) in workspace.promotions.iter().enumerate() {
        scope_reference(promotion, Some(idx), &promotion.scope, known, &families, out);
        if let Some(location) = &promotion.location {
            let location = location.as_str();
            reference(
                promotion,
                Some(idx),
                "location_id",
                location,
                Table::Locations,
                locations.contains(location),
                out,
            );
        }
    }
    check_rows(&workspace.launches, out);
    for (idx, launch) in workspace.launches.iter().enumerate() {
        let sku = launch.sku.as_str();
        reference(launch, Some(idx), "sku_id", sku, Table::Skus, skus.contains(sku), out);
        if let Some(location) = &launch.location {
            let location = location.as_str();
            reference(launch, Some(idx), "location_id", location, Table::Locations, locations.contains(location), out);
        }
        if let Some(like) = &launch.like_sku {
            let like = like.as_str();
            reference(launch, Some(idx), "like_sku_id", like, Table::Skus, skus.contains(like), out);
        }
        if launch.use_family_profile && family_of(sku).is_some_and(|f| f.trim().is_empty()) {
            out.push(row_issue(
                launch,
                Some(idx),
                "use_family_profile",
                "true".to_owned(),
                format!("SKU {sku} has no family, so there is no family profile to use; set its family in skus.csv"),
            ));
        }
    }
}

/// Every issue of a workspace, table by table in dependency order.
pub(crate) fn check(workspace: &Workspace) -> Vec<Issue> {
    let mut out = Vec::new();
    check_settings(&workspace.settings, &mut out);
    check_rows(&workspace.currency_rates, &mut out);
    check_big_rows(&workspace.locations, &mut out);
    check_big_rows(&workspace.skus, &mut out);
    check_big_rows(&workspace.suppliers, &mut out);
    let known = Known::of(workspace);
    check_supplier_currencies(workspace, &mut out);
    check_contracts(workspace, &known, &mut out);
    check_offers(workspace, &known, &mut out);
    check_stock(workspace, &known, &mut out);
    check_rows(&workspace.budgets, &mut out);
    check_forecast_inputs(workspace, &known, &mut out);
    check_purchase_orders(workspace, &known, &mut out);
    check_recurring_orders(workspace, &known, &mut out);
    // A preset refers to no row: its name (unique ignoring case) and its
    // spec on its own are all there is to check.
    check_rows(&workspace.mapping_presets, &mut out);
    check_demand(workspace, &known.locations, &mut out);
    out
}

/// The settings' own rules, a policy matrix row for every ABC × XYZ class,
/// and the approval thresholds.
fn check_settings(settings: &Settings, out: &mut Vec<Issue>) {
    for problem in validate_settings(settings) {
        out.push(Issue {
            table: Table::Settings,
            index: SETTING_KEYS.iter().position(|k| *k == problem.field),
            key: Some(key_text(&[&problem.field])),
            label: format!("setting {}", problem.field),
            value: setting_value(settings, &problem.field).unwrap_or_default(),
            field: problem.field,
            reason: problem.reason,
            missing: None,
        });
    }
    check_rows(&settings.policy_matrix.cells, out);
    for abc in AbcClass::ALL {
        for xyz in XyzClass::ALL {
            if settings.policy_matrix.cell(*abc, *xyz).is_none() {
                out.push(Issue {
                    table: Table::PolicyMatrix,
                    index: None,
                    key: None,
                    label: "the policy matrix".to_owned(),
                    field: "abc".to_owned(),
                    value: format!("{abc}{xyz}"),
                    reason: format!("the policy matrix needs a row for every ABC × XYZ class; {abc}{xyz} is missing"),
                    missing: None,
                });
            }
        }
    }
    check_rows(&settings.approval_thresholds, out);
}

/// A supplier in a foreign currency needs an exchange rate to the base currency.
fn check_supplier_currencies(workspace: &Workspace, out: &mut Vec<Issue>) {
    let base_currency = &workspace.settings.base_currency;
    let rated: HashSet<&str> = workspace.currency_rates.iter().map(|r| r.currency.as_str()).collect();
    for (idx, supplier) in workspace.suppliers.iter().enumerate() {
        let currency = supplier.currency.as_str();
        if currency != base_currency.as_str() && !rated.contains(currency) {
            let mut issue = row_issue(
                supplier,
                Some(idx),
                "currency",
                currency.to_owned(),
                format!(
                    "no exchange rate from {currency} to the base currency {base_currency} is known; add one to currency_rates.csv"
                ),
            );
            issue.missing = Some((Table::CurrencyRates, currency.to_owned()));
            out.push(issue);
        }
    }
}

fn check_contracts(workspace: &Workspace, known: &Known, out: &mut Vec<Issue>) {
    check_rows(&workspace.contracts, out);
    for (idx, contract) in workspace.contracts.iter().enumerate() {
        let id = contract.supplier.as_str();
        reference(contract, Some(idx), "supplier_id", id, Table::Suppliers, known.suppliers.contains(id), out);
    }
}

/// Offers refer to a supplier, a SKU and optionally a contract, which must
/// be with the same supplier.
fn check_offers(workspace: &Workspace, known: &Known, out: &mut Vec<Issue>) {
    let contract_supplier: HashMap<&str, &str> =
        workspace.contracts.iter().map(|c| (c.id.as_str(), c.supplier.as_str())).collect();
    check_big_rows(&workspace.offers, out);
    let mut skus = AscendingIds::of(workspace.skus.iter().map(|s| s.id.as_str()));
    for (idx, offer) in workspace.offers.iter().enumerate() {
        let index = Some(idx);
        let supplier = offer.supplier.as_str();
        reference(offer, index, "supplier_id", supplier, Table::Suppliers, known.suppliers.contains(supplier), out);
        let sku = offer.sku.as_str();
        reference(offer, index, "sku_id", sku, Table::Skus, skus.contains(sku), out);
        if let Some(contract) = &offer.contract {
            let id = contract.as_str();
            match contract_supplier.get(id) {
                None => reference(offer, index, "contract_id", id, Table::Contracts, false, out),
                Some(&holder) if holder != supplier => out.push(row_issue(
                    offer,
                    index,
                    "contract_id",
                    id.to_owned(),
                    format!("contract {id} is with supplier {holder}, not with {supplier}"),
                )),
                Some(_) => {}
            }
        }
    }
}

/// Stock lots, commitments and min/max overrides refer to a SKU and a location.
fn check_stock(workspace: &Workspace, known: &Known, out: &mut Vec<Issue>) {
    let locations = &known.locations;
    let mut skus = AscendingIds::of(workspace.skus.iter().map(|s| s.id.as_str()));
    check_big_rows(&workspace.stock_lots, out);
    for (idx, lot) in workspace.stock_lots.iter().enumerate() {
        let (sku, location) = (lot.sku.as_str(), lot.location.as_str());
        reference(lot, Some(idx), "sku_id", sku, Table::Skus, skus.contains(sku), out);
        reference(lot, Some(idx), "location_id", location, Table::Locations, locations.contains(location), out);
    }
    check_big_rows(&workspace.commitments, out);
    for (idx, row) in workspace.commitments.iter().enumerate() {
        let (sku, location) = (row.sku.as_str(), row.location.as_str());
        reference(row, Some(idx), "sku_id", sku, Table::Skus, skus.contains(sku), out);
        reference(row, Some(idx), "location_id", location, Table::Locations, locations.contains(location), out);
    }
    check_rows(&workspace.min_max_overrides, out);
    for (idx, row) in workspace.min_max_overrides.iter().enumerate() {
        let sku = row.sku.as_str();
        reference(row, Some(idx), "sku_id", sku, Table::Skus, skus.contains(sku), out);
        if let Some(location) = &row.location {
            let location = location.as_str();
            reference(row, Some(idx), "location_id", location, Table::Locations, locations.contains(location), out);
        }
    }
}

/// Purchase orders refer to a supplier and a location, their lines to a
/// SKU; lines and receipts have keys unique within their order and line.
fn check_purchase_orders(workspace: &Workspace, known: &Known, out: &mut Vec<Issue>) {
    let (suppliers, locations) = (&known.suppliers, &known.locations);
    check_big_rows(&workspace.purchase_orders, out);
    for (idx, order) in workspace.purchase_orders.iter().enumerate() {
        let (supplier, location) = (order.supplier.as_str(), order.location.as_str());
        reference(order, Some(idx), "supplier_id", supplier, Table::Suppliers, suppliers.contains(supplier), out);
        reference(order, Some(idx), "location_id", location, Table::Locations, locations.contains(location), out);
    }
    check_lines_and_receipts(workspace, known, out);
    check_log(workspace, out);
}

/// Each order's log entries: a sequence number once per order, and each
/// entry's own rules.
fn check_log(workspace: &Workspace, out: &mut Vec<Issue>) {
    for order in &workspace.purchase_orders {
        let mut seen: HashSet<u32> = HashSet::default();
        for event in &order.log {
            let repeated = !seen.insert(event.seq);
            let problems = super::rules::validate_po_event(event);
            if repeated || !problems.is_empty() {
                let flat = FlatEvent { po: order.id.clone(), event: event.clone() };
                check_row(&flat, None, repeated.then(|| "appears twice".to_owned()), problems, out);
            }
        }
    }
}

/// Recurring orders refer to a supplier and a location, their lines to a
/// SKU, each SKU once per order.
fn check_recurring_orders(workspace: &Workspace, known: &Known, out: &mut Vec<Issue>) {
    let (suppliers, locations) = (&known.suppliers, &known.locations);
    check_rows(&workspace.recurring_orders, out);
    for (idx, order) in workspace.recurring_orders.iter().enumerate() {
        let (supplier, location) = (order.supplier.as_str(), order.location.as_str());
        reference(order, Some(idx), "supplier_id", supplier, Table::Suppliers, suppliers.contains(supplier), out);
        reference(order, Some(idx), "location_id", location, Table::Locations, locations.contains(location), out);
        let mut seen: HashSet<&str> = HashSet::default();
        for line in &order.lines {
            let flat = || FlatRecurringLine { recurring: order.id.clone(), line: line.clone() };
            let repeated = !seen.insert(line.sku.as_str());
            let problems = super::rules::validate_recurring_line(line);
            if repeated || !problems.is_empty() {
                check_row(&flat(), None, repeated.then(|| "appears twice".to_owned()), problems, out);
            }
            let sku = line.sku.as_str();
            if !known.skus.contains(sku) {
                reference(&flat(), None, "sku_id", sku, Table::Skus, false, out);
            }
        }
    }
}

/// PO lines and receipts, checked as `flatten_orders` would give them (a
/// line without its receipts, a receipt with its order and line number),
/// but in place: a flat copy of a row is made only for a row with an issue.
fn check_lines_and_receipts(workspace: &Workspace, known: &Known, out: &mut Vec<Issue>) {
    let flat_line = |po: &crate::model::PoId, line: &crate::model::PoLine| FlatLine {
        po: po.clone(),
        line: crate::model::PoLine { receipts: Vec::new(), ..line.clone() },
    };
    let lines = || workspace.purchase_orders.iter().flat_map(|order| order.lines.iter().map(move |line| (order, line)));
    // Orders are in id order, so orders that share an id are neighbours: the
    // numbers seen are kept for one run of an id at a time, as small sets of
    // numbers rather than one big set keyed by id text.
    let orders = &workspace.purchase_orders;
    let new_id = |idx: usize| idx == 0 || orders[idx - 1].id != orders[idx].id;
    let mut seen: HashSet<u32> = HashSet::default();
    for (idx, order) in orders.iter().enumerate() {
        if new_id(idx) {
            seen.clear();
        }
        for line in &order.lines {
            let repeated = !seen.insert(line.line_no);
            let problems = super::rules::validate_po_line(line);
            if repeated || !problems.is_empty() {
                let repeated = repeated.then(|| "appears twice".to_owned());
                check_row(&flat_line(&order.id, line), None, repeated, problems, out);
            }
        }
    }
    for (order, line) in lines() {
        let sku = line.sku.as_str();
        if !known.skus.contains(sku) {
            reference(&flat_line(&order.id, line), None, "sku_id", sku, Table::Skus, false, out);
        }
    }
    let mut seen: HashSet<(u32, u32)> = HashSet::default();
    for (idx, order) in orders.iter().enumerate() {
        if new_id(idx) {
            seen.clear();
        }
        for (line, receipt) in order.lines.iter().flat_map(|line| line.receipts.iter().map(move |r| (line, r))) {
            let repeated = !seen.insert((line.line_no, receipt.receipt_no));
            let problems = super::rules::validate_receipt(receipt);
            if repeated || !problems.is_empty() {
                let flat = FlatReceipt { po: order.id.clone(), line_no: line.line_no, receipt: receipt.clone() };
                check_row(&flat, None, repeated.then(|| "appears twice".to_owned()), problems, out);
            }
        }
    }
}

/// Every problem of a workspace, for the CLI's `validate` and JSON restore:
/// there are no file rows, so a problem names the table (`offers`), the
/// 1-based position of the row in it where there is one, and the row itself
/// in words.
pub fn validate(workspace: &Workspace) -> Vec<Problem> {
    check(workspace)
        .into_iter()
        .map(|issue| Problem {
            file: issue.table.name().to_owned(),
            row: issue.index.map(|idx| idx + 1),
            column: Some(issue.field),
            value: Some(issue.value),
            reason: format!("{}: {}", issue.label, issue.reason),
        })
        .collect()
}

#[cfg(test)]
mod quantity_tests {
    use super::{all_quantities_ok, demand_quantity_ok};

    #[test]
    fn the_block_check_agrees_with_the_day_check_on_every_edge() {
        let next_above_limit = f32::from_bits(1e9f32.to_bits() + 1);
        for q in [
            0.0,
            -0.0,
            1.0,
            1e9,
            next_above_limit,
            -1e-45,
            1e-45,
            f32::MIN_POSITIVE,
            f32::MAX,
            -1.0,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ] {
            assert_eq!(all_quantities_ok(&[q]), demand_quantity_ok(q), "{q:e}");
            // Also deep inside a long series, past the first block.
            let mut days = vec![1.0f32; 200];
            days[137] = q;
            assert_eq!(all_quantities_ok(&days), demand_quantity_ok(q), "{q:e} on day 137");
        }
        assert!(demand_quantity_ok(1e9) && !demand_quantity_ok(next_above_limit) && demand_quantity_ok(-0.0));
    }
}

#[cfg(test)]
mod ascending_ids_tests {
    use proptest::prelude::*;

    use super::AscendingIds;

    proptest! {
        /// The same answers as a plain search of the list, for lookups in
        /// any order, ascending runs included, and with repeated ids.
        #[test]
        fn ascending_ids_find_exactly_the_ids_in_the_list(
            mut ids in prop::collection::vec("[a-c]{0,3}", 0..30),
            mut queries in prop::collection::vec("[a-d]{0,3}", 0..60),
        ) {
            ids.sort();
            let mut ascending = AscendingIds::of(ids.iter().map(String::as_str));
            for query in &queries {
                prop_assert_eq!(ascending.contains(query), ids.contains(query), "{}", query);
            }
            queries.sort();
            for query in &queries {
                prop_assert_eq!(ascending.contains(query), ids.contains(query), "{}", query);
            }
        }
    }
}
