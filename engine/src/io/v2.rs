//! Schema version 2 of the workspace JSON document: the whole workspace, for
//! backup and restore and for moving between browsers. What `to_json`
//! writes.
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
//! (see `json.rs`).

use serde::{Deserialize, Serialize};

use crate::model::{
    Budget, Contract, CurrencyRate, DemandHistory, DemandSeries, DemandSource, ForecastOverride, ForecastPin, Launch,
    Location, MinMaxOverride, Offer, Promotion, PurchaseOrder, Settings, Sku, Sorted, StockCommitment, StockLot,
    Supplier, Workspace,
};

use super::v1::{parse, records, Layout, MemberShape, SettingsV1, WorkspaceDocV1};

/// The schema version this module reads and writes.
pub const SCHEMA_VERSION: u32 = 2;

/// The stored document, version 2. Field order is the order written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceDocV2 {
    pub schema_version: u32,
    pub settings: Settings,
    pub locations: Vec<Location>,
    pub skus: Vec<Sku>,
    pub suppliers: Vec<Supplier>,
    pub offers: Vec<Offer>,
    pub contracts: Vec<Contract>,
    pub stock_lots: Vec<StockLot>,
    pub commitments: Vec<StockCommitment>,
    pub demand: DemandHistory,
    pub purchase_orders: Vec<PurchaseOrder>,
    pub currency_rates: Vec<CurrencyRate>,
    pub budgets: Vec<Budget>,
    pub min_max_overrides: Vec<MinMaxOverride>,
    pub forecast_pins: Vec<ForecastPin>,
    pub forecast_overrides: Vec<ForecastOverride>,
    pub promotions: Vec<Promotion>,
    pub launches: Vec<Launch>,
}

/// The same document borrowing from a workspace, so writing a backup does not
/// copy its demand history (hundreds of megabytes at the reference scale).
/// A round-trip test keeps the two shapes identical.
#[derive(Serialize)]
pub(crate) struct WorkspaceDocV2Ref<'a> {
    schema_version: u32,
    settings: &'a Settings,
    locations: &'a [Location],
    skus: &'a [Sku],
    suppliers: &'a [Supplier],
    offers: &'a [Offer],
    contracts: &'a [Contract],
    stock_lots: &'a [StockLot],
    commitments: &'a [StockCommitment],
    demand: &'a DemandHistory,
    purchase_orders: &'a [PurchaseOrder],
    currency_rates: &'a [CurrencyRate],
    budgets: &'a [Budget],
    min_max_overrides: &'a [MinMaxOverride],
    forecast_pins: &'a [ForecastPin],
    forecast_overrides: &'a [ForecastOverride],
    promotions: &'a [Promotion],
    launches: &'a [Launch],
}

impl<'a> From<&'a Workspace> for WorkspaceDocV2Ref<'a> {
    fn from(workspace: &'a Workspace) -> Self {
        // Destructured so that a new workspace field fails to compile here
        // until the document has decided what to do with it.
        let Workspace {
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
            forecast_pins,
            forecast_overrides,
            promotions,
            launches,
            recurring_orders: _,
        } = workspace;
        WorkspaceDocV2Ref {
            schema_version: SCHEMA_VERSION,
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
            forecast_pins,
            forecast_overrides,
            promotions,
            launches,
        }
    }
}

impl From<Workspace> for WorkspaceDocV2 {
    fn from(workspace: Workspace) -> Self {
        let Workspace {
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
            forecast_pins,
            forecast_overrides,
            promotions,
            launches,
            recurring_orders: _,
        } = workspace;
        WorkspaceDocV2 {
            schema_version: SCHEMA_VERSION,
            settings,
            locations: locations.into_vec(),
            skus: skus.into_vec(),
            suppliers: suppliers.into_vec(),
            offers: offers.into_vec(),
            contracts: contracts.into_vec(),
            stock_lots: stock_lots.into_vec(),
            commitments: commitments.into_vec(),
            demand,
            purchase_orders: purchase_orders.into_vec(),
            currency_rates: currency_rates.into_vec(),
            budgets: budgets.into_vec(),
            min_max_overrides: min_max_overrides.into_vec(),
            forecast_pins: forecast_pins.into_vec(),
            forecast_overrides: forecast_overrides.into_vec(),
            promotions: promotions.into_vec(),
            launches: launches.into_vec(),
        }
    }
}

impl From<WorkspaceDocV2> for Workspace {
    fn from(doc: WorkspaceDocV2) -> Self {
        let WorkspaceDocV2 {
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
            forecast_pins,
            forecast_overrides,
            promotions,
            launches,
        } = doc;
        Workspace {
            settings,
            locations: Sorted::from_vec(locations),
            skus: Sorted::from_vec(skus),
            suppliers: Sorted::from_vec(suppliers),
            offers: Sorted::from_vec(offers),
            contracts: Sorted::from_vec(contracts),
            stock_lots: Sorted::from_vec(stock_lots),
            commitments: Sorted::from_vec(commitments),
            demand,
            purchase_orders: Sorted::from_vec(purchase_orders),
            currency_rates: Sorted::from_vec(currency_rates),
            budgets: Sorted::from_vec(budgets),
            min_max_overrides: Sorted::from_vec(min_max_overrides),
            forecast_pins: Sorted::from_vec(forecast_pins),
            forecast_overrides: Sorted::from_vec(forecast_overrides),
            promotions: Sorted::from_vec(promotions),
            launches: Sorted::from_vec(launches),
            recurring_orders: Sorted::default(),
        }
    }
}

/// Version 1 settings with the forecast as the source of demand, the
/// default for every workspace since version 2.
fn settings_from_v1(settings: SettingsV1) -> Settings {
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
    Settings {
        purchasing: Default::default(),
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
    MemberShape { name: "settings", layout: Layout::Object, noun: "settings", key: &[], parse: parse::<Settings> },
    records("locations", "location", &["/id"], parse::<Location>),
    records("skus", "SKU", &["/id"], parse::<Sku>),
    records("suppliers", "supplier", &["/id"], parse::<Supplier>),
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
    records("purchase_orders", "purchase order", &["/id"], parse::<PurchaseOrder>),
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
