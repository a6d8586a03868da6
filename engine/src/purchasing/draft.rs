//! Draft purchase orders from the plan's suggestions: one per chosen
//! supplier × location, lines of the same SKU merged, priced by
//! [`evaluate_po`].

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::evaluate::{evaluate_po, EvaluateError, PoEvaluation};
use crate::model::{
    LocationId, PoEvent, PoEventKind, PoId, PoLine, PoStatus, PurchaseOrder, SkuId, SupplierId, Workspace,
};
use crate::plan::{Decision, Plan, PlanLine};

/// Which plan lines to draft orders for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Selection {
    /// Every line whose decision says to order (`Plan::suggestions` with an
    /// ordering decision and a quantity above zero).
    NeedingOrder,
    /// These SKU × location lines; each must be in the plan with an order.
    Lines(Vec<(SkuId, LocationId)>),
}

/// Why [`draft_purchase_orders`] drafted nothing.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum DraftError {
    #[error("{sku} at {location} is not a line of the plan")]
    NotInPlan { sku: SkuId, location: LocationId },
    #[error("the plan suggests no order for {sku} at {location}")]
    NothingToOrder { sku: SkuId, location: LocationId },
    #[error("draft {po}: {error}")]
    Evaluate { po: PoId, error: EvaluateError },
}

/// A drafted order and its evaluation (what the draft page shows).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftedOrder {
    pub order: PurchaseOrder,
    pub evaluation: PoEvaluation,
}

/// The drafts, in id order (suppliers, then locations, ascending).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Drafts {
    pub orders: Vec<DraftedOrder>,
    /// Plan lines drafted.
    pub suggestions: usize,
}

/// The highest number among `orders`' ids of the form `PO-<year>-<number>`
/// for `year`, 0 when there is none.
pub(super) fn last_po_number<'a>(orders: impl IntoIterator<Item = &'a PurchaseOrder>, year: i32) -> u32 {
    orders
        .into_iter()
        .filter_map(|order| {
            let rest = order.id.as_str().strip_prefix("PO-")?;
            let (order_year, number) = rest.split_once('-')?;
            (order_year.parse::<i32>().ok()? == year && number.bytes().all(|b| b.is_ascii_digit()))
                .then(|| number.parse::<u32>().ok())
                .flatten()
        })
        .max()
        .unwrap_or(0)
}

pub(super) fn po_id(year: i32, number: u32) -> PoId {
    PoId::new(format!("PO-{year}-{number:05}"))
}

/// The id of the next purchase order of `year`: `PO-<year>-<5 digits>`, one
/// above the highest number of that year among `orders` (the numbering of
/// the sample's orders, `sample::purchasing`). Ids of another form are
/// ignored; numbers beyond 99999 take more digits, so an id is never reused.
pub fn next_po_id(orders: &[PurchaseOrder], year: i32) -> PoId {
    po_id(year, last_po_number(orders, year).saturating_add(1))
}

/// Whether the line's decision is to order.
fn orders(line: &PlanLine) -> bool {
    let ordering = matches!(
        line.decision,
        Decision::BelowReorderPoint
            | Decision::BelowOrderUpTo
            | Decision::BelowMin
            | Decision::BackordersOnly
            | Decision::BuyerOverride
    );
    ordering && line.order.as_ref().is_some_and(|order| order.quantity > 0.0)
}

/// Draft purchase orders from `plan` for the `selection`, dated `today`,
/// logged at `at` by `role`.
///
/// One draft per supplier × location: the plan line's chosen supplier and
/// location. On a draft, lines of the same SKU are merged (quantities
/// summed), ascending by SKU and numbered 10, 20, …. Each draft: status
/// Draft, created today, no promised date (nobody has promised anything
/// until the order is sent: `lifecycle::send` sets it from the day it is
/// sent), ids continuing the workspace's
/// numbering (`next_po_id`, the year of `today`); each line's unit price is
/// the all-units break for the order's quantity of its SKU and its expected
/// landed unit cost the line's `unit_landed`, both from [`evaluate_po`]; the
/// log holds one `Drafted` event naming the plan's day and how many
/// suggestions the draft holds.
///
/// Refused: a selected line not in the plan or with no order, and any draft
/// `evaluate_po` refuses (with the draft's id).
pub fn draft_purchase_orders(
    workspace: &Workspace,
    plan: &Plan,
    selection: &Selection,
    today: NaiveDate,
    at: NaiveDateTime,
    role: &str,
) -> Result<Drafts, DraftError> {
    let chosen = selected_lines(plan, selection)?;
    // (supplier, location, SKU, quantity), grouped by sorting.
    let mut items: Vec<(&SupplierId, &LocationId, &SkuId, f64)> = chosen
        .iter()
        .filter_map(|line| {
            line.order.as_ref().map(|order| (&order.supplier, &line.location, &line.sku, order.quantity))
        })
        .collect();
    crate::sorting::sort_by(&mut items, |a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));

    let year = today.year();
    let mut number = last_po_number(workspace.purchase_orders.iter(), year);
    let mut drafts = Drafts { orders: Vec::new(), suggestions: items.len() };
    for group in items.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        number = number.saturating_add(1);
        let (supplier, location) = (group[0].0, group[0].1);
        let mut lines: Vec<PoLine> = Vec::new();
        for &(_, _, sku, quantity) in group {
            match lines.last_mut() {
                Some(last) if &last.sku == sku => last.quantity += quantity,
                _ => lines.push(PoLine {
                    line_no: 10 * (lines.len() as u32 + 1),
                    sku: sku.clone(),
                    quantity,
                    unit_price: rust_decimal::Decimal::ZERO,
                    expected_landed_unit: None,
                    receipts: Vec::new(),
                }),
            }
        }
        let mut order = PurchaseOrder {
            id: po_id(year, number),
            supplier: supplier.clone(),
            location: location.clone(),
            status: PoStatus::Draft,
            created: today,
            approved: None,
            sent: None,
            promised: None,
            received: None,
            note: String::new(),
            lines,
            log: vec![PoEvent {
                seq: 1,
                at,
                role: role.to_owned(),
                kind: PoEventKind::Drafted,
                comment: format!(
                    "drafted from the plan of {}: {} suggestion{}",
                    plan.today,
                    group.len(),
                    if group.len() == 1 { "" } else { "s" }
                ),
            }],
        };
        let evaluation = evaluate_po(workspace, &order, today)
            .map_err(|error| DraftError::Evaluate { po: order.id.clone(), error })?;
        for (line, priced) in order.lines.iter_mut().zip(&evaluation.lines) {
            line.unit_price = priced.unit_price;
            line.expected_landed_unit = Some(priced.amounts.unit_landed);
        }
        drafts.orders.push(DraftedOrder { order, evaluation });
    }
    Ok(drafts)
}

/// The plan lines `selection` names, in plan order for `NeedingOrder`, in
/// the selection's order otherwise.
fn selected_lines<'p>(plan: &'p Plan, selection: &Selection) -> Result<Vec<&'p PlanLine>, DraftError> {
    match selection {
        Selection::NeedingOrder => Ok(plan.lines.iter().filter(|line| orders(line)).collect()),
        Selection::Lines(keys) => {
            let by_key: HashMap<(&SkuId, &LocationId), &PlanLine> =
                plan.lines.iter().map(|line| ((&line.sku, &line.location), line)).collect();
            keys.iter()
                .map(|(sku, location)| {
                    let line = by_key
                        .get(&(sku, location))
                        .ok_or_else(|| DraftError::NotInPlan { sku: sku.clone(), location: location.clone() })?;
                    if line.order.as_ref().is_some_and(|order| order.quantity > 0.0) {
                        Ok(*line)
                    } else {
                        Err(DraftError::NothingToOrder { sku: sku.clone(), location: location.clone() })
                    }
                })
                .collect()
        }
    }
}
