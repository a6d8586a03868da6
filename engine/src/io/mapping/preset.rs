//! A named mapping saved in the workspace, so next month's export imports in
//! one click. The workspace table `mapping_presets` (`mapping_presets.csv`,
//! JSON schema 4) holds one row per preset; its CSV cells are `name` and
//! `spec` (the `MappingSpec` as compact JSON in one cell, so a preset
//! survives the CSV round trip unchanged).
//!
//! A preset's name is its key, compared ignoring case: "Shopify products"
//! and "shopify PRODUCTS" are one preset, because a person choosing a preset
//! by name does not see the difference. The name keeps the case it was last
//! saved with.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::sniff::{Delimiter, Encoding, NumberFormat};
use super::spec::{FileFormat, MappingSpec};
use crate::io::Table;
use crate::model::Keyed;

/// A mapping spec under a name the user chose ("Shopify products", "Odoo quants").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingPreset {
    pub name: String,
    #[serde(with = "super::wire::spec_serde")]
    pub spec: MappingSpec,
}

/// The longest preset name, in characters: a label for a list, not a note.
pub const MAX_PRESET_NAME_CHARS: usize = 100;

/// A preset name as it is compared: trimmed and lower-cased (Unicode
/// lower case, so `ÜBERSEE` and `übersee` are one name).
pub fn preset_name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl MappingPreset {
    /// This preset's name as it is compared (see [`preset_name_key`]).
    pub fn name_key(&self) -> String {
        preset_name_key(&self.name)
    }

    /// A preset whose spec is still to be filled: a new row of the table
    /// before its `spec` cell is read.
    pub(crate) fn unfilled(name: String) -> Self {
        let format = FileFormat {
            encoding: Encoding::Utf8,
            delimiter: Delimiter::Comma,
            numbers: NumberFormat::PLAIN,
            date_order: None,
        };
        MappingPreset { name, spec: MappingSpec::new(Table::Skus, format, vec![]) }
    }
}

/// In name order ignoring case: the order a list of presets is shown in,
/// and the key the table is unique by.
impl Keyed for MappingPreset {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.name_key().cmp(&other.name_key())
    }
}

/// What a spec must satisfy on its own, before any file is seen: every
/// field is a column of the target table, none is mapped twice, every
/// required column is filled. Each problem is a sentence naming the field.
pub fn check_spec(spec: &MappingSpec) -> Vec<String> {
    let target = spec.target;
    let mut problems = Vec::new();
    let all: Vec<&super::spec::FieldMapping> = spec.all_fields().collect();
    for (idx, mapping) in all.iter().enumerate() {
        if target.columns().iter().all(|c| c.name != mapping.field) {
            let names: Vec<&str> = target.columns().iter().map(|c| c.name).collect();
            problems.push(format!(
                "mapping of {}: {} has no such field; its fields are: {}",
                mapping.field,
                target.label(),
                names.join(", ")
            ));
        } else if all[..idx].iter().any(|m| m.field == mapping.field) {
            problems.push(format!("mapping of {}: the field is mapped twice", mapping.field));
        }
    }
    let mapped = |field: &str| all.iter().any(|m| m.field == field);
    let combine = spec.combine.iter().flat_map(|c| c.sum.iter().chain(&c.join));
    for field in combine.chain(&spec.replace_within).filter(|f| !mapped(f)) {
        problems.push(format!("{field} is combined or replaced within, but nothing fills it"));
    }
    if !spec.replace_within.is_empty() && target == crate::io::Table::Demand {
        problems.push("replace_within is not for demand: a demand file holds days, not a whole table".to_owned());
    }
    if !spec.existing_rows_only.is_empty() && target == crate::io::Table::Demand {
        problems
            .push("existing_rows_only is not for demand: a demand file adds days, it has no rows to change".to_owned());
    }
    if let Some(unpivot) = &spec.unpivot {
        if unpivot.columns.is_empty() {
            problems.push("unpivot names no columns to turn into rows".to_owned());
        }
        if unpivot.name_column.trim().is_empty()
            || unpivot.value_column.trim().is_empty()
            || super::spec::normalize_header(&unpivot.name_column)
                == super::spec::normalize_header(&unpivot.value_column)
        {
            problems.push("unpivot needs two different names for the columns it adds".to_owned());
        }
    }
    let unpivoted: Vec<String> =
        spec.unpivot.iter().flat_map(|u| &u.columns).map(|c| super::spec::normalize_header(c)).collect();
    for rule in spec.skip_rows.iter().chain(&spec.existing_rows_only) {
        for column in &rule.unpivoted_from {
            if !unpivoted.contains(&super::spec::normalize_header(column)) {
                problems.push(format!(
                    "the rule for {:?} ({}) tests rows unpivoted from {column:?}, which unpivot does not read: the rule would never apply",
                    rule.column, rule.reason
                ));
            }
        }
    }
    for mapping in &all {
        let closed_with_otherwise = matches!(
            &mapping.source,
            super::spec::Source::Column {
                transform: super::spec::Transform::Lookup { closed: true, otherwise: Some(_), .. },
                ..
            }
        );
        if closed_with_otherwise {
            problems.push(format!(
                "mapping of {}: a closed lookup refuses the values it does not list, so it has no otherwise",
                mapping.field
            ));
        }
    }
    for column in target.columns().iter().filter(|c| c.required) {
        if spec.field(column.name).is_none() {
            problems.push(format!(
                "nothing fills the required field {} of {}: choose a column of the file or a constant",
                column.name,
                target.label()
            ));
        }
    }
    problems
}

/// A preset's CSV cells: its name and its spec as compact JSON.
pub fn preset_cells(preset: &MappingPreset) -> [String; 2] {
    let spec =
        serde_json::to_string(&preset.spec).expect("a mapping spec has string keys only, so serde_json cannot fail");
    [preset.name.clone(), spec]
}

/// A preset read back from its CSV cells; the reason when the spec cell is
/// not a mapping spec or the spec does not hold together (`check_spec`).
pub fn read_preset_cells(name: &str, spec: &str) -> Result<MappingPreset, String> {
    let spec: MappingSpec = serde_json::from_str(spec).map_err(|e| format!("not a mapping spec: {e}"))?;
    let problems = check_spec(&spec);
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    Ok(MappingPreset { name: name.trim().to_owned(), spec })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::mapping::{Delimiter, Encoding, FieldMapping, FileFormat, NumberFormat, Source};
    use crate::io::Table;

    fn locations_spec(fields: Vec<FieldMapping>) -> MappingSpec {
        let format = FileFormat {
            encoding: Encoding::Utf8,
            delimiter: Delimiter::Comma,
            numbers: NumberFormat::PLAIN,
            date_order: None,
        };
        MappingSpec::new(Table::Locations, format, fields)
    }

    fn constant(field: &str, value: &str) -> FieldMapping {
        FieldMapping { field: field.into(), source: Source::Constant { value: value.into() } }
    }

    #[test]
    fn a_preset_survives_its_csv_cells() {
        let preset = MappingPreset {
            name: "Sites".into(),
            spec: locations_spec(vec![constant("location_id", "AMS"), constant("name", "Amsterdam")]),
        };
        let [name, spec] = preset_cells(&preset);
        assert_eq!(name, "Sites");
        assert!(spec.starts_with(r#"{"target":"locations","#), "{spec}");
        assert_eq!(read_preset_cells(&name, &spec).unwrap(), preset);
        assert!(read_preset_cells("x", "{}").unwrap_err().starts_with("not a mapping spec"));
    }

    #[test]
    fn a_spec_is_checked_without_a_file() {
        let spec = locations_spec(vec![constant("location_id", "AMS"), constant("location_id", "RTM")]);
        let problems = check_spec(&spec);
        // location_id twice, and name (required) filled by nothing.
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0], "mapping of location_id: the field is mapped twice");
        assert!(problems[1].starts_with("nothing fills the required field name of Locations"));
    }
}
