//! Purchasing rules (issue 8): turning the plan's suggestions into purchase
//! orders and following them to the shelf. Spreading a purchase order's
//! per-order charges over its lines to the cent ([`allocate_cents`]); a
//! line's landed amounts as an invoice has them ([`line_amounts`]); drafting
//! orders from the plan ([`draft_purchase_orders`]) and pricing and checking
//! an order as the buyer edits it ([`evaluate_po`]); committed spend against
//! the families' monthly budgets (`budget`); who must approve an order and
//! why (`approval`); an order's life from draft to closed (`lifecycle`); a
//! delivery's actual charges spread over its lines and the landed-cost
//! variance of what was received ([`spread_delivery_charges`],
//! [`landed_variance`]); supplier scorecards ([`supplier_scorecard`]); the
//! contract calendar ([`contract_calendar`]); a PO as CSV ([`po_csv`]) and as
//! a cXML `OrderRequest` ([`po_cxml`]); standing orders that become drafts
//! when due (`recurring`); cover gaps and expedite splits for urgent lines
//! (`urgent`); policy checks on an order's suppliers with the compliant
//! alternative (`policy`); the drafting benchmark (`bench`).

mod allocate;
mod amounts;
mod approval;
pub mod bench;
mod budget;
mod calendar;
mod cxml;
mod draft;
mod evaluate;
mod lifecycle;
mod po_csv;
mod po_document;
mod policy;
mod recurring;
mod scorecard;
#[cfg(test)]
mod test_support;
mod urgent;
mod variance;

pub use allocate::{allocate_cents, AllocationError};
pub use amounts::{line_amounts, to_base_cents, AmountsError, LineAmounts, LineAmountsInputs};
pub use approval::{required_approvals, ApprovalError, ApprovalRoute, ApprovalRule, Blocker, Requirement, BUYER_ROLE};
pub(crate) use budget::committed_date;
pub use budget::{
    budget_impact, budget_status, buying_within_budget, committed_spend, is_committed, month_of, po_value_by_family,
    select_within_budget, shortage_averted, BudgetCandidate, BudgetError, BudgetImpact, FamilyBudget, FamilyImpact,
    FamilySelection,
};
pub use calendar::{contract_calendar, AlertKind, CalendarError, ContractAlert};
pub use cxml::{po_cxml, un_cefact_unit, CxmlEnvelope, CXML_DOCTYPE, CXML_VERSION};
pub use draft::{draft_purchase_orders, next_po_id, DraftError, DraftedOrder, Drafts, Selection};
pub use evaluate::{
    evaluate_po, payment_schedule, EarlyDiscount, EvaluateError, LineEvaluation, PaymentError, PaymentSchedule,
    PoCheck, PoEvaluation, PoTotals,
};
pub use lifecycle::{
    approve, cancel, close, current_approvals, edit_lines, pending_roles, receive, reject, send, submit, Actor,
    LifecycleError, PoAction, ReceiptInput,
};
pub use po_csv::{po_csv, PO_CSV_ITEM_COLUMNS};
pub use po_document::PoExportError;
pub use policy::{policy_checks, CompliantAlternative, PolicyFinding, PolicyIssue};
pub use recurring::{
    apply_generated, due_dates, generate_recurring, upcoming, Generated, LastGenerated, LeftOutLine, LineRefusal,
    RecurringDraft, RecurringError, MAX_HORIZON_DAYS,
};
pub use scorecard::{supplier_scorecard, Measures, MonthMeasures, Scorecard, ScorecardError, SlaCheck, SlaMetric};
pub use urgent::{
    expedite_options, split_lines, ExpediteError, ExpediteKind, ExpediteOption, ExpediteOptions, ExpediteOrder,
    OfferArrival, Urgency,
};
pub use variance::{
    landed_variance, spread_delivery_charges, BasisFallback, ChargeSpreadError, LineCharges, LineVariance, NoVariance,
    PoVariance, SpreadCharges,
};
