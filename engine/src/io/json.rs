//! The workspace as one JSON document, for backup and restore.
//!
//! Loading reads `schema_version` first, with a small struct that skips
//! everything else (no `serde_json::Value` for a document that can hold
//! twenty million numbers), refuses documents from a newer Stockpilot, reads
//! the document in its own version's shape and upgrades it step by step to
//! the current one. Then it runs the same checks as a CSV import and refuses
//! the document, listing every problem, if any fails. A document that does
//! not have its version's shape is read once more, record by record, to name
//! the table, record and field at fault (see `locate`).

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::model::Workspace;
use crate::problem::Problem;

use super::check::validate;
use super::read::decode_utf8;
use super::v1::{self, Layout, MemberShape, WorkspaceDocV1};
use super::v2::{self, WorkspaceDocV2};
use super::v3::{self, WorkspaceDocV3};
use super::v4::{self, WorkspaceDocV4, WorkspaceDocV4Ref};

/// What problems in a JSON document are filed under.
pub const JSON_FILE: &str = "workspace.json";

/// The current schema version: what `to_json` writes.
pub const CURRENT_SCHEMA_VERSION: u32 = v4::SCHEMA_VERSION;

/// The whole workspace as a JSON document (compact: backups are big).
pub fn to_json(workspace: &Workspace) -> String {
    serde_json::to_string(&WorkspaceDocV4Ref::from(workspace))
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

/// A stored document in the version it was written in. The current version
/// is boxed: its settings are the largest, and the enum is moved along the
/// upgrade chain.
enum StoredDoc {
    V1(WorkspaceDocV1),
    V2(WorkspaceDocV2),
    V3(Box<WorkspaceDocV3>),
    V4(Box<WorkspaceDocV4>),
}

fn json_problem(error: serde_json::Error) -> Problem {
    let reason = if error.is_syntax() || error.is_eof() {
        format!("this is not valid JSON (line {}, column {}): {error}", error.line(), error.column())
    } else {
        format!(
            "the document does not have the expected shape (line {}, column {}): {error}",
            error.line(),
            error.column()
        )
    };
    Problem::in_file(JSON_FILE, reason)
}

/// Read a document in the shape of its own version.
fn read_stored(version: u32, text: &str) -> Result<StoredDoc, Problem> {
    match version {
        1 => serde_json::from_str::<WorkspaceDocV1>(text)
            .map(StoredDoc::V1)
            .map_err(|error| locate(text, v1::MEMBERS).unwrap_or_else(|| json_problem(error))),
        2 => serde_json::from_str::<WorkspaceDocV2>(text)
            .map(StoredDoc::V2)
            .map_err(|error| locate(text, v2::MEMBERS).unwrap_or_else(|| json_problem(error))),
        3 => serde_json::from_str::<WorkspaceDocV3>(text)
            .map(|doc| StoredDoc::V3(Box::new(doc)))
            .map_err(|error| locate(text, v3::MEMBERS).unwrap_or_else(|| json_problem(error))),
        4 => serde_json::from_str::<WorkspaceDocV4>(text)
            .map(|doc| StoredDoc::V4(Box::new(doc)))
            .map_err(|error| locate(text, v4::MEMBERS).unwrap_or_else(|| json_problem(error))),
        other => Err(Problem::in_file(JSON_FILE, format!("schema_version {other} is not a Stockpilot schema version"))),
    }
}

// Naming the record and field a document fails at. serde_json's error gives
// only a line and column, which in a one-line backup of 160 MB is no help.
// The document is read a second time, only after the fast read failed: member
// by member, one record at a time as a `Value` (never the whole document,
// which can hold twenty million numbers), until a record does not read. That
// record is written out again, compactly, noting where each of its fields
// lies, and read once more as its type: the column of that error falls inside
// the field at fault.

/// The problem with the first record (or member) of `text` that does not
/// read as `members` say; `None` when the fault is elsewhere (a missing
/// member, the version), which serde_json's own message describes well.
fn locate(text: &str, members: &'static [MemberShape]) -> Option<Problem> {
    let found = RefCell::new(None);
    let current = Cell::new(None);
    let probe = DocumentProbe { members, found: &found, current: &current };
    let outcome = serde::de::DeserializeSeed::deserialize(probe, &mut serde_json::Deserializer::from_str(text));
    if let Some(problem) = found.into_inner() {
        return Some(problem);
    }
    // The member itself has the wrong type: a number where a list belongs.
    let (error, member) = (outcome.err()?, current.get()?);
    Some(Problem { file: member.name.to_owned(), row: None, column: None, value: None, reason: plain_message(&error) })
}

/// serde_json's message without its position, worded for a person.
fn plain_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = match message.rsplit_once(" at line ") {
        Some((head, _)) if error.line() > 0 => head.to_owned(),
        _ => message,
    };
    let Some(rest) = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: ")) else {
        return message;
    };
    let Some((found, expected)) = rest.split_once(", expected ") else { return message };
    let expected = match expected {
        "f32" | "f64" => "a number",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "a whole number",
        decimal if decimal.starts_with("a Decimal") => "an amount written as a string, such as \"4.50\"",
        record if record.starts_with("struct ") => "an object",
        other => other,
    };
    let found = match found {
        "sequence" => "a list",
        "map" => "an object",
        other => other,
    };
    format!("expected {expected}, found {found}")
}

/// The document's members, each read by its own probe.
struct DocumentProbe<'p> {
    members: &'static [MemberShape],
    found: &'p RefCell<Option<Problem>>,
    current: &'p Cell<Option<&'static MemberShape>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for DocumentProbe<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentProbe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Stockpilot workspace document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<String>()? {
            let Some(member) = self.members.iter().find(|m| m.name == name) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            self.current.set(Some(member));
            let probe = MemberProbe { member, found: self.found, in_series: false };
            match member.layout {
                Layout::Object => {
                    let value: Value = map.next_value()?;
                    check_record(member, None, &value, self.found)?;
                }
                Layout::Records | Layout::Series => map.next_value_seed(probe)?,
            }
            self.current.set(None);
        }
        Ok(())
    }
}

/// A list of records, or for `Layout::Series` the object holding it.
struct MemberProbe<'p> {
    member: &'static MemberShape,
    found: &'p RefCell<Option<Problem>>,
    /// The list itself, inside a series object.
    in_series: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for MemberProbe<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.member.layout {
            Layout::Series if !self.in_series => deserializer.deserialize_map(self),
            _ => deserializer.deserialize_seq(self),
        }
    }
}

impl<'de> Visitor<'de> for MemberProbe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.member.layout {
            Layout::Series if !self.in_series => {
                write!(f, "an object whose series member is a list of {} records", self.member.noun)
            }
            _ => write!(f, "a list of {} records", self.member.noun),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(record) = seq.next_element::<Value>()? {
            check_record(self.member, Some(index), &record, self.found)?;
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<String>()? {
            if name == "series" {
                map.next_value_seed(MemberProbe { in_series: true, ..self })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// Read one record as its type; if it does not read, note the problem and
/// stop the whole probe (with an error nobody shows).
fn check_record<E: serde::de::Error>(
    member: &MemberShape,
    index: Option<usize>,
    record: &Value,
    found: &RefCell<Option<Problem>>,
) -> Result<(), E> {
    let mut written = Spanned::default();
    written.write(record, "");
    let Err(error) = (member.parse)(&written.text) else { return Ok(()) };
    let key: Vec<&str> = member
        .key
        .iter()
        .filter_map(|pointer| record.pointer(pointer)?.as_str())
        .filter(|part| !part.is_empty())
        .collect();
    let label = if key.is_empty() { member.noun.to_owned() } else { format!("{} {}", member.noun, key.join(" / ")) };
    // serde_json's column is 1-based and points at the last byte read.
    let at = error.column().saturating_sub(1);
    let innermost =
        written.spans.iter().filter(|span| span.start <= at && at < span.end).min_by_key(|span| span.end - span.start);
    let missing = error
        .to_string()
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name.to_owned());
    let (column, value) = match (innermost, missing) {
        (Some(span), Some(name)) => (Some(join_path(&span.path, &name)), None),
        (None, Some(name)) => (Some(name), None),
        (Some(span), None) if !span.path.is_empty() => {
            let json = &written.text[span.start..span.end];
            let mut value = serde_json::from_str::<String>(json).unwrap_or_else(|_| json.to_owned());
            if value.len() > 80 {
                let cut = (0..=77).rev().find(|&i| value.is_char_boundary(i)).unwrap_or(0);
                value.truncate(cut);
                value.push('…');
            }
            (Some(span.path.clone()), Some(value))
        }
        _ => (None, None),
    };
    *found.borrow_mut() = Some(Problem {
        file: member.name.to_owned(),
        row: index.map(|idx| idx + 1),
        column,
        value,
        reason: format!("{label}: {}", plain_message(&error)),
    });
    Err(E::custom("the record at fault is found"))
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Where each value of a record lies in its compact text.
struct Span {
    start: usize,
    end: usize,
    /// `unit_cost`, `landed.duty_pct`, `lines[2].unit_price`; empty for the
    /// record itself.
    path: String,
}

/// A value written as compact JSON with the span of every value in it.
#[derive(Default)]
struct Spanned {
    text: String,
    spans: Vec<Span>,
}

impl Spanned {
    fn write(&mut self, value: &Value, path: &str) {
        let start = self.text.len();
        match value {
            Value::Object(fields) => {
                self.text.push('{');
                for (idx, (name, field)) in fields.iter().enumerate() {
                    if idx > 0 {
                        self.text.push(',');
                    }
                    self.text.push_str(&Value::String(name.clone()).to_string());
                    self.text.push(':');
                    self.write(field, &join_path(path, name));
                }
                self.text.push('}');
            }
            Value::Array(items) => {
                self.text.push('[');
                for (idx, item) in items.iter().enumerate() {
                    if idx > 0 {
                        self.text.push(',');
                    }
                    self.write(item, &format!("{path}[{idx}]"));
                }
                self.text.push(']');
            }
            scalar => self.text.push_str(&scalar.to_string()),
        }
        self.spans.push(Span { start, end: self.text.len(), path: path.to_owned() });
    }
}

/// Upgrade a stored document to the current version, one step at a time.
/// Adding version 5 means one new arm: `V4(doc) =>
/// upgrade(StoredDoc::V5(v5::from_v4(*doc)))`, and `V5(doc) => doc` becomes
/// the end of the chain.
fn upgrade(doc: StoredDoc) -> WorkspaceDocV4 {
    match doc {
        StoredDoc::V1(doc) => upgrade(StoredDoc::V2(v2::from_v1(doc))),
        StoredDoc::V2(doc) => upgrade(StoredDoc::V3(Box::new(v3::from_v2(doc)))),
        StoredDoc::V3(doc) => upgrade(StoredDoc::V4(Box::new(v4::from_v3(*doc)))),
        StoredDoc::V4(doc) => *doc,
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

/// Policy cells in class order and demand series sorted and trimmed: what the
/// model promises, whatever order a hand-edited document had (the tables are
/// in key order already: a `Table` sorts as it is read). Validation already
/// refused duplicate keys, so this changes order only, never content.
fn restore_invariants(workspace: &mut Workspace) {
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
            "This file was written by a newer version of Stockpilot (schema 7); this version reads schema 4 and older. Nothing was changed."
        );
    }

    #[test]
    fn a_document_without_a_version_or_not_json_at_all_is_refused() {
        assert!(from_json(r#"{"skus": []}"#).unwrap_err()[0].reason.contains("no schema_version"));
        assert!(from_json("sku_id,name\n").unwrap_err()[0].reason.contains("not valid JSON"));
        assert!(from_json(r#"{"schema_version": 0}"#).unwrap_err()[0].reason.contains("not a Stockpilot schema"));
        let shape = from_json(r#"{"schema_version": 4, "skus": 5}"#).unwrap_err();
        assert_eq!(shape[0].to_string(), "skus: expected a list of SKU records, found integer `5`");
        let missing = from_json(r#"{"schema_version": 4}"#).unwrap_err();
        assert!(missing[0].reason.contains("expected shape"), "{missing:?}");
    }

    #[test]
    fn a_record_that_does_not_read_is_named_with_the_path_of_the_field_at_fault() {
        let mut document: Value = serde_json::from_str(&to_json(&Workspace::default())).unwrap();
        document["purchase_orders"] = serde_json::json!([{
            "id": "PO-1", "supplier": "S", "location": "L", "status": "draft", "created": "2025-01-01",
            "lines": [{"line_no": 1, "sku": "A", "quantity": 5.0}]
        }]);
        let problems = from_json(&document.to_string()).unwrap_err();
        assert_eq!(
            problems[0].to_string(),
            "purchase_orders, row 1, column lines[0].unit_price: purchase order PO-1: missing field `unit_price`"
        );
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
        assert!(json.starts_with(r#"{"schema_version":4,"settings":"#), "{}", &json[..40]);
        assert_eq!(from_json(&json), Ok(workspace.clone()));
        let owned: WorkspaceDocV4 = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&owned).unwrap(), json, "the borrowed and owned documents have one shape");
    }
}
