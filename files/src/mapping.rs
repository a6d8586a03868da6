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

use engine::io::mapping::{self, MappedImport, MappingSpec, PresetOptions, PresetParameter, Preview, Proposal};
use engine::io::{ImportProgress, ImportRefused, Table};
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

/// A file for the mapping step, with the mapping the engine proposes, the
/// built-in preset that reads it (a Shopify, WooCommerce or Odoo export),
/// and the workspace's saved presets that fit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToMap {
    pub file: ForeignFile,
    pub proposal: Proposal,
    pub builtin: Option<BuiltinOffer>,
    /// Names of the saved presets (`Workspace::mapping_presets`) whose
    /// columns the file has: each maps it without a problem that stops the
    /// mapping as a whole. In the workspace's order.
    pub fitting_presets: Vec<String>,
}

/// A built-in preset offered for a file, as the mapping step shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuiltinOffer {
    /// The preset's id (`shopify-products`), for [`import_builtin`].
    pub id: String,
    /// "Shopify products export".
    pub label: String,
    /// The tables it fills.
    pub tables: Vec<Table>,
    /// What it asks the user for.
    pub parameters: Vec<PresetParameter>,
    /// What the export cannot supply, for the user to fill in afterwards.
    pub not_supplied: Vec<String>,
    /// The location names the file writes, each with the workspace's
    /// location it most likely is, for the user to map
    /// (`PresetOptions::location_map`); empty for a preset that takes one
    /// location from the user.
    pub locations: Vec<FileLocation>,
}

/// A location name the file writes, and the workspace's location proposed
/// for it: the one whose id or name it equals, ignoring case and
/// surrounding spaces; `None` when no location has it (the user chooses one,
/// or to keep it as a new location: the import never creates one unasked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLocation {
    pub name: String,
    pub proposed: Option<String>,
}

/// The workspace's location a file's location name most likely is: the
/// one whose id, else whose name, equals it ignoring case and spaces.
pub fn propose_location(workspace: &Workspace, name: &str) -> Option<String> {
    let wanted = name.trim().to_lowercase();
    let locations = &workspace.locations;
    locations
        .iter()
        .find(|l| l.id.as_str().trim().to_lowercase() == wanted)
        .or_else(|| locations.iter().find(|l| l.name.trim().to_lowercase() == wanted))
        .map(|l| l.id.to_string())
}

/// `file` for the mapping step: the engine's proposal, the built-in preset
/// whose identifying columns the file has, and the saved presets of
/// `workspace` that fit it.
pub fn to_map(workspace: &Workspace, file: ForeignFile) -> Result<ToMap, Problem> {
    let proposal = propose(&file, None)?;
    // A sheet's CSV text is the workbook's own columns; detection reads it alike.
    let builtin = mapping::detect_builtin_preset(&file.bytes).map(|preset| BuiltinOffer {
        id: preset.id.to_owned(),
        label: preset.label.to_owned(),
        tables: preset.tables.to_vec(),
        parameters: preset.parameters.to_vec(),
        not_supplied: preset.not_supplied.iter().map(|s| (*s).to_owned()).collect(),
        locations: mapping::builtin_location_names(preset, &file.bytes)
            .into_iter()
            .map(|name| FileLocation { proposed: propose_location(workspace, &name), name })
            .collect(),
    });
    let fitting_presets = workspace
        .mapping_presets
        .iter()
        .filter(|preset| mapping::preview_mapping(workspace, &file.bytes, &file.label, &preset.spec, 1).is_ok())
        .map(|preset| preset.name.clone())
        .collect();
    Ok(ToMap { file, proposal, builtin, fitting_presets })
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
) -> Result<(Workspace, MappedImport), ImportRefused> {
    let result = mapping::import_with_mapping(workspace, &file.bytes, &file.label, spec, progress);
    result.map(|(imported, outcome)| (imported, pointed_back(file, outcome))).map_err(|r| refused(file, r))
}

/// `file` imported into a copy of `workspace` by the built-in preset `id`
/// with the user's `options`, every table it fills in one all-or-nothing
/// batch (`engine::io::mapping::import_with_specs`).
pub fn import_builtin(
    workspace: &Workspace,
    file: &ForeignFile,
    id: &str,
    options: &PresetOptions,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, MappedImport), ImportRefused> {
    let Some(preset) = mapping::builtin_preset(id) else {
        let problem = Problem::in_file(&file.label, format!("{id} is not one of the built-in presets"));
        return Err(ImportRefused { problems: vec![problem], total: 1 });
    };
    let specs = mapping::builtin_specs(preset, &file.bytes, &file.label, options)
        .map_err(|problems| ImportRefused { total: problems.len(), problems })
        .map_err(|r| refused(file, r))?;
    let result = mapping::import_with_specs(workspace, &file.bytes, &file.label, &specs, progress);
    result.map(|(imported, outcome)| (imported, pointed_back(file, outcome))).map_err(|r| refused(file, r))
}

/// A refusal's problems as the user's file shows them.
fn refused(file: &ForeignFile, refused: ImportRefused) -> ImportRefused {
    ImportRefused { problems: refused.problems.into_iter().map(|p| file.point_back(p)).collect(), total: refused.total }
}

/// An import's report with its skipped rows numbered as the user's file shows them.
fn pointed_back(file: &ForeignFile, mut outcome: MappedImport) -> MappedImport {
    for report in &mut outcome.reports {
        for skipped in &mut report.skipped {
            skipped.first_rows = skipped.first_rows.iter().map(|row| file.row(*row)).collect();
        }
    }
    outcome
}
