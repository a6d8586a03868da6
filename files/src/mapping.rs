//! Files that are not one of Stockpilot's tables (a shop's export, a
//! spreadsheet of any shape), through the engine's column-mapping step
//! (`engine::io::mapping`): a proposal when the file arrives, a preview of
//! its first rows as the user changes the mapping, and the all-or-nothing
//! import.
//!
//! A workbook's sheet comes here as the CSV text `workbook.rs` reads it into
//! (UTF-8, comma-delimited, dates already `YYYY-MM-DD`), with its place in
//! the sheet, so every row and column is named as Excel shows it ("C (SKU)",
//! row 14), as the import of a sheet named after a table does.

use engine::io::mapping::{self, MappingSpec, Preview, Proposal};
use engine::io::{ImportProgress, ImportRefused, ImportSummary, Table};
use engine::{Problem, Workspace};
use serde::{Deserialize, Serialize};

use crate::workbook::SheetPlace;

/// A file, or one sheet of a workbook, that goes through the mapping step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignFile {
    /// How the user knows it, and how problems name it: `products_export.csv`,
    /// `shop.xlsx, sheet Products`.
    pub label: String,
    /// The bytes the mapping reads: the file's own, or the sheet as CSV text.
    pub bytes: Vec<u8>,
    /// For a sheet: where its rows and columns are in the workbook.
    pub sheet: Option<SheetPlace>,
}

impl ForeignFile {
    /// A problem of the mapping, as the user's file shows it: for a sheet,
    /// Excel's row and the column's letter with its header.
    pub fn point_back(&self, mut problem: Problem) -> Problem {
        if let Some(place) = &self.sheet {
            problem.row = problem.row.map(|row| place.excel_row(row));
            problem.column = problem.column.map(|column| place.column_label(&column));
        }
        problem
    }

    /// The row the user's file shows for the mapping's row `row`.
    pub fn row(&self, row: usize) -> usize {
        self.sheet.as_ref().map_or(row, |place| place.excel_row(row))
    }

    /// Whether the user chose the file's encoding and delimiter: a sheet's
    /// text is always UTF-8 and comma-delimited, made by `workbook.rs`.
    pub fn is_sheet(&self) -> bool {
        self.sheet.is_some()
    }
}

/// A file for the mapping step, with the mapping the engine proposes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToMap {
    pub file: ForeignFile,
    #[serde(with = "crate::json_text")]
    pub proposal: Proposal,
}

/// A preview of a mapping: the file's header as read with the mapping's
/// encoding and delimiter (the columns the user may choose from), and the
/// first rows checked cell by cell, or every problem that stops the mapping
/// as a whole (a column the file lacks, a required field nothing fills).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingPreview {
    pub headers: Vec<String>,
    pub preview: Result<Preview, Vec<Problem>>,
}

/// The engine's proposal for `file`: the table it most likely feeds, or the
/// fields of `target` when the user chose the table.
pub fn propose(file: &ForeignFile, target: Option<Table>) -> Result<Proposal, Problem> {
    let Some(target) = target else {
        return mapping::propose_mapping(&file.bytes, &file.label).map_err(|p| file.point_back(p));
    };
    // The engine proposes for the table a file is named after (its name
    // outweighs every header match), so the proposal for a chosen table is
    // the one for the file under that table's name; the ranking of the
    // tables is the one the file's own name gave.
    let ranked = mapping::propose_mapping(&file.bytes, &file.label).map_err(|p| file.point_back(p))?;
    let mut proposal = mapping::propose_mapping(&file.bytes, target.file_name()).map_err(|mut problem| {
        problem.file = file.label.clone();
        file.point_back(problem)
    })?;
    if proposal.target != target {
        return Err(Problem::in_file(
            &file.label,
            format!("{} is not a table a file can be mapped to", target.label()),
        ));
    }
    proposal.file_name = file.label.clone();
    proposal.candidates = ranked.candidates;
    Ok(proposal)
}

/// The header of `file` read with `spec`'s encoding and delimiter: its
/// first record that is not blank, each name trimmed; empty when the bytes
/// cannot be read that way (the preview then says why).
fn headers(file: &ForeignFile, spec: &MappingSpec) -> Vec<String> {
    let Ok(text) = mapping::sniff::decode(&file.bytes, spec.format.encoding) else {
        return Vec::new();
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(spec.format.delimiter.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    while let Ok(true) = reader.read_record(&mut record) {
        if record.iter().any(|cell| !cell.trim().is_empty()) {
            return record.iter().map(|cell| cell.trim().to_owned()).collect();
        }
    }
    Vec::new()
}

/// The first `max_rows` rows of `file` mapped by `spec` and checked against
/// `workspace` (so references to its SKUs, suppliers and locations count),
/// each row numbered as the user's file shows it.
pub fn preview(workspace: &Workspace, file: &ForeignFile, spec: &MappingSpec, max_rows: usize) -> MappingPreview {
    let preview = match mapping::preview_mapping(workspace, &file.bytes, &file.label, spec, max_rows) {
        Ok(mut preview) => {
            for row in &mut preview.rows {
                row.row = file.row(row.row);
            }
            preview.other_problems = preview.other_problems.into_iter().map(|p| file.point_back(p)).collect();
            Ok(preview)
        }
        Err(problems) => Err(problems.into_iter().map(|p| file.point_back(p)).collect()),
    };
    MappingPreview { headers: headers(file, spec), preview }
}

/// `file` imported into a copy of `workspace` by `spec`, all or nothing,
/// every problem named as the user's file shows it.
pub fn import(
    workspace: &Workspace,
    file: &ForeignFile,
    spec: &MappingSpec,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, ImportSummary), ImportRefused> {
    mapping::import_with_mapping(workspace, &file.bytes, &file.label, spec, progress)
        .map(|(imported, outcome)| (imported, outcome.summary))
        .map_err(|refused| ImportRefused {
            problems: refused.problems.into_iter().map(|p| file.point_back(p)).collect(),
            total: refused.total,
        })
}
