//! Fuzzing on stable Rust: the CSV importer (every table), the JSON reader and
//! the stored-chunk decoder get mutated copies of the seed corpus in
//! `tests/fuzz-corpus/`, and whatever they accept is planned, classified,
//! explained and exported again. Zero panics, zero timeouts (an input taking
//! more than `TIMEOUT`), zero allocations beyond the bound below.
//!
//! Its own test binary so that the counting global allocator sees only the
//! fuzzed code, and one `#[test]` running every target in turn so the figures
//! belong to one input at a time.
//!
//! - `STOCKPILOT_FUZZ_ITERATIONS`: inputs per target (default `DEFAULT_ITERATIONS`).
//! - `STOCKPILOT_FUZZ_SEED`: the run's seed, decimal or `0x…` (default fixed, so CI is deterministic).
//! - `STOCKPILOT_FUZZ_REPLAY=target:iteration`: run that one input of that seed.
//!
//! Each failing input is written to `target/fuzz-failures/`; copy it into the
//! corpus (`fuzz-corpus/csv/<name>/`, `fuzz-corpus/json/`) to keep it as a
//! regression: every corpus entry is run unmutated first.

#[path = "fuzz/mutate.rs"]
mod mutate;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use engine::io::{self, ImportFile, Table};
use engine::persist::{self, Chunk, ChunkKind, Manifest};
use engine::plan;
use engine::Workspace;

use mutate::{mutate_binary, mutate_csv, mutate_json, Rng};

/// About 30 s for the whole test on the build machine (test profile, engine at opt-level 2).
const DEFAULT_ITERATIONS: u64 = 8_000;
const DEFAULT_SEED: u64 = 0x5EED_F022;

/// One input (import, then plan and export of what was accepted) must finish within this.
const TIMEOUT: Duration = Duration::from_secs(2);
/// The allocation bound for inputs under `mutate::MAX_INPUT` (64 KB): no
/// single allocation above 64 MiB, and no more than 256 MiB live at once
/// beyond what the harness held before the input.
const MAX_SINGLE_ALLOCATION: usize = 64 << 20;
const MAX_PEAK_LIVE: usize = 256 << 20;
/// Far beyond the bound: refused outright (the process then aborts with the
/// replay line printed) so a runaway input cannot exhaust a shared machine.
const HARD_SINGLE_ALLOCATION: usize = 1 << 30;
const HARD_LIVE: usize = 4 << 30;
/// An input still running after this is a hang: the watchdog prints the replay line and exits.
const HANG: Duration = Duration::from_secs(60);

const TARGETS: &[&str] = &["csv", "json", "persist"];

// ---------------------------------------------------------------------------
// The counting allocator.

struct CountingAllocator;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static LARGEST: AtomicUsize = AtomicUsize::new(0);
static ARMED: AtomicBool = AtomicBool::new(false);
/// What is running, for the messages printed where nothing may allocate.
static CURRENT_TARGET: AtomicUsize = AtomicUsize::new(0);
static CURRENT_ITERATION: AtomicU64 = AtomicU64::new(0);
static CURRENT_SEED: AtomicU64 = AtomicU64::new(0);
/// Milliseconds since `epoch()` when the current input started; 0 when idle.
static BUSY_SINCE_MS: AtomicU64 = AtomicU64::new(0);

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn admit(size: usize, old: usize) -> bool {
    if ARMED.load(Relaxed)
        && (size > HARD_SINGLE_ALLOCATION || LIVE.load(Relaxed).saturating_add(size).saturating_sub(old) > HARD_LIVE)
    {
        write_replay_line(b"refused an allocation far beyond the bound", size as u64);
        return false;
    }
    true
}

fn grew(size: usize, old: usize) {
    let live = LIVE.fetch_add(size - old, Relaxed) + (size - old);
    PEAK.fetch_max(live, Relaxed);
    LARGEST.fetch_max(size, Relaxed);
}

// SAFETY: every call is forwarded to `System` with the same arguments; the
// counters only observe sizes.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !admit(layout.size(), 0) {
            return std::ptr::null_mut();
        }
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size(), 0);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !admit(layout.size(), 0) {
            return std::ptr::null_mut();
        }
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size(), 0);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !admit(new_size, layout.size()) {
            return std::ptr::null_mut();
        }
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                grew(new_size, layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        new
    }
}

/// "fuzz: <what> (<number>) in target T, seed S, iteration I", written
/// without allocating (it runs inside the allocator and the watchdog).
fn write_replay_line(what: &[u8], number: u64) {
    fn decimal(mut value: u64, buf: &mut [u8; 20]) -> &[u8] {
        let mut at = buf.len();
        loop {
            at -= 1;
            buf[at] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                return &buf[at..];
            }
        }
    }
    let (mut a, mut b, mut c) = ([0u8; 20], [0u8; 20], [0u8; 20]);
    let target = TARGETS.get(CURRENT_TARGET.load(Relaxed)).copied().unwrap_or("?").as_bytes();
    let seed = decimal(CURRENT_SEED.load(Relaxed), &mut b);
    let iteration = decimal(CURRENT_ITERATION.load(Relaxed), &mut c);
    let parts: [&[u8]; 14] = [
        b"\nfuzz: ",
        what,
        b" (",
        decimal(number, &mut a),
        b") in target ",
        target,
        b", seed ",
        seed,
        b", iteration ",
        iteration,
        b"; replay with STOCKPILOT_FUZZ_SEED=",
        seed,
        b" STOCKPILOT_FUZZ_REPLAY=",
        target,
    ];
    let mut stderr = std::io::stderr().lock();
    for part in parts {
        let _ = stderr.write_all(part);
    }
    let _ = stderr.write_all(b":");
    let _ = stderr.write_all(iteration);
    let _ = stderr.write_all(b"\n");
}

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn now_ms() -> u64 {
    epoch().elapsed().as_millis() as u64 + 1
}

/// A thread that ends the run when one input hangs: a timeout that never
/// returns cannot be measured by the loop that is stuck in it.
fn start_watchdog() {
    std::thread::spawn(|| loop {
        std::thread::sleep(Duration::from_millis(500));
        let since = BUSY_SINCE_MS.load(Relaxed);
        if since != 0 && now_ms().saturating_sub(since) > HANG.as_millis() as u64 {
            write_replay_line(b"an input hung, milliseconds", now_ms() - since);
            std::process::exit(1);
        }
    });
}

// ---------------------------------------------------------------------------
// The corpus.

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus")
}

fn failures_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("fuzz-failures")
}

/// One folder of CSV files: a batch as a buyer would import it.
struct CsvSet {
    files: Vec<(String, Vec<u8>)>,
    /// The planning date of a saved failure (`today.txt`), to replay it exactly.
    today: Option<NaiveDate>,
    /// The set imported into an empty workspace, when it imports.
    workspace: Option<Workspace>,
}

struct Corpus {
    csv: Vec<CsvSet>,
    json: Vec<(String, Vec<u8>)>,
    /// Valid workspaces to store and damage.
    stored: Vec<Workspace>,
}

fn read_dir_sorted(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
}

fn load_corpus() -> Corpus {
    let mut csv = Vec::new();
    for dir in read_dir_sorted(&corpus_dir().join("csv")).into_iter().filter(|p| p.is_dir()) {
        let today = std::fs::read_to_string(dir.join("today.txt"))
            .ok()
            .map(|text| text.trim().parse().expect("today.txt holds one date, YYYY-MM-DD"));
        let files: Vec<(String, Vec<u8>)> = read_dir_sorted(&dir)
            .into_iter()
            .filter(|path| path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("csv")))
            .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()))
            .collect();
        let batch: Vec<ImportFile> = files
            .iter()
            .map(|(name, bytes)| ImportFile { name: name.clone(), bytes: bytes.clone(), replace: false })
            .collect();
        let workspace = io::import_csv(&Workspace::default(), &batch, &mut |_| {}).ok().map(|(ws, _)| ws);
        csv.push(CsvSet { files, today, workspace });
    }
    let json: Vec<(String, Vec<u8>)> = read_dir_sorted(&corpus_dir().join("json"))
        .into_iter()
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()))
        .collect();
    let mut stored: Vec<Workspace> = csv.iter().filter_map(|set| set.workspace.clone()).collect();
    stored.extend(json.iter().filter_map(|(_, bytes)| io::from_json(std::str::from_utf8(bytes).ok()?).ok()));
    assert!(
        csv.iter().any(|set| set.workspace.is_some()) && !json.is_empty(),
        "the seed corpus must hold at least one CSV set that imports and one JSON workspace"
    );
    Corpus { csv, json, stored }
}

// ---------------------------------------------------------------------------
// Inputs.

enum Case {
    /// Import `files` into the workspace of CSV set `base` (or an empty one).
    Csv {
        base: Option<usize>,
        files: Vec<ImportFile>,
        today: NaiveDate,
    },
    Json {
        bytes: Vec<u8>,
        today: NaiveDate,
    },
    Persist {
        manifest: Manifest,
        chunks: Vec<Chunk>,
        today: NaiveDate,
    },
}

fn pick_today(rng: &mut Rng) -> NaiveDate {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    *rng.pick(&[day(2025, 3, 3), day(2025, 6, 2), day(2026, 7, 1), day(2024, 6, 1), day(2025, 2, 10)])
}

fn make_case(corpus: &Corpus, target: &str, seed: u64, iteration: u64) -> Case {
    let mut rng = Rng::for_input(seed, target, iteration);
    let today = pick_today(&mut rng);
    let unmutated = |n: usize| (iteration as usize) < n;
    match target {
        "csv" => {
            if unmutated(corpus.csv.len()) {
                let set = &corpus.csv[iteration as usize];
                return Case::Csv { base: None, files: batch_of(set), today: set.today.unwrap_or(today) };
            }
            let set_idx = rng.below(corpus.csv.len());
            let set = &corpus.csv[set_idx];
            // Every table in turn, so each table's file gets its share.
            let table = Table::ALL[iteration as usize % Table::ALL.len()];
            let file_idx = set
                .files
                .iter()
                .position(|(name, _)| Table::from_file_name(name) == Some(table))
                .unwrap_or_else(|| rng.below(set.files.len()));
            let donor = set.files[rng.below(set.files.len())].1.clone();
            let mut files = batch_of(set);
            mutate_csv(&mut rng, &mut files[file_idx].bytes, &donor);
            if rng.chance(1, 2) || set.workspace.is_none() {
                // The whole batch into an empty workspace, sometimes with a second file damaged.
                if rng.chance(1, 4) {
                    let other = rng.below(files.len());
                    mutate_csv(&mut rng, &mut files[other].bytes, &donor);
                }
                let replace = rng.chance(1, 8);
                files.iter_mut().for_each(|file| file.replace = replace);
                Case::Csv { base: None, files, today }
            } else {
                // One file into the set's workspace: updates, inserts and replacing deletes.
                let mut file = files.swap_remove(file_idx);
                file.replace = rng.chance(1, 2);
                match rng.below(6) {
                    0 => file.name = "upload.csv".into(),
                    1 => file.name = format!("C:\\exports\\{}", file.name.to_uppercase()),
                    _ => {}
                }
                Case::Csv { base: Some(set_idx), files: vec![file], today }
            }
        }
        "json" => {
            if unmutated(corpus.json.len()) {
                return Case::Json { bytes: corpus.json[iteration as usize].1.clone(), today };
            }
            let mut bytes = rng.pick(&corpus.json).1.clone();
            mutate_json(&mut rng, &mut bytes);
            Case::Json { bytes, today }
        }
        "persist" => {
            let workspace = &corpus.stored[rng.below(corpus.stored.len())];
            let mut chunks = persist::encode(workspace);
            if !unmutated(1) {
                let idx = rng.below(chunks.len());
                let chunk = &mut chunks[idx];
                match chunk.kind {
                    ChunkKind::Core => mutate_json(&mut rng, &mut chunk.bytes),
                    ChunkKind::Demand => mutate_binary(&mut rng, &mut chunk.bytes),
                }
                // A damaged chunk under its own (correct) key: what the
                // checksum cannot catch, the decoder must.
                chunk.key = chunk_key(chunk.kind, &chunk.bytes);
            }
            let manifest = Manifest {
                layout_version: persist::LAYOUT_VERSION,
                generation: 1,
                saved_at_ms: 0.0,
                chunks: chunks.iter().map(Chunk::as_ref).collect(),
            };
            Case::Persist { manifest, chunks, today }
        }
        other => panic!("unknown fuzz target {other}"),
    }
}

fn batch_of(set: &CsvSet) -> Vec<ImportFile> {
    set.files
        .iter()
        .map(|(name, bytes)| ImportFile { name: name.clone(), bytes: bytes.clone(), replace: false })
        .collect()
}

/// The key `persist` gives a chunk: its kind, FNV-1a hash and length.
fn chunk_key(kind: ChunkKind, bytes: &[u8]) -> String {
    let prefix = match kind {
        ChunkKind::Core => 'c',
        ChunkKind::Demand => 'd',
    };
    format!("{prefix}-{:016x}-{}", persist::fnv1a(bytes), bytes.len())
}

// ---------------------------------------------------------------------------
// Running one input.

thread_local! {
    /// Which step of an input is running, named in a failure.
    static STAGE: Cell<&'static str> = const { Cell::new("") };
}

fn stage(name: &'static str) {
    STAGE.with(|s| s.set(name));
}

/// Set when replaying one input: say what became of it.
static VERBOSE: AtomicBool = AtomicBool::new(false);

fn tell(outcome: &str) {
    if VERBOSE.load(Relaxed) {
        println!("fuzz: {outcome}");
    }
}

#[derive(Default)]
struct Accepted {
    /// Inputs the reader accepted, which were then planned.
    planned: u64,
}

fn run_case(corpus: &Corpus, case: &Case, accepted: &mut Accepted) {
    let (workspace, today) = match case {
        Case::Csv { base, files, today } => {
            stage("import_csv");
            let base = base.and_then(|idx| corpus.csv[idx].workspace.clone()).unwrap_or_default();
            match io::import_csv(&base, files, &mut |_| {}) {
                Ok((workspace, _)) => (workspace, *today),
                Err(refused) => {
                    let message = refused.message();
                    tell(&message);
                    return;
                }
            }
        }
        Case::Json { bytes, today } => {
            stage("from_json");
            let Ok(text) = std::str::from_utf8(bytes) else {
                return;
            };
            match io::from_json(text) {
                Ok(workspace) => (workspace, *today),
                Err(problems) => {
                    tell(&format!("refused: {}", problems.first().map(ToString::to_string).unwrap_or_default()));
                    return;
                }
            }
        }
        Case::Persist { manifest, chunks, today } => {
            stage("persist::decode");
            let fetch = |key: &str| chunks.iter().find(|c| c.key == key).map(|c| c.bytes.clone());
            match persist::decode(manifest, fetch) {
                Ok(workspace) => (workspace, *today),
                Err(error) => {
                    tell(&error.to_string());
                    return;
                }
            }
        }
    };
    tell(&format!(
        "accepted: {} SKUs, {} demand series; planning for {today}",
        workspace.skus.len(),
        workspace.demand.series.len()
    ));
    accepted.planned += 1;
    exercise(&workspace, today);
}

/// What the app does with an accepted workspace: plan, classify, explain
/// every line, render, export and store it.
fn exercise(workspace: &Workspace, today: NaiveDate) {
    stage("validate");
    let _ = io::validate(workspace);
    stage("plan");
    let plan = plan::plan(workspace, today, &mut |_, _| {});
    stage("classify");
    let classification = plan::classify(workspace, today);
    stage("explain");
    for line in &plan.lines {
        let _ = plan::explain(line);
    }
    for item in &plan.unplannable {
        let _ = plan::explain_unplannable(item);
    }
    stage("render");
    let _ = plan::plan_to_csv(&plan, workspace);
    let _ = plan::plan_to_json(&plan);
    let _ = plan::classification_to_csv(&classification);
    stage("export");
    let _ = io::export_csv(workspace);
    let _ = io::to_json(workspace);
    let _ = persist::encode(workspace);
}

struct Failure {
    target: &'static str,
    iteration: u64,
    stage: &'static str,
    what: String,
    saved: PathBuf,
}

#[derive(Default)]
struct Figures {
    inputs: u64,
    largest_allocation: usize,
    peak_live: usize,
    slowest: Duration,
}

static PANIC_MESSAGE: Mutex<Option<String>> = Mutex::new(None);

/// Held by each test of this binary, so the allocator's figures belong to one.
static ALONE: Mutex<()> = Mutex::new(());

type PanicHook = Box<dyn Fn(&panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Keep each panic's message and place for the failure list instead of
/// printing thousands of them; returns the hook to put back.
fn record_panics() -> PanicHook {
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        *PANIC_MESSAGE.lock().unwrap() = Some(format!("{payload}{location}"));
    }));
    default_hook
}

/// Run one input with the allocator armed; the failure, if any.
fn run_one(figures: &mut Figures, input: impl FnOnce()) -> Option<(&'static str, String)> {
    stage("");
    let baseline = LIVE.load(Relaxed);
    PEAK.store(baseline, Relaxed);
    LARGEST.store(0, Relaxed);
    BUSY_SINCE_MS.store(now_ms(), Relaxed);
    ARMED.store(true, Relaxed);
    let started = Instant::now();
    let outcome = panic::catch_unwind(AssertUnwindSafe(input));
    let elapsed = started.elapsed();
    ARMED.store(false, Relaxed);
    BUSY_SINCE_MS.store(0, Relaxed);
    let largest = LARGEST.load(Relaxed);
    let peak = PEAK.load(Relaxed).saturating_sub(baseline);
    let failing_stage = STAGE.with(Cell::get);

    figures.inputs += 1;
    figures.largest_allocation = figures.largest_allocation.max(largest);
    figures.peak_live = figures.peak_live.max(peak);
    figures.slowest = figures.slowest.max(elapsed);

    if outcome.is_err() {
        let message = PANIC_MESSAGE.lock().unwrap().take().unwrap_or_default();
        return Some((failing_stage, format!("panic: {message}")));
    }
    if elapsed > TIMEOUT {
        return Some((failing_stage, format!("timeout: {elapsed:?} (limit {TIMEOUT:?})")));
    }
    if largest > MAX_SINGLE_ALLOCATION || peak > MAX_PEAK_LIVE {
        return Some((
            failing_stage,
            format!(
                "allocation: largest single {largest} bytes (limit {MAX_SINGLE_ALLOCATION}), peak live {peak} bytes (limit {MAX_PEAK_LIVE})"
            ),
        ));
    }
    None
}

/// Write the input where it can be looked at and copied into the corpus.
fn save(case: &Case, target: &str, seed: u64, iteration: u64) -> PathBuf {
    let dir = failures_dir().join(format!("{target}-{seed}-{iteration}"));
    let _ = std::fs::create_dir_all(&dir);
    let write = |name: &str, bytes: &[u8]| {
        let file_name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let _ = std::fs::write(dir.join(file_name), bytes);
    };
    match case {
        Case::Csv { base, files, today } => {
            let base = base.map_or_else(|| "an empty workspace".to_owned(), |idx| format!("csv set {idx}'s workspace"));
            write("NOTE.txt", format!("imported into {base}, planned for {today}\n").as_bytes());
            write("today.txt", format!("{today}\n").as_bytes());
            files.iter().for_each(|file| write(&file.name, &file.bytes));
        }
        Case::Json { bytes, .. } => write("workspace.json", bytes),
        Case::Persist { manifest, chunks, .. } => {
            write("manifest.json", serde_json::to_string_pretty(manifest).unwrap().as_bytes());
            chunks.iter().for_each(|chunk| write(&chunk.key, &chunk.bytes));
        }
    }
    dir
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => {
            let text = text.trim();
            let parsed = match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("{name}={text} is not a number"))
        }
        Err(_) => default,
    }
}

#[test]
fn fuzz_importers_readers_and_planner() {
    let seed = env_number("STOCKPILOT_FUZZ_SEED", DEFAULT_SEED);
    let iterations = env_number("STOCKPILOT_FUZZ_ITERATIONS", DEFAULT_ITERATIONS);
    let replay: Option<(String, u64)> = std::env::var("STOCKPILOT_FUZZ_REPLAY").ok().map(|text| {
        let (target, iteration) = text.split_once(':').expect("STOCKPILOT_FUZZ_REPLAY is target:iteration");
        (target.to_owned(), iteration.parse().expect("STOCKPILOT_FUZZ_REPLAY's iteration is a number"))
    });
    VERBOSE.store(replay.is_some(), Relaxed);
    let corpus = load_corpus();
    CURRENT_SEED.store(seed, Relaxed);
    start_watchdog();

    let _alone = ALONE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let default_hook = record_panics();

    let started = Instant::now();
    let mut failures = Vec::new();
    let mut figures = Figures::default();
    let mut accepted = Accepted::default();
    for (target_idx, &target) in TARGETS.iter().enumerate() {
        let range = match &replay {
            Some((name, iteration)) if name == target => *iteration..*iteration + 1,
            Some(_) => 0..0,
            None => 0..iterations,
        };
        CURRENT_TARGET.store(target_idx, Relaxed);
        for iteration in range {
            CURRENT_ITERATION.store(iteration, Relaxed);
            let case = make_case(&corpus, target, seed, iteration);
            if let Some((stage, what)) = run_one(&mut figures, || run_case(&corpus, &case, &mut accepted)) {
                let saved = save(&case, target, seed, iteration);
                failures.push(Failure { target, iteration, stage, what, saved });
            }
        }
    }
    panic::set_hook(default_hook);

    println!(
        "fuzz: seed {seed} (0x{seed:x}), {} inputs in {:.1?} ({} accepted and planned); largest single allocation {} bytes, peak live {} bytes, slowest input {:?}",
        figures.inputs,
        started.elapsed(),
        accepted.planned,
        figures.largest_allocation,
        figures.peak_live,
        figures.slowest,
    );
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "{} iteration {} ({}): {}\n    replay: STOCKPILOT_FUZZ_SEED={seed} STOCKPILOT_FUZZ_REPLAY={}:{}\n    input: {}",
                f.target,
                f.iteration,
                f.stage,
                f.what,
                f.target,
                f.iteration,
                f.saved.display()
            )
        })
        .collect();
    assert!(failures.is_empty(), "{} fuzz failures (seed {seed}):\n{}", failures.len(), report.join("\n"));
    assert!(accepted.planned > 0, "no fuzzed input was ever accepted, so the planner was never fuzzed");
}

/// The checks can fail: a panic, a slow input and a large allocation are
/// each reported, and the mutator replays an input exactly.
#[test]
fn the_harness_reports_panics_timeouts_and_allocations() {
    let _alone = ALONE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let default_hook = record_panics();
    let mut figures = Figures::default();
    let panicked = run_one(&mut figures, || {
        stage("plan");
        panic!("attempt to multiply with overflow");
    });
    let large = run_one(&mut figures, || {
        let block = vec![1u8; MAX_SINGLE_ALLOCATION + 1];
        std::hint::black_box(&block);
    });
    let many: Option<(&str, String)> = run_one(&mut figures, || {
        let blocks: Vec<Vec<u8>> = (0..5).map(|_| vec![1u8; MAX_SINGLE_ALLOCATION]).collect();
        std::hint::black_box(&blocks);
    });
    let slow = run_one(&mut figures, || std::thread::sleep(TIMEOUT + Duration::from_millis(100)));
    let fine = run_one(&mut figures, || {
        std::hint::black_box(vec![1u8; 1 << 20]);
    });
    panic::set_hook(default_hook);

    let (stage_name, what) = panicked.expect("a panic is a failure");
    assert_eq!(stage_name, "plan");
    assert!(what.starts_with("panic: attempt to multiply with overflow at "), "{what}");
    assert!(large.expect("one allocation above the bound is a failure").1.starts_with("allocation: "));
    assert!(many.expect("peak live bytes above the bound is a failure").1.contains("peak live"));
    assert!(slow.expect("a slow input is a failure").1.starts_with("timeout: "));
    assert!(fine.is_none(), "{fine:?}");
    assert!(figures.largest_allocation > MAX_SINGLE_ALLOCATION);

    let corpus_file = b"sku_id,name,unit_cost\nA,Box,1.50\nB,Tape,2\n".to_vec();
    let edited = |iteration| {
        let mut bytes = corpus_file.clone();
        mutate_csv(&mut Rng::for_input(DEFAULT_SEED, "csv", iteration), &mut bytes, &corpus_file);
        bytes
    };
    assert_eq!(edited(7), edited(7));
    assert!((0..20).any(|iteration| edited(iteration) != corpus_file));
}
