//! Schema version 3 of the workspace JSON document, as written before the
//! mapping presets (issue 11): read only, and upgraded by `v4::from_v3`.
//!
//! Version 3 is version 2 plus the purchasing model (issue 8): a log on
//! every purchase order, the landed unit cost expected per PO line, a
//! supplier's `charge_basis`, a SKU's `weight_kg` and `volume_l`, the
//! `purchasing` settings (approval and cXML) and the `recurring_orders`
//! table. A version 2 document is upgraded by `from_v2`: every new field at
//! its default (no log, no expected cost, charges spread by value, no weight
//! or volume, `PurchasingSettings::default()`) and no recurring orders. The
//! version was raised rather than the members made optional so that an older
//! Stockpilot refuses a backup holding recurring orders and PO logs instead
//! of silently dropping them.
//!
//! The shape is frozen, with the same rule as `v1` and `v2`: before a model
//! type changes in a way that would change or break its JSON, copy its
//! current shape into this module as a `…V3` struct, point `WorkspaceDocV3`
//! at the copy, and convert. Version 4 changed no type version 3 holds (it
//! added a member), so this module needed no copies: only the writer
//! (`WorkspaceDocV4Ref`) and the conversion to a `Workspace` moved to `v4`.

use serde::{Deserialize, Serialize};

use crate::model::{
    Budget, ChargeBasis, Contract, CurrencyRate, DemandHistory, DemandSeries, ForecastOverride, ForecastPin,
    LandedCostTerms, Launch, Location, MinMaxOverride, Offer, PoLine, Promotion, PurchaseOrder, PurchasingSettings,
    RecurringOrder, Settings, Sku, StockCommitment, StockLot, Supplier,
};

use super::v1::{parse, records, Layout, MemberShape};
use super::v2::{self, PurchaseOrderV2, SettingsV2, SkuV2, SupplierV2, WorkspaceDocV2};

/// The schema version this module reads.
pub const SCHEMA_VERSION: u32 = 3;

/// The stored document, version 3. Field order is the order written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceDocV3 {
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
}

/// Version 2 settings with the default purchasing settings.
fn settings_from_v2(settings: SettingsV2) -> Settings {
    let SettingsV2 {
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
        demand_source,
    } = settings;
    Settings {
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
        demand_source,
        purchasing: PurchasingSettings::default(),
    }
}

/// A version 2 SKU, of unknown weight and volume.
fn sku_from_v2(sku: SkuV2) -> Sku {
    let SkuV2 {
        id,
        name,
        family,
        unit,
        unit_cost,
        criticality,
        regulated,
        shelf_life_days,
        min_remaining_shelf_life_days,
        status,
    } = sku;
    Sku {
        id,
        name,
        family,
        unit,
        unit_cost,
        criticality,
        regulated,
        shelf_life_days,
        min_remaining_shelf_life_days,
        status,
        weight_kg: None,
        volume_l: None,
    }
}

/// A version 2 supplier, whose per-order charges are spread by value (what
/// Stockpilot did before `charge_basis`).
fn supplier_from_v2(supplier: SupplierV2) -> Supplier {
    let SupplierV2 {
        id,
        name,
        approval,
        currency,
        payment_terms,
        risk,
        landed,
        min_order_value,
        free_freight_threshold,
        lead_time_sd_days,
    } = supplier;
    let v2::LandedCostTermsV2 {
        freight_per_order,
        freight_per_unit,
        insurance_pct,
        duty_pct,
        duty_basis,
        tax_pct,
        tax_recoverable,
        handling_per_unit,
    } = landed;
    Supplier {
        id,
        name,
        approval,
        currency,
        payment_terms,
        risk,
        landed: LandedCostTerms {
            freight_per_order,
            freight_per_unit,
            insurance_pct,
            duty_pct,
            duty_basis,
            tax_pct,
            tax_recoverable,
            handling_per_unit,
            charge_basis: ChargeBasis::Value,
        },
        min_order_value,
        free_freight_threshold,
        lead_time_sd_days,
    }
}

/// A version 2 purchase order: no log, and lines without an expected landed
/// unit cost.
fn purchase_order_from_v2(order: PurchaseOrderV2) -> PurchaseOrder {
    let PurchaseOrderV2 { id, supplier, location, status, created, approved, sent, promised, received, note, lines } =
        order;
    let lines = lines
        .into_iter()
        .map(|line| {
            let v2::PoLineV2 { line_no, sku, quantity, unit_price, receipts } = line;
            PoLine { line_no, sku, quantity, unit_price, expected_landed_unit: None, receipts }
        })
        .collect();
    PurchaseOrder {
        id,
        supplier,
        location,
        status,
        created,
        approved,
        sent,
        promised,
        received,
        note,
        lines,
        log: Vec::new(),
    }
}

/// Upgrade a version 2 document: every new field at its default and no
/// recurring orders.
pub(crate) fn from_v2(doc: WorkspaceDocV2) -> WorkspaceDocV3 {
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
    WorkspaceDocV3 {
        schema_version: SCHEMA_VERSION,
        settings: settings_from_v2(settings),
        locations,
        skus: skus.into_iter().map(sku_from_v2).collect(),
        suppliers: suppliers.into_iter().map(supplier_from_v2).collect(),
        offers,
        contracts,
        stock_lots,
        commitments,
        demand,
        purchase_orders: purchase_orders.into_iter().map(purchase_order_from_v2).collect(),
        currency_rates,
        budgets,
        min_max_overrides,
        forecast_pins,
        forecast_overrides,
        promotions,
        launches,
        recurring_orders: Vec::new(),
    }
}

/// Every member of `WorkspaceDocV3` but `schema_version`.
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
];
