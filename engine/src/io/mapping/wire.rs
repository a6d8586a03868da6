//! A `MappingSpec` between the app's page, its worker and the files module,
//! which talk bincode.
//!
//! A spec's serde shape is made for people and files (`docs/formats.md`,
//! "Mapping specs"): internally tagged enums (`{"kind": "column", …}`) and
//! fields left out when empty. Bincode can read back neither (it needs every
//! field, in order, and cannot look ahead for a tag). So a binary format
//! gets this module's mirror instead: the same values, every field present,
//! enums tagged by position. The mirror is plain derived serde, so the page
//! never carries a JSON reader for specs (the first visit's download stays
//! inside its budget), and nothing is converted through text.
//!
//! Use with `#[serde(with = "engine::io::mapping::spec_serde")]` on every
//! field that holds a `MappingSpec` and may cross bincode.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::spec::{Combine, FieldMapping, FileFormat, FillDown, MappingSpec, Match, NotSupplied, Part, RowFilter};
use super::spec::{Source, Transform, Unpivot};
use crate::io::Table;

/// `#[serde(with = …)]` for a `MappingSpec`: the documented object in a
/// human-readable format (JSON), the positional mirror in a binary one.
pub mod spec_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{MappingSpec, SpecWire};

    pub fn serialize<S: Serializer>(spec: &MappingSpec, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            spec.serialize(serializer)
        } else {
            SpecWire::from(spec.clone()).serialize(serializer)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<MappingSpec, D::Error> {
        if deserializer.is_human_readable() {
            MappingSpec::deserialize(deserializer)
        } else {
            SpecWire::deserialize(deserializer).map(MappingSpec::from)
        }
    }
}

/// `#[serde(with = …)]` for a list of specs (see [`spec_serde`]).
pub mod specs_serde {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{MappingSpec, SpecWire};

    pub fn serialize<S: Serializer>(specs: &[MappingSpec], serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            specs.serialize(serializer)
        } else {
            let wire: Vec<SpecWire> = specs.iter().cloned().map(SpecWire::from).collect();
            wire.serialize(serializer)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<MappingSpec>, D::Error> {
        if deserializer.is_human_readable() {
            Vec::<MappingSpec>::deserialize(deserializer)
        } else {
            Vec::<SpecWire>::deserialize(deserializer).map(|wire| wire.into_iter().map(MappingSpec::from).collect())
        }
    }
}

#[derive(Serialize, Deserialize)]
struct SpecWire {
    target: Table,
    format: FileFormat,
    fields: Vec<FieldWire>,
    skip_rows_without: Vec<String>,
    not_supplied: Vec<NotSupplied>,
    new_rows_only: Vec<FieldWire>,
    fill_down: Vec<(Vec<String>, Option<String>)>,
    skip_rows: Vec<(String, MatchWire, String, Vec<String>)>,
    combine: Option<(Vec<String>, Vec<String>)>,
    formula_apostrophes: bool,
    replace_within: Vec<String>,
    existing_rows_only: Vec<(String, MatchWire, String, Vec<String>)>,
    unpivot: Option<(Vec<String>, String, String)>,
    notes: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct FieldWire {
    field: String,
    source: SourceWire,
}

#[derive(Serialize, Deserialize)]
enum SourceWire {
    Column { column: String, transform: TransformWire },
    Constant { value: String },
    Join { parts: Vec<(String, TransformWire)>, separator: String, leave_out: Vec<String> },
}

#[derive(Serialize, Deserialize)]
enum TransformWire {
    None,
    Date,
    Number,
    Scale(Decimal),
    UnitPriceBreak,
    Lookup(BTreeMap<String, String>, Option<String>, bool),
    BracketCode,
}

#[derive(Serialize, Deserialize)]
enum MatchWire {
    Equals(Vec<String>),
    Contains(Vec<String>),
    NotEmpty,
    Empty,
    Negative,
}

impl From<MappingSpec> for SpecWire {
    fn from(spec: MappingSpec) -> Self {
        // Destructured whole, so a new field of the spec cannot be forgotten here.
        let MappingSpec {
            target,
            format,
            fields,
            skip_rows_without,
            not_supplied,
            new_rows_only,
            fill_down,
            skip_rows,
            combine,
            formula_apostrophes,
            replace_within,
            existing_rows_only,
            unpivot,
            notes,
        } = spec;
        let rule = |r: RowFilter| (r.column, MatchWire::from(r.when), r.reason, r.unpivoted_from);
        SpecWire {
            target,
            format,
            fields: fields.into_iter().map(FieldWire::from).collect(),
            skip_rows_without,
            not_supplied,
            new_rows_only: new_rows_only.into_iter().map(FieldWire::from).collect(),
            fill_down: fill_down.into_iter().map(|f| (f.columns, f.within)).collect(),
            skip_rows: skip_rows.into_iter().map(rule).collect(),
            combine: combine.map(|c| (c.sum, c.join)),
            formula_apostrophes,
            replace_within,
            existing_rows_only: existing_rows_only.into_iter().map(rule).collect(),
            unpivot: unpivot.map(|u| (u.columns, u.name_column, u.value_column)),
            notes,
        }
    }
}

impl From<SpecWire> for MappingSpec {
    fn from(wire: SpecWire) -> Self {
        let SpecWire {
            target,
            format,
            fields,
            skip_rows_without,
            not_supplied,
            new_rows_only,
            fill_down,
            skip_rows,
            combine,
            formula_apostrophes,
            replace_within,
            existing_rows_only,
            unpivot,
            notes,
        } = wire;
        let rule = |(column, when, reason, unpivoted_from): (String, MatchWire, String, Vec<String>)| RowFilter {
            column,
            when: when.into(),
            reason,
            unpivoted_from,
        };
        MappingSpec {
            target,
            format,
            fields: fields.into_iter().map(FieldMapping::from).collect(),
            skip_rows_without,
            not_supplied,
            new_rows_only: new_rows_only.into_iter().map(FieldMapping::from).collect(),
            fill_down: fill_down.into_iter().map(|(columns, within)| FillDown { columns, within }).collect(),
            skip_rows: skip_rows.into_iter().map(rule).collect(),
            combine: combine.map(|(sum, join)| Combine { sum, join }),
            formula_apostrophes,
            replace_within,
            existing_rows_only: existing_rows_only.into_iter().map(rule).collect(),
            unpivot: unpivot.map(|(columns, name_column, value_column)| Unpivot { columns, name_column, value_column }),
            notes,
        }
    }
}

impl From<FieldMapping> for FieldWire {
    fn from(mapping: FieldMapping) -> Self {
        let source = match mapping.source {
            Source::Column { column, transform } => SourceWire::Column { column, transform: transform.into() },
            Source::Constant { value } => SourceWire::Constant { value },
            Source::Join { parts, separator, leave_out } => SourceWire::Join {
                parts: parts.into_iter().map(|p| (p.column, p.transform.into())).collect(),
                separator,
                leave_out,
            },
        };
        FieldWire { field: mapping.field, source }
    }
}

impl From<FieldWire> for FieldMapping {
    fn from(wire: FieldWire) -> Self {
        let source = match wire.source {
            SourceWire::Column { column, transform } => Source::Column { column, transform: transform.into() },
            SourceWire::Constant { value } => Source::Constant { value },
            SourceWire::Join { parts, separator, leave_out } => Source::Join {
                parts: parts.into_iter().map(|(column, t)| Part { column, transform: t.into() }).collect(),
                separator,
                leave_out,
            },
        };
        FieldMapping { field: wire.field, source }
    }
}

impl From<Transform> for TransformWire {
    fn from(transform: Transform) -> Self {
        match transform {
            Transform::None => TransformWire::None,
            Transform::Date => TransformWire::Date,
            Transform::Number => TransformWire::Number,
            Transform::Scale { factor } => TransformWire::Scale(factor),
            Transform::UnitPriceBreak => TransformWire::UnitPriceBreak,
            Transform::Lookup { values, otherwise, closed } => TransformWire::Lookup(values, otherwise, closed),
            Transform::BracketCode => TransformWire::BracketCode,
        }
    }
}

impl From<TransformWire> for Transform {
    fn from(wire: TransformWire) -> Self {
        match wire {
            TransformWire::None => Transform::None,
            TransformWire::Date => Transform::Date,
            TransformWire::Number => Transform::Number,
            TransformWire::Scale(factor) => Transform::Scale { factor },
            TransformWire::UnitPriceBreak => Transform::UnitPriceBreak,
            TransformWire::Lookup(values, otherwise, closed) => Transform::Lookup { values, otherwise, closed },
            TransformWire::BracketCode => Transform::BracketCode,
        }
    }
}

impl From<Match> for MatchWire {
    fn from(when: Match) -> Self {
        match when {
            Match::Equals { values } => MatchWire::Equals(values),
            Match::Contains { values } => MatchWire::Contains(values),
            Match::NotEmpty => MatchWire::NotEmpty,
            Match::Empty => MatchWire::Empty,
            Match::Negative => MatchWire::Negative,
        }
    }
}

impl From<MatchWire> for Match {
    fn from(wire: MatchWire) -> Self {
        match wire {
            MatchWire::Equals(values) => Match::Equals { values },
            MatchWire::Contains(values) => Match::Contains { values },
            MatchWire::NotEmpty => Match::NotEmpty,
            MatchWire::Empty => Match::Empty,
            MatchWire::Negative => Match::Negative,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::mapping::preset::MappingPreset;
    use crate::io::mapping::propose::propose_mapping;
    use crate::io::mapping::sniff::ThousandsSeparator;
    use crate::io::mapping::sniff::{DateOrder, DecimalSeparator, Delimiter, Encoding, NumberFormat};

    /// A spec with every optional rule and every kind of source, transform
    /// and match set away from its default.
    fn every_rule() -> MappingSpec {
        let format = FileFormat {
            encoding: Encoding::Windows1252,
            delimiter: Delimiter::Semicolon,
            numbers: NumberFormat { decimal: DecimalSeparator::Comma, thousands: Some(ThousandsSeparator::Point) },
            date_order: Some(DateOrder::DayMonthYear),
        };
        let column = |column: &str, transform| Source::Column { column: column.into(), transform };
        let field = |field: &str, source| FieldMapping { field: field.into(), source };
        let lookup = Transform::Lookup {
            values: BTreeMap::from([("archived".into(), "discontinued".into())]),
            otherwise: Some("active".into()),
            closed: false,
        };
        let closed = Transform::Lookup {
            values: BTreeMap::from([("Winkel Amsterdam".into(), "AMS".into())]),
            otherwise: None,
            closed: true,
        };
        let join = Source::Join {
            parts: vec![
                Part { column: "Title".into(), transform: Transform::None },
                Part { column: "Option1 Value".into(), transform: Transform::BracketCode },
            ],
            separator: " - ".into(),
            leave_out: vec!["Default Title".into()],
        };
        MappingSpec {
            skip_rows_without: vec!["Variant SKU".into()],
            not_supplied: vec![NotSupplied { field: "lead_time_days".into(), note: "not in the export".into() }],
            new_rows_only: vec![field("status", column("Status", lookup))],
            fill_down: vec![
                FillDown { columns: vec!["Title".into()], within: Some("Handle".into()) },
                FillDown { columns: vec!["Vendor".into()], within: None },
            ],
            skip_rows: [Match::Equals { values: vec!["x".into()] }, Match::Contains { values: vec!["virtual".into()] }]
                .into_iter()
                .chain([Match::NotEmpty, Match::Empty, Match::Negative])
                .map(|when| RowFilter {
                    column: "C".into(),
                    when,
                    reason: "because".into(),
                    unpivoted_from: Vec::new(),
                })
                .collect(),
            combine: Some(Combine { sum: vec!["quantity".into()], join: vec!["lot".into()] }),
            formula_apostrophes: true,
            replace_within: vec!["location_id".into()],
            existing_rows_only: vec![RowFilter {
                column: "Committed".into(),
                when: Match::Equals { values: vec!["0".into()] },
                reason: "nothing committed".into(),
                unpivoted_from: vec!["Winkel Amsterdam".into()],
            }],
            unpivot: Some(Unpivot {
                columns: vec!["Winkel Amsterdam".into()],
                name_column: "Location".into(),
                value_column: "Available".into(),
            }),
            notes: vec!["stock is Available".into()],
            ..MappingSpec::new(
                Table::StockLots,
                format,
                vec![
                    field("sku_id", column("SKU", Transform::None)),
                    field("quantity", column("Menge", Transform::Scale { factor: Decimal::new(1, 3) })),
                    field("expiry", column("MHD", Transform::Date)),
                    field("location_id", column("Location", closed)),
                    field("lot_id", Source::Constant { value: "L1".into() }),
                    field("lot", join),
                    field("unit_cost", column("Cost", Transform::UnitPriceBreak)),
                    field("received", column("In", Transform::Number)),
                ],
            )
        }
    }

    #[test]
    fn a_spec_with_every_rule_crosses_bincode_unchanged() {
        let preset = MappingPreset { name: "Lager".into(), spec: every_rule() };
        let bytes = bincode::serialize(&preset).unwrap();
        let back: MappingPreset = bincode::deserialize(&bytes).expect("bincode reads the spec back");
        assert_eq!(back, preset);
    }

    #[test]
    fn json_keeps_the_documented_object() {
        let preset = MappingPreset { name: "Lager".into(), spec: every_rule() };
        let json: serde_json::Value = serde_json::to_value(&preset).unwrap();
        assert_eq!(json["spec"]["target"], "stock_lots", "the spec is an object in JSON, not text");
        assert_eq!(json["spec"]["fields"][0]["source"]["kind"], "column");
        let back: MappingPreset = serde_json::from_value(json).unwrap();
        assert_eq!(back, preset);
    }

    /// The app's page sends a built-in preset's options through its worker
    /// to the files module: an empty location map left out of the bytes
    /// made the worker fail to read the whole request.
    #[test]
    fn preset_options_cross_bincode_unchanged() {
        use crate::io::mapping::PresetOptions;
        let empty =
            PresetOptions { location: Some("AMS".into()), lead_time_days: Some(10), ..PresetOptions::default() };
        let mapped = PresetOptions {
            location_map: BTreeMap::from([("Amsterdam Warehouse".into(), "AMS".into())]),
            ..PresetOptions::default()
        };
        for options in [empty, mapped] {
            let bytes = bincode::serialize(&(options.clone(), 7u8)).unwrap();
            let back: (PresetOptions, u8) = bincode::deserialize(&bytes).expect("bincode reads the options back");
            assert_eq!(back, (options, 7));
        }
    }

    #[test]
    fn a_proposal_crosses_bincode_unchanged() {
        let csv = "Artikel;Menge;MHD\nGLV-100-M;12;03.04.2027\n";
        let proposal = propose_mapping(csv.as_bytes(), "lagerbestand.csv").unwrap();
        let bytes = bincode::serialize(&proposal).unwrap();
        let back: crate::io::mapping::Proposal = bincode::deserialize(&bytes).expect("bincode reads the proposal");
        assert_eq!(back, proposal);
    }
}
