//! Replenishment planning: from a workspace and a date to reorder
//! suggestions a buyer can check figure by figure.
//!
//! For every SKU × location with evidence (`index`) the planner
//! 1. sums weekly demand over the statistics window and derives d, σd, the
//!    XYZ class and the Syntetos–Boylan pattern (`demand`), or takes a
//!    forecast's estimate when one is given (`plan_with_demand`);
//! 2. looks up the class cell of the policy matrix (ABC from `classify`,
//!    raised to class-A service for a high-criticality SKU), or the buyer's
//!    fixed min/max;
//! 3. prices every offer on its own terms — lead time measured or quoted
//!    (`lead_time`), safety stock for that lead time (`safety_stock`; from a
//!    count distribution, `count`, for intermittent demand planned from a
//!    forecast), order quantity under its price breaks and ordering rules
//!    (`order_quantity`), landed cost (`landed`) — and chooses the lowest
//!    total annual cost (`supplier_choice`);
//! 4. compares the inventory position (`inventory`) with the chosen offer's
//!    reorder point, order-up-to level or min, and suggests an order;
//! 5. flags what the buyer should look at: weak normal model (or the count
//!    model used instead), quoted lead times, supply risk, contracts ending,
//!    shelf-life caps, forced waste.
//!
//! Policies: continuous review (s, Q) orders when the position is at or below
//! s, as many Q as lift it above s; periodic review (R, S) treats today as a
//! review day for every SKU (the planner is run when the buyer reviews) and
//! orders up to S when the position is below it; min/max orders up to max when
//! the position is at or below min. With no demand expected, nothing is
//! ordered except what backorders owe. Discontinued SKUs are never reordered.
//!
//! Figures are kept, not prose: `explain` turns a line into steps for the
//! page or an export when they are asked for, which keeps planning 100,000
//! lines fast. Every SKU × location ends up either in `Plan::lines` or in
//! `Plan::unplannable` with its reason; nothing is skipped silently.

pub mod bench;
pub mod buyer_override;
pub mod classify;
pub mod count;
pub mod demand;
pub mod explain;
pub mod id_numbers;
pub mod index;
pub mod inventory;
pub mod landed;
pub mod lead_time;
pub mod line;
pub mod normal;
pub mod order_quantity;
pub mod render;
pub mod safety_stock;
pub mod supplier_choice;

use rustc_hash::FxHashMap as HashMap;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::model::money::to_f64;
use crate::model::{
    AbcClass, Contract, ContractId, Criticality, LocationId, PolicyCell, PolicyKind, PolicyMatrix, ServiceDefinition,
    Settings, Sku, SkuId, SkuStatus, StockLot, Supplier, SupplierId, SupplyRisk, Workspace, XyzClass,
};
use landed::{round_cents, times};

pub use bench::{bench, bench_repeated, bench_workspace, BenchReport};
pub use buyer_override::{apply_override, review_quantity, Override, QuantityReview, ReviewError, CONFIRM_MULTIPLE};
pub use classify::{classify, Classification, LocationClass, SkuClass};
pub use count::{cycle_service_level, fill_rate_level, CountDistribution, CountError, CountLevel};
pub use demand::{
    estimate_from_history, DemandEstimate, DemandPattern, DemandSource, DemandStats, LeadTimeModel, PhasedDemand,
    PhasedDemandError,
};
pub use explain::{explain, explain_unplannable, Step};
pub use inventory::{ExpiringLot, InventoryPosition};
pub use lead_time::{LeadTime, SupplierPerformance};
pub use line::{
    urgency_order, AnnualCost, Decision, Exclusion, Flag, MinMaxLevels, OfferEvaluation, OfferFigures, Plan, PlanLine,
    ServiceTarget, SuggestedOrder, Unplannable, UnplannableReason,
};
pub use render::{classification_to_csv, plan_to_csv, plan_to_json};

use demand::{demand_stats_with, WeekScratch};
use index::{Pair, PlanIndex};
use inventory::{expiring_lots, inventory_position};
use lead_time::{LeadTimeIndex, LeadTimeSdSource, LeadTimeSource, MIN_LEAD_TIME_OBSERVATIONS};
use order_quantity::Feasible;
use safety_stock::SafetyStock;
use supplier_choice::{
    choose, evaluate_offer, prepare_offer_with, supplier_terms, PairInputs, PairMoney, PreparedOffer, Pricing,
    SupplierTerms,
};

/// Progress is reported after every this many SKU × locations.
pub const PROGRESS_EVERY: usize = 1_000;

/// Plan every SKU × location from history. `progress(done, total)` is called
/// every `PROGRESS_EVERY` SKU × locations and once at the end.
pub fn plan(workspace: &Workspace, today: NaiveDate, progress: &mut dyn FnMut(usize, usize)) -> Plan {
    plan_with_demand(workspace, today, &|_, _| None, progress)
}

/// Plan with demand estimates from elsewhere (a forecast): `demand(sku,
/// location)` returning `Some` replaces the history estimate of that SKU ×
/// location. Classes and the pattern still come from history.
pub fn plan_with_demand(
    workspace: &Workspace,
    today: NaiveDate,
    demand: &dyn Fn(&SkuId, &LocationId) -> Option<DemandEstimate>,
    progress: &mut dyn FnMut(usize, usize),
) -> Plan {
    let (context, histories) = Context::build(workspace, today);
    let index = &context.index;
    let total = index.pairs.len() + index.without_location.len();
    let mut plan = Plan {
        today,
        base_currency: workspace.settings.base_currency.clone(),
        lines: Vec::with_capacity(index.pairs.len()),
        unplannable: Vec::new(),
        expiring: Vec::new(),
        supplier_performance: Vec::new(),
    };
    let mut scratch = LineScratch::default();
    let mut warmed_until = 0u32;
    for (done, (pair, history)) in index.pairs.iter().zip(histories).enumerate() {
        if done % PROGRESS_EVERY == 0 && done > 0 {
            progress(done, total);
        }
        if pair.sku + WARM_AHEAD >= warmed_until {
            let from = warmed_until.max(pair.sku);
            warmed_until = from + WARM_BLOCK;
            std::hint::black_box(context.warm_offers(from..warmed_until));
        }
        context.plan_pair(pair, history, demand, &mut scratch, &mut plan);
    }
    for &rank in &index.without_location {
        let sku = index.skus[rank as usize];
        let reason = match sku.status {
            SkuStatus::Discontinued => UnplannableReason::Discontinued,
            SkuStatus::Active => UnplannableReason::NoLocation,
        };
        plan.unplannable.push(Unplannable {
            sku: sku.id.clone(),
            location: None,
            reason,
            history: None,
            inventory: None,
            alternatives: Vec::new(),
        });
    }
    plan.supplier_performance = context.lead_time_index.into_performance();
    progress(total, total);
    plan
}

/// Offers are read in SKU order but stored by supplier, each with its price
/// breaks elsewhere on the heap, so preparing a SKU's offers waits on memory
/// several times over. `warm_offers` touches the offers of the next
/// `WARM_BLOCK` SKUs in one short loop whose reads do not depend on each
/// other, so the processor has them in flight together; by the time a SKU is
/// planned its offers are in cache. Warming starts `WARM_AHEAD` SKUs early.
const WARM_BLOCK: u32 = 16;
const WARM_AHEAD: u32 = 8;

/// Read one value from every cache line of the last `days` days of each
/// series and the last words of its day flags, so that the demand
/// statistics find them in cache (see `WARM_BLOCK`: each series is its own
/// allocation, and the processor's own prefetching starts only a few lines
/// into each). The sum means nothing.
fn warm_series(series: &[crate::model::DemandSeries], days: usize) -> f32 {
    let mut sum = 0.0;
    for one in series {
        let quantity = &one.quantity[one.quantity.len().saturating_sub(days)..];
        sum += quantity.iter().step_by(16).sum::<f32>();
        for flags in [&one.stockout.0, &one.promo.0] {
            sum += flags.last().map_or(0.0, |&word| word as f32);
        }
    }
    sum
}

/// Buffers reused from line to line, so that planning allocates only what
/// the plan keeps.
#[derive(Default)]
struct LineScratch<'a> {
    lots: Vec<&'a StockLot>,
    /// A line's flags while they are gathered: moved out at their exact
    /// count, as a line carries three or four and 100,000 lines with room to
    /// spare add up.
    flags: Vec<Flag>,
    /// The offers of SKU rank `offers_of`, prepared, with their lead times
    /// (`None` for offers that cannot be priced).
    offers: Vec<(PreparedOffer<'a>, Option<LeadTime>)>,
    offers_of: Option<u32>,
}

/// Everything a line needs, indexed once per plan so that each line costs
/// array lookups rather than searches.
struct Context<'a> {
    workspace: &'a Workspace,
    settings: &'a Settings,
    today: NaiveDate,
    index: PlanIndex<'a>,
    /// ABC class by SKU rank.
    abc: Vec<AbcClass>,
    /// The policy cell for each ABC × XYZ: the settings' or, if missing, the default's.
    cells: HashMap<(AbcClass, XyzClass), PolicyCell>,
    contracts: HashMap<&'a ContractId, &'a Contract>,
    /// Suppliers by number (see `build`), with their side of pricing; `None`
    /// for a supplier named by an offer but missing from the supplier table.
    suppliers: Vec<Option<(&'a Supplier, SupplierTerms)>>,
    /// The supplier number of each workspace offer.
    offer_suppliers: Vec<u32>,
    lead_time_index: LeadTimeIndex<'a>,
    /// Offers of SKU rank r are `workspace.offers[offers_of[offer_start[r]..offer_start[r + 1]]]`, by supplier id.
    offer_start: Vec<u32>,
    offers_of: Vec<u32>,
    /// The settings' ordering cost and holding rate as `f64`, for the optimiser.
    ordering_cost: f64,
    holding_rate: f64,
}

impl<'a> Context<'a> {
    /// The context, and the weekly demand statistics of every pair.
    fn build(workspace: &'a Workspace, today: NaiveDate) -> (Self, Vec<DemandStats>) {
        let settings = &workspace.settings;
        let mut index = PlanIndex::build_keys(workspace);
        // One pass over the demand history for the statistics and the ABC
        // units, so each series comes from memory once: at 100,000 SKUs the
        // history is hundreds of megabytes.
        let mut weeks = WeekScratch::default();
        let mut histories = Vec::with_capacity(index.pairs.len());
        let window_days = settings.stats_window_weeks.max(1) as usize * 7;
        for pair_idx in 0..index.pairs.len() {
            if pair_idx % WARM_BLOCK as usize == 0 {
                // This block's series on the first pass, then always the next block's.
                let from = if pair_idx == 0 { 0 } else { pair_idx + WARM_BLOCK as usize };
                let block = index.pairs.iter().skip(from).take(WARM_BLOCK as usize * if pair_idx == 0 { 2 } else { 1 });
                for pair in block {
                    std::hint::black_box(warm_series(&workspace.demand.series[pair.series.clone()], window_days));
                }
            }
            let series = &workspace.demand.series[index.pairs[pair_idx].series.clone()];
            histories.push(demand_stats_with(series, today, settings.stats_window_weeks, &settings.xyz, &mut weeks));
            index.add_annual_units(workspace, pair_idx, today);
        }
        let abc = classify::abc_by_rank(&index, &settings.abc);
        let defaults = PolicyMatrix::default();
        let mut cells = HashMap::default();
        for default_cell in &defaults.cells {
            let cell = settings.policy_matrix.cell(default_cell.abc, default_cell.xyz).unwrap_or(default_cell);
            cells.insert((default_cell.abc, default_cell.xyz), cell.clone());
        }

        // Suppliers are numbered once, so each offer finds its supplier, its
        // terms and its place in id order with one lookup in a small table.
        // A repeated supplier id takes its last row, as a map built from the
        // table would.
        let mut supplier_number = id_numbers::IdNumbers::default();
        let mut supplier_ids: Vec<&SupplierId> = Vec::with_capacity(workspace.suppliers.len());
        let mut known: Vec<Option<(&Supplier, SupplierTerms)>> = Vec::with_capacity(workspace.suppliers.len());
        let mut number_of = |id: &'a SupplierId, supplier_ids: &mut Vec<&'a SupplierId>, known: &mut Vec<_>| {
            supplier_number.get_or_insert_with(id.as_str(), || {
                supplier_ids.push(id);
                known.push(None);
                (supplier_ids.len() - 1) as u32
            })
        };
        for supplier in &workspace.suppliers {
            let number = number_of(&supplier.id, &mut supplier_ids, &mut known);
            known[number as usize] = Some((supplier, supplier_terms(workspace, supplier, today)));
        }
        let offer_suppliers: Vec<u32> =
            workspace.offers.iter().map(|offer| number_of(&offer.supplier, &mut supplier_ids, &mut known)).collect();
        let mut by_id: Vec<u32> = (0..supplier_ids.len() as u32).collect();
        crate::sorting::sort_by(&mut by_id, |&a, &b| supplier_ids[a as usize].cmp(supplier_ids[b as usize]));
        let mut supplier_rank = vec![0u32; by_id.len()];
        for (rank, &number) in by_id.iter().enumerate() {
            supplier_rank[number as usize] = rank as u32;
        }

        // Offers are only grouped here, by SKU rank and by supplier id within
        // (two stable counting passes, least significant key first); each
        // SKU's are prepared when its first line is planned. Preparing all
        // of them up front meant a large table written in one order and read
        // in another.
        let lead_time_index = LeadTimeIndex::build(workspace);
        // (SKU rank, supplier rank, offer position).
        let mut by_rank: Vec<(u32, u32, u32)> = Vec::with_capacity(workspace.offers.len());
        for (offer_idx, offer) in workspace.offers.iter().enumerate() {
            // In a normalised workspace the rank is the SKU's position, which
            // the lead-time index has already looked up.
            let rank = if index.catalog_in_workspace_order {
                lead_time_index.offer_sku_number(offer_idx)
            } else {
                index.rank(&offer.sku)
            };
            let Some(rank) = rank else { continue };
            by_rank.push((rank, supplier_rank[offer_suppliers[offer_idx] as usize], offer_idx as u32));
        }
        crate::sorting::sort_by_small_key(&mut by_rank, supplier_ids.len(), |&(_, supplier, _)| supplier as usize);
        crate::sorting::sort_by_small_key(&mut by_rank, index.catalog_len, |&(rank, _, _)| rank as usize);
        let mut offer_start = vec![0u32; index.catalog_len + 1];
        for &(rank, _, _) in &by_rank {
            offer_start[rank as usize + 1] += 1;
        }
        for rank in 0..index.catalog_len {
            offer_start[rank + 1] += offer_start[rank];
        }
        let offers_of = by_rank.into_iter().map(|(_, _, offer)| offer).collect();

        let context = Context {
            workspace,
            settings,
            today,
            index,
            abc,
            cells,
            contracts: workspace.contracts.iter().map(|c| (&c.id, c)).collect(),
            suppliers: known,
            offer_suppliers,
            lead_time_index,
            offer_start,
            offers_of,
            ordering_cost: to_f64(settings.ordering_cost),
            holding_rate: to_f64(settings.holding_cost_rate),
        };
        (context, histories)
    }

    /// The offers of SKU rank `rank`, prepared with their lead times into
    /// `offers` (by supplier id), unless they are there already from the
    /// SKU's previous location.
    fn prepare_offers(
        &self,
        rank: u32,
        offers: &mut Vec<(PreparedOffer<'a>, Option<LeadTime>)>,
        prepared_for: &mut Option<u32>,
    ) {
        if *prepared_for == Some(rank) {
            return;
        }
        *prepared_for = Some(rank);
        offers.clear();
        let range = self.offer_start[rank as usize] as usize..self.offer_start[rank as usize + 1] as usize;
        for &offer_idx in &self.offers_of[range] {
            let offer = &self.workspace.offers[offer_idx as usize];
            let side = self.suppliers[self.offer_suppliers[offer_idx as usize] as usize].as_ref();
            let supplier = side.map(|(supplier, _)| *supplier);
            let prepared = prepare_offer_with(offer, supplier, self.today, side.map(|(_, terms)| terms));
            let lead_time = match (&prepared.pricing, supplier) {
                (Some(_), Some(supplier)) => {
                    let family = self.index.skus[rank as usize].family.as_str();
                    Some(self.lead_time_index.lead_time_of_offer(offer_idx as usize, offer, supplier, family))
                }
                _ => None,
            };
            offers.push((prepared, lead_time));
        }
    }

    /// Read what preparing the offers of SKU ranks `ranks` reads first (the
    /// offer, its first price break, its lead-time observations), so that it
    /// is in cache when they are prepared (see `WARM_BLOCK`). The sum means
    /// nothing; it is returned so the reads are not optimised away.
    fn warm_offers(&self, ranks: std::ops::Range<u32>) -> f64 {
        let last = self.offer_start.len() - 1;
        let range = self.offer_start[(ranks.start as usize).min(last)] as usize
            ..self.offer_start[(ranks.end as usize).min(last)] as usize;
        let mut sum = 0.0;
        for &offer_idx in &self.offers_of[range] {
            let offer = &self.workspace.offers[offer_idx as usize];
            sum += offer.moq + offer.price_breaks.first().map_or(0.0, |b| b.min_qty);
            sum += self.lead_time_index.warm(offer_idx as usize);
        }
        sum
    }

    /// The service target of a class cell, lifted to the class-A cell of the
    /// same XYZ row for a high-criticality SKU.
    fn service_target(&self, abc: AbcClass, xyz: XyzClass, criticality: Criticality) -> ServiceTarget {
        let cell = &self.cells[&(abc, xyz)];
        let mut target = ServiceTarget {
            abc,
            xyz,
            definition: cell.service,
            level: cell.service_level,
            cell_level: cell.service_level,
            raised_by_criticality: false,
            policy: cell.policy,
            review_period_days: cell.review_period_days,
        };
        if criticality == Criticality::High && abc != AbcClass::A {
            let class_a = &self.cells[&(AbcClass::A, xyz)];
            if (class_a.service, class_a.service_level) != (cell.service, cell.service_level) {
                target.definition = class_a.service;
                target.level = class_a.service_level;
                target.raised_by_criticality = true;
            }
        }
        target
    }

    fn plan_pair(
        &self,
        pair: &Pair,
        history: DemandStats,
        forecast: &dyn Fn(&SkuId, &LocationId) -> Option<DemandEstimate>,
        scratch: &mut LineScratch<'a>,
        plan: &mut Plan,
    ) {
        let LineScratch { lots, flags, offers, offers_of } = scratch;
        let (workspace, settings, index) = (self.workspace, self.settings, &self.index);
        let sku_id = index.sku_ids[pair.sku as usize];
        let location = index.location_ids[pair.location as usize];
        lots.clear();
        lots.extend(index.lots[pair.lots.clone()].iter().map(|&idx| &workspace.stock_lots[idx]));
        let commitment = pair.commitment.map(|idx| &workspace.commitments[idx]);
        let inventory = inventory_position(lots, pair.on_order, commitment, self.today);
        let unplannable = |reason, history, inventory, alternatives| Unplannable {
            sku: sku_id.clone(),
            location: Some(location.clone()),
            reason,
            history,
            inventory,
            alternatives,
        };
        let Some(&sku) = index.skus.get(pair.sku as usize) else {
            plan.unplannable.push(unplannable(
                UnplannableReason::UnknownSku,
                Some(history),
                Some(inventory),
                Vec::new(),
            ));
            return;
        };
        let mut demand = forecast(sku_id, location).or_else(|| estimate_from_history(&history));
        // Held apart while the offers are priced from it, and put back on the line.
        let phased = demand.as_mut().and_then(|estimate| estimate.phased.take());
        let mean_per_day = demand.as_ref().map_or(0.0, |estimate| estimate.mean_per_day.max(0.0));
        if !lots.is_empty() {
            let horizon = settings.expiry_horizon_days;
            plan.expiring.extend(expiring_lots(lots, sku.unit_cost, mean_per_day, self.today, horizon));
        }

        if sku.status == SkuStatus::Discontinued {
            plan.unplannable.push(unplannable(
                UnplannableReason::Discontinued,
                Some(history),
                Some(inventory),
                Vec::new(),
            ));
            return;
        }
        let manual = pair.min_max.or(index.min_max_everywhere[pair.sku as usize]);
        if demand.is_none() && manual.is_none() {
            let reason = UnplannableReason::NoHistory {
                weeks_used: history.weeks_used,
                minimum_weeks: demand::MIN_HISTORY_WEEKS as u32,
            };
            plan.unplannable.push(unplannable(reason, Some(history), Some(inventory), Vec::new()));
            return;
        }
        let rank = pair.sku as usize;
        if self.offer_start[rank] == self.offer_start[rank + 1] {
            plan.unplannable.push(unplannable(UnplannableReason::NoOffer, Some(history), Some(inventory), Vec::new()));
            return;
        }

        let mut service = self.service_target(self.abc[rank], history.xyz, sku.criticality);
        if manual.is_some() {
            service.policy = PolicyKind::MinMax;
        }
        self.prepare_offers(pair.sku, offers, offers_of);
        let single_sourced = offers.iter().filter(|(prepared, _)| prepared.auto_selectable()).count() == 1;
        let shelf_life_days = sku.min_remaining_shelf_life_days.or(sku.shelf_life_days);
        let inputs = PairInputs {
            mean_per_day,
            sd_per_day: demand.as_ref().map_or(0.0, |estimate| estimate.sd_per_day.max(0.0)),
            service: &service,
            manual_min_max: manual,
            shelf_life_cap: shelf_life_days.filter(|_| mean_per_day > 0.0).map(|days| mean_per_day * f64::from(days)),
            single_sourced,
            risk_buffer_days: settings.risk_buffer_days,
            allow_negative_safety_stock: settings.allow_negative_safety_stock,
            ordering_cost: settings.ordering_cost,
            holding_rate: settings.holding_cost_rate,
            quantile: match service.definition {
                ServiceDefinition::CycleService => normal::quantile(service.level),
                ServiceDefinition::FillRate => 0.0,
            },
            phased: phased.as_deref(),
            money: PairMoney::with_rates(
                365.0 * mean_per_day,
                settings.ordering_cost,
                self.ordering_cost,
                self.holding_rate,
            ),
        };
        let mut alternatives: Vec<OfferEvaluation> = offers
            .iter()
            .map(|(prepared, lead_time)| {
                let figures = match (&prepared.pricing, lead_time) {
                    (Some(pricing), Some(lead_time)) => {
                        Some(evaluate_offer(prepared, pricing, lead_time.clone(), &inputs))
                    }
                    _ => None,
                };
                OfferEvaluation {
                    supplier: prepared.offer.supplier.clone(),
                    approval: prepared.approval(),
                    risk: prepared.supplier.map(|s| s.risk),
                    exclusion: prepared.exclusion.clone(),
                    chosen: false,
                    figures,
                }
            })
            .collect();
        let Some(chosen) = choose(&alternatives) else {
            plan.unplannable.push(unplannable(
                UnplannableReason::NoEligibleOffer,
                Some(history),
                Some(inventory),
                alternatives,
            ));
            return;
        };
        alternatives[chosen].chosen = true;
        let prepared = &offers[chosen].0;
        let mut line = self.build_line(
            sku,
            location,
            service.clone(),
            history,
            demand,
            inventory,
            alternatives,
            chosen,
            prepared,
            &inputs,
            flags,
        );
        if let Some(estimate) = line.demand.as_mut() {
            estimate.phased = phased;
        }
        plan.lines.push(line);
    }

    #[allow(clippy::too_many_arguments)]
    fn build_line(
        &self,
        sku: &Sku,
        location: &LocationId,
        service: ServiceTarget,
        history: DemandStats,
        demand: Option<DemandEstimate>,
        inventory: InventoryPosition,
        alternatives: Vec<OfferEvaluation>,
        chosen: usize,
        prepared: &PreparedOffer,
        inputs: &PairInputs,
        flags: &mut Vec<Flag>,
    ) -> PlanLine {
        let figures = alternatives[chosen].figures.as_ref().expect("a chosen offer has figures");
        let pricing = prepared.pricing.as_ref().expect("a chosen offer is priced");
        let d = inputs.mean_per_day;
        let position = inventory.position;
        let (decision, requested, cycles) = decide(inputs, figures, position);
        let order = (requested > 0.0)
            .then(|| Box::new(suggest_order(pricing, inputs, &prepared.offer.supplier, requested, cycles)));

        flags.clear();
        self.demand_flags(&history, demand.as_ref(), inputs, figures.safety.as_ref(), flags);
        if service.raised_by_criticality {
            flags.push(Flag::CriticalityRaisedService { from: service.cell_level, to: service.level });
        }
        if inputs.single_sourced {
            flags.push(Flag::SingleSourced);
        }
        let contract = prepared.offer.contract.as_ref().and_then(|id| self.contracts.get(id)).copied();
        let offer = OfferContext { figures, pricing, supplier: prepared.supplier, contract };
        offer_flags(&offer, order.as_deref(), d, self.settings.risk_buffer_days, self.today, flags);

        let days_of_cover = (d > 0.0).then(|| position / d);
        PlanLine {
            sku: sku.id.clone(),
            location: location.clone(),
            criticality: sku.criticality,
            pattern: history.pattern,
            safety_stock: figures.safety_stock,
            reorder_point: figures.reorder_point,
            order_up_to: figures.order_up_to,
            min_max: match (inputs.manual_min_max, service.policy) {
                (Some((min, max)), _) => Some(MinMaxLevels { min, max, manual: true }),
                (None, PolicyKind::MinMax) => {
                    figures.order_up_to.map(|max| MinMaxLevels { min: figures.reorder_point, max, manual: false })
                }
                _ => None,
            },
            urgency_days: days_of_cover.map(|cover| cover - figures.lead_time.mean_days),
            days_of_cover,
            service,
            history,
            demand,
            inventory,
            alternatives,
            chosen,
            decision,
            order,
            // A copy of exactly this line's flags; the scratch vector keeps its capacity for the next line.
            flags: flags.as_slice().to_vec(),
        }
    }

    fn demand_flags(
        &self,
        history: &DemandStats,
        demand: Option<&DemandEstimate>,
        inputs: &PairInputs,
        safety: Option<&SafetyStock>,
        flags: &mut Vec<Flag>,
    ) {
        let from_history = demand.is_some_and(|estimate| estimate.source == DemandSource::History);
        // A safety stock from a count distribution is flagged as such by `offer_flags`.
        let counted = safety.is_some_and(|safety| safety.count.is_some());
        if history.pattern.normal_model_is_weak() && inputs.manual_min_max.is_none() && !counted {
            flags.push(Flag::NormalModelWeak { pattern: history.pattern });
        }
        if from_history && (history.stockout_days > 0 || history.promo_days > 0 || history.weeks_dropped > 0) {
            flags.push(Flag::DaysExcluded {
                stockout_days: history.stockout_days,
                promo_days: history.promo_days,
                weeks_dropped: history.weeks_dropped,
            });
        }
        if from_history && history.new_item {
            if let Some(first_day) = history.first_day {
                flags.push(Flag::NewItem { first_day, weeks_used: history.weeks_used });
            }
        }
        if demand.is_some() && inputs.mean_per_day <= 0.0 {
            flags.push(Flag::NoDemand);
        }
    }
}

/// Whether to order and how much the policy asks for: (decision, requested
/// quantity before the ordering rules, number of Q for continuous review).
fn decide(inputs: &PairInputs, figures: &OfferFigures, position: f64) -> (Decision, f64, u32) {
    if let Some((min, max)) = inputs.manual_min_max {
        return if position <= min { (Decision::BelowMin, max - position, 0) } else { (Decision::AboveMin, 0.0, 0) };
    }
    if inputs.mean_per_day <= 0.0 {
        return if position < 0.0 { (Decision::BackordersOnly, -position, 0) } else { (Decision::NoDemand, 0.0, 0) };
    }
    match inputs.service.policy {
        PolicyKind::ContinuousReview => {
            match continuous_review_order(position, figures.reorder_point, figures.quantity.quantity) {
                Some((requested, cycles)) => (Decision::BelowReorderPoint, requested, cycles),
                None => (Decision::AboveReorderPoint, 0.0, 0),
            }
        }
        PolicyKind::MinMax => {
            let max = figures.order_up_to.unwrap_or(figures.reorder_point + figures.quantity.quantity);
            if position <= figures.reorder_point {
                (Decision::BelowMin, max - position, 0)
            } else {
                (Decision::AboveMin, 0.0, 0)
            }
        }
        PolicyKind::PeriodicReview => {
            let level = figures.order_up_to.unwrap_or(figures.reorder_point);
            match order_up_to_order(position, level) {
                Some(requested) => (Decision::BelowOrderUpTo, requested, 0),
                None => (Decision::AtOrderUpTo, 0.0, 0),
            }
        }
    }
}

/// Continuous review (s, Q) at one review: with the inventory position at or
/// below the reorder point s, order as many Q as lift it above s — n =
/// ⌊(s − position) ÷ Q⌋ + 1 — and return (n·Q, n); above s, `None`. The
/// quantity is what the policy asks for, before the ordering rules
/// (`OrderingTerms::feasible`). Q must be above 0 (the planner's Q is an
/// orderable quantity; `simulate` refuses anything else). The planner and
/// `simulate` both decide through this function.
pub fn continuous_review_order(position: f64, reorder_point: f64, quantity: f64) -> Option<(f64, u32)> {
    if position > reorder_point {
        return None;
    }
    // In f64: a tiny step against a large reorder point can need more than
    // u32::MAX cycles (the count shown then stops there).
    let cycles = ((reorder_point - position) / quantity).floor() + 1.0;
    Some((cycles * quantity, cycles.min(f64::from(u32::MAX)) as u32))
}

/// Periodic review (R, S) on a review day: with the inventory position below
/// the order-up-to level S, order S − position; at or above it, `None`. The
/// planner and `simulate` both decide through this function.
pub fn order_up_to_order(position: f64, order_up_to: f64) -> Option<f64> {
    (position < order_up_to).then_some(order_up_to - position)
}

/// The order for `requested` units: made orderable, capped for shelf life, priced.
fn suggest_order(
    pricing: &Pricing,
    inputs: &PairInputs,
    supplier: &SupplierId,
    requested: f64,
    cycles: u32,
) -> SuggestedOrder {
    let feasible = pricing.ordering.feasible(requested, inputs.shelf_life_cap);
    price_order(pricing, supplier, &feasible, cycles, inputs.mean_per_day)
}

/// A suggested order of `feasible.quantity`, priced at the break it lands in.
pub(crate) fn price_order(
    pricing: &Pricing,
    supplier: &SupplierId,
    feasible: &Feasible,
    cycles: u32,
    mean_per_day: f64,
) -> SuggestedOrder {
    let quantity = feasible.quantity;
    let priced = pricing.price(quantity);
    let values = order_values(pricing, &priced, quantity);
    SuggestedOrder {
        supplier: supplier.clone(),
        requested: feasible.requested,
        cycles,
        rounded: feasible.rounded,
        quantity,
        shelf_life_cap: feasible.cap,
        forced_waste: feasible.forced_waste,
        forced_waste_value: round_cents(times(
            supplier_choice::quantity_decimal(feasible.forced_waste),
            priced.landed.total,
        )),
        price_break_min_qty: priced.price_break_min_qty,
        currency: pricing.currency.clone(),
        unit_price: priced.unit_price,
        supplier_goods_value: values.supplier_goods_value,
        landed_unit_cost: values.landed_unit_cost,
        goods_value: values.goods_value,
        landed_value: values.landed_value,
        freight_waived: priced.freight_waived,
        cover_days: (mean_per_day > 0.0).then(|| quantity / mean_per_day),
    }
}

/// A suggested order's goods value, landed value and landed unit cost, base
/// currency, and its goods value in the supplier's currency.
struct OrderValues {
    supplier_goods_value: Decimal,
    goods_value: Decimal,
    landed_value: Decimal,
    landed_unit_cost: Decimal,
}

/// The order priced as a one-line purchase order (`purchasing::line_amounts`,
/// carrying the whole per-order freight, rounded to the cent, unless waived),
/// converted at the plan's rate with `purchasing::to_base_cents`; the unit
/// cost is the landed value ÷ the quantity, four decimals. So a one-line PO
/// drafted from the line costs what the plan says, to the cent. (Offers are
/// compared on the unrounded per-unit cost of `landed`; the two differ by
/// rounding only.) A quantity of zero has no value.
fn order_values(pricing: &Pricing, priced: &supplier_choice::PricedQuantity, quantity: f64) -> OrderValues {
    let share = if priced.freight_waived { Decimal::ZERO } else { round_cents(pricing.per_order_freight) };
    let amounts = crate::purchasing::line_amounts(&crate::purchasing::LineAmountsInputs {
        unit_price: priced.unit_price,
        quantity,
        terms: &pricing.terms,
        order_charge_share: share,
    });
    match amounts {
        Ok(amounts) => {
            let landed_value = crate::purchasing::to_base_cents(amounts.total, pricing.rate_to_base);
            OrderValues {
                supplier_goods_value: amounts.goods,
                goods_value: crate::purchasing::to_base_cents(amounts.goods, pricing.rate_to_base),
                landed_value,
                landed_unit_cost: landed::round_unit(landed::divided(
                    landed_value,
                    supplier_choice::quantity_decimal(quantity),
                )),
            }
        }
        Err(_) => OrderValues {
            supplier_goods_value: Decimal::ZERO,
            goods_value: Decimal::ZERO,
            landed_value: Decimal::ZERO,
            landed_unit_cost: priced.landed_rounded.total,
        },
    }
}

/// The chosen offer, as `offer_flags` needs it.
pub(crate) struct OfferContext<'o> {
    pub figures: &'o OfferFigures,
    pub pricing: &'o Pricing<'o>,
    pub supplier: Option<&'o Supplier>,
    pub contract: Option<&'o Contract>,
}

/// Flags that depend on the chosen offer (see `Flag::is_about_offer`).
pub(crate) fn offer_flags(
    offer: &OfferContext,
    order: Option<&SuggestedOrder>,
    mean_per_day: f64,
    risk_buffer_days: f64,
    today: NaiveDate,
    flags: &mut Vec<Flag>,
) {
    let (figures, pricing) = (offer.figures, offer.pricing);
    lead_time_flags(&figures.lead_time, flags);
    if offer.supplier.is_some_and(|s| s.risk == SupplyRisk::High) {
        flags.push(Flag::HighRiskSupplier);
    }
    if let Some(safety) = &figures.safety {
        if safety.risk_buffer > 0.0 {
            flags.push(Flag::RiskBuffer { days: risk_buffer_days, units: safety.risk_buffer });
        }
        if safety.floored {
            flags.push(Flag::SafetyStockFloored { raw: safety.raw });
        }
        if let Some(count) = &safety.count {
            flags.push(Flag::CountModel { distribution: count.distribution });
        }
    }
    let steps = &figures.quantity;
    let (cap, rounded, quantity, forced_waste, waste_value, freight_waived) = match order {
        Some(o) => (o.shelf_life_cap, o.rounded, o.quantity, o.forced_waste, o.forced_waste_value, o.freight_waived),
        None => {
            let value = round_cents(times(supplier_choice::quantity_decimal(steps.forced_waste), figures.landed.total));
            (steps.shelf_life_cap, steps.rounded, steps.quantity, steps.forced_waste, value, figures.freight_waived)
        }
    };
    if let Some(contract) = offer.contract {
        let cover_days = if mean_per_day > 0.0 { quantity / mean_per_day } else { 0.0 };
        contract_flags(contract, today, figures.lead_time.mean_days + cover_days, flags);
    }
    if let Some(cap) = cap.filter(|_| quantity < rounded) {
        flags.push(Flag::ShelfLifeCap { cap, requested: rounded });
    }
    if forced_waste > 0.0 {
        flags.push(Flag::ForcedWaste { units: forced_waste, value: waste_value });
    }
    if !steps.step_is_common_multiple {
        flags.push(Flag::PackAndPurchaseUnitDisagree {
            pack_size: steps.pack_size,
            units_per_purchase_unit: steps.units_per_purchase_unit,
            step: steps.step,
        });
    }
    if pricing.per_order_freight > Decimal::ZERO && !freight_waived {
        flags.push(Flag::PerOrderFreightCarriedAlone {
            freight: round_cents(times(pricing.per_order_freight, pricing.rate_to_base)),
        });
    }
    if figures.cost.basis == line::CostBasis::SingleOrder {
        flags.push(Flag::ComparedOnSingleOrder);
    }
}

fn lead_time_flags(lead_time: &LeadTime, flags: &mut Vec<Flag>) {
    let observations = lead_time.observations.as_ref().map_or(0, |o| o.n);
    match lead_time.source {
        LeadTimeSource::Measured => flags.push(Flag::LeadTimeMeasured {
            quoted_days: lead_time.quoted_days,
            measured_days: lead_time.mean_days,
            observations,
        }),
        LeadTimeSource::Quoted => {
            flags.push(Flag::LeadTimeQuoted { observations, minimum: MIN_LEAD_TIME_OBSERVATIONS as u32 })
        }
    }
    if lead_time.sd_source == LeadTimeSdSource::Unknown {
        flags.push(Flag::LeadTimeSdUnknown);
    }
}

/// Contract dates that fall between today and the end of the lead time plus
/// the order's cover.
fn contract_flags(contract: &Contract, today: NaiveDate, horizon_days: f64, flags: &mut Vec<Flag>) {
    let horizon = if horizon_days.is_finite() { horizon_days.max(0.0).ceil() as u64 } else { 0 };
    let until = today.checked_add_days(Days::new(horizon)).unwrap_or(NaiveDate::MAX);
    let within = |date: NaiveDate| today <= date && date <= until;
    let id = || contract.id.clone();
    if contract.end < today {
        flags.push(Flag::ContractExpired { contract: id(), end: contract.end });
    } else if within(contract.end) {
        flags.push(Flag::ContractEnds { contract: id(), end: contract.end });
    }
    if let Some(date) = contract.price_review.filter(|date| within(*date)) {
        flags.push(Flag::PriceReview { contract: id(), date });
    }
    if let Some(date) = contract.notice_deadline().filter(|date| within(*date)) {
        flags.push(Flag::NoticeDeadline { contract: id(), date });
    }
}
