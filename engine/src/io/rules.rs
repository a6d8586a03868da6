//! The rules one row must satisfy on its own (a SKU's unit cost is not
//! negative, an offer's price breaks ascend…), shared by every way data gets
//! in: CSV import, JSON restore, `validate`, and the app's edit forms. Keeping
//! them in one place means a form and an import never disagree.
//!
//! Each function returns the problems as `FieldProblem`s named by the CSV
//! column (`unit_cost`, `price_breaks`), so a form can put the message under
//! the right input and an import can point at the right cell. Rules between
//! rows (duplicate keys, references to other tables) live in `check`.

use chrono::Datelike;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::mapping::{check_spec, MappingPreset, MAX_PRESET_NAME_CHARS};
use crate::model::demand::{FIRST_DEMAND_DATE, LAST_DEMAND_DATE};
use crate::model::{
    ApprovalThreshold, Budget, Contract, CurrencyRate, DemandDay, ForecastOverride, ForecastPin, ForecastScope, Launch,
    Location, MinMaxOverride, Offer, PoEvent, PoLine, PolicyCell, Promotion, PurchaseOrder, Receipt, RecurringLine,
    RecurringOrder, RecurringRule, Settings, Sku, StockCommitment, StockLot, Supplier, Uplift,
};

/// The largest amount of money any field accepts, in its currency: 10^9, a
/// billion. Far above any real unit price, charge, budget or threshold, yet
/// small enough that planning arithmetic on validated data stays far below
/// `Decimal`'s limit (about 7.9 × 10^28): a unit cost times a year of the
/// largest daily demand is at most 10^9 × 366 × 10^9 ≈ 3.7 × 10^20, and a
/// landed unit cost (price, freight and handling each ≤ 10^9, percentages ≤
/// `MAX_PERCENT`) converted at a rate ≤ `MAX_RATE` stays below about 10^19.
/// Without a bound, a 28-digit unit cost validated and then made planning
/// abort on a `Decimal` multiplication overflow.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// The largest percentage (duty, insurance, tax): 1,000 %, above any tariff.
pub const MAX_PERCENT: Decimal = Decimal::from_parts(1_000, 0, 0, false, 0);
/// The largest exchange rate to the base currency: 10^6 (one Kuwaiti dinar
/// is about 10^5 Iranian rials, the widest pair in use).
pub const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// The largest holding cost rate: 10, i.e. 1,000 % of the unit cost a year.
pub const MAX_HOLDING_RATE: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// The largest quantity (stock, orders, MOQ, pack size, price-break
/// quantity, min/max, one day's demand): 10^9 units.
pub const MAX_QUANTITY: f64 = 1e9;
/// The smallest pack size or units per purchase unit: the planner rounds
/// order quantities on a grid of a millionth of a unit.
pub const MIN_STEP: f64 = 1e-6;
/// The longest lead time, review period, payment term, notice period or
/// buffer: 3,650 days, ten years.
pub const MAX_DAYS: u32 = 3_650;
/// The longest shelf life: 36,500 days, a hundred years (leave it empty for
/// goods that do not perish).
pub const MAX_SHELF_LIFE_DAYS: u32 = 36_500;
/// The longest statistics window: 1,043 weeks, the 20 years one demand series
/// may span (`model::demand::MAX_SERIES_DAYS`).
pub const MAX_STATS_WINDOW_WEEKS: u32 = 1_043;

/// The shortest and longest season a buyer may set for a SKU or family, in
/// weeks: a season needs at least two periods, and two years of weekly
/// history is the most a seasonal model is given.
pub const MIN_SEASON_WEEKS: u32 = 2;
pub const MAX_SEASON_WEEKS: u32 = 104;
/// The largest promotion uplift factor: 100 (demand a hundred times the
/// baseline), far above any real promotion, so a forecast times its uplift
/// stays a sane figure.
pub const MAX_UPLIFT: f64 = 100.0;
/// The longest interval of a recurring order: 520 weeks, ten years.
pub const MAX_RECURRING_WEEKS: u32 = 520;
/// The largest "sells like" share: 10 (ten times the like item's demand).
pub const MAX_LIKE_SHARE: f64 = 10.0;

/// A problem with one field of one row, for a form or an import to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The CSV column name of the field (`moq`, `valid_to`).
    pub field: String,
    pub reason: String,
}

/// Collects a row's problems; the closures below keep each rule to one line.
struct Rules(Vec<FieldProblem>);

impl Rules {
    fn new() -> Self {
        Rules(Vec::new())
    }

    fn fail(&mut self, field: &str, reason: impl Into<String>) {
        self.0.push(FieldProblem { field: field.to_owned(), reason: reason.into() });
    }

    /// An id: the buyer's own code. Empty only where the model allows it
    /// (lot, channel); never with surrounding spaces or control characters,
    /// which would make two codes look alike.
    fn id(&mut self, field: &str, id: &str, may_be_empty: bool) {
        if id.is_empty() {
            if !may_be_empty {
                self.fail(field, "is required");
            }
        } else if id.trim() != id {
            self.fail(field, "must not start or end with spaces");
        } else if id.chars().any(char::is_control) {
            self.fail(field, "must not contain line breaks, tabs or other control characters");
        }
    }

    fn not_blank(&mut self, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.fail(field, "is required");
        }
    }

    fn currency(&mut self, field: &str, code: &str) {
        if !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())) {
            self.fail(field, "must be a three-letter ISO 4217 currency code such as EUR or USD");
        }
    }

    /// An amount of money: not negative, at most `MAX_AMOUNT`.
    fn money(&mut self, field: &str, amount: Decimal) {
        self.decimal_within(field, amount, MAX_AMOUNT, "amount");
    }

    /// A percentage that may exceed 100 (duty): not negative, at most `MAX_PERCENT`.
    fn percent_not_negative(&mut self, field: &str, percent: Decimal) {
        self.decimal_within(field, percent, MAX_PERCENT, "percentage");
    }

    fn decimal_within(&mut self, field: &str, value: Decimal, max: Decimal, what: &str) {
        if value.is_sign_negative() && !value.is_zero() {
            self.fail(field, "must not be negative");
        } else if value > max {
            self.fail(field, format!("{what} too large: at most {max}"));
        }
    }

    fn quantity_not_negative(&mut self, field: &str, quantity: f64) {
        if !quantity.is_finite() {
            self.fail(field, "must be a finite number");
        } else if quantity < 0.0 {
            self.fail(field, "must not be negative");
        } else if quantity > MAX_QUANTITY {
            self.fail(field, "quantity too large: at most 1000000000 (10^9)");
        }
    }

    /// A pack size or conversion factor: at least `MIN_STEP`, at most `MAX_QUANTITY`.
    fn quantity_positive(&mut self, field: &str, quantity: f64) {
        if !quantity.is_finite() || quantity <= 0.0 {
            self.fail(field, "must be greater than zero");
        } else if quantity < MIN_STEP {
            self.fail(field, "too small: at least 0.000001 (a millionth)");
        } else if quantity > MAX_QUANTITY {
            self.fail(field, "quantity too large: at most 1000000000 (10^9)");
        }
    }

    fn days(&mut self, field: &str, days: u32, max: u32) {
        if days > max {
            self.fail(field, format!("too long: at most {max} days"));
        }
    }

    fn percent(&mut self, field: &str, percent: f64) {
        if !(percent.is_finite() && (0.0..=100.0).contains(&percent)) {
            self.fail(field, "must be a percentage between 0 and 100");
        }
    }

    /// A date the forecast can reach: within the demand date bounds.
    fn forecast_date(&mut self, field: &str, date: chrono::NaiveDate) {
        if !(FIRST_DEMAND_DATE..=LAST_DEMAND_DATE).contains(&date) {
            self.fail(field, format!("must lie between {FIRST_DEMAND_DATE} and {LAST_DEMAND_DATE}"));
        }
    }

    /// A SKU or a family: the SKU id as any id; the family not blank.
    fn scope(&mut self, scope: &ForecastScope) {
        match scope {
            ForecastScope::Sku(sku) if sku.as_str().is_empty() => {
                self.fail("sku_id", "one of sku_id or family is required")
            }
            ForecastScope::Sku(sku) => self.id("sku_id", sku.as_str(), false),
            ForecastScope::Family(family) => self.not_blank("family", family),
        }
    }

    fn done(self) -> Vec<FieldProblem> {
        self.0
    }
}

pub fn validate_sku(sku: &Sku) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("sku_id", sku.id.as_str(), false);
    rules.not_blank("name", &sku.name);
    rules.not_blank("unit", &sku.unit);
    rules.money("unit_cost", sku.unit_cost);
    if let Some(days) = sku.shelf_life_days {
        rules.days("shelf_life_days", days, MAX_SHELF_LIFE_DAYS);
    }
    if let Some(days) = sku.min_remaining_shelf_life_days {
        rules.days("min_remaining_shelf_life_days", days, MAX_SHELF_LIFE_DAYS);
    }
    if sku.shelf_life_days == Some(0) {
        rules.fail("shelf_life_days", "must be at least 1 day (leave it empty for non-perishables)");
    }
    if let (Some(shelf_life), Some(min_remaining)) = (sku.shelf_life_days, sku.min_remaining_shelf_life_days) {
        if min_remaining > shelf_life {
            rules.fail(
                "min_remaining_shelf_life_days",
                format!("must not exceed the shelf life ({shelf_life} days), or no delivery could be accepted"),
            );
        }
    }
    if let Some(weight) = sku.weight_kg {
        rules.quantity_not_negative("weight_kg", weight);
    }
    if let Some(volume) = sku.volume_l {
        rules.quantity_not_negative("volume_l", volume);
    }
    rules.done()
}

pub fn validate_location(location: &Location) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("location_id", location.id.as_str(), false);
    rules.not_blank("name", &location.name);
    rules.done()
}

pub fn validate_supplier(supplier: &Supplier) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("supplier_id", supplier.id.as_str(), false);
    rules.not_blank("name", &supplier.name);
    rules.currency("currency", supplier.currency.as_str());
    let terms = &supplier.payment_terms;
    rules.days("payment_net_days", terms.net_days, MAX_DAYS);
    if let Some(days) = terms.early_discount_days {
        rules.days("early_discount_days", days, MAX_DAYS);
    }
    match (terms.early_discount_pct, terms.early_discount_days) {
        (Some(pct), Some(_)) => {
            if pct.is_sign_negative() || pct > Decimal::ONE_HUNDRED {
                rules.fail("early_discount_pct", "must be a percentage between 0 and 100");
            }
        }
        (Some(_), None) => rules.fail("early_discount_days", "is required when an early-payment discount is given"),
        (None, Some(_)) => rules.fail("early_discount_pct", "is required when early_discount_days is given"),
        (None, None) => {}
    }
    let landed = &supplier.landed;
    rules.money("freight_per_order", landed.freight_per_order);
    rules.money("freight_per_unit", landed.freight_per_unit);
    rules.percent_not_negative("insurance_pct", landed.insurance_pct);
    rules.percent_not_negative("duty_pct", landed.duty_pct);
    rules.percent_not_negative("tax_pct", landed.tax_pct);
    rules.money("handling_per_unit", landed.handling_per_unit);
    if let Some(value) = supplier.min_order_value {
        rules.money("min_order_value", value);
    }
    if let Some(value) = supplier.free_freight_threshold {
        rules.money("free_freight_threshold", value);
    }
    if let Some(sd) = supplier.lead_time_sd_days {
        if !sd.is_finite() {
            rules.fail("lead_time_sd_days", "must be a finite number");
        } else if sd < 0.0 {
            rules.fail("lead_time_sd_days", "must not be negative");
        } else if sd > f64::from(MAX_DAYS) {
            rules.fail("lead_time_sd_days", format!("too long: at most {MAX_DAYS} days"));
        }
    }
    rules.done()
}

pub fn validate_offer(offer: &Offer) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("supplier_id", offer.supplier.as_str(), false);
    rules.id("sku_id", offer.sku.as_str(), false);
    if offer.price_breaks.is_empty() {
        rules.fail("price_breaks", "at least one price break is required, like 1:4.50|100:4.20");
    }
    for (idx, price_break) in offer.price_breaks.iter().enumerate() {
        if !price_break.min_qty.is_finite() || price_break.min_qty < 0.0 {
            rules.fail("price_breaks", format!("price break {}: the minimum quantity must not be negative", idx + 1));
        } else if price_break.min_qty > MAX_QUANTITY {
            rules.fail(
                "price_breaks",
                format!("price break {}: quantity too large: at most 1000000000 (10^9)", idx + 1),
            );
        }
        if price_break.unit_price.is_sign_negative() && !price_break.unit_price.is_zero() {
            rules.fail("price_breaks", format!("price break {}: the unit price must not be negative", idx + 1));
        } else if price_break.unit_price > MAX_AMOUNT {
            rules.fail("price_breaks", format!("price break {}: amount too large: at most {MAX_AMOUNT}", idx + 1));
        }
    }
    if offer.price_breaks.windows(2).any(|pair| pair[0].min_qty >= pair[1].min_qty) {
        rules.fail("price_breaks", "price breaks must be in ascending order of minimum quantity, each quantity once");
    }
    rules.quantity_not_negative("moq", offer.moq);
    rules.quantity_positive("pack_size", offer.pack_size);
    rules.not_blank("purchase_unit", &offer.purchase_unit);
    rules.quantity_positive("units_per_purchase_unit", offer.units_per_purchase_unit);
    rules.days("lead_time_days", offer.lead_time_days, MAX_DAYS);
    let overrides = &offer.landed_override;
    if let Some(value) = overrides.freight_per_unit {
        rules.money("freight_per_unit_override", value);
    }
    if let Some(value) = overrides.duty_pct {
        rules.percent_not_negative("duty_pct_override", value);
    }
    if let Some(value) = overrides.handling_per_unit {
        rules.money("handling_per_unit_override", value);
    }
    if let Some(contract) = &offer.contract {
        rules.id("contract_id", contract.as_str(), false);
    }
    if let (Some(from), Some(to)) = (offer.valid_from, offer.valid_to) {
        if from > to {
            rules.fail("valid_to", format!("must not be before valid_from ({from})"));
        }
    }
    rules.done()
}

pub fn validate_contract(contract: &Contract) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("contract_id", contract.id.as_str(), false);
    rules.id("supplier_id", contract.supplier.as_str(), false);
    rules.days("termination_notice_days", contract.termination_notice_days, MAX_DAYS);
    if contract.start > contract.end {
        rules.fail("end", format!("must not be before the start ({})", contract.start));
    }
    for (field, value) in [
        ("sla_fill_rate_pct", contract.sla.fill_rate_pct),
        ("sla_on_time_pct", contract.sla.on_time_pct),
        ("sla_quality_pct", contract.sla.quality_pct),
    ] {
        if let Some(percent) = value {
            rules.percent(field, percent);
        }
    }
    rules.done()
}

pub fn validate_stock_lot(lot: &StockLot) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("sku_id", lot.sku.as_str(), false);
    rules.id("location_id", lot.location.as_str(), false);
    rules.id("lot_id", lot.lot.as_str(), true);
    rules.quantity_not_negative("quantity", lot.quantity);
    rules.done()
}

pub fn validate_commitment(commitment: &StockCommitment) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("sku_id", commitment.sku.as_str(), false);
    rules.id("location_id", commitment.location.as_str(), false);
    rules.quantity_not_negative("backorders", commitment.backorders);
    rules.quantity_not_negative("allocated", commitment.allocated);
    rules.done()
}

/// One demand day: what shipped (`quantity`) and, if recorded, what the
/// customers asked for (`requested`), each a finite number from 0 to
/// `MAX_QUANTITY`. The two are not compared: see `validate_requested`.
pub fn validate_demand_day(day: &DemandDay) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.quantity_not_negative("quantity", f64::from(day.quantity));
    rules.0.extend(validate_requested(day.requested));
    rules.done()
}

/// What the customers asked for on a demand day (`requested`, optional:
/// `None` is "not recorded"): a finite number from 0 to `MAX_QUANTITY`,
/// like what shipped. It may be above what shipped (what could not be
/// shipped: a stockout, a short delivery) or below it (over-shipment;
/// unit fill rate counts min(shipped, requested), so over-shipment never
/// raises it), and a day that shipped 0 may carry it (the customer asked,
/// nothing shipped). 0 is a recorded value: nothing was asked for.
pub fn validate_requested(requested: Option<f32>) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    if let Some(requested) = requested {
        rules.quantity_not_negative("requested", f64::from(requested));
    }
    rules.done()
}

pub fn validate_min_max(row: &MinMaxOverride) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("sku_id", row.sku.as_str(), false);
    if let Some(location) = &row.location {
        rules.id("location_id", location.as_str(), false);
    }
    rules.quantity_not_negative("min", row.min);
    rules.quantity_not_negative("max", row.max);
    if row.min.is_finite() && row.max.is_finite() && row.min > row.max {
        rules.fail("max", format!("must not be below min ({})", row.min));
    }
    rules.done()
}

pub fn validate_forecast_pin(pin: &ForecastPin) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.scope(&pin.scope);
    if let Some(weeks) = pin.season_weeks {
        if !(MIN_SEASON_WEEKS..=MAX_SEASON_WEEKS).contains(&weeks) {
            rules.fail(
                "season_weeks",
                format!(
                    "must be between {MIN_SEASON_WEEKS} and {MAX_SEASON_WEEKS} weeks (leave it empty to detect the season)"
                ),
            );
        }
    }
    rules.done()
}

pub fn validate_forecast_override(row: &ForecastOverride) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("sku_id", row.sku.as_str(), false);
    rules.id("location_id", row.location.as_str(), false);
    rules.forecast_date("week_start", row.week_start);
    rules.quantity_not_negative("quantity", row.quantity);
    rules.done()
}

pub fn validate_promotion(promotion: &Promotion) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("promotion_id", promotion.id.as_str(), false);
    rules.scope(&promotion.scope);
    if let Some(location) = &promotion.location {
        rules.id("location_id", location.as_str(), false);
    }
    rules.forecast_date("start", promotion.start);
    rules.forecast_date("end", promotion.end);
    if promotion.start > promotion.end {
        rules.fail("end", format!("must not be before the start ({})", promotion.start));
    }
    if let Uplift::Factor(factor) = promotion.uplift {
        if !(factor.is_finite() && factor > 0.0 && factor <= MAX_UPLIFT) {
            rules.fail("uplift", "must be a factor above 0 and at most 100 (1.5 for +50 %), or learned");
        }
    }
    rules.done()
}

pub fn validate_launch(launch: &Launch) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("sku_id", launch.sku.as_str(), false);
    if let Some(location) = &launch.location {
        rules.id("location_id", location.as_str(), false);
    }
    if let Some(like) = &launch.like_sku {
        rules.id("like_sku_id", like.as_str(), false);
        if like == &launch.sku {
            rules.fail("like_sku_id", "must be another SKU: a new item cannot sell like itself");
        }
    }
    match (&launch.like_sku, launch.like_share) {
        (Some(_), None) => rules.fail("like_share", "is required with like_sku_id (0.6 for 60 % of its demand)"),
        (None, Some(_)) => {
            rules.fail("like_share", "is only meaningful with like_sku_id; give the like SKU or leave it empty")
        }
        (_, Some(share)) if !(share.is_finite() && share > 0.0 && share <= MAX_LIKE_SHARE) => {
            rules.fail("like_share", "must be a share above 0 and at most 10 (0.6 for 60 %)")
        }
        _ => {}
    }
    if let Some(rate) = launch.weekly_rate {
        rules.quantity_positive("weekly_rate", rate);
    }
    if launch.like_sku.is_none() && launch.weekly_rate.is_none() && !launch.use_family_profile {
        rules.fail("like_sku_id", "a launch needs a source of demand: like_sku_id, weekly_rate or use_family_profile");
    }
    rules.forecast_date("start", launch.start);
    rules.done()
}

pub fn validate_budget(budget: &Budget) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    if budget.month.day() != 1 {
        rules.fail("month", "must be the first day of a month");
    }
    rules.money("amount", budget.amount);
    rules.done()
}

pub fn validate_currency_rate(rate: &CurrencyRate) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.currency("currency", rate.currency.as_str());
    if rate.rate <= Decimal::ZERO {
        rules.fail("rate", "must be greater than zero");
    } else if rate.rate > MAX_RATE {
        rules.fail("rate", format!("rate too large: at most {MAX_RATE}"));
    }
    rules.done()
}

pub fn validate_approval_threshold(threshold: &ApprovalThreshold) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.money("min_value", threshold.min_value);
    rules.not_blank("approver", &threshold.approver);
    rules.done()
}

pub fn validate_policy_cell(cell: &PolicyCell) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    if !(cell.service_level.is_finite() && cell.service_level > 0.0 && cell.service_level < 1.0) {
        rules.fail("service_level", "must be a fraction strictly between 0 and 1 (0.95 for 95 %)");
    }
    if cell.review_period_days == 0 {
        rules.fail("review_period_days", "must be at least 1 day");
    }
    rules.days("review_period_days", cell.review_period_days, MAX_DAYS);
    rules.done()
}

pub fn validate_purchase_order(order: &PurchaseOrder) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("po_id", order.id.as_str(), false);
    rules.id("supplier_id", order.supplier.as_str(), false);
    rules.id("location_id", order.location.as_str(), false);
    rules.done()
}

pub fn validate_po_line(line: &PoLine) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("sku_id", line.sku.as_str(), false);
    rules.quantity_not_negative("quantity", line.quantity);
    rules.money("unit_price", line.unit_price);
    if let Some(expected) = line.expected_landed_unit {
        rules.money("expected_landed_unit", expected);
    }
    rules.done()
}

/// A PO log entry: who took the step is required (the app has no accounts,
/// so the role is all the log can say).
pub fn validate_po_event(event: &PoEvent) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.not_blank("role", &event.role);
    rules.done()
}

pub fn validate_recurring_order(order: &RecurringOrder) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("recurring_id", order.id.as_str(), false);
    rules.id("supplier_id", order.supplier.as_str(), false);
    rules.id("location_id", order.location.as_str(), false);
    if !(1..=MAX_RECURRING_WEEKS).contains(&order.every_weeks) {
        rules.fail("every_weeks", format!("must be between 1 and {MAX_RECURRING_WEEKS} weeks"));
    }
    if let Some(last) = order.last_generated {
        if last < order.start {
            rules.fail("last_generated", format!("must not be before the start ({})", order.start));
        }
    }
    rules.done()
}

/// A recurring order's line: a fixed rule orders its quantity every time, so
/// it must order something.
pub fn validate_recurring_line(line: &RecurringLine) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("sku_id", line.sku.as_str(), false);
    rules.quantity_not_negative("quantity", line.quantity);
    if line.rule == RecurringRule::Fixed && line.quantity == 0.0 {
        rules.fail("quantity", "must be greater than zero for the fixed rule (order_up_to needs no quantity)");
    }
    rules.done()
}

/// A mapping preset: a name (an id's rules, at most
/// `MAX_PRESET_NAME_CHARS` characters) and a spec that holds together on
/// its own (`mapping::check_spec`: every field a column of the target
/// table, none mapped twice, every required one filled), each of the
/// spec's problems under `spec`.
pub fn validate_mapping_preset(preset: &MappingPreset) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.id("name", &preset.name, false);
    if preset.name.chars().count() > MAX_PRESET_NAME_CHARS {
        rules.fail("name", format!("must be at most {MAX_PRESET_NAME_CHARS} characters long"));
    }
    for problem in check_spec(&preset.spec) {
        rules.fail("spec", problem);
    }
    rules.done()
}

pub fn validate_receipt(receipt: &Receipt) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.quantity_not_negative("quantity_received", receipt.quantity_received);
    rules.quantity_not_negative("quantity_rejected", receipt.quantity_rejected);
    if receipt.quantity_rejected.is_finite()
        && receipt.quantity_received.is_finite()
        && receipt.quantity_rejected > receipt.quantity_received
    {
        rules.fail("quantity_rejected", format!("must not exceed quantity_received ({})", receipt.quantity_received));
    }
    if let Some(lot) = &receipt.lot {
        rules.id("lot_id", lot.as_str(), false);
    }
    rules.money("freight", receipt.freight);
    rules.money("duty", receipt.duty);
    rules.money("other_charges", receipt.other_charges);
    rules.done()
}

/// The scalar settings, each named by its key in `settings.csv`.
pub fn validate_settings(settings: &Settings) -> Vec<FieldProblem> {
    let mut rules = Rules::new();
    rules.currency("base_currency", settings.base_currency.as_str());
    let abc = &settings.abc;
    if !(abc.cutoff_a.is_finite() && abc.cutoff_a > 0.0 && abc.cutoff_a < 1.0) {
        rules.fail("abc_cutoff_a", "must be a share strictly between 0 and 1 (0.8 for 80 %)");
    }
    if !(abc.cutoff_b.is_finite() && abc.cutoff_b > 0.0 && abc.cutoff_b <= 1.0) {
        rules.fail("abc_cutoff_b", "must be a share above 0 and at most 1 (0.95 for 95 %)");
    } else if abc.cutoff_a.is_finite() && abc.cutoff_b <= abc.cutoff_a {
        rules.fail(
            "abc_cutoff_b",
            format!("abc_cutoff_b ({}) must be greater than abc_cutoff_a ({})", abc.cutoff_b, abc.cutoff_a),
        );
    }
    let xyz = &settings.xyz;
    if !(xyz.cutoff_x.is_finite() && xyz.cutoff_x > 0.0) {
        rules.fail("xyz_cutoff_x", "must be a coefficient of variation greater than 0");
    }
    if !(xyz.cutoff_y.is_finite() && xyz.cutoff_y > 0.0) {
        rules.fail("xyz_cutoff_y", "must be a coefficient of variation greater than 0");
    } else if xyz.cutoff_x.is_finite() && xyz.cutoff_y <= xyz.cutoff_x {
        rules.fail(
            "xyz_cutoff_y",
            format!("xyz_cutoff_y ({}) must be greater than xyz_cutoff_x ({})", xyz.cutoff_y, xyz.cutoff_x),
        );
    }
    if settings.stats_window_weeks == 0 {
        rules.fail("stats_window_weeks", "must be at least 1 week");
    } else if settings.stats_window_weeks > MAX_STATS_WINDOW_WEEKS {
        rules.fail("stats_window_weeks", format!("too long: at most {MAX_STATS_WINDOW_WEEKS} weeks (20 years)"));
    }
    rules.decimal_within("holding_cost_rate", settings.holding_cost_rate, MAX_HOLDING_RATE, "rate");
    rules.money("ordering_cost", settings.ordering_cost);
    let buffer = settings.risk_buffer_days;
    if !buffer.is_finite() {
        rules.fail("risk_buffer_days", "must be a finite number");
    } else if buffer < 0.0 {
        rules.fail("risk_buffer_days", "must not be negative");
    } else if buffer > f64::from(MAX_DAYS) {
        rules.fail("risk_buffer_days", format!("too long: at most {MAX_DAYS} days"));
    }
    rules.days("expiry_horizon_days", settings.expiry_horizon_days, MAX_DAYS);
    let purchasing = &settings.purchasing;
    rules.money("auto_approve_limit", purchasing.auto_approve_limit);
    rules.not_blank("risk_approver", &purchasing.risk_approver);
    rules.not_blank("budget_approver", &purchasing.budget_approver);
    // A cXML `Credential` must name its domain; the identities may wait
    // until the first order is sent.
    let cxml = &purchasing.cxml;
    rules.not_blank("cxml_from_domain", &cxml.from_domain);
    rules.not_blank("cxml_to_domain", &cxml.to_domain);
    rules.not_blank("cxml_sender_domain", &cxml.sender_domain);
    rules.done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandedCostOverride, PriceBreak};
    use std::str::FromStr;

    fn fields(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    fn offer() -> Offer {
        Offer {
            supplier: "SUP-1".into(),
            sku: "SKU-1".into(),
            supplier_sku: String::new(),
            price_breaks: vec![
                PriceBreak { min_qty: 1.0, unit_price: Decimal::from_str("4.50").unwrap() },
                PriceBreak { min_qty: 100.0, unit_price: Decimal::from_str("4.20").unwrap() },
            ],
            moq: 0.0,
            pack_size: 1.0,
            purchase_unit: "each".into(),
            units_per_purchase_unit: 1.0,
            lead_time_days: 7,
            landed_override: LandedCostOverride::default(),
            contract: None,
            valid_from: None,
            valid_to: None,
        }
    }

    #[test]
    fn a_sound_offer_has_no_problems_and_each_broken_rule_names_its_field() {
        assert_eq!(validate_offer(&offer()), vec![]);
        let mut broken = offer();
        broken.price_breaks.swap(0, 1);
        broken.moq = -5.0;
        broken.pack_size = 0.0;
        broken.units_per_purchase_unit = f64::NAN;
        broken.valid_from = Some("2025-02-01".parse().unwrap());
        broken.valid_to = Some("2025-01-31".parse().unwrap());
        broken.sku = " SKU-1".into();
        assert_eq!(
            fields(&validate_offer(&broken)),
            ["sku_id", "price_breaks", "moq", "pack_size", "units_per_purchase_unit", "valid_to"]
        );
        let mut empty = offer();
        empty.price_breaks.clear();
        assert_eq!(fields(&validate_offer(&empty)), ["price_breaks"]);
        let mut repeated = offer();
        repeated.price_breaks[1].min_qty = 1.0;
        assert_eq!(fields(&validate_offer(&repeated)), ["price_breaks"]);
    }

    #[test]
    fn amounts_percentages_quantities_and_days_beyond_their_bounds_are_refused_by_name() {
        let mut offer = offer();
        offer.price_breaks[1].unit_price = MAX_AMOUNT;
        offer.moq = MAX_QUANTITY;
        offer.pack_size = MIN_STEP;
        offer.lead_time_days = MAX_DAYS;
        assert_eq!(validate_offer(&offer), vec![]);
        offer.price_breaks[1].unit_price = MAX_AMOUNT + Decimal::new(1, 2);
        offer.moq = 1.5e9;
        offer.pack_size = 1e-7;
        offer.lead_time_days = MAX_DAYS + 1;
        offer.landed_override.duty_pct = Some(MAX_PERCENT + Decimal::ONE);
        let problems = validate_offer(&offer);
        assert_eq!(fields(&problems), ["price_breaks", "moq", "pack_size", "lead_time_days", "duty_pct_override"]);
        assert_eq!(problems[0].reason, "price break 2: amount too large: at most 1000000000");
        assert_eq!(problems[3].reason, "too long: at most 3650 days");

        let settings = Settings {
            holding_cost_rate: Decimal::from(11),
            stats_window_weeks: 1_044,
            risk_buffer_days: 3_651.0,
            ..Settings::default()
        };
        assert_eq!(
            fields(&validate_settings(&settings)),
            ["stats_window_weeks", "holding_cost_rate", "risk_buffer_days"]
        );
    }

    #[test]
    fn settings_cutoffs_must_be_ordered() {
        assert_eq!(validate_settings(&Settings::default()), vec![]);
        let mut settings = Settings::default();
        settings.abc.cutoff_a = 0.9;
        settings.abc.cutoff_b = 0.9;
        settings.xyz.cutoff_y = 0.2;
        settings.base_currency = "eur".into();
        assert_eq!(fields(&validate_settings(&settings)), ["base_currency", "abc_cutoff_b", "xyz_cutoff_y"]);
    }

    #[test]
    fn ids_refuse_surrounding_spaces_and_control_characters() {
        let mut location = Location { id: "WH1".into(), name: "Main".into() };
        assert!(validate_location(&location).is_empty());
        for bad in ["", "WH1 ", "WH\n1", "WH\u{1f}1"] {
            location.id = bad.into();
            assert_eq!(fields(&validate_location(&location)), ["location_id"], "{bad:?}");
        }
    }
}
