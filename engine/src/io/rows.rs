//! Everything the importer and the checker need to know about one table's
//! rows, in one place per table: the key, a human label, the cells, the row
//! rules, and how a CSV record fills a row.
//!
//! Reading starts from the existing row when the key is already in the
//! workspace (or from the documented defaults for a new row) and only touches
//! the columns the file has: a file with just `sku_id,unit_cost` updates unit
//! costs and leaves every other field alone.

use std::hash::Hash;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    AbcClass, Approval, ApprovalThreshold, Budget, ChargeBasis, Contract, ContractId, Criticality, Currency,
    CurrencyRate, DutyBasis, ForecastModel, ForecastOverride, ForecastPin, ForecastScope, LandedCostOverride,
    LandedCostTerms, Launch, Location, LocationId, LotId, MinMaxOverride, Offer, PaymentTerms, PoEvent, PoEventKind,
    PoId, PoLine, PoStatus, PolicyCell, PolicyKind, PriceBreak, Promotion, PromotionId, PurchaseOrder, Receipt,
    RecurringId, RecurringLine, RecurringOrder, RecurringRule, ServiceDefinition, Settings, Sku, SkuId, SkuStatus,
    SlaTargets, StockCommitment, StockLot, Supplier, SupplierId, SupplyRisk, UnknownCode, Uplift, XyzClass,
};
use crate::problem::describe;

use super::cell::{
    self, parse_bool, parse_date, parse_date_time, parse_decimal, parse_month, parse_u32, read_id, unescape_text,
};
use super::export;
use super::mapping::{preset_name_key, read_preset_cells, MappingPreset};
use super::read::{Cell, Row};
use super::rules::{self, FieldProblem};
use super::settings_table::read_currency;
use super::table::{key_text, Table};

/// One table's rows, as the importer and checker see them.
pub(crate) trait TableRow: Clone + PartialEq {
    type Key: Hash + Eq + Clone;
    const TABLE: Table;
    fn key(&self) -> Self::Key;
    fn key_text(key: &Self::Key) -> String;
    /// How a person would name the row: "offer SUP-03 / SKU-0042".
    fn label(&self) -> String;
    /// The row's cells in column order, unescaped.
    fn cells(&self) -> Vec<String>;
    fn rules(&self) -> Vec<FieldProblem>;
    /// Read the key columns; `None` (with a problem recorded) if they are unusable.
    fn read_key(row: &mut Row) -> Option<Self::Key>;
    /// A new row with the documented defaults.
    fn new_row(key: Self::Key, settings: &Settings) -> Self;
    /// Overwrite the fields whose columns the file has.
    fn read_fields(&mut self, row: &mut Row, settings: &Settings);
}

/// A row's key borrowed from the row, for the checks of the big tables: they
/// look every key up once, and cloning a million ids just to compare them
/// was a large part of an import's time. Equal exactly when `key()` is equal.
pub(crate) trait BorrowedKey: TableRow {
    type Ref<'a>: Hash + Eq
    where
        Self: 'a;
    fn key_ref(&self) -> Self::Ref<'_>;
}

impl BorrowedKey for Location {
    type Ref<'a> = &'a str;
    fn key_ref(&self) -> Self::Ref<'_> {
        self.id.as_str()
    }
}

impl BorrowedKey for Sku {
    type Ref<'a> = &'a str;
    fn key_ref(&self) -> Self::Ref<'_> {
        self.id.as_str()
    }
}

impl BorrowedKey for Supplier {
    type Ref<'a> = &'a str;
    fn key_ref(&self) -> Self::Ref<'_> {
        self.id.as_str()
    }
}

impl BorrowedKey for Offer {
    type Ref<'a> = (&'a str, &'a str);
    fn key_ref(&self) -> Self::Ref<'_> {
        (self.supplier.as_str(), self.sku.as_str())
    }
}

impl BorrowedKey for StockLot {
    type Ref<'a> = (&'a str, &'a str, &'a str);
    fn key_ref(&self) -> Self::Ref<'_> {
        (self.sku.as_str(), self.location.as_str(), self.lot.as_str())
    }
}

impl BorrowedKey for StockCommitment {
    type Ref<'a> = (&'a str, &'a str);
    fn key_ref(&self) -> Self::Ref<'_> {
        (self.sku.as_str(), self.location.as_str())
    }
}

impl BorrowedKey for PurchaseOrder {
    type Ref<'a> = &'a str;
    fn key_ref(&self) -> Self::Ref<'_> {
        self.id.as_str()
    }
}

fn code<T: FromStr<Err = UnknownCode>>(text: &str) -> Result<T, String> {
    T::from_str(text).map_err(|error| format!("unknown value; {error}"))
}

fn id_text(text: &str) -> Result<String, String> {
    Ok(read_id(text).to_owned())
}

fn plain_text(text: &str) -> Result<String, String> {
    Ok(unescape_text(text).to_owned())
}

/// A required cell read as part of a key: empty or unparseable gives `None`.
fn key_cell<T>(row: &mut Row, column: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
    match row.get(column, parse) {
        Cell::Value(value) => Some(value),
        Cell::Empty => {
            row.problem(column, "", "is required");
            None
        }
        Cell::Absent | Cell::Bad => None,
    }
}

impl TableRow for PolicyCell {
    type Key = (AbcClass, XyzClass);
    const TABLE: Table = Table::PolicyMatrix;

    fn key(&self) -> Self::Key {
        (self.abc, self.xyz)
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), key.1.as_str()])
    }

    fn label(&self) -> String {
        format!("policy cell {}{}", self.abc, self.xyz)
    }

    fn cells(&self) -> Vec<String> {
        export::policy_cell_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_policy_cell(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let abc = key_cell(row, "abc", code::<AbcClass>);
        let xyz = key_cell(row, "xyz", code::<XyzClass>);
        Some((abc?, xyz?))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        PolicyCell {
            abc: key.0,
            xyz: key.1,
            service_level: 0.95,
            service: ServiceDefinition::CycleService,
            policy: PolicyKind::ContinuousReview,
            review_period_days: 14,
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        row.required("service_level", &mut self.service_level, |s| cell::parse_f64_styled(s, style));
        row.defaulted("service", &mut self.service, ServiceDefinition::CycleService, code);
        row.defaulted("policy", &mut self.policy, PolicyKind::ContinuousReview, code);
        row.defaulted("review_period_days", &mut self.review_period_days, 14, parse_u32);
    }
}

impl TableRow for ApprovalThreshold {
    type Key = Decimal;
    const TABLE: Table = Table::ApprovalThresholds;

    /// Normalised, so 5000 and 5000.00 are the same threshold.
    fn key(&self) -> Self::Key {
        self.min_value.normalize()
    }

    fn key_text(key: &Self::Key) -> String {
        key.normalize().to_string()
    }

    fn label(&self) -> String {
        format!("approval threshold {}", self.min_value)
    }

    fn cells(&self) -> Vec<String> {
        export::approval_threshold_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_approval_threshold(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let style = row.file.style;
        key_cell(row, "min_value", |s| parse_decimal(s, style))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        ApprovalThreshold { min_value: key, approver: String::new() }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        // Keep the spelling of this file (5000.00), not the normalised key.
        let style = row.file.style;
        row.required("min_value", &mut self.min_value, |s| parse_decimal(s, style));
        row.text("approver", &mut self.approver);
    }
}

impl TableRow for CurrencyRate {
    type Key = (Currency, NaiveDate);
    const TABLE: Table = Table::CurrencyRates;

    fn key(&self) -> Self::Key {
        (self.currency.clone(), self.as_of)
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), &cell::format_date(key.1)])
    }

    fn label(&self) -> String {
        describe::currency_rate(self)
    }

    fn cells(&self) -> Vec<String> {
        export::currency_rate_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_currency_rate(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let currency = key_cell(row, "currency", |s| Ok(read_currency(s)));
        let as_of = key_cell(row, "as_of", parse_date);
        Some((currency?, as_of?))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        CurrencyRate { currency: key.0, as_of: key.1, rate: Decimal::ONE }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        row.required("rate", &mut self.rate, |s| parse_decimal(s, style));
    }
}

impl TableRow for Location {
    type Key = LocationId;
    const TABLE: Table = Table::Locations;

    fn key(&self) -> Self::Key {
        self.id.clone()
    }

    fn key_text(key: &Self::Key) -> String {
        key.as_str().to_owned()
    }

    fn label(&self) -> String {
        describe::location(&self.id)
    }

    fn cells(&self) -> Vec<String> {
        export::location_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_location(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        row.key_id("location_id").map(LocationId::from)
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        Location { id: key, name: String::new() }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        row.text("name", &mut self.name);
    }
}

impl TableRow for Sku {
    type Key = SkuId;
    const TABLE: Table = Table::Skus;

    fn key(&self) -> Self::Key {
        self.id.clone()
    }

    fn key_text(key: &Self::Key) -> String {
        key.as_str().to_owned()
    }

    fn label(&self) -> String {
        describe::sku(&self.id)
    }

    fn cells(&self) -> Vec<String> {
        export::sku_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_sku(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        row.key_id("sku_id").map(SkuId::from)
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        Sku {
            id: key,
            name: String::new(),
            family: String::new(),
            unit: "each".to_owned(),
            unit_cost: Decimal::ZERO,
            criticality: Criticality::Normal,
            regulated: false,
            shelf_life_days: None,
            min_remaining_shelf_life_days: None,
            status: SkuStatus::Active,
            weight_kg: None,
            volume_l: None,
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        row.text("name", &mut self.name);
        row.text("family", &mut self.family);
        row.defaulted("unit", &mut self.unit, "each".to_owned(), plain_text);
        row.required("unit_cost", &mut self.unit_cost, |s| parse_decimal(s, style));
        row.defaulted("criticality", &mut self.criticality, Criticality::Normal, code);
        row.defaulted("regulated", &mut self.regulated, false, parse_bool);
        row.optional("shelf_life_days", &mut self.shelf_life_days, parse_u32);
        row.optional("min_remaining_shelf_life_days", &mut self.min_remaining_shelf_life_days, parse_u32);
        row.defaulted("status", &mut self.status, SkuStatus::Active, code);
        row.optional("weight_kg", &mut self.weight_kg, |s| cell::parse_f64_styled(s, style));
        row.optional("volume_l", &mut self.volume_l, |s| cell::parse_f64_styled(s, style));
    }
}

impl TableRow for Supplier {
    type Key = SupplierId;
    const TABLE: Table = Table::Suppliers;

    fn key(&self) -> Self::Key {
        self.id.clone()
    }

    fn key_text(key: &Self::Key) -> String {
        key.as_str().to_owned()
    }

    fn label(&self) -> String {
        describe::supplier(&self.id)
    }

    fn cells(&self) -> Vec<String> {
        export::supplier_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_supplier(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        row.key_id("supplier_id").map(SupplierId::from)
    }

    fn new_row(key: Self::Key, settings: &Settings) -> Self {
        Supplier {
            id: key,
            name: String::new(),
            approval: Approval::Approved,
            currency: settings.base_currency.clone(),
            payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
            risk: SupplyRisk::Medium,
            landed: LandedCostTerms::default(),
            min_order_value: None,
            free_freight_threshold: None,
            lead_time_sd_days: None,
        }
    }

    fn read_fields(&mut self, row: &mut Row, settings: &Settings) {
        let style = row.file.style;
        let money = |s: &str| parse_decimal(s, style);
        let zero = Decimal::ZERO;
        row.text("name", &mut self.name);
        row.defaulted("approval", &mut self.approval, Approval::Approved, code);
        // An empty currency means the base currency (as set by this batch's settings.csv, if any).
        row.defaulted("currency", &mut self.currency, settings.base_currency.clone(), |s| Ok(read_currency(s)));
        row.defaulted("risk", &mut self.risk, SupplyRisk::Medium, code);
        let terms = &mut self.payment_terms;
        row.defaulted("payment_net_days", &mut terms.net_days, 30, parse_u32);
        row.optional("early_discount_pct", &mut terms.early_discount_pct, money);
        row.optional("early_discount_days", &mut terms.early_discount_days, parse_u32);
        let landed = &mut self.landed;
        row.defaulted("freight_per_order", &mut landed.freight_per_order, zero, money);
        row.defaulted("freight_per_unit", &mut landed.freight_per_unit, zero, money);
        row.defaulted("insurance_pct", &mut landed.insurance_pct, zero, money);
        row.defaulted("duty_pct", &mut landed.duty_pct, zero, money);
        row.defaulted("duty_basis", &mut landed.duty_basis, DutyBasis::Fob, code);
        row.defaulted("tax_pct", &mut landed.tax_pct, zero, money);
        row.defaulted("tax_recoverable", &mut landed.tax_recoverable, true, parse_bool);
        row.defaulted("handling_per_unit", &mut landed.handling_per_unit, zero, money);
        row.optional("min_order_value", &mut self.min_order_value, money);
        row.optional("free_freight_threshold", &mut self.free_freight_threshold, money);
        row.optional("lead_time_sd_days", &mut self.lead_time_sd_days, |s| cell::parse_f64_styled(s, style));
        row.defaulted("charge_basis", &mut self.landed.charge_basis, ChargeBasis::Value, code);
    }
}

impl TableRow for Contract {
    type Key = ContractId;
    const TABLE: Table = Table::Contracts;

    fn key(&self) -> Self::Key {
        self.id.clone()
    }

    fn key_text(key: &Self::Key) -> String {
        key.as_str().to_owned()
    }

    fn label(&self) -> String {
        describe::contract(&self.id)
    }

    fn cells(&self) -> Vec<String> {
        export::contract_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_contract(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        row.key_id("contract_id").map(ContractId::from)
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        Contract {
            id: key,
            supplier: SupplierId::default(),
            start: NaiveDate::default(),
            end: NaiveDate::default(),
            auto_renew: false,
            price_review: None,
            termination_notice_days: 0,
            sla: SlaTargets::default(),
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        let percent = |s: &str| cell::parse_f64_styled(s, style);
        row.required("supplier_id", &mut self.supplier, |s| id_text(s).map(SupplierId::from));
        row.required("start", &mut self.start, parse_date);
        row.required("end", &mut self.end, parse_date);
        row.defaulted("auto_renew", &mut self.auto_renew, false, parse_bool);
        row.optional("price_review", &mut self.price_review, parse_date);
        row.defaulted("termination_notice_days", &mut self.termination_notice_days, 0, parse_u32);
        row.optional("sla_fill_rate_pct", &mut self.sla.fill_rate_pct, percent);
        row.optional("sla_on_time_pct", &mut self.sla.on_time_pct, percent);
        row.optional("sla_quality_pct", &mut self.sla.quality_pct, percent);
    }
}

impl TableRow for Offer {
    type Key = (SupplierId, SkuId);
    const TABLE: Table = Table::Offers;

    fn key(&self) -> Self::Key {
        (self.supplier.clone(), self.sku.clone())
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), key.1.as_str()])
    }

    fn label(&self) -> String {
        describe::offer(&self.supplier, &self.sku)
    }

    fn cells(&self) -> Vec<String> {
        export::offer_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_offer(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let supplier = row.key_id("supplier_id");
        let sku = row.key_id("sku_id");
        Some((SupplierId::from(supplier?), SkuId::from(sku?)))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        Offer {
            supplier: key.0,
            sku: key.1,
            supplier_sku: String::new(),
            price_breaks: Vec::new(),
            moq: 0.0,
            pack_size: 1.0,
            purchase_unit: "each".to_owned(),
            units_per_purchase_unit: 1.0,
            lead_time_days: 0,
            landed_override: LandedCostOverride::default(),
            contract: None,
            valid_from: None,
            valid_to: None,
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        let number = |s: &str| cell::parse_f64_styled(s, style);
        let money = |s: &str| parse_decimal(s, style);
        row.text("supplier_sku", &mut self.supplier_sku);
        row.required("price_breaks", &mut self.price_breaks, |s| {
            cell::parse_price_breaks(s, style).map(|breaks| {
                breaks.into_iter().map(|(min_qty, unit_price)| PriceBreak { min_qty, unit_price }).collect()
            })
        });
        row.defaulted("moq", &mut self.moq, 0.0, number);
        row.defaulted("pack_size", &mut self.pack_size, 1.0, number);
        row.defaulted("purchase_unit", &mut self.purchase_unit, "each".to_owned(), plain_text);
        row.defaulted("units_per_purchase_unit", &mut self.units_per_purchase_unit, 1.0, number);
        row.required("lead_time_days", &mut self.lead_time_days, parse_u32);
        let overrides = &mut self.landed_override;
        row.optional("freight_per_unit_override", &mut overrides.freight_per_unit, money);
        row.optional("duty_pct_override", &mut overrides.duty_pct, money);
        row.optional("handling_per_unit_override", &mut overrides.handling_per_unit, money);
        row.optional("contract_id", &mut self.contract, |s| id_text(s).map(ContractId::from));
        row.optional("valid_from", &mut self.valid_from, parse_date);
        row.optional("valid_to", &mut self.valid_to, parse_date);
    }
}

impl TableRow for StockLot {
    type Key = (SkuId, LocationId, LotId);
    const TABLE: Table = Table::StockLots;

    fn key(&self) -> Self::Key {
        (self.sku.clone(), self.location.clone(), self.lot.clone())
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), key.1.as_str(), key.2.as_str()])
    }

    fn label(&self) -> String {
        describe::stock_lot(self)
    }

    fn cells(&self) -> Vec<String> {
        export::stock_lot_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_stock_lot(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let sku = row.key_id("sku_id");
        let location = row.key_id("location_id");
        let lot = row.key_id_or_empty("lot_id");
        Some((SkuId::from(sku?), LocationId::from(location?), LotId::from(lot)))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        StockLot {
            sku: key.0,
            location: key.1,
            lot: key.2,
            quantity: 0.0,
            received: None,
            expiry: None,
            quarantine: false,
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        row.required("quantity", &mut self.quantity, |s| cell::parse_f64_styled(s, style));
        row.optional("received", &mut self.received, parse_date);
        row.optional("expiry", &mut self.expiry, parse_date);
        row.defaulted("quarantine", &mut self.quarantine, false, parse_bool);
    }
}

impl TableRow for StockCommitment {
    type Key = (SkuId, LocationId);
    const TABLE: Table = Table::Commitments;

    fn key(&self) -> Self::Key {
        (self.sku.clone(), self.location.clone())
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), key.1.as_str()])
    }

    fn label(&self) -> String {
        describe::commitment(self)
    }

    fn cells(&self) -> Vec<String> {
        export::commitment_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_commitment(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let sku = row.key_id("sku_id");
        let location = row.key_id("location_id");
        Some((SkuId::from(sku?), LocationId::from(location?)))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        StockCommitment { sku: key.0, location: key.1, backorders: 0.0, allocated: 0.0 }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        let number = |s: &str| cell::parse_f64_styled(s, style);
        row.defaulted("backorders", &mut self.backorders, 0.0, number);
        row.defaulted("allocated", &mut self.allocated, 0.0, number);
    }
}

impl TableRow for MinMaxOverride {
    type Key = (SkuId, Option<LocationId>);
    const TABLE: Table = Table::MinMaxOverrides;

    fn key(&self) -> Self::Key {
        (self.sku.clone(), self.location.clone())
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), key.1.as_ref().map_or("", |l| l.as_str())])
    }

    fn label(&self) -> String {
        describe::min_max(self)
    }

    fn cells(&self) -> Vec<String> {
        export::min_max_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_min_max(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let sku = row.key_id("sku_id");
        let location = row.key_id_or_empty("location_id");
        Some((SkuId::from(sku?), (!location.is_empty()).then_some(LocationId::from(location))))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        MinMaxOverride { sku: key.0, location: key.1, min: 0.0, max: 0.0 }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        row.required("min", &mut self.min, |s| cell::parse_f64_styled(s, style));
        row.required("max", &mut self.max, |s| cell::parse_f64_styled(s, style));
    }
}

/// The `sku_id` and `family` cells of a pin or a promotion: exactly one is
/// filled. `None` when the file has neither column (the row keeps its
/// scope) or when the cells break that rule (a problem is recorded).
fn read_scope(row: &mut Row) -> Option<ForecastScope> {
    let (sku_raw, family_raw) = (row.raw("sku_id"), row.raw("family"));
    if sku_raw.is_none() && family_raw.is_none() {
        return None;
    }
    let sku = sku_raw.map(read_id).filter(|id| !id.is_empty());
    // The family is text, matched exactly as the SKUs spell it (not trimmed).
    let family = family_raw.map(unescape_text).filter(|family| !family.trim().is_empty());
    match (sku, family) {
        (Some(sku), None) => Some(ForecastScope::Sku(SkuId::new(sku))),
        (None, Some(family)) => Some(ForecastScope::Family(family.to_owned())),
        (Some(_), Some(family)) => {
            row.problem("family", family, "give either sku_id or family, not both");
            None
        }
        (None, None) => {
            row.problem("sku_id", sku_raw.unwrap_or(""), "one of sku_id or family is required");
            None
        }
    }
}

fn scope_key_text(scope: &ForecastScope) -> String {
    match scope {
        ForecastScope::Sku(sku) => key_text(&[sku.as_str(), ""]),
        ForecastScope::Family(family) => key_text(&["", family]),
    }
}

/// An uplift cell: `learned` (any case), or a factor.
fn parse_uplift(text: &str, style: cell::NumberStyle) -> Result<Uplift, String> {
    if text.trim().eq_ignore_ascii_case("learned") {
        return Ok(Uplift::Learned);
    }
    cell::parse_f64_styled(text, style)
        .map(Uplift::Factor)
        .map_err(|_| "expected a factor such as 1.5 (for +50 %) or the word learned".to_owned())
}

impl TableRow for ForecastPin {
    type Key = ForecastScope;
    const TABLE: Table = Table::ForecastPins;

    fn key(&self) -> Self::Key {
        self.scope.clone()
    }

    fn key_text(key: &Self::Key) -> String {
        scope_key_text(key)
    }

    fn label(&self) -> String {
        describe::forecast_pin(&self.scope)
    }

    fn cells(&self) -> Vec<String> {
        export::forecast_pin_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_forecast_pin(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let scope = read_scope(row);
        if scope.is_none() && row.raw("sku_id").is_none() && row.raw("family").is_none() {
            row.problem("sku_id", "", "the file needs a sku_id or a family column");
        }
        scope
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        ForecastPin { scope: key, model: ForecastModel::Auto, season_weeks: None }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        row.required("model", &mut self.model, code);
        row.optional("season_weeks", &mut self.season_weeks, parse_u32);
    }
}

impl TableRow for ForecastOverride {
    type Key = (SkuId, LocationId, NaiveDate);
    const TABLE: Table = Table::ForecastOverrides;

    fn key(&self) -> Self::Key {
        (self.sku.clone(), self.location.clone(), self.week_start)
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), key.1.as_str(), &cell::format_date(key.2)])
    }

    fn label(&self) -> String {
        describe::forecast_override(self)
    }

    fn cells(&self) -> Vec<String> {
        export::forecast_override_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_forecast_override(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let sku = row.key_id("sku_id");
        let location = row.key_id("location_id");
        let week_start = key_cell(row, "week_start", parse_date);
        Some((SkuId::from(sku?), LocationId::from(location?), week_start?))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        ForecastOverride { sku: key.0, location: key.1, week_start: key.2, quantity: 0.0, note: String::new() }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        row.required("quantity", &mut self.quantity, |s| cell::parse_f64_styled(s, style));
        row.text("note", &mut self.note);
    }
}

impl TableRow for Promotion {
    type Key = PromotionId;
    const TABLE: Table = Table::Promotions;

    fn key(&self) -> Self::Key {
        self.id.clone()
    }

    fn key_text(key: &Self::Key) -> String {
        key.as_str().to_owned()
    }

    fn label(&self) -> String {
        describe::promotion(&self.id)
    }

    fn cells(&self) -> Vec<String> {
        export::promotion_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_promotion(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        row.key_id("promotion_id").map(PromotionId::from)
    }

    /// No scope yet: a file without `sku_id` and `family` columns leaves it
    /// empty, which the rules refuse.
    fn new_row(key: Self::Key, _: &Settings) -> Self {
        Promotion {
            id: key,
            scope: ForecastScope::Sku(SkuId::default()),
            location: None,
            start: NaiveDate::default(),
            end: NaiveDate::default(),
            uplift: Uplift::Learned,
            note: String::new(),
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        if let Some(scope) = read_scope(row) {
            self.scope = scope;
        }
        row.optional("location_id", &mut self.location, |s| id_text(s).map(LocationId::from));
        row.required("start", &mut self.start, parse_date);
        row.required("end", &mut self.end, parse_date);
        row.required("uplift", &mut self.uplift, |s| parse_uplift(s, style));
        row.text("note", &mut self.note);
    }
}

impl TableRow for Launch {
    type Key = (SkuId, Option<LocationId>);
    const TABLE: Table = Table::Launches;

    fn key(&self) -> Self::Key {
        (self.sku.clone(), self.location.clone())
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), key.1.as_ref().map_or("", |l| l.as_str())])
    }

    fn label(&self) -> String {
        describe::launch(self)
    }

    fn cells(&self) -> Vec<String> {
        export::launch_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_launch(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let sku = row.key_id("sku_id");
        let location = row.key_id_or_empty("location_id");
        Some((SkuId::from(sku?), (!location.is_empty()).then_some(LocationId::from(location))))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        Launch {
            sku: key.0,
            location: key.1,
            like_sku: None,
            like_share: None,
            weekly_rate: None,
            use_family_profile: false,
            start: NaiveDate::default(),
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        let number = |s: &str| cell::parse_f64_styled(s, style);
        row.optional("like_sku_id", &mut self.like_sku, |s| id_text(s).map(SkuId::from));
        row.optional("like_share", &mut self.like_share, number);
        row.optional("weekly_rate", &mut self.weekly_rate, number);
        row.defaulted("use_family_profile", &mut self.use_family_profile, false, parse_bool);
        row.required("start", &mut self.start, parse_date);
    }
}

impl TableRow for Budget {
    type Key = (String, NaiveDate);
    const TABLE: Table = Table::Budgets;

    fn key(&self) -> Self::Key {
        (self.family.clone(), self.month)
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[&key.0, &cell::format_month(key.1)])
    }

    fn label(&self) -> String {
        describe::budget(self)
    }

    fn cells(&self) -> Vec<String> {
        export::budget_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_budget(self)
    }

    /// The family is text, matched exactly as the SKUs spell it (not trimmed).
    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let family = row.raw("family").map(|raw| unescape_text(raw).to_owned());
        let month = key_cell(row, "month", parse_month);
        Some((family?, month?))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        Budget { family: key.0, month: key.1, amount: Decimal::ZERO }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        row.required("amount", &mut self.amount, |s| parse_decimal(s, style));
    }
}

impl TableRow for PurchaseOrder {
    type Key = PoId;
    const TABLE: Table = Table::PurchaseOrders;

    fn key(&self) -> Self::Key {
        self.id.clone()
    }

    fn key_text(key: &Self::Key) -> String {
        key.as_str().to_owned()
    }

    fn label(&self) -> String {
        describe::purchase_order(&self.id)
    }

    fn cells(&self) -> Vec<String> {
        export::purchase_order_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_purchase_order(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        row.key_id("po_id").map(PoId::from)
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        PurchaseOrder {
            id: key,
            supplier: SupplierId::default(),
            location: LocationId::default(),
            status: PoStatus::Draft,
            created: NaiveDate::default(),
            approved: None,
            sent: None,
            promised: None,
            received: None,
            note: String::new(),
            lines: Vec::new(),
            log: Vec::new(),
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        row.required("supplier_id", &mut self.supplier, |s| id_text(s).map(SupplierId::from));
        row.required("location_id", &mut self.location, |s| id_text(s).map(LocationId::from));
        row.defaulted("status", &mut self.status, PoStatus::Draft, code);
        row.required("created", &mut self.created, parse_date);
        row.optional("approved", &mut self.approved, parse_date);
        row.optional("sent", &mut self.sent, parse_date);
        row.optional("promised", &mut self.promised, parse_date);
        row.optional("received", &mut self.received, parse_date);
        row.text("note", &mut self.note);
    }
}

/// A PO line on its own, as `po_lines.csv` has it (the model nests lines in
/// their order; the importer flattens and re-nests them).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FlatLine {
    pub po: PoId,
    /// The line without its receipts.
    pub line: PoLine,
}

impl TableRow for FlatLine {
    type Key = (PoId, u32);
    const TABLE: Table = Table::PoLines;

    fn key(&self) -> Self::Key {
        (self.po.clone(), self.line.line_no)
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), &key.1.to_string()])
    }

    fn label(&self) -> String {
        describe::po_line(&self.po, self.line.line_no)
    }

    fn cells(&self) -> Vec<String> {
        export::po_line_cells(&self.po, &self.line)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_po_line(&self.line)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let po = row.key_id("po_id");
        let line_no = key_cell(row, "line_no", parse_u32);
        Some((PoId::from(po?), line_no?))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        FlatLine {
            po: key.0,
            line: PoLine {
                line_no: key.1,
                sku: SkuId::default(),
                quantity: 0.0,
                unit_price: Decimal::ZERO,
                expected_landed_unit: None,
                receipts: Vec::new(),
            },
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        let line = &mut self.line;
        row.required("sku_id", &mut line.sku, |s| id_text(s).map(SkuId::from));
        row.required("quantity", &mut line.quantity, |s| cell::parse_f64_styled(s, style));
        row.required("unit_price", &mut line.unit_price, |s| parse_decimal(s, style));
        row.optional("expected_landed_unit", &mut line.expected_landed_unit, |s| parse_decimal(s, style));
    }
}

/// A PO log entry on its own, as `po_log.csv` has it (the model nests the
/// log in its order, like lines).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FlatEvent {
    pub po: PoId,
    pub event: PoEvent,
}

impl TableRow for FlatEvent {
    type Key = (PoId, u32);
    const TABLE: Table = Table::PoLog;

    fn key(&self) -> Self::Key {
        (self.po.clone(), self.event.seq)
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), &key.1.to_string()])
    }

    fn label(&self) -> String {
        describe::po_event(&self.po, self.event.seq)
    }

    fn cells(&self) -> Vec<String> {
        export::po_event_cells(&self.po, &self.event)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_po_event(&self.event)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let po = row.key_id("po_id");
        let seq = key_cell(row, "seq", parse_u32);
        Some((PoId::from(po?), seq?))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        FlatEvent {
            po: key.0,
            event: PoEvent {
                seq: key.1,
                at: NaiveDate::default().and_time(chrono::NaiveTime::MIN),
                role: String::new(),
                kind: PoEventKind::Drafted,
                comment: String::new(),
            },
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let event = &mut self.event;
        row.required("at", &mut event.at, parse_date_time);
        row.text("role", &mut event.role);
        row.required("kind", &mut event.kind, code);
        row.text("comment", &mut event.comment);
    }
}

impl TableRow for RecurringOrder {
    type Key = RecurringId;
    const TABLE: Table = Table::RecurringOrders;

    fn key(&self) -> Self::Key {
        self.id.clone()
    }

    fn key_text(key: &Self::Key) -> String {
        key.as_str().to_owned()
    }

    fn label(&self) -> String {
        describe::recurring_order(&self.id)
    }

    fn cells(&self) -> Vec<String> {
        export::recurring_order_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_recurring_order(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        row.key_id("recurring_id").map(RecurringId::from)
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        RecurringOrder {
            id: key,
            supplier: SupplierId::default(),
            location: LocationId::default(),
            every_weeks: 1,
            start: NaiveDate::default(),
            last_generated: None,
            active: true,
            lines: Vec::new(),
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        row.required("supplier_id", &mut self.supplier, |s| id_text(s).map(SupplierId::from));
        row.required("location_id", &mut self.location, |s| id_text(s).map(LocationId::from));
        row.required("every_weeks", &mut self.every_weeks, parse_u32);
        row.required("start", &mut self.start, parse_date);
        row.optional("last_generated", &mut self.last_generated, parse_date);
        row.defaulted("active", &mut self.active, true, parse_bool);
    }
}

/// A mapping preset: keyed by its name ignoring case (`preset_name_key`), so
/// a file row `shopify products` updates the preset `Shopify products` (and
/// gives it the file's spelling).
impl TableRow for MappingPreset {
    type Key = String;
    const TABLE: Table = Table::MappingPresets;

    fn key(&self) -> Self::Key {
        self.name_key()
    }

    fn key_text(key: &Self::Key) -> String {
        key.clone()
    }

    fn label(&self) -> String {
        describe::mapping_preset(&self.name)
    }

    fn cells(&self) -> Vec<String> {
        export::mapping_preset_cells(self)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_mapping_preset(self)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        row.key_id("name").map(|name| preset_name_key(&name))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        MappingPreset::unfilled(key)
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        if let Some(raw) = row.raw("name") {
            self.name = cell::read_id(raw).to_owned();
        }
        let name = self.name.clone();
        row.required("spec", &mut self.spec, |text| read_preset_cells(&name, text).map(|preset| preset.spec));
    }
}

/// A recurring order's line on its own, as `recurring_lines.csv` has it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FlatRecurringLine {
    pub recurring: RecurringId,
    pub line: RecurringLine,
}

impl TableRow for FlatRecurringLine {
    type Key = (RecurringId, SkuId);
    const TABLE: Table = Table::RecurringLines;

    fn key(&self) -> Self::Key {
        (self.recurring.clone(), self.line.sku.clone())
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), key.1.as_str()])
    }

    fn label(&self) -> String {
        describe::recurring_line(&self.recurring, &self.line.sku)
    }

    fn cells(&self) -> Vec<String> {
        export::recurring_line_cells(&self.recurring, &self.line)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_recurring_line(&self.line)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let recurring = row.key_id("recurring_id");
        let sku = row.key_id("sku_id");
        Some((RecurringId::from(recurring?), SkuId::from(sku?)))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        FlatRecurringLine {
            recurring: key.0,
            line: RecurringLine { sku: key.1, rule: RecurringRule::Fixed, quantity: 0.0 },
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        let line = &mut self.line;
        row.defaulted("rule", &mut line.rule, RecurringRule::Fixed, code);
        row.defaulted("quantity", &mut line.quantity, 0.0, |s| cell::parse_f64_styled(s, style));
    }
}

/// A receipt on its own, as `receipts.csv` has it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FlatReceipt {
    pub po: PoId,
    pub line_no: u32,
    pub receipt: Receipt,
}

impl TableRow for FlatReceipt {
    type Key = (PoId, u32, u32);
    const TABLE: Table = Table::Receipts;

    fn key(&self) -> Self::Key {
        (self.po.clone(), self.line_no, self.receipt.receipt_no)
    }

    fn key_text(key: &Self::Key) -> String {
        key_text(&[key.0.as_str(), &key.1.to_string(), &key.2.to_string()])
    }

    fn label(&self) -> String {
        describe::receipt(&self.po, self.line_no, self.receipt.receipt_no)
    }

    fn cells(&self) -> Vec<String> {
        export::receipt_cells(&self.po, self.line_no, &self.receipt)
    }

    fn rules(&self) -> Vec<FieldProblem> {
        rules::validate_receipt(&self.receipt)
    }

    fn read_key(row: &mut Row) -> Option<Self::Key> {
        let po = row.key_id("po_id");
        let line_no = key_cell(row, "line_no", parse_u32);
        let receipt_no = key_cell(row, "receipt_no", parse_u32);
        Some((PoId::from(po?), line_no?, receipt_no?))
    }

    fn new_row(key: Self::Key, _: &Settings) -> Self {
        FlatReceipt {
            po: key.0,
            line_no: key.1,
            receipt: Receipt {
                receipt_no: key.2,
                date: NaiveDate::default(),
                quantity_received: 0.0,
                quantity_rejected: 0.0,
                lot: None,
                expiry: None,
                freight: Decimal::ZERO,
                duty: Decimal::ZERO,
                other_charges: Decimal::ZERO,
            },
        }
    }

    fn read_fields(&mut self, row: &mut Row, _: &Settings) {
        let style = row.file.style;
        let number = |s: &str| cell::parse_f64_styled(s, style);
        let money = |s: &str| parse_decimal(s, style);
        let receipt = &mut self.receipt;
        row.required("date", &mut receipt.date, parse_date);
        row.required("quantity_received", &mut receipt.quantity_received, number);
        row.defaulted("quantity_rejected", &mut receipt.quantity_rejected, 0.0, number);
        row.optional("lot_id", &mut receipt.lot, |s| id_text(s).map(LotId::from));
        row.optional("expiry", &mut receipt.expiry, parse_date);
        row.defaulted("freight", &mut receipt.freight, Decimal::ZERO, money);
        row.defaulted("duty", &mut receipt.duty, Decimal::ZERO, money);
        row.defaulted("other_charges", &mut receipt.other_charges, Decimal::ZERO, money);
    }
}
