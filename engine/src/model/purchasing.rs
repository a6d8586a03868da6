//! Purchase orders, their lines and receipts. Open lines are the "on order"
//! quantity; receipts are the evidence for measured lead times and supplier
//! performance.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codes::{PoEventKind, PoStatus, RecurringRule};
use super::ids::{LocationId, LotId, PoId, RecurringId, SkuId, SupplierId};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PurchaseOrder {
    pub id: PoId,
    pub supplier: SupplierId,
    /// The location the goods are delivered to.
    pub location: LocationId,
    pub status: PoStatus,
    pub created: NaiveDate,
    pub approved: Option<NaiveDate>,
    pub sent: Option<NaiveDate>,
    /// Delivery date the supplier promised.
    pub promised: Option<NaiveDate>,
    /// Date the order was fully received (or closed on its last receipt).
    pub received: Option<NaiveDate>,
    pub note: String,
    /// Lines ascending by `line_no`.
    pub lines: Vec<PoLine>,
    /// What happened to the order and who did it, ascending by `seq`
    /// (`po_log.csv`).
    pub log: Vec<PoEvent>,
}

/// One step in a purchase order's life. Keyed by (PO, seq).
///
/// The app has no accounts: `role` is the role the user said they act as
/// ("Purchasing manager"), and the log says so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoEvent {
    pub seq: u32,
    /// Local date and time the step was taken (the engine never reads the
    /// clock: the caller passes it in).
    pub at: NaiveDateTime,
    pub role: String,
    pub kind: PoEventKind,
    pub comment: String,
}

/// One line of a purchase order. Keyed by (PO, line number).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoLine {
    pub line_no: u32,
    pub sku: SkuId,
    /// Ordered quantity, in SKU units.
    pub quantity: f64,
    /// Price of one SKU unit, in the supplier's currency.
    pub unit_price: Decimal,
    /// Landed cost of one unit expected when the order was placed, in the
    /// supplier's currency, four decimals: goods, the line's share of the
    /// order's charges, duty, non-recoverable tax and handling. What
    /// landed-cost variance compares receipts against; `None` on orders
    /// entered without it.
    pub expected_landed_unit: Option<Decimal>,
    /// Receipts ascending by `receipt_no`.
    pub receipts: Vec<Receipt>,
}

/// A delivery against a PO line. Keyed by (PO, line number, receipt number).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub receipt_no: u32,
    pub date: NaiveDate,
    /// Quantity delivered, including any rejected units.
    pub quantity_received: f64,
    /// Units refused at inspection (damaged, wrong, short-dated).
    pub quantity_rejected: f64,
    pub lot: Option<LotId>,
    pub expiry: Option<NaiveDate>,
    /// Actual charges on this delivery, in the supplier's currency.
    pub freight: Decimal,
    pub duty: Decimal,
    pub other_charges: Decimal,
}

impl Receipt {
    pub fn quantity_accepted(&self) -> f64 {
        (self.quantity_received - self.quantity_rejected).max(0.0)
    }
}

impl PoLine {
    pub fn quantity_accepted(&self) -> f64 {
        self.receipts.iter().map(Receipt::quantity_accepted).sum()
    }

    pub fn quantity_received(&self) -> f64 {
        self.receipts.iter().map(|r| r.quantity_received).sum()
    }

    /// Value of the line at its ordered quantity, in the supplier's currency.
    pub fn value(&self) -> Decimal {
        super::money::quantity_as_decimal(self.quantity) * self.unit_price
    }
}

impl PurchaseOrder {
    /// Quantity still expected on a line: ordered less accepted, for open orders only.
    pub fn open_quantity(&self, line: &PoLine) -> f64 {
        if self.status.is_open() {
            (line.quantity - line.quantity_accepted()).max(0.0)
        } else {
            0.0
        }
    }

    /// Order value at ordered quantities, in the supplier's currency.
    pub fn value(&self) -> Decimal {
        self.lines.iter().map(PoLine::value).sum()
    }
}

/// A standing order: every `every_weeks` weeks from `start`, a draft purchase
/// order for its lines from `supplier` to `location`. Keyed by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecurringOrder {
    pub id: RecurringId,
    pub supplier: SupplierId,
    pub location: LocationId,
    pub every_weeks: u32,
    /// The first due date; later ones follow every `every_weeks` weeks.
    pub start: NaiveDate,
    /// The last due date a draft was generated for.
    pub last_generated: Option<NaiveDate>,
    pub active: bool,
    /// Lines ascending by SKU (`recurring_lines.csv`).
    pub lines: Vec<RecurringLine>,
}

/// One SKU of a recurring order. Keyed by (recurring order, SKU).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecurringLine {
    pub sku: SkuId,
    pub rule: RecurringRule,
    /// The quantity for `fixed`; ignored by `order_up_to`.
    pub quantity: f64,
}
