//! Schema version 4 of the workspace JSON document: the whole workspace, for
//! backup and restore and for moving between browsers. What `to_json`
//! writes.
//!
//! Version 4 is version 3 plus the `mapping_presets` table (issue 11): named
//! column mappings, so next month's shop or ERP export imports in one click.
//! A version 1, 2 or 3 document is upgraded by `from_v3` (after the older
//! steps) with no presets. The version was raised rather than the member
//! made optional so that an older Stockpilot refuses a backup holding
//! presets instead of silently dropping them.
//!
//! The shape is frozen, with the same rule as `v1`, `v2` and `v3`: before a
//! model type changes in a way that would change or break its JSON, copy its
//! current shape into this module as a `…V4` struct, point `WorkspaceDocV4`
//! at the copy, and convert; a new shape becomes `v5` with a migration from
//! this one (see `json.rs`).

use serde::{Deserialize, Serialize};

use crate::model::{
    Budget, Contract, CurrencyRate, DemandHistory, DemandSeries, ForecastOverride, ForecastPin, Launch, Location,
    MinMaxOverride, Offer, Promotion, PurchaseOrder, RecurringOrder, Settings, Sku, Sorted, StockCommitment, StockLot,
    Supplier, Workspace,
};

use super::mapping::MappingPreset;
use super::v1::{parse, records, Layout, MemberShape};
use super::v3::WorkspaceDocV3;

/// The schema version this module reads and writes.
pub const SCHEMA_VERSION: u32 = 4;

/// The stored document, version 4. Field order is the order written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceDocV4 {
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
    pub recurring_orders: Vec<RecurringOrder>,
    pub mapping_presets: Vec<MappingPreset>,
}

/// The same document borrowing from a workspace, so writing a backup does not
/// copy its demand history (hundreds of megabytes at the reference scale).
/// A round-trip test keeps the two shapes identical.
#[derive(Serialize)]
pub(crate) struct WorkspaceDocV4Ref<'a> {
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
    recurring_orders: &'a [RecurringOrder],
    mapping_presets: &'a [MappingPreset],
}

impl<'a> From<&'a Workspace> for WorkspaceDocV4Ref<'a> {
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
            recurring_orders,
            mapping_presets,
        } = workspace;
        WorkspaceDocV4Ref {
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
            recurring_orders,
            mapping_presets,
        }
    }
}

impl From<WorkspaceDocV4> for Workspace {
    fn from(doc: WorkspaceDocV4) -> Self {
        let WorkspaceDocV4 {
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
            recurring_orders,
            mapping_presets,
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
            recurring_orders: Sorted::from_vec(recurring_orders),
            mapping_presets: Sorted::from_vec(mapping_presets),
        }
    }
}

/// Upgrade a version 3 document: every table as it was, and no presets.
pub(crate) fn from_v3(doc: WorkspaceDocV3) -> WorkspaceDocV4 {
    let WorkspaceDocV3 {
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
        recurring_orders,
    } = doc;
    WorkspaceDocV4 {
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
        recurring_orders,
        mapping_presets: Vec::new(),
    }
}

/// Every member of `WorkspaceDocV4` but `schema_version`.
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
    records("recurring_orders", "recurring order", &["/id"], parse::<RecurringOrder>),
    records("mapping_presets", "mapping preset", &["/name"], parse::<MappingPreset>),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Version 3's members are version 4's, in the same order, and the
    /// presets come last: a document's member order is its field order.
    #[test]
    fn version_4_is_version_3_plus_the_presets_at_the_end() {
        let v3: Vec<&str> = super::super::v3::MEMBERS.iter().map(|m| m.name).collect();
        let v4: Vec<&str> = MEMBERS.iter().map(|m| m.name).collect();
        assert_eq!(v4[..v3.len()], v3[..]);
        assert_eq!(v4[v3.len()..], ["mapping_presets"]);
    }
}
