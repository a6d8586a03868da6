//! What a plan says: one `PlanLine` per SKU × location planned, one
//! `Unplannable` per SKU × location that could not be, with every figure the
//! explanation needs.
//!
//! These values travel from the Web Worker to the page with bincode, so they
//! are plain serde derives: externally tagged enums, no skipped or flattened
//! fields, `Option` rather than NaN.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::count::CountDistribution;
use super::demand::{DemandEstimate, DemandPattern, DemandStats};
use super::inventory::{ExpiringLot, InventoryPosition};
use super::landed::LandedCost;
use super::lead_time::{LeadTime, SupplierPerformance};
use super::safety_stock::SafetyStock;
use crate::model::{
    AbcClass, Approval, ContractId, Criticality, Currency, LocationId, PolicyKind, ServiceDefinition, SkuId,
    SupplierId, SupplyRisk, XyzClass,
};

/// The service a SKU × location is planned for, and the policy that delivers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceTarget {
    pub abc: AbcClass,
    pub xyz: XyzClass,
    pub definition: ServiceDefinition,
    /// Target used, 0–1.
    pub level: f64,
    /// The class cell's own target, before any raise for criticality.
    pub cell_level: f64,
    /// A high-criticality SKU was lifted to its XYZ row's class-A service.
    pub raised_by_criticality: bool,
    pub policy: PolicyKind,
    /// R, for periodic review.
    pub review_period_days: u32,
}

/// Min/max levels of a min/max policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MinMaxLevels {
    pub min: f64,
    pub max: f64,
    /// Fixed by a buyer (`Workspace::min_max_overrides`) rather than min = ROP, max = ROP + Q.
    pub manual: bool,
}

/// How an offer's cycle quantity was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuantityBasis {
    /// All-units EOQ (continuous review, min/max from the policy matrix).
    #[serde(rename = "eoq")]
    Eoq,
    /// Expected demand over a review period, d·R (periodic review).
    #[serde(rename = "review_period")]
    ReviewPeriod,
    /// max − min of a buyer's fixed min/max.
    #[serde(rename = "min_max")]
    MinMax,
}

/// An offer's order quantity, step by step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuantitySteps {
    pub basis: QuantityBasis,
    /// EOQ at the price of the break the chosen candidate came from (EOQ basis only).
    pub eoq: Option<f64>,
    /// Candidate quantities priced by the all-units algorithm (EOQ basis only).
    pub candidates: u32,
    /// The quantity before the ordering rules: an EOQ, a break quantity, d·R or max − min.
    pub proposed: f64,
    pub moq: f64,
    pub pack_size: f64,
    pub units_per_purchase_unit: f64,
    /// The multiple orders come in (least common multiple of pack and purchase unit).
    pub step: f64,
    pub step_is_common_multiple: bool,
    /// After MOQ, first break, step and minimum order value.
    pub rounded: f64,
    /// Units expected to be used before expiry, for perishables.
    pub shelf_life_cap: Option<f64>,
    /// The cycle quantity Q.
    pub quantity: f64,
    /// Units of Q expected to expire unused because the MOQ forces them.
    pub forced_waste: f64,
}

/// What a cost comparison is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CostBasis {
    /// A year of purchases, orders and holding.
    #[serde(rename = "annual")]
    Annual,
    /// One order (no demand estimate, so no year to add up).
    #[serde(rename = "single_order")]
    SingleOrder,
}

/// Total cost of buying from an offer, base currency, rounded to cents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnualCost {
    pub basis: CostBasis,
    /// D ÷ Q.
    pub orders_per_year: f64,
    /// D × landed unit cost.
    pub purchase: Decimal,
    /// Early-payment discount on the goods, subtracted from the purchases:
    /// D × goods unit price × discount % (Q × … for one order); 0 unless
    /// `Settings::purchasing.take_early_payment_discounts` (see `supplier_choice`).
    pub early_payment_discount: Decimal,
    /// The discount in percent that was valued (0 when none).
    pub early_payment_discount_pct: Decimal,
    /// Ordering cost × orders per year.
    pub ordering: Decimal,
    /// Holding rate × landed unit cost × Q/2.
    pub holding_cycle: Decimal,
    /// Holding rate × landed unit cost × safety stock.
    pub holding_safety: Decimal,
    /// purchase − early-payment discount + ordering + holding, rounded once.
    pub total: Decimal,
}

/// Price, cost, lead time and stock levels of one offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferFigures {
    pub currency: Currency,
    pub rate_to_base: Decimal,
    pub lead_time: LeadTime,
    pub quantity: QuantitySteps,
    /// `min_qty` of the price break the cycle quantity is priced at.
    pub price_break_min_qty: f64,
    /// Unit price at that break, supplier currency.
    pub unit_price: Decimal,
    /// Per-order freight was waived: Q reaches the free-freight threshold.
    pub freight_waived: bool,
    /// Landed cost of one unit at Q, base currency (four decimals).
    pub landed: LandedCost,
    /// Safety stock from the service target; `None` under a buyer's fixed min/max.
    pub safety: Option<SafetyStock>,
    /// Units held against uncertainty: `safety.units`, or min − d·L (≥ 0) under a fixed min/max.
    pub safety_stock: f64,
    /// Expected demand over the protection interval (L, or R + L for periodic
    /// review): d·T from history, the forecast summed over the days from today.
    pub interval_demand: f64,
    /// s (continuous review), min (min/max) or S (periodic review): the position at or below which to order.
    pub reorder_point: f64,
    /// S (periodic review) or max (min/max).
    pub order_up_to: Option<f64>,
    pub cost: AnnualCost,
}

/// Why an offer cannot be chosen automatically.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Exclusion {
    UnknownSupplier,
    Blocked,
    /// Figures are computed; a buyer may still choose it.
    Restricted,
    NotValidToday {
        valid_from: Option<NaiveDate>,
        valid_to: Option<NaiveDate>,
    },
    MissingRate {
        currency: Currency,
        base: Currency,
    },
    NoPriceBreaks,
}

impl Exclusion {
    pub fn code(&self) -> &'static str {
        match self {
            Exclusion::UnknownSupplier => "unknown_supplier",
            Exclusion::Blocked => "blocked",
            Exclusion::Restricted => "restricted",
            Exclusion::NotValidToday { .. } => "not_valid_today",
            Exclusion::MissingRate { .. } => "missing_rate",
            Exclusion::NoPriceBreaks => "no_price_breaks",
        }
    }
}

impl std::fmt::Display for Exclusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exclusion::UnknownSupplier => f.write_str("the supplier is not in the supplier list"),
            Exclusion::Blocked => f.write_str("the supplier is blocked"),
            Exclusion::Restricted => f.write_str("the supplier is restricted: only a buyer can choose it"),
            Exclusion::NotValidToday { valid_from, valid_to } => {
                let show = |date: &Option<NaiveDate>| date.map_or_else(|| "open".to_owned(), |d| d.to_string());
                write!(f, "the offer is not valid today (valid {} to {})", show(valid_from), show(valid_to))
            }
            Exclusion::MissingRate { currency, base } => {
                write!(f, "no exchange rate from {currency} to {base} is known")
            }
            Exclusion::NoPriceBreaks => f.write_str("the offer has no price"),
        }
    }
}

/// One offer, compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferEvaluation {
    pub supplier: SupplierId,
    /// `None` when the supplier is unknown.
    pub approval: Option<Approval>,
    pub risk: Option<SupplyRisk>,
    /// `None`: eligible for automatic choice.
    pub exclusion: Option<Exclusion>,
    pub chosen: bool,
    /// `None` when the offer cannot be priced (unknown or blocked supplier,
    /// not valid, no rate, no price).
    pub figures: Option<OfferFigures>,
}

/// Why an order is, or is not, suggested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Continuous review: position ≤ s; order Q (times as many as lift it above s).
    #[serde(rename = "below_reorder_point")]
    BelowReorderPoint,
    #[serde(rename = "above_reorder_point")]
    AboveReorderPoint,
    /// Periodic review (today is a review day): position < S; order up to S.
    #[serde(rename = "below_order_up_to")]
    BelowOrderUpTo,
    #[serde(rename = "at_order_up_to")]
    AtOrderUpTo,
    /// Min/max: position ≤ min; order up to max.
    #[serde(rename = "below_min")]
    BelowMin,
    #[serde(rename = "above_min")]
    AboveMin,
    /// No demand expected: nothing to reorder for.
    #[serde(rename = "no_demand")]
    NoDemand,
    /// No demand expected, but backorders exceed stock: order what is owed.
    #[serde(rename = "backorders_only")]
    BackordersOnly,
    /// A buyer fixed the quantity.
    #[serde(rename = "buyer_override")]
    BuyerOverride,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::BelowReorderPoint => "below_reorder_point",
            Decision::AboveReorderPoint => "above_reorder_point",
            Decision::BelowOrderUpTo => "below_order_up_to",
            Decision::AtOrderUpTo => "at_order_up_to",
            Decision::BelowMin => "below_min",
            Decision::AboveMin => "above_min",
            Decision::NoDemand => "no_demand",
            Decision::BackordersOnly => "backorders_only",
            Decision::BuyerOverride => "buyer_override",
        }
    }
}

/// The order suggested for a line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestedOrder {
    pub supplier: SupplierId,
    /// The quantity the policy asks for before the ordering rules (n·Q, S − IP, max − IP…).
    pub requested: f64,
    /// Continuous review: how many Q it takes to lift the position above s.
    pub cycles: u32,
    /// After MOQ, first break, step and minimum order value.
    pub rounded: f64,
    pub quantity: f64,
    /// Units usable before expiry, when a shelf-life cap applied.
    pub shelf_life_cap: Option<f64>,
    /// Units expected to expire because the supplier's minimum forces them.
    pub forced_waste: f64,
    pub forced_waste_value: Decimal,
    pub price_break_min_qty: f64,
    pub currency: Currency,
    /// Supplier currency, at the break the quantity lands in.
    pub unit_price: Decimal,
    /// Goods value of the order in the supplier's currency (`currency`), to
    /// the cent: round(unit_price × quantity), the goods amount of
    /// `purchasing::line_amounts`, what the supplier's invoice line says.
    pub supplier_goods_value: Decimal,
    /// Base currency, four decimals: `landed_value` ÷ `quantity`.
    pub landed_unit_cost: Decimal,
    /// Goods value of the order, base currency: the order priced as a
    /// one-line purchase order (`purchasing::line_amounts`), converted by
    /// `purchasing::to_base_cents`.
    pub goods_value: Decimal,
    /// Landed value of the order, base currency, priced the same way: what a
    /// one-line PO drafted from this line costs, to the cent.
    pub landed_value: Decimal,
    /// The order reaches the supplier's free-freight threshold.
    pub freight_waived: bool,
    /// Days of mean demand the quantity covers.
    pub cover_days: Option<f64>,
}

/// Something the buyer should know about a line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Flag {
    /// Intermittent or lumpy demand: the normal model misjudges the reorder point.
    NormalModelWeak {
        pattern: DemandPattern,
    },
    /// Intermittent demand planned from a forecast: the safety stock is the
    /// service target's quantile of this count distribution fitted to the
    /// lead-time demand's mean and variance, not the normal model's
    /// (`plan::count`, `safety_stock::count_safety_stock`).
    CountModel {
        distribution: CountDistribution,
    },
    /// Stockout and promotion days left out of the history statistics (a forecast scales or imputes such weeks).
    DaysExcluded {
        stockout_days: u32,
        promo_days: u32,
        weeks_dropped: u32,
    },
    /// History starts inside the window, which was shortened to it.
    NewItem {
        first_day: NaiveDate,
        weeks_used: u32,
    },
    /// Expected demand is zero.
    NoDemand,
    /// Too few receipts: the quoted lead time is used.
    LeadTimeQuoted {
        observations: u32,
        minimum: u32,
    },
    /// Measured lead time used in place of the quote.
    LeadTimeMeasured {
        quoted_days: f64,
        measured_days: f64,
        observations: u32,
    },
    /// No lead-time variability known (no receipts, supplier or family figure): σL = 0.
    LeadTimeSdUnknown,
    CriticalityRaisedService {
        from: f64,
        to: f64,
    },
    /// Only one approved or preferred supplier offers the SKU.
    SingleSourced,
    HighRiskSupplier,
    /// Extra safety stock for supply risk.
    RiskBuffer {
        days: f64,
        units: f64,
    },
    /// A negative safety stock was raised to zero.
    SafetyStockFloored {
        raw: f64,
    },
    ContractExpired {
        contract: ContractId,
        end: NaiveDate,
    },
    /// The contract ends within the lead time plus the order's cover.
    ContractEnds {
        contract: ContractId,
        end: NaiveDate,
    },
    PriceReview {
        contract: ContractId,
        date: NaiveDate,
    },
    /// The last day to give notice falls within the lead time plus the order's cover.
    NoticeDeadline {
        contract: ContractId,
        date: NaiveDate,
    },
    /// The quantity was cut to what will be used before expiry.
    ShelfLifeCap {
        cap: f64,
        requested: f64,
    },
    /// The supplier's minimum forces more than will be used before expiry.
    ForcedWaste {
        units: f64,
        value: Decimal,
    },
    /// Pack size and purchase unit have no sensible common multiple; orders follow the larger.
    PackAndPurchaseUnitDisagree {
        pack_size: f64,
        units_per_purchase_unit: f64,
        step: f64,
    },
    /// The order carries its per-order freight alone (no sharing with other SKUs of a PO yet).
    PerOrderFreightCarriedAlone {
        freight: Decimal,
    },
    /// Offers compared on the cost of one order, as there is no demand estimate for a year.
    ComparedOnSingleOrder,
    /// A buyer changed the quantity or supplier.
    BuyerOverride {
        quantity: Option<f64>,
        supplier: Option<SupplierId>,
    },
    /// The buyer chose a restricted supplier.
    RestrictedSupplierChosen {
        supplier: SupplierId,
    },
    /// The buyer's supplier cannot be used; the line keeps its supplier.
    OverrideRefused {
        supplier: SupplierId,
        reason: String,
    },
    /// The buyer's quantity is below the MOQ or not a multiple of the order step.
    OverrideBreaksOrderRules {
        quantity: f64,
        moq: f64,
        step: f64,
    },
}

impl Flag {
    /// Whether the flag comes from the chosen offer (and changes with it)
    /// rather than from the SKU × location or a buyer's override.
    pub fn is_about_offer(&self) -> bool {
        matches!(
            self,
            Flag::LeadTimeQuoted { .. }
                | Flag::LeadTimeMeasured { .. }
                | Flag::LeadTimeSdUnknown
                | Flag::HighRiskSupplier
                | Flag::RiskBuffer { .. }
                | Flag::SafetyStockFloored { .. }
                | Flag::CountModel { .. }
                | Flag::ContractExpired { .. }
                | Flag::ContractEnds { .. }
                | Flag::PriceReview { .. }
                | Flag::NoticeDeadline { .. }
                | Flag::ShelfLifeCap { .. }
                | Flag::ForcedWaste { .. }
                | Flag::PackAndPurchaseUnitDisagree { .. }
                | Flag::PerOrderFreightCarriedAlone { .. }
                | Flag::ComparedOnSingleOrder
        )
    }

    /// Whether the flag records a buyer's override.
    pub fn is_override(&self) -> bool {
        matches!(
            self,
            Flag::BuyerOverride { .. }
                | Flag::RestrictedSupplierChosen { .. }
                | Flag::OverrideRefused { .. }
                | Flag::OverrideBreaksOrderRules { .. }
        )
    }

    /// A short code for CSV and filtering.
    pub fn code(&self) -> &'static str {
        match self {
            Flag::NormalModelWeak { .. } => "normal_model_weak",
            Flag::CountModel { .. } => "count_model",
            Flag::DaysExcluded { .. } => "days_excluded",
            Flag::NewItem { .. } => "new_item",
            Flag::NoDemand => "no_demand",
            Flag::LeadTimeQuoted { .. } => "lead_time_quoted",
            Flag::LeadTimeMeasured { .. } => "lead_time_measured",
            Flag::LeadTimeSdUnknown => "lead_time_sd_unknown",
            Flag::CriticalityRaisedService { .. } => "criticality_raised_service",
            Flag::SingleSourced => "single_sourced",
            Flag::HighRiskSupplier => "high_risk_supplier",
            Flag::RiskBuffer { .. } => "risk_buffer",
            Flag::SafetyStockFloored { .. } => "safety_stock_floored",
            Flag::ContractExpired { .. } => "contract_expired",
            Flag::ContractEnds { .. } => "contract_ends",
            Flag::PriceReview { .. } => "price_review",
            Flag::NoticeDeadline { .. } => "notice_deadline",
            Flag::ShelfLifeCap { .. } => "shelf_life_cap",
            Flag::ForcedWaste { .. } => "forced_waste",
            Flag::PackAndPurchaseUnitDisagree { .. } => "pack_purchase_unit_disagree",
            Flag::PerOrderFreightCarriedAlone { .. } => "per_order_freight_alone",
            Flag::ComparedOnSingleOrder => "compared_on_single_order",
            Flag::BuyerOverride { .. } => "buyer_override",
            Flag::RestrictedSupplierChosen { .. } => "restricted_supplier_chosen",
            Flag::OverrideRefused { .. } => "override_refused",
            Flag::OverrideBreaksOrderRules { .. } => "override_breaks_order_rules",
        }
    }
}

/// One SKU × location, planned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanLine {
    pub sku: SkuId,
    pub location: LocationId,
    pub criticality: Criticality,
    pub service: ServiceTarget,
    pub pattern: DemandPattern,
    /// Weekly statistics of the history (also behind XYZ and the pattern).
    pub history: DemandStats,
    /// The demand planned with; `None` when only a buyer's min/max plans the line.
    pub demand: Option<DemandEstimate>,
    pub inventory: InventoryPosition,
    /// Every offer for the SKU, compared; `alternatives[chosen]` is the chosen one.
    pub alternatives: Vec<OfferEvaluation>,
    pub chosen: usize,
    /// The chosen offer's safety stock, reorder point and order-up-to level.
    pub safety_stock: f64,
    pub reorder_point: f64,
    pub order_up_to: Option<f64>,
    pub min_max: Option<MinMaxLevels>,
    /// Inventory position ÷ d.
    pub days_of_cover: Option<f64>,
    /// Days of cover − lead time: below zero, stock runs out before an order placed today arrives.
    pub urgency_days: Option<f64>,
    pub decision: Decision,
    /// Boxed: most lines suggest no order, and an order inline would make
    /// every line of a 100,000-line plan 200 bytes larger.
    pub order: Option<Box<SuggestedOrder>>,
    pub flags: Vec<Flag>,
}

/// The plan page's default order, by urgency: the line whose stock runs out
/// soonest after the lead time first (`urgency_days` ascending), lines
/// without an urgency (no demand estimate) last. Equal urgencies compare
/// equal, so a stable sort keeps the plan's SKU-then-location order among
/// them. The plan page and the plan's CSV export both sort with it.
pub fn urgency_order(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

impl PlanLine {
    /// The chosen offer's evaluation.
    pub fn chosen_offer(&self) -> &OfferEvaluation {
        &self.alternatives[self.chosen]
    }

    /// The chosen offer's figures (always present on a planned line).
    pub fn chosen_figures(&self) -> Option<&OfferFigures> {
        self.alternatives.get(self.chosen).and_then(|offer| offer.figures.as_ref())
    }
}

/// Why a SKU × location could not be planned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum UnplannableReason {
    /// Stock, demand or orders name a SKU that is not in the catalog.
    UnknownSku,
    /// Discontinued SKUs are never reordered.
    Discontinued,
    /// Too little usable history and no forecast or fixed min/max.
    NoHistory { weeks_used: u32, minimum_weeks: u32 },
    /// No supplier offers the SKU.
    NoOffer,
    /// Offers exist but none can be chosen automatically (see the alternatives).
    NoEligibleOffer,
    /// The SKU has no stock, demand, orders or min/max at any location, and
    /// the workspace has several locations.
    NoLocation,
}

impl UnplannableReason {
    pub fn code(&self) -> &'static str {
        match self {
            UnplannableReason::UnknownSku => "unknown_sku",
            UnplannableReason::Discontinued => "discontinued",
            UnplannableReason::NoHistory { .. } => "no_history",
            UnplannableReason::NoOffer => "no_offer",
            UnplannableReason::NoEligibleOffer => "no_eligible_offer",
            UnplannableReason::NoLocation => "no_location",
        }
    }
}

impl std::fmt::Display for UnplannableReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnplannableReason::UnknownSku => f.write_str("cannot plan: the SKU is not in the catalog"),
            UnplannableReason::Discontinued => {
                f.write_str("not planned: the SKU is discontinued and is never reordered")
            }
            UnplannableReason::NoHistory { weeks_used, minimum_weeks } => write!(
                f,
                "cannot plan: no history ({weeks_used} usable weeks, at least {minimum_weeks} needed); \
                 set a min/max for it or wait for a forecast"
            ),
            UnplannableReason::NoOffer => f.write_str("cannot plan: no supplier offers this SKU"),
            UnplannableReason::NoEligibleOffer => {
                f.write_str("cannot plan: no offer can be chosen automatically (see why each was excluded)")
            }
            UnplannableReason::NoLocation => {
                f.write_str("cannot plan: the SKU has no stock, demand, orders or min/max at any location")
            }
        }
    }
}

/// A SKU × location left out of the plan, with the reason and what is known.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unplannable {
    pub sku: SkuId,
    /// `None` for a SKU with no location at all.
    pub location: Option<LocationId>,
    pub reason: UnplannableReason,
    pub history: Option<DemandStats>,
    pub inventory: Option<InventoryPosition>,
    /// Offers and why each was excluded (for `NoEligibleOffer`).
    pub alternatives: Vec<OfferEvaluation>,
}

/// A replenishment plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub today: NaiveDate,
    pub base_currency: Currency,
    /// Every SKU × location planned, with or without an order, sorted by SKU then location.
    pub lines: Vec<PlanLine>,
    pub unplannable: Vec<Unplannable>,
    /// Lots expiring within `Settings::expiry_horizon_days`, or expired.
    pub expiring: Vec<ExpiringLot>,
    pub supplier_performance: Vec<SupplierPerformance>,
}

impl Plan {
    /// Lines with an order suggested.
    pub fn suggestions(&self) -> impl Iterator<Item = &PlanLine> + '_ {
        self.lines.iter().filter(|line| line.order.is_some())
    }
}
