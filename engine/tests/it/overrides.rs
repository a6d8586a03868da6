//! Reviewing a buyer's quantity before it is applied (issue 10, defect 11:
//! 777 units on a line whose order-up-to level is 4.6 was accepted silently).

use chrono::NaiveDate;
use engine::plan::{plan, review_quantity, PlanLine, ReviewError, CONFIRM_MULTIPLE};

/// A periodic-review line of the sample, set to the figures of the reported case.
fn reported_line() -> PlanLine {
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let workspace = engine::sample::demo(today);
    let plan = plan(&workspace, today, &mut |_, _| {});
    let mut line = plan
        .lines
        .into_iter()
        .find(|line| line.order.is_some() && line.demand.is_some())
        .expect("the sample has a line with an order");
    line.order_up_to = Some(4.6);
    line.reorder_point = 3.0;
    line.inventory.position = 1.0;
    line.order.as_mut().unwrap().quantity = 7.0;
    line.demand.as_mut().unwrap().mean_per_day = 0.25;
    line
}

#[test]
fn far_beyond_what_the_line_needs_asks_for_confirmation_and_shows_the_cover() {
    let review = review_quantity(&reported_line(), 777.0).unwrap();
    // needed = max(planned 7, S − IP = 4.6 − 1 = 3.6, S = 4.6) = 7
    assert_eq!(review.top_level, 4.6);
    assert_eq!(review.needed, 7.0);
    assert_eq!(review.multiple, 111.0);
    assert_eq!(review.position_after, 778.0);
    // 778 units at 0.25 a day: 3,112 days.
    assert_eq!(review.cover_days, Some(3112.0));
    assert!(review.needs_confirmation);
}

#[test]
fn up_to_the_multiple_is_applied_without_asking() {
    let line = reported_line();
    assert_eq!(CONFIRM_MULTIPLE, 3.0);
    assert!(!review_quantity(&line, 21.0).unwrap().needs_confirmation, "3 × 7 is within the multiple");
    assert!(review_quantity(&line, 21.5).unwrap().needs_confirmation);
    assert!(!review_quantity(&line, 0.0).unwrap().needs_confirmation, "cancelling an order is never questioned");
}

#[test]
fn without_s_the_top_level_is_the_reorder_point_plus_the_planned_order() {
    let mut line = reported_line();
    line.order_up_to = None;
    line.inventory.position = -20.0;
    let review = review_quantity(&line, 40.0).unwrap();
    // top = 3 + 7 = 10; needed = max(7, 10 − (−20) = 30, 10) = 30
    assert_eq!(review.top_level, 10.0);
    assert_eq!(review.needed, 30.0);
    assert!(!review.needs_confirmation);
}

#[test]
fn without_demand_there_is_no_cover_and_a_line_needing_nothing_still_has_a_scale() {
    let mut line = reported_line();
    line.demand = None;
    line.order = None;
    line.order_up_to = None;
    line.reorder_point = 0.0;
    let review = review_quantity(&line, 5.0).unwrap();
    assert_eq!(review.cover_days, None);
    assert_eq!(review.needed, 0.0);
    assert!(review.multiple.is_infinite());
    assert!(review.needs_confirmation);
}

#[test]
fn a_negative_or_non_finite_quantity_is_refused() {
    let line = reported_line();
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(review_quantity(&line, bad), Err(ReviewError::InvalidQuantity(_))), "{bad}");
    }
}
