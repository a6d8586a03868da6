//! The contract calendar (issue 8, section 6): contracts that end soon, price
//! reviews that are due, and notice deadlines, so none passes unnoticed.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{ContractId, SupplierId, Workspace};

/// Why [`contract_calendar`] refused its input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{within_days} days from {today} is past the last date the calendar can hold")]
    WindowTooLong { today: NaiveDate, within_days: u32 },
}

/// What a contract alert is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AlertKind {
    /// The last day notice can be given falls within the window: give it by
    /// then to end the contract (or stop an auto-renewal) at its end.
    #[serde(rename = "notice_deadline")]
    NoticeDeadline,
    /// The notice window is open: the contract ends within its notice
    /// period (the deadline is today or has passed). An auto-renewing
    /// contract now renews unless the supplier accepts late notice.
    #[serde(rename = "notice_window_open")]
    NoticeWindowOpen,
    /// The price review date falls within the window.
    #[serde(rename = "price_review_due")]
    PriceReviewDue,
    /// The price review date has passed while the contract runs.
    #[serde(rename = "price_review_overdue")]
    PriceReviewOverdue,
    /// The contract ends within the window.
    #[serde(rename = "expiring")]
    Expiring,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractAlert {
    pub contract: ContractId,
    pub supplier: SupplierId,
    pub kind: AlertKind,
    /// The date the alert is about: the end, the review date or the notice deadline.
    pub date: NaiveDate,
    /// `date − today`; negative when it has passed.
    pub days_left: i64,
    /// The contract renews by itself unless notice is given: its notice
    /// deadline is the date that matters most.
    pub auto_renew: bool,
    /// The contract's end.
    pub end: NaiveDate,
}

/// Alerts for every contract, sorted by date (then contract id and kind):
/// - `Expiring`: today ≤ end ≤ today + `within_days`;
/// - `PriceReviewDue`: today ≤ review ≤ today + `within_days`;
///   `PriceReviewOverdue`: review < today while the contract has not ended
///   (today ≤ end);
/// - `NoticeDeadline`: today < deadline ≤ today + `within_days`, where the
///   deadline is end − termination notice days (`Contract::notice_deadline`);
/// - `NoticeWindowOpen`: deadline ≤ today ≤ end (the window the notice
///   period spans), dated at the deadline.
///
/// A contract without notice days has its deadline at its end, so only
/// `NoticeWindowOpen` on its last day. Ended contracts (end < today) raise
/// nothing. Refused: a window reaching past the last representable date.
pub fn contract_calendar(
    workspace: &Workspace,
    today: NaiveDate,
    within_days: u32,
) -> Result<Vec<ContractAlert>, CalendarError> {
    let horizon = today
        .checked_add_days(Days::new(u64::from(within_days)))
        .ok_or(CalendarError::WindowTooLong { today, within_days })?;
    let within = |date: NaiveDate| today <= date && date <= horizon;
    let mut alerts = Vec::new();
    for contract in workspace.contracts.iter().filter(|c| c.end >= today) {
        let mut alert = |kind: AlertKind, date: NaiveDate| {
            alerts.push(ContractAlert {
                contract: contract.id.clone(),
                supplier: contract.supplier.clone(),
                kind,
                date,
                days_left: (date - today).num_days(),
                auto_renew: contract.auto_renew,
                end: contract.end,
            })
        };
        if within(contract.end) {
            alert(AlertKind::Expiring, contract.end);
        }
        if let Some(review) = contract.price_review {
            if within(review) {
                alert(AlertKind::PriceReviewDue, review);
            } else if review < today {
                alert(AlertKind::PriceReviewOverdue, review);
            }
        }
        // A notice period longer than the calendar reaches back puts the
        // deadline before every date: the window is open.
        let deadline = contract.notice_deadline().unwrap_or(NaiveDate::MIN);
        if deadline <= today {
            alert(AlertKind::NoticeWindowOpen, deadline);
        } else if deadline <= horizon {
            alert(AlertKind::NoticeDeadline, deadline);
        }
    }
    alerts.sort_by(|a, b| (a.date, &a.contract, a.kind).cmp(&(b.date, &b.contract, b.kind)));
    Ok(alerts)
}
