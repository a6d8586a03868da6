//! What is bought and from whom: SKUs, locations, suppliers, their offers
//! (catalog entries with price breaks) and contracts.
//!
//! Money is `Decimal`. Supplier prices and charges are in the supplier's
//! currency; `Sku::unit_cost` is in the workspace's base currency.
//! Quantities are in the SKU's unit of measure unless a field says otherwise.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codes::{Approval, ChargeBasis, Criticality, DutyBasis, SkuStatus, SupplyRisk};
use super::ids::{ContractId, Currency, LocationId, SkuId, SupplierId};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sku {
    pub id: SkuId,
    pub name: String,
    /// Product family, used for reporting, budgets and fallback lead-time variability.
    pub family: String,
    /// Unit of measure of every quantity for this SKU ("each", "kg", "l"…).
    pub unit: String,
    /// Standard cost of one unit, in the base currency (used for ABC spend and stock value).
    pub unit_cost: Decimal,
    pub criticality: Criticality,
    /// Subject to regulation or compliance checks (e.g. medical, food contact).
    pub regulated: bool,
    /// Shelf life of a fresh unit, for perishables.
    pub shelf_life_days: Option<u32>,
    /// Remaining shelf life a delivery must have to be accepted.
    pub min_remaining_shelf_life_days: Option<u32>,
    pub status: SkuStatus,
    /// Weight of one unit in kilograms, for spreading charges by weight.
    pub weight_kg: Option<f64>,
    /// Volume of one unit in litres, for spreading charges by volume.
    pub volume_l: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: LocationId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentTerms {
    /// Days after invoice the payment is due.
    pub net_days: u32,
    /// Discount, in percent, for paying early (e.g. 2 for "2/10 net 30").
    pub early_discount_pct: Option<Decimal>,
    /// Days within which the early-payment discount applies.
    pub early_discount_days: Option<u32>,
}

/// The charges on top of a supplier's price that make up the landed cost.
/// Amounts are in the supplier's currency; percentages are numbers like `4.5`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandedCostTerms {
    pub freight_per_order: Decimal,
    pub freight_per_unit: Decimal,
    /// Insurance as a percentage of goods value; part of the CIF duty base.
    pub insurance_pct: Decimal,
    pub duty_pct: Decimal,
    pub duty_basis: DutyBasis,
    /// Import tax (VAT/GST) percentage, charged on goods + freight + insurance + duty.
    pub tax_pct: Decimal,
    /// Recoverable tax is reclaimed later, so it is left out of cost comparisons.
    pub tax_recoverable: bool,
    pub handling_per_unit: Decimal,
    /// What per-order charges are spread over across a purchase order's lines.
    pub charge_basis: ChargeBasis,
}

impl Default for LandedCostTerms {
    fn default() -> Self {
        Self {
            freight_per_order: Decimal::ZERO,
            freight_per_unit: Decimal::ZERO,
            insurance_pct: Decimal::ZERO,
            duty_pct: Decimal::ZERO,
            duty_basis: DutyBasis::Fob,
            tax_pct: Decimal::ZERO,
            tax_recoverable: true,
            handling_per_unit: Decimal::ZERO,
            charge_basis: ChargeBasis::Value,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Supplier {
    pub id: SupplierId,
    pub name: String,
    pub approval: Approval,
    pub currency: Currency,
    pub payment_terms: PaymentTerms,
    pub risk: SupplyRisk,
    pub landed: LandedCostTerms,
    /// Smallest order value the supplier accepts, in its currency.
    pub min_order_value: Option<Decimal>,
    /// Order value from which the supplier waives per-order freight.
    pub free_freight_threshold: Option<Decimal>,
    /// The supplier's own statement of lead-time variability (standard
    /// deviation, days), used when too few receipts have been measured.
    pub lead_time_sd_days: Option<f64>,
}

/// One all-units price break: ordering at least `min_qty` prices every unit at `unit_price`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PriceBreak {
    pub min_qty: f64,
    /// Price of one SKU unit, in the supplier's currency.
    pub unit_price: Decimal,
}

/// Per-offer replacements for the supplier's landed-cost terms; `None` keeps the supplier's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LandedCostOverride {
    pub freight_per_unit: Option<Decimal>,
    pub duty_pct: Option<Decimal>,
    pub handling_per_unit: Option<Decimal>,
}

impl LandedCostOverride {
    pub fn is_empty(&self) -> bool {
        self.freight_per_unit.is_none() && self.duty_pct.is_none() && self.handling_per_unit.is_none()
    }

    /// The supplier's terms with this offer's replacements applied.
    pub fn apply(&self, terms: &LandedCostTerms) -> LandedCostTerms {
        LandedCostTerms {
            freight_per_unit: self.freight_per_unit.unwrap_or(terms.freight_per_unit),
            duty_pct: self.duty_pct.unwrap_or(terms.duty_pct),
            handling_per_unit: self.handling_per_unit.unwrap_or(terms.handling_per_unit),
            ..terms.clone()
        }
    }
}

/// A supplier's catalog entry for a SKU. Keyed by (supplier, SKU).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub supplier: SupplierId,
    pub sku: SkuId,
    /// The supplier's own code for the item.
    pub supplier_sku: String,
    /// All-units price breaks, ascending by `min_qty`; the first starts at the smallest orderable quantity.
    pub price_breaks: Vec<PriceBreak>,
    /// Minimum order quantity, in SKU units.
    pub moq: f64,
    /// Order multiple, in SKU units (a case of 12 → 12).
    pub pack_size: f64,
    /// What the supplier sells in ("case", "pallet", "each").
    pub purchase_unit: String,
    /// SKU units in one purchase unit; orders are whole purchase units.
    pub units_per_purchase_unit: f64,
    /// Quoted lead time from order to receipt.
    pub lead_time_days: u32,
    pub landed_override: LandedCostOverride,
    pub contract: Option<ContractId>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl Offer {
    /// Whether the offer can be used for an order placed on `date`.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }

    /// The all-units price for an order of `qty`: the break with the largest
    /// `min_qty` not above `qty`. `None` if `qty` is below every break.
    pub fn price_for(&self, qty: f64) -> Option<&PriceBreak> {
        self.price_breaks.iter().filter(|b| b.min_qty <= qty).max_by(|a, b| a.min_qty.total_cmp(&b.min_qty))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub fill_rate_pct: Option<f64>,
    pub on_time_pct: Option<f64>,
    pub quality_pct: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub id: ContractId,
    pub supplier: SupplierId,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub auto_renew: bool,
    pub price_review: Option<NaiveDate>,
    /// Notice needed to terminate (or stop an auto-renewal) before `end`.
    pub termination_notice_days: u32,
    pub sla: SlaTargets,
}

impl Contract {
    /// The last day notice can be given to stop the contract at its end.
    pub fn notice_deadline(&self) -> Option<NaiveDate> {
        self.end.checked_sub_days(chrono::Days::new(u64::from(self.termination_notice_days)))
    }
}
