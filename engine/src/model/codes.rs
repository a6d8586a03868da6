//! Small closed vocabularies (criticality, approval status, PO status…). Each
//! has one spelling, used in CSV, JSON and the UI alike, and parses
//! case-insensitively so hand-edited files are forgiving.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The error when a text is not one of a vocabulary's codes; it lists the
/// accepted spellings so the message can tell the user what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode {
    pub value: String,
    pub accepted: &'static [&'static str],
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected one of {}", self.accepted.join(", "))
    }
}

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const CODES: &'static [&'static str] = &[$($code),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;

            fn from_str(text: &str) -> Result<Self, UnknownCode> {
                let text = text.trim();
                $(if text.eq_ignore_ascii_case($code) {
                    return Ok($name::$variant);
                })+
                Err(UnknownCode { value: text.to_owned(), accepted: Self::CODES })
            }
        }
    };
}

code_enum!(
    /// How much harm a stockout of this SKU does.
    Criticality {
        High = "high",
        Normal = "normal",
        Low = "low",
    }
);

code_enum!(
    /// Whether a SKU is still bought.
    SkuStatus {
        Active = "active",
        /// Never reordered; remaining stock is sold off.
        Discontinued = "discontinued",
    }
);

code_enum!(
    /// A supplier's standing with procurement. Restricted and blocked
    /// suppliers are never chosen automatically.
    Approval {
        Preferred = "preferred",
        Approved = "approved",
        Restricted = "restricted",
        Blocked = "blocked",
    }
);

impl Approval {
    /// Whether the planner may pick this supplier without a buyer's decision.
    pub fn auto_selectable(self) -> bool {
        matches!(self, Approval::Preferred | Approval::Approved)
    }
}

code_enum!(
    /// Supply-risk rating of a supplier (financial, geographic, single source…).
    SupplyRisk {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
);

code_enum!(
    /// What import duty is charged on: the goods alone (FOB) or goods plus
    /// freight and insurance (CIF).
    DutyBasis {
        Fob = "fob",
        Cif = "cif",
    }
);

code_enum!(
    /// Where a purchase order is in its life.
    PoStatus {
        Draft = "draft",
        PendingApproval = "pending_approval",
        Approved = "approved",
        Sent = "sent",
        PartiallyReceived = "partially_received",
        Received = "received",
        Closed = "closed",
        Cancelled = "cancelled",
    }
);

impl PoStatus {
    /// Whether the order's unreceived quantity counts as "on order": the
    /// supplier has (or is about to have) a commitment from us.
    pub fn is_open(self) -> bool {
        matches!(self, PoStatus::Approved | PoStatus::Sent | PoStatus::PartiallyReceived)
    }
}

code_enum!(
    /// ABC class: the share of annual spend (or units) a SKU carries.
    AbcClass {
        A = "A",
        B = "B",
        C = "C",
    }
);

code_enum!(
    /// XYZ class: how variable a SKU's demand is at a location.
    XyzClass {
        X = "X",
        Y = "Y",
        Z = "Z",
    }
);

code_enum!(
    /// What "service level" means for a class cell.
    ServiceDefinition {
        /// Probability of no stockout in a replenishment cycle (α).
        CycleService = "cycle_service",
        /// Share of demand met from stock (β).
        FillRate = "fill_rate",
    }
);

code_enum!(
    /// How stock is reviewed and reordered.
    PolicyKind {
        /// Continuous review: order Q whenever the position falls to s.
        ContinuousReview = "s_q",
        /// Periodic review: every R days, order up to S.
        PeriodicReview = "r_s",
        /// Min/max: when the position falls to min, order up to max.
        MinMax = "min_max",
    }
);

code_enum!(
    /// What ABC ranks SKUs by.
    AbcBasis {
        Spend = "spend",
        Units = "units",
    }
);

code_enum!(
    /// A forecasting model a buyer can pin for a SKU or a family
    /// (`forecast_pins.csv`). `auto` leaves the choice to the backtest.
    ForecastModel {
        /// The model that wins the SKU's own backtest.
        Auto = "auto",
        /// The flat mean of history, as planning used before forecasting.
        FlatMean = "flat_mean",
        Naive = "naive",
        SeasonalNaive = "seasonal_naive",
        MovingAverage = "moving_average",
        /// Simple exponential smoothing.
        Ses = "ses",
        Holt = "holt",
        HoltDamped = "holt_damped",
        HoltWintersAdditive = "holt_winters_additive",
        HoltWintersMultiplicative = "holt_winters_multiplicative",
        Croston = "croston",
        /// Syntetos–Boylan approximation (Croston × (1 − α/2)).
        Sba = "sba",
        /// Teunter–Syntetos–Babai.
        Tsb = "tsb",
        /// Forecast zero (an item being run down).
        Zero = "zero",
    }
);

code_enum!(
    /// Where planning takes demand from (`settings.csv` key `demand_source`).
    DemandSource {
        /// The forecast, week by week (the default).
        Forecast = "forecast",
        /// The flat weekly mean and spread of history, as before forecasting
        /// (`stockpilot plan --no-forecast`).
        History = "history",
    }
);

code_enum!(
    /// What a supplier's per-order charges (freight, and charges entered for a
    /// whole delivery) are spread over across a purchase order's lines
    /// (`suppliers.csv` column `charge_basis`).
    ChargeBasis {
        /// In proportion to each line's goods value (the default).
        Value = "value",
        /// In proportion to each line's quantity in SKU units.
        Quantity = "quantity",
        /// In proportion to each line's weight (`skus.csv` `weight_kg` × quantity).
        Weight = "weight",
        /// In proportion to each line's volume (`skus.csv` `volume_l` × quantity).
        Volume = "volume",
    }
);

code_enum!(
    /// One entry in a purchase order's log (`po_log.csv`): a step in its life,
    /// with the role that took it.
    PoEventKind {
        /// A draft was made (from the plan, a recurring order, or by hand).
        Drafted = "drafted",
        /// Submitted for approval.
        Submitted = "submitted",
        /// One required approver approved.
        Approved = "approved",
        /// An approver rejected; the order went back to draft.
        Rejected = "rejected",
        /// Lines changed after approval; the approvals so far no longer count.
        Reopened = "reopened",
        Sent = "sent",
        /// A delivery was recorded.
        Received = "received",
        Closed = "closed",
        Cancelled = "cancelled",
    }
);

code_enum!(
    /// What a purchase order that takes its family over the month's budget does
    /// (`settings.csv` key `over_budget`).
    OverBudget {
        /// It needs the budget approver's sign-off as well.
        Warn = "warn",
        /// It cannot be approved until the budget or the order changes.
        Block = "block",
    }
);

code_enum!(
    /// How a recurring order's quantity is set when it falls due.
    RecurringRule {
        /// The same quantity every time.
        Fixed = "fixed",
        /// Up to the plan's order-up-to level (periodic review) less the position.
        OrderUpTo = "order_up_to",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_case_insensitively_and_round_trip() {
        for status in PoStatus::ALL {
            assert_eq!(status.as_str().parse::<PoStatus>(), Ok(*status));
            assert_eq!(status.as_str().to_uppercase().parse::<PoStatus>(), Ok(*status));
        }
        assert_eq!(" Preferred ".parse::<Approval>(), Ok(Approval::Preferred));
    }

    #[test]
    fn an_unknown_code_lists_what_is_accepted() {
        let error = "urgent".parse::<Criticality>().unwrap_err();
        assert_eq!(error.to_string(), "expected one of high, normal, low");
    }
}
