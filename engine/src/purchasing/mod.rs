//! Purchasing rules (issue 8): turning the plan's suggestions into purchase
//! orders. So far: spreading a purchase order's per-order charges over its
//! lines to the cent ([`allocate_cents`]); committed spend against the
//! families' monthly budgets (`budget`); who must approve an order and why
//! (`approval`); an order's life from draft to closed (`lifecycle`); standing
//! orders that become drafts when due (`recurring`).

mod allocate;
mod approval;
mod budget;
mod lifecycle;
mod recurring;

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
pub use recurring::{
    apply_generated, due_dates, generate_recurring, upcoming, Generated, LastGenerated, LeftOutLine, LineRefusal,
    RecurringDraft, RecurringError, MAX_HORIZON_DAYS,
};
