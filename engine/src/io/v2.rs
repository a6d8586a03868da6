//! Schema version 2 of the workspace JSON document, as written before the
//! purchasing model (issue 8): read only, and upgraded by `v3::from_v2`.
//!
//! Version 2 is version 1 plus what the buyer tells the forecast (issue 7):
//! `forecast_pins`, `forecast_overrides`, `promotions` and `launches`, and
//! the setting `demand_source`. A version 1 document is upgraded by
//! `from_v1` (empty tables, demand from the forecast). The version was raised
//! rather than the members made optional so that an older Stockpilot refuses
//! a backup holding promotions instead of silently dropping them.
//!
//! The shape is frozen, with the same rule as `v1`: before a model type
//! changes in a way that would change or break its JSON, copy its current
//! shape into this module as a `…V2` struct, point `WorkspaceDocV2` at the
//! copy, and convert; a new shape becomes `v3` with a migration from this one
//! (see `json.rs`). That happened with version 3: `SkuV2`,
//! `LandedCostTermsV2`/`SupplierV2`, `PurchaseOrderV2`/`PoLineV2` and
//! `SettingsV2` are the shapes versions 1 and 2 wrote (version 1 reads them
//! too: they did not change from 1 to 2).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{
    AbcSettings, Approval, ApprovalThreshold, Budget, Contract, Criticality, Currency, CurrencyRate, DemandHistory,
    DemandSeries, DemandSource, DutyBasis, ForecastOverride, ForecastPin, Launch, Location, LocationId, MinMaxOverride,
    Offer, PaymentTerms, PoId, PoStatus, PolicyMatrix, Promotion, Receipt, SkuId, SkuStatus, Sorted, StockCommitment,
    StockLot, SupplierId, SupplyRisk, XyzSettings,
};

use super::v1::{parse, records, Layout, MemberShape, SettingsV1, WorkspaceDocV1};

/// The schema version this module reads.
pub const SCHEMA_VERSION: u32 = 2;

/// The stored document, version 2. Field order is the order written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceDocV2 {
    pub schema_version: u32,
    pub settings: SettingsV2,
    pub locations: Vec<Location>,
    pub skus: Vec<SkuV2>,
    pub suppliers: Vec<SupplierV2>,
    pub offers: Vec<Offer>,
    pub contracts: Vec<Contract>,
    pub stock_lots: Vec<StockLot>,
    pub commitments: Vec<StockCommitment>,
    pub demand: DemandHistory,
    pub purchase_orders: Vec<PurchaseOrderV2>,
    pub currency_rates: Vec<CurrencyRate>,
    pub budgets: Vec<Budget>,
    pub min_max_overrides: Vec<MinMaxOverride>,
    pub forecast_pins: Vec<ForecastPin>,
    pub forecast_overrides: Vec<ForecastOverride>,
    pub promotions: Vec<Promotion>,
    pub launches: Vec<Launch>,
}

/// `Settings` as version 2 wrote it: without `purchasing`, which came with
/// version 3.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsV2 {
    pub base_currency: Currency,
    pub abc: AbcSettings,
    pub xyz: XyzSettings,
    pub stats_window_weeks: u32,
    pub policy_matrix: PolicyMatrix,
    pub holding_cost_rate: Decimal,
    pub ordering_cost: Decimal,
    pub allow_negative_safety_stock: bool,
    pub risk_buffer_days: f64,
    pub expiry_horizon_days: u32,
    pub approval_thresholds: Sorted<ApprovalThreshold>,
    pub demand_source: DemandSource,
}

/// `Sku` as versions 1 and 2 wrote it: without `weight_kg` and `volume_l`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkuV2 {
    pub id: SkuId,
    pub name: String,
    pub family: String,
    pub unit: String,
    pub unit_cost: Decimal,
    pub criticality: Criticality,
    pub regulated: bool,
    pub shelf_life_days: Option<u32>,
    pub min_remaining_shelf_life_days: Option<u32>,
    pub status: SkuStatus,
}

/// `LandedCostTerms` as versions 1 and 2 wrote them: without `charge_basis`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandedCostTermsV2 {
    pub freight_per_order: Decimal,
    pub freight_per_unit: Decimal,
    pub insurance_pct: Decimal,
    pub duty_pct: Decimal,
    pub duty_basis: DutyBasis,
    pub tax_pct: Decimal,
    pub tax_recoverable: bool,
    pub handling_per_unit: Decimal,
}

/// `Supplier` as versions 1 and 2 wrote it, with `LandedCostTermsV2`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplierV2 {
    pub id: SupplierId,
    pub name: String,
    pub approval: Approval,
    pub currency: Currency,
    pub payment_terms: PaymentTerms,
    pub risk: SupplyRisk,
    pub landed: LandedCostTermsV2,
    pub min_order_value: Option<Decimal>,
    pub free_freight_threshold: Option<Decimal>,
    pub lead_time_sd_days: Option<f64>,
}

/// `PurchaseOrder` as versions 1 and 2 wrote it: without `log`, and with
/// `PoLineV2` lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PurchaseOrderV2 {
    pub id: PoId,
    pub supplier: SupplierId,
    pub location: LocationId,
    pub status: PoStatus,
    pub created: NaiveDate,
    pub approved: Option<NaiveDate>,
    pub sent: Option<NaiveDate>,
    pub promised: Option<NaiveDate>,
    pub received: Option<NaiveDate>,
    pub note: String,
    pub lines: Vec<PoLineV2>,
}

/// `PoLine` as versions 1 and 2 wrote it: without `expected_landed_unit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoLineV2 {
    pub line_no: u32,
    pub sku: SkuId,
    pub quantity: f64,
    pub unit_price: Decimal,
    pub receipts: Vec<Receipt>,
}

/// Version 1 settings with the forecast as the source of demand, the
/// default for every workspace since version 2.
fn settings_from_v1(settings: SettingsV1) -> SettingsV2 {
    let SettingsV1 {
        base_currency,
        abc,
        xyz,
        stats_window_weeks,
        policy_matrix,
        holding_cost_rate,
        ordering_cost,
        allow_negative_safety_stock,
        risk_buffer_days,
        expiry_horizon_days,
        approval_thresholds,
    } = settings;
    SettingsV2 {
        base_currency,
        abc,
        xyz,
        stats_window_weeks,
        policy_matrix,
        holding_cost_rate,
        ordering_cost,
        allow_negative_safety_stock,
        risk_buffer_days,
        expiry_horizon_days,
        approval_thresholds,
        demand_source: DemandSource::Forecast,
    }
}

/// Upgrade a version 1 document: the same tables, no forecast inputs yet,
/// and demand taken from the forecast.
pub(crate) fn from_v1(doc: WorkspaceDocV1) -> WorkspaceDocV2 {
    let WorkspaceDocV1 {
        schema_version: _,
        settings,
        locations,
        skus,
        suppliers,
        offers,
        contracts,
        stock_lots,
        commitments,
        demand,
        purchase_orders,
        currency_rates,
        budgets,
        min_max_overrides,
    } = doc;
    WorkspaceDocV2 {
        schema_version: SCHEMA_VERSION,
        settings: settings_from_v1(settings),
        locations,
        skus,
        suppliers,
        offers,
        contracts,
        stock_lots,
        commitments,
        demand,
        purchase_orders,
        currency_rates,
        budgets,
        min_max_overrides,
        forecast_pins: Vec::new(),
        forecast_overrides: Vec::new(),
        promotions: Vec::new(),
        launches: Vec::new(),
    }
}

/// Every member of `WorkspaceDocV2` but `schema_version`.
pub(crate) const MEMBERS: &[MemberShape] = &[
    MemberShape { name: "settings", layout: Layout::Object, noun: "settings", key: &[], parse: parse::<SettingsV2> },
    records("locations", "location", &["/id"], parse::<Location>),
    records("skus", "SKU", &["/id"], parse::<SkuV2>),
    records("suppliers", "supplier", &["/id"], parse::<SupplierV2>),
    records("offers", "offer", &["/supplier", "/sku"], parse::<Offer>),
    records("contracts", "contract", &["/id"], parse::<Contract>),
    records("stock_lots", "stock lot", &["/sku", "/location", "/lot"], parse::<StockLot>),
    records("commitments", "commitment", &["/sku", "/location"], parse::<StockCommitment>),
    MemberShape {
        name: "demand",
        layout: Layout::Series,
        noun: "demand series",
        key: &["/key/sku", "/key/location", "/key/channel"],
        parse: parse::<DemandSeries>,
    },
    records("purchase_orders", "purchase order", &["/id"], parse::<PurchaseOrderV2>),
    records("currency_rates", "exchange rate", &["/currency", "/as_of"], parse::<CurrencyRate>),
    records("budgets", "budget", &["/family", "/month"], parse::<Budget>),
    records("min_max_overrides", "min/max override", &["/sku", "/location"], parse::<MinMaxOverride>),
    records("forecast_pins", "forecast pin", &["/scope/sku", "/scope/family"], parse::<ForecastPin>),
    records(
        "forecast_overrides",
        "forecast override",
        &["/sku", "/location", "/week_start"],
        parse::<ForecastOverride>,
    ),
    records("promotions", "promotion", &["/id"], parse::<Promotion>),
    records("launches", "launch", &["/sku", "/location"], parse::<Launch>),
];
