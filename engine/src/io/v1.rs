//! Schema version 1 of the workspace JSON document: the whole workspace, for
//! backup and restore and for moving between browsers.
//!
//! The shape is frozen. Version 1 reuses the model's own structs for its
//! tables (their serde derives define the JSON), which is only right while
//! they stay compatible: before a model type changes in a way that would
//! change or break its JSON, copy its current shape into this module as a
//! `…V1` struct, point `WorkspaceDocV1` at the copy, and convert. A new
//! shape becomes `v2` with a migration from this one (see `json.rs`).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::model::{
    Budget, Contract, CurrencyRate, DemandHistory, DemandSeries, Location, MinMaxOverride, Offer, PurchaseOrder,
    Settings, Sku, Sorted, StockCommitment, StockLot, Supplier, Workspace,
};

/// The schema version this module reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The stored document, version 1. Field order is the order written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceDocV1 {
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
}

/// The same document borrowing from a workspace, so writing a backup does not
/// copy its demand history (hundreds of megabytes at the reference scale).
/// A round-trip test keeps the two shapes identical.
#[derive(Serialize)]
pub(crate) struct WorkspaceDocV1Ref<'a> {
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
}

impl<'a> From<&'a Workspace> for WorkspaceDocV1Ref<'a> {
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
        } = workspace;
        WorkspaceDocV1Ref {
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
        }
    }
}

impl From<Workspace> for WorkspaceDocV1 {
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
        } = workspace;
        WorkspaceDocV1 {
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
        }
    }
}

impl From<WorkspaceDocV1> for Workspace {
    fn from(doc: WorkspaceDocV1) -> Self {
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
        }
    }
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

fn parse<T: DeserializeOwned>(text: &str) -> Result<(), serde_json::Error> {
    serde_json::from_str::<T>(text).map(drop)
}

const fn records(
    name: &'static str,
    noun: &'static str,
    key: &'static [&'static str],
    parse: fn(&str) -> Result<(), serde_json::Error>,
) -> MemberShape {
    MemberShape { name, layout: Layout::Records, noun, key, parse }
}

/// Every member of `WorkspaceDocV1` but `schema_version`.
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
];
