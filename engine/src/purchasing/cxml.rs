//! A purchase order as a cXML 1.2 `OrderRequest` (issue 8, section 8), the
//! document procurement networks and supplier order systems take in.
//!
//! Written with quick-xml's writer, which escapes text and attribute values,
//! so names such as `Bolts <M8> & "nuts"` stay well-formed.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde::{Deserialize, Serialize};

use rust_decimal::Decimal;

use super::po_document::{money_text, order_date, resolve, Item, PoDocument, PoExportError};
use crate::io::cell::{format_date, format_f64};
use crate::model::{Currency, CxmlIdentity, PurchaseOrder, Workspace};

/// The cXML version written, and the DTD it names. The DTDs of every 1.2
/// release are published under `http://xml.cxml.org/schemas/cXML/<version>/cXML.dtd`;
/// 1.2.014 is the one suppliers' integration guides show in their sample
/// orders (Coupa's "Sample cXML Purchase Order with Annotations",
/// compass.coupa.com, 2024); later 1.2 releases (to 1.2.066) only add
/// optional elements, so every document valid against 1.2.014 is valid
/// against them.
pub const CXML_VERSION: &str = "1.2.014";
pub const CXML_DOCTYPE: &str = r#"cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd""#;

/// What makes one sending of a document unique. The engine never reads the
/// clock: the caller gives both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CxmlEnvelope {
    /// `cXML/@payloadID`: unique per document sent (cXML suggests
    /// `datetime.process.random@hostname`).
    pub payload_id: String,
    /// `cXML/@timestamp`: when the document was made, with its UTC offset.
    pub timestamp: DateTime<FixedOffset>,
}

/// The UN/CEFACT Recommendation 20 code of a SKU's unit of measure, which
/// cXML's `UnitOfMeasure` carries: each/ea/pc/pcs/piece/unit → EA, kg → KGM,
/// g → GRM, t → TNE, l → LTR, ml → MLT, m → MTR, m2 → MTK, m3 → MTQ,
/// pack/pk → PK, pair → PR, dozen → DZN, h/hour → HUR (case and surrounding
/// spaces ignored). `None` for any other unit.
pub fn un_cefact_unit(unit: &str) -> Option<&'static str> {
    let code = match unit.trim().to_ascii_lowercase().as_str() {
        "each" | "ea" | "pc" | "pcs" | "piece" | "unit" => "EA",
        "kg" => "KGM",
        "g" => "GRM",
        "t" => "TNE",
        "l" => "LTR",
        "ml" => "MLT",
        "m" => "MTR",
        "m2" => "MTK",
        "m3" => "MTQ",
        "pack" | "pk" => "PK",
        "pair" => "PR",
        "dozen" => "DZN",
        "h" | "hour" => "HUR",
        _ => return None,
    };
    Some(code)
}

/// `order` as a cXML 1.2 `OrderRequest` document (UTF-8, indented by two
/// spaces, with the XML declaration and [`CXML_DOCTYPE`]).
///
/// What goes where:
/// - `cXML`: `payloadID` and `timestamp` from `envelope`, `version`
///   [`CXML_VERSION`], `xml:lang="en-US"`;
/// - `Header`: `From` (`from_domain`/`from_identity`), `To` (`to_domain`,
///   the supplier's Stockpilot id as identity), `Sender`
///   (`sender_domain`/`sender_identity`, `SharedSecret` when set, `UserAgent`
///   "Stockpilot"), all from `Settings.purchasing.cxml`;
/// - `OrderRequestHeader`: `orderID` the PO id, `orderDate` the order's date
///   (approved, else sent, else created) at 00:00:00 in the timestamp's UTC
///   offset (cXML wants a date-time with a zone; Stockpilot keeps dates),
///   `type="new"`; `Total/Money` Σ line totals (price × quantity to the cent)
///   in the supplier's currency; `ShipTo/Address` the location (id as
///   `addressID`, name as `Name`); `BillTo/Address` the buyer's
///   `from_identity` (the DTD requires a `BillTo`, and the workspace holds no
///   billing address);
/// - one `ItemOut` per line, in line order: `quantity`, `lineNumber`,
///   `requestedDeliveryDate` the PO's promised date (`YYYY-MM-DD`; left out
///   when there is none); `ItemID/SupplierPartID` the offer's supplier code,
///   else the SKU id; `ItemDetail`: `UnitPrice/Money`, `Description` the SKU
///   name, `UnitOfMeasure` by [`un_cefact_unit`] (a unit it does not know is
///   written as the SKU has it), and `Classification domain="family"` the
///   SKU's family (the DTD requires one; no UNSPSC code is kept).
///
/// Refused: an empty payload id, and what every PO export refuses (no lines,
/// an unknown supplier, location or SKU).
pub fn po_cxml(workspace: &Workspace, order: &PurchaseOrder, envelope: &CxmlEnvelope) -> Result<String, PoExportError> {
    if envelope.payload_id.trim().is_empty() {
        return Err(PoExportError::EmptyPayloadId { po: order.id.clone() });
    }
    let document = resolve(workspace, order)?;
    let mut xml = Xml(Writer::new_with_indent(Vec::new(), b' ', 2));
    write_document(&mut xml, &document, &workspace.settings.purchasing.cxml, envelope);
    let mut bytes = xml.0.into_inner();
    bytes.push(b'\n');
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// The writer behind three plain functions (open, close, a leaf with text).
/// quick-xml's element builder takes a closure per element, and every
/// closure is another copy of the code in the WebAssembly module: written
/// this way the document costs a fraction of the size.
struct Xml(Writer<Vec<u8>>);

impl Xml {
    // Writing into a Vec cannot fail: the writer's errors are I/O errors.
    fn event(&mut self, event: Event<'_>) {
        let _ = self.0.write_event(event);
    }

    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Start(start_tag(name, attributes)));
    }

    fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name attributes…>text</name>` on one line, the text escaped.
    fn leaf(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.event(Event::Start(start_tag(name, attributes)));
        self.event(Event::Text(BytesText::new(text)));
        self.event(Event::End(BytesEnd::new(name)));
    }
}

/// A start tag; attribute values are escaped by quick-xml.
fn start_tag<'a>(name: &'a str, attributes: &[(&'a str, &'a str)]) -> BytesStart<'a> {
    let mut tag = BytesStart::new(name);
    for &attribute in attributes {
        tag.push_attribute(attribute);
    }
    tag
}

fn write_document(xml: &mut Xml, document: &PoDocument<'_>, identity: &CxmlIdentity, envelope: &CxmlEnvelope) {
    xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    xml.event(Event::DocType(BytesText::from_escaped(CXML_DOCTYPE)));
    let local = envelope.timestamp.naive_local();
    let timestamp = datetime_text(local.date(), local.time(), envelope.timestamp.offset());
    xml.open(
        "cXML",
        &[
            ("payloadID", &envelope.payload_id),
            ("timestamp", &timestamp),
            ("version", CXML_VERSION),
            ("xml:lang", "en-US"),
        ],
    );
    xml.open("Header", &[]);
    credential(xml, "From", &identity.from_domain, &identity.from_identity, "");
    credential(xml, "To", &identity.to_domain, document.supplier.id.as_str(), "");
    credential(xml, "Sender", &identity.sender_domain, &identity.sender_identity, &identity.shared_secret);
    xml.close("Header");
    xml.open("Request", &[]);
    xml.open("OrderRequest", &[]);
    write_order_header(xml, document, identity, envelope);
    for item in &document.items {
        write_item(xml, document, item);
    }
    xml.close("OrderRequest");
    xml.close("Request");
    xml.close("cXML");
}

/// `<party><Credential domain><Identity/>[<SharedSecret/>]</Credential>…</party>`;
/// the `Sender` also carries the `UserAgent`.
fn credential(xml: &mut Xml, party: &str, domain: &str, identity: &str, shared_secret: &str) {
    xml.open(party, &[]);
    xml.open("Credential", &[("domain", domain)]);
    xml.leaf("Identity", &[], identity);
    if !shared_secret.is_empty() {
        xml.leaf("SharedSecret", &[], shared_secret);
    }
    xml.close("Credential");
    if party == "Sender" {
        xml.leaf("UserAgent", &[], "Stockpilot");
    }
    xml.close(party);
}

fn write_order_header(xml: &mut Xml, document: &PoDocument<'_>, identity: &CxmlIdentity, envelope: &CxmlEnvelope) {
    let order_date = datetime_text(order_date(document.order), NaiveTime::MIN, envelope.timestamp.offset());
    xml.open(
        "OrderRequestHeader",
        &[("orderID", document.order.id.as_str()), ("orderDate", &order_date), ("type", "new")],
    );
    xml.open("Total", &[]);
    money(xml, &document.supplier.currency, document.total);
    xml.close("Total");
    address(xml, "ShipTo", document.location.id.as_str(), &document.location.name);
    address(xml, "BillTo", &identity.from_identity, &identity.from_identity);
    xml.close("OrderRequestHeader");
}

fn write_item(xml: &mut Xml, document: &PoDocument<'_>, item: &Item<'_>) {
    let quantity = format_f64(item.line.quantity);
    let line_number = item.line.line_no.to_string();
    let requested = document.order.promised.map(format_date);
    let mut attributes = vec![("quantity", quantity.as_str()), ("lineNumber", line_number.as_str())];
    if let Some(requested) = &requested {
        attributes.push(("requestedDeliveryDate", requested));
    }
    xml.open("ItemOut", &attributes);
    xml.open("ItemID", &[]);
    xml.leaf("SupplierPartID", &[], item.supplier_part);
    xml.close("ItemID");
    xml.open("ItemDetail", &[]);
    xml.open("UnitPrice", &[]);
    money(xml, &document.supplier.currency, item.line.unit_price);
    xml.close("UnitPrice");
    xml.leaf("Description", &[("xml:lang", "en")], &item.sku.name);
    xml.leaf("UnitOfMeasure", &[], un_cefact_unit(&item.sku.unit).unwrap_or(item.sku.unit.trim()));
    xml.leaf("Classification", &[("domain", "family")], &item.sku.family);
    xml.close("ItemDetail");
    xml.close("ItemOut");
}

fn money(xml: &mut Xml, currency: &Currency, amount: Decimal) {
    xml.leaf("Money", &[("currency", currency.as_str())], &money_text(amount));
}

/// `<party><Address addressID><Name xml:lang="en"/></Address></party>`.
fn address(xml: &mut Xml, party: &str, id: &str, name: &str) {
    xml.open(party, &[]);
    xml.open("Address", &[("addressID", id)]);
    xml.leaf("Name", &[("xml:lang", "en")], name);
    xml.close("Address");
    xml.close(party);
}

/// A local date and time with its UTC offset, as ISO 8601
/// (`2026-11-30T09:15:00+01:00`; seconds' fractions dropped). By hand:
/// chrono's formatting machinery is kilobytes of WebAssembly.
fn datetime_text(date: NaiveDate, time: NaiveTime, offset: &FixedOffset) -> String {
    let offset = offset.local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        date.year(),
        date.month(),
        date.day(),
        time.hour(),
        time.minute(),
        time.second(),
        offset / 3600,
        offset % 3600 / 60
    )
}
