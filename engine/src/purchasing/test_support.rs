//! Small records for the purchasing modules' unit tests.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{
    Approval, Contract, Criticality, Currency, LandedCostTerms, PaymentTerms, PoLine, PoStatus, PurchaseOrder, Receipt,
    Sku, SkuStatus, SlaTargets, Supplier, SupplyRisk,
};

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

pub fn supplier(id: &str) -> Supplier {
    Supplier {
        id: id.into(),
        name: format!("{id} Ltd"),
        approval: Approval::Preferred,
        currency: Currency::new("EUR"),
        payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
        risk: SupplyRisk::Low,
        landed: LandedCostTerms::default(),
        min_order_value: None,
        free_freight_threshold: None,
        lead_time_sd_days: None,
    }
}

pub fn sku(id: &str, name: &str, unit: &str) -> Sku {
    Sku {
        id: id.into(),
        name: name.into(),
        family: "fasteners".into(),
        unit: unit.into(),
        unit_cost: Decimal::ONE,
        criticality: Criticality::Normal,
        regulated: false,
        shelf_life_days: None,
        min_remaining_shelf_life_days: None,
        status: SkuStatus::Active,
        weight_kg: None,
        volume_l: None,
    }
}

pub fn line(line_no: u32, sku: &str, quantity: f64, unit_price: &str) -> PoLine {
    PoLine {
        line_no,
        sku: sku.into(),
        quantity,
        unit_price: dec(unit_price),
        expected_landed_unit: None,
        receipts: Vec::new(),
    }
}

pub fn receipt(receipt_no: u32, day: &str, received: f64, rejected: f64) -> Receipt {
    Receipt {
        receipt_no,
        date: date(day),
        quantity_received: received,
        quantity_rejected: rejected,
        lot: None,
        expiry: None,
        freight: Decimal::ZERO,
        duty: Decimal::ZERO,
        other_charges: Decimal::ZERO,
    }
}

pub fn order(id: &str, supplier: &str, status: PoStatus, lines: Vec<PoLine>) -> PurchaseOrder {
    PurchaseOrder {
        id: id.into(),
        supplier: supplier.into(),
        location: "WH1".into(),
        status,
        created: date("2026-01-01"),
        approved: None,
        sent: None,
        promised: None,
        received: None,
        note: String::new(),
        lines,
        log: Vec::new(),
    }
}

pub fn contract(id: &str, supplier: &str, start: &str, end: &str) -> Contract {
    Contract {
        id: id.into(),
        supplier: supplier.into(),
        start: date(start),
        end: date(end),
        auto_renew: false,
        price_review: None,
        termination_notice_days: 0,
        sla: SlaTargets::default(),
    }
}
