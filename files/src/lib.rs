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
//!
//! Spreadsheets come and go here too, so the Excel crates never reach the
//! first visit's program: workbooks are read with calamine (`workbook.rs`)
//! and written with rust_xlsxwriter (`xlsx.rs`), and ZIP archives of CSV
//! tables with the `zip` crate both of them use (`archive.rs`).

pub mod archive;
pub mod mapping;
pub mod workbook;
pub mod xlsx;

use chrono::NaiveDate;
use engine::io::mapping::{MappedImport, MappedTableReport, MappingSpec, PresetOptions};
use engine::io::{ImportFile, ImportRefused, ImportSummary, Table};
use engine::persist::LoadError;
use engine::plan::Plan;
use engine::{DemandHistory, Problem, Workspace};
use serde::{Deserialize, Serialize};

pub use mapping::{BuiltinOffer, FileLocation, ForeignFile, MappingPreview, ToMap};

/// Work for the files module.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Job {
    /// Validate CSV files and merge them into `workspace`, all or nothing.
    /// A workbook (`.xlsx`, `.xls`, `.ods`…) or a ZIP archive of CSV files is
    /// recognised by its content or extension and imported as the tables it
    /// holds (see [`expand`]). Files and sheets that are not one of
    /// Stockpilot's tables are left out of the import and come back with a
    /// proposed mapping, for the mapping step.
    ImportCsv { workspace: Workspace, files: Vec<ImportFile> },
    /// The mapping the engine proposes for a file of the mapping step, for
    /// the table the user chose.
    ProposeMapping { file: ForeignFile, target: Table },
    /// The first `max_rows` rows of a file mapped by `spec`, checked cell by
    /// cell against `workspace` (without its demand history).
    PreviewMapping {
        workspace: Workspace,
        file: ForeignFile,
        #[serde(with = "engine::io::mapping::spec_serde")]
        spec: MappingSpec,
        max_rows: usize,
    },
    /// Import a file by `spec` into `workspace`, all or nothing.
    ImportMapped {
        workspace: Workspace,
        file: ForeignFile,
        #[serde(with = "engine::io::mapping::spec_serde")]
        spec: MappingSpec,
    },
    /// Import a file by the built-in preset `preset` (its id) with the
    /// user's answers to its parameters, every table it fills in one
    /// all-or-nothing batch.
    ImportBuiltin { workspace: Workspace, file: ForeignFile, preset: String, options: PresetOptions },
    /// Read a JSON backup of any supported schema version.
    RestoreJson { bytes: Vec<u8> },
    /// Render tables as CSV files (`workspace` holds the demand history only
    /// when `tables` name it).
    ExportTables { workspace: Workspace, tables: Vec<Table>, csv_for: CsvFor },
    /// Render every table as CSV, in one ZIP archive dated `today`.
    ExportZip { workspace: Workspace, today: NaiveDate, csv_for: CsvFor },
    /// Render tables as one `.xlsx` workbook, a sheet per table named after
    /// it (`skus`…), created `today`.
    ExportXlsx { workspace: Workspace, tables: Vec<Table>, today: NaiveDate },
    /// The plan's suggested orders as an `.xlsx` workbook; `workspace`
    /// (without its demand history) names the SKUs and the offers' article
    /// numbers and purchase units.
    ExportPlanXlsx { plan: Plan, workspace: Workspace },
    /// Render the whole workspace as a JSON backup.
    ExportJson { workspace: Workspace },
    /// The plan's suggested orders as CSV (the lines to write, overrides
    /// applied), with the SKU names, article numbers and purchase units of
    /// `workspace` (without its demand history).
    ExportPlan { plan: Plan, workspace: Workspace },
    /// Read a stored workspace's core chunk (its bytes already checked
    /// against `key`): `engine::persist::decode_core`.
    DecodeCore { key: String, bytes: Vec<u8> },
}

/// Which program a CSV export is for. Excel reads a CSV file opened by a
/// double-click in the computer's legacy code page unless it starts with a
/// UTF-8 byte-order mark, so for Excel the export writes one (the importer
/// accepts files with or without it). The default is without: the file is
/// then plain UTF-8, as `docs/formats.md` describes and other programs expect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CsvFor {
    #[default]
    AnyProgram,
    Excel,
}

impl CsvFor {
    /// The bytes of a CSV file's `text` for this program.
    pub fn bytes(self, text: String) -> Vec<u8> {
        match self {
            CsvFor::AnyProgram => text.into_bytes(),
            CsvFor::Excel => {
                let mut bytes = Vec::with_capacity(text.len() + 3);
                bytes.extend_from_slice(b"\xEF\xBB\xBF");
                bytes.extend_from_slice(text.as_bytes());
                bytes
            }
        }
    }
}

/// The MIME type of `.xlsx` files.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
    /// and the demand history only when the files changed it; the files
    /// and sheets left for the mapping step, with their proposals; for a
    /// mapped import, one report per table it filled (rows skipped and
    /// combined, values assumed, fields left to their defaults).
    Imported {
        core: Workspace,
        demand: Option<DemandHistory>,
        summary: ImportSummary,
        to_map: Vec<ToMap>,
        reports: Vec<MappedTableReport>,
    },
    /// Nothing in the batch was one of Stockpilot's tables: every file is
    /// for the mapping step, with its proposal. Nothing changed.
    ToMap(Vec<ToMap>),
    /// A proposed mapping.
    Proposed(engine::io::mapping::Proposal),
    /// A mapping's preview.
    Previewed(MappingPreview),
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
        Job::ProposeMapping { file, target } => match mapping::propose(&file, Some(target)) {
            Ok(proposal) => Outcome::Proposed(proposal),
            Err(problem) => Outcome::Refused { problems: vec![problem], total: 1 },
        },
        Job::PreviewMapping { workspace, file, spec, max_rows } => {
            Outcome::Previewed(mapping::preview(&workspace, &file, &spec, max_rows))
        }
        Job::ImportMapped { workspace, file, spec } => {
            report(&format!("Reading {}", file.label), 0, 1);
            let result = mapping::import(&workspace, &file, &spec, &mut |p| {
                report(&format!("Reading {}", file.label), p.bytes_done as u64, p.bytes_total as u64)
            });
            mapped_outcome(&workspace, result)
        }
        Job::ImportBuiltin { workspace, file, preset, options } => {
            report(&format!("Reading {}", file.label), 0, 1);
            let result = mapping::import_builtin(&workspace, &file, &preset, &options, &mut |p| {
                report(&format!("Reading {}", file.label), p.bytes_done as u64, p.bytes_total as u64)
            });
            mapped_outcome(&workspace, result)
        }
        Job::RestoreJson { bytes } => {
            report("Reading the backup", 0, 1);
            match engine::io::from_json_bytes(&bytes) {
                Ok(restored) => Outcome::Restored(restored),
                Err(problems) => Outcome::Refused { total: problems.len(), problems },
            }
        }
        Job::ExportTables { workspace, tables, csv_for } => {
            let total = tables.len() as u64;
            let files = tables
                .into_iter()
                .enumerate()
                .map(|(idx, table)| {
                    report("Writing CSV", idx as u64, total);
                    ExportFile {
                        name: table.file_name().to_owned(),
                        mime: "text/csv;charset=utf-8".into(),
                        bytes: csv_for.bytes(engine::io::export_table(&workspace, table)),
                    }
                })
                .collect();
            Outcome::Files(files)
        }
        Job::ExportZip { workspace, today, csv_for } => {
            report("Writing CSV", 0, 1);
            let files: Vec<(String, Vec<u8>)> = engine::io::export_csv(&workspace)
                .into_iter()
                .map(|(table, text)| (table.file_name().to_owned(), csv_for.bytes(text)))
                .collect();
            report("Compressing", 0, 1);
            match archive::write_zip(&files, today) {
                Ok(bytes) => Outcome::Files(vec![ExportFile {
                    name: format!("stockpilot-csv-{today}.zip"),
                    mime: "application/zip".into(),
                    bytes,
                }]),
                Err(error) => refused_export(error),
            }
        }
        Job::ExportXlsx { workspace, tables, today } => {
            report("Writing the workbook", 0, 1);
            match tables_workbook(&workspace, &tables, today) {
                Ok(bytes) => Outcome::Files(vec![ExportFile {
                    name: match tables.as_slice() {
                        [table] => format!("{}.xlsx", table.name()),
                        _ => format!("stockpilot-{today}.xlsx"),
                    },
                    mime: XLSX_MIME.into(),
                    bytes,
                }]),
                Err(error) => refused_export(error.to_string()),
            }
        }
        Job::ExportPlanXlsx { plan, workspace } => {
            let csv = engine::plan::plan_to_csv(&plan, &workspace);
            let sheet = xlsx::SheetSource { name: "suggestions", csv: &csv, holds: xlsx::Holds::Plan };
            match xlsx::workbook(&[sheet], plan.today) {
                Ok(bytes) => Outcome::Files(vec![ExportFile {
                    name: format!("stockpilot-suggestions-{}.xlsx", plan.today),
                    mime: XLSX_MIME.into(),
                    bytes,
                }]),
                Err(error) => refused_export(error.to_string()),
            }
        }
        Job::ExportJson { workspace } => Outcome::Files(vec![ExportFile {
            name: "stockpilot-workspace.json".into(),
            mime: "application/json".into(),
            bytes: engine::io::to_json(&workspace).into_bytes(),
        }]),
        Job::ExportPlan { plan, workspace } => Outcome::Files(vec![ExportFile {
            name: format!("stockpilot-suggestions-{}.csv", plan.today),
            mime: "text/csv;charset=utf-8".into(),
            bytes: engine::plan::plan_to_csv(&plan, &workspace).into_bytes(),
        }]),
        Job::DecodeCore { key, bytes } => Outcome::Core(engine::persist::decode_core(&key, bytes)),
    }
}

fn refused_export(reason: String) -> Outcome {
    Outcome::Refused { problems: vec![Problem::in_file("export", reason)], total: 1 }
}

/// `tables` as one workbook, a sheet per table named after it.
pub fn tables_workbook(
    workspace: &Workspace,
    tables: &[Table],
    today: NaiveDate,
) -> Result<Vec<u8>, xlsx::XlsxProblem> {
    let texts: Vec<(Table, String)> =
        tables.iter().map(|&table| (table, engine::io::export_table(workspace, table))).collect();
    let sheets: Vec<xlsx::SheetSource> = texts
        .iter()
        .map(|(table, csv)| xlsx::SheetSource { name: table.name(), csv, holds: xlsx::Holds::Table(*table) })
        .collect();
    xlsx::workbook(&sheets, today)
}

/// Where an expanded file came from, to name it in problems as its owner
/// sees it.
enum Source {
    /// A CSV file, or a CSV file inside an archive: named as it is.
    Csv,
    /// A workbook's sheet: problems name the workbook and the sheet, Excel's
    /// row and the column's letter.
    Sheet { workbook: String, sheet: workbook::Sheet },
}

/// What kind of file an import file is, by its content first (a workbook
/// and a ZIP archive both start with `PK`: a workbook holds
/// `[Content_Types].xml` or an ODF `mimetype`), then by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Workbook,
    Archive,
}

/// Recognise an import file's kind.
pub fn file_kind(name: &str, bytes: &[u8]) -> FileKind {
    let lower = name.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(&OLE) {
        return FileKind::Workbook;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let is_workbook = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).is_ok_and(|archive| {
            archive.file_names().any(|entry| entry == "[Content_Types].xml" || entry == "mimetype")
        });
        return if is_workbook { FileKind::Workbook } else { FileKind::Archive };
    }
    match extension {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => FileKind::Workbook,
        "zip" => FileKind::Archive,
        _ => FileKind::Csv,
    }
}

/// What an import batch stands for: the CSV files of Stockpilot's own
/// tables, with where each came from, and the files and sheets that are not
/// one of its tables, for the mapping step.
struct Expanded {
    own: Vec<(ImportFile, Source)>,
    foreign: Vec<ForeignFile>,
}

/// Sort out an import batch: a CSV file as it is, each CSV file of a ZIP
/// archive, each sheet of a workbook that holds anything. A CSV file is one
/// of the tables when the importer recognises it (`recognise_table`: by its
/// name, else its header); a sheet when it is named after a table, as the
/// Excel export names them. Anything else goes to the mapping step (a sheet
/// as its CSV text). Problems of the whole batch, or the files sorted.
fn expand(files: &[ImportFile]) -> Result<Expanded, Vec<Problem>> {
    let mut out = Vec::new();
    let mut foreign = Vec::new();
    let mut problems = Vec::new();
    let csv = |file: ImportFile, out: &mut Vec<(ImportFile, Source)>, foreign: &mut Vec<ForeignFile>| {
        if engine::io::recognise_table(&file.name, &file.bytes).is_some() {
            out.push((file, Source::Csv));
        } else {
            foreign.push(ForeignFile { label: file.name, bytes: file.bytes, sheet: None });
        }
    };
    for file in files {
        match file_kind(&file.name, &file.bytes) {
            FileKind::Csv => csv(file.clone(), &mut out, &mut foreign),
            FileKind::Archive => match archive::read_zip(&file.name, &file.bytes, file.replace) {
                Ok(inner) => inner.into_iter().for_each(|inner| csv(inner, &mut out, &mut foreign)),
                Err(found) => problems.extend(found),
            },
            FileKind::Workbook => match workbook::read_workbook(&file.name, &file.bytes) {
                Ok(sheets) => {
                    for sheet in sheets {
                        let Some(table) = Table::from_file_name(&sheet.name) else {
                            foreign.push(ForeignFile {
                                label: workbook::sheet_label(&file.name, &sheet.name),
                                bytes: sheet.csv.into_bytes(),
                                sheet: Some(sheet.place),
                            });
                            continue;
                        };
                        let inner = ImportFile {
                            name: format!("{}/{}", file.name, table.file_name()),
                            bytes: sheet.csv.clone().into_bytes(),
                            replace: file.replace,
                        };
                        out.push((inner, Source::Sheet { workbook: file.name.clone(), sheet }));
                    }
                }
                Err(found) => problems.extend(found),
            },
        }
    }
    if problems.is_empty() {
        Ok(Expanded { own: out, foreign })
    } else {
        Err(problems)
    }
}

/// A problem of an expanded file as its owner sees it: a sheet's problems
/// name the workbook and the sheet, with Excel's row and column letter.
fn point_back(mut problem: Problem, sources: &[(String, &Source)]) -> Problem {
    let Some((_, Source::Sheet { workbook, sheet })) = sources.iter().find(|(name, _)| *name == problem.file) else {
        return problem;
    };
    problem.file = workbook::sheet_label(workbook, &sheet.name);
    problem.row = problem.row.map(|row| sheet.place.excel_row(row));
    problem.column = problem.column.map(|column| sheet.place.column_label(&column));
    problem
}

/// Merge CSV files (and the tables of workbooks and archives) into the
/// workspace, all or nothing; the files and sheets that are not one of the
/// tables come back with a proposed mapping (a file the engine cannot even
/// propose for, an empty one, refuses the batch).
fn import_csv(workspace: &Workspace, files: &[ImportFile], report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
    report("Opening the files", 0, 1);
    let Expanded { own, foreign } = match expand(files) {
        Ok(expanded) => expanded,
        Err(problems) => return Outcome::Refused { total: problems.len(), problems },
    };
    let mut to_map = Vec::with_capacity(foreign.len());
    let mut problems = Vec::new();
    for file in foreign {
        report(&format!("Proposing a mapping for {}", file.label), 0, 1);
        match mapping::to_map(workspace, file) {
            Ok(file) => to_map.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Outcome::Refused { total: problems.len(), problems };
    }
    if own.is_empty() && !to_map.is_empty() {
        return Outcome::ToMap(to_map);
    }
    let (csv_files, sources): (Vec<ImportFile>, Vec<Source>) = own.into_iter().unzip();
    let names: Vec<(String, &Source)> = csv_files.iter().map(|f| f.name.clone()).zip(&sources).collect();
    let result = engine::io::import_csv(workspace, &csv_files, &mut |p| {
        report(&format!("Reading {}", p.file), p.bytes_done as u64, p.bytes_total as u64)
    });
    let result = result.map_err(|mut refused| {
        refused.problems = refused.problems.into_iter().map(|problem| point_back(problem, &names)).collect();
        refused
    });
    match result {
        Ok((imported, summary)) => imported_outcome(workspace, imported, summary, to_map, Vec::new()),
        Err(refused) => Outcome::Refused { problems: refused.problems, total: refused.total },
    }
}

/// An import's answer: the demand history only when the import changed it
/// (it is most of a workspace's bytes).
fn imported_outcome(
    before: &Workspace,
    mut imported: Workspace,
    summary: ImportSummary,
    to_map: Vec<ToMap>,
    reports: Vec<MappedTableReport>,
) -> Outcome {
    let demand = (imported.demand != before.demand).then(|| std::mem::take(&mut imported.demand));
    imported.demand = DemandHistory::default();
    Outcome::Imported { core: imported, demand, summary, to_map, reports }
}

/// A mapped import's answer (see [`imported_outcome`]), with its reports.
fn mapped_outcome(before: &Workspace, result: Result<(Workspace, MappedImport), ImportRefused>) -> Outcome {
    match result {
        Ok((imported, outcome)) => imported_outcome(before, imported, outcome.summary, Vec::new(), outcome.reports),
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
