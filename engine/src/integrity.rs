//! Referential integrity for the app's edit forms: what refers to a SKU,
//! supplier, location or contract; deleting one (refused while anything
//! refers to it, unless cascading); and inserting or updating one row with
//! the same rules an import applies, keeping tables sorted.
//!
//! What a cascade removes:
//! - a SKU: its offers, stock lots, commitments, demand history, min/max
//!   overrides, forecast pins and overrides, promotions, launches (its own,
//!   and those that sell like it: a launch's like item is what its forecast
//!   is made of), and the PO lines that order it (with their receipts). The
//!   purchase orders themselves stay, even if left without lines. When it is
//!   the last SKU of its family, the family's pins and promotions go too
//!   (they would name a family no SKU has). Its lines on recurring orders go
//!   as well; the recurring orders stay, like purchase orders.
//! - a supplier: its offers, its contracts, and its purchase orders with
//!   their lines, receipts and logs, and its recurring orders with their
//!   lines. A PO cannot exist without its supplier, so
//!   the history goes with it, and with it the receipts that measured the
//!   supplier's lead times. To stop buying from a supplier but keep its
//!   history, set its approval to `blocked` instead of deleting it.
//! - a location: its stock lots, commitments, demand history, min/max
//!   overrides, forecast overrides, promotions and launches for that
//!   location, and the purchase orders and recurring orders delivering to it.
//! - a contract: nothing is removed; offers bought under it are kept and
//!   simply no longer name a contract.
//!
//! A recurring order is referred to by nothing (the drafts it generated only
//! name it in their note), so [`delete_recurring`] needs no cascade: it
//! removes the order and its lines. Nor is a mapping preset (a spec names a
//! table, never a row): [`save_mapping_preset`] and
//! [`delete_mapping_preset`] touch the `mapping_presets` table alone.

use serde::{Deserialize, Serialize};

use crate::io::mapping::{preset_name_key, MappingPreset};
use crate::io::rules::{self, FieldProblem};
use crate::io::Table;
use crate::model::{
    Contract, ContractId, ForecastScope, Keyed, Launch, Location, LocationId, Offer, RecurringId, RecurringOrder, Sku,
    SkuId, Sorted, Supplier, SupplierId, Workspace,
};
use crate::problem::describe;

/// A row that other rows can refer to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntityRef {
    Sku(SkuId),
    Supplier(SupplierId),
    Location(LocationId),
    Contract(ContractId),
}

/// A row that refers to an entity, named for people: "offer SUP-03 / SKU-0042".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub table: Table,
    pub description: String,
}

/// How many rows of each table a delete removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteSummary {
    /// Tables with at least one removed row, the entity's own table first.
    pub removed: Vec<RemovedRows>,
    /// Offers kept but no longer naming the deleted contract.
    pub offers_unlinked: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedRows {
    pub table: Table,
    pub rows: usize,
}

impl DeleteSummary {
    fn add(&mut self, table: Table, rows: usize) {
        if rows > 0 {
            self.removed.push(RemovedRows { table, rows });
        }
    }

    /// Rows removed from one table.
    pub fn rows(&self, table: Table) -> usize {
        self.removed.iter().filter(|r| r.table == table).map(|r| r.rows).sum()
    }
}

/// Every row that refers to `entity`, in table order.
pub fn references(workspace: &Workspace, entity: &EntityRef) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut add = |table: Table, description: String| out.push(Reference { table, description });
    match entity {
        EntityRef::Sku(id) => {
            for offer in workspace.offers.iter().filter(|o| &o.sku == id) {
                add(Table::Offers, describe::offer(&offer.supplier, &offer.sku));
            }
            for lot in workspace.stock_lots.iter().filter(|l| &l.sku == id) {
                add(Table::StockLots, describe::stock_lot(lot));
            }
            for row in workspace.commitments.iter().filter(|c| &c.sku == id) {
                add(Table::Commitments, describe::commitment(row));
            }
            for row in workspace.min_max_overrides.iter().filter(|m| &m.sku == id) {
                add(Table::MinMaxOverrides, describe::min_max(row));
            }
            let family = last_of_family(workspace, id);
            for pin in workspace.forecast_pins.iter().filter(|p| in_scope(&p.scope, id, family)) {
                add(Table::ForecastPins, describe::forecast_pin(&pin.scope));
            }
            for row in workspace.forecast_overrides.iter().filter(|o| &o.sku == id) {
                add(Table::ForecastOverrides, describe::forecast_override(row));
            }
            for promotion in workspace.promotions.iter().filter(|p| in_scope(&p.scope, id, family)) {
                add(Table::Promotions, describe::promotion(&promotion.id));
            }
            for launch in workspace.launches.iter().filter(|l| launch_uses(l, id)) {
                add(Table::Launches, describe::launch(launch));
            }
            for order in &workspace.purchase_orders {
                for line in order.lines.iter().filter(|l| &l.sku == id) {
                    add(Table::PoLines, describe::po_line(&order.id, line.line_no));
                }
            }
            for order in &workspace.recurring_orders {
                for line in order.lines.iter().filter(|l| &l.sku == id) {
                    add(Table::RecurringLines, describe::recurring_line(&order.id, &line.sku));
                }
            }
            for series in workspace.demand.for_sku(id) {
                add(Table::Demand, describe::demand_series(&series.key));
            }
        }
        EntityRef::Supplier(id) => {
            for contract in workspace.contracts.iter().filter(|c| &c.supplier == id) {
                add(Table::Contracts, describe::contract(&contract.id));
            }
            for offer in workspace.offers.iter().filter(|o| &o.supplier == id) {
                add(Table::Offers, describe::offer(&offer.supplier, &offer.sku));
            }
            for order in workspace.purchase_orders.iter().filter(|p| &p.supplier == id) {
                add(Table::PurchaseOrders, format!("{} ({})", describe::purchase_order(&order.id), order.status));
            }
            for order in workspace.recurring_orders.iter().filter(|r| &r.supplier == id) {
                add(Table::RecurringOrders, describe::recurring_order(&order.id));
            }
        }
        EntityRef::Location(id) => {
            for lot in workspace.stock_lots.iter().filter(|l| &l.location == id) {
                add(Table::StockLots, describe::stock_lot(lot));
            }
            for row in workspace.commitments.iter().filter(|c| &c.location == id) {
                add(Table::Commitments, describe::commitment(row));
            }
            for row in workspace.min_max_overrides.iter().filter(|m| m.location.as_ref() == Some(id)) {
                add(Table::MinMaxOverrides, describe::min_max(row));
            }
            for row in workspace.forecast_overrides.iter().filter(|o| &o.location == id) {
                add(Table::ForecastOverrides, describe::forecast_override(row));
            }
            for promotion in workspace.promotions.iter().filter(|p| p.location.as_ref() == Some(id)) {
                add(Table::Promotions, describe::promotion(&promotion.id));
            }
            for launch in workspace.launches.iter().filter(|l| l.location.as_ref() == Some(id)) {
                add(Table::Launches, describe::launch(launch));
            }
            for order in workspace.purchase_orders.iter().filter(|p| &p.location == id) {
                add(Table::PurchaseOrders, format!("{} ({})", describe::purchase_order(&order.id), order.status));
            }
            for order in workspace.recurring_orders.iter().filter(|r| &r.location == id) {
                add(Table::RecurringOrders, describe::recurring_order(&order.id));
            }
            for series in workspace.demand.series.iter().filter(|s| &s.key.location == id) {
                add(Table::Demand, describe::demand_series(&series.key));
            }
        }
        EntityRef::Contract(id) => {
            for offer in workspace.offers.iter().filter(|o| o.contract.as_ref() == Some(id)) {
                add(Table::Offers, describe::offer(&offer.supplier, &offer.sku));
            }
        }
    }
    out
}

/// The family of SKU `id` when no other SKU has it (so deleting `id` leaves
/// the family's pins and promotions naming a family no SKU has).
fn last_of_family<'w>(workspace: &'w Workspace, id: &SkuId) -> Option<&'w str> {
    let family = workspace.sku(id)?.family.as_str();
    let alone = !family.trim().is_empty() && workspace.skus.iter().all(|s| &s.id == id || s.family != family);
    alone.then_some(family)
}

/// Whether a pin's or promotion's scope is SKU `id`, or `family` (when given).
fn in_scope(scope: &ForecastScope, id: &SkuId, family: Option<&str>) -> bool {
    match scope {
        ForecastScope::Sku(sku) => sku == id,
        ForecastScope::Family(f) => family == Some(f.as_str()),
    }
}

/// Whether a launch is of SKU `id` or sells like it.
fn launch_uses(launch: &Launch, id: &SkuId) -> bool {
    &launch.sku == id || launch.like_sku.as_ref() == Some(id)
}

/// Remove rows matching `doomed`, returning how many went.
fn remove<T>(rows: &mut Vec<T>, doomed: impl Fn(&T) -> bool) -> usize {
    let before = rows.len();
    rows.retain(|row| !doomed(row));
    before - rows.len()
}

fn remove_rows<T: Keyed>(rows: &mut Sorted<T>, doomed: impl Fn(&T) -> bool) -> usize {
    let before = rows.len();
    rows.retain(|row| !doomed(row));
    before - rows.len()
}

/// Delete an entity. Refused with the list of references while anything
/// refers to it, unless `cascade`, which removes (or, for a contract,
/// unlinks) the referring rows too; see the module documentation for what
/// each cascade does. Deleting an id that does not exist removes nothing.
pub fn delete(workspace: &mut Workspace, entity: &EntityRef, cascade: bool) -> Result<DeleteSummary, Vec<Reference>> {
    let found = references(workspace, entity);
    if !found.is_empty() && !cascade {
        return Err(found);
    }
    let mut summary = DeleteSummary::default();
    match entity {
        EntityRef::Sku(id) => {
            let family = last_of_family(workspace, id).map(str::to_owned);
            summary.add(Table::Skus, remove_rows(&mut workspace.skus, |s| &s.id == id));
            summary.add(Table::Offers, remove_rows(&mut workspace.offers, |o| &o.sku == id));
            summary.add(Table::StockLots, remove_rows(&mut workspace.stock_lots, |l| &l.sku == id));
            summary.add(Table::Commitments, remove_rows(&mut workspace.commitments, |c| &c.sku == id));
            summary.add(Table::MinMaxOverrides, remove_rows(&mut workspace.min_max_overrides, |m| &m.sku == id));
            let family = family.as_deref();
            summary.add(
                Table::ForecastPins,
                remove_rows(&mut workspace.forecast_pins, |p| in_scope(&p.scope, id, family)),
            );
            summary.add(Table::ForecastOverrides, remove_rows(&mut workspace.forecast_overrides, |o| &o.sku == id));
            summary.add(Table::Promotions, remove_rows(&mut workspace.promotions, |p| in_scope(&p.scope, id, family)));
            summary.add(Table::Launches, remove_rows(&mut workspace.launches, |l| launch_uses(l, id)));
            let (mut lines, mut receipts) = (0, 0);
            workspace.purchase_orders.edit(|orders| {
                for order in orders {
                    receipts += order.lines.iter().filter(|l| &l.sku == id).map(|l| l.receipts.len()).sum::<usize>();
                    lines += remove(&mut order.lines, |l| &l.sku == id);
                }
            });
            summary.add(Table::PoLines, lines);
            summary.add(Table::Receipts, receipts);
            let mut recurring_lines = 0;
            workspace.recurring_orders.edit(|orders| {
                for order in orders {
                    recurring_lines += remove(&mut order.lines, |l| &l.sku == id);
                }
            });
            summary.add(Table::RecurringLines, recurring_lines);
            summary.add(Table::Demand, remove(&mut workspace.demand.series, |s| &s.key.sku == id));
        }
        EntityRef::Supplier(id) => {
            summary.add(Table::Suppliers, remove_rows(&mut workspace.suppliers, |s| &s.id == id));
            let contracts: Vec<ContractId> =
                workspace.contracts.iter().filter(|c| &c.supplier == id).map(|c| c.id.clone()).collect();
            summary.add(Table::Contracts, remove_rows(&mut workspace.contracts, |c| &c.supplier == id));
            summary.add(Table::Offers, remove_rows(&mut workspace.offers, |o| &o.supplier == id));
            // Offers of other suppliers should never name this supplier's
            // contracts, but if one does it must not be left dangling.
            workspace.offers.edit(|offers| {
                for offer in offers {
                    if offer.contract.as_ref().is_some_and(|c| contracts.contains(c)) {
                        offer.contract = None;
                        summary.offers_unlinked += 1;
                    }
                }
            });
            remove_orders(workspace, &mut summary, |order| &order.supplier == id);
            remove_recurring_orders(workspace, &mut summary, |order| &order.supplier == id);
        }
        EntityRef::Location(id) => {
            summary.add(Table::Locations, remove_rows(&mut workspace.locations, |l| &l.id == id));
            summary.add(Table::StockLots, remove_rows(&mut workspace.stock_lots, |l| &l.location == id));
            summary.add(Table::Commitments, remove_rows(&mut workspace.commitments, |c| &c.location == id));
            summary.add(
                Table::MinMaxOverrides,
                remove_rows(&mut workspace.min_max_overrides, |m| m.location.as_ref() == Some(id)),
            );
            summary
                .add(Table::ForecastOverrides, remove_rows(&mut workspace.forecast_overrides, |o| &o.location == id));
            summary.add(Table::Promotions, remove_rows(&mut workspace.promotions, |p| p.location.as_ref() == Some(id)));
            summary.add(Table::Launches, remove_rows(&mut workspace.launches, |l| l.location.as_ref() == Some(id)));
            remove_orders(workspace, &mut summary, |order| &order.location == id);
            remove_recurring_orders(workspace, &mut summary, |order| &order.location == id);
            summary.add(Table::Demand, remove(&mut workspace.demand.series, |s| &s.key.location == id));
        }
        EntityRef::Contract(id) => {
            summary.add(Table::Contracts, remove_rows(&mut workspace.contracts, |c| &c.id == id));
            workspace.offers.edit(|offers| {
                for offer in offers {
                    if offer.contract.as_ref() == Some(id) {
                        offer.contract = None;
                        summary.offers_unlinked += 1;
                    }
                }
            });
        }
    }
    Ok(summary)
}

fn remove_orders(
    workspace: &mut Workspace,
    summary: &mut DeleteSummary,
    doomed: impl Fn(&crate::model::PurchaseOrder) -> bool,
) {
    let doomed_orders = workspace.purchase_orders.iter().filter(|order| doomed(order));
    let lines: usize = doomed_orders.clone().map(|order| order.lines.len()).sum();
    let log: usize = doomed_orders.clone().map(|order| order.log.len()).sum();
    let receipts: usize = doomed_orders.flat_map(|order| &order.lines).map(|line| line.receipts.len()).sum();
    summary.add(Table::PurchaseOrders, remove_rows(&mut workspace.purchase_orders, doomed));
    summary.add(Table::PoLines, lines);
    summary.add(Table::Receipts, receipts);
    summary.add(Table::PoLog, log);
}

fn remove_recurring_orders(
    workspace: &mut Workspace,
    summary: &mut DeleteSummary,
    doomed: impl Fn(&crate::model::RecurringOrder) -> bool,
) {
    let lines: usize = workspace.recurring_orders.iter().filter(|order| doomed(order)).map(|o| o.lines.len()).sum();
    summary.add(Table::RecurringOrders, remove_rows(&mut workspace.recurring_orders, doomed));
    summary.add(Table::RecurringLines, lines);
}

/// Whether an upsert added a row or replaced one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Upserted {
    Inserted,
    Updated,
}

/// Insert or replace by key, keeping the table sorted.
fn upsert_sorted<T: Keyed>(rows: &mut Sorted<T>, row: T) -> Upserted {
    match rows.upsert(row) {
        Some(_) => Upserted::Updated,
        None => Upserted::Inserted,
    }
}

fn unknown(field: &str, what: &str, id: &str) -> FieldProblem {
    FieldProblem { field: field.to_owned(), reason: format!("unknown {what}: there is no {what} {id}") }
}

/// A supplier's own rules plus its currency: one that is not the base
/// currency needs an exchange rate, as on import.
pub fn validate_supplier_in(workspace: &Workspace, supplier: &Supplier) -> Vec<FieldProblem> {
    let mut problems = rules::validate_supplier(supplier);
    let currency = &supplier.currency;
    if currency != &workspace.settings.base_currency
        && !workspace.currency_rates.iter().any(|r| &r.currency == currency)
    {
        problems.push(FieldProblem {
            field: "currency".to_owned(),
            reason: format!(
                "no exchange rate from {currency} to the base currency {} is known; add one under currency rates",
                workspace.settings.base_currency
            ),
        });
    }
    problems
}

/// An offer's own rules plus its references: the supplier, the SKU, and the
/// contract (which must be with the same supplier).
pub fn validate_offer_in(workspace: &Workspace, offer: &Offer) -> Vec<FieldProblem> {
    let mut problems = rules::validate_offer(offer);
    if workspace.supplier(&offer.supplier).is_none() {
        problems.push(unknown("supplier_id", "supplier", offer.supplier.as_str()));
    }
    if workspace.sku(&offer.sku).is_none() {
        problems.push(unknown("sku_id", "SKU", offer.sku.as_str()));
    }
    if let Some(id) = &offer.contract {
        match workspace.contract(id) {
            None => problems.push(unknown("contract_id", "contract", id.as_str())),
            Some(contract) if contract.supplier != offer.supplier => problems.push(FieldProblem {
                field: "contract_id".to_owned(),
                reason: format!("contract {id} is with supplier {}, not with {}", contract.supplier, offer.supplier),
            }),
            Some(_) => {}
        }
    }
    problems
}

/// A contract's own rules plus its supplier.
pub fn validate_contract_in(workspace: &Workspace, contract: &Contract) -> Vec<FieldProblem> {
    let mut problems = rules::validate_contract(contract);
    if workspace.supplier(&contract.supplier).is_none() {
        problems.push(unknown("supplier_id", "supplier", contract.supplier.as_str()));
    }
    problems
}

/// Insert or update a SKU; refused with the same problems an import would
/// report, including moving the last SKU of a family out of it while
/// forecast pins or promotions name that family.
pub fn upsert_sku(workspace: &mut Workspace, sku: Sku) -> Result<Upserted, Vec<FieldProblem>> {
    let mut problems = rules::validate_sku(&sku);
    if let Some(family) = last_of_family(workspace, &sku.id).filter(|family| *family != sku.family) {
        let named = workspace.forecast_pins.iter().any(|p| p.scope.family() == Some(family))
            || workspace.promotions.iter().any(|p| p.scope.family() == Some(family));
        if named {
            problems.push(FieldProblem {
                field: "family".to_owned(),
                reason: format!(
                    "{} is the last SKU of family {family:?}, which forecast pins or promotions name; \
                     delete those first or keep the family",
                    sku.id
                ),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(upsert_sorted(&mut workspace.skus, sku))
}

pub fn upsert_location(workspace: &mut Workspace, location: Location) -> Result<Upserted, Vec<FieldProblem>> {
    let problems = rules::validate_location(&location);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(upsert_sorted(&mut workspace.locations, location))
}

pub fn upsert_supplier(workspace: &mut Workspace, supplier: Supplier) -> Result<Upserted, Vec<FieldProblem>> {
    let problems = validate_supplier_in(workspace, &supplier);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(upsert_sorted(&mut workspace.suppliers, supplier))
}

pub fn upsert_offer(workspace: &mut Workspace, offer: Offer) -> Result<Upserted, Vec<FieldProblem>> {
    let problems = validate_offer_in(workspace, &offer);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(upsert_sorted(&mut workspace.offers, offer))
}

pub fn upsert_contract(workspace: &mut Workspace, contract: Contract) -> Result<Upserted, Vec<FieldProblem>> {
    let problems = validate_contract_in(workspace, &contract);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(upsert_sorted(&mut workspace.contracts, contract))
}

/// The form field of a recurring order's line `idx` (in the order given):
/// `lines.0.sku_id`, `lines.1.quantity`.
pub fn recurring_line_field(idx: usize, field: &str) -> String {
    format!("lines.{idx}.{field}")
}

/// A recurring order as an import checks it: its own rules, each line's
/// rules (fields named by [`recurring_line_field`], lines in the order
/// given), its supplier, location and SKUs, and each SKU once.
pub fn validate_recurring_in(workspace: &Workspace, order: &RecurringOrder) -> Vec<FieldProblem> {
    let mut problems = rules::validate_recurring_order(order);
    if workspace.supplier(&order.supplier).is_none() {
        problems.push(unknown("supplier_id", "supplier", order.supplier.as_str()));
    }
    if workspace.location(&order.location).is_none() {
        problems.push(unknown("location_id", "location", order.location.as_str()));
    }
    for (idx, line) in order.lines.iter().enumerate() {
        let field = |name: &str| recurring_line_field(idx, name);
        for problem in rules::validate_recurring_line(line) {
            problems.push(FieldProblem { field: field(&problem.field), reason: problem.reason });
        }
        if workspace.sku(&line.sku).is_none() {
            problems.push(unknown(&field("sku_id"), "SKU", line.sku.as_str()));
        } else if order.lines[..idx].iter().any(|earlier| earlier.sku == line.sku) {
            problems.push(FieldProblem { field: field("sku_id"), reason: "appears twice".to_owned() });
        }
    }
    problems
}

/// Insert or update a recurring order, its lines stored in SKU order;
/// refused with the problems [`validate_recurring_in`] finds.
pub fn upsert_recurring(workspace: &mut Workspace, mut order: RecurringOrder) -> Result<Upserted, Vec<FieldProblem>> {
    let problems = validate_recurring_in(workspace, &order);
    if !problems.is_empty() {
        return Err(problems);
    }
    crate::sorting::sort_by(&mut order.lines, |a, b| a.sku.cmp(&b.sku));
    Ok(upsert_sorted(&mut workspace.recurring_orders, order))
}

/// Delete a recurring order with its lines; the drafts it generated stay.
/// An id that does not exist removes nothing.
pub fn delete_recurring(workspace: &mut Workspace, id: &RecurringId) -> DeleteSummary {
    let mut summary = DeleteSummary::default();
    remove_recurring_orders(workspace, &mut summary, |order| &order.id == id);
    summary
}

/// Save a mapping preset under its name, trimmed. Names are unique ignoring
/// case, so a preset already saved under the same name in any case is
/// replaced (`Updated`), and the name takes this spelling. Refused with the
/// problems an import of the row would report
/// ([`rules::validate_mapping_preset`]: the name's rules, and the spec's
/// own, each under `spec`).
pub fn save_mapping_preset(
    workspace: &mut Workspace,
    mut preset: MappingPreset,
) -> Result<Upserted, Vec<FieldProblem>> {
    preset.name = preset.name.trim().to_owned();
    let problems = rules::validate_mapping_preset(&preset);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(upsert_sorted(&mut workspace.mapping_presets, preset))
}

/// Delete the mapping preset named `name` (compared ignoring case and
/// surrounding spaces). Nothing refers to a preset, so nothing else goes;
/// a name no preset has removes nothing.
pub fn delete_mapping_preset(workspace: &mut Workspace, name: &str) -> DeleteSummary {
    let key = preset_name_key(name);
    let mut summary = DeleteSummary::default();
    summary.add(Table::MappingPresets, remove_rows(&mut workspace.mapping_presets, |p| p.name_key() == key));
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use rust_decimal::Decimal;

    fn sku(id: &str) -> Sku {
        Sku {
            id: id.into(),
            name: format!("Item {id}"),
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
        }
    }

    fn supplier(id: &str) -> Supplier {
        Supplier {
            id: id.into(),
            name: format!("Supplier {id}"),
            approval: Approval::Approved,
            currency: "EUR".into(),
            payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
            risk: SupplyRisk::Low,
            landed: LandedCostTerms::default(),
            min_order_value: None,
            free_freight_threshold: None,
            lead_time_sd_days: None,
        }
    }

    fn offer(supplier: &str, sku: &str, contract: Option<&str>) -> Offer {
        Offer {
            supplier: supplier.into(),
            sku: sku.into(),
            supplier_sku: String::new(),
            price_breaks: vec![PriceBreak { min_qty: 1.0, unit_price: Decimal::ONE }],
            moq: 0.0,
            pack_size: 1.0,
            purchase_unit: "each".into(),
            units_per_purchase_unit: 1.0,
            lead_time_days: 5,
            landed_override: LandedCostOverride::default(),
            contract: contract.map(ContractId::from),
            valid_from: None,
            valid_to: None,
        }
    }

    fn date(text: &str) -> chrono::NaiveDate {
        text.parse().unwrap()
    }

    /// Two SKUs, two suppliers, one contract, stock, demand and one PO with
    /// a line for each SKU.
    fn workspace() -> Workspace {
        let line = |line_no: u32, sku: &str| PoLine {
            line_no,
            sku: sku.into(),
            quantity: 10.0,
            unit_price: Decimal::ONE,
            receipts: vec![Receipt {
                receipt_no: 1,
                date: date("2025-01-10"),
                quantity_received: 10.0,
                quantity_rejected: 0.0,
                lot: None,
                expiry: None,
                freight: Decimal::ZERO,
                duty: Decimal::ZERO,
                other_charges: Decimal::ZERO,
            }],
            expected_landed_unit: None,
        };
        let mut workspace = Workspace {
            locations: Sorted::from_vec(vec![Location { id: "WH1".into(), name: "Main".into() }]),
            skus: Sorted::from_vec(vec![sku("SKU-1"), sku("SKU-2")]),
            suppliers: Sorted::from_vec(vec![supplier("SUP-1"), supplier("SUP-2")]),
            contracts: Sorted::from_vec(vec![Contract {
                id: "C-1".into(),
                supplier: "SUP-1".into(),
                start: date("2025-01-01"),
                end: date("2025-12-31"),
                auto_renew: false,
                price_review: None,
                termination_notice_days: 30,
                sla: SlaTargets::default(),
            }]),
            offers: Sorted::from_vec(vec![
                offer("SUP-1", "SKU-1", Some("C-1")),
                offer("SUP-1", "SKU-2", None),
                offer("SUP-2", "SKU-1", None),
            ]),
            stock_lots: Sorted::from_vec(vec![StockLot {
                sku: "SKU-1".into(),
                location: "WH1".into(),
                lot: "".into(),
                quantity: 5.0,
                received: None,
                expiry: None,
                quarantine: false,
            }]),
            min_max_overrides: Sorted::from_vec(vec![MinMaxOverride {
                sku: "SKU-1".into(),
                location: None,
                min: 1.0,
                max: 5.0,
            }]),
            purchase_orders: Sorted::from_vec(vec![PurchaseOrder {
                id: "PO-1001".into(),
                supplier: "SUP-1".into(),
                location: "WH1".into(),
                status: PoStatus::Received,
                created: date("2025-01-02"),
                approved: None,
                sent: None,
                promised: None,
                received: Some(date("2025-01-10")),
                note: String::new(),
                lines: vec![line(1, "SKU-1"), line(2, "SKU-2")],
                log: Vec::new(),
            }]),
            ..Workspace::default()
        };
        workspace.demand.upsert([(
            SeriesKey { sku: "SKU-1".into(), location: "WH1".into(), channel: String::new() },
            DemandDay::shipped(date("2025-01-02"), 3.0),
        )]);
        workspace
    }

    fn descriptions(references: &[Reference]) -> Vec<&str> {
        references.iter().map(|r| r.description.as_str()).collect()
    }

    #[test]
    fn references_name_every_row_that_points_at_an_entity() {
        let workspace = workspace();
        assert_eq!(
            descriptions(&references(&workspace, &EntityRef::Sku("SKU-1".into()))),
            [
                "offer SUP-1 / SKU-1",
                "offer SUP-2 / SKU-1",
                "stock of SKU-1 at WH1 (not lot-tracked)",
                "min/max of SKU-1 at all locations",
                "PO PO-1001 line 1",
                "demand of SKU-1 at WH1",
            ]
        );
        assert_eq!(
            descriptions(&references(&workspace, &EntityRef::Supplier("SUP-1".into()))),
            ["contract C-1", "offer SUP-1 / SKU-1", "offer SUP-1 / SKU-2", "PO PO-1001 (received)"]
        );
        assert_eq!(descriptions(&references(&workspace, &EntityRef::Contract("C-1".into()))), ["offer SUP-1 / SKU-1"]);
        assert!(references(&workspace, &EntityRef::Sku("SKU-9".into())).is_empty());
    }

    #[test]
    fn delete_is_refused_while_referenced_and_changes_nothing() {
        let mut workspace = workspace();
        let before = workspace.clone();
        let refused = delete(&mut workspace, &EntityRef::Location("WH1".into()), false).unwrap_err();
        // The min/max override is for all locations, so it does not refer to WH1.
        assert_eq!(
            descriptions(&refused),
            ["stock of SKU-1 at WH1 (not lot-tracked)", "PO PO-1001 (received)", "demand of SKU-1 at WH1"]
        );
        assert_eq!(workspace, before);
    }

    #[test]
    fn cascading_a_sku_removes_its_rows_but_keeps_the_order() {
        let mut workspace = workspace();
        let summary = delete(&mut workspace, &EntityRef::Sku("SKU-1".into()), true).unwrap();
        assert_eq!(summary.rows(Table::Skus), 1);
        assert_eq!(summary.rows(Table::Offers), 2);
        assert_eq!(summary.rows(Table::PoLines), 1);
        assert_eq!(summary.rows(Table::Receipts), 1);
        assert_eq!(summary.rows(Table::Demand), 1);
        assert_eq!(workspace.purchase_orders[0].lines.len(), 1, "the SKU-2 line stays");
        assert_eq!(crate::io::validate(&workspace), vec![]);
    }

    #[test]
    fn cascading_a_supplier_removes_its_offers_contracts_and_orders() {
        let mut workspace = workspace();
        let summary = delete(&mut workspace, &EntityRef::Supplier("SUP-1".into()), true).unwrap();
        assert_eq!(summary.rows(Table::Contracts), 1);
        assert_eq!(summary.rows(Table::Offers), 2);
        assert_eq!(summary.rows(Table::PurchaseOrders), 1);
        assert_eq!(summary.rows(Table::PoLines), 2);
        assert!(workspace.purchase_orders.is_empty());
        assert_eq!(workspace.offers.len(), 1);
        assert_eq!(crate::io::validate(&workspace), vec![]);
    }

    #[test]
    fn deleting_a_contract_keeps_its_offers_unlinked() {
        let mut workspace = workspace();
        let summary = delete(&mut workspace, &EntityRef::Contract("C-1".into()), true).unwrap();
        assert_eq!(summary.offers_unlinked, 1);
        assert_eq!(workspace.offers.len(), 3);
        assert!(workspace.offers.iter().all(|o| o.contract.is_none()));
        assert_eq!(crate::io::validate(&workspace), vec![]);
    }

    #[test]
    fn an_unreferenced_entity_is_deleted_without_cascade() {
        let mut workspace = workspace();
        workspace.skus.upsert(sku("SKU-3"));
        let summary = delete(&mut workspace, &EntityRef::Sku("SKU-3".into()), false).unwrap();
        assert_eq!(summary.removed, vec![RemovedRows { table: Table::Skus, rows: 1 }]);
    }

    #[test]
    fn upserts_keep_tables_sorted_and_refuse_what_an_import_would() {
        let mut workspace = workspace();
        assert_eq!(upsert_sku(&mut workspace, sku("SKU-0")), Ok(Upserted::Inserted));
        let ids: Vec<&str> = workspace.skus.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["SKU-0", "SKU-1", "SKU-2"]);
        let mut renamed = sku("SKU-2");
        renamed.name = "Renamed".into();
        assert_eq!(upsert_sku(&mut workspace, renamed), Ok(Upserted::Updated));
        assert_eq!(workspace.skus[2].name, "Renamed");

        let mut negative = sku("SKU-4");
        negative.unit_cost = Decimal::NEGATIVE_ONE;
        let problems = upsert_sku(&mut workspace, negative).unwrap_err();
        assert_eq!(problems, vec![FieldProblem { field: "unit_cost".into(), reason: "must not be negative".into() }]);

        let foreign = offer("SUP-2", "SKU-9", Some("C-1"));
        let fields: Vec<String> =
            upsert_offer(&mut workspace, foreign).unwrap_err().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["sku_id", "contract_id"], "unknown SKU, and C-1 belongs to SUP-1");

        let mut dollar = supplier("SUP-3");
        dollar.currency = "USD".into();
        let problems = upsert_supplier(&mut workspace, dollar).unwrap_err();
        assert_eq!(problems[0].field, "currency");
        assert_eq!(upsert_offer(&mut workspace, offer("SUP-2", "SKU-0", None)), Ok(Upserted::Inserted));
        assert_eq!(crate::io::validate(&workspace), vec![]);
    }

    fn standing(lines: Vec<RecurringLine>) -> RecurringOrder {
        RecurringOrder {
            id: "R-1".into(),
            supplier: "SUP-1".into(),
            location: "WH1".into(),
            every_weeks: 2,
            start: date("2025-01-06"),
            last_generated: None,
            active: true,
            lines,
        }
    }

    fn recurring_line(sku: &str, rule: RecurringRule, quantity: f64) -> RecurringLine {
        RecurringLine { sku: sku.into(), rule, quantity }
    }

    #[test]
    fn a_recurring_order_is_stored_with_its_lines_in_sku_order_and_deleted_with_them() {
        let mut workspace = workspace();
        let order = standing(vec![
            recurring_line("SKU-2", RecurringRule::OrderUpTo, 0.0),
            recurring_line("SKU-1", RecurringRule::Fixed, 12.0),
        ]);
        assert_eq!(upsert_recurring(&mut workspace, order.clone()), Ok(Upserted::Inserted));
        let skus: Vec<&str> = workspace.recurring_orders[0].lines.iter().map(|l| l.sku.as_str()).collect();
        assert_eq!(skus, ["SKU-1", "SKU-2"]);
        assert_eq!(crate::io::validate(&workspace), vec![]);

        let mut weekly = order;
        weekly.every_weeks = 1;
        assert_eq!(upsert_recurring(&mut workspace, weekly), Ok(Upserted::Updated));
        assert_eq!(workspace.recurring_orders.len(), 1);
        assert_eq!(workspace.recurring_orders[0].every_weeks, 1);

        let summary = delete_recurring(&mut workspace, &"R-1".into());
        assert_eq!(summary.rows(Table::RecurringOrders), 1);
        assert_eq!(summary.rows(Table::RecurringLines), 2);
        assert!(workspace.recurring_orders.is_empty());
        assert_eq!(workspace.purchase_orders.len(), 1, "purchase orders are not touched");
        assert_eq!(delete_recurring(&mut workspace, &"R-1".into()), DeleteSummary::default());
    }

    #[test]
    fn a_recurring_order_is_refused_per_field_as_an_import_would_refuse_it() {
        let mut workspace = workspace();
        let mut order = standing(vec![
            recurring_line("SKU-1", RecurringRule::Fixed, 0.0),
            recurring_line("SKU-9", RecurringRule::OrderUpTo, 0.0),
            recurring_line("SKU-1", RecurringRule::Fixed, -3.0),
        ]);
        order.every_weeks = 0;
        order.supplier = "SUP-9".into();
        order.last_generated = Some(date("2025-01-01"));
        let problems = upsert_recurring(&mut workspace, order).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "every_weeks",
                "last_generated",
                "supplier_id",
                "lines.0.quantity",
                "lines.1.sku_id",
                "lines.2.quantity",
                "lines.2.sku_id",
            ]
        );
        assert_eq!(problems[6].reason, "appears twice");
        assert!(workspace.recurring_orders.is_empty(), "nothing stored");
    }
}
