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

use super::sniff::{decode_detected, records, sniff_delimiter, NumberFormat};
use super::spec::{
    normalize_header, Combine, FieldMapping, FileFormat, FillDown, MappingSpec, Match, NotSupplied, Part, RowFilter,
    Source, Transform,
};
use crate::io::Table;
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
            "offers: lead times (new offers get the --lead-time-days value), MOQ, pack size, purchase unit, price breaks beyond one unit",
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
            "https://help.shopify.com/en/manual/products/inventory/getting-started-with-inventory/inventory-csv",
            "docs/research/other-systems-exports.md §3",
        ],
        tables: &[Table::Locations, Table::StockLots],
        parameters: &[],
        not_supplied: &["stock: lots, expiry and received dates; costs, suppliers and offers"],
        signature: &[&["Handle"], SHOPIFY_SKU, &["Location"], &["On hand (current)", "On hand"]],
    },
    BuiltinPreset {
        id: "woocommerce-products",
        label: "WooCommerce products export",
        sources: &[
            "woocommerce/woocommerce plugins/woocommerce/includes/export/class-wc-product-csv-exporter.php @ 00fd357789d8ecd610854f018181121163fe646b",
            "https://github.com/woocommerce/woocommerce/wiki/Product-CSV-Importer-&-Exporter",
            "docs/research/other-systems-exports.md §4",
        ],
        tables: &[Table::Locations, Table::Skus, Table::StockLots],
        parameters: &[PresetParameter::Location],
        not_supplied: &[
            "skus: unit cost unless the shop exports Cost of goods (new SKUs get 0 otherwise: fill it in), criticality, shelf life",
            "suppliers, offers, lead times, MOQs, lots and expiry; stock per location (WooCommerce has one stock location)",
        ],
        signature: &[&["ID"], &["Type"], &["SKU"], &["Name"], &["Stock"], &["Parent"]],
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
    let decoded = decode_detected(bytes)?;
    let delimiter = sniff_delimiter(&decoded.text);
    let (records, _) = records(&decoded.text, delimiter);
    records.into_iter().next().map(|r| r.cells).ok_or_else(|| "the file is empty".to_owned())
}

/// The file's columns, found by alias; a required column not found is
/// recorded as a problem naming the preset.
struct Header<'a> {
    cells: Vec<String>,
    preset: &'a BuiltinPreset,
    file_name: &'a str,
    problems: Vec<Problem>,
}

impl Header<'_> {
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
    RowFilter { column: column.into(), when, reason: reason.into() }
}

fn equals(values: &[&str]) -> Match {
    Match::Equals { values: values.iter().map(|v| (*v).to_owned()).collect() }
}

fn contains(values: &[&str]) -> Match {
    Match::Contains { values: values.iter().map(|v| (*v).to_owned()).collect() }
}

/// A column whose empty cell is `value` (an online order has no location).
fn or_else(value: &str) -> Transform {
    Transform::Lookup { values: BTreeMap::from([(String::new(), value.to_owned())]), otherwise: None }
}

/// A number written without trailing zeros: Odoo's `7.0` days is `7`.
fn whole() -> Transform {
    Transform::Scale { factor: Decimal::ONE }
}

fn note(field: &str, text: &str) -> NotSupplied {
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
    let delimiter = sniff_delimiter(&decoded.text);
    let cells = read_header(bytes).map_err(in_file)?;
    let format = FileFormat { encoding: decoded.encoding, delimiter, numbers: NumberFormat::PLAIN, date_order: None };
    let mut header = Header { cells, preset, file_name, problems: Vec::new() };
    let lead_time = options.lead_time_days.unwrap_or(DEFAULT_LEAD_TIME_DAYS).to_string();
    let location = options.location.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let specs = match preset.id {
        "shopify-products" => shopify_products(&mut header, format, location, &lead_time),
        "shopify-orders" => {
            let Some(location) = location else {
                return Err(in_file(format!(
                    "the {} preset needs a location for orders that name none (online orders): give one, e.g. --location AMS",
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
        sku_fields.push(column("status", status, Transform::Lookup { values, otherwise: Some("active".into()) }));
    }
    let mut skus = with_rules(MappingSpec::new(Table::Skus, format, sku_fields), &skips);
    skus.not_supplied =
        vec![note("criticality", "not in a Shopify export"), note("shelf_life_days", "not in a Shopify export")];

    let mut suppliers = with_rules(
        MappingSpec::new(Table::Suppliers, format, vec![column("supplier_id", &vendor, Transform::None)]),
        &skips,
    );
    suppliers.new_rows_only = vec![column("name", &vendor, Transform::None)];
    suppliers.combine = Some(Combine::default());
    suppliers.not_supplied =
        vec![note("currency", "the shop's currency is not in the file: new suppliers get the base currency")];

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
    offers.not_supplied = vec![note("moq", "not in a Shopify export"), note("pack_size", "not in a Shopify export")];

    let mut specs = Vec::new();
    if let (Some(location), Some(quantity)) = (location, &quantity) {
        specs.push(locations_spec(format, Source::Constant { value: location.to_owned() }, Vec::new()));
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
        stock.not_supplied = vec![note("expiry", "not in a Shopify export")];
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
        Some(column) => Source::Column { column: column.clone(), transform: or_else(location) },
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
        note("stockout", "not in an orders export"),
        note("promo", "a discount code is per order, not per line: not read"),
    ];
    let mut locations = locations_spec(format, location_source, skips);
    locations.fill_down = fill;
    vec![locations, demand]
}

/// Shopify inventory (§3): one row per variant and location; `On hand
/// (current)` is the stock. Rows "not stocked" at a location, without a SKU
/// or with a negative on-hand are skipped and reported.
fn shopify_inventory(header: &mut Header, format: FileFormat) -> Vec<MappingSpec> {
    let sku = header.required(SHOPIFY_SKU);
    let location = header.required(&["Location"]);
    let on_hand = header.required(&["On hand (current)", "On hand"]);
    let skips = vec![
        skip(&sku, Match::Empty, "no SKU"),
        skip(&on_hand, equals(&["not stocked"]), "not stocked at the location"),
        skip(&on_hand, Match::Negative, "negative on hand: no stock is recorded for them"),
    ];
    let mut stock = MappingSpec::new(
        Table::StockLots,
        format,
        vec![
            column("sku_id", &sku, Transform::None),
            column("location_id", &location, Transform::None),
            column("quantity", &on_hand, Transform::Number),
        ],
    );
    stock.skip_rows = skips;
    stock.not_supplied = vec![note("expiry", "Shopify has no lots or expiry dates")];
    let locations = locations_spec(format, Source::Column { column: location, transform: Transform::None }, Vec::new());
    vec![locations, stock]
}

/// WooCommerce products (§4): parents of variations (`variable`), grouped,
/// external and virtual products are not stock items and are skipped;
/// variations are SKUs of their own. Unit cost from `Cost of goods` when the
/// shop exports it, else 0 for new SKUs (listed as assumed). With a
/// location, `Stock` is the stock there (empty: not managed; `parent`:
/// managed on the parent, which Stockpilot cannot split: skipped).
fn woocommerce_products(header: &mut Header, format: FileFormat, location: Option<&str>) -> Vec<MappingSpec> {
    let kind = header.required(&["Type"]);
    let sku = header.required(&["SKU"]);
    let name = header.required(&["Name"]);
    let stock_column = header.required(&["Stock"]);
    let categories = header.optional(&["Categories"]);
    let cost = header.optional(&["Cost of goods"]);
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
            skus.not_supplied = vec![note("unit_cost", "not in the export (no Cost of goods column): new SKUs get 0")];
        }
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
        note("moq", "Odoo's vendor Quantity is a price-break threshold, not a minimum order"),
        note("pack_size", "packagings are not in a product export"),
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
        column("location_id", &location, Transform::None),
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
    let mut locations = locations_spec(format, Source::Column { column: location, transform: Transform::None }, skips);
    locations.formula_apostrophes = true;
    vec![locations, stock]
}
