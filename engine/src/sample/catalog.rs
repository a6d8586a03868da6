//! The sample's catalogue: locations, suppliers with their terms and
//! contracts, SKUs, and who sells each SKU at what price.
//!
//! Prices start from the SKU's standard cost in euro cents, move by the
//! supplier's price level and a per-offer jitter in whole percents, convert
//! to the supplier's currency at today's rate, and are rounded once, half away
//! from zero, to cents (or tenths of a cent below one unit of currency, as
//! distributors quote cheap items). All of it is `Decimal` arithmetic.

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::names::{
    Buy, ContractRole, Family, Line, Reliability, Shape, Special, SupplierProfile, FAMILIES, LOCATIONS, SUPPLIERS,
};
use super::rng::Rng;
use super::{tag, Calendar, SampleSpec};
use crate::model::{
    Approval, Contract, ContractId, Criticality, Currency, CurrencyRate, DutyBasis, LandedCostOverride,
    LandedCostTerms, Location, LocationId, Offer, PaymentTerms, PriceBreak, Sku, SkuId, SkuStatus, SlaTargets,
    Supplier, SupplierId,
};

pub(super) fn locations(n_locations: usize) -> Vec<Location> {
    (0..n_locations)
        .map(|idx| match LOCATIONS.get(idx) {
            Some(profile) => Location { id: LocationId::new(profile.code), name: profile.name.to_owned() },
            None => Location {
                id: LocationId::new(format!("LOC-{:02}", idx + 1)),
                name: format!("Regional depot {}", idx + 1),
            },
        })
        .collect()
}

/// Demand at a location relative to the main warehouse.
pub(super) fn location_volume(location_idx: usize) -> f64 {
    f64::from(LOCATIONS.get(location_idx).map_or(30, |profile| profile.volume_pct)) / 100.0
}

pub(super) struct SupplierPlan {
    pub profile: &'static SupplierProfile,
    pub supplier: Supplier,
    /// Euros for one unit of the supplier's currency, today.
    pub rate_to_base: Decimal,
    pub contract: Option<Contract>,
    /// The simulated buyer's last order day with this supplier (the last
    /// planning run), so some items are left below their reorder point.
    pub last_order_day: i64,
    /// Average days between the supplier's order days.
    pub review_days: u32,
}

pub(super) fn suppliers(spec: &SampleSpec, calendar: &Calendar, rates: &[CurrencyRate]) -> Vec<SupplierPlan> {
    let today = calendar.date(calendar.today as i64);
    (0..spec.n_suppliers)
        .map(|idx| {
            let mut rng = Rng::keyed(spec.seed, &[tag::SUPPLIER, idx as u64]);
            let profile = &SUPPLIERS[idx % SUPPLIERS.len()];
            let branch = idx / SUPPLIERS.len();
            let (code, name) = if branch == 0 {
                (profile.code.to_owned(), profile.name.to_owned())
            } else {
                (format!("{}-{}", profile.code, branch + 1), format!("{} (branch {})", profile.name, branch + 1))
            };
            let id = SupplierId::new(code);
            let early = profile.early_discount;
            let supplier = Supplier {
                id: id.clone(),
                name,
                approval: profile.approval,
                currency: Currency::new(profile.currency),
                payment_terms: PaymentTerms {
                    net_days: profile.net_days,
                    early_discount_pct: early.map(|(tenths, _)| Decimal::new(i64::from(tenths), 1)),
                    early_discount_days: early.map(|(_, days)| days),
                },
                risk: profile.risk,
                landed: LandedCostTerms {
                    freight_per_order: Decimal::new(profile.freight_per_order_cents, 2),
                    freight_per_unit: Decimal::new(profile.freight_per_unit_cents, 2),
                    insurance_pct: Decimal::new(profile.insurance_tenths_pct, 1),
                    duty_pct: Decimal::new(profile.duty_tenths_pct, 1),
                    duty_basis: if profile.cif { DutyBasis::Cif } else { DutyBasis::Fob },
                    tax_pct: Decimal::from(profile.tax_pct),
                    tax_recoverable: true,
                    handling_per_unit: Decimal::new(profile.handling_per_unit_cents, 2),
                    charge_basis: profile.charge_basis,
                },
                min_order_value: profile.min_order_value.map(Decimal::from),
                free_freight_threshold: profile.free_freight_threshold.map(Decimal::from),
                lead_time_sd_days: profile.stated_sd_tenths.map(|tenths| f64::from(tenths) / 10.0),
            };
            // Only the original of each profile holds a contract, so the
            // expiring contract and the due price review stay unique however
            // many branches a large sample has.
            let contract = if branch == 0 { contract(profile, idx, &id, today, &mut rng) } else { None };
            let rate_to_base = latest_rate(rates, &supplier.currency);
            let freeze_days = rng.between(2, 9);
            let review_days = 7 / profile.order_weekdays.count_ones().max(1);
            SupplierPlan {
                profile,
                supplier,
                rate_to_base,
                contract,
                last_order_day: calendar.today as i64 - 1 - freeze_days,
                review_days,
            }
        })
        .collect()
}

fn latest_rate(rates: &[CurrencyRate], currency: &Currency) -> Decimal {
    rates
        .iter()
        .filter(|rate| &rate.currency == currency)
        .max_by_key(|rate| rate.as_of)
        .map_or(Decimal::ONE, |rate| rate.rate)
}

pub(super) fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date.checked_add_days(Days::new(days as u64)).unwrap_or(date)
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs())).unwrap_or(date)
    }
}

fn contract(
    profile: &SupplierProfile,
    idx: usize,
    supplier: &SupplierId,
    today: NaiveDate,
    rng: &mut Rng,
) -> Option<Contract> {
    let (start, end, auto_renew, price_review, termination_notice_days) = match profile.contract {
        ContractRole::None => return None,
        ContractRole::Standard => {
            let start = add_days(today, -rng.between(120, 500));
            let mut end = add_days(start, 730);
            if end < add_days(today, 120) {
                end = add_days(end, 365);
            }
            // The next anniversary at least 45 days out, so only the
            // ReviewDue contract has a review within the month.
            let review = (1..=4)
                .map(|years| add_days(start, 365 * years))
                .find(|date| *date > add_days(today, 45))
                .filter(|date| *date < end);
            (start, end, true, review, 90)
        }
        ContractRole::Expiring => {
            let end = add_days(today, rng.between(24, 40));
            (add_days(end, -730), end, false, None, 60)
        }
        ContractRole::ReviewDue => {
            let start = add_days(today, -rng.between(300, 420));
            (start, add_days(start, 1095), true, Some(add_days(today, rng.between(10, 26))), 90)
        }
    };
    Some(Contract {
        id: ContractId::new(format!("C-{}-{:03}", start.year(), idx + 1)),
        supplier: supplier.clone(),
        start,
        end,
        auto_renew,
        price_review,
        termination_notice_days,
        sla: SlaTargets { fill_rate_pct: Some(98.0), on_time_pct: Some(95.0), quality_pct: Some(99.5) },
    })
}

/// One supplier's terms for one SKU. The simulation buys from these; the
/// listed ones become the workspace's offers.
pub(super) struct Sourcing {
    pub supplier: usize,
    pub supplier_sku: String,
    /// Ascending by `min_qty`, strictly falling prices.
    pub price_breaks: Vec<PriceBreak>,
    pub moq: f64,
    pub pack: f64,
    pub purchase_unit: &'static str,
    /// False for the SKU whose supplier dropped it: bought in the past, no
    /// offer today.
    pub listed: bool,
    pub landed_override: LandedCostOverride,
    /// A time-limited quote, for suppliers that quote per shipment.
    pub quote: Option<(NaiveDate, NaiveDate)>,
}

impl Sourcing {
    /// The all-units price for `quantity` (the first break below the MOQ).
    pub fn price_for(&self, quantity: f64) -> Decimal {
        self.price_breaks
            .iter()
            .rev()
            .find(|b| b.min_qty <= quantity)
            .or(self.price_breaks.first())
            .map_or(Decimal::ZERO, |b| b.unit_price)
    }
}

/// Everything decided about a SKU before its history is simulated.
pub(super) struct SkuPlan {
    pub sku: Sku,
    pub family: usize,
    /// Units a day at the main warehouse at today's level.
    pub base_rate: f64,
    pub shape: Shape,
    /// Sales channels at the main warehouse with their shares; the first is
    /// the primary channel, the only one at other locations.
    pub channels: Vec<(&'static str, f64)>,
    pub launch_day: Option<i64>,
    pub discontinue_day: Option<i64>,
    /// Primary source first.
    pub sourcing: Vec<Sourcing>,
    /// Days during which the second source stood in for the first.
    pub alternate_window: Option<(i64, i64)>,
    /// Days of demand one order is meant to cover.
    pub cover_days: usize,
    /// Safety factor z the simulated buyer uses for the reorder point.
    pub safety_factor: f64,
}

impl SkuPlan {
    pub fn family(&self) -> &'static Family {
        &FAMILIES[self.family]
    }

    pub fn lot_tracked(&self) -> bool {
        self.sku.shelf_life_days.is_some() || self.sku.regulated
    }

    /// The source used for an order placed on `day`.
    pub fn sourcing_on(&self, day: i64) -> Option<&Sourcing> {
        match self.alternate_window {
            Some((from, to)) if (from..to).contains(&day) => self.sourcing.get(1),
            _ => self.sourcing.first(),
        }
    }
}

pub(super) fn skus(spec: &SampleSpec, calendar: &Calendar, suppliers: &[SupplierPlan]) -> Vec<SkuPlan> {
    let products: Vec<Vec<(usize, usize)>> = FAMILIES
        .iter()
        .map(|family| {
            family
                .lines
                .iter()
                .enumerate()
                .flat_map(|(line_idx, line)| (0..line.variants.len().max(1)).map(move |v| (line_idx, v)))
                .collect()
        })
        .collect();
    let family_suppliers: Vec<Vec<usize>> = (0..FAMILIES.len())
        .map(|family| {
            let serving: Vec<usize> =
                (0..suppliers.len()).filter(|&s| suppliers[s].profile.families.contains(&family)).collect();
            if serving.is_empty() && !suppliers.is_empty() {
                vec![family % suppliers.len()]
            } else {
                serving
            }
        })
        .collect();
    let width = spec.n_skus.to_string().len().max(5);
    let split_share = (100.0 / spec.n_skus.max(1) as f64).min(0.35);
    let today = calendar.today as i64;
    let today_date = calendar.date(today);

    (0..spec.n_skus)
        .map(|sku_idx| {
            let mut rng = Rng::keyed(spec.seed, &[tag::SKU, sku_idx as u64]);
            let family_idx = sku_idx % FAMILIES.len();
            let family = &FAMILIES[family_idx];
            let nth = sku_idx / FAMILIES.len();
            let list = &products[family_idx];
            let (line_idx, variant) = list[nth % list.len()];
            let repeat = nth / list.len();
            let line = &family.lines[line_idx];
            let name = if repeat == 0 {
                line.sku_name(variant)
            } else {
                format!("{} #{}", line.sku_name(variant), repeat + 1)
            };

            let step = u64::from(100 + line.cost_step_pct * variant as u32);
            let jitter = rng.between(90, 110) as u64;
            let cost_cents = (u64::from(line.cost_cents) * step * jitter / 10_000).clamp(20, 40_000);
            let unit_cost = Decimal::new(cost_cents as i64, 2);

            let criticality = if line.critical {
                Criticality::High
            } else if !line.regulated && rng.bernoulli(0.1) {
                Criticality::Low
            } else {
                Criticality::Normal
            };
            let status =
                if line.special == Special::Discontinued { SkuStatus::Discontinued } else { SkuStatus::Active };
            let weight_kg = unit_weight_kg(family, line, &name);
            let sku = Sku {
                id: SkuId::new(format!("SKU-{:0width$}", sku_idx + 1)),
                name,
                family: family.name.to_owned(),
                unit: line.unit.to_owned(),
                unit_cost,
                criticality,
                regulated: line.regulated,
                shelf_life_days: line.shelf_life_days,
                min_remaining_shelf_life_days: line.shelf_life_days.map(|days| (days / 3).max(1)),
                status,
                weight_kg: Some(weight_kg),
                volume_l: None,
            };

            let base_rate = line.rate * rng.lognormal_factor(0.45);
            let launch_day = match line.special {
                Special::Launch { days_ago } => Some(today - i64::from(days_ago)),
                _ => None,
            };
            let discontinue_day = (line.special == Special::Discontinued).then(|| today - rng.between(70, 120));

            let primary = if family.b2b { "b2b" } else { "web" };
            let mut channels = vec![(primary, 1.0)];
            if rng.bernoulli(split_share) {
                let primary_share = rng.uniform_in(0.55, 0.8);
                if family.b2b {
                    channels = vec![(primary, primary_share), ("web", 1.0 - primary_share)];
                } else if rng.bernoulli(0.4) {
                    let marketplace = (1.0 - primary_share) * rng.uniform_in(0.5, 0.8);
                    channels = vec![
                        (primary, primary_share),
                        ("marketplace", marketplace),
                        ("b2b", 1.0 - primary_share - marketplace),
                    ];
                } else {
                    channels = vec![(primary, primary_share), ("marketplace", 1.0 - primary_share)];
                }
            }

            let sourcing =
                sourcing(&mut rng, sku_idx, line, unit_cost, &family_suppliers[family_idx], suppliers, today_date);
            let alternate_window = (sourcing.len() >= 2
                && suppliers[sourcing[1].supplier].supplier.approval.auto_selectable()
                && calendar.today >= 240
                && rng.bernoulli(0.35))
            .then(|| {
                let from = rng.between(30, today - 180);
                (from, from + rng.between(45, 120))
            });

            // Dear, fast items are ordered often; cheap, slow ones in bulk.
            let annual_value = base_rate * 365.0 * cost_cents as f64 / 100.0;
            let mut cover_days: usize = if annual_value > 20_000.0 {
                14
            } else if annual_value > 3_000.0 {
                30
            } else {
                60
            };
            if let Some(shelf) = line.shelf_life_days {
                cover_days = cover_days.min((shelf as usize * 35 / 100).max(2));
            }
            let safety_factor = match criticality {
                Criticality::High => 2.05,
                Criticality::Normal => 1.65,
                Criticality::Low => 1.04,
            };

            SkuPlan {
                sku,
                family: family_idx,
                base_rate,
                shape: line.shape,
                channels,
                launch_day,
                discontinue_day,
                sourcing,
                alternate_window,
                cover_days,
                safety_factor,
            }
        })
        .collect()
}

fn sourcing(
    rng: &mut Rng,
    sku_idx: usize,
    line: &Line,
    unit_cost: Decimal,
    candidates: &[usize],
    suppliers: &[SupplierPlan],
    today: NaiveDate,
) -> Vec<Sourcing> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let selectable: Vec<usize> =
        candidates.iter().copied().filter(|&s| suppliers[s].supplier.approval.auto_selectable()).collect();
    let primary = if selectable.is_empty() {
        candidates[rng.index(candidates.len())]
    } else {
        let weights: Vec<f64> = selectable
            .iter()
            .map(|&s| if suppliers[s].supplier.approval == Approval::Preferred { 3.0 } else { 1.5 })
            .collect();
        selectable[rng.weighted_index(&weights).unwrap_or(0)]
    };
    let mut chosen = vec![primary];
    let listed = line.special != Special::NoOffer;
    if listed {
        let mut others: Vec<usize> = selectable.iter().copied().filter(|&s| s != primary).collect();
        for probability in [0.6, 0.25] {
            if !others.is_empty() && rng.bernoulli(probability) {
                chosen.push(others.remove(rng.index(others.len())));
            }
        }
        let restricted: Vec<usize> =
            candidates.iter().copied().filter(|s| !selectable.contains(s) && *s != primary).collect();
        if let Some(&s) = rng.choose(&restricted) {
            if rng.bernoulli(0.3) {
                chosen.push(s);
            }
        }
    }
    chosen
        .iter()
        .enumerate()
        .map(|(rank, &supplier_idx)| {
            let plan = &suppliers[supplier_idx];
            let profile = plan.profile;
            let (mut pack, mut purchase_unit) = match line.buy {
                Buy::Case => (line.pack.max(1), "case"),
                Buy::Each => (1, "each"),
                Buy::Pallet => (line.pack.max(1), "pallet"),
            };
            // A second source may sell single units of what the first sells
            // by the case, at a broken-case surcharge.
            let mut surcharge_pct = 0;
            if rank > 0 && line.buy == Buy::Case && pack >= 12 && rng.bernoulli(0.3) {
                pack = 1;
                purchase_unit = "each";
                surcharge_pct = 7;
            }
            let level = i64::from(profile.price_level_pct) * rng.between(94, 106) * (100 + surcharge_pct);
            let price_in_euros = unit_cost * Decimal::new(level, 6);
            let base_price = round_price(price_in_euros / plan.rate_to_base);
            let price_euros = crate::model::money::to_f64(price_in_euros).max(0.01);

            let pack_value = price_euros * f64::from(pack);
            let moq_packs: u32 = if profile.lead_time_days >= 20 {
                // Importers ship by the carton load: at least about 300 € a line.
                (libm::ceil(300.0 / pack_value) as u32).max(1)
            } else {
                let packs = *rng.choose(&[1, 1, 1, 2, 3]).unwrap_or(&1);
                if pack_value < 15.0 {
                    packs * 2
                } else {
                    packs
                }
            };
            let moq = f64::from(pack * moq_packs);

            let mut price_breaks = vec![PriceBreak { min_qty: moq, unit_price: base_price }];
            if rng.bernoulli(0.7) {
                let first_multiple = f64::from(*rng.choose(&[3u32, 5, 10]).unwrap_or(&5));
                let first_discount = *rng.choose(&[3i64, 4, 5, 6, 8]).unwrap_or(&5);
                let price = round_price(base_price * Decimal::new(100 - first_discount, 2));
                if price < base_price {
                    let first_qty = moq * first_multiple;
                    price_breaks.push(PriceBreak { min_qty: first_qty, unit_price: price });
                    if rng.bernoulli(0.45) {
                        let second_discount = first_discount + rng.between(3, 7);
                        let second_price = round_price(base_price * Decimal::new(100 - second_discount, 2));
                        let second_multiple = f64::from(*rng.choose(&[2u32, 4]).unwrap_or(&2));
                        if second_price < price {
                            price_breaks
                                .push(PriceBreak { min_qty: first_qty * second_multiple, unit_price: second_price });
                        }
                    }
                }
            }

            let imports = profile.duty_tenths_pct > 0 || profile.freight_per_unit_cents > 0;
            let landed_override = LandedCostOverride {
                freight_per_unit: (imports && line.heavy).then(|| Decimal::new(45, 2)),
                duty_pct: (imports && line.duty_free).then_some(Decimal::ZERO),
                handling_per_unit: None,
            };
            let quote = (profile.reliability == Reliability::Unreliable).then(|| {
                let from = add_days(today, -rng.between(0, 60));
                (from, add_days(from, 90))
            });
            let code = (sku_idx as u64 * 7_919 + supplier_idx as u64 * 104_729) % 900_000 + 100_000;
            Sourcing {
                supplier: supplier_idx,
                supplier_sku: format!("{}{code}", profile.item_prefix),
                price_breaks,
                moq,
                pack: f64::from(pack),
                purchase_unit,
                listed,
                landed_override,
                quote,
            }
        })
        .collect()
}

/// Round a unit price the way distributors quote: cents, or tenths of a cent
/// below one unit of currency, half away from zero.
pub(super) fn round_price(price: Decimal) -> Decimal {
    let places = if price < Decimal::ONE { 3 } else { 2 };
    price.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// The workspace offers for a SKU's listed sources.
pub(super) fn offers(plan: &SkuPlan, suppliers: &[SupplierPlan]) -> Vec<Offer> {
    plan.sourcing
        .iter()
        .filter(|source| source.listed)
        .map(|source| {
            let supplier = &suppliers[source.supplier];
            let (contract, valid_from, valid_to) = match (&supplier.contract, source.quote) {
                (Some(contract), _) => (Some(contract.id.clone()), Some(contract.start), Some(contract.end)),
                (None, Some((from, to))) => (None, Some(from), Some(to)),
                (None, None) => (None, None, None),
            };
            Offer {
                supplier: supplier.supplier.id.clone(),
                sku: plan.sku.id.clone(),
                supplier_sku: source.supplier_sku.clone(),
                price_breaks: source.price_breaks.clone(),
                moq: source.moq,
                pack_size: source.pack,
                purchase_unit: source.purchase_unit.to_owned(),
                units_per_purchase_unit: source.pack,
                lead_time_days: supplier.profile.lead_time_days,
                landed_override: source.landed_override.clone(),
                contract,
                valid_from,
                valid_to,
            }
        })
        .collect()
}

/// The gross weight of one SKU unit in kilograms, three decimals: what the
/// name says it holds (`500 ml`, `1 kg`, `4 g, box of 1,000`) at a density
/// of 1 plus 10 % for the packaging, paper from its grammage and sheet size
/// (`A4 80 g/m², ream of 500`: 0.0625 m² × 80 g × 500 = 2.5 kg, ×1.1), a
/// Euro pallet's 25 kg, 8 kg for other bulky lines, and otherwise a typical
/// weight for the family. A capacity (`bin liner 60 l`) is not a content:
/// figures above 25 kg fall back to the family's weight.
pub(super) fn unit_weight_kg(family: &Family, line: &Line, name: &str) -> f64 {
    // Words without a trailing comma; a comma inside a number is a thousands separator (`1,000`).
    let words: Vec<&str> = name.split(' ').map(|w| w.trim_end_matches(',')).filter(|w| !w.is_empty()).collect();
    let count = words.windows(2).find(|pair| pair[0] == "of").and_then(|pair| number(pair[1])).unwrap_or(1.0);
    let grammage = words.windows(2).find(|pair| pair[1] == "g/m²").and_then(|pair| number(pair[0]));
    let content_kg = words.windows(2).find_map(|pair| {
        let amount = number(pair[0])?;
        match pair[1] {
            "g" | "ml" => Some(amount / 1_000.0),
            "kg" | "l" => Some(amount),
            _ => None,
        }
    });
    let sheet_m2 = if name.contains("A3") { 0.125 } else { 0.0625 };
    let stated = match (grammage, content_kg) {
        (Some(grams), _) => Some(sheet_m2 * grams / 1_000.0 * count),
        (None, Some(kg)) => Some(kg * count),
        (None, None) => None,
    };
    let kg = match stated.map(|kg| kg * 1.1) {
        Some(kg) if kg <= 25.0 => kg,
        _ if line.heavy && name.contains("pallet") => 25.0,
        _ if line.heavy => 8.0,
        _ => match family.name {
            "Packaging" => 0.4,
            "Cleaning supplies" => 0.8,
            "Coffee & tea" => 0.6,
            "Office paper" => 0.5,
            "Spare parts" => 0.8,
            "Snacks" => 0.3,
            "Personal care" => 0.25,
            _ => 0.15,
        },
    };
    (kg * 1_000.0).round() / 1_000.0
}

/// A word of a product name as a number (`500`, `1,000`, `0.5`), or `None`:
/// plain decimals only, which is all the names hold (a test checks every
/// name's words against `str::parse`), so the app's Wasm needs no general
/// float parser.
fn number(word: &str) -> Option<f64> {
    crate::io::plain_number::parse_plain_f64(&word.replace(',', "")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The weight of a product line's SKU, found by the start of its name.
    fn weight_of(line_name: &str, variant: usize) -> f64 {
        let (family, line) = FAMILIES
            .iter()
            .flat_map(|family| family.lines.iter().map(move |line| (family, line)))
            .find(|(_, line)| line.name.starts_with(line_name))
            .unwrap();
        unit_weight_kg(family, line, &line.sku_name(variant))
    }

    #[test]
    fn unit_weights_follow_what_the_name_says_the_unit_holds() {
        // 24 × 500 ml = 12 l of water, + 10 % packaging = 13.2 kg.
        assert_eq!(weight_of("Sparkling water 500 ml", 0), 13.2);
        // 1,000 × 4 g = 4 kg, + 10 % = 4.4 kg.
        assert_eq!(weight_of("Sugar sticks 4 g", 0), 4.4);
        // A3 = 0.125 m²; 500 sheets × 80 g/m² × 0.125 m² = 5 kg, + 10 % = 5.5 kg.
        assert_eq!(weight_of("Copy paper A3 80", 0), 5.5);
        // 5 l refill of all-purpose cleaner (variant 1) = 5 kg, + 10 % = 5.5 kg.
        assert_eq!(weight_of("All-purpose cleaner", 1), 5.5);
        // A bin liner's 60 l is its capacity: 60 × 50 × 1.1 = 3,300 kg is no
        // unit weight, so the family's 0.8 kg stands.
        assert_eq!(weight_of("Bin liner", 0), 0.8);
        // A Euro pallet weighs 25 kg (EPAL); other bulky lines 8 kg.
        assert_eq!(weight_of("Euro pallet", 0), 25.0);
        assert_eq!(weight_of("Drive motor", 0), 8.0);
        // Nothing stated: the family's typical weight.
        assert_eq!(weight_of("Nitrile gloves", 0), 0.8);
    }

    #[test]
    fn every_word_of_every_name_reads_as_the_standard_parser_reads_it() {
        let mut numbers = 0;
        for line in FAMILIES.iter().flat_map(|family| family.lines.iter()) {
            for variant in 0..line.variants.len() {
                for word in line.sku_name(variant).split(' ').map(|w| w.trim_end_matches(',')) {
                    let standard = word.replace(',', "").parse::<f64>().ok();
                    assert_eq!(number(word), standard, "{word:?} in {:?}", line.sku_name(variant));
                    numbers += usize::from(standard.is_some());
                }
            }
        }
        assert!(numbers > 100, "only {numbers} numbers in the names");
    }
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn prices_round_half_away_from_zero_to_cents_or_tenths_of_a_cent() {
        assert_eq!(round_price(dec("12.345")), dec("12.35"));
        assert_eq!(round_price(dec("12.3449")), dec("12.34"));
        assert_eq!(round_price(dec("0.2345")), dec("0.235"), "below one: three places");
        assert_eq!(round_price(dec("0.99951")), dec("1.000"));
    }

    #[test]
    fn the_price_for_a_quantity_is_the_highest_break_reached() {
        let source = Sourcing {
            supplier: 0,
            supplier_sku: "X1".into(),
            price_breaks: vec![
                PriceBreak { min_qty: 10.0, unit_price: dec("1.00") },
                PriceBreak { min_qty: 100.0, unit_price: dec("0.90") },
            ],
            moq: 10.0,
            pack: 10.0,
            purchase_unit: "case",
            listed: true,
            landed_override: LandedCostOverride::default(),
            quote: None,
        };
        assert_eq!(source.price_for(5.0), dec("1.00"), "below the MOQ the first break applies");
        assert_eq!(source.price_for(99.0), dec("1.00"));
        assert_eq!(source.price_for(100.0), dec("0.90"));
        // 99 at 1.00 costs 99.00 but 100 at 0.90 only 90.00: the break that
        // makes ordering more cheaper in total.
        assert!(source.price_for(100.0) * dec("100") < source.price_for(99.0) * dec("99"));
    }
}
