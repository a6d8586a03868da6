//! Purchasing rules (issue 8), checked by hand and by properties.

use engine::purchasing::{allocate_cents, AllocationError};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn ds(texts: &[&str]) -> Vec<Decimal> {
    texts.iter().map(|t| d(t)).collect()
}

/// 100.00 over values 1 : 1 : 1: exact shares 33.333… each, floored to
/// 33.33 (99.99 in all); the one cent left goes to the first line (all
/// three lost 0.333… cents, a tie, so the earliest).
#[test]
fn a_tie_gives_the_leftover_cent_to_the_earlier_line() {
    assert_eq!(allocate_cents(d("100.00"), &ds(&["1", "1", "1"])).unwrap(), ds(&["33.34", "33.33", "33.33"]));
}

/// 10.00 of freight over line values 50.00, 30.00, 20.05 (Σ 100.05):
/// exact shares 4.99750…, 2.99850…, 2.00399… → floors 4.99, 2.99, 2.00
/// (9.98), remainders 0.750, 0.850, 0.399 of a cent; the two cents left go
/// to the second (0.850) and the first (0.750): 5.00, 3.00, 2.00.
#[test]
fn leftover_cents_go_to_the_largest_remainders() {
    let parts = allocate_cents(d("10.00"), &ds(&["50.00", "30.00", "20.05"])).unwrap();
    assert_eq!(parts, ds(&["5.00", "3.00", "2.00"]));
}

/// By weight in kg with three decimals: 0.01 over 2.5 kg and 7.125 kg
/// (1 cent: shares 0.2597… and 0.7402… of a cent → floors 0 and 0, the
/// cent to the second line).
#[test]
fn weights_with_different_scales_and_a_single_cent() {
    assert_eq!(allocate_cents(d("0.01"), &ds(&["2.5", "7.125"])).unwrap(), ds(&["0.00", "0.01"]));
}

/// All-zero weights split equally: 0.05 over 2 lines is 0.025 each →
/// 0.02 + 0.02, the cent left to the first line.
#[test]
fn all_zero_weights_split_equally() {
    assert_eq!(allocate_cents(d("0.05"), &ds(&["0", "0.00"])).unwrap(), ds(&["0.03", "0.02"]));
}

#[test]
fn what_is_refused() {
    assert!(matches!(allocate_cents(d("1"), &[]), Err(AllocationError::NoLines { .. })));
    assert!(matches!(allocate_cents(d("-1"), &ds(&["1"])), Err(AllocationError::NegativeAmount { .. })));
    assert!(matches!(allocate_cents(d("1.005"), &ds(&["1"])), Err(AllocationError::NotWholeCents { .. })));
    assert_eq!(
        allocate_cents(d("1"), &ds(&["1", "-2"])),
        Err(AllocationError::NegativeWeight { line: 1, weight: d("-2") })
    );
    // A zero amount with trailing zeros beyond the cent is still whole cents.
    assert_eq!(allocate_cents(d("0.000"), &ds(&["1", "2"])).unwrap(), ds(&["0.00", "0.00"]));
}

proptest! {
    /// The parts add up to the amount exactly, and each is within a cent
    /// below or above its exact share (floored, plus at most one cent).
    #[test]
    fn parts_add_up_exactly_and_stay_within_a_cent(
        cents in 0i64..10_000_000,
        weights in prop::collection::vec(0u32..100_000, 1..20),
        scale in 0u32..4,
    ) {
        let amount = Decimal::new(cents, 2);
        let weights: Vec<Decimal> = weights.iter().map(|&w| Decimal::new(i64::from(w), scale)).collect();
        let parts = allocate_cents(amount, &weights).unwrap();
        prop_assert_eq!(parts.iter().sum::<Decimal>(), amount);
        let total: Decimal = weights.iter().sum();
        for (part, weight) in parts.iter().zip(&weights) {
            let exact = if total.is_zero() { amount / Decimal::from(weights.len()) } else { amount * weight / total };
            prop_assert!(*part >= (exact * Decimal::ONE_HUNDRED).floor() / Decimal::ONE_HUNDRED - d("0.0000001"));
            prop_assert!(*part <= exact + d("0.01"), "{} > {} + 0.01", part, exact);
            prop_assert_eq!(part.scale(), 2);
        }
    }
}

// ---------------------------------------------------------------------------
// Draft purchase orders: the plan's figures and the PO's agree, evaluation
// worked by hand, drafting and numbering.

mod drafting {
    use super::d;
    use chrono::{Days, NaiveDate, NaiveDateTime};
    use engine::plan::{plan, Plan};
    use engine::purchasing::{
        draft_purchase_orders, evaluate_po, next_po_id, payment_schedule, AmountsError, DraftError, EvaluateError,
        PaymentError, PoCheck, Selection,
    };
    use engine::{
        Approval, ChargeBasis, Criticality, Currency, CurrencyRate, DutyBasis, LandedCostOverride, LandedCostTerms,
        Location, MinMaxOverride, Offer, PaymentTerms, PoEventKind, PoId, PoLine, PoStatus, PriceBreak, PurchaseOrder,
        Sku, SkuStatus, Sorted, Supplier, SupplyRisk, Workspace,
    };
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn today() -> NaiveDate {
        "2025-03-03".parse().unwrap()
    }

    fn at() -> NaiveDateTime {
        today().and_hms_opt(9, 30, 0).unwrap()
    }

    fn sku(id: &str, weight_kg: Option<f64>) -> Sku {
        Sku {
            id: id.into(),
            name: id.into(),
            family: "widgets".into(),
            unit: "each".into(),
            unit_cost: d("4.00"),
            criticality: Criticality::Normal,
            regulated: false,
            shelf_life_days: None,
            min_remaining_shelf_life_days: None,
            status: SkuStatus::Active,
            weight_kg,
            volume_l: None,
        }
    }

    fn supplier(id: &str, currency: &str, landed: LandedCostTerms) -> Supplier {
        Supplier {
            id: id.into(),
            name: id.into(),
            approval: Approval::Approved,
            currency: Currency::new(currency),
            payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
            risk: SupplyRisk::Low,
            landed,
            min_order_value: None,
            free_freight_threshold: None,
            lead_time_sd_days: Some(0.0),
        }
    }

    fn offer(supplier: &str, sku: &str, breaks: &[(f64, Decimal)], moq: f64, pack_size: f64, lead: u32) -> Offer {
        Offer {
            supplier: supplier.into(),
            sku: sku.into(),
            supplier_sku: format!("{supplier}-{sku}"),
            price_breaks: breaks.iter().map(|&(min_qty, unit_price)| PriceBreak { min_qty, unit_price }).collect(),
            moq,
            pack_size,
            purchase_unit: "each".into(),
            units_per_purchase_unit: 1.0,
            lead_time_days: lead,
            landed_override: LandedCostOverride::default(),
            contract: None,
            valid_from: None,
            valid_to: None,
        }
    }

    fn min_max(sku: &str, max: f64) -> MinMaxOverride {
        MinMaxOverride { sku: sku.into(), location: Some("WH".into()), min: 0.0, max }
    }

    fn workspace(
        skus: Vec<Sku>,
        suppliers: Vec<Supplier>,
        offers: Vec<Offer>,
        overrides: Vec<MinMaxOverride>,
    ) -> Workspace {
        Workspace {
            locations: Sorted::from_vec(vec![Location { id: "WH".into(), name: "Warehouse".into() }]),
            skus: Sorted::from_vec(skus),
            suppliers: Sorted::from_vec(suppliers),
            offers: Sorted::from_vec(offers),
            min_max_overrides: Sorted::from_vec(overrides),
            currency_rates: Sorted::from_vec(vec![CurrencyRate {
                currency: Currency::new("USD"),
                as_of: today() - Days::new(10),
                rate: d("0.9"),
            }]),
            ..Workspace::default()
        }
    }

    fn plan_of(workspace: &Workspace) -> Plan {
        plan(workspace, today(), &mut |_, _| {})
    }

    /// A money amount of `cents` hundredths, or of ten-thousandths with `four`.
    fn money(units: u32, scale: u32) -> Decimal {
        Decimal::new(i64::from(units), scale)
    }

    fn terms_strategy() -> impl Strategy<Value = LandedCostTerms> {
        (
            (0u32..50_000, 0u32..=5, 0u32..2_000, 0u32..300),
            (0u32..3_000, any::<bool>(), 0u32..2_700, any::<bool>(), 0u32..2_000),
        )
            .prop_map(
                |((per_order, per_order_scale, per_unit, insurance), (duty, cif, tax, recoverable, handling))| {
                    LandedCostTerms {
                        // Per-order freight sometimes with fractions of a cent (rounded to the cent on an invoice).
                        freight_per_order: money(per_order, if per_order_scale == 5 { 3 } else { 2 }),
                        freight_per_unit: money(per_unit, 4),
                        insurance_pct: money(insurance, 2),
                        duty_pct: money(duty, 2),
                        duty_basis: if cif { DutyBasis::Cif } else { DutyBasis::Fob },
                        tax_pct: money(tax, 2),
                        tax_recoverable: recoverable,
                        handling_per_unit: money(handling, 4),
                        charge_basis: ChargeBasis::Value,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// The plan's per-unit comparison and the PO's line amounts agree to
        /// the cent: a one-line PO drafted from a plan line has the plan's
        /// goods value and landed value (base currency), its unit price, and
        /// (in the base currency, rate 1) its landed unit cost, for random
        /// terms, offer overrides, price breaks, packs, quantities, free-freight
        /// thresholds and exchange rates.
        #[test]
        fn a_one_line_draft_costs_what_the_plan_says(
            terms in terms_strategy(),
            usd in any::<bool>(),
            rate in 1u32..30_000,
            prices in proptest::collection::vec(1u32..2_000_000, 1..4),
            break_step in 1u32..500,
            pack in prop_oneof![Just(0.0), Just(1.0), Just(0.25), Just(6.0), Just(12.0)],
            moq in 0u32..50,
            max in 1u32..500_000,
            threshold in proptest::option::of(0u32..2_000_000),
            override_duty in proptest::option::of(0u32..3_000),
        ) {
            let mut supplier = supplier("S", if usd { "USD" } else { "EUR" }, terms);
            supplier.free_freight_threshold = threshold.map(|t| money(t, 2));
            // Breaks every `break_step` units, prices falling (sorted descending), four decimals.
            let mut prices = prices;
            prices.sort_unstable_by(|a, b| b.cmp(a));
            let breaks: Vec<(f64, Decimal)> =
                prices.iter().enumerate().map(|(i, &p)| ((i as u32 * break_step) as f64, money(p, 4))).collect();
            let mut offer = offer("S", "W", &breaks, f64::from(moq), pack, 14);
            offer.landed_override.duty_pct = override_duty.map(|duty| money(duty, 2));
            let mut workspace =
                workspace(vec![sku("W", None)], vec![supplier], vec![offer], vec![min_max("W", f64::from(max) / 100.0)]);
            workspace.currency_rates = Sorted::from_vec(vec![CurrencyRate {
                currency: Currency::new("USD"),
                as_of: today(),
                rate: money(rate, 4),
            }]);
            let plan = plan_of(&workspace);
            prop_assert_eq!(plan.lines.len(), 1, "{:?}", plan.unplannable);
            let planned = plan.lines[0].order.as_ref().expect("position 0 ≤ min 0: an order");
            let drafts =
                draft_purchase_orders(&workspace, &plan, &Selection::NeedingOrder, today(), at(), "Buyer").unwrap();
            prop_assert_eq!(drafts.orders.len(), 1);
            let drafted = &drafts.orders[0];
            prop_assert_eq!(drafted.order.lines.len(), 1);
            let line = &drafted.order.lines[0];
            let evaluation = &drafted.evaluation;
            prop_assert_eq!(line.quantity, planned.quantity);
            prop_assert_eq!(line.unit_price, planned.unit_price);
            prop_assert_eq!(evaluation.freight_waived, planned.freight_waived);
            prop_assert_eq!(evaluation.totals_base.goods, planned.goods_value);
            prop_assert_eq!(evaluation.totals_base.landed, planned.landed_value);
            if !usd {
                prop_assert_eq!(line.expected_landed_unit, Some(planned.landed_unit_cost));
            }
        }
    }

    /// The free-freight rule is the invoice's: 30 × 3.3333 = 99.999 is 100.00 of goods, which
    /// reaches a threshold of 100.00, in the plan as on the PO. Freight 20.00 is then waived:
    /// landed 100.00, unit 100.00 ÷ 30 = 3.33333… → 3.3333.
    #[test]
    fn the_plan_waives_freight_on_the_goods_rounded_to_the_cent() {
        let mut supplier =
            supplier("S", "EUR", LandedCostTerms { freight_per_order: d("20.00"), ..LandedCostTerms::default() });
        supplier.free_freight_threshold = Some(d("100.00"));
        let workspace = workspace(
            vec![sku("W", None)],
            vec![supplier],
            vec![offer("S", "W", &[(0.0, d("3.3333"))], 0.0, 0.0, 14)],
            vec![min_max("W", 30.0)],
        );
        let plan = plan_of(&workspace);
        let planned = plan.lines[0].order.as_ref().unwrap();
        assert_eq!(planned.quantity, 30.0);
        assert!(planned.freight_waived);
        assert_eq!(
            (planned.goods_value, planned.landed_value, planned.landed_unit_cost),
            (d("100.00"), d("100.00"), d("3.3333"))
        );
        let drafts =
            draft_purchase_orders(&workspace, &plan, &Selection::NeedingOrder, today(), at(), "Buyer").unwrap();
        assert!(drafts.orders[0].evaluation.freight_waived);
    }

    /// Two SKUs from a USD supplier (rate 0.9), freight 50.00 a delivery spread by weight,
    /// 2/10 net 30, minimum order 1,200.00, free freight from 1,500.00.
    /// - A: 90 units, 2.0 kg each (180 kg), breaks 10.00 from 0 and 8.00 from 100, packs of 10:
    ///   goods 90 × 10.00 = 900.00.
    /// - B: 25 units, 0.5 kg each (12.5 kg), 4.00, packs of 6: goods 100.00.
    /// - Goods 1,000.00 < 1,500.00: freight paid. 5,000 cents by 180 : 12.5 (Σ 192.5):
    ///   4,675.32… and 324.675… cents → floors 4,675 + 324 = 4,999, the cent left to B
    ///   (remainder 0.675 > 0.325): A 46.75, B 3.25.
    /// - A: 900.00 + 46.75 = 946.75, unit 946.75 ÷ 90 = 10.51944… → 10.5194.
    ///   B: 100.00 + 3.25 = 103.25, unit 103.25 ÷ 25 = 4.13.
    /// - Landed 1,050.00 USD = 945.00 EUR; goods 900.00 EUR.
    /// - Checks: A at 100 (a multiple of 10) costs 100 × 8.00 + 46.75 = 846.75, 100.00 less
    ///   than 946.75; B's 25 is not a multiple of 6, next 30; the minimum is 200.00 away;
    ///   free freight 500.00 away, saving 50.00.
    /// - Payment (invoice dated the promised 2025-03-31): net 2025-04-30; 2 % of 1,000.00 =
    ///   20.00 off by 2025-04-10, 980.00 to pay.
    fn worked_order() -> (Workspace, PurchaseOrder) {
        let mut supplier = supplier(
            "S",
            "USD",
            LandedCostTerms {
                freight_per_order: d("50.00"),
                charge_basis: ChargeBasis::Weight,
                ..LandedCostTerms::default()
            },
        );
        supplier.min_order_value = Some(d("1200.00"));
        supplier.free_freight_threshold = Some(d("1500.00"));
        supplier.payment_terms =
            PaymentTerms { net_days: 30, early_discount_pct: Some(d("2")), early_discount_days: Some(10) };
        let workspace = workspace(
            vec![sku("A", Some(2.0)), sku("B", Some(0.5))],
            vec![supplier],
            vec![
                offer("S", "A", &[(0.0, d("10.00")), (100.0, d("8.00"))], 10.0, 10.0, 14),
                offer("S", "B", &[(0.0, d("4.00"))], 0.0, 6.0, 14),
            ],
            Vec::new(),
        );
        let line = |line_no: u32, sku: &str, quantity: f64| PoLine {
            line_no,
            sku: sku.into(),
            quantity,
            unit_price: Decimal::ZERO,
            expected_landed_unit: None,
            receipts: Vec::new(),
        };
        let order = PurchaseOrder {
            id: "PO-2025-00001".into(),
            supplier: "S".into(),
            location: "WH".into(),
            status: PoStatus::Draft,
            created: today(),
            approved: None,
            sent: None,
            promised: Some("2025-03-31".parse().unwrap()),
            received: None,
            note: String::new(),
            lines: vec![line(10, "A", 90.0), line(20, "B", 25.0)],
            log: Vec::new(),
        };
        (workspace, order)
    }

    #[test]
    fn an_order_evaluated_by_hand() {
        let (workspace, order) = worked_order();
        let evaluation = evaluate_po(&workspace, &order, today()).unwrap();
        let a = &evaluation.lines[0];
        let b = &evaluation.lines[1];
        assert_eq!((a.unit_price, a.amounts.goods, a.amounts.freight), (d("10.00"), d("900.00"), d("46.75")));
        assert_eq!((a.amounts.total, a.amounts.unit_landed), (d("946.75"), d("10.5194")));
        assert_eq!((b.amounts.goods, b.amounts.freight, b.amounts.total), (d("100.00"), d("3.25"), d("103.25")));
        assert_eq!(b.amounts.unit_landed, d("4.13"));
        assert!(!evaluation.freight_waived);
        assert_eq!(evaluation.charge_basis, ChargeBasis::Weight);
        assert_eq!((evaluation.totals.goods, evaluation.totals.landed), (d("1000.00"), d("1050.00")));
        assert_eq!((evaluation.totals_base.goods, evaluation.totals_base.landed), (d("900.00"), d("945.00")));
        assert_eq!(
            evaluation.checks,
            vec![
                PoCheck::NextBreakSaves {
                    line_no: 10,
                    sku: "A".into(),
                    extra_units: 10.0,
                    break_min_qty: 100.0,
                    saving: d("100.00")
                },
                PoCheck::NotOrderMultiple { line_no: 20, sku: "B".into(), quantity: 25.0, step: 6.0, next_valid: 30.0 },
                PoCheck::BelowMinimumOrderValue { goods: d("1000.00"), minimum: d("1200.00"), shortfall: d("200.00") },
                PoCheck::FreeFreightWithinReach {
                    goods: d("1000.00"),
                    threshold: d("1500.00"),
                    shortfall: d("500.00"),
                    freight_saving: d("50.00")
                },
            ]
        );
        let currency = Currency::new("USD");
        assert_eq!(
            evaluation.checks[0].message(&currency),
            "line 10: 10 more units reach the next break and save 100.00 USD"
        );
        assert_eq!(evaluation.checks[2].message(&currency), "add 200.00 USD to reach the minimum order value");
        let payment = evaluation.payment.as_ref().unwrap();
        assert_eq!(payment.net_due, "2025-04-30".parse::<NaiveDate>().unwrap());
        let discount = payment.early_discount.as_ref().unwrap();
        assert_eq!(discount.due, "2025-04-10".parse::<NaiveDate>().unwrap());
        assert_eq!((discount.amount, discount.pay), (d("20.00"), d("980.00")));
    }

    /// B without a weight: the 50.00 is spread by value instead, 900 : 100 → 45.00 and 5.00,
    /// and the page is told which line lacks it. Ordering 100 of A at 8.00 would also reach the
    /// break; below the MOQ of 10 (5 units) the MOQ costs 10 × 10.00 − 50.00 = 50.00 more goods.
    #[test]
    fn a_missing_weight_falls_back_to_value_and_says_so() {
        let (mut workspace, mut order) = worked_order();
        let mut skus: Vec<Sku> = workspace.skus.iter().cloned().collect();
        skus[1].weight_kg = None;
        workspace.skus = Sorted::from_vec(skus);
        let evaluation = evaluate_po(&workspace, &order, today()).unwrap();
        assert_eq!(evaluation.charge_basis, ChargeBasis::Value);
        assert_eq!((evaluation.lines[0].amounts.freight, evaluation.lines[1].amounts.freight), (d("45.00"), d("5.00")));
        assert!(evaluation
            .checks
            .contains(&PoCheck::ChargeBasisFallback { basis: ChargeBasis::Weight, lines: vec![20] }));

        order.lines[0].quantity = 5.0;
        let evaluation = evaluate_po(&workspace, &order, today()).unwrap();
        assert!(evaluation.checks.contains(&PoCheck::BelowMoq {
            line_no: 10,
            sku: "A".into(),
            quantity: 5.0,
            moq: 10.0,
            extra_units: 5.0,
            extra_goods: d("50.00"),
        }));
    }

    /// Two lines of A (60 + 50 = 110 ≥ 100) are both priced at the 8.00 break; goods
    /// 110 × 8 + 100 = 980.00 < 1,500: freight paid; free freight from 900.00 waives it.
    #[test]
    fn breaks_and_free_freight_are_decided_on_the_whole_order() {
        let (mut workspace, mut order) = worked_order();
        order.lines[0].quantity = 60.0;
        let mut extra = order.lines[0].clone();
        extra.line_no = 30;
        extra.quantity = 50.0;
        order.lines.push(extra);
        let evaluation = evaluate_po(&workspace, &order, today()).unwrap();
        assert_eq!((evaluation.lines[0].unit_price, evaluation.lines[2].unit_price), (d("8.00"), d("8.00")));
        assert_eq!(evaluation.totals.goods, d("980.00"));
        assert!(!evaluation.freight_waived);
        let mut suppliers: Vec<Supplier> = workspace.suppliers.iter().cloned().collect();
        suppliers[0].free_freight_threshold = Some(d("980.00"));
        workspace.suppliers = Sorted::from_vec(suppliers);
        let evaluation = evaluate_po(&workspace, &order, today()).unwrap();
        assert!(evaluation.freight_waived);
        assert_eq!(evaluation.totals.freight, Decimal::ZERO);
        assert_eq!(evaluation.totals.landed, d("980.00"));
    }

    /// What an order cannot be priced with is an error naming the line, not a zero.
    #[test]
    fn what_evaluation_refuses() {
        let (workspace, order) = worked_order();
        let mut unknown = order.clone();
        unknown.supplier = "NOBODY".into();
        assert_eq!(
            evaluate_po(&workspace, &unknown, today()),
            Err(EvaluateError::UnknownSupplier { supplier: "NOBODY".into() })
        );
        let mut not_offered = order.clone();
        not_offered.lines[1].sku = "C".into();
        assert_eq!(
            evaluate_po(&workspace, &not_offered, today()),
            Err(EvaluateError::NoOffer { line_no: 20, sku: "C".into() })
        );
        let mut zero = order.clone();
        zero.lines[0].quantity = 0.0;
        assert_eq!(
            evaluate_po(&workspace, &zero, today()),
            Err(EvaluateError::Line { line_no: 10, error: AmountsError::QuantityNotPositive { quantity: 0.0 } })
        );
        let mut no_rate = workspace.clone();
        no_rate.currency_rates = Sorted::default();
        assert!(matches!(evaluate_po(&no_rate, &order, today()), Err(EvaluateError::MissingRate { .. })));
        let mut empty = order;
        empty.lines.clear();
        let evaluation = evaluate_po(&workspace, &empty, today()).unwrap();
        assert!(evaluation.checks.contains(&PoCheck::NoLines));
        assert_eq!(evaluation.totals.landed, Decimal::ZERO);
    }

    #[test]
    fn payment_terms_refuse_what_they_cannot_mean() {
        let date: NaiveDate = "2025-01-31".parse().unwrap();
        let terms = PaymentTerms { net_days: 45, early_discount_pct: None, early_discount_days: None };
        let schedule = payment_schedule(&terms, date, d("10")).unwrap();
        // 31 January + 45 days = 17 March (28 days of February).
        assert_eq!((schedule.net_due, schedule.early_discount), ("2025-03-17".parse().unwrap(), None));
        let half = PaymentTerms { early_discount_pct: Some(d("2")), ..terms.clone() };
        assert_eq!(payment_schedule(&half, date, d("10")), Err(PaymentError::IncompleteDiscount));
        let wrong = PaymentTerms { early_discount_pct: Some(d("101")), early_discount_days: Some(10), ..terms.clone() };
        assert_eq!(payment_schedule(&wrong, date, d("10")), Err(PaymentError::DiscountOutOfRange { pct: d("101") }));
        assert_eq!(payment_schedule(&terms, date, d("-1")), Err(PaymentError::NegativeAmount { amount: d("-1") }));
        // 2.5 % of 10.10 = 0.2525 → 0.25 (half away from zero would only matter at 0.xx5).
        let discount = PaymentTerms { early_discount_pct: Some(d("2.5")), early_discount_days: Some(10), ..terms };
        assert_eq!(payment_schedule(&discount, date, d("10.10")).unwrap().early_discount.unwrap().amount, d("0.25"));
    }

    fn existing_order(id: &str) -> PurchaseOrder {
        let (_, mut order) = worked_order();
        order.id = id.into();
        order
    }

    #[test]
    fn po_numbers_continue_the_year_without_collisions() {
        let orders: Vec<PurchaseOrder> =
            ["PO-2025-00007", "PO-2025-00003", "PO-2024-00042", "PO-2025-x", "MANUAL-1"].map(existing_order).to_vec();
        assert_eq!(next_po_id(&orders, 2025), PoId::new("PO-2025-00008"));
        assert_eq!(next_po_id(&orders, 2024), PoId::new("PO-2024-00043"));
        assert_eq!(next_po_id(&orders, 2026), PoId::new("PO-2026-00001"));
        let full = vec![existing_order("PO-2025-99999")];
        assert_eq!(next_po_id(&full, 2025), PoId::new("PO-2025-100000"));
    }

    /// S1 supplies A (lead 14) and B (lead 21), S2 supplies C (lead 7); min/max orders of
    /// 120, 36 and 10. Two drafts after the workspace's PO-2025-00007: S1's with A and B on
    /// lines 10 and 20, not promised yet, its invoice expected on arrival if sent today,
    /// 3 March + 21 days = 24 March; S2's with C, arriving 10 March.
    #[test]
    fn drafts_group_by_supplier_and_location_and_continue_the_numbering() {
        let mut workspace = workspace(
            vec![sku("A", None), sku("B", None), sku("C", None)],
            vec![supplier("S1", "EUR", LandedCostTerms::default()), supplier("S2", "EUR", LandedCostTerms::default())],
            vec![
                offer("S1", "A", &[(0.0, d("2.00"))], 0.0, 12.0, 14),
                offer("S1", "B", &[(0.0, d("3.00"))], 0.0, 12.0, 21),
                offer("S2", "C", &[(0.0, d("5.00"))], 0.0, 1.0, 7),
            ],
            vec![min_max("A", 120.0), min_max("B", 36.0), min_max("C", 10.0)],
        );
        let mut earlier = existing_order("PO-2025-00007");
        earlier.status = PoStatus::Cancelled;
        earlier.supplier = "S1".into();
        earlier.lines.clear();
        workspace.purchase_orders = Sorted::from_vec(vec![earlier]);
        let plan = plan_of(&workspace);
        let drafts =
            draft_purchase_orders(&workspace, &plan, &Selection::NeedingOrder, today(), at(), "Buyer").unwrap();
        assert_eq!(drafts.suggestions, 3);
        let ids: Vec<&str> = drafts.orders.iter().map(|o| o.order.id.as_str()).collect();
        assert_eq!(ids, ["PO-2025-00008", "PO-2025-00009"]);
        let first = &drafts.orders[0].order;
        assert_eq!((first.supplier.as_str(), first.status, first.created), ("S1", PoStatus::Draft, today()));
        assert_eq!(first.promised, None);
        let invoice =
            |drafted: &engine::purchasing::DraftedOrder| drafted.evaluation.payment.as_ref().unwrap().invoice_date;
        assert_eq!(invoice(&drafts.orders[0]), "2025-03-24".parse().unwrap());
        assert_eq!(invoice(&drafts.orders[1]), "2025-03-10".parse().unwrap());
        let lines: Vec<(u32, &str, f64, Decimal)> =
            first.lines.iter().map(|l| (l.line_no, l.sku.as_str(), l.quantity, l.unit_price)).collect();
        assert_eq!(lines, [(10, "A", 120.0, d("2.00")), (20, "B", 36.0, d("3.00"))]);
        assert_eq!(first.lines[1].expected_landed_unit, Some(d("3.0000")));
        assert_eq!(first.log.len(), 1);
        assert_eq!((first.log[0].seq, first.log[0].kind, first.log[0].at), (1, PoEventKind::Drafted, at()));
        assert_eq!(first.log[0].role, "Buyer");
        assert_eq!(first.log[0].comment, "drafted from the plan of 2025-03-03: 2 suggestions");
        let second = &drafts.orders[1].order;
        assert_eq!((second.supplier.as_str(), second.promised), ("S2", None));

        // The same SKU selected twice is one line with both quantities.
        let twice = Selection::Lines(vec![("A".into(), "WH".into()), ("A".into(), "WH".into())]);
        let drafts = draft_purchase_orders(&workspace, &plan, &twice, today(), at(), "Buyer").unwrap();
        assert_eq!(drafts.orders.len(), 1);
        assert_eq!(drafts.orders[0].order.lines.len(), 1);
        assert_eq!(drafts.orders[0].order.lines[0].quantity, 240.0);

        let unknown = Selection::Lines(vec![("Z".into(), "WH".into())]);
        assert_eq!(
            draft_purchase_orders(&workspace, &plan, &unknown, today(), at(), "Buyer"),
            Err(DraftError::NotInPlan { sku: "Z".into(), location: "WH".into() })
        );
    }
}
