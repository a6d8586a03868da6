//! Proposing a mapping for a file nobody has mapped yet: which table it
//! most likely feeds and which of its columns fills which field, by the
//! similarity of its header names to the table's column names and their
//! common synonyms in shop and ERP exports (Shopify, WooCommerce, Odoo: see
//! `docs/research/other-systems-exports.md`). Every field says why it was
//! chosen and how sure the guess is; the user confirms or changes it.

use serde::{Deserialize, Serialize};

use super::sniff::{sniff, NumberFormat, Sniffed};
use super::spec::{FieldMapping, FileFormat, MappingSpec, Source, Transform};
use crate::io::Table;
use crate::problem::Problem;

/// How sure a proposed field is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The header only contains the field's name or a synonym (`Vendors/Vendor Product Code`).
    Low,
    /// The header is a common synonym (`Variant SKU` for `sku_id`).
    Medium,
    /// The header is the field's own name (`sku_id`, `SKU ID`).
    High,
}

/// One target field of a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProposal {
    pub field: String,
    pub required: bool,
    /// The user's column proposed for it, as the header writes it.
    pub column: Option<String>,
    pub confidence: Option<Confidence>,
    /// Why, in words: "\"Variant SKU\" is a common name for sku_id".
    pub reason: String,
}

/// How well a table fits the file's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCandidate {
    pub table: Table,
    pub score: u32,
    pub required_matched: usize,
    pub required_total: usize,
}

/// A proposed mapping: the sniffed format, the likeliest table with the
/// others ranked, a field-by-field proposal, and the spec it amounts to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub file_name: String,
    pub sniffed: Sniffed,
    pub target: Table,
    /// Every candidate table, best first.
    pub candidates: Vec<TableCandidate>,
    /// One entry per column of the target table, in the table's order.
    pub fields: Vec<FieldProposal>,
    /// Required fields no column was found for: the user must pick a
    /// column or give a constant.
    pub unmapped_required: Vec<String>,
    /// What the user must decide before importing (an ambiguous date order…).
    pub questions: Vec<String>,
    /// The proposal as a spec (unmapped fields left out).
    #[serde(with = "super::wire::spec_serde")]
    pub spec: MappingSpec,
}

/// The tables a foreign file is proposed for.
const CANDIDATE_TABLES: [Table; 7] = [
    Table::Skus,
    Table::Suppliers,
    Table::Offers,
    Table::StockLots,
    Table::Demand,
    Table::Locations,
    Table::Commitments,
];

/// Common names of a table's fields in other systems' exports, written as
/// `similarity_key` leaves them (lower-case letters and digits only).
fn synonyms(table: Table, field: &str) -> &'static [&'static str] {
    match (table, field) {
        (_, "sku_id") => &[
            "sku",
            "variantsku",
            "lineitemsku",
            "internalreference",
            "itemcode",
            "itemnumber",
            "itemno",
            "articlenumber",
            "articleno",
            "artikelnummer",
            "artikel",
            "productcode",
            "partnumber",
            "reference",
        ],
        (Table::Suppliers, "supplier_id") | (Table::Offers, "supplier_id") => {
            &["supplier", "vendor", "vendors", "vendorsvendor", "vendorid", "suppliercode", "lieferant"]
        }
        (_, "location_id") => &["location", "locationcode", "warehouse", "site", "store", "lager", "magazijn"],
        (Table::Suppliers, "name") => &["suppliername", "vendorname", "name"],
        (Table::Locations, "name") => &["locationname", "warehousename", "name"],
        (Table::Skus, "name") => &["title", "productname", "itemname", "description", "bezeichnung"],
        (_, "family") => &["category", "productcategory", "categories", "type", "producttype", "group", "productgroup"],
        (_, "unit") => &["uom", "unitofmeasure", "unitofmeasurename"],
        (_, "unit_cost") => &["cost", "costperitem", "costprice", "standardprice", "purchaseprice", "einkaufspreis"],
        (_, "weight_kg") => &["weight", "weightkg"],
        (_, "volume_l") => &["volume", "volumel"],
        (_, "supplier_sku") => &["vendorproductcode", "vendorsvendorproductcode", "suppliersku", "vendorsku"],
        (_, "price_breaks") => &["price", "vendorsprice", "unitprice", "purchaseprice"],
        (_, "moq") => &["minimumorderquantity", "minqty", "minimumquantity", "vendorsquantity"],
        (_, "lead_time_days") => &["leadtime", "deliveryleadtime", "vendorsdeliveryleadtime", "leadtimedays"],
        (_, "pack_size") => &["packsize", "packagesize", "casepack"],
        (_, "lot_id") => &["lot", "lotnumber", "lotserialnumber", "batch", "batchnumber", "charge"],
        (Table::StockLots, "quantity") => &[
            "qty",
            "onhand",
            "onhandcurrent",
            "quantityonhand",
            "stock",
            "inventoryquantity",
            "variantinventoryqty",
            "menge",
            "bestand",
        ],
        (_, "expiry") => {
            &["expirationdate", "expiry", "expirydate", "bestbefore", "useby", "mhd", "verfallsdatum", "ablaufdatum"]
        }
        (_, "received") => &["receiveddate", "incomingdate", "receipt", "receiptdate", "eingang", "eingangsdatum"],
        (Table::Demand, "date") => &["createdat", "orderdate", "date", "datum", "day"],
        (Table::Demand, "quantity") => &["lineitemquantity", "qty", "quantitysold", "unitssold", "menge"],
        (Table::Demand, "requested") => &[
            "ordered",
            "qtyordered",
            "quantityordered",
            "orderedquantity",
            "orderedqty",
            "requestedquantity",
            "requestedqty",
            "asked",
            "askedfor",
            "demanded",
            "bestellt",
            "bestellmenge",
        ],
        (_, "channel") => &["channel", "source", "saleschannel"],
        (_, "backorders") => &["backorder", "backordered"],
        (_, "allocated") => &["committed", "committednoteditable", "reserved", "reservedquantity"],
        _ => &[],
    }
}

/// A name as compared for similarity: lower-case letters and digits only
/// (`Vendors/Vendor Product Code` → `vendorsvendorproductcode`).
fn similarity_key(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// How well a header fits a field, and why.
fn field_score(table: Table, field: &str, header: &str) -> Option<(u32, Confidence, String)> {
    let key = similarity_key(header);
    if key.is_empty() {
        return None;
    }
    if key == similarity_key(field) {
        return Some((100, Confidence::High, format!("the column {header:?} is named {field}")));
    }
    let synonyms = synonyms(table, field);
    if synonyms.contains(&key.as_str()) {
        return Some((80, Confidence::Medium, format!("{header:?} is a common name for {field}")));
    }
    let field_key = similarity_key(field);
    let contained = std::iter::once(field_key.as_str())
        .chain(synonyms.iter().copied())
        .filter(|s| s.len() >= 3)
        .find(|s| key.contains(s));
    contained.map(|s| (40, Confidence::Low, format!("{header:?} contains {s:?}, a name for {field}")))
}

/// The greedy best assignment of columns to a table's fields: the best
/// (header, field) pairs first, each header and field used once.
fn assign(table: Table, headers: &[String]) -> Vec<(usize, usize, u32, Confidence, String)> {
    let mut pairs = Vec::new();
    for (field_idx, column) in table.columns().iter().enumerate() {
        for (header_idx, header) in headers.iter().enumerate() {
            if let Some((score, confidence, reason)) = field_score(table, column.name, header) {
                pairs.push((field_idx, header_idx, score, confidence, reason));
            }
        }
    }
    // Stable: among equal scores the earlier field, then the earlier column.
    crate::sorting::sort_by_key(&mut pairs, |p| std::cmp::Reverse(p.2));
    let (mut field_used, mut header_used) = (vec![false; table.columns().len()], vec![false; headers.len()]);
    let mut chosen = Vec::new();
    for pair in pairs {
        if !field_used[pair.0] && !header_used[pair.1] {
            field_used[pair.0] = true;
            header_used[pair.1] = true;
            chosen.push(pair);
        }
    }
    chosen
}

/// Words in a file name that say which table a foreign export holds.
fn name_hint(file_name: &str) -> Option<Table> {
    let lower = file_name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["order", "sales", "demand"]) {
        Some(Table::Demand)
    } else if has(&["inventory", "stock", "quant"]) {
        Some(Table::StockLots)
    } else if has(&["product", "sku", "item", "artikel"]) {
        Some(Table::Skus)
    } else if has(&["vendor", "supplier"]) {
        Some(Table::Suppliers)
    } else {
        None
    }
}

/// Propose a mapping for a file. Convention: the file is sniffed
/// (`sniff::sniff`); each candidate table (SKUs, suppliers, offers, stock
/// lots, demand, locations, commitments) gets the greedy best assignment of
/// header to field, scored 100 for a header that is the field's name, 80 for
/// a common synonym, 40 for a header that contains either; a table's score
/// is the sum, plus 50 per required field found, plus 30 when the file name
/// suggests it (`orders_export.csv` → demand) and 1000 when the file is
/// named after it (`skus.csv`). The best score wins, ties to the earlier
/// table in that list. Date columns get the date transform; numeric columns
/// the number transform when the file's numbers are not plain (`7,90`), and
/// only for fields that are not text (so `00123` stays an id). Refused when
/// the file cannot be decoded or is empty.
pub fn propose_mapping(bytes: &[u8], file_name: &str) -> Result<Proposal, Problem> {
    let (sniffed, _) = sniff(bytes).map_err(|reason| Problem::in_file(file_name, reason))?;
    let headers: Vec<String> = sniffed.columns.iter().map(|c| c.header.clone()).collect();
    let by_name = Table::from_file_name(file_name);
    let hint = name_hint(file_name);
    let mut candidates: Vec<TableCandidate> = CANDIDATE_TABLES
        .iter()
        .map(|&table| {
            let chosen = assign(table, &headers);
            let columns = table.columns();
            let required_total = columns.iter().filter(|c| c.required).count();
            let required_matched = chosen.iter().filter(|p| columns[p.0].required).count();
            let mut score: u32 = chosen.iter().map(|p| p.2).sum::<u32>() + 50 * required_matched as u32;
            if hint == Some(table) {
                score += 30;
            }
            if by_name == Some(table) {
                score += 1000;
            }
            TableCandidate { table, score, required_matched, required_total }
        })
        .collect();
    crate::sorting::sort_by_key(&mut candidates, |c| std::cmp::Reverse(c.score));
    let target = candidates[0].table;
    let chosen = assign(target, &headers);
    let numbers_plain = sniffed.number_format == NumberFormat::PLAIN;
    let mut fields = Vec::new();
    let mut mappings = Vec::new();
    let mut unmapped_required = Vec::new();
    for (field_idx, column) in target.columns().iter().enumerate() {
        let found = chosen.iter().find(|p| p.0 == field_idx);
        match found {
            Some(&(_, header_idx, _, confidence, ref reason)) => {
                let sniffed_column = &sniffed.columns[header_idx];
                let transform = if sniffed_column.date.is_some() && !column.text {
                    Transform::Date
                } else if sniffed_column.number.is_some() && !column.text && !numbers_plain {
                    Transform::Number
                } else {
                    Transform::None
                };
                mappings.push(FieldMapping {
                    field: column.name.to_owned(),
                    source: Source::Column { column: sniffed_column.header.clone(), transform },
                });
                fields.push(FieldProposal {
                    field: column.name.to_owned(),
                    required: column.required,
                    column: Some(sniffed_column.header.clone()),
                    confidence: Some(confidence),
                    reason: reason.clone(),
                });
            }
            None => {
                if column.required {
                    unmapped_required.push(column.name.to_owned());
                }
                let reason = if column.required {
                    "no column looks like it: choose one or give a constant".to_owned()
                } else {
                    "no column looks like it; new rows get the default".to_owned()
                };
                fields.push(FieldProposal {
                    field: column.name.to_owned(),
                    required: column.required,
                    column: None,
                    confidence: None,
                    reason,
                });
            }
        }
    }
    let mapped_headers: Vec<&str> = mappings
        .iter()
        .filter_map(|m| match &m.source {
            Source::Column { column, .. } => Some(column.as_str()),
            Source::Constant { .. } | Source::Join { .. } => None,
        })
        .collect();
    let mut questions = Vec::new();
    for column in sniffed.columns.iter().filter(|c| mapped_headers.contains(&c.header.as_str())) {
        if sniffed.ambiguous_dates.contains(&column.header) {
            questions.push(format!(
                "the dates in {:?} (like {}) read as day/month and as month/day: which is it?",
                column.header,
                column.example.as_deref().unwrap_or("")
            ));
        }
        if column.number.is_some_and(|n| n.undecided) {
            questions.push(format!(
                "in {:?} (like {}) the mark before the last three digits may be a decimal mark or group thousands: which is it?",
                column.header,
                column.example.as_deref().unwrap_or("")
            ));
        }
    }
    let format = FileFormat {
        encoding: sniffed.encoding,
        delimiter: sniffed.delimiter,
        numbers: sniffed.number_format,
        date_order: sniffed.date_order,
    };
    let spec = MappingSpec::new(target, format, mappings);
    Ok(Proposal {
        file_name: file_name.to_owned(),
        sniffed,
        target,
        candidates,
        fields,
        unmapped_required,
        questions,
        spec,
    })
}
