//! Digests of what a plan renders (CSV, JSON, every explanation) for the demo
//! sample (from history and from forecasts, with a buyer's override applied
//! to a few lines) and the benchmark workspace, so a change to the planner's
//! types or speed can be checked to leave every byte the user sees unchanged:
//! `cargo run --release -p stockpilot-engine --example plan_digest [BENCH_SKUS]`
//! before and after; the lines printed must match.

use std::hash::Hasher;

use chrono::NaiveDate;
use engine::model::Workspace;
use engine::plan::{self, Plan};

/// FNV-1a, 64 bits: stable across builds and platforms.
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

fn digest(text: &str) -> String {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    hasher.write(text.as_bytes());
    format!("{:016x} ({} bytes)", hasher.finish(), text.len())
}

fn explanations(plan: &Plan) -> String {
    let mut out = String::new();
    for line in &plan.lines {
        out.push_str(&format!("{:?}\n", plan::explain(line)));
    }
    for item in &plan.unplannable {
        out.push_str(&format!("{:?}\n", plan::explain_unplannable(item)));
    }
    out
}

fn report(name: &str, plan: &Plan, workspace: &Workspace) {
    println!("{name}: {} lines, {} unplannable", plan.lines.len(), plan.unplannable.len());
    println!("{name} csv: {}", digest(&plan::plan_to_csv(plan, workspace)));
    println!("{name} json: {}", digest(&plan::plan_to_json(plan)));
    println!("{name} explain: {}", digest(&explanations(plan)));
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let bench_skus: usize = std::env::args().nth(1).map_or(20_000, |n| n.parse().expect("a SKU count"));

    let demo = engine::sample::demo(today);
    let history = plan::plan(&demo, today, &mut |_, _| {});
    report("demo history", &history, &demo);
    let (forecast, _) =
        engine::forecast::planning::plan_from_forecasts(&demo, today, &mut |_, _| {}).expect("forecasts");
    report("demo forecast", &forecast, &demo);

    // Overrides: every 7th line gets a quantity, every 11th its other supplier.
    let mut overridden = forecast.clone();
    for (at, line) in overridden.lines.iter_mut().enumerate() {
        let other = line.alternatives.iter().find(|a| !a.chosen).map(|a| a.supplier.clone());
        let wanted =
            plan::Override { quantity: (at % 7 == 0).then_some(40.0), supplier: other.filter(|_| at % 11 == 0) };
        if wanted.quantity.is_some() || wanted.supplier.is_some() {
            *line = plan::apply_override(&demo, line, &wanted, today);
        }
    }
    report("demo overridden", &overridden, &demo);

    let bench = plan::bench_workspace(bench_skus, today);
    let planned = plan::plan(&bench, today, &mut |_, _| {});
    report("bench", &planned, &bench);
}
