//! Schema version 1 of the workspace JSON document, as written before
//! forecasting (issue 7): read only, and upgraded by `v2::from_v1`.
//!
//! The shape is frozen. Version 1 reuses the model's own structs for its
//! tables (their serde derives define the JSON), which is only right while
//! they stay compatible: before a model type changes in a way that would
//! change or break its JSON, copy its current shape into this module as a
//! `…V1` struct, point `WorkspaceDocV1` at the copy, and convert (as
//! `SettingsV1` was when settings gained `demand_source`). SKUs, suppliers
//! and purchase orders kept their version 1 shape in version 2, so both
//! versions read them as the frozen `v2::SkuV2`, `v2::SupplierV2` and
//! `v2::PurchaseOrderV2`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use rust_decimal::Decimal;

use crate::model::{
    AbcSettings, ApprovalThreshold, Budget, Contract, Currency, CurrencyRate, DemandHistory, DemandSeries, Location,
    MinMaxOverride, Offer, PolicyMatrix, Sorted, StockCommitment, StockLot, XyzSettings,
};

use super::v2::{PurchaseOrderV2, SkuV2, SupplierV2};

/// The schema version this module reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The stored document, version 1. Field order is the order written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceDocV1 {
    pub schema_version: u32,
    pub settings: SettingsV1,
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
}

/// `Settings` as version 1 wrote it: without `demand_source`, which came
/// with version 2 (see `v2::from_v1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsV1 {
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
}

/// How one member of the document is laid out, for naming the record and
/// field a document that does not read fails at (see `json::locate`).
pub(crate) struct MemberShape {
    /// The member's name in the document (`skus`).
    pub name: &'static str,
    pub layout: Layout,
    /// What one record is called in a message (`SKU`).
    pub noun: &'static str,
    /// JSON pointers, within a record, to the parts of its key.
    pub key: &'static [&'static str],
    /// Reads one record (or the whole member, for `Layout::Object`).
    pub parse: fn(&str) -> Result<(), serde_json::Error>,
}

pub(crate) enum Layout {
    /// A list of records.
    Records,
    /// One object (settings).
    Object,
    /// An object whose `series` member is the list of records (demand).
    Series,
}

pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<(), serde_json::Error> {
    serde_json::from_str::<T>(text).map(drop)
}

pub(crate) const fn records(
    name: &'static str,
    noun: &'static str,
    key: &'static [&'static str],
    parse: fn(&str) -> Result<(), serde_json::Error>,
) -> MemberShape {
    MemberShape { name, layout: Layout::Records, noun, key, parse }
}

/// Every member of `WorkspaceDocV1` but `schema_version`.
pub(crate) const MEMBERS: &[MemberShape] = &[
    MemberShape { name: "settings", layout: Layout::Object, noun: "settings", key: &[], parse: parse::<SettingsV1> },
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
];
