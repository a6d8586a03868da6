//! Import and export: CSV (one file per table) and JSON (the whole workspace).
//!
//! - `table`: the tables and their columns, the one list of CSV column names.
//! - `cell`: reading and writing single cells (dates, money, the
//!   formula-injection apostrophe…).
//! - `rules`: what one row must satisfy, shared with the app's edit forms.
//! - `check`: whole-workspace validation (keys, references), behind
//!   `validate`, CSV import and JSON restore alike.
//! - `read`, `rows`, `batch`, `import`, `demand_import`: the CSV importer
//!   (`batch` holds what `import` and `demand_import` share).
//! - `export`: the CSV exporter.
//! - `json`, `v1`, `v2`, `v3`, `v4`: the versioned JSON document and its
//!   migration chain.
//! - `mapping`: any other tabular file, through a mapping of its columns to
//!   a table's fields (sniffing, proposals, presets' specs).
//!
//! Entry points take bytes and return values, so the Web Worker can hand a
//! file's bytes over and send the result back; nothing here touches files.
//! The formats are documented for buyers in `docs/formats.md`.

mod batch;
mod bench;
pub(crate) mod cell;
mod check;
mod demand_import;
mod export;
pub mod form;
mod hash;
mod import;
mod json;
pub mod mapping;
pub mod plain_number;
mod read;
mod rows;
pub mod rules;
mod settings_table;
mod table;
pub mod v1;
pub mod v2;
pub mod v3;
pub mod v4;

pub use batch::{ImportProgress, TableSummary};
pub use bench::{bench_import, bench_input, BenchImport};
pub use cell::{escape_text, unescape_text};
pub use check::validate;
pub use export::{export_csv, export_table};
pub use import::{import_csv, ImportFile, ImportRefused, ImportSummary, MAX_LISTED_PROBLEMS};
pub use json::{from_json, from_json_bytes, to_json, CURRENT_SCHEMA_VERSION, JSON_FILE};
pub use read::recognise_table;
pub use rules::FieldProblem;
pub use settings_table::SETTING_KEYS;
pub use table::{Column, Table};
