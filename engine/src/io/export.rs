//! CSV export: every table in its fixed column order, comma-delimited, LF
//! line ends, UTF-8 without BOM, rows in key order (the order the model keeps).
//! Text cells get the formula-injection apostrophe (see `cell::escape_text`);
//! numbers are written in their shortest round-trip spelling.
//!
//! The `*_cells` functions give a row's cells as plain (unescaped) text. They
//! are also how `check` shows the offending value of a row that came from
//! JSON rather than from a file.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::model::{
    ApprovalThreshold, Budget, Contract, CurrencyRate, DemandSeries, ForecastOverride, ForecastPin, ForecastScope,
    Launch, Location, MinMaxOverride, Offer, PoEvent, PoId, PoLine, PolicyCell, Promotion, PurchaseOrder, Receipt,
    RecurringId, RecurringLine, RecurringOrder, Sku, StockCommitment, StockLot, Supplier, Uplift, Workspace,
};

use super::cell::{escape_text, format_bool, format_date, format_date_time, format_f32, format_f64, format_month};
use super::mapping::{preset_cells, MappingPreset};
use super::settings_table::{setting_value, SETTING_KEYS, TEXT_SETTING_KEYS};
use super::table::Table;

fn opt_date(date: Option<NaiveDate>) -> String {
    date.map(format_date).unwrap_or_default()
}

fn opt_decimal(amount: Option<Decimal>) -> String {
    amount.map(|a| a.to_string()).unwrap_or_default()
}

fn opt_f64(value: Option<f64>) -> String {
    value.map(format_f64).unwrap_or_default()
}

fn opt_u32(value: Option<u32>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub(crate) fn policy_cell_cells(cell: &PolicyCell) -> Vec<String> {
    vec![
        cell.abc.to_string(),
        cell.xyz.to_string(),
        format_f64(cell.service_level),
        cell.service.to_string(),
        cell.policy.to_string(),
        cell.review_period_days.to_string(),
    ]
}

pub(crate) fn approval_threshold_cells(threshold: &ApprovalThreshold) -> Vec<String> {
    vec![threshold.min_value.to_string(), threshold.approver.clone()]
}

pub(crate) fn currency_rate_cells(rate: &CurrencyRate) -> Vec<String> {
    vec![rate.currency.to_string(), format_date(rate.as_of), rate.rate.to_string()]
}

pub(crate) fn location_cells(location: &Location) -> Vec<String> {
    vec![location.id.to_string(), location.name.clone()]
}

pub(crate) fn sku_cells(sku: &Sku) -> Vec<String> {
    vec![
        sku.id.to_string(),
        sku.name.clone(),
        sku.family.clone(),
        sku.unit.clone(),
        sku.unit_cost.to_string(),
        sku.criticality.to_string(),
        format_bool(sku.regulated).to_owned(),
        opt_u32(sku.shelf_life_days),
        opt_u32(sku.min_remaining_shelf_life_days),
        sku.status.to_string(),
        opt_f64(sku.weight_kg),
        opt_f64(sku.volume_l),
    ]
}

pub(crate) fn supplier_cells(supplier: &Supplier) -> Vec<String> {
    let terms = &supplier.payment_terms;
    let landed = &supplier.landed;
    vec![
        supplier.id.to_string(),
        supplier.name.clone(),
        supplier.approval.to_string(),
        supplier.currency.to_string(),
        supplier.risk.to_string(),
        terms.net_days.to_string(),
        opt_decimal(terms.early_discount_pct),
        opt_u32(terms.early_discount_days),
        landed.freight_per_order.to_string(),
        landed.freight_per_unit.to_string(),
        landed.insurance_pct.to_string(),
        landed.duty_pct.to_string(),
        landed.duty_basis.to_string(),
        landed.tax_pct.to_string(),
        format_bool(landed.tax_recoverable).to_owned(),
        landed.handling_per_unit.to_string(),
        opt_decimal(supplier.min_order_value),
        opt_decimal(supplier.free_freight_threshold),
        opt_f64(supplier.lead_time_sd_days),
        landed.charge_basis.to_string(),
    ]
}

pub(crate) fn contract_cells(contract: &Contract) -> Vec<String> {
    vec![
        contract.id.to_string(),
        contract.supplier.to_string(),
        format_date(contract.start),
        format_date(contract.end),
        format_bool(contract.auto_renew).to_owned(),
        opt_date(contract.price_review),
        contract.termination_notice_days.to_string(),
        opt_f64(contract.sla.fill_rate_pct),
        opt_f64(contract.sla.on_time_pct),
        opt_f64(contract.sla.quality_pct),
    ]
}

/// Price breaks as one cell: `min_qty:unit_price` joined by `|`.
pub(crate) fn price_breaks_cell(offer: &Offer) -> String {
    let mut cell = String::new();
    for (idx, price_break) in offer.price_breaks.iter().enumerate() {
        if idx > 0 {
            cell.push('|');
        }
        let _ = write!(cell, "{}:{}", format_f64(price_break.min_qty), price_break.unit_price);
    }
    cell
}

pub(crate) fn offer_cells(offer: &Offer) -> Vec<String> {
    let overrides = &offer.landed_override;
    vec![
        offer.supplier.to_string(),
        offer.sku.to_string(),
        offer.supplier_sku.clone(),
        price_breaks_cell(offer),
        format_f64(offer.moq),
        format_f64(offer.pack_size),
        offer.purchase_unit.clone(),
        format_f64(offer.units_per_purchase_unit),
        offer.lead_time_days.to_string(),
        opt_decimal(overrides.freight_per_unit),
        opt_decimal(overrides.duty_pct),
        opt_decimal(overrides.handling_per_unit),
        offer.contract.as_ref().map(|c| c.to_string()).unwrap_or_default(),
        opt_date(offer.valid_from),
        opt_date(offer.valid_to),
    ]
}

pub(crate) fn stock_lot_cells(lot: &StockLot) -> Vec<String> {
    vec![
        lot.sku.to_string(),
        lot.location.to_string(),
        lot.lot.to_string(),
        format_f64(lot.quantity),
        opt_date(lot.received),
        opt_date(lot.expiry),
        format_bool(lot.quarantine).to_owned(),
    ]
}

pub(crate) fn commitment_cells(commitment: &StockCommitment) -> Vec<String> {
    vec![
        commitment.sku.to_string(),
        commitment.location.to_string(),
        format_f64(commitment.backorders),
        format_f64(commitment.allocated),
    ]
}

pub(crate) fn min_max_cells(row: &MinMaxOverride) -> Vec<String> {
    vec![
        row.sku.to_string(),
        row.location.as_ref().map(|l| l.to_string()).unwrap_or_default(),
        format_f64(row.min),
        format_f64(row.max),
    ]
}

/// A scope as its two cells, `sku_id` and `family`: exactly one is filled.
fn scope_cells(scope: &ForecastScope) -> [String; 2] {
    match scope {
        ForecastScope::Sku(sku) => [sku.to_string(), String::new()],
        ForecastScope::Family(family) => [String::new(), family.clone()],
    }
}

pub(crate) fn forecast_pin_cells(pin: &ForecastPin) -> Vec<String> {
    let [sku, family] = scope_cells(&pin.scope);
    vec![sku, family, pin.model.to_string(), opt_u32(pin.season_weeks)]
}

pub(crate) fn forecast_override_cells(row: &ForecastOverride) -> Vec<String> {
    vec![
        row.sku.to_string(),
        row.location.to_string(),
        format_date(row.week_start),
        format_f64(row.quantity),
        row.note.clone(),
    ]
}

/// `learned`, or the factor.
pub(crate) fn uplift_cell(uplift: Uplift) -> String {
    match uplift {
        Uplift::Factor(factor) => format_f64(factor),
        Uplift::Learned => "learned".to_owned(),
    }
}

pub(crate) fn promotion_cells(promotion: &Promotion) -> Vec<String> {
    let [sku, family] = scope_cells(&promotion.scope);
    vec![
        promotion.id.to_string(),
        sku,
        family,
        promotion.location.as_ref().map(|l| l.to_string()).unwrap_or_default(),
        format_date(promotion.start),
        format_date(promotion.end),
        uplift_cell(promotion.uplift),
        promotion.note.clone(),
    ]
}

pub(crate) fn launch_cells(launch: &Launch) -> Vec<String> {
    vec![
        launch.sku.to_string(),
        launch.location.as_ref().map(|l| l.to_string()).unwrap_or_default(),
        launch.like_sku.as_ref().map(|s| s.to_string()).unwrap_or_default(),
        opt_f64(launch.like_share),
        opt_f64(launch.weekly_rate),
        format_bool(launch.use_family_profile).to_owned(),
        format_date(launch.start),
    ]
}

pub(crate) fn budget_cells(budget: &Budget) -> Vec<String> {
    vec![budget.family.clone(), format_month(budget.month), budget.amount.to_string()]
}

pub(crate) fn purchase_order_cells(order: &PurchaseOrder) -> Vec<String> {
    vec![
        order.id.to_string(),
        order.supplier.to_string(),
        order.location.to_string(),
        order.status.to_string(),
        format_date(order.created),
        opt_date(order.approved),
        opt_date(order.sent),
        opt_date(order.promised),
        opt_date(order.received),
        order.note.clone(),
    ]
}

pub(crate) fn po_line_cells(po: &PoId, line: &PoLine) -> Vec<String> {
    vec![
        po.to_string(),
        line.line_no.to_string(),
        line.sku.to_string(),
        format_f64(line.quantity),
        line.unit_price.to_string(),
        opt_decimal(line.expected_landed_unit),
    ]
}

pub(crate) fn po_event_cells(po: &PoId, event: &PoEvent) -> Vec<String> {
    vec![
        po.to_string(),
        event.seq.to_string(),
        format_date_time(event.at),
        event.role.clone(),
        event.kind.to_string(),
        event.comment.clone(),
    ]
}

pub(crate) fn recurring_order_cells(order: &RecurringOrder) -> Vec<String> {
    vec![
        order.id.to_string(),
        order.supplier.to_string(),
        order.location.to_string(),
        order.every_weeks.to_string(),
        format_date(order.start),
        opt_date(order.last_generated),
        format_bool(order.active).to_owned(),
    ]
}

/// A preset's name and its spec as compact JSON (`mapping::preset_cells`).
pub(crate) fn mapping_preset_cells(preset: &MappingPreset) -> Vec<String> {
    preset_cells(preset).into()
}

pub(crate) fn recurring_line_cells(id: &RecurringId, line: &RecurringLine) -> Vec<String> {
    vec![id.to_string(), line.sku.to_string(), line.rule.to_string(), format_f64(line.quantity)]
}

pub(crate) fn receipt_cells(po: &PoId, line_no: u32, receipt: &Receipt) -> Vec<String> {
    vec![
        po.to_string(),
        line_no.to_string(),
        receipt.receipt_no.to_string(),
        format_date(receipt.date),
        format_f64(receipt.quantity_received),
        format_f64(receipt.quantity_rejected),
        receipt.lot.as_ref().map(|l| l.to_string()).unwrap_or_default(),
        opt_date(receipt.expiry),
        receipt.freight.to_string(),
        receipt.duty.to_string(),
        receipt.other_charges.to_string(),
    ]
}

/// Write a header and rows, escaping the table's text columns.
fn write_rows(table: Table, rows: impl Iterator<Item = Vec<String>>) -> String {
    let columns = table.columns();
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to a Vec cannot fail; the csv writer's errors are I/O errors.
    let _ = writer.write_record(columns.iter().map(|c| c.name));
    for row in rows {
        debug_assert_eq!(row.len(), columns.len(), "{table:?}: one cell per column");
        let cells =
            row.iter().zip(columns).map(|(cell, column)| if column.text { escape_text(cell) } else { cell.into() });
        let _ = writer.write_record(cells.map(|cell| cell.into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// One cell as the csv writer would quote it, for the demand fast path, which
/// writes the same SKU/location/channel cells on every row of a series.
fn quoted_text_cell(text: &str) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // A lone empty field would be written as `""`; write it with a partner
    // and keep only the first field.
    let _ = writer.write_record([escape_text(text).as_ref(), "x"]);
    let bytes = writer.into_inner().unwrap_or_default();
    let line = String::from_utf8(bytes).unwrap_or_default();
    line.strip_suffix(",x\n").unwrap_or(&line).to_owned()
}

fn push_date(out: &mut String, date: NaiveDate) {
    let _ = write!(out, "{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
}

fn write_demand(out: &mut String, series: &[DemandSeries]) {
    out.push_str("date,sku_id,location_id,channel,quantity,promo,stockout,requested\n");
    for one in series {
        let keys = format!(
            "{},{},{}",
            quoted_text_cell(one.key.sku.as_str()),
            quoted_text_cell(one.key.location.as_str()),
            quoted_text_cell(&one.key.channel)
        );
        for day in one.days() {
            push_date(out, day.date);
            out.push(',');
            out.push_str(&keys);
            out.push(',');
            out.push_str(&format_f32(day.quantity));
            out.push(',');
            out.push_str(format_bool(day.promo));
            out.push(',');
            out.push_str(format_bool(day.stockout));
            out.push(',');
            if let Some(requested) = day.requested {
                out.push_str(&format_f32(requested));
            }
            out.push('\n');
        }
    }
}

/// One table as CSV text.
pub fn export_table(workspace: &Workspace, table: Table) -> String {
    match table {
        Table::Settings => write_rows(
            table,
            SETTING_KEYS.iter().map(|key| {
                let value = setting_value(&workspace.settings, key).unwrap_or_default();
                let value = if TEXT_SETTING_KEYS.contains(key) { escape_text(&value).into_owned() } else { value };
                vec![(*key).to_owned(), value]
            }),
        ),
        Table::PolicyMatrix => write_rows(table, workspace.settings.policy_matrix.cells.iter().map(policy_cell_cells)),
        Table::ApprovalThresholds => {
            write_rows(table, workspace.settings.approval_thresholds.iter().map(approval_threshold_cells))
        }
        Table::CurrencyRates => write_rows(table, workspace.currency_rates.iter().map(currency_rate_cells)),
        Table::Locations => write_rows(table, workspace.locations.iter().map(location_cells)),
        Table::Skus => write_rows(table, workspace.skus.iter().map(sku_cells)),
        Table::Suppliers => write_rows(table, workspace.suppliers.iter().map(supplier_cells)),
        Table::Contracts => write_rows(table, workspace.contracts.iter().map(contract_cells)),
        Table::Offers => write_rows(table, workspace.offers.iter().map(offer_cells)),
        Table::StockLots => write_rows(table, workspace.stock_lots.iter().map(stock_lot_cells)),
        Table::Commitments => write_rows(table, workspace.commitments.iter().map(commitment_cells)),
        Table::MinMaxOverrides => write_rows(table, workspace.min_max_overrides.iter().map(min_max_cells)),
        Table::Budgets => write_rows(table, workspace.budgets.iter().map(budget_cells)),
        Table::ForecastPins => write_rows(table, workspace.forecast_pins.iter().map(forecast_pin_cells)),
        Table::ForecastOverrides => write_rows(table, workspace.forecast_overrides.iter().map(forecast_override_cells)),
        Table::Promotions => write_rows(table, workspace.promotions.iter().map(promotion_cells)),
        Table::Launches => write_rows(table, workspace.launches.iter().map(launch_cells)),
        Table::PurchaseOrders => write_rows(table, workspace.purchase_orders.iter().map(purchase_order_cells)),
        Table::PoLines => write_rows(
            table,
            workspace
                .purchase_orders
                .iter()
                .flat_map(|order| order.lines.iter().map(move |line| po_line_cells(&order.id, line))),
        ),
        Table::Receipts => write_rows(
            table,
            workspace.purchase_orders.iter().flat_map(|order| {
                order.lines.iter().flat_map(move |line| {
                    line.receipts.iter().map(move |receipt| receipt_cells(&order.id, line.line_no, receipt))
                })
            }),
        ),
        Table::PoLog => write_rows(
            table,
            workspace
                .purchase_orders
                .iter()
                .flat_map(|order| order.log.iter().map(move |event| po_event_cells(&order.id, event))),
        ),
        Table::RecurringOrders => write_rows(table, workspace.recurring_orders.iter().map(recurring_order_cells)),
        Table::RecurringLines => write_rows(
            table,
            workspace
                .recurring_orders
                .iter()
                .flat_map(|order| order.lines.iter().map(move |line| recurring_line_cells(&order.id, line))),
        ),
        Table::MappingPresets => write_rows(table, workspace.mapping_presets.iter().map(mapping_preset_cells)),
        Table::Demand => {
            let mut out = String::new();
            write_demand(&mut out, &workspace.demand.series);
            out
        }
    }
}

/// Every table, in `Table::ALL` order; empty tables are a header line alone.
pub fn export_csv(workspace: &Workspace) -> Vec<(Table, String)> {
    Table::ALL.iter().map(|&table| (table, export_table(workspace, table))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_key_cell_matches_what_the_csv_writer_writes() {
        assert_eq!(quoted_text_cell("SKU-1"), "SKU-1");
        assert_eq!(quoted_text_cell(""), "");
        assert_eq!(quoted_text_cell("a,b"), "\"a,b\"");
        assert_eq!(quoted_text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted_text_cell("=1+1"), "'=1+1");
        assert_eq!(quoted_text_cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn columns_and_cells_agree_for_every_row_table() {
        use crate::model::*;
        let workspace = Workspace::default();
        for (table, text) in export_csv(&workspace) {
            let header = text.lines().next().unwrap();
            let names: Vec<_> = table.columns().iter().map(|c| c.name).collect();
            assert_eq!(header, names.join(","), "{table:?}");
        }
        let cell = &workspace.settings.policy_matrix.cells[0];
        assert_eq!(policy_cell_cells(cell).len(), Table::PolicyMatrix.columns().len());
        let sku = Sku {
            id: "S".into(),
            name: "n".into(),
            family: String::new(),
            unit: "each".into(),
            unit_cost: Decimal::ONE,
            criticality: Criticality::Normal,
            regulated: false,
            shelf_life_days: None,
            min_remaining_shelf_life_days: None,
            status: SkuStatus::Active,
            volume_l: None,
            weight_kg: None,
        };
        assert_eq!(sku_cells(&sku).len(), Table::Skus.columns().len());
    }
}
