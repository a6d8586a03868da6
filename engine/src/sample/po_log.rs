//! The log of every sample purchase order, told from its own dates: drafted
//! and submitted by the buyer on the day it was created, approved on its
//! approval day by whoever its value needs under the settings (the buyer
//! below the first approval threshold, the purchasing manager from 5,000 €,
//! the finance director as well from 25,000 € with the default settings),
//! sent on its send day, a "received" entry for every day a delivery came in,
//! and "closed" or "cancelled" where its status says so. Times fall in office
//! hours, 08:00 to about 16:00, and come from the order's own random stream,
//! so the log is the same on every run.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use rust_decimal::Decimal;

use super::rng::Rng;
use super::tag;
use crate::model::{PoEvent, PoEventKind, PoStatus, PurchaseOrder, Settings};

const BUYER: &str = "Buyer";

/// The log of `order`, whose value is `value_in_base` in the base currency.
pub(super) fn po_log(seed: u64, order: &PurchaseOrder, value_in_base: Decimal, settings: &Settings) -> Vec<PoEvent> {
    let mut log = Log { events: Vec::new(), clock: Clock::new(seed, order) };
    log.add(order.created, BUYER, PoEventKind::Drafted, draft_comment(order));
    if order.status == PoStatus::Draft {
        return log.events;
    }
    log.add(order.created, BUYER, PoEventKind::Submitted, "");
    if let Some(approved) = order.approved {
        for (role, comment) in approvers(value_in_base, settings) {
            log.add(approved, &role, PoEventKind::Approved, comment);
        }
    }
    if let Some(sent) = order.sent {
        log.add(sent, BUYER, PoEventKind::Sent, "");
    }
    let mut delivery_days: Vec<NaiveDate> =
        order.lines.iter().flat_map(|line| line.receipts.iter().map(|receipt| receipt.date)).collect();
    crate::sorting::sort_by(&mut delivery_days, |a, b| a.cmp(b));
    delivery_days.dedup();
    for day in delivery_days {
        log.add(day, BUYER, PoEventKind::Received, "");
    }
    match order.status {
        PoStatus::Closed => {
            let day = order.received.unwrap_or(order.created);
            log.add(day, BUYER, PoEventKind::Closed, &order.note);
        }
        PoStatus::Cancelled => log.add(order.created, BUYER, PoEventKind::Cancelled, &order.note),
        _ => {}
    }
    log.events
}

fn draft_comment(order: &PurchaseOrder) -> &'static str {
    match order.status {
        PoStatus::Draft => "From the last planning run",
        _ => "From the plan",
    }
}

/// Who signs an order of this value: every role whose approval threshold it
/// reaches, or the buyer alone (automatically below the auto-approve limit).
fn approvers(value_in_base: Decimal, settings: &Settings) -> Vec<(String, &'static str)> {
    let roles: Vec<(String, &'static str)> = settings
        .approval_thresholds
        .iter()
        .filter(|threshold| value_in_base >= threshold.min_value)
        .map(|threshold| (threshold.approver.clone(), "Above the approval threshold"))
        .collect();
    if !roles.is_empty() {
        roles
    } else if value_in_base < settings.purchasing.auto_approve_limit {
        vec![(BUYER.to_owned(), "Below the auto-approve limit")]
    } else {
        vec![(BUYER.to_owned(), "Within the buyer's limit")]
    }
}

struct Log {
    events: Vec<PoEvent>,
    clock: Clock,
}

impl Log {
    fn add(&mut self, day: NaiveDate, role: &str, kind: PoEventKind, comment: &str) {
        self.events.push(PoEvent {
            seq: self.events.len() as u32 + 1,
            at: self.clock.at(day),
            role: role.to_owned(),
            kind,
            comment: comment.to_owned(),
        });
    }
}

/// Office-hours times, later with every step: the first step of a day
/// between 08:00 and 10:59, each further step that day 10 to 59 minutes
/// after the one before (a day has at most six steps, so the last is before
/// 16:00).
struct Clock {
    rng: Rng,
    last: Option<NaiveDateTime>,
}

impl Clock {
    fn new(seed: u64, order: &PurchaseOrder) -> Self {
        Clock { rng: Rng::keyed(seed, &[tag::PO_LOG, crate::persist::fnv1a(order.id.as_str().as_bytes())]), last: None }
    }

    fn at(&mut self, day: NaiveDate) -> NaiveDateTime {
        let at = match self.last {
            Some(last) if last.date() >= day => last + TimeDelta::minutes(self.rng.between(10, 59)),
            _ => day.and_time(NaiveTime::MIN) + TimeDelta::minutes(8 * 60 + self.rng.between(0, 179)),
        };
        self.last = Some(at);
        at
    }
}
