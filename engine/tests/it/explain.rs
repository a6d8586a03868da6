//! Every formula the "why this quantity?" panel prints evaluates, as printed,
//! to the figure it shows.
//!
//! The explanation follows a small grammar (documented in
//! `engine::plan::explain`): a step's substitution and result are clauses
//! separated by "; " or ", "; a clause with " = " is `label = expr (= expr)*`
//! followed by optional unit words; an expression is numbers, spaced
//! `+ − × ÷`, postfix `²`, `√` before a number or a bracket, parentheses and `%`. A number printed
//! without decimals is exact (the explanation prints whole numbers plain only
//! when they are whole); one printed with k decimals stands for any value
//! within half a unit in the k-th place. So each expression is evaluated in
//! interval arithmetic over those ranges, and two sides agree when their
//! intervals overlap: the tolerance is exactly the rounding of the printed
//! numbers, no more.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use engine::plan::{explain, plan, DemandEstimate, LeadTimeModel, Step};
use engine::{MinMaxOverride, PolicyKind, ServiceDefinition, Workspace};

fn today() -> NaiveDate {
    "2025-03-03".parse().unwrap()
}

/// A closed interval of reals: what a printed number may stand for.
#[derive(Clone, Copy, Debug)]
struct Range {
    lo: f64,
    hi: f64,
}

impl Range {
    fn exact(value: f64) -> Self {
        Range { lo: value, hi: value }
    }
    fn mid(self) -> f64 {
        (self.lo + self.hi) / 2.0
    }
    fn width(self) -> f64 {
        self.hi - self.lo
    }
    fn add(self, other: Range) -> Range {
        Range { lo: self.lo + other.lo, hi: self.hi + other.hi }
    }
    fn sub(self, other: Range) -> Range {
        Range { lo: self.lo - other.hi, hi: self.hi - other.lo }
    }
    fn mul(self, other: Range) -> Range {
        let products = [self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi];
        Range {
            lo: products.iter().copied().fold(f64::INFINITY, f64::min),
            hi: products.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
    fn div(self, other: Range) -> Result<Range, String> {
        if other.lo <= 0.0 && other.hi >= 0.0 {
            return Err(format!("division by a range containing 0: {other:?}"));
        }
        Ok(self.mul(Range { lo: 1.0 / other.hi, hi: 1.0 / other.lo }))
    }
    fn square(self) -> Range {
        let (a, b) = (self.lo * self.lo, self.hi * self.hi);
        if self.lo <= 0.0 && self.hi >= 0.0 {
            Range { lo: 0.0, hi: a.max(b) }
        } else {
            Range { lo: a.min(b), hi: a.max(b) }
        }
    }
    fn sqrt(self) -> Result<Range, String> {
        if self.hi < 0.0 {
            return Err(format!("square root of a negative range {self:?}"));
        }
        Ok(Range { lo: self.lo.max(0.0).sqrt(), hi: self.hi.sqrt() })
    }
    fn overlaps(self, other: Range) -> bool {
        // A relative slack of 1e-9 for the f64 arithmetic of the evaluator itself.
        let slack = 1e-9 * self.lo.abs().max(self.hi.abs()).max(other.lo.abs()).max(other.hi.abs()).max(1.0);
        self.lo <= other.hi + slack && other.lo <= self.hi + slack
    }
}

/// A recursive-descent parser over the printed text.
struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    text: &'a str,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser { chars: text.chars().collect(), at: 0, text }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn rest(&self) -> String {
        self.chars[self.at..].iter().collect()
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at {:?} in {:?}", self.rest(), self.text)
    }

    /// A binary operator is written with a space on each side.
    fn binary(&mut self, operators: &[char]) -> Option<char> {
        let (Some(' '), Some(op), Some(' ')) = (
            self.chars.get(self.at).copied(),
            self.chars.get(self.at + 1).copied(),
            self.chars.get(self.at + 2).copied(),
        ) else {
            return None;
        };
        if operators.contains(&op) {
            self.at += 3;
            Some(op)
        } else {
            None
        }
    }

    fn expression(&mut self) -> Result<Range, String> {
        let mut value = self.term()?;
        while let Some(op) = self.binary(&['+', '−']) {
            let right = self.term()?;
            value = if op == '+' { value.add(right) } else { value.sub(right) };
        }
        Ok(value)
    }

    fn term(&mut self) -> Result<Range, String> {
        let mut value = self.power()?;
        while let Some(op) = self.binary(&['×', '÷']) {
            let right = self.power()?;
            value = if op == '×' { value.mul(right) } else { value.div(right)? };
        }
        Ok(value)
    }

    fn power(&mut self) -> Result<Range, String> {
        let mut value = self.atom()?;
        while self.peek() == Some('²') {
            self.at += 1;
            value = value.square();
        }
        Ok(value)
    }

    fn atom(&mut self) -> Result<Range, String> {
        match self.peek() {
            Some('(') => {
                self.at += 1;
                let value = self.expression()?;
                if self.peek() != Some(')') {
                    return Err(self.error("expected )"));
                }
                self.at += 1;
                Ok(value)
            }
            Some('√') => {
                self.at += 1;
                self.atom()?.sqrt()
            }
            _ => self.number(),
        }
    }

    /// Digits with an optional sign attached and optional decimals; " %"
    /// after it divides by 100.
    fn number(&mut self) -> Result<Range, String> {
        let start = self.at;
        let negative = matches!(self.peek(), Some('-' | '−'));
        if negative {
            self.at += 1;
        }
        let digits_start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        if self.at == digits_start {
            self.at = start;
            return Err(self.error("expected a number"));
        }
        let mut decimals = 0;
        if self.peek() == Some('.') && self.chars.get(self.at + 1).is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.at += 1;
                decimals += 1;
            }
        }
        let digits: String = self.chars[digits_start..self.at].iter().collect();
        let magnitude: f64 = digits.parse().map_err(|_| self.error("bad number"))?;
        let value = if negative { -magnitude } else { magnitude };
        let half = if decimals == 0 { 0.0 } else { 0.5 * 10f64.powi(-decimals) };
        let mut range = Range { lo: value - half, hi: value + half };
        if self.chars.get(self.at) == Some(&' ') && self.chars.get(self.at + 1) == Some(&'%') {
            self.at += 2;
            range = range.mul(Range::exact(0.01));
        }
        Ok(range)
    }

    fn is_bare_number(text: &str) -> bool {
        let mut parser = Parser::new(text);
        parser.number().is_ok() && parser.unit_words().is_ok()
    }

    /// After an expression: nothing, or a space and words (a unit: "days", "a year").
    fn unit_words(&mut self) -> Result<(), String> {
        match (self.peek(), self.chars.get(self.at + 1)) {
            (None, _) => Ok(()),
            (Some(' '), Some(c)) if c.is_alphabetic() => Ok(()),
            _ => Err(self.error("expected the end or unit words")),
        }
    }
}

/// A printed expression (with optional trailing unit words) as the range it stands for.
fn evaluate(text: &str) -> Result<Range, String> {
    let mut parser = Parser::new(text);
    let value = parser.expression()?;
    parser.unit_words()?;
    Ok(value)
}

/// The clauses of a substitution or result.
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    text.split("; ").flat_map(|part| part.split(", ")).map(str::trim)
}

/// Check one step; returns how many equalities were checked.
fn check_step(step: &Step) -> Result<usize, String> {
    let mut results: BTreeMap<&str, Range> = BTreeMap::new();
    let mut checked = 0;
    for clause in clauses(&step.result) {
        let parts: Vec<&str> = clause.split(" = ").collect();
        if parts.len() < 2 {
            continue;
        }
        let values = parts[1..].iter().map(|p| evaluate(p)).collect::<Result<Vec<_>, _>>()?;
        for pair in values.windows(2) {
            if !pair[0].overlaps(pair[1]) {
                return Err(format!("result clause {clause:?}: {:?} ≠ {:?}", pair[0], pair[1]));
            }
            checked += 1;
        }
        results.insert(parts[0], *values.last().unwrap());
    }
    for clause in clauses(&step.substitution) {
        let parts: Vec<&str> = clause.split(" = ").collect();
        if parts.len() < 2 {
            continue;
        }
        let label = parts[0];
        let mut values = parts[1..].iter().map(|p| evaluate(p)).collect::<Result<Vec<_>, _>>()?;
        if values.len() == 1 && Parser::is_bare_number(parts[1]) {
            continue; // a given, such as z(95 %) = 1.645
        }
        if values.len() == 1 {
            let Some(&printed) = results.get(label) else {
                return Err(format!("{clause:?}: the result prints no value for {label:?}"));
            };
            values.push(printed);
        }
        for pair in values.windows(2) {
            if !pair[0].overlaps(pair[1]) {
                return Err(format!(
                    "{clause:?} (result {:?}): {:.6} [{:.6}, {:.6}] ≠ {:.6} [{:.6}, {:.6}]",
                    step.result,
                    pair[0].mid(),
                    pair[0].lo,
                    pair[0].hi,
                    pair[1].mid(),
                    pair[1].lo,
                    pair[1].hi
                ));
            }
            // The printed figures must be precise enough for the check to mean something.
            for value in pair {
                let scale = value.mid().abs().max(1.0);
                if value.width() > 0.05 * scale {
                    return Err(format!("{clause:?}: printed too coarsely to recompute ({value:?})"));
                }
            }
            checked += 1;
        }
    }
    Ok(checked)
}

#[test]
fn the_evaluator_reads_the_grammar() {
    let close = |text: &str, expected: f64| {
        let range = evaluate(text).unwrap();
        assert!(range.overlaps(Range::exact(expected)), "{text}: {range:?} vs {expected}");
    };
    close("√((14 + 35) × 0.25² + 0.02² × 3²)", ((14.0 + 35.0) * 0.0625f64 + 0.0004 * 9.0).sqrt());
    close("(1 − 95 %) × 0.250 × 14 ÷ 1.73", 0.05 * 3.5 / 1.73);
    close("12 ÷ √(7) days", 12.0 / 7f64.sqrt());
    close("-0.524 × 10 + 3", -2.24);
    // The defect's reading: without brackets the sum is not multiplied.
    let wrong = evaluate("√(14 + 35 × 0.25² + 0.02² × 3²)").unwrap();
    assert!(wrong.lo > 4.0 && wrong.hi < 4.05, "{wrong:?}");
    assert!(evaluate("3 ×").is_err() && evaluate("3 (words)").is_err() && evaluate("a day").is_err());
    // 1.23 stands for [1.225, 1.235]; the integer 2 is exact.
    let range = evaluate("1.23 × 2").unwrap();
    assert!((range.lo - 2.45).abs() < 1e-12 && (range.hi - 2.47).abs() < 1e-12);
    let step = |substitution: &str, result: &str| Step {
        title: "t".into(),
        formula: String::new(),
        substitution: substitution.into(),
        result: result.into(),
    };
    assert_eq!(check_step(&step("S = 2 × (3 + 4) + 1", "S = 15")), Ok(1));
    assert!(check_step(&step("S = 2 × 3 + 4 + 1", "S = 15")).is_err());
    assert!(check_step(&step("S = 2 × 3", "T = 6")).is_err(), "a value must be printed for the label");
    assert_eq!(check_step(&step("z(95 %) = 1.645; raw SS = 1.645 × 2 = 3.29", "SS = 3.29")), Ok(1));
}

/// The step titles whose arithmetic must be checked, each at least this often.
const MIN_CHECKS: usize = 20;
const NUMERIC_STEPS: &[&str] = &[
    "Demand per day",
    "Order quantity (all-units EOQ)",
    "Order quantity (review period)",
    "Order quantity (min/max)",
    "Safety stock",
    "Safety stock (cycle service)",
    "Safety stock (fill rate)",
    "Reorder point",
    "Order-up-to level",
    "Min and max",
    "Inventory position",
    "Decision",
    "Suppliers compared",
    "Demand over the lead time",
    "Demand over review period and lead time",
    "Safety stock (count model, cycle service)",
    "Safety stock (count model, fill rate)",
];

/// The demo workspace under one policy and service definition in every
/// matrix cell (and, for the last variant, the default matrix), with buyer
/// min/max on a few SKUs and a low target, so floors, negative factors and
/// risk buffers all appear.
fn variants(base: &Workspace) -> Vec<(String, Workspace)> {
    let mut out = Vec::new();
    let settings = [
        (PolicyKind::ContinuousReview, ServiceDefinition::CycleService, 7, None),
        (PolicyKind::ContinuousReview, ServiceDefinition::FillRate, 7, None),
        (PolicyKind::PeriodicReview, ServiceDefinition::CycleService, 14, None),
        (PolicyKind::PeriodicReview, ServiceDefinition::FillRate, 30, None),
        (PolicyKind::MinMax, ServiceDefinition::CycleService, 7, Some(0.4)),
        (PolicyKind::MinMax, ServiceDefinition::FillRate, 7, Some(0.6)),
    ];
    for (policy, service, review, level) in settings {
        let mut workspace = base.clone();
        for cell in &mut workspace.settings.policy_matrix.cells {
            cell.policy = policy;
            cell.service = service;
            cell.review_period_days = review;
            if let Some(level) = level {
                cell.service_level = level;
            }
        }
        workspace.settings.allow_negative_safety_stock = level == Some(0.4);
        out.push((format!("{policy:?} {service:?}"), workspace));
    }
    let mut manual = base.clone();
    let extra: Vec<MinMaxOverride> = manual
        .skus
        .iter()
        .step_by(7)
        .enumerate()
        .map(|(idx, sku)| MinMaxOverride {
            sku: sku.id.clone(),
            location: None,
            min: (idx % 5) as f64 * 3.0,
            max: 40.0 + idx as f64,
        })
        .collect();
    // The first row of each key stays, as a sort and `dedup_by` kept it.
    manual.min_max_overrides.extend(extra);
    let mut seen = std::collections::HashSet::new();
    manual.min_max_overrides.retain(|m| seen.insert((m.sku.clone(), m.location.clone())));
    // Early-payment discounts valued too, so their clause is recomputed.
    manual.settings.purchasing.take_early_payment_discounts = true;
    out.push(("default matrix with buyer min/max".to_owned(), manual));
    out
}

/// A forecast ramp with a growing error, different per SKU, planned under
/// `model`: the week-by-week steps (the lead-time window, σ from the
/// backtest error) and, with `LeadTimeModel::Count`, the count model's. The
/// error ranges from below the mean (Poisson) to far above it (negative binomial).
fn ramp(sku: &engine::SkuId, _: &engine::LocationId, model: LeadTimeModel) -> Option<DemandEstimate> {
    let seed = sku.as_str().bytes().map(u64::from).sum::<u64>() % 17;
    let weekly: Vec<f64> = (0..26).map(|k| 3.0 + seed as f64 * 1.7 + 0.37 * k as f64).collect();
    let errors: Vec<f64> = (0..26).map(|k| (0.4 + seed as f64 * 0.3) * ((k + 1) as f64).sqrt()).collect();
    let phased = engine::plan::PhasedDemand::new(weekly, errors).unwrap().with_lead_time_model(model);
    Some(DemandEstimate {
        source: engine::plan::DemandSource::Forecast,
        mean_per_day: phased.mean_per_day(),
        sd_per_day: phased.cumulative_error_sd[0] / 7f64.sqrt(),
        method: Some("ramp".into()),
        phased: Some(Box::new(phased)),
    })
}

/// The defect: periodic review printed `σ = √(14 + 35 × 0.25² + …)` and a
/// fill-rate Q that was not the one used. Every printed step of every line,
/// under every policy and service definition, recomputes to its figure.
#[test]
fn every_printed_formula_recomputes_to_its_figure() {
    let base = engine::sample::demo(today());
    let mut checked: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut n_lines = 0;
    let mut discount_clauses = 0;
    for (name, workspace) in variants(&base) {
        let plan = plan(&workspace, today(), &mut |_, _| {});
        for line in &plan.lines {
            n_lines += 1;
            for step in explain(line) {
                discount_clauses += step.substitution.matches("early-payment discount (on goods").count();
                match check_step(&step) {
                    Ok(n) => *checked.entry(step.title.clone()).or_default() += n,
                    Err(error) => {
                        if failures.len() < 10 {
                            failures
                                .push(format!("{name}, {} at {}, {}: {error}", line.sku, line.location, step.title));
                        }
                    }
                }
            }
        }
    }
    // The same variants planned from a week-by-week forecast (a ramp with a
    // growing error, different per SKU), so the forecast's steps — the
    // lead-time window, σ from the backtest error — are checked too.
    let mut phased_lines = 0;
    let models = [LeadTimeModel::Normal, LeadTimeModel::Count];
    for ((name, workspace), model) in
        variants(&base).into_iter().flat_map(|variant| models.map(|model| (variant.clone(), model)))
    {
        let name = format!("{name} ({model:?} model)");
        let demand = |sku: &engine::SkuId, location: &engine::LocationId| ramp(sku, location, model);
        let plan = engine::plan::plan_with_demand(&workspace, today(), &demand, &mut |_, _| {});
        for line in &plan.lines {
            phased_lines += 1;
            for step in explain(line) {
                match check_step(&step) {
                    Ok(n) => *checked.entry(step.title.clone()).or_default() += n,
                    Err(error) => {
                        if failures.len() < 10 {
                            failures.push(format!(
                                "{name} from a forecast, {} at {}, {}: {error}",
                                line.sku, line.location, step.title
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n_lines >= 2_000, "only {n_lines} lines");
    assert!(discount_clauses >= MIN_CHECKS, "only {discount_clauses} early-payment discounts printed");
    assert!(phased_lines >= 4_000, "only {phased_lines} lines from a forecast");
    for title in NUMERIC_STEPS {
        let n = checked.get(*title).copied().unwrap_or(0);
        assert!(n >= MIN_CHECKS, "step {title:?} checked {n} times (at least {MIN_CHECKS} needed): {checked:?}");
    }
}

/// A probability mass or distribution function of the count.
type Function = Box<dyn Fn(u64) -> f64>;

/// The value printed after `prefix` and " = " in one of the clauses, as text.
fn printed<'a>(clauses: &[&'a str], prefix: &str) -> Option<&'a str> {
    clauses.iter().find_map(|clause| clause.strip_prefix(prefix)?.rsplit(" = ").next())
}

/// The count model's level, as printed, recomputes from its printed
/// parameters with an independent implementation: statrs 0.19's
/// `NegativeBinomial::new(r, p)` (failures before the r-th success, as
/// `scipy.stats.nbinom(n = r, p)`) and `Poisson::new(λ)`, their `cdf` (the
/// regularised incomplete beta and gamma functions, not a sum of the mass
/// function) for a cycle service level, and E[(D − s)⁺] as the tail sum of
/// their `pmf` (to μ + 60σ + 100, the rest below 1e−15) for a fill rate. The
/// printed s must be the smallest level meeting the printed target, and the
/// printed figures at s − 1 and s must be what those functions give.
#[test]
fn the_count_model_level_recomputes_from_its_printed_parameters() {
    use statrs::distribution::{Discrete, DiscreteCDF, NegativeBinomial, Poisson};
    // statrs' parametrisation pinned against scipy 1.17.1:
    // `scipy.stats.nbinom(1.6, 1/3).cdf(9)` = 0.953825211071416.
    let pinned = NegativeBinomial::new(1.6, 1.0 / 3.0).unwrap().cdf(9);
    assert!((pinned - 0.953825211071416).abs() < 1e-12, "{pinned}");

    let base = engine::sample::demo(today());
    let counted = |sku: &engine::SkuId, location: &engine::LocationId| ramp(sku, location, LeadTimeModel::Count);
    let (mut cycle, mut fill, mut poisson) = (0, 0, 0);
    for (name, workspace) in variants(&base) {
        let plan = engine::plan::plan_with_demand(&workspace, today(), &counted, &mut |_, _| {});
        for line in &plan.lines {
            let steps = explain(line);
            let Some(step) = steps.iter().find(|step| step.title.starts_with("Safety stock (count model")) else {
                continue;
            };
            let context = format!("{name}, {} at {}: {:?}", line.sku, line.location, step.substitution);
            let clauses: Vec<&str> = step.substitution.split("; ").collect();
            let number =
                |text: &str| -> f64 { text.trim().parse().unwrap_or_else(|_| panic!("{text:?} in {context}")) };
            let level: u64 = number(printed(&clauses, "the smallest s with ").expect("s is printed")) as u64;
            let (mass, cdf): (Function, Function);
            let (mean, sd);
            if let Some(lambda) = printed(&clauses, "λ") {
                let d = Poisson::new(number(lambda).max(1e-300)).unwrap();
                (mean, sd) = (number(lambda), number(lambda).sqrt());
                mass = Box::new(move |k| d.pmf(k));
                cdf = Box::new(move |k| d.cdf(k));
                poisson += 1;
            } else {
                let r = number(printed(&clauses, "r = ").expect("r is printed"));
                let p = number(printed(&clauses, "p = ").expect("p is printed"));
                let d = NegativeBinomial::new(r, p).unwrap();
                (mean, sd) = (r * (1.0 - p) / p, (r * (1.0 - p)).sqrt() / p);
                mass = Box::new(move |k| d.pmf(k));
                cdf = Box::new(move |k| d.cdf(k));
            }
            // Rounding r, p and 1 − p to six significant digits moves a figure by far less than 1e-4 of it.
            let agrees = |printed: f64, recomputed: f64| (printed - recomputed).abs() < 1e-4 * recomputed.max(1.0);
            if step.title.ends_with("cycle service)") {
                cycle += 1;
                let percent = clauses.iter().find_map(|c| c.strip_prefix("the smallest s with P(D ≤ s) ≥ ")).unwrap();
                let alpha = number(percent.split(" %").next().unwrap()) / 100.0;
                let at = number(printed(&clauses, &format!("P(D ≤ {level})")).unwrap());
                assert!(agrees(at, cdf(level)) && at >= alpha, "P(D ≤ s) {at} vs {} in {context}", cdf(level));
                if level > 0 {
                    let below = number(printed(&clauses, &format!("P(D ≤ {})", level - 1)).unwrap());
                    let recomputed = cdf(level - 1);
                    assert!(
                        agrees(below, recomputed) && below < alpha,
                        "P(D ≤ s − 1) {below} vs {recomputed} in {context}"
                    );
                }
            } else {
                fill += 1;
                let allowed = number(
                    clauses
                        .iter()
                        .find_map(|c| c.strip_prefix("the smallest s with E[(D − s)⁺] ≤ "))
                        .unwrap()
                        .split(" is ")
                        .next()
                        .unwrap(),
                );
                let end = (mean + 60.0 * sd + 100.0) as u64;
                let shortage = |s: u64| (s + 1..end).map(|k| (k - s) as f64 * mass(k)).sum::<f64>();
                let at = number(printed(&clauses, &format!("E[(D − {level})⁺]")).unwrap());
                assert!(agrees(at, shortage(level)), "E at s {at} vs {} in {context}", shortage(level));
                // `allowed` is printed to three significant digits: compare within its rounding.
                let slack = 0.005 * allowed.abs().max(0.01);
                assert!(at <= allowed + slack, "{context}");
                if level > 0 {
                    let below = number(printed(&clauses, &format!("E[(D − {})⁺]", level - 1)).unwrap());
                    assert!(agrees(below, shortage(level - 1)) && below > allowed - slack, "{context}");
                }
            }
        }
    }
    assert!(cycle >= 100 && fill >= 100, "{cycle} cycle-service and {fill} fill-rate lines from the count model");
    assert!(poisson >= 10, "only {poisson} Poisson lines");
}
