//! Purchasing rules (issue 8): turning the plan's suggestions into purchase
//! orders and following them up. So far: spreading a purchase order's
//! per-order charges over its lines to the cent ([`allocate_cents`]); a
//! delivery's actual charges spread over its lines and the landed-cost
//! variance of what was received ([`spread_delivery_charges`],
//! [`landed_variance`]); supplier scorecards ([`supplier_scorecard`]); the
//! contract calendar ([`contract_calendar`]); a PO as CSV ([`po_csv`]) and as a
//! cXML `OrderRequest` ([`po_cxml`]).

mod allocate;
mod calendar;
mod cxml;
mod po_csv;
mod po_document;
mod scorecard;
#[cfg(test)]
mod test_support;
mod variance;

pub use allocate::{allocate_cents, AllocationError};
pub use calendar::{contract_calendar, AlertKind, CalendarError, ContractAlert};
pub use cxml::{po_cxml, un_cefact_unit, CxmlEnvelope, CXML_DOCTYPE, CXML_VERSION};
pub use po_csv::{po_csv, PO_CSV_ITEM_COLUMNS};
pub use po_document::PoExportError;
pub use scorecard::{supplier_scorecard, Measures, MonthMeasures, Scorecard, ScorecardError, SlaCheck, SlaMetric};
pub use variance::{
    landed_variance, spread_delivery_charges, BasisFallback, ChargeSpreadError, LineCharges, LineVariance, NoVariance,
    PoVariance, SpreadCharges,
};
