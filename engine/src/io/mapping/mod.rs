//! The column-mapping step (issue 11): any tabular file that is not one of
//! the app's own tables is brought in through a mapping from its columns to
//! a table's fields.
//!
//! - `sniff`: the file's encoding, delimiter, number and date formats, each
//!   guess a public function with its convention.
//! - `spec`: `MappingSpec`, the stored description of a mapping (a preset);
//!   `wire`: its bincode shape between the app's page, worker and files module.
//! - `preset`: `MappingPreset`, a named spec as the workspace's
//!   `mapping_presets` table stores it (JSON schema 4), and its CSV cells.
//! - `propose`: `propose_mapping`, a first mapping by header similarity.
//! - `builtin`: the built-in presets for Shopify, WooCommerce and Odoo
//!   exports (`builtin_specs`, `detect_builtin_preset`), each several specs
//!   of one file imported in one batch (`import_with_specs`).
//! - `apply`: `apply_mapping` writes the app's own CSV for the target table,
//!   which goes through the ordinary all-or-nothing importer
//!   (`import_mapped`), with every problem told in the user's file's terms;
//!   `preview_mapping` checks the first rows cell by cell.
//!
//! Pure like the rest of the engine: bytes in, values out.

mod apply;
mod builtin;
mod preset;
mod propose;
pub mod sniff;
mod spec;
mod wire;

pub use apply::{
    apply_mapping, import_mapped, import_mapped_files, import_with_mapping, import_with_specs, preview_mapping,
    preview_with_specs, transform_cell, Assumed, MappedFile, MappedImport, MappedTableReport, Preview, PreviewCell,
    PreviewRow, SkippedRows, MAX_LISTED_SKIPPED,
};
pub use builtin::{
    builtin_location_names, builtin_preset, builtin_specs, detect_builtin_preset, keeps_name, location_map_problems,
    BuiltinPreset, PresetOptions, PresetParameter, BUILTIN_PRESETS, DEFAULT_LEAD_TIME_DAYS,
};
pub use preset::{check_spec, preset_cells, preset_name_key, read_preset_cells, MappingPreset, MAX_PRESET_NAME_CHARS};
pub use propose::{propose_mapping, Confidence, FieldProposal, Proposal, TableCandidate};
pub use sniff::{
    DateOrder, DateSniff, DecimalSeparator, Delimiter, Encoding, NumberFormat, Sniffed, ThousandsSeparator,
};
pub use spec::{
    normalize_header, Combine, FieldMapping, FileFormat, FillDown, MappingSpec, Match, NotSupplied, Part, RowFilter,
    Source, Transform, Unpivot, Unsupplied,
};
pub use wire::{spec_serde, specs_serde};

#[cfg(test)]
mod tests;
