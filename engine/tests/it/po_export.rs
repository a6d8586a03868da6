//! A purchase order as a supplier receives it: CSV and cXML `OrderRequest`
//! (issue 8, section 8). The golden files are snapshots: written by
//! `po_csv`/`po_cxml` once, read and checked by eye against the layout and
//! the cXML 1.2 DTD, and from then on compared byte for byte
//! (`UPDATE_GOLDEN=1` rewrites them after an intended change; review the diff).
//! The parse-back test checks the cXML's structure independently of the snapshot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use engine::model::{
    Approval, Criticality, Currency, LandedCostTerms, Location, Offer, PaymentTerms, PoLine, PoStatus, PriceBreak,
    PurchaseOrder, Sku, SkuStatus, Sorted, Supplier, SupplyRisk, Workspace,
};
use engine::purchasing::{po_csv, po_cxml, un_cefact_unit, CxmlEnvelope, PoExportError};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn sku(id: &str, name: &str, unit: &str, family: &str) -> Sku {
    Sku {
        id: id.into(),
        name: name.into(),
        family: family.into(),
        unit: unit.into(),
        unit_cost: Decimal::ONE,
        criticality: Criticality::Normal,
        regulated: false,
        shelf_life_days: None,
        min_remaining_shelf_life_days: None,
        status: SkuStatus::Active,
        weight_kg: None,
        volume_l: None,
    }
}

fn offer(sku: &str, supplier_sku: &str) -> Offer {
    Offer {
        supplier: "SUP-1".into(),
        sku: sku.into(),
        supplier_sku: supplier_sku.into(),
        price_breaks: vec![PriceBreak { min_qty: 1.0, unit_price: Decimal::ONE }],
        moq: 1.0,
        pack_size: 1.0,
        purchase_unit: "each".into(),
        units_per_purchase_unit: 1.0,
        lead_time_days: 14,
        landed_override: Default::default(),
        contract: None,
        valid_from: None,
        valid_to: None,
    }
}

fn line(line_no: u32, sku: &str, quantity: f64, unit_price: &str) -> PoLine {
    PoLine {
        line_no,
        sku: sku.into(),
        quantity,
        unit_price: d(unit_price),
        expected_landed_unit: None,
        receipts: vec![],
    }
}

/// Three lines: a name with `<&"`, an offer without a supplier code (the
/// SKU id is sent), and a SKU with no offer, a unit cXML has no code for in
/// our table and a name a spreadsheet would run as a formula.
/// Totals: 250 × 0.125 = 31.25; 12.5 × 4.80 = 60.00; 3 × 19.99 = 59.97; Σ 151.22.
fn workspace() -> (Workspace, PurchaseOrder) {
    let mut workspace = Workspace {
        locations: Sorted::from_vec(vec![Location { id: "WH1".into(), name: "Main warehouse".into() }]),
        suppliers: Sorted::from_vec(vec![Supplier {
            id: "SUP-1".into(),
            name: "Acme & Sons".into(),
            approval: Approval::Preferred,
            currency: Currency::new("EUR"),
            payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
            risk: SupplyRisk::Low,
            landed: LandedCostTerms::default(),
            min_order_value: None,
            free_freight_threshold: None,
            lead_time_sd_days: None,
        }]),
        skus: Sorted::from_vec(vec![
            sku("BOLT-M8", r#"Bolts <M8> & "nuts""#, "each", "fasteners"),
            sku("OIL-5", "Cutting oil", "l", "fluids"),
            sku("ROPE", "=HYPERLINK(\"x\")", "coil", "rigging"),
        ]),
        offers: Sorted::from_vec(vec![offer("BOLT-M8", "AC-8812"), offer("OIL-5", " ")]),
        ..Workspace::default()
    };
    let cxml = &mut workspace.settings.purchasing.cxml;
    cxml.from_identity = "BUYER-77".into();
    cxml.to_domain = "SupplierID".into();
    cxml.sender_domain = "NetworkID".into();
    cxml.sender_identity = "BUYER-77".into();
    cxml.shared_secret = "s3cret&co".into();
    let order = PurchaseOrder {
        id: "PO-2026-0042".into(),
        supplier: "SUP-1".into(),
        location: "WH1".into(),
        status: PoStatus::Approved,
        created: date("2026-11-28"),
        approved: Some(date("2026-11-30")),
        sent: None,
        promised: Some(date("2026-12-14")),
        received: None,
        note: "Deliver to gate 2, before noon".into(),
        lines: vec![line(1, "BOLT-M8", 250.0, "0.125"), line(2, "OIL-5", 12.5, "4.80"), line(3, "ROPE", 3.0, "19.99")],
        log: vec![],
    };
    (workspace, order)
}

fn envelope() -> CxmlEnvelope {
    CxmlEnvelope {
        payload_id: "1764930600.PO-2026-0042@stockpilot".into(),
        timestamp: DateTime::parse_from_rfc3339("2026-12-01T09:30:00+01:00").unwrap(),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/po_export")
}

/// Compare with a snapshot, or rewrite it when `UPDATE_GOLDEN=1`.
fn snapshot(name: &str, actual: &str) {
    let path = fixtures().join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 to create it)", path.display()));
    assert!(expected == actual, "{name} differs from its snapshot; if intended, rerun with UPDATE_GOLDEN=1 and review the diff\n--- expected\n{expected}\n--- actual\n{actual}");
}

/// Snapshot test: the CSV of the three-line order.
#[test]
fn po_csv_matches_its_snapshot() {
    let (workspace, order) = workspace();
    snapshot("PO-2026-0042.csv", &po_csv(&workspace, &order).unwrap());
}

/// Snapshot test: the cXML of the three-line order.
#[test]
fn po_cxml_matches_its_snapshot() {
    let (workspace, order) = workspace();
    snapshot("PO-2026-0042.xml", &po_cxml(&workspace, &order, &envelope()).unwrap());
}

/// Facts of the CSV checked without the snapshot: the total by hand, the
/// formula-injection apostrophe, the supplier code fallback, the blocks.
#[test]
fn po_csv_content() {
    let (workspace, order) = workspace();
    let csv = po_csv(&workspace, &order).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "field,value");
    assert!(lines.contains(&"total,151.22"), "{csv}");
    assert!(lines.contains(&"order_date,2026-11-30"), "the approval date: {csv}");
    let blank = lines.iter().position(|l| l.is_empty()).expect("an empty line between the blocks");
    assert!(lines[blank + 1].starts_with("line_no,sku_id,supplier_part_id,description,quantity"));
    assert_eq!(lines.len(), blank + 2 + 3, "one row per line: {csv}");
    assert_eq!(lines[blank + 2], r#"1,BOLT-M8,AC-8812,"Bolts <M8> & ""nuts""",250,each,0.125,31.25,2026-12-14"#);
    assert_eq!(lines[blank + 3], "2,OIL-5,OIL-5,Cutting oil,12.5,l,4.80,60.00,2026-12-14");
    assert_eq!(lines[blank + 4], r#"3,ROPE,ROPE,"'=HYPERLINK(""x"")",3,coil,19.99,59.97,2026-12-14"#);
}

/// Every element's text and attributes by path (`cXML/Header/From/...`),
/// read back with quick-xml's reader, entity references resolved.
#[derive(Default)]
struct Parsed {
    root: Option<(String, BTreeMap<String, String>)>,
    doctype: Option<String>,
    /// (path, attributes, text) per element, in document order.
    elements: Vec<(String, BTreeMap<String, String>, String)>,
}

impl Parsed {
    fn all(&self, path: &str) -> Vec<&(String, BTreeMap<String, String>, String)> {
        self.elements.iter().filter(|(p, _, _)| p == path).collect()
    }

    fn text(&self, path: &str) -> &str {
        let found = self.all(path);
        assert_eq!(found.len(), 1, "one {path}");
        &found[0].2
    }
}

fn parse(document: &str) -> Parsed {
    // Untrimmed: a leaf's text is exact (the writer puts it inline), and an
    // entity reference splits it into several text events.
    let mut reader = Reader::from_str(document);
    let mut parsed = Parsed::default();
    let mut open: Vec<usize> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let mut start = |element: &quick_xml::events::BytesStart<'_>, parsed: &mut Parsed| {
            let name = element.name().as_ref().to_owned();
            let attributes: BTreeMap<String, String> = element
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    (a.key.as_ref().to_owned(), a.normalized_value(XmlVersion::Implicit1_0).unwrap().into_owned())
                })
                .collect();
            if names.is_empty() {
                parsed.root = Some((name.clone(), attributes.clone()));
            }
            names.push(name);
            parsed.elements.push((names.join("/"), attributes, String::new()));
            parsed.elements.len() - 1
        };
        match event {
            Event::Start(element) => {
                let idx = start(&element, &mut parsed);
                open.push(idx);
            }
            Event::Empty(element) => {
                start(&element, &mut parsed);
                names.pop();
            }
            Event::End(_) => {
                open.pop();
                names.pop();
            }
            Event::Text(text) => match open.last() {
                Some(&idx) => parsed.elements[idx].2.push_str(&text.xml10_content()),
                None => assert!(text.xml10_content().trim().is_empty(), "only line ends outside the root"),
            },
            Event::GeneralRef(reference) => {
                let idx = *open.last().expect("a reference inside an element");
                let name = reference.xml10_content();
                let reference = format!("&{name};");
                let resolved = quick_xml::escape::unescape(&reference).expect("a predefined entity");
                parsed.elements[idx].2.push_str(&resolved);
            }
            Event::DocType(doctype) => parsed.doctype = Some(doctype.xml10_content().trim().to_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(names.is_empty(), "every element closed");
    parsed
}

#[test]
fn cxml_parses_back_with_its_structure() {
    let (workspace, order) = workspace();
    let document = po_cxml(&workspace, &order, &envelope()).unwrap();
    let parsed = parse(&document);
    assert_eq!(parsed.doctype.as_deref(), Some(r#"cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd""#));
    let (root, attributes) = parsed.root.as_ref().unwrap();
    assert_eq!(root, "cXML");
    assert_eq!(attributes["payloadID"], "1764930600.PO-2026-0042@stockpilot");
    assert_eq!(attributes["timestamp"], "2026-12-01T09:30:00+01:00");

    let credential = |party: &str| {
        let path = format!("cXML/Header/{party}/Credential");
        let found = parsed.all(&path);
        assert_eq!(found.len(), 1, "{path}");
        (found[0].1["domain"].clone(), parsed.text(&format!("{path}/Identity")).to_owned())
    };
    assert_eq!(credential("From"), ("NetworkID".into(), "BUYER-77".into()));
    assert_eq!(credential("To"), ("SupplierID".into(), "SUP-1".into()), "the supplier's id in to_domain");
    assert_eq!(credential("Sender"), ("NetworkID".into(), "BUYER-77".into()));
    assert_eq!(parsed.text("cXML/Header/Sender/Credential/SharedSecret"), "s3cret&co");
    assert_eq!(parsed.text("cXML/Header/Sender/UserAgent"), "Stockpilot");

    let header = "cXML/Request/OrderRequest/OrderRequestHeader";
    let header_attributes = &parsed.all(header)[0].1;
    assert_eq!(header_attributes["orderID"], "PO-2026-0042");
    assert_eq!(header_attributes["type"], "new");
    assert_eq!(header_attributes["orderDate"], "2026-11-30T00:00:00+01:00");
    assert_eq!(parsed.text(&format!("{header}/Total/Money")), "151.22");
    assert_eq!(parsed.all(&format!("{header}/Total/Money"))[0].1["currency"], "EUR");
    assert_eq!(parsed.all(&format!("{header}/ShipTo/Address"))[0].1["addressID"], "WH1");
    assert_eq!(parsed.text(&format!("{header}/ShipTo/Address/Name")), "Main warehouse");

    let items = parsed.all("cXML/Request/OrderRequest/ItemOut");
    let quantities: Vec<(&str, &str, &str)> = items
        .iter()
        .map(|(_, a, _)| (a["lineNumber"].as_str(), a["quantity"].as_str(), a["requestedDeliveryDate"].as_str()))
        .collect();
    assert_eq!(quantities, vec![("1", "250", "2026-12-14"), ("2", "12.5", "2026-12-14"), ("3", "3", "2026-12-14")]);
    let item_texts = |leaf: &str| -> Vec<String> {
        parsed.all(&format!("cXML/Request/OrderRequest/ItemOut/{leaf}")).iter().map(|(_, _, t)| t.clone()).collect()
    };
    assert_eq!(item_texts("ItemID/SupplierPartID"), vec!["AC-8812", "OIL-5", "ROPE"]);
    assert_eq!(item_texts("ItemDetail/UnitPrice/Money"), vec!["0.125", "4.80", "19.99"]);
    assert_eq!(
        item_texts("ItemDetail/Description"),
        vec![r#"Bolts <M8> & "nuts""#, "Cutting oil", "=HYPERLINK(\"x\")"]
    );
    assert_eq!(item_texts("ItemDetail/UnitOfMeasure"), vec!["EA", "LTR", "coil"]);
    // The raw text escapes what XML requires.
    assert!(document.contains("Bolts &lt;M8&gt; &amp; &quot;nuts&quot;"), "{document}");
}

#[test]
fn units_map_to_un_cefact_codes() {
    let pairs = [("each", "EA"), ("kg", "KGM"), ("l", "LTR"), ("m", "MTR"), ("pack", "PK"), (" KG ", "KGM")];
    for (unit, code) in pairs {
        assert_eq!(un_cefact_unit(unit), Some(code), "{unit}");
    }
    assert_eq!(un_cefact_unit("coil"), None);
}

#[test]
fn what_the_exports_refuse() {
    let (workspace, mut order) = workspace();
    let empty_id = CxmlEnvelope { payload_id: " ".into(), ..envelope() };
    assert!(matches!(po_cxml(&workspace, &order, &empty_id), Err(PoExportError::EmptyPayloadId { .. })));
    order.lines[1].sku = "GHOST".into();
    assert!(matches!(po_csv(&workspace, &order), Err(PoExportError::UnknownSku { line_no: 2, .. })));
    order.location = "NOWHERE".into();
    assert!(matches!(po_cxml(&workspace, &order, &envelope()), Err(PoExportError::UnknownLocation { .. })));
    order.lines.clear();
    assert!(matches!(po_csv(&workspace, &order), Err(PoExportError::NoLines { .. })));
}
