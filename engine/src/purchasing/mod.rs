//! Purchasing rules (issue 8): turning the plan's suggestions into purchase
//! orders. So far: spreading a purchase order's per-order charges over its
//! lines to the cent ([`allocate_cents`]); committed spend against the
//! families' monthly budgets (`budget`); who must approve an order and why
//! (`approval`); an order's life from draft to closed (`lifecycle`); cover
//! gaps and expedite splits for urgent lines (`urgent`); policy checks on an
//! order's suppliers with the compliant alternative (`policy`).

mod allocate;
mod approval;
mod budget;
mod lifecycle;
mod policy;
mod urgent;

pub use allocate::{allocate_cents, AllocationError};
pub use approval::{required_approvals, ApprovalError, ApprovalRoute, ApprovalRule, Blocker, Requirement, BUYER_ROLE};
pub use budget::{
    budget_impact, budget_status, buying_within_budget, committed_spend, is_committed, month_of, po_value_by_family,
    select_within_budget, shortage_averted, BudgetCandidate, BudgetError, BudgetImpact, FamilyBudget, FamilyImpact,
    FamilySelection,
};
pub use lifecycle::{
    approve, cancel, close, edit_lines, pending_roles, receive, reject, send, submit, Actor, LifecycleError, PoAction,
    ReceiptInput,
};
pub use policy::{policy_checks, CompliantAlternative, PolicyFinding, PolicyIssue};
pub use urgent::{
    expedite_options, ExpediteError, ExpediteKind, ExpediteOption, ExpediteOptions, ExpediteOrder, OfferArrival,
    Urgency,
};
