//! Planning policy and workspace settings: base currency, classification
//! cut-offs, the class policy matrix, costs, approval thresholds. Also the
//! small policy tables (currency rates, budgets, manual min/max overrides).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codes::{AbcBasis, AbcClass, DemandSource, OverBudget, PolicyKind, ServiceDefinition, XyzClass};
use super::ids::{Currency, LocationId, SkuId};
use super::sorted::Sorted;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbcSettings {
    pub basis: AbcBasis,
    /// Cumulative share (0–1) up to which SKUs are class A.
    pub cutoff_a: f64,
    /// Cumulative share (0–1) up to which SKUs are class B; the rest are C.
    pub cutoff_b: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct XyzSettings {
    /// Coefficient of variation of weekly demand up to which a series is X.
    pub cutoff_x: f64,
    /// … and up to which it is Y; above it is Z.
    pub cutoff_y: f64,
}

/// The policy for one ABC × XYZ class cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyCell {
    pub abc: AbcClass,
    pub xyz: XyzClass,
    /// Target, between 0 and 1 (0.95 = 95 %).
    pub service_level: f64,
    pub service: ServiceDefinition,
    pub policy: PolicyKind,
    /// Review period for periodic review (R), in days; ignored by other policies.
    pub review_period_days: u32,
}

/// One policy cell per ABC × XYZ class, nine in all, ordered AX, AY, AZ, BX … CZ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyMatrix {
    pub cells: Vec<PolicyCell>,
}

impl PolicyMatrix {
    pub fn cell(&self, abc: AbcClass, xyz: XyzClass) -> Option<&PolicyCell> {
        self.cells.iter().find(|cell| cell.abc == abc && cell.xyz == xyz)
    }

    pub fn cell_mut(&mut self, abc: AbcClass, xyz: XyzClass) -> Option<&mut PolicyCell> {
        self.cells.iter_mut().find(|cell| cell.abc == abc && cell.xyz == xyz)
    }
}

impl Default for PolicyMatrix {
    /// Higher service for valuable, steady items; periodic review for the
    /// erratic tail of C items, where ordering on a calendar is cheaper to run.
    fn default() -> Self {
        let mut cells = Vec::with_capacity(9);
        for abc in AbcClass::ALL {
            for xyz in XyzClass::ALL {
                let service_level = match (abc, xyz) {
                    (AbcClass::A, XyzClass::X) => 0.98,
                    (AbcClass::A, XyzClass::Y) => 0.97,
                    (AbcClass::A, XyzClass::Z) => 0.95,
                    (AbcClass::B, XyzClass::X) => 0.95,
                    (AbcClass::B, XyzClass::Y) => 0.93,
                    (AbcClass::B, XyzClass::Z) => 0.90,
                    (AbcClass::C, XyzClass::X) => 0.90,
                    (AbcClass::C, XyzClass::Y) => 0.88,
                    (AbcClass::C, XyzClass::Z) => 0.85,
                };
                let (service, policy) = match (abc, xyz) {
                    (AbcClass::A, _) => (ServiceDefinition::FillRate, PolicyKind::ContinuousReview),
                    (AbcClass::C, XyzClass::Z) => (ServiceDefinition::CycleService, PolicyKind::PeriodicReview),
                    _ => (ServiceDefinition::CycleService, PolicyKind::ContinuousReview),
                };
                cells.push(PolicyCell { abc: *abc, xyz: *xyz, service_level, service, policy, review_period_days: 14 });
            }
        }
        Self { cells }
    }
}

/// Purchase orders at or above `min_value` (base currency) need `approver`'s sign-off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovalThreshold {
    pub min_value: Decimal,
    pub approver: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub base_currency: Currency,
    pub abc: AbcSettings,
    pub xyz: XyzSettings,
    /// Window of history behind the demand statistics, in weeks.
    pub stats_window_weeks: u32,
    pub policy_matrix: PolicyMatrix,
    /// Annual cost of holding stock, as a fraction of its unit cost (0.25 = 25 %).
    pub holding_cost_rate: Decimal,
    /// Cost of placing one order, in the base currency.
    pub ordering_cost: Decimal,
    /// Allow negative safety stock when the service target is below 50 % (for experts).
    pub allow_negative_safety_stock: bool,
    /// Extra safety stock, in days of mean demand, for a SKU bought from a
    /// high-risk supplier or from a single source: the normal model only knows
    /// the lead-time variability seen so far, not the chance of a disruption.
    pub risk_buffer_days: f64,
    /// Lots expiring within this many days are listed as at risk.
    pub expiry_horizon_days: u32,
    /// Ascending by `min_value`.
    pub approval_thresholds: Sorted<ApprovalThreshold>,
    /// Where planning takes demand from: the forecast (default) or the flat
    /// statistics of history.
    pub demand_source: DemandSource,
    /// How purchase orders are approved and sent (since schema 3).
    pub purchasing: PurchasingSettings,
}

/// How purchase orders are approved and sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PurchasingSettings {
    /// Orders below this value (base currency) that trigger no risk rule are
    /// approved without anyone's sign-off.
    pub auto_approve_limit: Decimal,
    /// The role a risk trigger adds (non-preferred, restricted or high-risk
    /// supplier, regulated item, price above the contract's).
    pub risk_approver: String,
    /// The role an order that takes its family over the month's budget adds.
    pub budget_approver: String,
    pub over_budget: OverBudget,
    /// The business pays early to take early-payment discounts, so the
    /// supplier comparison values them.
    pub take_early_payment_discounts: bool,
    /// Who we are in cXML order documents.
    pub cxml: CxmlIdentity,
}

/// The credentials of a cXML 1.2 `Header`. `To` is the supplier, identified
/// by its Stockpilot id in `to_domain`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CxmlIdentity {
    pub from_domain: String,
    pub from_identity: String,
    pub to_domain: String,
    pub sender_domain: String,
    pub sender_identity: String,
    /// Written into `Sender/Credential/SharedSecret` when not empty. It is
    /// stored with the workspace and in its backups, like every setting.
    pub shared_secret: String,
}

impl Default for PurchasingSettings {
    fn default() -> Self {
        Self {
            auto_approve_limit: Decimal::new(1_000, 0),
            risk_approver: "Purchasing manager".into(),
            budget_approver: "Finance director".into(),
            over_budget: OverBudget::Warn,
            take_early_payment_discounts: false,
            cxml: CxmlIdentity::default(),
        }
    }
}

impl Default for CxmlIdentity {
    fn default() -> Self {
        Self {
            from_domain: "NetworkID".into(),
            from_identity: String::new(),
            to_domain: "NetworkID".into(),
            sender_domain: "NetworkID".into(),
            sender_identity: String::new(),
            shared_secret: String::new(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            base_currency: Currency::new("EUR"),
            abc: AbcSettings { basis: AbcBasis::Spend, cutoff_a: 0.80, cutoff_b: 0.95 },
            xyz: XyzSettings { cutoff_x: 0.5, cutoff_y: 1.0 },
            stats_window_weeks: 52,
            policy_matrix: PolicyMatrix::default(),
            holding_cost_rate: Decimal::new(25, 2),
            ordering_cost: Decimal::new(50, 0),
            allow_negative_safety_stock: false,
            risk_buffer_days: 7.0,
            expiry_horizon_days: 30,
            approval_thresholds: Sorted::from_vec(vec![
                ApprovalThreshold { min_value: Decimal::new(5_000, 0), approver: "Purchasing manager".into() },
                ApprovalThreshold { min_value: Decimal::new(25_000, 0), approver: "Finance director".into() },
            ]),
            demand_source: DemandSource::Forecast,
            purchasing: PurchasingSettings::default(),
        }
    }
}

/// One unit of `currency` is worth `rate` units of the base currency from `as_of` on.
/// Keyed by (currency, as_of).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrencyRate {
    pub currency: Currency,
    pub as_of: NaiveDate,
    pub rate: Decimal,
}

/// Spending budget for a product family in a month (base currency). Keyed by
/// (family, month); `month` is the first day of the month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub family: String,
    pub month: NaiveDate,
    pub amount: Decimal,
}

/// A buyer's fixed min/max for a SKU, at one location or (location `None`) at
/// all of them. Keyed by (SKU, location).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MinMaxOverride {
    pub sku: SkuId,
    pub location: Option<LocationId>,
    pub min: f64,
    pub max: f64,
}
