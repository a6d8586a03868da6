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
    crate::sorting::sort_by(&mut alerts, |a, b| (a.date, &a.contract, a.kind).cmp(&(b.date, &b.contract, b.kind)));
    Ok(alerts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sorted;
    use crate::purchasing::test_support::{contract, date};

    /// Today 2026-12-07, 90 days: the window ends 2027-03-07.
    /// C1 ends 2027-01-31, 30 days' notice → deadline 2027-01-01, auto-renews,
    ///   review 2026-11-30 (overdue).
    /// C2 ends 2026-12-20, 60 days' notice → deadline 2026-10-21 (passed: window open).
    /// C3 ends 2028-12-31, review 2027-02-15 (due), 90 days' notice → 2028-10-02 (far).
    /// C4 ended 2026-11-30: nothing, though its review is overdue.
    /// C5 ends 2027-06-30, review 2027-04-01: both past the window.
    fn workspace() -> Workspace {
        let mut c1 = contract("C1", "S1", "2026-02-01", "2027-01-31");
        (c1.termination_notice_days, c1.auto_renew, c1.price_review) = (30, true, Some(date("2026-11-30")));
        let mut c2 = contract("C2", "S2", "2025-12-21", "2026-12-20");
        c2.termination_notice_days = 60;
        let mut c3 = contract("C3", "S1", "2026-01-01", "2028-12-31");
        (c3.termination_notice_days, c3.price_review) = (90, Some(date("2027-02-15")));
        let mut c4 = contract("C4", "S3", "2025-12-01", "2026-11-30");
        c4.price_review = Some(date("2026-06-01"));
        let mut c5 = contract("C5", "S3", "2026-07-01", "2027-06-30");
        c5.price_review = Some(date("2027-04-01"));
        Workspace { contracts: Sorted::from_vec(vec![c1, c2, c3, c4, c5]), ..Workspace::default() }
    }

    /// Days left: 10-21 → 12-07 is 10 + 30 + 7 = 47 back; 11-30 is 7 back;
    /// 12-20 is 13 ahead; 2027-01-01 is 24 + 1 = 25; 01-31 is 55; 02-15 is
    /// 24 + 31 + 15 = 70.
    #[test]
    fn alerts_sorted_by_date() {
        let alerts = contract_calendar(&workspace(), date("2026-12-07"), 90).unwrap();
        let seen: Vec<(&str, AlertKind, NaiveDate, i64, bool)> =
            alerts.iter().map(|a| (a.contract.as_str(), a.kind, a.date, a.days_left, a.auto_renew)).collect();
        assert_eq!(
            seen,
            vec![
                ("C2", AlertKind::NoticeWindowOpen, date("2026-10-21"), -47, false),
                ("C1", AlertKind::PriceReviewOverdue, date("2026-11-30"), -7, true),
                ("C2", AlertKind::Expiring, date("2026-12-20"), 13, false),
                ("C1", AlertKind::NoticeDeadline, date("2027-01-01"), 25, true),
                ("C1", AlertKind::Expiring, date("2027-01-31"), 55, true),
                ("C3", AlertKind::PriceReviewDue, date("2027-02-15"), 70, false),
            ]
        );
    }

    /// The window's edges are included: with 55 days C1's end (2027-01-31)
    /// is in, with 54 it is not. On its last day a contract without notice
    /// days has its window open (deadline = end = today).
    #[test]
    fn window_edges() {
        let kinds = |today: &str, days: u32| -> Vec<(String, AlertKind)> {
            contract_calendar(&workspace(), date(today), days)
                .unwrap()
                .into_iter()
                .map(|a| (a.contract.as_str().to_owned(), a.kind))
                .collect()
        };
        assert!(kinds("2026-12-07", 55).contains(&("C1".into(), AlertKind::Expiring)));
        assert!(!kinds("2026-12-07", 54).contains(&("C1".into(), AlertKind::Expiring)));
        let last_day = kinds("2027-06-30", 0);
        assert!(last_day.contains(&("C5".into(), AlertKind::NoticeWindowOpen)), "{last_day:?}");
        assert!(last_day.contains(&("C5".into(), AlertKind::Expiring)), "{last_day:?}");
    }

    #[test]
    fn a_window_past_the_calendar_is_refused() {
        assert_eq!(
            contract_calendar(&workspace(), date("2026-12-07"), u32::MAX),
            Err(CalendarError::WindowTooLong { today: date("2026-12-07"), within_days: u32::MAX })
        );
    }
}
