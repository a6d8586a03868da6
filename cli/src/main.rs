//! `stockpilot`: the engine over files. A thin shell: it reads files, reads
//! the clock for the default `--today`, calls the engine and prints.
//!
//! Exit codes: 0 success (or valid), 1 invalid data, 2 usage error (bad
//! arguments, missing or unreadable paths).

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use engine::io::{self, ImportFile, Table};
use engine::{Problem, Workspace};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

mod import;
mod po;

#[derive(Parser)]
#[command(name = "stockpilot", version, about = "Procurement inventory planning over CSV and JSON files")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the demo sample workspace: CSV files into a folder, or one JSON
    /// workspace when OUT ends in .json. Scale options make bigger workspaces
    /// for benchmarks and storage tests.
    Sample {
        out: PathBuf,
        /// The date the sample is anchored to (its history ends the day before).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[arg(long)]
        skus: Option<usize>,
        #[arg(long)]
        locations: Option<usize>,
        #[arg(long)]
        suppliers: Option<usize>,
        /// Days of demand history.
        #[arg(long)]
        days: Option<u32>,
        /// Write demand.csv as one row per SKU × location and week (the 104
        /// weeks before --today, zero weeks included): the end-to-end benchmark's
        /// input, `sample DIR --skus 100000 --locations 1 --suppliers 12 --days 728 --weekly`.
        #[arg(long)]
        weekly: bool,
    },
    /// Check a JSON workspace or a folder of CSV files; print every problem.
    Validate { path: PathBuf },
    /// Import a file from another system (a shop or ERP export, any
    /// spreadsheet) through a column mapping, all or nothing; or print the
    /// mapping the engine proposes for it (--propose).
    Import {
        file: PathBuf,
        /// Print the proposed table and fields, and the spec as JSON, and stop.
        #[arg(long, conflicts_with_all = ["preset", "mapping", "into", "out"])]
        propose: bool,
        /// A built-in preset (shopify-products, shopify-orders,
        /// shopify-inventory, woocommerce-products, odoo-products,
        /// odoo-stock-quants) or a preset saved in the workspace, by name.
        #[arg(long, conflicts_with = "mapping", required_unless_present_any = ["propose", "mapping"])]
        preset: Option<String>,
        /// For a built-in preset: the location of a single-location stock
        /// column, and of orders that name none.
        #[arg(long, requires = "preset")]
        location: Option<String>,
        /// For a built-in preset: the lead time of the offers it creates
        /// (default 14, listed as assumed after the import).
        #[arg(long, requires = "preset")]
        lead_time_days: Option<u32>,
        /// For a built-in preset: the file's location names onto the
        /// workspace's location ids, `NAME=ID` pairs separated by commas
        /// (a name may hold commas, an id may not), the flag repeatable:
        /// `--location-map "Amsterdam Warehouse=AMS,Eindhoven=EIN"`. Then no
        /// location is created and a name the map lacks is refused.
        #[arg(long, requires = "preset")]
        location_map: Vec<String>,
        /// A mapping spec in a JSON file (as --propose prints it).
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Save the --mapping spec in the result as a preset of this name,
        /// so the next file imports with --preset NAME.
        #[arg(long, requires = "mapping")]
        save_preset: Option<String>,
        /// The workspace to import into: a JSON file or a folder of CSV files.
        #[arg(long, required_unless_present = "propose")]
        into: Option<PathBuf>,
        /// Where to write the result: a JSON file when it ends in .json, else a CSV folder.
        #[arg(long, required_unless_present = "propose")]
        out: Option<PathBuf>,
    },
    /// Convert a CSV folder to a JSON workspace, or a JSON workspace to a CSV folder.
    Convert { path: PathBuf, out: PathBuf },
    /// Plan replenishment and print every suggestion with its explanation.
    Plan {
        path: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Print how long each phase took (read, parse+check, plan, render, write) to stderr:
        /// wall-clock time, and on Linux the CPU time too.
        #[arg(long)]
        timings: bool,
        /// Plan from history's flat statistics, whatever the settings' demand_source.
        #[arg(long)]
        no_forecast: bool,
    },
    /// Forecast every SKU × location with the model that wins its own
    /// backtest (horizon of the backtest: the planned offer's lead time plus
    /// the review period, in weeks; 4 weeks where the plan has none), or with
    /// --backtest print the portfolio accuracy table.
    Forecast {
        path: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Weeks to forecast.
        #[arg(long, default_value_t = 26)]
        horizon: usize,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Print the portfolio backtest (3 rolling origins of 13 weeks) instead.
        #[arg(long)]
        backtest: bool,
        /// With --backtest: PATH is a CSV of weekly series, `series_id,period,quantity`
        /// (one row per series and week, oldest first, no gaps), such as
        /// docs/data/online-retail-weekly.csv, instead of a workspace.
        #[arg(long, requires = "backtest")]
        series: bool,
    },
    /// Purchase orders: drafted from the plan, or one order as a supplier gets it (cXML or CSV).
    Po {
        #[command(subcommand)]
        command: po::PoCommand,
    },
    /// Print, as JSON, the draft purchase orders the recurring orders due by
    /// --today would generate (nothing is written).
    Recurring {
        path: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// The role the drafts are logged as made by.
        #[arg(long, default_value = engine::purchasing::BUYER_ROLE)]
        role: String,
    },
    /// Print the KPIs (issue 9): service, inventory value, turnover and days
    /// on hand, dead and excess stock, supplier delivery, landed-cost
    /// variance, spend, and reconstructions that went negative — month by
    /// month and in total, for the portfolio, by family, class and location,
    /// and per SKU × location. Where each figure comes from: docs/formats.md,
    /// "KPIs: where the figures come from".
    Kpi {
        path: PathBuf,
        /// The first day reported (default: the 1st of the month eleven
        /// months before --to's, so twelve calendar months).
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// The last day reported (default: --today).
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// The day the stock lots are the end of (default: the clock's date);
        /// past stock is reconstructed backwards from it.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Days on hand counts a 365-day or a 360-day year.
        #[arg(long, default_value_t = 365, value_parser = parse_day_count)]
        day_count: u32,
        /// Dead stock: no demand in this many days.
        #[arg(long, default_value_t = 90)]
        dead_stock_days: u32,
        /// Excess stock: above this many weeks of cover at the history rate.
        #[arg(long, default_value_t = 13)]
        excess_cover_weeks: u32,
        /// Weeks of history behind the rate (lost-demand estimates, cover).
        #[arg(long, default_value_t = 8)]
        rate_weeks: u32,
        /// Give the SKU × location rows month by month too.
        #[arg(long)]
        monthly_drill_down: bool,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// With --format csv: print only this table (service, inventory,
        /// stock_health, suppliers, landed_cost, spend, negative_stock,
        /// forecast_accuracy); without it every table, each after a blank line.
        #[arg(long, requires = "format")]
        table: Option<String>,
    },
    /// Print the ABC/XYZ classes.
    Classify {
        path: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Measure planning and import speed on generated data and print the figures.
    Bench {
        /// SKU counts to plan (104 weeks of history each).
        #[arg(long, value_delimiter = ',', default_values_t = [10_000usize, 100_000])]
        skus: Vec<usize>,
        /// Demand rows to import from CSV.
        #[arg(long, default_value_t = 1_000_000)]
        import_rows: usize,
        /// Plan each workspace this many times and report the fastest run
        /// (timings on a shared machine vary from run to run).
        #[arg(long, default_value_t = 1)]
        runs: usize,
        /// Time by this thread's CPU time (Linux: /proc/thread-self/schedstat)
        /// rather than the wall clock, so waiting for a shared CPU is not counted.
        #[arg(long)]
        cpu_time: bool,
        /// Measure planning only (no forecasting or import benchmark).
        #[arg(long)]
        plan_only: bool,
        /// Measure the KPI report instead: the reference workspace (each SKU
        /// count × 3 locations × 730 days of history), twelve months,
        /// `bench --kpi --skus 10000 --runs 3`.
        #[arg(long, conflicts_with = "po")]
        kpi: bool,
        /// Measure drafting purchase orders instead: every suggestion of a plan
        /// of each SKU count (one location, 50 suppliers, no stock) drafted
        /// into orders, `bench --po --skus 10000 --runs 5`.
        #[arg(long)]
        po: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("{text:?} is not a date: write YYYY-MM-DD"))
}

fn parse_day_count(text: &str) -> Result<u32, String> {
    match text {
        "365" => Ok(365),
        "360" => Ok(360),
        _ => Err(format!("{text:?}: a year counts 365 or 360 days")),
    }
}

fn today(given: Option<NaiveDate>) -> NaiveDate {
    given.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// A failure that is the caller's fault (exit 2) rather than the data's (exit 1).
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Data problems: printed, then exit 1.
#[derive(Debug)]
struct Invalid(Vec<Problem>, usize);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        if self.1 > self.0.len() {
            writeln!(f, "… and {} more problems", self.1 - self.0.len())?;
        }
        write!(f, "{} problem{} found", self.1, if self.1 == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Invalid {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Some(invalid) = error.downcast_ref::<Invalid>() {
                eprintln!("{invalid}");
                ExitCode::from(1)
            } else {
                eprintln!("stockpilot: {error:#}");
                ExitCode::from(2)
            }
        }
    }
}

/// A workspace's files, read but not parsed yet.
enum Source {
    Csv(Vec<ImportFile>),
    Json(Vec<u8>),
}

/// Read the bytes of a JSON file or of every .csv file in a folder.
fn read_source(path: &Path) -> Result<Source> {
    if path.is_dir() {
        let mut files = Vec::new();
        let mut entries: Vec<_> = fs::read_dir(path)
            .map_err(|e| Usage(format!("cannot read folder {}: {e}", path.display())))?
            .collect::<Result<_, _>>()?;
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let file_path = entry.path();
            if file_path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("csv")) {
                let bytes = fs::read(&file_path).with_context(|| format!("reading {}", file_path.display()))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                files.push(ImportFile { name, bytes, replace: false });
            }
        }
        if files.is_empty() {
            return Err(Usage(format!("{} holds no .csv files", path.display())).into());
        }
        Ok(Source::Csv(files))
    } else if path.is_file() {
        // Bytes, not text: a file in the wrong encoding is invalid data (exit 1)
        // with advice from the engine, not an unreadable path.
        let bytes = fs::read(path).map_err(|e| Usage(format!("cannot read {}: {e}", path.display())))?;
        Ok(Source::Json(bytes))
    } else {
        Err(Usage(format!("{} does not exist", path.display())).into())
    }
}

/// Parse and check what `read_source` read.
fn parse_source(source: Source) -> Result<Workspace> {
    match source {
        Source::Csv(files) => io::import_csv(&Workspace::default(), &files, &mut |_| {})
            .map(|(workspace, _)| workspace)
            .map_err(|refused| Invalid(refused.problems, refused.total).into()),
        Source::Json(bytes) => io::from_json_bytes(&bytes).map_err(|problems| {
            let total = problems.len();
            Invalid(problems, total).into()
        }),
    }
}

/// Read a workspace from a JSON file or a folder of CSV files.
fn load(path: &Path) -> Result<Workspace> {
    parse_source(read_source(path)?)
}

/// Wall-clock time of each phase of a command, and where the system says so
/// (Linux) the CPU time this thread spent in it, printed to stderr by
/// `--timings`. On a shared machine wall time includes waiting for a core;
/// CPU time does not.
struct Timings {
    on: bool,
    last: Instant,
    last_cpu: Option<f64>,
    phases: Vec<(&'static str, f64, Option<f64>)>,
}

/// Milliseconds this thread has run on a CPU (user and system), from
/// `/proc/thread-self/schedstat`; `None` where there is no such file.
fn thread_cpu_ms() -> Option<f64> {
    let text = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e6)
}

impl Timings {
    fn new(on: bool) -> Self {
        Timings { on, last: Instant::now(), last_cpu: if on { thread_cpu_ms() } else { None }, phases: Vec::new() }
    }

    /// The phase that just ended.
    fn lap(&mut self, phase: &'static str) {
        let now = Instant::now();
        let cpu = if self.on { thread_cpu_ms() } else { None };
        let cpu_ms = cpu.zip(self.last_cpu).map(|(now, last)| now - last);
        self.phases.push((phase, (now - self.last).as_secs_f64() * 1_000.0, cpu_ms));
        self.last = now;
        self.last_cpu = cpu;
    }

    fn print(&self) {
        if !self.on {
            return;
        }
        let cpu_text = |cpu: Option<f64>| cpu.map_or(String::new(), |ms| format!(" {ms:>9.1} ms CPU"));
        let total: f64 = self.phases.iter().map(|(_, ms, _)| ms).sum();
        let total_cpu: Option<f64> = self.phases.iter().map(|(_, _, cpu)| *cpu).sum();
        for (phase, ms, cpu) in &self.phases {
            eprintln!("{phase:>12} {ms:>9.1} ms wall{}", cpu_text(*cpu));
        }
        eprintln!("{:>12} {total:>9.1} ms wall{}", "total", cpu_text(total_cpu));
    }
}

/// Write a workspace as one JSON file when `out` ends in .json, else as a folder of CSV files.
fn write_workspace(workspace: &Workspace, out: &Path) -> Result<()> {
    if out.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json")) {
        fs::write(out, io::to_json(workspace)).map_err(|e| Usage(format!("cannot write {}: {e}", out.display())))?;
        Ok(())
    } else {
        write_csv_folder(workspace, out)
    }
}

fn write_csv_folder(workspace: &Workspace, dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Usage(format!("cannot create {}: {e}", dir.display())))?;
    for (table, contents) in io::export_csv(workspace) {
        let path = dir.join(table.file_name());
        fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Sample { out, today: given, skus, locations, suppliers, days, weekly } => {
            let demo = engine::sample::SampleSpec::demo(today(given));
            let spec = engine::sample::SampleSpec {
                n_skus: skus.unwrap_or(demo.n_skus),
                n_locations: locations.unwrap_or(demo.n_locations),
                n_suppliers: suppliers.unwrap_or(demo.n_suppliers),
                history_days: days.unwrap_or(demo.history_days),
                ..demo
            };
            let workspace = engine::sample::generate(&spec);
            let mut demand_rows = workspace.demand.row_count();
            if out.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json")) {
                if weekly {
                    bail!(Usage("--weekly writes a CSV folder, not a JSON workspace".into()));
                }
                fs::write(&out, io::to_json(&workspace))
                    .map_err(|e| Usage(format!("cannot write {}: {e}", out.display())))?;
            } else {
                write_csv_folder(&workspace, &out)?;
                if weekly {
                    let path = out.join(Table::Demand.file_name());
                    let demand = engine::plan::bench::weekly_demand_csv(&workspace, spec.today);
                    demand_rows = demand.lines().count() - 1;
                    fs::write(&path, demand).with_context(|| format!("writing {}", path.display()))?;
                }
            }
            println!(
                "Wrote the sample workspace ({} SKUs, {} suppliers, {} demand rows) to {}",
                workspace.skus.len(),
                workspace.suppliers.len(),
                demand_rows,
                out.display()
            );
        }
        Command::Validate { path } => {
            let workspace = load(&path)?;
            let problems = io::validate(&workspace);
            if !problems.is_empty() {
                let total = problems.len();
                return Err(Invalid(problems, total).into());
            }
            println!(
                "{} is valid: {} SKUs, {} suppliers, {} offers, {} demand rows",
                path.display(),
                workspace.skus.len(),
                workspace.suppliers.len(),
                workspace.offers.len(),
                workspace.demand.row_count()
            );
        }
        Command::Import {
            file,
            propose,
            preset,
            location,
            lead_time_days,
            location_map,
            mapping,
            save_preset,
            into,
            out,
        } => match (into, out) {
            _ if propose => import::propose(&file)?,
            (Some(into), Some(out)) => {
                let from = match (&preset, &mapping) {
                    (_, Some(path)) => import::MappingFrom::File(path),
                    (Some(name), None) => import::MappingFrom::Preset(name),
                    (None, None) => bail!(Usage("name a --preset or a --mapping file".into())),
                };
                let location_map = import::parse_location_map(&location_map)?;
                let options = engine::io::mapping::PresetOptions { location, lead_time_days, location_map };
                import::import(&file, from, &options, &into, &out, save_preset.as_deref())?
            }
            _ => bail!(Usage("--into and --out name the workspace to import into and the result".into())),
        },
        Command::Convert { path, out } => {
            let workspace = load(&path)?;
            if path.is_dir() {
                fs::write(&out, io::to_json(&workspace))
                    .map_err(|e| Usage(format!("cannot write {}: {e}", out.display())))?;
                println!("Wrote {}", out.display());
            } else {
                write_csv_folder(&workspace, &out)?;
                println!("Wrote {} CSV files to {}", Table::ALL.len(), out.display());
            }
        }
        Command::Plan { path, today: given, format, timings, no_forecast } => {
            let mut timings = Timings::new(timings);
            let source = read_source(&path)?;
            timings.lap("read");
            let workspace = parse_source(source)?;
            timings.lap("parse+check");
            let plan = if no_forecast {
                engine::plan::plan(&workspace, today(given), &mut |_, _| {})
            } else {
                engine::forecast::plan_for_settings(&workspace, today(given), &mut |_, _| {})?.0
            };
            timings.lap(if no_forecast { "plan" } else { "forecast+plan" });
            let text = match format {
                Format::Json => engine::plan::plan_to_json(&plan) + "\n",
                Format::Csv => engine::plan::plan_to_csv(&plan, &workspace),
            };
            timings.lap("render");
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).context("writing the plan")?;
            timings.lap("write");
            timings.print();
            // The process ends here: freeing a 100,000-SKU workspace and its
            // plan block by block took a tenth of a second that nobody needs.
            std::mem::forget((workspace, plan, text));
        }
        Command::Po { command } => po::run(command)?,
        Command::Recurring { path, today: given, role } => {
            let workspace = load(&path)?;
            let today = today(given);
            // Only order-up-to lines read the plan: plan only when one is active.
            let needs_plan = workspace.recurring_orders.iter().any(|order| {
                order.active && order.lines.iter().any(|line| line.rule == engine::RecurringRule::OrderUpTo)
            });
            let plan = if needs_plan {
                Some(engine::forecast::plan_for_settings(&workspace, today, &mut |_, _| {})?.0)
            } else {
                None
            };
            let at = today.and_time(chrono::NaiveTime::MIN);
            let generated = engine::purchasing::generate_recurring(&workspace, plan.as_ref(), today, at, &role)?;
            println!("{}", serde_json::to_string_pretty(&generated)?);
        }
        Command::Classify { path, today: given } => {
            let workspace = load(&path)?;
            let classification = engine::plan::classify(&workspace, today(given));
            print!("{}", engine::plan::classification_to_csv(&classification));
        }
        Command::Forecast { path, series: true, .. } => {
            let series = read_weekly_series(&path)?;
            let report =
                engine::forecast::portfolio_backtest(&series, engine::forecast::backtest::PORTFOLIO_TEST_WEEKS)?;
            print!("{}", engine::forecast::portfolio_table(&report));
        }
        Command::Forecast { path, today: given, horizon, format, backtest, series: false } => {
            forecast(&load(&path)?, today(given), horizon, format, backtest)?
        }
        Command::Kpi {
            path,
            from,
            to,
            today: given,
            day_count,
            dead_stock_days,
            excess_cover_weeks,
            rate_weeks,
            monthly_drill_down,
            format,
            table,
        } => {
            let workspace = load(&path)?;
            let as_of = today(given);
            let to = to.unwrap_or(as_of);
            let from = from.unwrap_or_else(|| {
                use chrono::Datelike as _;
                (to - chrono::Months::new(11)).with_day(1).unwrap_or(to)
            });
            let options = engine::kpi::KpiOptions {
                day_count: if day_count == 360 {
                    engine::kpi::DayCount::Days360
                } else {
                    engine::kpi::DayCount::Days365
                },
                dead_stock_days,
                excess_cover_weeks,
                rate_weeks,
                monthly_drill_down,
            };
            let period = engine::kpi::KpiPeriod { from, to, as_of };
            let report = engine::kpi::kpi_report(&workspace, period, &options, None)
                .map_err(|error| Usage(error.to_string()))?;
            let text = match format {
                Format::Json => serde_json::to_string_pretty(&report).context("writing the KPIs as JSON")? + "\n",
                Format::Csv => {
                    let tables = engine::kpi::kpi_report_csv(&report);
                    match table {
                        Some(name) => match tables.into_iter().find(|(table, _)| *table == name) {
                            Some((_, text)) => text,
                            None => {
                                let names: Vec<&str> = engine::kpi::KPI_CSV_TABLES.iter().map(|(n, _)| *n).collect();
                                bail!(Usage(format!("no KPI table {name:?}: one of {}", names.join(", "))))
                            }
                        },
                        None => tables.into_iter().map(|(_, text)| text).collect::<Vec<_>>().join("\n"),
                    }
                }
            };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).context("writing the KPIs")?;
        }
        Command::Bench { skus, runs, cpu_time, kpi: true, .. } => bench_kpi(&skus, runs, cpu_time)?,
        Command::Bench { skus, runs, cpu_time, po: true, .. } => bench_po(&skus, runs, cpu_time)?,
        Command::Bench { skus, import_rows, runs, cpu_time, plan_only, po: false, kpi: false } => {
            bench(&skus, import_rows, runs, cpu_time, plan_only)?
        }
    }
    Ok(())
}

/// `po draft`: plan the workspace at `path` (as `plan` does), draft purchase
/// orders for every line that needs ordering, print them with their
/// evaluation as JSON.
fn po_draft(path: &Path, given: Option<NaiveDate>, no_forecast: bool, role: &str) -> Result<()> {
    let workspace = load(path)?;
    let today = today(given);
    let plan = if no_forecast {
        engine::plan::plan(&workspace, today, &mut |_, _| {})
    } else {
        engine::forecast::plan_for_settings(&workspace, today, &mut |_, _| {})?.0
    };
    let at = chrono::Local::now().naive_local();
    let selection = engine::purchasing::Selection::NeedingOrder;
    let drafts = engine::purchasing::draft_purchase_orders(&workspace, &plan, &selection, today, at, role)?;
    println!("{}", serde_json::to_string_pretty(&drafts).context("writing the drafts as JSON")?);
    Ok(())
}

/// Weekly series from `series_id,period,quantity` rows (see `Forecast --series`):
/// consecutive rows of one id form its series, in file order.
fn read_weekly_series(path: &Path) -> Result<Vec<engine::forecast::WeeklySeries>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out: Vec<(String, engine::forecast::WeeklySeries)> = Vec::new();
    for (index, line) in text.lines().enumerate().skip(1) {
        let row = index + 1;
        let cells: Vec<&str> = line.split(',').collect();
        let [id, period, quantity] = cells[..] else {
            bail!("{}, row {row}: expected 3 columns series_id,period,quantity, found {}", path.display(), cells.len());
        };
        let date =
            parse_date(period).map_err(|reason| anyhow::anyhow!("{}, row {row}, period: {reason}", path.display()))?;
        let value: f64 = quantity
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .with_context(|| format!("{}, row {row}, quantity {quantity:?}: not a number ≥ 0", path.display()))?;
        match out.last_mut() {
            Some((last, series)) if last == id => {
                series.values.push(value);
                series.kinds.push(engine::forecast::WeekKind::Observed);
            }
            _ => out.push((
                id.to_owned(),
                engine::forecast::WeeklySeries {
                    start: date,
                    values: vec![value],
                    kinds: vec![engine::forecast::WeekKind::Observed],
                },
            )),
        }
    }
    Ok(out.into_iter().map(|(_, series)| series).collect())
}

fn forecast(workspace: &Workspace, today: NaiveDate, horizon: usize, format: Format, backtest: bool) -> Result<()> {
    use engine::forecast;
    if backtest {
        let all = forecast::weekly_series_by_location(&workspace.demand, today);
        // Series of one SKU share a pool for season detection (ids in key order: adjacent).
        let mut pools = Vec::with_capacity(all.len());
        for (idx, (sku, _, _)) in all.iter().enumerate() {
            let same = idx > 0 && all[idx - 1].0 == *sku;
            pools.push(if same { pools[idx - 1] } else { idx });
        }
        let series: Vec<_> = all.into_iter().map(|(_, _, s)| s).collect();
        let report = forecast::portfolio_backtest_pooled(&series, &pools, forecast::backtest::PORTFOLIO_TEST_WEEKS)?;
        print!("{}", forecast::portfolio_table(&report));
        return Ok(());
    }
    // The backtest looks as far ahead as an order placed today must cover.
    let forecasts = forecast::planning::forecasts_over(workspace, today, horizon, &mut |_, _| {})?;
    match format {
        Format::Json => println!("{}", forecast::forecasts_to_json(&forecasts)),
        Format::Csv => print!("{}", forecast::forecasts_to_csv(&forecasts)),
    }
    Ok(())
}

/// `bench --kpi`: the KPI report of the reference workspace.
fn bench_kpi(sku_counts: &[usize], runs: usize, cpu_time: bool) -> Result<()> {
    let today = bench_checks(sku_counts, cpu_time)?;
    println!(
        "KPI report, one thread, {} time, twelve months of a workspace with 730 days of history (generating not timed; fastest of {} run{}):",
        if cpu_time { "CPU" } else { "wall" },
        runs.max(1),
        if runs > 1 { "s" } else { "" }
    );
    for &n_skus in sku_counts {
        let mut clock = bench_clock(cpu_time, Instant::now());
        let report = engine::kpi::bench::bench(n_skus, 3, 730, today, runs, &mut clock)?;
        println!(
            "  {:>7} SKUs × {} locations: {} SKU × locations, {} months in {:.1} ms; generating {:.1} s",
            report.n_skus,
            report.n_locations,
            report.pairs,
            report.months,
            report.report_ms,
            report.generate_ms / 1_000.0
        );
    }
    Ok(())
}

/// `bench --po`: drafting purchase orders from every suggestion of a plan.
fn bench_po(sku_counts: &[usize], runs: usize, cpu_time: bool) -> Result<()> {
    let today = bench_checks(sku_counts, cpu_time)?;
    println!(
        "Drafting purchase orders, one thread, {} time (generating and planning not in the headline; fastest of {} run{}):",
        if cpu_time { "CPU" } else { "wall" },
        runs.max(1),
        if runs > 1 { "s" } else { "" }
    );
    for &n_skus in sku_counts {
        let mut clock = bench_clock(cpu_time, Instant::now());
        let report = engine::purchasing::bench::bench(n_skus, today, runs, &mut clock)?;
        println!(
            "  {:>7} SKUs: {} suggestions from {} suppliers → {} draft orders, {} lines in {:.1} ms; planning {:.1} ms, generating {:.1} s",
            report.n_skus,
            report.suggestions,
            report.suppliers,
            report.orders,
            report.order_lines,
            report.draft_ms,
            report.plan_ms,
            report.generate_ms / 1_000.0
        );
    }
    Ok(())
}

/// What every benchmark checks first: SKU counts given, CPU time readable
/// when asked for; the benchmarks' fixed "today".
fn bench_checks(sku_counts: &[usize], cpu_time: bool) -> Result<NaiveDate> {
    if sku_counts.is_empty() {
        bail!(Usage("give at least one SKU count".into()));
    }
    if cpu_time && thread_cpu_ms().is_none() {
        bail!(Usage("--cpu-time needs /proc/thread-self/schedstat (Linux)".into()));
    }
    Ok(NaiveDate::from_ymd_opt(2026, 11, 30).expect("a real date"))
}

/// The clock a benchmark reads, in milliseconds: this thread's CPU time
/// (checked readable by `bench_checks`), or wall time since `started`.
fn bench_clock(cpu_time: bool, started: Instant) -> impl FnMut() -> f64 {
    move || {
        if cpu_time {
            thread_cpu_ms().expect("checked before")
        } else {
            started.elapsed().as_secs_f64() * 1_000.0
        }
    }
}

fn bench(sku_counts: &[usize], import_rows: usize, runs: usize, cpu_time: bool, plan_only: bool) -> Result<()> {
    let today = bench_checks(sku_counts, cpu_time)?;
    println!(
        "Planning, one thread, {} time, 104 weeks of history per SKU (data generation not timed; fastest of {} run{}):",
        if cpu_time { "CPU" } else { "wall" },
        runs.max(1),
        if runs > 1 { "s" } else { "" }
    );
    for &n_skus in sku_counts {
        let mut clock = bench_clock(cpu_time, Instant::now());
        let report = engine::plan::bench_repeated(n_skus, today, runs, &mut clock);
        println!(
            "  {:>7} SKUs × {} location: plan {:>8.1} ms ({:.0} lines/s, {} suggestions, {} unplannable); explaining every line {:.1} ms; generating {:.1} s",
            report.n_skus,
            report.n_locations,
            report.plan_ms,
            report.lines_per_second,
            report.suggestions,
            report.unplannable,
            report.explain_ms,
            report.generate_ms / 1_000.0
        );
    }
    if plan_only {
        return Ok(());
    }
    println!("Forecasting, one thread: a history plan for the backtest horizons, then the automatic choice over every candidate for each series; then planning from the forecasts:");
    for &n_skus in sku_counts {
        let started = Instant::now();
        let report = engine::forecast::bench::bench(n_skus, today, &mut || started.elapsed().as_secs_f64() * 1_000.0)?;
        let models: Vec<String> = report.models.iter().map(|(name, count)| format!("{name} {count}")).collect();
        println!(
            "  {:>7} SKUs, {} series: forecast {:>8.1} ms ({:.1} µs a series), plan from the forecasts {:>8.1} ms; chosen: {}",
            report.n_skus,
            report.series,
            report.forecast_ms,
            report.forecast_ms * 1_000.0 / report.series.max(1) as f64,
            report.plan_ms,
            models.join(", ")
        );
    }
    if import_rows > 0 {
        let started = Instant::now();
        let (report, workspace) = io::bench_import(import_rows, &mut || started.elapsed())
            .map_err(|refused| anyhow::anyhow!("the generated demand file was refused: {refused}"))?;
        println!(
            "CSV import: {} demand rows ({:.1} MB, {} series) from bytes to validated workspace in {:.0} ms",
            report.rows,
            report.bytes as f64 / 1e6,
            report.series,
            report.elapsed.as_secs_f64() * 1_000.0
        );
        let started = Instant::now();
        let json = io::to_json(&workspace);
        let written = started.elapsed();
        let started = Instant::now();
        let restored = io::from_json(&json)
            .map_err(|error| anyhow::anyhow!("the written JSON was refused: {} problems", error.len()))?;
        let read = started.elapsed();
        if restored != workspace {
            bail!("the JSON round trip changed the workspace");
        }
        println!(
            "JSON backup of that workspace: {:.1} MB written in {:.0} ms, read and validated in {:.0} ms",
            json.len() as f64 / 1e6,
            written.as_secs_f64() * 1_000.0,
            read.as_secs_f64() * 1_000.0
        );
    }
    Ok(())
}
