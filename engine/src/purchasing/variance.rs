//! Receiving and landed-cost variance (issue 8, section 5): the charges a
//! delivery actually carried, spread over its lines, and the landed unit cost
//! each line really had against the one expected when it was ordered.
//!
//! Amounts are in the supplier's currency, like the order's prices.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::allocate::{allocate_cents, AllocationError};
use crate::kpi::{landed_cost_totals, LandedCost};
use crate::model::money::{quantity_as_decimal, round_cents};
use crate::model::{ChargeBasis, Currency, PoId, PurchaseOrder, SkuId, SupplierId, Workspace};

/// Why [`spread_delivery_charges`] refused its input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChargeSpreadError {
    #[error("supplier {supplier} of purchase order {po} is not in the catalog, so its charge basis is unknown")]
    UnknownSupplier { po: PoId, supplier: SupplierId },
    #[error("purchase order {po} has no line {line_no}")]
    UnknownLine { po: PoId, line_no: u32 },
    #[error("line {line_no} is named twice in one delivery")]
    RepeatedLine { line_no: u32 },
    #[error("line {line_no}: the delivered quantity {quantity} is not a number of units zero or more")]
    InvalidQuantity { line_no: u32, quantity: String },
    #[error("{charge}: {source}")]
    Charge {
        charge: &'static str,
        #[source]
        source: AllocationError,
    },
}

/// One delivered line's share of a delivery's charges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCharges {
    pub line_no: u32,
    pub freight: Decimal,
    pub duty: Decimal,
    pub other: Decimal,
}

/// Why charges were spread by value rather than by the supplier's basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasisFallback {
    /// The basis the supplier's terms name (weight or volume).
    pub wanted: ChargeBasis,
    /// Delivered lines whose SKU has no unit weight (or volume), or is not
    /// in the catalog.
    pub lines_without_measure: Vec<u32>,
}

/// A delivery's charges spread over its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpreadCharges {
    /// The basis the charges were spread by.
    pub basis: ChargeBasis,
    /// Set when the supplier's basis could not be used (see
    /// [`spread_delivery_charges`]).
    pub fallback: Option<BasisFallback>,
    /// In the order `delivered` named the lines.
    pub lines: Vec<LineCharges>,
}

/// Spread the freight, duty and other charges entered for a whole delivery
/// over the lines it delivered (`delivered`: line number and quantity
/// received), by the supplier's `landed.charge_basis` (issue 8, sections 1
/// and 5: the same rule as the order's expected charges):
/// - value: unit price × delivered quantity;
/// - quantity: the delivered quantity;
/// - weight: `Sku::weight_kg` × delivered quantity;
/// - volume: `Sku::volume_l` × delivered quantity.
///
/// Each charge is spread on its own with [`allocate_cents`] (floored cents,
/// leftover cents by largest remainder, ties to the earlier line; all-zero
/// bases split equally), so each column adds up to its charge exactly.
///
/// Fallback: when the basis is weight (volume) and any delivered line's SKU
/// has no unit weight (volume) or is not in the catalog, the whole delivery
/// is spread by value instead (a mix of kilograms and euros means nothing),
/// and [`SpreadCharges::fallback`] names the lines that lacked the measure.
///
/// Refused: a supplier not in the catalog, a line the order does not have or
/// named twice, a negative or non-finite quantity, and what
/// [`allocate_cents`] refuses (no lines, a negative charge, fractions of a
/// cent), each error naming the charge.
pub fn spread_delivery_charges(
    workspace: &Workspace,
    order: &PurchaseOrder,
    delivered: &[(u32, f64)],
    freight: Decimal,
    duty: Decimal,
    other: Decimal,
) -> Result<SpreadCharges, ChargeSpreadError> {
    let supplier = workspace
        .supplier(&order.supplier)
        .ok_or_else(|| ChargeSpreadError::UnknownSupplier { po: order.id.clone(), supplier: order.supplier.clone() })?;
    let mut lines = Vec::with_capacity(delivered.len());
    for (idx, &(line_no, quantity)) in delivered.iter().enumerate() {
        if delivered[..idx].iter().any(|&(earlier, _)| earlier == line_no) {
            return Err(ChargeSpreadError::RepeatedLine { line_no });
        }
        if !quantity.is_finite() || quantity < 0.0 {
            return Err(ChargeSpreadError::InvalidQuantity { line_no, quantity: quantity.to_string() });
        }
        let line = order
            .lines
            .iter()
            .find(|line| line.line_no == line_no)
            .ok_or_else(|| ChargeSpreadError::UnknownLine { po: order.id.clone(), line_no })?;
        lines.push((line, quantity_as_decimal(quantity)));
    }
    let wanted = supplier.landed.charge_basis;
    // A unit's weight or volume; `None` when the SKU has none (or is unknown).
    let measure_of = |sku: &SkuId| -> Option<f64> {
        let sku = workspace.sku(sku)?;
        match wanted {
            ChargeBasis::Weight => sku.weight_kg,
            ChargeBasis::Volume => sku.volume_l,
            ChargeBasis::Value | ChargeBasis::Quantity => None,
        }
        .filter(|measure| measure.is_finite() && *measure >= 0.0)
    };
    let lines_without_measure: Vec<u32> = match wanted {
        ChargeBasis::Value | ChargeBasis::Quantity => Vec::new(),
        ChargeBasis::Weight | ChargeBasis::Volume => {
            lines.iter().filter(|(line, _)| measure_of(&line.sku).is_none()).map(|(line, _)| line.line_no).collect()
        }
    };
    let (basis, fallback) = if lines_without_measure.is_empty() {
        (wanted, None)
    } else {
        (ChargeBasis::Value, Some(BasisFallback { wanted, lines_without_measure }))
    };
    let weights: Vec<Decimal> = lines
        .iter()
        .map(|(line, quantity)| match basis {
            ChargeBasis::Value => line.unit_price * quantity,
            ChargeBasis::Quantity => *quantity,
            // Checked above: every line has its measure when the basis is kept.
            ChargeBasis::Weight | ChargeBasis::Volume => {
                quantity_as_decimal(measure_of(&line.sku).unwrap_or(0.0)) * quantity
            }
        })
        .collect();
    let spread = |charge: &'static str, amount: Decimal| {
        allocate_cents(amount, &weights).map_err(|source| ChargeSpreadError::Charge { charge, source })
    };
    let (freight, duty, other) = (spread("freight", freight)?, spread("duty", duty)?, spread("other charges", other)?);
    let lines = lines
        .iter()
        .enumerate()
        .map(|(idx, (line, _))| LineCharges {
            line_no: line.line_no,
            freight: freight[idx],
            duty: duty[idx],
            other: other[idx],
        })
        .collect();
    Ok(SpreadCharges { basis, fallback, lines })
}

/// Why a line has no variance figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoVariance {
    /// The line was ordered without an expected landed unit cost.
    #[serde(rename = "no_expectation")]
    NoExpectation,
    /// No unit of the line has been accepted yet (nothing received, or all rejected).
    #[serde(rename = "nothing_accepted")]
    NothingAccepted,
}

/// Landed-cost variance of one PO line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineVariance {
    pub line_no: u32,
    pub sku: SkuId,
    pub accepted: f64,
    /// Expected landed cost of one unit, as ordered.
    pub expected_unit: Option<Decimal>,
    /// The line's receipts' freight + duty + other charges.
    pub charges: Decimal,
    /// Actual landed cost of one accepted unit, four decimals.
    pub actual_unit: Option<Decimal>,
    /// (actual − expected) × accepted, to the cent; positive is dearer than expected.
    pub amount: Option<Decimal>,
    /// (actual ÷ expected − 1) × 100, two decimals; `None` also when the
    /// expectation is zero.
    pub percent: Option<Decimal>,
    /// Set when the line has no figure, saying why.
    pub no_figure: Option<NoVariance>,
}

/// Landed-cost variance of a purchase order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoVariance {
    pub po: PoId,
    /// The supplier's currency; `None` when the supplier is not in the catalog.
    pub currency: Option<Currency>,
    pub lines: Vec<LineVariance>,
    /// Σ expected unit × accepted, each line to the cent, over lines with a figure.
    pub expected_total: Decimal,
    /// Σ of the lines' amounts.
    pub amount: Decimal,
    /// amount ÷ expected_total × 100, two decimals; `None` when nothing is expected.
    pub percent: Option<Decimal>,
}

/// Landed-cost variance of every line of `order` (issue 8, section 5):
/// what an accepted unit really cost, landed, against what was expected when
/// the order was placed (`PoLine::expected_landed_unit`).
///
/// Conventions:
/// - actual unit = (unit price × accepted + Σ the line's receipts' freight +
///   duty + other charges) ÷ accepted, rounded to 4 decimals half away from
///   zero (as the expected unit is kept);
/// - rejected units are not paid for (the goods term counts accepted units
///   only), but the charges of a delivery are borne by its accepted units,
///   rejected ones included in the delivery or not;
/// - amount = (actual unit − expected unit) × accepted, rounded to the cent
///   half away from zero; percent = (actual ÷ expected − 1) × 100, to two
///   decimals;
/// - a line without an expectation, or with no accepted unit, has no figure
///   (`no_figure` says which) and counts for nothing in the order's totals;
/// - the order: amount = Σ line amounts; expected total = Σ expected ×
///   accepted to the cent; percent = amount ÷ expected total × 100, to two
///   decimals: the KPI `kpi::landed_cost_variance` of the lines with a
///   figure (`LandedCost::from_line_variance`), its percentage rounded.
pub fn landed_variance(workspace: &Workspace, order: &PurchaseOrder) -> PoVariance {
    let mut lines = Vec::with_capacity(order.lines.len());
    for line in &order.lines {
        let accepted = line.quantity_accepted();
        let charges: Decimal = line.receipts.iter().map(|r| r.freight + r.duty + r.other_charges).sum();
        let mut variance = LineVariance {
            line_no: line.line_no,
            sku: line.sku.clone(),
            accepted,
            expected_unit: line.expected_landed_unit,
            charges,
            actual_unit: None,
            amount: None,
            percent: None,
            no_figure: None,
        };
        let units = quantity_as_decimal(accepted);
        if units > Decimal::ZERO {
            let actual = round_4((line.unit_price * units + charges) / units);
            variance.actual_unit = Some(actual);
            match line.expected_landed_unit {
                Some(expected) => {
                    let amount = round_cents((actual - expected) * units);
                    variance.amount = Some(amount);
                    variance.percent = percent_of(actual - expected, expected);
                }
                None => variance.no_figure = Some(NoVariance::NoExpectation),
            }
        } else {
            variance.no_figure = Some(if line.expected_landed_unit.is_none() {
                NoVariance::NoExpectation
            } else {
                NoVariance::NothingAccepted
            });
        }
        lines.push(variance);
    }
    // The order's totals are the KPI's: Σ expected, Σ actual over the lines
    // with a figure, each line's expected to the cent and its actual that
    // plus its amount, so the total amount is the lines' amounts summed.
    let costs: Vec<LandedCost> = lines.iter().filter_map(LandedCost::from_line_variance).collect();
    let totals = landed_cost_totals(&costs);
    PoVariance {
        po: order.id.clone(),
        currency: workspace.supplier(&order.supplier).map(|s| s.currency.clone()),
        lines,
        expected_total: totals.expected,
        amount: totals.amount,
        percent: totals.percent.map(round_cents),
    }
}

/// `part ÷ whole × 100` to two decimals, half away from zero; `None` for a zero whole.
fn percent_of(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| round_cents(part * Decimal::ONE_HUNDRED / whole))
}

fn round_4(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PoStatus, Sorted};
    use crate::purchasing::test_support::{dec, line, order, receipt, sku, supplier};

    /// Three lines: A 10 @ 2.50, B 5 @ 7.00, C 100 @ 0.30; A weighs 0.5 kg
    /// and B 2 kg a unit, C has no weight.
    fn workspace(basis: ChargeBasis, c_weight: Option<f64>) -> (Workspace, PurchaseOrder) {
        let mut s = supplier("SUP");
        s.landed.charge_basis = basis;
        let mut skus = vec![sku("A", "A", "each"), sku("B", "B", "each"), sku("C", "C", "each")];
        skus[0].weight_kg = Some(0.5);
        skus[1].weight_kg = Some(2.0);
        skus[2].weight_kg = c_weight;
        let po = order(
            "PO1",
            "SUP",
            PoStatus::Sent,
            vec![line(1, "A", 10.0, "2.50"), line(2, "B", 5.0, "7.00"), line(3, "C", 100.0, "0.30")],
        );
        let workspace =
            Workspace { suppliers: Sorted::from_vec(vec![s]), skus: Sorted::from_vec(skus), ..Workspace::default() };
        (workspace, po)
    }

    const DELIVERED: &[(u32, f64)] = &[(1, 10.0), (2, 3.0), (3, 100.0)];

    fn charges(spread: &SpreadCharges, pick: fn(&LineCharges) -> Decimal) -> Vec<Decimal> {
        spread.lines.iter().map(pick).collect()
    }

    /// By value: 25.00, 21.00 (3 of B delivered), 30.00; Σ 76.00.
    /// Freight 10.00 = 1000 cents: 328.947…, 276.315…, 394.736… → floors
    /// 328, 276, 394 (998); the two cents left to the largest remainders,
    /// line 1 (.947) and line 3 (.736): 3.29, 2.76, 3.95.
    /// Duty 4.56 = 456 cents: 456 × 25/76 = 150, × 21/76 = 126, × 30/76 = 180 exactly.
    #[test]
    fn charges_spread_by_value_of_what_was_delivered() {
        let (workspace, po) = workspace(ChargeBasis::Value, None);
        let spread =
            spread_delivery_charges(&workspace, &po, DELIVERED, dec("10.00"), dec("4.56"), Decimal::ZERO).unwrap();
        assert_eq!((spread.basis, &spread.fallback), (ChargeBasis::Value, &None));
        assert_eq!(charges(&spread, |c| c.freight), vec![dec("3.29"), dec("2.76"), dec("3.95")]);
        assert_eq!(charges(&spread, |c| c.duty), vec![dec("1.50"), dec("1.26"), dec("1.80")]);
        assert_eq!(charges(&spread, |c| c.other), vec![Decimal::ZERO; 3]);
        assert_eq!(spread.lines.iter().map(|c| c.line_no).collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    /// By weight: 10 × 0.5 = 5 kg, 3 × 2 = 6 kg, 100 × 0.01 = 1 kg; Σ 12.
    /// 1000 cents: 416.67, 500, 83.33 → floors 416, 500, 83 (999); the cent
    /// to line 1 (remainder .667): 4.17, 5.00, 0.83.
    #[test]
    fn charges_spread_by_weight() {
        let (workspace, po) = workspace(ChargeBasis::Weight, Some(0.01));
        let spread =
            spread_delivery_charges(&workspace, &po, DELIVERED, dec("10.00"), Decimal::ZERO, Decimal::ZERO).unwrap();
        assert_eq!((spread.basis, &spread.fallback), (ChargeBasis::Weight, &None));
        assert_eq!(charges(&spread, |c| c.freight), vec![dec("4.17"), dec("5.00"), dec("0.83")]);
    }

    /// C has no weight: the whole delivery falls back to value (the figures
    /// of the value test) and the fallback names line 3.
    #[test]
    fn a_missing_weight_falls_back_to_value_and_says_so() {
        let (workspace, po) = workspace(ChargeBasis::Weight, None);
        let spread =
            spread_delivery_charges(&workspace, &po, DELIVERED, dec("10.00"), Decimal::ZERO, Decimal::ZERO).unwrap();
        assert_eq!(spread.basis, ChargeBasis::Value);
        assert_eq!(
            spread.fallback,
            Some(BasisFallback { wanted: ChargeBasis::Weight, lines_without_measure: vec![3] })
        );
        assert_eq!(charges(&spread, |c| c.freight), vec![dec("3.29"), dec("2.76"), dec("3.95")]);
    }

    /// Value and quantity need nothing of the catalog: a SKU missing from it
    /// is no reason to fall back.
    #[test]
    fn value_basis_needs_no_catalog_measure() {
        let (workspace, mut po) = workspace(ChargeBasis::Value, None);
        po.lines[2].sku = "GHOST".into();
        let spread =
            spread_delivery_charges(&workspace, &po, DELIVERED, dec("10.00"), Decimal::ZERO, Decimal::ZERO).unwrap();
        assert_eq!((spread.basis, spread.fallback), (ChargeBasis::Value, None));
    }

    /// By quantity 10 : 3 : 100 (Σ 113): 1.13 of other charges is 113 cents,
    /// one per unit exactly.
    #[test]
    fn charges_spread_by_quantity() {
        let (workspace, po) = workspace(ChargeBasis::Quantity, None);
        let spread =
            spread_delivery_charges(&workspace, &po, DELIVERED, Decimal::ZERO, Decimal::ZERO, dec("1.13")).unwrap();
        assert_eq!(spread.fallback, None);
        assert_eq!(charges(&spread, |c| c.other), vec![dec("0.10"), dec("0.03"), dec("1.00")]);
    }

    #[test]
    fn what_spreading_refuses() {
        let (workspace, po) = workspace(ChargeBasis::Value, None);
        let zero = Decimal::ZERO;
        let spread = |delivered: &[(u32, f64)], freight: &str| {
            spread_delivery_charges(&workspace, &po, delivered, dec(freight), zero, zero)
        };
        assert!(matches!(spread(&[(9, 1.0)], "1"), Err(ChargeSpreadError::UnknownLine { line_no: 9, .. })));
        assert!(matches!(spread(&[(1, 1.0), (1, 2.0)], "1"), Err(ChargeSpreadError::RepeatedLine { line_no: 1 })));
        assert!(matches!(spread(&[(2, -1.0)], "1"), Err(ChargeSpreadError::InvalidQuantity { line_no: 2, .. })));
        assert!(matches!(spread(&[(2, f64::NAN)], "1"), Err(ChargeSpreadError::InvalidQuantity { .. })));
        assert!(matches!(
            spread(&[(1, 1.0)], "10.001"),
            Err(ChargeSpreadError::Charge { charge: "freight", source: AllocationError::NotWholeCents { .. } })
        ));
        assert!(matches!(
            spread(&[], "1"),
            Err(ChargeSpreadError::Charge { source: AllocationError::NoLines { .. }, .. })
        ));
        let mut stranger = po.clone();
        stranger.supplier = "NOBODY".into();
        assert!(matches!(
            spread_delivery_charges(&workspace, &stranger, &[(1, 1.0)], zero, zero, zero),
            Err(ChargeSpreadError::UnknownSupplier { .. })
        ));
    }

    fn charged(mut receipt: crate::model::Receipt, freight: &str, duty: &str, other: &str) -> crate::model::Receipt {
        (receipt.freight, receipt.duty, receipt.other_charges) = (dec(freight), dec(duty), dec(other));
        receipt
    }

    /// Line 1: 10 @ 2.50, expected 2.9000 landed. Received 6 (1 rejected,
    /// freight 1.20, duty 0.50) and 4 (freight 0.80, duty 0.30, other 0.10):
    /// accepted 9; goods 2.50 × 9 = 22.50; charges 2.90; actual 25.40 / 9 =
    /// 2.82222… → 2.8222; amount (2.8222 − 2.9) × 9 = −0.7002 → −0.70;
    /// percent −0.0778 / 2.9 = −2.6827…% → −2.68.
    /// Line 2: 4 @ 10.00, expected 10.5000, 4 received with freight 3.00:
    /// actual 43 / 4 = 10.75; amount 0.25 × 4 = 1.00; percent 0.25 / 10.5 =
    /// 2.3809…% → 2.38.
    /// Line 3: no expectation (actual 1.0000 still shown). Line 4: all 3 rejected.
    /// Order: expected 2.9 × 9 = 26.10 + 10.5 × 4 = 42.00 → 68.10; amount
    /// −0.70 + 1.00 = 0.30; percent 0.30 / 68.10 = 0.4405…% → 0.44.
    #[test]
    fn landed_variance_by_hand() {
        let mut line1 = line(1, "A", 10.0, "2.50");
        line1.expected_landed_unit = Some(dec("2.9000"));
        line1.receipts = vec![
            charged(receipt(1, "2026-02-01", 6.0, 1.0), "1.20", "0.50", "0"),
            charged(receipt(2, "2026-02-03", 4.0, 0.0), "0.80", "0.30", "0.10"),
        ];
        let mut line2 = line(2, "B", 4.0, "10.00");
        line2.expected_landed_unit = Some(dec("10.5000"));
        line2.receipts = vec![charged(receipt(1, "2026-02-01", 4.0, 0.0), "3.00", "0", "0")];
        let mut line3 = line(3, "C", 2.0, "1.00");
        line3.receipts = vec![receipt(1, "2026-02-01", 2.0, 0.0)];
        let mut line4 = line(4, "D", 3.0, "5.00");
        line4.expected_landed_unit = Some(dec("5.0000"));
        line4.receipts = vec![charged(receipt(1, "2026-02-01", 3.0, 3.0), "0.40", "0", "0")];
        let po = order("PO1", "SUP", PoStatus::PartiallyReceived, vec![line1, line2, line3, line4]);
        let workspace = Workspace { suppliers: Sorted::from_vec(vec![supplier("SUP")]), ..Workspace::default() };

        let variance = landed_variance(&workspace, &po);
        let [l1, l2, l3, l4] = &variance.lines[..] else { panic!("four lines") };
        assert_eq!((l1.accepted, l1.charges), (9.0, dec("2.90")));
        assert_eq!(
            (l1.actual_unit, l1.amount, l1.percent),
            (Some(dec("2.8222")), Some(dec("-0.70")), Some(dec("-2.68")))
        );
        assert_eq!((l2.actual_unit, l2.amount, l2.percent), (Some(dec("10.75")), Some(dec("1.00")), Some(dec("2.38"))));
        assert_eq!((l3.actual_unit, l3.amount, l3.no_figure), (Some(dec("1")), None, Some(NoVariance::NoExpectation)));
        assert_eq!((l4.actual_unit, l4.amount, l4.no_figure), (None, None, Some(NoVariance::NothingAccepted)));
        assert_eq!(variance.expected_total, dec("68.10"));
        assert_eq!(variance.amount, dec("0.30"));
        assert_eq!(variance.percent, Some(dec("0.44")));
        assert_eq!(variance.currency, Some(Currency::new("EUR")));
    }

    /// Half a unit of the fourth decimal rounds away from zero: 2 accepted @
    /// 1.00 with 0.0001 of charges is 2.0001 / 2 = 1.00005 → 1.0001 (banker's
    /// rounding would give 1.0000).
    #[test]
    fn actual_unit_rounds_half_away_from_zero() {
        let mut only = line(1, "A", 2.0, "1.00");
        only.expected_landed_unit = Some(dec("1"));
        only.receipts = vec![charged(receipt(1, "2026-02-01", 2.0, 0.0), "0.0001", "0", "0")];
        let po = order("PO1", "SUP", PoStatus::Received, vec![only]);
        let variance = landed_variance(&Workspace::default(), &po);
        assert_eq!(variance.lines[0].actual_unit, Some(dec("1.0001")));
        assert_eq!(variance.currency, None, "the supplier is not in this workspace");
    }
}
