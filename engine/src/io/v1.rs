//! Schema version 1 of the workspace JSON document: the whole workspace, for
//! backup and restore and for moving between browsers.
//!
//! The shape is frozen. Version 1 reuses the model's own structs for its
//! tables (their serde derives define the JSON), which is only right while
//! they stay compatible: before a model type changes in a way that would
//! change or break its JSON, copy its current shape into this module as a
//! `…V1` struct, point `WorkspaceDocV1` at the copy, and convert. A new
//! shape becomes `v2` with a migration from this one (see `json.rs`).

use serde::{Deserialize, Serialize};

use crate::model::{
    Budget, Contract, CurrencyRate, DemandHistory, Location, MinMaxOverride, Offer, PurchaseOrder, Settings, Sku,
    StockCommitment, StockLot, Supplier, Workspace,
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
