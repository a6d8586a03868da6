//! The workspace as one JSON document, for backup and restore.
//!
//! Loading reads `schema_version` first, with a small struct that skips
//! everything else (no `serde_json::Value` for a document that can hold
//! twenty million numbers), refuses documents from a newer Stockpilot, reads
//! the document in its own version's shape and upgrades it step by step to
//! the current one. Then it runs the same checks as a CSV import and refuses
//! the document, listing every problem, if any fails.

use serde::Deserialize;

use crate::model::Workspace;
use crate::problem::Problem;

use super::check::validate;
use super::read::decode_utf8;
use super::v1::{self, WorkspaceDocV1, WorkspaceDocV1Ref};

/// What problems in a JSON document are filed under.
pub const JSON_FILE: &str = "workspace.json";

/// The current schema version: what `to_json` writes.
pub const CURRENT_SCHEMA_VERSION: u32 = v1::SCHEMA_VERSION;

/// The whole workspace as a JSON document (compact: backups are big).
pub fn to_json(workspace: &Workspace) -> String {
    serde_json::to_string(&WorkspaceDocV1Ref::from(workspace))
        .expect("the workspace document has no maps and no custom serialisers, so serde_json cannot fail on it")
}

/// Only the version, whatever else the document holds.
#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    schema_version: Option<u64>,
}

/// The version of a document as `to_json` writes it, `{"schema_version":N,`
/// at the very start, read without scanning the rest. Anything else (a
/// hand-edited or re-indented file) goes through `VersionOnly`, which reads
/// the whole document once more.
fn written_version(text: &str) -> Option<u64> {
    let rest = text.strip_prefix(r#"{"schema_version":"#)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 || rest.as_bytes().get(digits) != Some(&b',') {
        return None;
    }
    rest[..digits].parse().ok()
}

/// A stored document in the version it was written in.
enum StoredDoc {
    V1(WorkspaceDocV1),
}

fn json_problem(error: serde_json::Error) -> Problem {
    let reason = if error.is_syntax() || error.is_eof() {
        format!("this is not valid JSON (line {}, column {}): {error}", error.line(), error.column())
    } else {
        format!("the document does not have the expected shape (line {}, column {}): {error}", error.line(), error.column())
    };
    Problem::in_file(JSON_FILE, reason)
}

/// Read a document in the shape of its own version.
fn read_stored(version: u32, text: &str) -> Result<StoredDoc, Problem> {
    match version {
        1 => serde_json::from_str::<WorkspaceDocV1>(text).map(StoredDoc::V1).map_err(json_problem),
        other => Err(Problem::in_file(JSON_FILE, format!("schema_version {other} is not a Stockpilot schema version"))),
    }
}

/// Upgrade a stored document to the current version. Adding version 2 means
/// one new arm: `V1(doc) => upgrade(StoredDoc::V2(v2::from_v1(doc)))`, and
/// `V2(doc) => doc` becomes the end of the chain.
fn upgrade(doc: StoredDoc) -> WorkspaceDocV1 {
    match doc {
        StoredDoc::V1(doc) => doc,
    }
}

/// `from_json` over a file's bytes: a document that is not UTF-8 (a legacy
/// encoding, or UTF-16 with or without a byte-order mark) is refused with
/// advice, as a CSV file would be.
pub fn from_json_bytes(bytes: &[u8]) -> Result<Workspace, Vec<Problem>> {
    let text = decode_utf8(JSON_FILE, bytes, "and load it again").map_err(|p| vec![p])?;
    from_json(text)
}

/// A workspace from a JSON document of any version up to the current one,
/// validated as a CSV import would be. Refused, with every problem, if the
/// document is unreadable, from a newer Stockpilot, or invalid.
pub fn from_json(text: &str) -> Result<Workspace, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let version = match written_version(text) {
        Some(version) => Some(version),
        None => serde_json::from_str::<VersionOnly>(text).map_err(|e| vec![json_problem(e)])?.schema_version,
    };
    let Some(version) = version else {
        return Err(vec![Problem::in_file(
            JSON_FILE,
            "this document has no schema_version, so it is not a Stockpilot workspace backup; nothing was changed",
        )]);
    };
    if version > u64::from(CURRENT_SCHEMA_VERSION) {
        return Err(vec![Problem::in_file(
            JSON_FILE,
            format!(
                "This file was written by a newer version of Stockpilot (schema {version}); this version reads schema {CURRENT_SCHEMA_VERSION} and older. Nothing was changed."
            ),
        )]);
    }
    let version = u32::try_from(version).unwrap_or(0);
    let doc = upgrade(read_stored(version, text).map_err(|p| vec![p])?);
    let mut workspace = Workspace::from(doc);
    let problems = validate(&workspace);
    if !problems.is_empty() {
        return Err(problems);
    }
    restore_invariants(&mut workspace);
    Ok(workspace)
}

/// Tables sorted by key and demand series sorted and trimmed: what the model
/// promises, whatever order a hand-edited document had. Validation already
/// refused duplicate keys, so this changes order only, never content.
fn restore_invariants(workspace: &mut Workspace) {
    workspace.normalize();
    crate::sorting::sort_by_key(&mut workspace.settings.policy_matrix.cells, |cell| (cell.abc, cell.xyz));
    let series = &mut workspace.demand.series;
    series.iter_mut().for_each(|s| s.trim());
    series.retain(|s| !s.is_empty());
    crate::sorting::sort_by(series, |a, b| a.key.cmp(&b.key));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_from_a_newer_version_is_refused_and_says_so() {
        let problems = from_json(r#"{"schema_version": 7, "whatever": [1, 2, 3]}"#).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].reason,
            "This file was written by a newer version of Stockpilot (schema 7); this version reads schema 1 and older. Nothing was changed."
        );
    }

    #[test]
    fn a_document_without_a_version_or_not_json_at_all_is_refused() {
        assert!(from_json(r#"{"skus": []}"#).unwrap_err()[0].reason.contains("no schema_version"));
        assert!(from_json("sku_id,name\n").unwrap_err()[0].reason.contains("not valid JSON"));
        assert!(from_json(r#"{"schema_version": 0}"#).unwrap_err()[0].reason.contains("not a Stockpilot schema"));
        let shape = from_json(r#"{"schema_version": 1, "skus": 5}"#).unwrap_err();
        assert!(shape[0].reason.contains("expected shape"), "{shape:?}");
    }

    #[test]
    fn the_version_is_read_from_the_start_of_a_written_document_or_by_a_full_scan() {
        assert_eq!(written_version(r#"{"schema_version":1,"settings":{}}"#), Some(1));
        assert_eq!(written_version(r#"{ "schema_version": 1, "settings": {}}"#), None);
        assert_eq!(written_version(r#"{"schema_version":1}"#), None);
        let spaced = r#"{ "settings": {}, "schema_version": 9 }"#;
        assert!(from_json(spaced).unwrap_err()[0].reason.contains("(schema 9)"));
    }

    #[test]
    fn the_default_workspace_round_trips_and_its_document_starts_with_the_version() {
        let workspace = Workspace::default();
        let json = to_json(&workspace);
        assert!(json.starts_with(r#"{"schema_version":1,"settings":"#), "{}", &json[..40]);
        assert_eq!(from_json(&json), Ok(workspace.clone()));
        let owned: WorkspaceDocV1 = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&owned).unwrap(), json, "the borrowed and owned documents have one shape");
    }
}
