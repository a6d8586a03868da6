//! A purchase order's life (issue 8, section 4): draft → pending approval →
//! approved → sent → partially received → received → closed, and cancelled.
//!
//! Each step is a function on the workspace that checks everything first and
//! changes nothing when it refuses, so the caller can show the error and
//! carry on with the same workspace. Each step that happens is logged on the
//! order (`PurchaseOrder::log`) with the role the user acts as: the app has
//! no accounts.

use std::fmt;

use chrono::{Days, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::approval::{required_approvals, ApprovalError, Blocker, BUYER_ROLE};
use crate::model::{
    LotId, PoEvent, PoEventKind, PoId, PoLine, PoStatus, PurchaseOrder, Receipt, SkuId, StockLot, Workspace,
};

/// Who takes a step, and when. `role` is the role the user says they act as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub role: String,
    /// Local date and time (the engine never reads the clock).
    pub at: NaiveDateTime,
}

impl Actor {
    fn today(&self) -> NaiveDate {
        self.at.date()
    }
}

/// The steps of a purchase order's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PoAction {
    Submit,
    Approve,
    Reject,
    EditLines,
    Send,
    Receive,
    Close,
    Cancel,
}

impl PoAction {
    pub const ALL: &'static [PoAction] = &[
        PoAction::Submit,
        PoAction::Approve,
        PoAction::Reject,
        PoAction::EditLines,
        PoAction::Send,
        PoAction::Receive,
        PoAction::Close,
        PoAction::Cancel,
    ];

    /// The statuses the action may start from.
    pub fn allowed_from(self) -> &'static [PoStatus] {
        match self {
            PoAction::Submit => &[PoStatus::Draft],
            PoAction::Approve | PoAction::Reject => &[PoStatus::PendingApproval],
            PoAction::EditLines => &[PoStatus::Draft, PoStatus::PendingApproval, PoStatus::Approved],
            PoAction::Send => &[PoStatus::Approved],
            PoAction::Receive => &[PoStatus::Sent, PoStatus::PartiallyReceived],
            PoAction::Close => &[PoStatus::Sent, PoStatus::PartiallyReceived, PoStatus::Received],
            PoAction::Cancel => &[PoStatus::Draft, PoStatus::PendingApproval, PoStatus::Approved],
        }
    }
}

impl fmt::Display for PoAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PoAction::Submit => "submitted",
            PoAction::Approve => "approved",
            PoAction::Reject => "rejected",
            PoAction::EditLines => "edited",
            PoAction::Send => "sent",
            PoAction::Receive => "received against",
            PoAction::Close => "closed",
            PoAction::Cancel => "cancelled",
        })
    }
}

/// Why a step was refused. The workspace is unchanged.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum LifecycleError {
    #[error("there is no purchase order {po}")]
    UnknownPo { po: PoId },
    #[error("purchase order {po} is {status}: it cannot be {action} (only when {})", list(.action.allowed_from()))]
    NotAllowed { po: PoId, action: PoAction, status: PoStatus },
    #[error("say which role you act as")]
    NoRole,
    #[error("a comment is required: purchase order {po} cannot be {action} without one")]
    CommentRequired { po: PoId, action: PoAction },
    #[error("purchase order {po} has no lines")]
    NoLines { po: PoId },
    #[error("purchase order {po} cannot go further: {}", blockers.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Blocked { po: PoId, blockers: Vec<Blocker> },
    #[error("purchase order {po} does not need an approval from {role} (still needed: {})", if .pending.is_empty() { "none".to_owned() } else { .pending.join(", ") })]
    RoleNotPending { po: PoId, role: String, pending: Vec<String> },
    #[error("{role} is not one of the approvers of purchase order {po} ({})", .approvers.join(", "))]
    NotAnApprover { po: PoId, role: String, approvers: Vec<String> },
    #[error(transparent)]
    Approval(#[from] ApprovalError),
    #[error("line {line_no} appears twice")]
    DuplicateLine { line_no: u32 },
    #[error("line {line_no}: SKU {sku} is not in the workspace")]
    UnknownSku { line_no: u32, sku: SkuId },
    #[error("line {line_no}: the quantity {quantity} must be a number above zero")]
    BadQuantity { line_no: u32, quantity: f64 },
    #[error("line {line_no}: the unit price {unit_price} is negative")]
    NegativePrice { line_no: u32, unit_price: Decimal },
    #[error("line {line_no} already has receipts: lines with receipts cannot be edited")]
    LineHasReceipts { line_no: u32 },
    #[error("nothing to receive: no receipt lines given")]
    NoReceipts,
    #[error("purchase order {po} has no line {line_no}")]
    UnknownLine { po: PoId, line_no: u32 },
    #[error("line {line_no}: the quantity received {quantity} must be a number above zero")]
    BadReceived { line_no: u32, quantity: f64 },
    #[error("line {line_no}: the quantity rejected {rejected} must be between 0 and the quantity received {received}")]
    BadRejected { line_no: u32, rejected: f64, received: f64 },
    #[error("line {line_no}: the {what} {amount} is negative")]
    NegativeCharge { line_no: u32, what: String, amount: Decimal },
    #[error("the date {date} is before the order was sent ({sent})")]
    BeforeSent { date: NaiveDate, sent: NaiveDate },
    #[error("line {line_no}: lot {lot} is already in stock with expiry {existing}, not {given}")]
    LotExpiryMismatch { line_no: u32, lot: LotId, existing: NaiveDate, given: NaiveDate },
}

fn list(statuses: &[PoStatus]) -> String {
    statuses.iter().map(|status| status.as_str()).collect::<Vec<_>>().join(" or ")
}

/// One line of a delivery, as the receiving form takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceiptInput {
    pub line_no: u32,
    /// Units delivered, rejected ones included.
    pub quantity_received: f64,
    pub quantity_rejected: f64,
    /// `None`: stock that is not lot-tracked (the empty lot id).
    pub lot: Option<LotId>,
    pub expiry: Option<NaiveDate>,
    /// Actual charges on this line of the delivery, in the supplier's currency.
    pub freight: Decimal,
    pub duty: Decimal,
    pub other_charges: Decimal,
}

fn find(workspace: &Workspace, po: &PoId) -> Result<PurchaseOrder, LifecycleError> {
    workspace.purchase_order(po).cloned().ok_or_else(|| LifecycleError::UnknownPo { po: po.clone() })
}

fn check_status(order: &PurchaseOrder, action: PoAction) -> Result<(), LifecycleError> {
    if action.allowed_from().contains(&order.status) {
        Ok(())
    } else {
        Err(LifecycleError::NotAllowed { po: order.id.clone(), action, status: order.status })
    }
}

fn check_actor(actor: &Actor) -> Result<(), LifecycleError> {
    if actor.role.trim().is_empty() {
        Err(LifecycleError::NoRole)
    } else {
        Ok(())
    }
}

/// The order, checked to exist, to be in a status `action` starts from, and
/// the actor to have a role.
fn start(workspace: &Workspace, po: &PoId, actor: &Actor, action: PoAction) -> Result<PurchaseOrder, LifecycleError> {
    let order = find(workspace, po)?;
    check_status(&order, action)?;
    check_actor(actor)?;
    Ok(order)
}

fn log(order: &mut PurchaseOrder, actor: &Actor, kind: PoEventKind, comment: &str) {
    let seq = order.log.iter().map(|event| event.seq).max().map_or(1, |last| last + 1);
    order.log.push(PoEvent { seq, at: actor.at, role: actor.role.clone(), kind, comment: comment.to_owned() });
}

fn store(workspace: &mut Workspace, order: PurchaseOrder) {
    workspace.purchase_orders.upsert(order);
}

/// The approvals that count now: the Approved events since the order was
/// last submitted, reopened or rejected (earlier ones were given to other
/// lines or another value), in log order.
pub fn current_approvals(order: &PurchaseOrder) -> impl Iterator<Item = &PoEvent> {
    let start = order
        .log
        .iter()
        .rposition(|event| matches!(event.kind, PoEventKind::Submitted | PoEventKind::Reopened | PoEventKind::Rejected))
        .map_or(0, |idx| idx + 1);
    order.log[start..].iter().filter(|event| event.kind == PoEventKind::Approved)
}

/// The roles that approved since the order was last submitted or reopened.
fn approved_since_submission(order: &PurchaseOrder) -> Vec<&str> {
    current_approvals(order).map(|event| event.role.as_str()).collect()
}

/// Who still has to approve `po` on `today`: for a draft, every role its
/// route requires; pending approval, those roles less the ones that approved
/// since the order was last submitted or reopened; in any later status
/// (or cancelled), nobody. Roles compare exactly as written in Settings.
pub fn pending_roles(workspace: &Workspace, po: &PoId, today: NaiveDate) -> Result<Vec<String>, LifecycleError> {
    let order = find(workspace, po)?;
    pending_of(workspace, &order, today)
}

fn pending_of(workspace: &Workspace, order: &PurchaseOrder, today: NaiveDate) -> Result<Vec<String>, LifecycleError> {
    match order.status {
        PoStatus::Draft => Ok(required_approvals(workspace, order, today)?.roles()),
        PoStatus::PendingApproval => {
            let approved = approved_since_submission(order);
            let roles = required_approvals(workspace, order, today)?.roles();
            Ok(roles.into_iter().filter(|role| !approved.contains(&role.as_str())).collect())
        }
        _ => Ok(Vec::new()),
    }
}

/// Submit a draft for approval: it becomes pending approval, or approved at
/// once (approval date = the actor's date) when its route needs nobody's
/// approval (the log's comment says so). Logged as Submitted. Submitting as
/// the buyer ([`BUYER_ROLE`]) is the buyer's sign-off: when the route needs
/// the buyer, an Approved event by the buyer follows at once, and an order
/// that needs nobody else is then approved. Refused: not a draft, no lines,
/// a blocked supplier.
pub fn submit(workspace: &mut Workspace, po: &PoId, actor: &Actor, comment: &str) -> Result<(), LifecycleError> {
    let mut order = start(workspace, po, actor, PoAction::Submit)?;
    if order.lines.is_empty() {
        return Err(LifecycleError::NoLines { po: po.clone() });
    }
    let route = required_approvals(workspace, &order, actor.today())?;
    if !route.can_submit() {
        return Err(LifecycleError::Blocked { po: po.clone(), blockers: route.blockers });
    }
    if route.auto_approved {
        order.status = PoStatus::Approved;
        order.approved = Some(actor.today());
        let note = format!(
            "auto-approved: value {} {} below the auto-approval limit and every tier, no risk trigger",
            route.value, route.base_currency
        );
        let comment = if comment.trim().is_empty() { note } else { format!("{comment} ({note})") };
        log(&mut order, actor, PoEventKind::Submitted, &comment);
    } else {
        order.status = PoStatus::PendingApproval;
        log(&mut order, actor, PoEventKind::Submitted, comment);
        let roles = route.roles();
        if actor.role == BUYER_ROLE && roles.iter().any(|role| role == BUYER_ROLE) {
            log(&mut order, actor, PoEventKind::Approved, "signed off by the buyer on submission");
            if roles.iter().all(|role| role == BUYER_ROLE) {
                order.status = PoStatus::Approved;
                order.approved = Some(actor.today());
            }
        }
    }
    store(workspace, order);
    Ok(())
}

/// Approve a pending order as `actor.role`: only a role the route (worked
/// out on the actor's date) still needs may approve. When none is left
/// needed the order is approved (approval date = the actor's date). Logged
/// as Approved with the comment. Refused: not pending, a role not needed or
/// already approved, a blocker (blocked supplier, over budget with
/// `over_budget = block`).
pub fn approve(workspace: &mut Workspace, po: &PoId, actor: &Actor, comment: &str) -> Result<(), LifecycleError> {
    let mut order = start(workspace, po, actor, PoAction::Approve)?;
    let route = required_approvals(workspace, &order, actor.today())?;
    if !route.can_approve() {
        return Err(LifecycleError::Blocked { po: po.clone(), blockers: route.blockers });
    }
    let pending = pending_of(workspace, &order, actor.today())?;
    // A route that needs nobody any more (the budget was raised, say) is
    // completed by whoever approves; otherwise only a pending role counts.
    if !pending.is_empty() && !pending.contains(&actor.role) {
        return Err(LifecycleError::RoleNotPending { po: po.clone(), role: actor.role.clone(), pending });
    }
    log(&mut order, actor, PoEventKind::Approved, comment);
    if pending.iter().all(|role| role == &actor.role) {
        order.status = PoStatus::Approved;
        order.approved = Some(actor.today());
    }
    store(workspace, order);
    Ok(())
}

/// Reject a pending order: it goes back to draft and the approvals given so
/// far no longer count. Only one of the route's approvers may reject, with a
/// comment saying why. Logged as Rejected.
pub fn reject(workspace: &mut Workspace, po: &PoId, actor: &Actor, comment: &str) -> Result<(), LifecycleError> {
    let mut order = start(workspace, po, actor, PoAction::Reject)?;
    if comment.trim().is_empty() {
        return Err(LifecycleError::CommentRequired { po: po.clone(), action: PoAction::Reject });
    }
    let approvers = required_approvals(workspace, &order, actor.today())?.roles();
    if !approvers.contains(&actor.role) {
        return Err(LifecycleError::NotAnApprover { po: po.clone(), role: actor.role.clone(), approvers });
    }
    order.status = PoStatus::Draft;
    log(&mut order, actor, PoEventKind::Rejected, comment);
    store(workspace, order);
    Ok(())
}

/// Replace the order's lines. A draft stays a draft (nothing logged); an
/// order pending approval or approved goes back to draft, its approval date
/// cleared, with a Reopened event, so the approvals given so far no longer
/// count. Refused once sent (or cancelled), and for lines that repeat a line
/// number, name an unknown SKU, have a quantity not above zero, a negative
/// price or receipts.
pub fn edit_lines(
    workspace: &mut Workspace,
    po: &PoId,
    actor: &Actor,
    lines: Vec<PoLine>,
    comment: &str,
) -> Result<(), LifecycleError> {
    let mut order = start(workspace, po, actor, PoAction::EditLines)?;
    let mut seen = Vec::with_capacity(lines.len());
    for line in &lines {
        if seen.contains(&line.line_no) {
            return Err(LifecycleError::DuplicateLine { line_no: line.line_no });
        }
        seen.push(line.line_no);
        if workspace.sku(&line.sku).is_none() {
            return Err(LifecycleError::UnknownSku { line_no: line.line_no, sku: line.sku.clone() });
        }
        if !(line.quantity.is_finite() && line.quantity > 0.0) {
            return Err(LifecycleError::BadQuantity { line_no: line.line_no, quantity: line.quantity });
        }
        if line.unit_price.is_sign_negative() && !line.unit_price.is_zero() {
            return Err(LifecycleError::NegativePrice { line_no: line.line_no, unit_price: line.unit_price });
        }
        if !line.receipts.is_empty() {
            return Err(LifecycleError::LineHasReceipts { line_no: line.line_no });
        }
    }
    order.lines = lines;
    if order.status != PoStatus::Draft {
        order.status = PoStatus::Draft;
        order.approved = None;
        log(&mut order, actor, PoEventKind::Reopened, comment);
    }
    store(workspace, order);
    Ok(())
}

/// Send an approved order to the supplier on `date`: `sent` is set and, when
/// no promised date is known yet, `promised` = `date` + the longest quoted
/// lead time among the supplier's offers for the order's SKUs (left unset
/// when there is no such offer). Logged as Sent.
pub fn send(
    workspace: &mut Workspace,
    po: &PoId,
    actor: &Actor,
    date: NaiveDate,
    comment: &str,
) -> Result<(), LifecycleError> {
    let mut order = start(workspace, po, actor, PoAction::Send)?;
    if order.promised.is_none() {
        let longest = order
            .lines
            .iter()
            .filter_map(|line| workspace.offer(&order.supplier, &line.sku))
            .map(|offer| offer.lead_time_days)
            .max();
        order.promised = longest.and_then(|days| date.checked_add_days(Days::new(u64::from(days))));
    }
    order.status = PoStatus::Sent;
    order.sent = Some(date);
    log(&mut order, actor, PoEventKind::Sent, comment);
    store(workspace, order);
    Ok(())
}

fn check_receipt(order: &PurchaseOrder, input: &ReceiptInput) -> Result<(), LifecycleError> {
    let line_no = input.line_no;
    if !order.lines.iter().any(|line| line.line_no == line_no) {
        return Err(LifecycleError::UnknownLine { po: order.id.clone(), line_no });
    }
    let (received, rejected) = (input.quantity_received, input.quantity_rejected);
    if !(received.is_finite() && received > 0.0) {
        return Err(LifecycleError::BadReceived { line_no, quantity: received });
    }
    if !(rejected.is_finite() && (0.0..=received).contains(&rejected)) {
        return Err(LifecycleError::BadRejected { line_no, rejected, received });
    }
    for (what, amount) in [("freight", input.freight), ("duty", input.duty), ("other charges", input.other_charges)] {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(LifecycleError::NegativeCharge { line_no, what: what.to_owned(), amount });
        }
    }
    Ok(())
}

/// Record a delivery on `date` against a sent or partially received order.
///
/// Each input becomes a receipt on its line with the line's next receipt
/// number. The accepted units (received − rejected) go into stock at the
/// order's location as the lot keyed (SKU, location, lot; the empty lot id
/// without one): added to an existing lot of that key (which keeps its
/// received date and quarantine flag, and takes the expiry given when it
/// had none) or a new lot received on `date`. The order becomes received
/// (`received` = `date`) when every line's accepted quantity reaches its
/// ordered quantity, else partially received. Logged as Received. Refused:
/// no inputs, an unknown line, a quantity received not above zero, a
/// rejected quantity negative or above the received one, a negative charge,
/// a date before the order was sent, a lot already in stock with another
/// expiry.
pub fn receive(
    workspace: &mut Workspace,
    po: &PoId,
    actor: &Actor,
    date: NaiveDate,
    inputs: Vec<ReceiptInput>,
    comment: &str,
) -> Result<(), LifecycleError> {
    let mut order = start(workspace, po, actor, PoAction::Receive)?;
    if inputs.is_empty() {
        return Err(LifecycleError::NoReceipts);
    }
    if let Some(sent) = order.sent.filter(|&sent| date < sent) {
        return Err(LifecycleError::BeforeSent { date, sent });
    }
    let mut lots: Vec<StockLot> = Vec::new();
    for input in &inputs {
        check_receipt(&order, input)?;
        let line = order.lines.iter().find(|line| line.line_no == input.line_no).expect("checked above");
        let accepted = input.quantity_received - input.quantity_rejected;
        let lot_id = input.lot.clone().unwrap_or_default();
        let same_key = |lot: &&StockLot| lot.sku == line.sku && lot.location == order.location && lot.lot == lot_id;
        let existing = workspace.stock_lots.iter().chain(&lots).filter(same_key).find_map(|lot| lot.expiry);
        if let (Some(existing), Some(given)) = (existing, input.expiry) {
            if existing != given {
                return Err(LifecycleError::LotExpiryMismatch { line_no: input.line_no, lot: lot_id, existing, given });
            }
        }
        if accepted > 0.0 {
            lots.push(StockLot {
                sku: line.sku.clone(),
                location: order.location.clone(),
                lot: lot_id,
                quantity: accepted,
                received: Some(date),
                expiry: input.expiry,
                quarantine: false,
            });
        }
    }
    for input in inputs {
        let line = order.lines.iter_mut().find(|line| line.line_no == input.line_no).expect("checked above");
        let receipt_no = line.receipts.iter().map(|r| r.receipt_no).max().map_or(1, |last| last + 1);
        line.receipts.push(Receipt {
            receipt_no,
            date,
            quantity_received: input.quantity_received,
            quantity_rejected: input.quantity_rejected,
            lot: input.lot,
            expiry: input.expiry,
            freight: input.freight,
            duty: input.duty,
            other_charges: input.other_charges,
        });
    }
    let complete = order.lines.iter().all(|line| line.quantity_accepted() >= line.quantity);
    if complete {
        order.status = PoStatus::Received;
        order.received = Some(date);
    } else {
        order.status = PoStatus::PartiallyReceived;
    }
    log(&mut order, actor, PoEventKind::Received, comment);
    for lot in lots {
        add_to_stock(workspace, lot);
    }
    store(workspace, order);
    Ok(())
}

fn add_to_stock(workspace: &mut Workspace, lot: StockLot) {
    let merged = workspace.stock_lots.modify_where(
        |existing| existing.sku == lot.sku && existing.location == lot.location && existing.lot == lot.lot,
        |existing| {
            existing.quantity += lot.quantity;
            existing.expiry = existing.expiry.or(lot.expiry);
        },
    );
    if merged.is_none() {
        workspace.stock_lots.upsert(lot);
    }
}

/// Close a sent, partially received or received order: what has not come
/// will not come, so it no longer counts as on order. `received` is set to
/// the last receipt's date when it was not set and there is one. Logged as
/// Closed.
pub fn close(workspace: &mut Workspace, po: &PoId, actor: &Actor, comment: &str) -> Result<(), LifecycleError> {
    let mut order = start(workspace, po, actor, PoAction::Close)?;
    if order.received.is_none() {
        order.received = order.lines.iter().flat_map(|line| &line.receipts).map(|receipt| receipt.date).max();
    }
    order.status = PoStatus::Closed;
    log(&mut order, actor, PoEventKind::Closed, comment);
    store(workspace, order);
    Ok(())
}

/// Cancel an order not sent yet (draft, pending approval or approved).
/// Logged as Cancelled. Refused once sent: close it instead.
pub fn cancel(workspace: &mut Workspace, po: &PoId, actor: &Actor, comment: &str) -> Result<(), LifecycleError> {
    let mut order = start(workspace, po, actor, PoAction::Cancel)?;
    order.status = PoStatus::Cancelled;
    log(&mut order, actor, PoEventKind::Cancelled, comment);
    store(workspace, order);
    Ok(())
}
