//! Replenishment planning.

pub mod demand;
pub mod landed;
pub mod lead_time;
pub mod normal;
pub mod order_quantity;
pub mod safety_stock;
