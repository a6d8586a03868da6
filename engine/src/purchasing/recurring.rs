//! Recurring orders (issue 8, section 7): a standing order for some SKUs from
//! one supplier to one location, due every N weeks from a start date, becomes
//! a draft purchase order when due. The draft then goes through the same
//! approval rules as any other (`lifecycle::submit`).
//!
//! Conventions:
//! - Due dates are `start + k·7·every_weeks` days, k = 0, 1, 2…; a due date
//!   is generated once (`RecurringOrder::last_generated` records the last one).
//! - A missed cadence is not ordered several times over: when several due
//!   dates have passed since the last generation, one draft is made for the
//!   latest and the earlier ones are listed as skipped.
//! - Quantities: `fixed` lines order their quantity; `order_up_to` lines order
//!   the plan line's order-up-to level less its inventory position (see
//!   [`generate_recurring`]); both are then made orderable by the plan's own
//!   rounding ([`OrderingTerms::round`]) and priced at the offer's all-units
//!   break ([`Offer::price_for`]).
//! - Generating is a pure function of the workspace; [`apply_generated`]
//!   stores the drafts and the new `last_generated` dates, all or nothing.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::model::money::to_f64;
use crate::model::{
    Offer, PoEvent, PoEventKind, PoId, PoLine, PoStatus, PurchaseOrder, RecurringId, RecurringLine, RecurringOrder,
    RecurringRule, SkuId, SkuStatus, Workspace,
};
use crate::plan::order_quantity::{order_step, OrderingTerms, Tier};
use crate::plan::Plan;

/// The longest schedule [`upcoming`] shows, in days (ten years).
pub const MAX_HORIZON_DAYS: u32 = 3_660;

/// Why recurring orders could not be scheduled, generated or stored. Nothing
/// is generated or changed when one is returned.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum RecurringError {
    #[error("recurring order {recurring} repeats every 0 weeks: give a cadence of at least one week")]
    ZeroCadence { recurring: RecurringId },
    #[error("say which role you act as")]
    NoRole,
    #[error("a schedule of {horizon_days} days is too long (at most {MAX_HORIZON_DAYS})")]
    HorizonTooLong { horizon_days: u32 },
    #[error("there is no recurring order {recurring}")]
    UnknownRecurring { recurring: RecurringId },
    #[error(
        "recurring order {recurring} was generated since (last due date {}, expected {}): generate again",
        show_date(.found),
        show_date(.expected)
    )]
    Stale { recurring: RecurringId, expected: Option<NaiveDate>, found: Option<NaiveDate> },
    #[error("purchase order {po} already exists")]
    IdTaken { po: PoId },
    #[error("no purchase-order number is left in {year}")]
    NumbersExhausted { year: i32 },
}

fn show_date(date: &Option<NaiveDate>) -> String {
    date.map_or_else(|| "none".to_owned(), |d| d.to_string())
}

/// Why a recurring line is not on the draft.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum LineRefusal {
    /// The quantity came to zero or less: nothing to order this time (for
    /// `order_up_to`, the position is at or above the level).
    #[error("nothing to order (quantity {requested})")]
    NothingToOrder { requested: f64 },
    #[error("the fixed quantity {quantity} is not a number of at least zero")]
    BadQuantity { quantity: f64 },
    #[error("SKU {sku} is not in the workspace")]
    UnknownSku { sku: SkuId },
    #[error("SKU {sku} is discontinued")]
    Discontinued { sku: SkuId },
    #[error("the supplier has no offer for SKU {sku}")]
    NoOffer { sku: SkuId },
    #[error("the supplier's offer for SKU {sku} is not valid on {date}")]
    OfferNotValid { sku: SkuId, date: NaiveDate },
    #[error("the supplier's offer for SKU {sku} has no price for {quantity}")]
    NoPrice { sku: SkuId, quantity: f64 },
    #[error("order-up-to needs a plan: plan first")]
    NoPlan,
    #[error("the plan is of {plan_today}, not of {today}: plan again")]
    PlanOutOfDate { plan_today: NaiveDate, today: NaiveDate },
    #[error("the plan has no line for SKU {sku} at this location (see the unplannable list)")]
    NoPlanLine { sku: SkuId },
    #[error("the plan line of SKU {sku} has no priced offer to take levels from")]
    NoLevels { sku: SkuId },
}

/// A recurring line left off the draft, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeftOutLine {
    pub sku: SkuId,
    pub reason: LineRefusal,
}

/// What one due recurring order produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecurringDraft {
    pub recurring: RecurringId,
    /// The due date ordered for: the latest one not after today.
    pub due: NaiveDate,
    /// Earlier due dates missed since the last generation, ascending; not
    /// ordered separately.
    pub skipped_due: Vec<NaiveDate>,
    /// `None` when every line was left out.
    pub order: Option<PurchaseOrder>,
    pub left_out: Vec<LeftOutLine>,
}

/// A recurring order's `last_generated` moving from `previous` to `due`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastGenerated {
    pub recurring: RecurringId,
    /// What `last_generated` was when the drafts were made; storing is
    /// refused if it has changed since.
    pub previous: Option<NaiveDate>,
    pub due: NaiveDate,
}

/// Drafts generated from the recurring orders, not yet stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Generated {
    /// One per active recurring order with a due date not yet generated, by id.
    pub drafts: Vec<RecurringDraft>,
    /// Orders whose due date counts as done: a draft was made, or every line
    /// had nothing to order. An order whose lines were all refused for
    /// another reason (no plan, no offer…) stays due, so it is offered again.
    pub last_generated: Vec<LastGenerated>,
}

impl Generated {
    /// The purchase orders generated.
    pub fn orders(&self) -> impl Iterator<Item = &PurchaseOrder> + '_ {
        self.drafts.iter().filter_map(|draft| draft.order.as_ref())
    }
}

/// The due dates of `order` after its `last_generated` date (from `start`
/// when it has none) and not after `through`, ascending: `start + k·7·every_weeks`
/// days for k = 0, 1, 2…. A `last_generated` off the cadence (the schedule
/// was edited) counts the dates after it. Dates beyond the calendar's end
/// are not listed. `active` is not looked at.
///
/// Refused: `every_weeks` = 0 ([`RecurringError::ZeroCadence`]).
pub fn due_dates(order: &RecurringOrder, through: NaiveDate) -> Result<Vec<NaiveDate>, RecurringError> {
    if order.every_weeks == 0 {
        return Err(RecurringError::ZeroCadence { recurring: order.id.clone() });
    }
    let period = 7 * u64::from(order.every_weeks);
    let mut k = match order.last_generated {
        Some(last) if last >= order.start => (last - order.start).num_days() as u64 / period + 1,
        _ => 0,
    };
    let mut dates = Vec::new();
    while let Some(date) = k.checked_mul(period).and_then(|days| order.start.checked_add_days(Days::new(days))) {
        if date > through {
            break;
        }
        dates.push(date);
        k += 1;
    }
    Ok(dates)
}

/// The schedule: every due date of an active recurring order not yet
/// generated and not after `today + horizon_days`, overdue ones included,
/// ascending by date then recurring order.
///
/// Refused: a horizon above [`MAX_HORIZON_DAYS`], an active order with
/// `every_weeks` = 0.
pub fn upcoming(
    workspace: &Workspace,
    today: NaiveDate,
    horizon_days: u32,
) -> Result<Vec<(RecurringId, NaiveDate)>, RecurringError> {
    if horizon_days > MAX_HORIZON_DAYS {
        return Err(RecurringError::HorizonTooLong { horizon_days });
    }
    let through = today.checked_add_days(Days::new(u64::from(horizon_days))).unwrap_or(NaiveDate::MAX);
    let mut schedule = Vec::new();
    for order in workspace.recurring_orders.iter().filter(|order| order.active) {
        schedule.extend(due_dates(order, through)?.into_iter().map(|date| (order.id.clone(), date)));
    }
    crate::sorting::sort_by(&mut schedule, |a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    Ok(schedule)
}

/// One draft purchase order for every active recurring order with a due
/// date not after `today` that has not been generated yet (see the module
/// docs for missed cadences). Nothing is stored: see [`apply_generated`].
///
/// Each recurring line becomes a PO line (numbered 10, 20, … in SKU order):
/// - `fixed`: the line's quantity;
/// - `order_up_to`: the plan line's (SKU, location) order-up-to level S less
///   its inventory position. S is the plan's `order_up_to` (periodic review's
///   S, min/max's max), which the plan computed for its chosen offer, possibly
///   another supplier's. A continuous-review line has none: it then orders up
///   to s + Q (its reorder point plus the chosen offer's cycle quantity), the
///   level the plan's own min/max uses for a policy-matrix min/max
///   (min = s, max = s + Q). Refused with a reason when there is no plan, the
///   plan is of another day, or it has no line for the pair.
///
/// The quantity, when above zero, is raised to the offer's MOQ and first
/// price break and rounded up to its order step (least common multiple of
/// pack size and purchase unit) by the plan's [`OrderingTerms::round`]; the
/// supplier's minimum order value is a check on the whole PO and is not
/// applied to a line. Lines of quantity zero or less are left out and
/// listed. The unit price is the offer's all-units break for the quantity.
///
/// The PO is a draft created `today`, numbered `PO-<year>-<5 digits>`
/// continuing the highest number of `today`'s year among the workspace's
/// orders, noted "Recurring order <id>, due <date>", with one log event
/// (seq 1, `Drafted`, by `role` at `at`) and no expected landed cost (the
/// evaluation fills it).
///
/// Refused: an empty role, an active order with `every_weeks` = 0, no
/// number left in the year.
pub fn generate_recurring(
    workspace: &Workspace,
    plan: Option<&Plan>,
    today: NaiveDate,
    at: NaiveDateTime,
    role: &str,
) -> Result<Generated, RecurringError> {
    if role.trim().is_empty() {
        return Err(RecurringError::NoRole);
    }
    let mut numbering = PoNumbering::continuing(workspace, today.year());
    let mut generated = Generated::default();
    for recurring in workspace.recurring_orders.iter().filter(|order| order.active) {
        let mut due = due_dates(recurring, today)?;
        let Some(latest) = due.pop() else { continue };
        let context = LineContext { workspace, plan, today, recurring };
        let mut lines = Vec::new();
        let mut left_out = Vec::new();
        for line in &recurring.lines {
            match context.po_line(line, 10 * (lines.len() as u32 + 1)) {
                Ok(po_line) => lines.push(po_line),
                Err(reason) => left_out.push(LeftOutLine { sku: line.sku.clone(), reason }),
            }
        }
        let nothing_refused = left_out.iter().all(|left| matches!(left.reason, LineRefusal::NothingToOrder { .. }));
        let order = if lines.is_empty() {
            None
        } else {
            let note = format!("Recurring order {}, due {latest}", recurring.id);
            let comment = if due.is_empty() {
                format!("Generated from recurring order {}, due {latest}", recurring.id)
            } else {
                let missed = due.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                format!(
                    "Generated from recurring order {}, due {latest}; missed due dates {missed} not ordered separately",
                    recurring.id
                )
            };
            Some(PurchaseOrder {
                id: numbering.next(workspace)?,
                supplier: recurring.supplier.clone(),
                location: recurring.location.clone(),
                status: PoStatus::Draft,
                created: today,
                approved: None,
                sent: None,
                promised: None,
                received: None,
                note,
                lines,
                log: vec![PoEvent { seq: 1, at, role: role.to_owned(), kind: PoEventKind::Drafted, comment }],
            })
        };
        if order.is_some() || nothing_refused {
            generated.last_generated.push(LastGenerated {
                recurring: recurring.id.clone(),
                previous: recurring.last_generated,
                due: latest,
            });
        }
        generated.drafts.push(RecurringDraft {
            recurring: recurring.id.clone(),
            due: latest,
            skipped_due: due,
            order,
            left_out,
        });
    }
    Ok(generated)
}

/// Stores generated drafts: inserts the purchase orders and sets each
/// recurring order's `last_generated`. All or nothing: refused, with the
/// workspace unchanged, when a recurring order is gone or was generated since
/// ([`RecurringError::Stale`]), or a PO id is already taken.
pub fn apply_generated(workspace: &mut Workspace, generated: &Generated) -> Result<(), RecurringError> {
    let mut indexes = Vec::with_capacity(generated.last_generated.len());
    for update in &generated.last_generated {
        let idx = workspace
            .recurring_orders
            .binary_search_by(|order| order.id.cmp(&update.recurring))
            .map_err(|_| RecurringError::UnknownRecurring { recurring: update.recurring.clone() })?;
        let found = workspace.recurring_orders[idx].last_generated;
        if found != update.previous {
            return Err(RecurringError::Stale {
                recurring: update.recurring.clone(),
                expected: update.previous,
                found,
            });
        }
        indexes.push(idx);
    }
    let mut new_ids = std::collections::BTreeSet::new();
    for order in generated.orders() {
        if workspace.purchase_order(&order.id).is_some() || !new_ids.insert(&order.id) {
            return Err(RecurringError::IdTaken { po: order.id.clone() });
        }
    }
    for (update, idx) in generated.last_generated.iter().zip(indexes) {
        workspace.recurring_orders.modify(idx, |order| order.last_generated = Some(update.due));
    }
    for order in generated.orders() {
        workspace.purchase_orders.upsert(order.clone());
    }
    Ok(())
}

/// What pricing one recurring line needs.
struct LineContext<'a> {
    workspace: &'a Workspace,
    plan: Option<&'a Plan>,
    today: NaiveDate,
    recurring: &'a RecurringOrder,
}

impl LineContext<'_> {
    fn po_line(&self, line: &RecurringLine, line_no: u32) -> Result<PoLine, LineRefusal> {
        let sku = &line.sku;
        match self.workspace.sku(sku) {
            None => return Err(LineRefusal::UnknownSku { sku: sku.clone() }),
            Some(found) if found.status == SkuStatus::Discontinued => {
                return Err(LineRefusal::Discontinued { sku: sku.clone() })
            }
            Some(_) => {}
        }
        let offer = self
            .workspace
            .offer(&self.recurring.supplier, sku)
            .ok_or_else(|| LineRefusal::NoOffer { sku: sku.clone() })?;
        if !offer.is_valid_on(self.today) {
            return Err(LineRefusal::OfferNotValid { sku: sku.clone(), date: self.today });
        }
        if offer.price_breaks.is_empty() {
            return Err(LineRefusal::NoPrice { sku: sku.clone(), quantity: 0.0 });
        }
        let requested = self.requested(line)?;
        if requested <= 0.0 {
            return Err(LineRefusal::NothingToOrder { requested });
        }
        let quantity = ordering_terms(offer).round(requested);
        let price = offer.price_for(quantity).ok_or_else(|| LineRefusal::NoPrice { sku: sku.clone(), quantity })?;
        Ok(PoLine {
            line_no,
            sku: sku.clone(),
            quantity,
            unit_price: price.unit_price,
            expected_landed_unit: None,
            receipts: Vec::new(),
        })
    }

    /// The quantity the rule asks for, before the ordering rules.
    fn requested(&self, line: &RecurringLine) -> Result<f64, LineRefusal> {
        match line.rule {
            RecurringRule::Fixed => {
                if line.quantity.is_finite() && line.quantity >= 0.0 {
                    Ok(line.quantity)
                } else {
                    Err(LineRefusal::BadQuantity { quantity: line.quantity })
                }
            }
            RecurringRule::OrderUpTo => {
                let plan = self.plan.ok_or(LineRefusal::NoPlan)?;
                if plan.today != self.today {
                    return Err(LineRefusal::PlanOutOfDate { plan_today: plan.today, today: self.today });
                }
                let key = (&line.sku, &self.recurring.location);
                let plan_line = plan
                    .lines
                    .binary_search_by(|plan_line| (&plan_line.sku, &plan_line.location).cmp(&key))
                    .ok()
                    .map(|idx| &plan.lines[idx])
                    .ok_or_else(|| LineRefusal::NoPlanLine { sku: line.sku.clone() })?;
                let level = match plan_line.order_up_to {
                    Some(level) => level,
                    None => {
                        let figures = plan_line
                            .chosen_figures()
                            .ok_or_else(|| LineRefusal::NoLevels { sku: line.sku.clone() })?;
                        plan_line.reorder_point + figures.quantity.quantity
                    }
                };
                Ok(level - plan_line.inventory.position)
            }
        }
    }
}

/// The offer's ordering rules as the plan's rounding reads them: MOQ, order
/// step and price breaks (the first break is the smallest quantity that has
/// a price). Landed costs play no part in rounding, so they are left at zero;
/// the minimum order value is checked on the whole PO, not here.
fn ordering_terms(offer: &Offer) -> OrderingTerms {
    OrderingTerms {
        moq: offer.moq.max(0.0),
        step: order_step(offer.pack_size, offer.units_per_purchase_unit),
        tiers: offer
            .price_breaks
            .iter()
            .map(|b| Tier { min_qty: b.min_qty, goods_price: to_f64(b.unit_price), variable_landed: 0.0 })
            .collect(),
        min_order_value: None,
        free_freight_threshold: None,
    }
}

/// Purchase-order numbers `PO-<year>-<5 digits>`, continuing the highest
/// number of the year among the workspace's orders by the drafting
/// module's rule (`draft::last_po_number`, the one `next_po_id` uses); an id
/// already taken (another spelling of the same number) is passed over.
struct PoNumbering {
    year: i32,
    last: u32,
}

impl PoNumbering {
    fn continuing(workspace: &Workspace, year: i32) -> Self {
        Self { year, last: super::draft::last_po_number(workspace.purchase_orders.iter(), year) }
    }

    fn next(&mut self, workspace: &Workspace) -> Result<PoId, RecurringError> {
        loop {
            self.last = self.last.checked_add(1).ok_or(RecurringError::NumbersExhausted { year: self.year })?;
            let id = super::draft::po_id(self.year, self.last);
            if workspace.purchase_order(&id).is_none() {
                return Ok(id);
            }
        }
    }
}
