//! Purchasing rules (issue 8): turning the plan's suggestions into purchase
//! orders. Spreading a purchase order's per-order charges over its lines to
//! the cent ([`allocate_cents`]); a line's landed amounts as an invoice has
//! them ([`line_amounts`]); drafting orders from the plan
//! ([`draft_purchase_orders`]) and pricing and checking an order as the buyer
//! edits it ([`evaluate_po`]); the drafting benchmark (`bench`).

mod allocate;
mod amounts;
pub mod bench;
mod draft;
mod evaluate;

pub use allocate::{allocate_cents, AllocationError};
pub use amounts::{line_amounts, to_base_cents, AmountsError, LineAmounts, LineAmountsInputs};
pub use draft::{draft_purchase_orders, next_po_id, DraftError, DraftedOrder, Drafts, Selection};
pub use evaluate::{
    evaluate_po, payment_schedule, EarlyDiscount, EvaluateError, LineEvaluation, PaymentError, PaymentSchedule,
    PoCheck, PoEvaluation, PoTotals,
};
