//! The files module: everything that reads or writes the buyer's files, and
//! the reader of a stored workspace's core chunk.
//!
//! A first visit does not need any of it (the sample is generated, planned
//! and saved without reading a file), and it is a sixth of the program: the
//! CSV importer with its checks, the JSON reader of every schema version with
//! its migrations, the exporters and the ZIP writer. So in the browser it is
//! a WebAssembly program of its own (`src/main.rs`), which the engine worker
//! fetches the first time a job needs it (`stockpilot-app`'s `worker::files`)
//! and calls with bincode bytes: [`Job`] in, [`Outcome`] out. Natively the
//! worker calls [`run`] directly, so the same code answers in both.
//!
//! Each job carries what it reads: the worker sends its workspace (without
//! the demand history when the job does not read it) and gets back only what
//! changed.

use chrono::NaiveDate;
use engine::io::{ImportFile, ImportSummary, Table};
use engine::persist::LoadError;
use engine::plan::Plan;
use engine::{DemandHistory, Problem, Workspace};
use serde::{Deserialize, Serialize};

/// Work for the files module.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Job {
    /// Validate CSV files and merge them into `workspace`, all or nothing.
    ImportCsv { workspace: Workspace, files: Vec<ImportFile> },
    /// Read a JSON backup of any supported schema version.
    RestoreJson { bytes: Vec<u8> },
    /// Render tables as CSV files (`workspace` holds the demand history only
    /// when `tables` name it).
    ExportTables { workspace: Workspace, tables: Vec<Table> },
    /// Render every table as CSV, in one ZIP archive dated `today`.
    ExportZip { workspace: Workspace, today: NaiveDate },
    /// Render the whole workspace as a JSON backup.
    ExportJson { workspace: Workspace },
    /// The plan's suggested orders as CSV (the lines to write, overrides applied).
    ExportPlan { plan: Plan },
    /// Read a stored workspace's core chunk (its bytes already checked
    /// against `key`): `engine::persist::decode_core`.
    DecodeCore { key: String, bytes: Vec<u8> },
}

/// A downloadable file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFile {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// What a [`Job`] came to.
// One value per job, serialised at once: boxing the large variants would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Outcome {
    /// The files were merged: the new workspace without its demand history,
    /// and the demand history only when the files changed it.
    Imported {
        core: Workspace,
        demand: Option<DemandHistory>,
        summary: ImportSummary,
    },
    /// A backup was read: the whole workspace.
    Restored(Workspace),
    /// The input was refused; nothing changed.
    Refused {
        problems: Vec<Problem>,
        total: usize,
    },
    Files(Vec<ExportFile>),
    /// The core chunk read back, or why it cannot be.
    Core(Result<Workspace, LoadError>),
}

/// Do one job. `report` hears progress (stage, done, total).
pub fn run(job: Job, report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
    match job {
        Job::ImportCsv { workspace, files } => import_csv(&workspace, &files, report),
        Job::RestoreJson { bytes } => {
            report("Reading the backup", 0, 1);
            match engine::io::from_json_bytes(&bytes) {
                Ok(restored) => Outcome::Restored(restored),
                Err(problems) => Outcome::Refused { total: problems.len(), problems },
            }
        }
        Job::ExportTables { workspace, tables } => {
            let total = tables.len() as u64;
            let files = tables
                .into_iter()
                .enumerate()
                .map(|(idx, table)| {
                    report("Writing CSV", idx as u64, total);
                    ExportFile {
                        name: table.file_name().to_owned(),
                        mime: "text/csv;charset=utf-8".into(),
                        bytes: engine::io::export_table(&workspace, table).into_bytes(),
                    }
                })
                .collect();
            Outcome::Files(files)
        }
        Job::ExportZip { workspace, today } => {
            report("Writing CSV", 0, 1);
            let files: Vec<(String, Vec<u8>)> = engine::io::export_csv(&workspace)
                .into_iter()
                .map(|(table, text)| (table.file_name().to_owned(), text.into_bytes()))
                .collect();
            match engine::io::zip::store(&files, today) {
                Ok(bytes) => Outcome::Files(vec![ExportFile {
                    name: format!("stockpilot-csv-{today}.zip"),
                    mime: "application/zip".into(),
                    bytes,
                }]),
                Err(error) => {
                    Outcome::Refused { problems: vec![Problem::in_file("export", error.to_string())], total: 1 }
                }
            }
        }
        Job::ExportJson { workspace } => Outcome::Files(vec![ExportFile {
            name: "stockpilot-workspace.json".into(),
            mime: "application/json".into(),
            bytes: engine::io::to_json(&workspace).into_bytes(),
        }]),
        Job::ExportPlan { plan } => Outcome::Files(vec![ExportFile {
            name: format!("stockpilot-suggestions-{}.csv", plan.today),
            mime: "text/csv;charset=utf-8".into(),
            bytes: engine::plan::plan_to_csv(&plan).into_bytes(),
        }]),
        Job::DecodeCore { key, bytes } => Outcome::Core(engine::persist::decode_core(&key, bytes)),
    }
}

/// Merge CSV files into the workspace, all or nothing.
fn import_csv(workspace: &Workspace, files: &[ImportFile], report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
    let result = engine::io::import_csv(workspace, files, &mut |p| {
        report(&format!("Reading {}", p.file), p.bytes_done as u64, p.bytes_total as u64)
    });
    match result {
        Ok((mut imported, summary)) => {
            let demand = (imported.demand != workspace.demand).then(|| std::mem::take(&mut imported.demand));
            imported.demand = DemandHistory::default();
            Outcome::Imported { core: imported, demand, summary }
        }
        Err(refused) => Outcome::Refused { problems: refused.problems, total: refused.total },
    }
}

/// Whether an export of `tables` reads the demand history (the worker leaves
/// it out of the job otherwise: it is most of the workspace's bytes).
pub fn reads_demand(tables: &[Table]) -> bool {
    tables.contains(&Table::Demand)
}

/// Encode a job for the module, and decode its answer: bincode, the format
/// of every message between the page, the worker and this module.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    bincode::serialize(value).expect("files jobs and outcomes are plain serde values")
}

/// Decode a job or an outcome; `None` when the bytes are not one (a module
/// of another build).
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    bincode::deserialize(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
    }

    fn import(workspace: &Workspace, name: &str, text: String) -> Outcome {
        let files = vec![ImportFile { name: name.into(), bytes: text.into_bytes(), replace: false }];
        run(Job::ImportCsv { workspace: workspace.clone(), files }, &mut |_, _, _| {})
    }

    /// The demand history is most of a workspace's bytes: an import that
    /// does not touch it sends none back, one that does sends all of it.
    #[test]
    fn an_import_sends_the_demand_back_only_when_it_changed_it() {
        let workspace = engine::sample::demo(today());
        let skus = engine::io::export_table(&workspace, Table::Skus);
        match import(&workspace, "skus.csv", skus) {
            Outcome::Imported { core, demand, .. } => {
                assert_eq!(demand, None);
                assert!(core.demand.series.is_empty());
                assert_eq!(core.skus, workspace.skus);
            }
            other => panic!("expected an import, got {other:?}"),
        }
        let mut demand = engine::io::export_table(&workspace, Table::Demand);
        let first_row = demand.lines().nth(1).unwrap().to_owned();
        // The same day again with another quantity: the history changes.
        let mut cells: Vec<String> = first_row.split(',').map(str::to_owned).collect();
        let quantity = cells.iter().position(|c| c.parse::<f64>().is_ok()).unwrap();
        cells[quantity] = "987".into();
        demand = format!("{}\n{}\n", demand.lines().next().unwrap(), cells.join(","));
        match import(&workspace, "demand.csv", demand) {
            Outcome::Imported { demand: Some(history), .. } => assert_ne!(history, workspace.demand),
            other => panic!("expected an import with new demand, got {other:?}"),
        }
    }

    /// A core chunk comes back as the workspace it holds, and bytes that are
    /// not one as the reason, never as a panic.
    #[test]
    fn a_core_chunk_is_read_back_and_garbage_is_refused() {
        let workspace = engine::sample::demo(today());
        let chunk = engine::persist::encode_core(&workspace);
        match run(Job::DecodeCore { key: chunk.key.clone(), bytes: chunk.bytes.clone() }, &mut |_, _, _| {}) {
            Outcome::Core(Ok(core)) => assert_eq!(core, engine::persist::core_of(&workspace)),
            other => panic!("expected the core, got {other:?}"),
        }
        match run(Job::DecodeCore { key: "k".into(), bytes: vec![0xff, 0xfe] }, &mut |_, _, _| {}) {
            Outcome::Core(Err(engine::persist::LoadError::CorruptChunk { key })) => assert_eq!(key, "k"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
