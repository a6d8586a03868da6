//! A mapping spec: how a foreign file becomes one of the app's tables. It is
//! a stored format (presets live in the workspace and in files), so its
//! serde shape is documented in `docs/formats.md` ("Mapping specs") and
//! changes only with a new schema.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::sniff::{DateOrder, Delimiter, Encoding, NumberFormat};
use crate::io::Table;

/// How to read a foreign file and which of the app's fields each of its
/// columns (or a constant) fills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingSpec {
    /// The table the file feeds, by its snake_case name (`stock_lots`).
    #[serde(with = "table_by_name")]
    pub target: Table,
    /// The file's format, made explicit (the sniffed guesses, confirmed or changed).
    pub format: FileFormat,
    /// One entry per target field that is filled, in any order.
    pub fields: Vec<FieldMapping>,
    /// Source columns (by header name) whose empty cell means the row is
    /// skipped, not refused: Shopify's image-only rows have no SKU.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip_rows_without: Vec<String>,
    /// Target fields the source cannot supply, with a note for the user
    /// (a preset says "lead times are not in a Shopify export"). Listed
    /// after an import together with every field left to its default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_supplied: Vec<NotSupplied>,
    /// Fields filled only on rows whose key is new to the workspace: a row
    /// that exists keeps its stored value (the engine's own export of it is
    /// written in the produced file), so next month's Shopify export does
    /// not reset the lead time a buyer typed in. Listed after an import as
    /// assumed, with how many new rows took them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_rows_only: Vec<FieldMapping>,
    /// Empty cells that take the value of the row above (Shopify writes a
    /// product's title only on its handle's first row), applied before
    /// anything else reads the row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fill_down: Vec<FillDown>,
    /// Rows skipped, not refused, each rule with the reason the report
    /// gives ("cancelled orders"); checked after `fill_down`, first
    /// matching rule counts the row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip_rows: Vec<RowFilter>,
    /// Produced rows with the same key (the target table's key columns)
    /// become one row: Shopify order lines of one day and SKU are one day's
    /// demand. Without it, a repeated key is the importer's duplicate-key
    /// problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combine: Option<Combine>,
    /// The file writes a `'` before values that start with `=`, `-` or `+`
    /// (Odoo's CSV export, against formula injection: `'-4.0`): that one
    /// apostrophe is removed from every such cell before anything reads it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub formula_apostrophes: bool,
    /// Target fields whose values name a part of the table the file holds
    /// whole (a stock export is the whole stock of the locations it names):
    /// a workspace row with one of the file's values that the file does not
    /// have is deleted; rows with other values (other locations' stock) are
    /// never touched. Empty: nothing is deleted. Not for demand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replace_within: Vec<String>,
    /// Rows that may change a row the workspace already has but never add
    /// one, each rule with the reason the report gives for the rows left
    /// out: Shopify's `Committed` of 0 clears last month's commitment
    /// without adding a zero commitment for every variant. Checked after
    /// `skip_rows`, on the rows that are kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub existing_rows_only: Vec<RowFilter>,
    /// Columns that each hold one row's worth of values (Shopify's old
    /// inventory export has one column per location): each data row becomes
    /// one row per listed column, in order, which reads the two columns
    /// `Unpivot` adds. Applied after fill-down, before rows are skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unpivot: Option<Unpivot>,
    /// What the user must know about the values imported, said in the
    /// report after the import ("stock is Shopify's Available quantity").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Columns turned into rows (`MappingSpec::unpivot`): every data row is
/// read once per column in `columns`, with two more columns, `name_column`
/// holding that column's header and `value_column` its cell, which fields
/// and row rules name like any other column. A problem on either names the
/// file's own column (the header a value came from).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unpivot {
    pub columns: Vec<String>,
    pub name_column: String,
    pub value_column: String,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Empty cells of `columns` that take the value of the row above.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FillDown {
    pub columns: Vec<String>,
    /// The column whose value groups the rows (a Shopify handle, an order's
    /// `Name`): a row with a different value starts a new group and nothing
    /// is carried into it; a row whose cell is empty stays in the group
    /// above (Odoo's vendor rows leave the product's `Name` blank). `None`:
    /// the whole file is one group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
}

/// Rows to skip: where `column` matches `when`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowFilter {
    pub column: String,
    pub when: Match,
    /// What the skipped rows are, for the report: "3 rows skipped:
    /// cancelled orders".
    pub reason: String,
    /// Only the rows `unpivot` read from one of these columns (by header,
    /// compared as headers are) are tested; empty: every row. Shopify's
    /// Unavailable of 0 only empties an UNAVAILABLE lot the workspace has,
    /// while a 0 of Available and Committed still makes the ordinary lot
    /// (a sold-out variant stays in the plan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unpivoted_from: Vec<String>,
}

impl RowFilter {
    /// Whether the rule tests a row `unpivot` read from `column` (`None`:
    /// a row of a spec without `unpivot`).
    pub fn applies_to(&self, column: Option<&String>) -> bool {
        self.unpivoted_from.is_empty()
            || column.is_some_and(|column| {
                self.unpivoted_from.iter().any(|from| normalize_header(from) == normalize_header(column))
            })
    }
}

/// What a cell is tested for, after trimming.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Match {
    /// The cell equals one of the values, ignoring case.
    Equals { values: Vec<String> },
    /// The cell contains one of the values, ignoring case (WooCommerce's
    /// `simple, virtual`).
    Contains { values: Vec<String> },
    /// The cell is not empty (Shopify's `Cancelled at`).
    NotEmpty,
    /// The cell is empty (a line without a SKU).
    Empty,
    /// The cell is a number below zero in the file's number format (an
    /// oversold Shopify variant, a negative Odoo quant). Stockpilot refuses
    /// negative stock; skipping the row (so that lot counts as none) and
    /// saying so lets the rest of the export in without inventing a zero.
    Negative,
}

/// How rows with the same key are made one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Combine {
    /// Fields added up (numbers as the mapping wrote them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sum: Vec<String>,
    /// Fields whose values are joined with `|` in row order, a value
    /// already there not repeated (Odoo's vendor rows → `1:4.5|100:4.2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub join: Vec<String>,
    // Every other field keeps the first row's value.
}

/// The format choices for a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFormat {
    pub encoding: Encoding,
    pub delimiter: Delimiter,
    /// How numbers read with `Transform::Number` (and the transforms built
    /// on it) are spelled.
    pub numbers: NumberFormat,
    /// How slashed dates read with `Transform::Date` are ordered; `None`
    /// accepts ISO dates only (a slashed date is then a problem asking for
    /// the order).
    pub date_order: Option<DateOrder>,
}

/// One target field and where its value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMapping {
    /// The target table's column name (`sku_id`, `unit_cost`).
    pub field: String,
    pub source: Source,
}

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A column of the file, by header name: compared after trimming,
    /// lower-casing and removing every space (`Variant SKU` = `variantsku`).
    Column {
        column: String,
        #[serde(default, skip_serializing_if = "Transform::is_none")]
        transform: Transform,
    },
    /// The same value on every row, written as in the app's own CSV
    /// (`AMS`, `14`, `1:4.50`).
    Constant { value: String },
    /// Several columns, each with its transform, joined by `separator`;
    /// empty parts and parts equal to a `leave_out` value (ignoring case)
    /// are left out with their separator: `Title` and `Option1 value`
    /// joined by ` - ` give `Gloves - M`, and `Hand gel` alone when the
    /// option is Shopify's `Default Title`. Every part empty: empty.
    Join {
        parts: Vec<Part>,
        separator: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        leave_out: Vec<String>,
    },
}

/// One column of a `Source::Join`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub column: String,
    #[serde(default, skip_serializing_if = "Transform::is_none")]
    pub transform: Transform,
}

/// What is done to a source cell before it is given to the importer.
/// A cell that is empty stays empty (the importer then applies its default
/// or says the field is required).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Transform {
    /// The cell as it is.
    #[default]
    None,
    /// A date: `YYYY-MM-DD`, or `a/b/YYYY` (also `.` or `-`) in the format's
    /// date order; any time of day after a space or `T` is cut off as
    /// written (no time-zone conversion).
    Date,
    /// A number in the format's decimal and thousands separators, written
    /// canonically (`1.234,56` → `1234.56`).
    Number,
    /// A number (as `Number`) times a factor: grams to kilograms is 0.001.
    Scale { factor: Decimal },
    /// A number (as `Number`) as a single price break at quantity 1
    /// (`7,90` → `1:7.90`), for `offers.price_breaks` from a unit cost.
    UnitPriceBreak,
    /// Values replaced by others, compared case-insensitively after trimming
    /// (`archived` → `discontinued`); a value not listed is kept, or
    /// replaced by `otherwise` when given. A `closed` lookup accepts only
    /// the values listed: any other is a problem listing them (a file's
    /// location names mapped onto the workspace's location ids, where a name
    /// nobody mapped must not become a location of its own).
    Lookup {
        values: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        otherwise: Option<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        closed: bool,
    },
    /// The code in square brackets at the start of an Odoo display name
    /// (`[GLV-100-M] Nitrile gloves` → `GLV-100-M`); a value without one
    /// is kept as it is.
    BracketCode,
}

impl Transform {
    fn is_none(&self) -> bool {
        matches!(self, Transform::None)
    }
}

/// A target field a preset knows the source cannot supply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotSupplied {
    pub field: String,
    pub note: String,
}

/// A table by its snake_case name (`stock_lots`), as a person writes it in a
/// spec file, rather than `Table`'s own serde name.
mod table_by_name {
    use serde::{de, Deserialize, Deserializer, Serializer};

    use crate::io::Table;

    pub fn serialize<S: Serializer>(table: &Table, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(table.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Table, D::Error> {
        let name = String::deserialize(deserializer)?;
        Table::ALL.iter().copied().find(|table| table.name() == name).ok_or_else(|| {
            let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
            de::Error::custom(format!("unknown table {name:?}; the tables are {}", names.join(", ")))
        })
    }
}

/// A header name as compared: trimmed, lower-cased, every whitespace removed.
pub fn normalize_header(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

impl MappingSpec {
    /// A spec with these fields and none of the optional row rules.
    pub fn new(target: Table, format: FileFormat, fields: Vec<FieldMapping>) -> Self {
        MappingSpec {
            target,
            format,
            fields,
            skip_rows_without: Vec::new(),
            not_supplied: Vec::new(),
            new_rows_only: Vec::new(),
            fill_down: Vec::new(),
            skip_rows: Vec::new(),
            combine: None,
            formula_apostrophes: false,
            replace_within: Vec::new(),
            existing_rows_only: Vec::new(),
            unpivot: None,
            notes: Vec::new(),
        }
    }

    /// The mapping of a target field, if any (`fields` first, then
    /// `new_rows_only`).
    pub fn field(&self, field: &str) -> Option<&FieldMapping> {
        self.fields.iter().chain(&self.new_rows_only).find(|mapping| mapping.field == field)
    }

    /// Every field mapping: `fields`, then `new_rows_only`.
    pub fn all_fields(&self) -> impl Iterator<Item = &FieldMapping> {
        self.fields.iter().chain(&self.new_rows_only)
    }

    /// The target's columns no field fills, required first, in the table's
    /// order, each with the spec's note when it has one. After an import
    /// these are what the user still has to fill in (optional ones keep the
    /// importer's default).
    pub fn unsupplied(&self) -> Vec<Unsupplied> {
        let mut out: Vec<Unsupplied> = self
            .target
            .columns()
            .iter()
            .filter(|column| self.field(column.name).is_none())
            .map(|column| Unsupplied {
                field: column.name.to_owned(),
                required: column.required,
                note: self.not_supplied.iter().find(|n| n.field == column.name).map(|n| n.note.clone()),
            })
            .collect();
        crate::sorting::sort_by_key(&mut out, |u| !u.required);
        out
    }
}

/// A target field a spec leaves unfilled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unsupplied {
    pub field: String,
    pub required: bool,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::mapping::sniff::{DecimalSeparator, ThousandsSeparator};

    #[test]
    fn a_spec_has_a_stable_json_shape() {
        let format = FileFormat {
            encoding: Encoding::Windows1252,
            delimiter: Delimiter::Semicolon,
            numbers: NumberFormat { decimal: DecimalSeparator::Comma, thousands: Some(ThousandsSeparator::Point) },
            date_order: Some(DateOrder::DayMonthYear),
        };
        let spec = MappingSpec::new(
            Table::StockLots,
            format,
            vec![
                FieldMapping {
                    field: "sku_id".into(),
                    source: Source::Column { column: "Artikel".into(), transform: Transform::None },
                },
                FieldMapping {
                    field: "quantity".into(),
                    source: Source::Column { column: "Menge".into(), transform: Transform::Number },
                },
                FieldMapping { field: "location_id".into(), source: Source::Constant { value: "AMS".into() } },
            ],
        );
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"target":"stock_lots","format":{"encoding":"windows1252","delimiter":"semicolon","#,
                r#""numbers":{"decimal":"comma","thousands":"point"},"date_order":"day_month_year"},"#,
                r#""fields":[{"field":"sku_id","source":{"kind":"column","column":"Artikel"}},"#,
                r#"{"field":"quantity","source":{"kind":"column","column":"Menge","transform":{"kind":"number"}}},"#,
                r#"{"field":"location_id","source":{"kind":"constant","value":"AMS"}}]}"#
            )
        );
        assert_eq!(serde_json::from_str::<MappingSpec>(&json).unwrap(), spec);
        let scale: Transform = serde_json::from_str(r#"{"kind":"scale","factor":"0.001"}"#).unwrap();
        assert_eq!(scale, Transform::Scale { factor: Decimal::new(1, 3) });
    }

    #[test]
    fn the_row_rules_have_a_json_shape_of_their_own_and_old_specs_stay_valid() {
        // A spec written before the row rules existed reads with none of them.
        let old = r#"{"target":"locations","format":{"encoding":"utf8","delimiter":"comma","numbers":{"decimal":"point","thousands":null},"date_order":null},"fields":[]}"#;
        let spec: MappingSpec = serde_json::from_str(old).unwrap();
        assert_eq!((spec.fill_down.len(), spec.skip_rows.len(), spec.combine.as_ref()), (0, 0, None));
        assert!(!spec.formula_apostrophes && spec.new_rows_only.is_empty() && spec.replace_within.is_empty());
        let text = r#"{"target":"offers","format":{"encoding":"utf8","delimiter":"comma","numbers":{"decimal":"point","thousands":null},"date_order":null},"fields":[{"field":"price_breaks","source":{"kind":"join","parts":[{"column":"Vendors/Quantity","transform":{"kind":"number"}},{"column":"Vendors/Price"}],"separator":":"}},{"field":"sku_id","source":{"kind":"column","column":"Product","transform":{"kind":"bracket_code"}}}],"new_rows_only":[{"field":"lead_time_days","source":{"kind":"constant","value":"14"}}],"fill_down":[{"columns":["Internal Reference"],"within":"Name"}],"skip_rows":[{"column":"Product Type","when":{"kind":"equals","values":["Service"]},"reason":"services"},{"column":"Quantity","when":{"kind":"negative"},"reason":"negative quants"}],"combine":{"join":["price_breaks"]},"formula_apostrophes":true,"replace_within":["sku_id"]}"#;
        let spec: MappingSpec = serde_json::from_str(text).unwrap();
        assert_eq!(spec.skip_rows[1].when, Match::Negative);
        assert_eq!(spec.combine, Some(Combine { sum: vec![], join: vec!["price_breaks".into()] }));
        assert_eq!(spec.fill_down[0].within.as_deref(), Some("Name"));
        assert_eq!(serde_json::to_string(&spec).unwrap(), text, "written back exactly");
        assert!(spec.existing_rows_only.is_empty() && spec.unpivot.is_none() && spec.notes.is_empty());
    }

    #[test]
    fn the_fields_added_for_shopify_inventory_have_a_json_shape_and_stay_optional() {
        let text = r#"{"target":"commitments","format":{"encoding":"utf8","delimiter":"comma","numbers":{"decimal":"point","thousands":null},"date_order":null},"fields":[{"field":"location_id","source":{"kind":"column","column":"Location","transform":{"kind":"lookup","values":{"Winkel Amsterdam":"AMS"},"closed":true}}}],"existing_rows_only":[{"column":"Committed","when":{"kind":"equals","values":["0"]},"reason":"nothing committed"}],"unpivot":{"columns":["Winkel Amsterdam"],"name_column":"Location","value_column":"Available"},"notes":["stock is Available"]}"#;
        let spec: MappingSpec = serde_json::from_str(text).unwrap();
        assert_eq!(
            spec.unpivot,
            Some(Unpivot {
                columns: vec!["Winkel Amsterdam".into()],
                name_column: "Location".into(),
                value_column: "Available".into()
            })
        );
        let Source::Column { transform: Transform::Lookup { closed, otherwise, .. }, .. } = &spec.fields[0].source
        else {
            panic!("a lookup")
        };
        assert!(*closed && otherwise.is_none());
        assert_eq!(spec.existing_rows_only[0].reason, "nothing committed");
        assert_eq!(serde_json::to_string(&spec).unwrap(), text, "written back exactly");
        // An open lookup written before `closed` existed reads as open and is written without it.
        let open = r#"{"kind":"lookup","values":{"archived":"discontinued"}}"#;
        let lookup: Transform = serde_json::from_str(open).unwrap();
        assert!(matches!(lookup, Transform::Lookup { closed: false, .. }));
        assert_eq!(serde_json::to_string(&lookup).unwrap(), open);
    }

    #[test]
    fn headers_compare_without_case_or_spaces() {
        assert_eq!(normalize_header(" Variant  SKU "), "variantsku");
        assert_eq!(normalize_header("Internal Reference"), normalize_header("internal reference"));
    }

    #[test]
    fn unsupplied_fields_are_listed_required_first() {
        let format = FileFormat {
            encoding: Encoding::Utf8,
            delimiter: Delimiter::Comma,
            numbers: NumberFormat::PLAIN,
            date_order: None,
        };
        let spec = MappingSpec {
            not_supplied: vec![NotSupplied { field: "name".into(), note: "not in the export".into() }],
            ..MappingSpec::new(
                Table::Locations,
                format,
                vec![FieldMapping { field: "location_id".into(), source: Source::Constant { value: "AMS".into() } }],
            )
        };
        let unsupplied = spec.unsupplied();
        assert_eq!(
            unsupplied,
            [Unsupplied { field: "name".into(), required: true, note: Some("not in the export".into()) }]
        );
    }
}
