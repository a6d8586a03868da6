//! A buyer's override of a planned line: another quantity, another supplier,
//! or both.
//!
//! The computed figures stay as they were — demand, classes, every offer's
//! lead time, safety stock and cost — so the buyer can still see what the plan
//! advised. Choosing another supplier makes its already computed figures the
//! line's (safety stock, reorder point, flags about the offer) and re-prices
//! the order on its terms; a restricted supplier may be chosen this way, and
//! the line says so. A blocked supplier, or one whose offer cannot be priced
//! today, is refused with the reason, and the line keeps its supplier.
//!
//! A buyer's quantity is taken as given — never rounded behind their back —
//! and flagged when it is below the MOQ or off the order step; zero cancels
//! the order. Without a quantity, a changed supplier re-applies its own
//! ordering rules to what the policy asked for.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::line::{Decision, Exclusion, Flag, PlanLine};
use super::order_quantity::Feasible;
use super::supplier_choice::prepare_offer;
use super::{offer_flags, price_order, OfferContext};
use crate::model::{SupplierId, Workspace};

/// What a buyer changed on a line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Override {
    pub quantity: Option<f64>,
    pub supplier: Option<SupplierId>,
}

/// The line re-priced with the buyer's choice (see the module docs).
pub fn apply_override(workspace: &Workspace, line: &PlanLine, buyer: &Override, today: NaiveDate) -> PlanLine {
    let mut out = line.clone();
    out.flags.retain(|flag| !flag.is_override());
    if buyer.quantity.is_none() && buyer.supplier.is_none() {
        return out;
    }
    out.flags.push(Flag::BuyerOverride { quantity: buyer.quantity, supplier: buyer.supplier.clone() });

    let mut target = line.chosen;
    if let Some(supplier) = &buyer.supplier {
        match line.alternatives.iter().position(|offer| &offer.supplier == supplier) {
            None => refuse(&mut out, supplier, "the supplier has no offer for this SKU".to_owned()),
            Some(idx) => {
                let offer = &line.alternatives[idx];
                match (&offer.exclusion, &offer.figures) {
                    (None | Some(Exclusion::Restricted), Some(_)) => target = idx,
                    (Some(exclusion), _) => refuse(&mut out, supplier, exclusion.to_string()),
                    (None, None) => refuse(&mut out, supplier, "the offer cannot be priced".to_owned()),
                }
            }
        }
    }
    let supplier_id = line.alternatives[target].supplier.clone();
    let offer = workspace
        .offer(&supplier_id, &line.sku)
        .or_else(|| workspace.offers.iter().find(|o| o.supplier == supplier_id && o.sku == line.sku));
    let supplier =
        workspace.supplier(&supplier_id).or_else(|| workspace.suppliers.iter().find(|s| s.id == supplier_id));
    let Some(offer) = offer else {
        refuse(&mut out, &supplier_id, "the offer is no longer in the workspace".to_owned());
        return out;
    };
    let prepared = prepare_offer(workspace, offer, supplier, today);
    let Some(pricing) = prepared.pricing.as_ref() else {
        let reason = prepared.exclusion.map_or_else(|| "the offer cannot be priced".to_owned(), |e| e.to_string());
        refuse(&mut out, &supplier_id, reason);
        return out;
    };

    if target != line.chosen {
        out.alternatives[line.chosen].chosen = false;
        out.alternatives[target].chosen = true;
        out.chosen = target;
        if prepared.exclusion == Some(Exclusion::Restricted) {
            out.flags.push(Flag::RestrictedSupplierChosen { supplier: supplier_id.clone() });
        }
    }
    let figures = out.alternatives[target].figures.clone().expect("only priced offers are taken");
    let mean_per_day = line.demand.as_ref().map_or(0.0, |d| d.mean_per_day.max(0.0));

    let order_quantity = match buyer.quantity {
        Some(quantity) => Some(quantity.max(0.0)),
        None => line.order.as_ref().map(|order| order.requested),
    };
    out.order = order_quantity.filter(|q| *q > 0.0).map(|quantity| {
        let feasible = match buyer.quantity {
            Some(_) => Feasible { requested: quantity, rounded: quantity, cap: None, quantity, forced_waste: 0.0 },
            None => pricing.ordering.feasible(quantity, figures.quantity.shelf_life_cap),
        };
        let cycles = line.order.as_ref().map_or(0, |order| order.cycles);
        Box::new(price_order(pricing, &supplier_id, &feasible, cycles, mean_per_day))
    });
    if let (Some(quantity), Some(_)) = (buyer.quantity, &out.order) {
        let step = pricing.ordering.step.step;
        let off_step = step > 0.0 && ((quantity / step) - (quantity / step).round()).abs() > 1e-9;
        if quantity < offer.moq || off_step {
            out.flags.push(Flag::OverrideBreaksOrderRules { quantity, moq: offer.moq, step });
        }
    }
    if buyer.quantity.is_some() || target != line.chosen {
        out.decision = Decision::BuyerOverride;
    }

    out.safety_stock = figures.safety_stock;
    out.reorder_point = figures.reorder_point;
    out.order_up_to = figures.order_up_to;
    if let Some(levels) = out.min_max.as_mut().filter(|levels| !levels.manual) {
        levels.min = figures.reorder_point;
        levels.max = figures.order_up_to.unwrap_or(levels.max);
    }
    out.urgency_days = out.days_of_cover.map(|cover| cover - figures.lead_time.mean_days);
    out.flags.retain(|flag| !flag.is_about_offer());
    let contract = offer
        .contract
        .as_ref()
        .and_then(|id| workspace.contract(id).or_else(|| workspace.contracts.iter().find(|c| &c.id == id)));
    let context = OfferContext { figures: &figures, pricing, supplier, contract };
    offer_flags(
        &context,
        out.order.as_deref(),
        mean_per_day,
        workspace.settings.risk_buffer_days,
        today,
        &mut out.flags,
    );
    out
}

fn refuse(line: &mut PlanLine, supplier: &SupplierId, reason: String) {
    line.flags.push(Flag::OverrideRefused { supplier: supplier.clone(), reason });
}

/// A buyer's quantity more than this many times what the line needs asks
/// for a confirmation first (see `review_quantity`).
pub const CONFIRM_MULTIPLE: f64 = 3.0;

/// What a buyer's quantity amounts to, shown before an override is applied.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantityReview {
    /// What the line needs: the largest of the planned order quantity, the
    /// gap between the position and the line's top level, and the top level
    /// itself (so a line that needs nothing today still has a scale).
    pub needed: f64,
    /// The line's top level: the order-up-to level S, or else the reorder
    /// point plus the planned order quantity.
    pub top_level: f64,
    /// `quantity ÷ needed` (infinite when `needed` is 0 and the quantity is not).
    pub multiple: f64,
    /// The inventory position after the order: position + quantity.
    pub position_after: f64,
    /// `position_after ÷ d` in days, with d the expected demand per day;
    /// `None` when the line has no demand estimate or d is 0.
    pub cover_days: Option<f64>,
    /// The quantity is more than `CONFIRM_MULTIPLE` × `needed`.
    pub needs_confirmation: bool,
}

/// Why a quantity cannot be reviewed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ReviewError {
    #[error("the quantity must be a finite number of at least 0, not {0}")]
    InvalidQuantity(f64),
}

/// Review a buyer's quantity against the planned line before it is applied.
///
/// Conventions: top level = S when the policy has one, else reorder point +
/// planned quantity; needed = max(planned quantity, top level − position, top
/// level); multiple = quantity ÷ needed; cover = (position + quantity) ÷ d
/// days. A quantity above `CONFIRM_MULTIPLE` × needed needs the buyer's
/// confirmation (777 units on a line whose order-up-to level is 4.6 and whose
/// planned order is 7 is 111 × what it needs). A negative, NaN or infinite
/// quantity is refused.
pub fn review_quantity(line: &PlanLine, quantity: f64) -> Result<QuantityReview, ReviewError> {
    if !quantity.is_finite() || quantity < 0.0 {
        return Err(ReviewError::InvalidQuantity(quantity));
    }
    let planned = line.order.as_ref().map_or(0.0, |order| order.quantity);
    let top_level = line.order_up_to.unwrap_or(line.reorder_point + planned);
    let position = line.inventory.position;
    let needed = planned.max(top_level - position).max(top_level).max(0.0);
    let multiple = if needed > 0.0 {
        quantity / needed
    } else if quantity > 0.0 {
        f64::INFINITY
    } else {
        0.0
    };
    let position_after = position + quantity;
    let cover_days = line
        .demand
        .as_ref()
        .map(|demand| demand.mean_per_day)
        .filter(|per_day| *per_day > 0.0)
        .map(|per_day| position_after / per_day);
    Ok(QuantityReview {
        needed,
        top_level,
        multiple,
        position_after,
        cover_days,
        needs_confirmation: multiple > CONFIRM_MULTIPLE,
    })
}
