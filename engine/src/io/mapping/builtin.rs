//! Built-in import presets (issue 11 §2): the exports of Shopify,
//! WooCommerce and Odoo, each read into the tables it can feed in one
//! all-or-nothing batch (`import_with_specs`).
//!
//! A preset is not one fixed spec: the same export exists in several
//! dialects (Shopify renamed its product columns in 2024; Odoo writes
//! labels, or technical names in an "import-compatible" export, and its
//! labels changed between versions), so each preset names every column it
//! reads by a list of aliases, compared as `normalize_header` compares, and
//! `builtin_specs` builds the specs with the names the file's header
//! actually has. Unknown extra columns are ignored; a required column the
//! header lacks is a problem naming the preset and the column.
//!
//! Column layouts and row semantics: `docs/research/other-systems-exports.md`,
//! whose sources are cited on each preset below. The example files are in
//! `docs/examples/imports/`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::sniff::{
    decode_detected, records, sniff_delimiter, sniff_numbers, DecimalSeparator, Delimiter, NumberFormat, SourceRecord,
};
use super::spec::{
    normalize_header, Combine, FieldMapping, FileFormat, FillDown, MappingSpec, Match, NotSupplied, Part, RowFilter,
    Source, Transform, Unpivot,
};
use crate::io::Table;
use crate::model::Workspace;
use crate::problem::Problem;

/// What a built-in preset asks the user for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresetParameter {
    /// The location a single-location quantity (or an order without a
    /// location) belongs to: `--location AMS`.
    Location,
    /// The lead time given to offers the preset creates (the importer
    /// requires one and the export has none): `--lead-time-days 14`.
    LeadTimeDays,
}

/// The user's answers to a preset's parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresetOptions {
    pub location: Option<String>,
    pub lead_time_days: Option<u32>,
    /// The location names the file writes (Shopify's `Amsterdam
    /// Warehouse`, Odoo's `WH/Stock`, a column header of Shopify's old
    /// inventory layout) onto the workspace's location ids, compared
    /// ignoring case and surrounding spaces. Empty: each name becomes a
    /// location of its own, created when new. Given: the import creates no
    /// locations; a name the map lacks is refused (one problem per name,
    /// with its first row and how many rows have it) and a map target that
    /// is not a location of the workspace is refused by
    /// `location_map_problems` and the importer. `--location-map
    /// "Amsterdam Warehouse=AMS"` on the command line. Always written
    /// (no `skip_serializing_if`): the options cross bincode between the
    /// app's page, worker and files module, which needs every field.
    #[serde(default)]
    pub location_map: BTreeMap<String, String>,
}

/// The lead time new offers get when the user gives none; listed after the
/// import as assumed (`MappedTableReport::assumed`).
pub const DEFAULT_LEAD_TIME_DAYS: u32 = 14;

/// A built-in preset: how an export of another system becomes Stockpilot's
/// tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinPreset {
    /// The id the CLI takes (`--preset shopify-products`).
    pub id: &'static str,
    /// What the app says: "This looks like a Shopify products export".
    pub label: &'static str,
    /// Where the layout comes from (help pages, source files at a commit).
    pub sources: &'static [&'static str],
    /// The tables it fills.
    pub tables: &'static [Table],
    /// What it needs from the user.
    pub parameters: &'static [PresetParameter],
    /// What the export cannot supply, for the user to fill in afterwards.
    pub not_supplied: &'static [&'static str],
    /// The columns that identify the export, each by its aliases; all must
    /// be in the header for `detect_builtin_preset` to offer it.
    signature: &'static [&'static [&'static str]],
}

// Column aliases, current name first.
const SHOPIFY_HANDLE: &[&str] = &["URL handle", "Handle"];
const SHOPIFY_SKU: &[&str] = &["SKU", "Variant SKU"];
const SHOPIFY_COST: &[&str] = &["Cost per item"];
const SHOPIFY_QTY: &[&str] = &["Inventory quantity", "Variant Inventory Qty"];
const SHOPIFY_TRACKER: &[&str] = &["Inventory tracker", "Variant Inventory Tracker"];
// WooCommerce's exporter passes its column names through `__()`
// (`class-wc-product-csv-exporter.php`), so a German admin exports German
// headers. The German names are WooCommerce's de_DE translation
// (translate.wordpress.org "Plugins - WooCommerce - Stable (latest
// release)", PO-Revision-Date 2025-07-26), read from the language pack
// `wp-content/languages/plugins/woocommerce-de_DE.po` as committed in
// mxstmx/gyt-2025 @ dfe19b0d590d8a76d7deadd5f462cc51055dad98, each entry
// referencing the exporter's line: Type → Typ, SKU → Artikelnummer,
// Stock → Lager, Parent → Übergeordnetes Produkt, Categories →
// Kategorien, Weight (%s) → Gewicht (%s), Cost of goods → Warenkosten
// (Name and ID stay). The formal de_DE_formal pack was not read.
const WOO_ID: &[&str] = &["ID"];
const WOO_TYPE: &[&str] = &["Type", "Typ"];
const WOO_SKU: &[&str] = &["SKU", "Artikelnummer"];
const WOO_NAME: &[&str] = &["Name"];
const WOO_STOCK: &[&str] = &["Stock", "Lager"];
const WOO_PARENT: &[&str] = &["Parent", "Übergeordnetes Produkt"];
const WOO_CATEGORIES: &[&str] = &["Categories", "Kategorien"];
const WOO_COST: &[&str] = &["Cost of goods", "Warenkosten"];
/// `Weight (%s)`'s words before the unit, English and German.
const WOO_WEIGHT_PREFIXES: &[&str] = &["Weight (", "Gewicht ("];
const ODOO_REF: &[&str] = &["Internal Reference", "default_code"];
const ODOO_NAME: &[&str] = &["Name", "name"];
const ODOO_COST: &[&str] = &["Cost", "standard_price"];
const ODOO_PRODUCT: &[&str] = &["Product", "product_id"];
const ODOO_LOCATION: &[&str] = &["Location", "location_id"];
const ODOO_QUANTITY: &[&str] = &["Quantity", "quantity"];

/// Every built-in preset.
pub const BUILTIN_PRESETS: &[BuiltinPreset] = &[
    BuiltinPreset {
        id: "shopify-products",
        label: "Shopify products export",
        sources: &[
            "https://help.shopify.com/en/manual/products/import-export/using-csv",
            "docs/research/other-systems-exports.md §1 (current header from three public real exports; legacy header from a public parser)",
        ],
        tables: &[Table::Locations, Table::Skus, Table::Suppliers, Table::Offers, Table::StockLots],
        parameters: &[PresetParameter::Location, PresetParameter::LeadTimeDays],
        not_supplied: &[
            "offers: lead times (new offers get the lead time given for the import, 14 days unless another is given), MOQ, pack size, purchase unit, price breaks beyond one unit",
            "suppliers: currency (the shop's currency is not in the file), payment, freight and duty terms; Shopify's Vendor is often the brand, not the supplier",
            "skus: criticality, shelf life, unit, weight in kilograms",
            "stock: lots and expiry; stock per location (a store with several locations needs the inventory export)",
        ],
        signature: &[SHOPIFY_HANDLE, &["Title"], &["Vendor"], SHOPIFY_SKU, SHOPIFY_COST],
    },
    BuiltinPreset {
        id: "shopify-orders",
        label: "Shopify orders export",
        sources: &[
            "https://help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders (not read; see the research page)",
            "https://docs.xbp.app/docs/development/integrations/shopify/order-format",
            "docs/research/other-systems-exports.md §2",
        ],
        tables: &[Table::Locations, Table::Demand],
        parameters: &[PresetParameter::Location],
        not_supplied: &[
            "demand: refunded or returned units per line (the export has only an order's refunded amount), stockout days, promotion flags",
        ],
        signature: &[&["Name"], &["Created at"], &["Lineitem quantity"], &["Lineitem sku"]],
    },
    BuiltinPreset {
        id: "shopify-inventory",
        label: "Shopify inventory export",
        sources: &[
            "https://help.shopify.com/en/manual/products/inventory/getting-started-with-inventory/inventory-csv (Export inventory, step 4: \"Only Available quantities\" exports \"the Available quantity below the location name\"; \"All quantity types\" the Available, Unavailable, Committed, On hand and Incoming columns)",
            "public code read for the column-per-location layout: a converter writing `…,SKU,HS Code,COO,<location>,<location>` and a stock-import test reading \"one column per location holding the available count, and no on-hand figure\" (the index names neither repository)",
            "docs/research/other-systems-exports.md §3",
        ],
        tables: &[Table::Locations, Table::StockLots, Table::Commitments],
        parameters: &[],
        not_supplied: &[
            "stock: lots, expiry and received dates; Incoming is not read; Unavailable units are a quarantined lot UNAVAILABLE only when the file has Available, Committed and Unavailable columns (otherwise they stay inside on-hand stock)",
            "commitments: backorders (Shopify's Committed is imported as allocated)",
            "costs, suppliers and offers",
        ],
        // Both layouts: a row per location (`Location` and the quantity
        // columns) and a column per location (Only Available quantities).
        signature: &[&["Handle"], &["SKU"], &["Option1 Name"], &["Option1 Value"]],
    },
    BuiltinPreset {
        id: "woocommerce-products",
        label: "WooCommerce products export",
        sources: &[
            "woocommerce/woocommerce plugins/woocommerce/includes/export/class-wc-product-csv-exporter.php @ 00fd357789d8ecd610854f018181121163fe646b",
            "https://github.com/woocommerce/woocommerce/wiki/Product-CSV-Importer-&-Exporter",
            "German headers: WooCommerce's de_DE translation (translate.wordpress.org language pack, PO-Revision-Date 2025-07-26) as committed in mxstmx/gyt-2025 wp-content/languages/plugins/woocommerce-de_DE.po @ dfe19b0d590d8a76d7deadd5f462cc51055dad98",
            "docs/research/other-systems-exports.md §4",
        ],
        tables: &[Table::Locations, Table::Skus, Table::StockLots],
        parameters: &[PresetParameter::Location],
        not_supplied: &[
            "skus: unit cost unless the shop exports Cost of goods (new SKUs get 0 otherwise: fill it in), criticality, shelf life; Regular price and Sale price are what the shop charges, not what it pays, and are not read",
            "suppliers, offers, lead times, MOQs, lots and expiry; stock per location (WooCommerce has one stock location)",
        ],
        signature: &[WOO_ID, WOO_TYPE, WOO_SKU, WOO_NAME, WOO_STOCK, WOO_PARENT],
    },
    BuiltinPreset {
        id: "odoo-products",
        label: "Odoo products export",
        sources: &[
            "odoo/odoo addons/web/controllers/export.py @ 019afca7027185509a2bd69449487c8ef10296ab (labels, one2many rows, the formula apostrophe)",
            "odoo/odoo addons/product/models/product_template.py @ 0062b70694d080d2b9c15db49fe45b262d724098",
            "odoo/odoo addons/product/models/product_supplierinfo.py @ 0046ae874442802693c8a67b00664098b573258d",
            "docs/research/other-systems-exports.md §5",
        ],
        tables: &[Table::Skus, Table::Suppliers, Table::Offers],
        parameters: &[],
        not_supplied: &[
            "offers: MOQ (Odoo's vendor Quantity is a price-break threshold, not a minimum), pack size",
            "suppliers: payment, freight and duty terms",
            "skus: criticality, shelf life",
        ],
        signature: &[ODOO_REF, ODOO_NAME, ODOO_COST],
    },
    BuiltinPreset {
        id: "odoo-stock-quants",
        label: "Odoo stock quants export",
        sources: &[
            "odoo/odoo addons/stock/models/stock_quant.py @ 0019923b11f16a5ec65ed1ea2817008a11cb6a06",
            "odoo/odoo addons/product_expiry/models/stock_quant.py @ 04cc5c409d951f1f1ea0eff764c7e0e2dc6832a8",
            "docs/research/other-systems-exports.md §5",
        ],
        tables: &[Table::Locations, Table::StockLots],
        parameters: &[],
        not_supplied: &[
            "stock: quarantine (a quality-control location is imported as a location of its own); received is the quant's incoming date",
            "costs, suppliers, offers and demand",
        ],
        signature: &[ODOO_LOCATION, ODOO_PRODUCT, ODOO_QUANTITY],
    },
];

/// How many of the workspace's locations a problem lists.
const MAX_LISTED_LOCATIONS: usize = 50;

/// Whether a location map entry keeps the file's name as a location of its
/// own: the name mapped onto itself (ignoring case and surrounding
/// spaces), created when the workspace lacks it, named and identified as
/// the map writes it. The app's "New location" choice; `--location-map
/// "Main warehouse=Main warehouse"` on the command line.
pub fn keeps_name(name: &str, target: &str) -> bool {
    !name.trim().is_empty() && name.trim().to_lowercase() == target.trim().to_lowercase()
}

/// The location names the file writes, for a preset that reads them from
/// the file (Shopify's inventory and orders exports, Odoo's stock quants):
/// each distinct name once (ignoring case and surrounding spaces), in the
/// order the file first has it, as written there; empty cells and the rows
/// the preset leaves out for their location (Odoo's partner and virtual
/// locations) left out. Empty for the other presets, which take one
/// location from the user, and for a file that cannot be read.
pub fn builtin_location_names(preset: &BuiltinPreset, bytes: &[u8]) -> Vec<String> {
    let Ok((records, _)) = read_records(bytes) else { return Vec::new() };
    let Some((first, rows)) = records.split_first() else { return Vec::new() };
    let find = |aliases: &[&str]| {
        aliases
            .iter()
            .find_map(|alias| first.cells.iter().position(|cell| normalize_header(cell) == normalize_header(alias)))
    };
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        let name = name.trim();
        let lower = name.to_lowercase();
        if !name.is_empty() && !names.iter().any(|n| n.to_lowercase() == lower) {
            names.push(name.to_owned());
        }
    };
    let column = match preset.id {
        "shopify-orders" => find(&["Location"]),
        "odoo-stock-quants" => find(ODOO_LOCATION),
        "shopify-inventory" => match find(&["Location"]) {
            Some(idx) => Some(idx),
            None => {
                let identity: Vec<String> = SHOPIFY_INVENTORY_IDENTITY.iter().map(|c| normalize_header(c)).collect();
                for cell in &first.cells {
                    if !identity.contains(&normalize_header(cell)) {
                        add(cell);
                    }
                }
                None
            }
        },
        _ => None,
    };
    if let Some(idx) = column {
        let left_out = ["partners/", "partner locations/", "virtual locations/"];
        for record in rows {
            let cell = record.cells.get(idx).map_or("", String::as_str);
            if preset.id == "odoo-stock-quants" && left_out.iter().any(|l| cell.to_lowercase().contains(l)) {
                continue;
            }
            add(cell);
        }
    }
    names
}

/// What is wrong with a location map before any row is read: each target
/// that is not a location of `workspace`, and each target or file name
/// left empty, as a problem naming the file, the file's name mapped and
/// the workspace's locations. Empty when the map is (or there is none).
/// The importer refuses such a target anyway ("unknown location"); this
/// says it once, with the locations to choose from.
pub fn location_map_problems(
    workspace: &Workspace,
    file_name: &str,
    location_map: &BTreeMap<String, String>,
) -> Vec<Problem> {
    let known: Vec<&str> = workspace.locations.iter().map(|l| l.id.as_str()).collect();
    let mut listed: Vec<&str> = known.iter().copied().take(MAX_LISTED_LOCATIONS).collect();
    if known.len() > listed.len() {
        listed.push("…");
    }
    let locations = if known.is_empty() {
        "the workspace has no locations yet".to_owned()
    } else {
        format!("the workspace's locations are {}", listed.join(", "))
    };
    let mut problems = Vec::new();
    for (name, target) in location_map {
        let reason = if name.trim().is_empty() {
            format!("the location map sends an empty name to {target:?}: name the file's location")
        } else if target.trim().is_empty() {
            format!(
                "the location map sends {:?} nowhere: give one of the workspace's locations; {locations}",
                name.trim()
            )
        } else if !known.contains(&target.trim()) && !keeps_name(name, target) {
            format!(
                "the location map sends {:?} to {}, which is not a location of the workspace; {locations}",
                name.trim(),
                target.trim()
            )
        } else {
            continue;
        };
        problems.push(Problem {
            file: file_name.to_owned(),
            row: None,
            column: None,
            value: Some(target.clone()),
            reason,
        });
    }
    problems
}

impl BuiltinPreset {
    /// Whether the preset cannot read the file without this parameter
    /// (Shopify's orders: an online order names no location); the others
    /// it asks for are optional (without a location, a WooCommerce export
    /// gives SKUs and no stock). Each front end asks in its own words.
    pub fn requires(&self, parameter: PresetParameter) -> bool {
        matches!((self.id, parameter), ("shopify-orders", PresetParameter::Location))
    }
}

/// The built-in preset with this id.
pub fn builtin_preset(id: &str) -> Option<&'static BuiltinPreset> {
    BUILTIN_PRESETS.iter().find(|preset| preset.id == id)
}

/// The built-in preset whose identifying columns are all in the file's
/// header, the one with the most such columns if several fit; `None` for a
/// file that is not one of these exports (or cannot be read).
pub fn detect_builtin_preset(bytes: &[u8]) -> Option<&'static BuiltinPreset> {
    let header = read_header(bytes).ok()?;
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let has = |aliases: &[&str]| aliases.iter().any(|alias| normalized.contains(&normalize_header(alias)));
    BUILTIN_PRESETS
        .iter()
        .filter(|preset| preset.signature.iter().all(|aliases| has(aliases)))
        .max_by_key(|preset| preset.signature.len())
}

/// The file's header cells.
fn read_header(bytes: &[u8]) -> Result<Vec<String>, String> {
    read_records(bytes).and_then(|(mut records, _)| {
        if records.is_empty() {
            return Err("the file is empty".to_owned());
        }
        Ok(records.swap_remove(0).cells)
    })
}

/// The file's records (the header first) and its delimiter.
fn read_records(bytes: &[u8]) -> Result<(Vec<SourceRecord>, Delimiter), String> {
    let decoded = decode_detected(bytes)?;
    let delimiter = sniff_delimiter(&decoded.text);
    let (records, _) = records(&decoded.text, delimiter);
    Ok((records, delimiter))
}

/// The file's columns, found by alias; a required column not found is
/// recorded as a problem naming the preset.
struct Header<'a> {
    cells: Vec<String>,
    /// The data rows, for the presets that look at values (the number
    /// format of WooCommerce's numeric columns).
    rows: &'a [SourceRecord],
    delimiter: Delimiter,
    preset: &'a BuiltinPreset,
    file_name: &'a str,
    problems: Vec<Problem>,
    /// `PresetOptions::location_map`.
    location_map: &'a BTreeMap<String, String>,
}

impl Header<'_> {
    /// The transform of a column that names locations: the location map
    /// as a closed lookup when there is one, with `empty` (an order
    /// without a location) for an empty cell when given.
    fn location_transform(&self, empty: Option<&str>) -> Transform {
        let mut values = self.location_map.clone();
        if let Some(location) = empty {
            values.insert(String::new(), location.to_owned());
        }
        let closed = !self.location_map.is_empty();
        if values.is_empty() {
            Transform::None
        } else {
            Transform::Lookup { values, otherwise: None, closed }
        }
    }

    /// Whether the import may create locations: without a map, or with a
    /// map that keeps a name as a location of its own (`keeps_name`).
    fn creates_locations(&self) -> bool {
        self.location_map.is_empty() || self.location_map.iter().any(|(name, target)| keeps_name(name, target))
    }

    /// The locations a column of location names creates, and the rows
    /// left out of them: without a map each name (and an empty cell's
    /// `empty` location), created when new; with one, only the names the
    /// map keeps as their own (`keeps_name`), the names it sends onto
    /// another location skipped, and a name it lacks refused as the
    /// quantities' column refuses it.
    fn new_locations(&self, column: &str, empty: Option<&str>) -> (Source, Vec<RowFilter>) {
        if self.location_map.is_empty() {
            let transform = empty.map_or(Transform::None, |location| self.location_transform(Some(location)));
            return (Source::Column { column: column.to_owned(), transform }, Vec::new());
        }
        let (kept, elsewhere): (Vec<_>, Vec<_>) =
            self.location_map.iter().partition(|(name, target)| keeps_name(name, target));
        let mut values: BTreeMap<String, String> =
            kept.into_iter().map(|(name, target)| (name.clone(), target.trim().to_owned())).collect();
        if let Some(location) = empty {
            values.insert(String::new(), location.to_owned());
        }
        let source = Source::Column {
            column: column.to_owned(),
            transform: Transform::Lookup { values, otherwise: None, closed: true },
        };
        let names: Vec<&str> = elsewhere.iter().map(|(name, _)| name.as_str()).collect();
        let skips = if names.is_empty() {
            Vec::new()
        } else {
            vec![skip(column, equals(&names), "names mapped onto a location the workspace has")]
        };
        (source, skips)
    }

    /// The number format of the columns a preset reads as numbers, from
    /// their values (`sniff_numbers`), leaving out the cells `words` lists
    /// (WooCommerce's `parent` stock): the decimal mark they show (they
    /// must agree), else a comma in a semicolon-delimited file and a point
    /// otherwise; a thousands separator one of them shows. Columns whose
    /// values are not all numbers do not count (their cells are refused
    /// one by one later).
    fn number_format(&mut self, columns: &[&str], words: &[&str]) -> NumberFormat {
        let mut decimals: Vec<(String, DecimalSeparator)> = Vec::new();
        let mut thousands = None;
        for column in columns {
            let wanted = normalize_header(column);
            let Some(idx) = self.cells.iter().position(|cell| normalize_header(cell) == wanted) else { continue };
            let values = self
                .rows
                .iter()
                .map(|record| record.cells.get(idx).map_or("", |cell| cell.trim()))
                .filter(|cell| !words.iter().any(|word| cell.eq_ignore_ascii_case(word)));
            let Some(sniffed) = sniff_numbers(values) else { continue };
            if let Some(decimal) = sniffed.decimal {
                decimals.push((column.to_string(), decimal));
            }
            thousands = thousands.or(sniffed.thousands);
        }
        let commas: Vec<&str> =
            decimals.iter().filter(|(_, d)| *d == DecimalSeparator::Comma).map(|(c, _)| c.as_str()).collect();
        let points: Vec<&str> =
            decimals.iter().filter(|(_, d)| *d == DecimalSeparator::Point).map(|(c, _)| c.as_str()).collect();
        let decimal = match (commas.first(), points.first()) {
            (Some(comma), Some(point)) => {
                self.problems.push(Problem::in_file(
                    self.file_name,
                    format!(
                        "the {} preset reads {comma:?} and {point:?} as numbers, and one writes a decimal comma, the other a decimal point: save the file with one decimal mark",
                        self.preset.label
                    ),
                ));
                DecimalSeparator::Point
            }
            (Some(_), None) => DecimalSeparator::Comma,
            (None, Some(_)) => DecimalSeparator::Point,
            (None, None) if self.delimiter == Delimiter::Semicolon => DecimalSeparator::Comma,
            (None, None) => DecimalSeparator::Point,
        };
        let mark = if decimal == DecimalSeparator::Comma { ',' } else { '.' };
        NumberFormat { decimal, thousands: thousands.filter(|t| !t.matches(mark)) }
    }

    fn optional(&self, aliases: &[&str]) -> Option<String> {
        aliases.iter().find_map(|alias| {
            let wanted = normalize_header(alias);
            self.cells.iter().find(|cell| normalize_header(cell) == wanted).map(|cell| cell.trim().to_owned())
        })
    }

    fn required(&mut self, aliases: &[&str]) -> String {
        match self.optional(aliases) {
            Some(name) => name,
            None => {
                let names: Vec<String> = aliases.iter().map(|a| format!("{a:?}")).collect();
                self.problems.push(Problem {
                    file: self.file_name.to_owned(),
                    row: Some(1),
                    column: Some(aliases[0].to_owned()),
                    value: None,
                    reason: format!(
                        "the {} preset needs the column {} and the file has none",
                        self.preset.label,
                        names.join(" or ")
                    ),
                });
                aliases[0].to_owned()
            }
        }
    }
}

fn column(field: &str, column: &str, transform: Transform) -> FieldMapping {
    FieldMapping { field: field.into(), source: Source::Column { column: column.into(), transform } }
}

fn constant(field: &str, value: &str) -> FieldMapping {
    FieldMapping { field: field.into(), source: Source::Constant { value: value.into() } }
}

fn skip(column: &str, when: Match, reason: &str) -> RowFilter {
    RowFilter { column: column.into(), when, reason: reason.into(), unpivoted_from: Vec::new() }
}

fn equals(values: &[&str]) -> Match {
    Match::Equals { values: values.iter().map(|v| (*v).to_owned()).collect() }
}

fn contains(values: &[&str]) -> Match {
    Match::Contains { values: values.iter().map(|v| (*v).to_owned()).collect() }
}

/// A number written without trailing zeros: Odoo's `7.0` days is `7`.
fn whole() -> Transform {
    Transform::Scale { factor: Decimal::ONE }
}

fn note_for(field: &str, text: &str) -> NotSupplied {
    NotSupplied { field: field.into(), note: text.into() }
}

/// The specs of a built-in preset for this file, with the header's own
/// column names and the user's options. Refused with every problem: a
/// required column missing (naming the preset and the column), a parameter
/// the preset needs and was not given, an unreadable file.
pub fn builtin_specs(
    preset: &BuiltinPreset,
    bytes: &[u8],
    file_name: &str,
    options: &PresetOptions,
) -> Result<Vec<MappingSpec>, Vec<Problem>> {
    let in_file = |reason: String| vec![Problem::in_file(file_name, reason)];
    let decoded = decode_detected(bytes).map_err(in_file)?;
    let (records, delimiter) = read_records(bytes).map_err(in_file)?;
    let Some((first, rows)) = records.split_first() else { return Err(in_file("the file is empty".to_owned())) };
    let format = FileFormat { encoding: decoded.encoding, delimiter, numbers: NumberFormat::PLAIN, date_order: None };
    let mut header = Header {
        cells: first.cells.clone(),
        rows,
        delimiter,
        preset,
        file_name,
        problems: Vec::new(),
        location_map: &options.location_map,
    };
    let lead_time = options.lead_time_days.unwrap_or(DEFAULT_LEAD_TIME_DAYS).to_string();
    let location = options.location.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let specs = match preset.id {
        "shopify-products" => shopify_products(&mut header, format, location, &lead_time),
        "shopify-orders" => {
            let Some(location) = location else {
                return Err(in_file(format!(
                    "the {} preset needs a location for orders that name none (online orders): give the location they ship from",
                    preset.label
                )));
            };
            shopify_orders(&mut header, format, location)
        }
        "shopify-inventory" => shopify_inventory(&mut header, format),
        "woocommerce-products" => woocommerce_products(&mut header, format, location),
        "odoo-products" => odoo_products(&mut header, format),
        "odoo-stock-quants" => odoo_stock_quants(&mut header, format),
        other => unreachable!("every built-in preset has its specs: {other}"),
    };
    if header.problems.is_empty() {
        Ok(specs)
    } else {
        Err(header.problems)
    }
}

/// The locations a location id column names, created when new (named as
/// their id; an existing location keeps its name).
fn locations_spec(format: FileFormat, location_id: Source, skip_rows: Vec<RowFilter>) -> MappingSpec {
    let mut spec = MappingSpec::new(
        Table::Locations,
        format,
        vec![FieldMapping { field: "location_id".into(), source: location_id.clone() }],
    );
    spec.new_rows_only = vec![FieldMapping { field: "name".into(), source: location_id }];
    spec.skip_rows = skip_rows;
    spec.combine = Some(Combine::default());
    spec
}

/// Shopify products (§1): one row per variant, grouped by handle; product
/// columns only on a handle's first row (filled down); image-only rows and
/// gift cards skipped. SKUs, suppliers from `Vendor`, offers at `Cost per
/// item`, and with a location the `Inventory quantity` as stock.
fn shopify_products(
    header: &mut Header,
    format: FileFormat,
    location: Option<&str>,
    lead_time: &str,
) -> Vec<MappingSpec> {
    let handle = header.required(SHOPIFY_HANDLE);
    let title = header.required(&["Title"]);
    let vendor = header.required(&["Vendor"]);
    let sku = header.required(SHOPIFY_SKU);
    let cost = header.required(SHOPIFY_COST);
    let kind = header.optional(&["Type"]);
    let status = header.optional(&["Status"]);
    let gift = header.optional(&["Gift card"]);
    let options: Vec<String> =
        ["Option1 value", "Option2 value", "Option3 value"].iter().filter_map(|o| header.optional(&[o])).collect();
    let quantity = header.optional(SHOPIFY_QTY);
    let tracker = header.optional(SHOPIFY_TRACKER);

    let product_columns: Vec<String> =
        [Some(title.clone()), Some(vendor.clone()), kind.clone(), status.clone(), gift.clone()]
            .into_iter()
            .flatten()
            .collect();
    let fill = vec![FillDown { columns: product_columns, within: Some(handle) }];
    let mut skips = Vec::new();
    if let Some(gift) = &gift {
        skips.push(skip(gift, equals(&["true"]), "gift cards"));
    }
    skips.push(skip(&sku, Match::Empty, "no SKU (image rows, or variants without a SKU)"));
    let with_rules = |mut spec: MappingSpec, skips: &[RowFilter]| {
        spec.fill_down = fill.clone();
        spec.skip_rows = skips.to_vec();
        spec
    };

    let mut name_parts = vec![Part { column: title.clone(), transform: Transform::None }];
    name_parts.extend(options.iter().map(|o| Part { column: o.clone(), transform: Transform::None }));
    let mut sku_fields = vec![
        column("sku_id", &sku, Transform::None),
        FieldMapping {
            field: "name".into(),
            source: Source::Join {
                parts: name_parts,
                separator: " - ".into(),
                leave_out: vec!["Default Title".into()],
            },
        },
        column("unit_cost", &cost, Transform::Number),
    ];
    if let Some(kind) = &kind {
        sku_fields.push(column("family", kind, Transform::None));
    }
    if let Some(status) = &status {
        let values = BTreeMap::from([("archived".to_owned(), "discontinued".to_owned())]);
        let status_transform = Transform::Lookup { values, otherwise: Some("active".into()), closed: false };
        sku_fields.push(column("status", status, status_transform));
    }
    let mut skus = with_rules(MappingSpec::new(Table::Skus, format, sku_fields), &skips);
    skus.not_supplied = vec![
        note_for("criticality", "not in a Shopify export"),
        note_for("shelf_life_days", "not in a Shopify export"),
    ];

    let mut suppliers = with_rules(
        MappingSpec::new(Table::Suppliers, format, vec![column("supplier_id", &vendor, Transform::None)]),
        &skips,
    );
    suppliers.new_rows_only = vec![column("name", &vendor, Transform::None)];
    suppliers.combine = Some(Combine::default());
    suppliers.not_supplied =
        vec![note_for("currency", "the shop's currency is not in the file: new suppliers get the base currency")];

    let mut offers = with_rules(
        MappingSpec::new(
            Table::Offers,
            format,
            vec![column("supplier_id", &vendor, Transform::None), column("sku_id", &sku, Transform::None)],
        ),
        &skips,
    );
    // Set when the offer is created: a buyer's negotiated breaks and lead
    // time survive next month's export (the SKU's unit cost is updated).
    offers.new_rows_only =
        vec![column("price_breaks", &cost, Transform::UnitPriceBreak), constant("lead_time_days", lead_time)];
    offers.not_supplied =
        vec![note_for("moq", "not in a Shopify export"), note_for("pack_size", "not in a Shopify export")];

    let mut specs = Vec::new();
    if let (Some(location), Some(quantity)) = (location, &quantity) {
        if header.creates_locations() {
            specs.push(locations_spec(format, Source::Constant { value: location.to_owned() }, Vec::new()));
        }
        let mut stock_skips = skips.clone();
        if let Some(tracker) = &tracker {
            stock_skips.push(skip(tracker, Match::Empty, "stock not tracked"));
        }
        stock_skips.push(skip(quantity, Match::Empty, "stock not tracked"));
        stock_skips.push(skip(quantity, Match::Negative, "negative stock (oversold): no stock is recorded for them"));
        let mut stock = with_rules(
            MappingSpec::new(
                Table::StockLots,
                format,
                vec![
                    column("sku_id", &sku, Transform::None),
                    constant("location_id", location),
                    column("quantity", quantity, Transform::Number),
                ],
            ),
            &stock_skips,
        );
        stock.not_supplied = vec![note_for("expiry", "not in a Shopify export")];
        specs.push(skus);
        specs.push(suppliers);
        specs.push(offers);
        specs.push(stock);
    } else {
        specs.extend([skus, suppliers, offers]);
    }
    specs
}

/// Shopify orders (§2): one row per line item; order columns only on an
/// order's first row (filled down within `Name`); cancelled and voided
/// orders and lines without a SKU skipped; lines of one day, SKU, location
/// and channel summed into one day's demand.
fn shopify_orders(header: &mut Header, format: FileFormat, location: &str) -> Vec<MappingSpec> {
    let name = header.required(&["Name"]);
    let created = header.required(&["Created at"]);
    let quantity = header.required(&["Lineitem quantity"]);
    let sku = header.required(&["Lineitem sku"]);
    let cancelled = header.optional(&["Cancelled at"]);
    let financial = header.optional(&["Financial Status"]);
    let source = header.optional(&["Source"]);
    let order_location = header.optional(&["Location"]);

    let fill_columns: Vec<String> =
        [Some(created.clone()), cancelled.clone(), financial.clone(), source.clone(), order_location.clone()]
            .into_iter()
            .flatten()
            .collect();
    let fill = vec![FillDown { columns: fill_columns, within: Some(name) }];
    let mut skips = Vec::new();
    if let Some(cancelled) = &cancelled {
        skips.push(skip(cancelled, Match::NotEmpty, "cancelled orders"));
    }
    if let Some(financial) = &financial {
        skips.push(skip(financial, equals(&["voided"]), "voided orders"));
    }
    skips.push(skip(&sku, Match::Empty, "lines without a SKU (custom items, services)"));
    let location_source = match &order_location {
        Some(column) => Source::Column { column: column.clone(), transform: header.location_transform(Some(location)) },
        None => Source::Constant { value: location.to_owned() },
    };
    let mut fields = vec![
        column("date", &created, Transform::Date),
        column("sku_id", &sku, Transform::None),
        FieldMapping { field: "location_id".into(), source: location_source.clone() },
        column("quantity", &quantity, Transform::Number),
    ];
    if let Some(source) = &source {
        fields.push(column("channel", source, Transform::None));
    }
    let mut demand = MappingSpec::new(Table::Demand, format, fields);
    demand.fill_down = fill.clone();
    demand.skip_rows = skips.clone();
    demand.combine = Some(Combine { sum: vec!["quantity".into()], join: Vec::new() });
    demand.not_supplied = vec![
        note_for("stockout", "not in an orders export"),
        note_for("promo", "a discount code is per order, not per line: not read"),
    ];
    if !header.creates_locations() {
        return vec![demand];
    }
    let (new_locations, mapped_elsewhere) = match &order_location {
        Some(column) => header.new_locations(column, Some(location)),
        None => (Source::Constant { value: location.to_owned() }, Vec::new()),
    };
    let mut locations = locations_spec(format, new_locations, [skips, mapped_elsewhere].concat());
    locations.fill_down = fill;
    vec![locations, demand]
}

/// The columns of Shopify's inventory export that identify a variant; in
/// the column-per-location layout every other column is a location.
const SHOPIFY_INVENTORY_IDENTITY: &[&str] = &[
    "Handle",
    "Title",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "SKU",
    "HS Code",
    "COO",
    "Bin name",
];

/// Shopify inventory (§3), in whichever layout the export has, told by its
/// header:
/// - "All quantity types": a row per variant and location, with `On hand
///   (current)` (the stock: committed and unavailable units included) and
///   `Committed` (imported as the commitment's `allocated`; a `0`
///   only clears a commitment the workspace has, so re-importing next
///   month's file replaces rather than adds, and never fills the table with
///   zero rows);
/// - "Only Available quantities": Shopify's help says the file holds "the
///   Available quantity below the location name", a column per location
///   (public code shows `…,SKU,HS Code,COO,<location>,<location>`); a row
///   per location with an `Available` column and no `On hand` reads the
///   same way. The stock is then the Available quantity (on hand less
///   committed and unavailable units), and the report says so.
///
/// Rows "not stocked" at a location, without a SKU or with a negative
/// quantity are skipped and reported.
fn shopify_inventory(header: &mut Header, format: FileFormat) -> Vec<MappingSpec> {
    let sku = header.required(&["SKU"]);
    let Some(location) = header.optional(&["Location"]) else {
        return shopify_inventory_by_column(header, format, &sku);
    };
    let on_hand = header.optional(&["On hand (current)", "On hand"]);
    let available = header.optional(&["Available (not editable)", "Available"]);
    let committed = header.optional(&["Committed (not editable)", "Committed"]);
    let unavailable = header.optional(&["Unavailable (not editable)", "Unavailable"]);
    let location_source = Source::Column { column: location.clone(), transform: header.location_transform(None) };
    let (quantity, note) = match (&on_hand, &available) {
        (Some(on_hand), _) => (on_hand.clone(), ON_HAND_NOTE),
        (None, Some(available)) => (available.clone(), AVAILABLE_NOTE),
        (None, None) => {
            (header.required(&["On hand (current)", "On hand", "Available (not editable)", "Available"]), "")
        }
    };
    let mut stock = inventory_stock_spec(format, &sku, location_source.clone(), &quantity, note);
    if let (Some(_), Some(available), Some(committed), Some(unavailable)) =
        (&on_hand, &available, &committed, &unavailable)
    {
        split_unavailable(&mut stock, available, committed, unavailable);
    }
    let mut specs = Vec::new();
    if header.creates_locations() {
        let (new_locations, mapped_elsewhere) = header.new_locations(&location, None);
        specs.push(locations_spec(format, new_locations, mapped_elsewhere));
    }
    if let (Some(committed), ON_HAND_NOTE) = (committed, note) {
        let mut commitments = MappingSpec::new(
            Table::Commitments,
            format,
            vec![
                column("sku_id", &sku, Transform::None),
                FieldMapping { field: "location_id".into(), source: location_source },
                column("allocated", &committed, Transform::Number),
            ],
        );
        commitments.skip_rows = vec![
            skip(&sku, Match::Empty, "no SKU"),
            skip(&committed, equals(&["not stocked"]), "not stocked at the location"),
            skip(&committed, Match::Negative, "negative committed: no commitment is recorded for them"),
        ];
        commitments.existing_rows_only = vec![skip(
            &committed,
            equals(&["0"]),
            "nothing committed and no commitment to clear (a commitment the workspace has is set to 0)",
        )];
        commitments.not_supplied =
            vec![note_for("backorders", "Shopify has no backorders: an existing commitment keeps its backorders")];
        stock.notes.push(format!(
            "commitments: allocated is Shopify's {committed} (units in orders not yet fulfilled), replacing what the workspace had"
        ));
        specs.push(stock);
        specs.push(commitments);
    } else {
        specs.push(stock);
    }
    specs
}

const ON_HAND_NOTE: &str =
    "stock is Shopify's On hand: every unit at the location, committed and unavailable ones included";

/// The lot id of the quarantined lot holding a location's Unavailable units.
pub const UNAVAILABLE_LOT: &str = "UNAVAILABLE";

/// The two columns `split_unavailable` unpivots into, named unlike any of
/// the export's.
const INVENTORY_STATE: &str = "Shopify inventory state";
const INVENTORY_UNITS: &str = "Shopify units";

/// An "All quantity types" export's stock split by Shopify's inventory
/// states, in the one stock-lot mapping a batch allows
/// (`import_mapped_files` refuses two mappings for a table). Shopify's On
/// hand is Available + Committed + Unavailable (help.shopify.com
/// "Inventory states"); Unavailable units (reserved, damaged, quality
/// control, safety stock) are not for sale. So each row's Available,
/// Committed and Unavailable are read as three rows (`unpivot`):
/// - Available and Committed make the ordinary lot (the lot id an import
///   without lots gives, empty, so next month's file updates the same lot),
///   not quarantined, their units added up (`combine`): On hand less
///   Unavailable. An oversold row's negative Available (-20) and its
///   Committed (20) give 0.
/// - Unavailable makes the quarantined lot `UNAVAILABLE`, which the plan
///   does not count as available; its `0` only empties such a lot the
///   workspace has (`existing_rows_only` on the Unavailable rows alone), so
///   no empty lot is made for every variant and next month's 0 empties last
///   month's lot.
///
/// Rows are still skipped by their On hand (`not stocked`, negative), as
/// without the split. A row whose Unavailable is more than its On hand
/// (Available + Committed negative) is refused by the importer as negative
/// stock, naming the row.
fn split_unavailable(stock: &mut MappingSpec, available: &str, committed: &str, unavailable: &str) {
    stock.unpivot = Some(Unpivot {
        columns: vec![available.to_owned(), committed.to_owned(), unavailable.to_owned()],
        name_column: INVENTORY_STATE.to_owned(),
        value_column: INVENTORY_UNITS.to_owned(),
    });
    let state = |unavailable_value: &str, otherwise: &str| Transform::Lookup {
        values: BTreeMap::from([(unavailable.to_owned(), unavailable_value.to_owned())]),
        otherwise: Some(otherwise.to_owned()),
        closed: false,
    };
    for mapping in &mut stock.fields {
        if mapping.field == "quantity" {
            mapping.source = Source::Column { column: INVENTORY_UNITS.to_owned(), transform: Transform::Number };
        }
    }
    stock.fields.push(column("lot_id", INVENTORY_STATE, state(UNAVAILABLE_LOT, "")));
    stock.fields.push(column("quarantine", INVENTORY_STATE, state("true", "false")));
    stock.combine = Some(Combine { sum: vec!["quantity".into()], join: Vec::new() });
    stock.existing_rows_only = vec![RowFilter {
        unpivoted_from: vec![unavailable.to_owned()],
        ..skip(
            INVENTORY_UNITS,
            equals(&["0"]),
            "their Unavailable of 0 makes no UNAVAILABLE lot (one the workspace has is set to 0); the rest of these rows is imported",
        )
    }];
    stock.notes = vec![format!(
        "stock is Shopify's On hand less Unavailable ({available} + {committed}), in the ordinary lot; the {unavailable} units (reserved, damaged, quality control, safety stock) are a quarantined lot {UNAVAILABLE_LOT} per SKU and location, not available to the plan"
    )];
}
const AVAILABLE_NOTE: &str = "stock is Shopify's Available quantity, not On hand: the file was exported with \"Only Available quantities\", so units committed to orders or unavailable are left out (export \"All quantity types\" for on-hand stock and commitments)";

/// The stock lots of an inventory export: one per SKU and location.
fn inventory_stock_spec(format: FileFormat, sku: &str, location: Source, quantity: &str, note: &str) -> MappingSpec {
    let mut stock = MappingSpec::new(
        Table::StockLots,
        format,
        vec![
            column("sku_id", sku, Transform::None),
            FieldMapping { field: "location_id".into(), source: location },
            column("quantity", quantity, Transform::Number),
        ],
    );
    stock.skip_rows = vec![
        skip(sku, Match::Empty, "no SKU"),
        skip(quantity, equals(&["not stocked"]), "not stocked at the location"),
        skip(quantity, Match::Negative, "negative quantity (oversold): no stock is recorded for them"),
    ];
    stock.not_supplied = vec![note_for("expiry", "Shopify has no lots or expiry dates")];
    if !note.is_empty() {
        stock.notes.push(note.to_owned());
    }
    stock
}

/// Shopify inventory with a column per location ("Only Available
/// quantities"): each location column read as a row of its own, the
/// column's header naming the location and its cell the Available quantity.
fn shopify_inventory_by_column(header: &mut Header, format: FileFormat, sku: &str) -> Vec<MappingSpec> {
    let identity: Vec<String> = SHOPIFY_INVENTORY_IDENTITY.iter().map(|c| normalize_header(c)).collect();
    let columns: Vec<String> = header
        .cells
        .iter()
        .map(|cell| cell.trim().to_owned())
        .filter(|cell| !cell.is_empty() && !identity.contains(&normalize_header(cell)))
        .collect();
    if columns.is_empty() {
        header.problems.push(Problem {
            file: header.file_name.to_owned(),
            row: Some(1),
            column: None,
            value: None,
            reason: format!(
                "the {} preset needs a Location column (a row per location) or a column per location after {}, and the file has neither",
                header.preset.label,
                SHOPIFY_INVENTORY_IDENTITY.join(", ")
            ),
        });
        return Vec::new();
    }
    // The two columns `unpivot` adds, named as Shopify's other layout names them.
    let (name_column, value_column) = ("Location".to_owned(), "Available".to_owned());
    let unpivot = Unpivot { columns, name_column: name_column.clone(), value_column: value_column.clone() };
    let location = Source::Column { column: name_column.clone(), transform: header.location_transform(None) };
    let mut stock = inventory_stock_spec(format, sku, location, &value_column, AVAILABLE_NOTE);
    stock.unpivot = Some(unpivot.clone());
    if !header.creates_locations() {
        return vec![stock];
    }
    let (new_locations, mapped_elsewhere) = header.new_locations(&name_column, None);
    let mut locations = locations_spec(format, new_locations, mapped_elsewhere);
    locations.unpivot = Some(unpivot);
    vec![locations, stock]
}

/// WooCommerce's weight units (`woocommerce_weight_unit`, the header's
/// `Weight (…)`) in kilograms: the pound and ounce are the international
/// avoirdupois ones (1 lb = 0.45359237 kg exactly, 1 oz = 1/16 lb).
const WOOCOMMERCE_WEIGHT_UNITS: &[(&str, Decimal)] = &[
    ("kg", Decimal::ONE),
    ("g", Decimal::from_parts(1, 0, 0, false, 3)),
    ("lbs", Decimal::from_parts(45_359_237, 0, 0, false, 8)),
    // 28_349_523_125 × 10^-12, as 96-bit parts: 6 × 2^32 + 2_579_719_349.
    ("oz", Decimal::from_parts(2_579_719_349, 6, 0, false, 12)),
];

/// WooCommerce products (§4): parents of variations (`variable`), grouped,
/// external and virtual products are not stock items and are skipped;
/// variations are SKUs of their own. Unit cost from `Cost of goods` when the
/// shop exports it, else 0 for new SKUs (listed as assumed). With a
/// location, `Stock` is the stock there (empty: not managed; `parent`:
/// managed on the parent, which Stockpilot cannot split: skipped). New
/// SKUs take their weight from `Weight (kg|g|lbs|oz)`, in kilograms. A
/// German admin's export has German headers (`WOO_TYPE` and the others
/// name both), read the same.
///
/// Numbers: the exporter (`class-wc-product-csv-exporter.php`) writes
/// `Regular price` and `Sale price` with `wc_format_localized_price`, in
/// the shop's decimal separator (`12,50` in a German shop), and every other
/// number as stored, with a point (`get_stock_quantity`, `get_weight`,
/// `Cost of goods`). The prices are what the shop charges, which Stockpilot
/// does not plan with, so they are not read; the columns that are read
/// take the decimal mark their values show (`Header::number_format`), so a
/// file re-saved by a spreadsheet with decimal commas reads too.
fn woocommerce_products(header: &mut Header, format: FileFormat, location: Option<&str>) -> Vec<MappingSpec> {
    let kind = header.required(WOO_TYPE);
    let sku = header.required(WOO_SKU);
    let name = header.required(WOO_NAME);
    let stock_column = header.required(WOO_STOCK);
    let categories = header.optional(WOO_CATEGORIES);
    let cost = header.optional(WOO_COST);
    let weight = header.cells.iter().map(|cell| cell.trim()).find_map(|cell| {
        let unit = WOO_WEIGHT_PREFIXES.iter().find_map(|prefix| cell.strip_prefix(prefix))?.strip_suffix(')')?;
        Some((cell.to_owned(), WOOCOMMERCE_WEIGHT_UNITS.iter().find(|(u, _)| u.eq_ignore_ascii_case(unit.trim()))?.1))
    });
    let numeric: Vec<&str> = [Some(stock_column.as_str()), cost.as_deref(), weight.as_ref().map(|(c, _)| c.as_str())]
        .into_iter()
        .flatten()
        .collect();
    let format = FileFormat { numbers: header.number_format(&numeric, &["parent"]), ..format };
    let skips = vec![
        skip(
            &kind,
            contains(&["variable", "grouped", "external"]),
            "variable, grouped and external products (not stock items)",
        ),
        skip(&kind, contains(&["virtual"]), "virtual products"),
        skip(&sku, Match::Empty, "no SKU"),
    ];
    let mut fields = vec![column("sku_id", &sku, Transform::None), column("name", &name, Transform::None)];
    if let Some(categories) = &categories {
        fields.push(column("family", categories, Transform::None));
    }
    let mut skus = MappingSpec::new(Table::Skus, format, Vec::new());
    match &cost {
        Some(cost) => fields.push(column("unit_cost", cost, Transform::Number)),
        None => {
            skus.new_rows_only = vec![constant("unit_cost", "0")];
            skus.not_supplied =
                vec![note_for("unit_cost", "not in the export (no Cost of goods column): new SKUs get 0")];
        }
    }
    match &weight {
        // New SKUs only: a variation's empty weight means "as the parent",
        // which must not clear a weight the buyer entered.
        Some((column_name, factor)) => {
            skus.new_rows_only.push(column("weight_kg", column_name, Transform::Scale { factor: *factor }))
        }
        None => skus.not_supplied.push(note_for("weight_kg", "no Weight (kg, g, lbs or oz) column")),
    }
    skus.fields = fields;
    skus.skip_rows = skips.clone();
    let Some(location) = location else { return vec![skus] };
    let mut stock_skips = skips;
    stock_skips.push(skip(&stock_column, Match::Empty, "stock not managed"));
    stock_skips.push(skip(&stock_column, equals(&["parent"]), "stock managed on the parent product"));
    stock_skips.push(skip(&stock_column, Match::Negative, "negative stock: no stock is recorded for them"));
    let mut stock = MappingSpec::new(
        Table::StockLots,
        format,
        vec![
            column("sku_id", &sku, Transform::None),
            constant("location_id", location),
            column("quantity", &stock_column, Transform::Number),
        ],
    );
    stock.skip_rows = stock_skips;
    if !header.creates_locations() {
        return vec![skus, stock];
    }
    vec![locations_spec(format, Source::Constant { value: location.to_owned() }, Vec::new()), skus, stock]
}

/// Odoo products (§5): vendor lines after the first take extra rows with
/// the product columns blank (filled down within `Name`); services and
/// rows without an Internal Reference skipped; one offer per vendor and
/// product, its rows' `Quantity:Price` joined as price breaks.
fn odoo_products(header: &mut Header, format: FileFormat) -> Vec<MappingSpec> {
    let reference = header.required(ODOO_REF);
    let name = header.required(ODOO_NAME);
    let cost = header.required(ODOO_COST);
    let category = header.optional(&["Product Category", "categ_id"]);
    let kind = header.optional(&["Product Type", "Type", "detailed_type", "type"]);
    let unit = header.optional(&["Unit of Measure", "Unit", "uom_id"]);
    let vendor = header.optional(&["Vendors/Vendor", "seller_ids/partner_id"]);

    let product_columns: Vec<String> =
        [Some(reference.clone()), Some(cost.clone()), category.clone(), kind.clone(), unit.clone()]
            .into_iter()
            .flatten()
            .collect();
    let fill = vec![FillDown { columns: product_columns, within: Some(name.clone()) }];
    let mut skips = Vec::new();
    if let Some(kind) = &kind {
        skips.push(skip(kind, equals(&["service"]), "services"));
    }
    skips.push(skip(&reference, Match::Empty, "no Internal Reference"));
    let odoo = |spec: &mut MappingSpec, skips: &[RowFilter]| {
        spec.formula_apostrophes = true;
        spec.fill_down = fill.clone();
        spec.skip_rows = skips.to_vec();
        spec.combine = Some(Combine::default());
    };
    let mut fields = vec![
        column("sku_id", &reference, Transform::None),
        column("name", &name, Transform::None),
        column("unit_cost", &cost, Transform::Number),
    ];
    if let Some(category) = &category {
        fields.push(column("family", category, Transform::None));
    }
    if let Some(unit) = &unit {
        fields.push(column("unit", unit, Transform::None));
    }
    let mut skus = MappingSpec::new(Table::Skus, format, fields);
    odoo(&mut skus, &skips);
    let Some(vendor) = vendor else { return vec![skus] };
    let quantity = header.required(&["Vendors/Quantity", "seller_ids/min_qty"]);
    let price = header.required(&["Vendors/Price", "Vendors/Unit Price", "seller_ids/price"]);
    let lead_time = header.required(&["Vendors/Delivery Lead Time", "Vendors/Lead Time", "seller_ids/delay"]);
    let code = header.optional(&["Vendors/Vendor Product Code", "seller_ids/product_code"]);
    let currency = header.optional(&["Vendors/Currency", "seller_ids/currency_id"]);
    let mut vendor_skips = skips.clone();
    vendor_skips.push(skip(&vendor, Match::Empty, "products without a vendor"));

    let mut suppliers =
        MappingSpec::new(Table::Suppliers, format, vec![column("supplier_id", &vendor, Transform::None)]);
    odoo(&mut suppliers, &vendor_skips);
    suppliers.new_rows_only = vec![column("name", &vendor, Transform::None)];
    if let Some(currency) = &currency {
        suppliers.new_rows_only.push(column("currency", currency, Transform::None));
    }
    let mut fields = vec![
        column("supplier_id", &vendor, Transform::None),
        column("sku_id", &reference, Transform::None),
        FieldMapping {
            field: "price_breaks".into(),
            source: Source::Join {
                parts: vec![Part { column: quantity, transform: whole() }, Part { column: price, transform: whole() }],
                separator: ":".into(),
                leave_out: Vec::new(),
            },
        },
        column("lead_time_days", &lead_time, whole()),
    ];
    if let Some(code) = &code {
        fields.push(column("supplier_sku", code, Transform::None));
    }
    let mut offers = MappingSpec::new(Table::Offers, format, fields);
    odoo(&mut offers, &vendor_skips);
    offers.combine = Some(Combine { sum: Vec::new(), join: vec!["price_breaks".into()] });
    offers.not_supplied = vec![
        note_for("moq", "Odoo's vendor Quantity is a price-break threshold, not a minimum order"),
        note_for("pack_size", "packagings are not in a product export"),
    ];
    vec![skus, suppliers, offers]
}

/// Odoo stock quants (§5): the product's `[code]` taken from its display
/// name; quants of one SKU, location and lot (several packages or owners)
/// summed; quants in partner and virtual locations and negative quants
/// skipped and reported. The file is the whole stock of each location it
/// names (`replace_within`): a lot there that the file lacks was used up
/// and is deleted; other locations are untouched.
fn odoo_stock_quants(header: &mut Header, format: FileFormat) -> Vec<MappingSpec> {
    let location = header.required(ODOO_LOCATION);
    let product = header.required(ODOO_PRODUCT);
    let quantity = header.required(ODOO_QUANTITY);
    let lot = header.optional(&["Lot/Serial Number", "lot_id"]);
    let expiry = header.optional(&["Expiration Date", "expiration_date", "Lot/Serial Number/Expiration Date"]);
    let received = header.optional(&["Incoming Date", "in_date"]);
    let skips = vec![
        skip(
            &location,
            contains(&["Partners/", "Partner Locations/", "Virtual Locations/"]),
            "quants outside internal locations",
        ),
        skip(&quantity, Match::Negative, "negative quants: no stock is recorded for them"),
    ];
    let mut fields = vec![
        column("sku_id", &product, Transform::BracketCode),
        column("location_id", &location, header.location_transform(None)),
        column("quantity", &quantity, Transform::Number),
    ];
    if let Some(lot) = &lot {
        fields.push(column("lot_id", lot, Transform::None));
    }
    if let Some(expiry) = &expiry {
        fields.push(column("expiry", expiry, Transform::Date));
    }
    if let Some(received) = &received {
        fields.push(column("received", received, Transform::Date));
    }
    let mut stock = MappingSpec::new(Table::StockLots, format, fields);
    stock.formula_apostrophes = true;
    stock.skip_rows = skips.clone();
    stock.combine = Some(Combine { sum: vec!["quantity".into()], join: Vec::new() });
    stock.replace_within = vec!["location_id".into()];
    if !header.creates_locations() {
        return vec![stock];
    }
    let (new_locations, mapped_elsewhere) = header.new_locations(&location, None);
    let mut locations = locations_spec(format, new_locations, [skips, mapped_elsewhere].concat());
    locations.formula_apostrophes = true;
    vec![locations, stock]
}
