//! Purchasing rules (issue 8): turning the plan's suggestions into purchase
//! orders. So far: spreading a purchase order's per-order charges over its
//! lines to the cent ([`allocate_cents`]).

mod allocate;

pub use allocate::{allocate_cents, AllocationError};
