//! A purchase order as a cXML 1.2 `OrderRequest` (issue 8, section 8), the
//! document procurement networks and supplier order systems take in.
//!
//! Written with quick-xml's writer, which escapes text and attribute values,
//! so names such as `Bolts <M8> & "nuts"` stay well-formed.

use std::io;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Timelike};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde::{Deserialize, Serialize};

use super::po_document::{money_text, order_date, resolve, PoDocument, PoExportError};
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
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail: the writer's errors are I/O errors.
    let _ = write_document(&mut writer, &document, &workspace.settings.purchasing.cxml, envelope);
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

type Xml = Writer<Vec<u8>>;

fn write_document(
    w: &mut Xml,
    document: &PoDocument<'_>,
    identity: &CxmlIdentity,
    envelope: &CxmlEnvelope,
) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::DocType(BytesText::from_escaped(CXML_DOCTYPE)))?;
    let local = envelope.timestamp.naive_local();
    let timestamp = datetime_text(local.date(), local.time(), envelope.timestamp.offset());
    w.create_element("cXML")
        .with_attributes([
            ("payloadID", envelope.payload_id.as_str()),
            ("timestamp", timestamp.as_str()),
            ("version", CXML_VERSION),
            ("xml:lang", "en-US"),
        ])
        .write_inner_content(|w| {
            write_header(w, identity, document.supplier.id.as_str())?;
            w.create_element("Request").write_inner_content(|w| {
                w.create_element("OrderRequest").write_inner_content(|w| {
                    write_order_header(w, document, identity, envelope)?;
                    document.items.iter().try_for_each(|item| write_item(w, document, item))
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn write_header(w: &mut Xml, identity: &CxmlIdentity, supplier_id: &str) -> io::Result<()> {
    w.create_element("Header").write_inner_content(|w| {
        w.create_element("From")
            .write_inner_content(|w| credential(w, &identity.from_domain, &identity.from_identity, ""))?;
        w.create_element("To").write_inner_content(|w| credential(w, &identity.to_domain, supplier_id, ""))?;
        w.create_element("Sender").write_inner_content(|w| {
            credential(w, &identity.sender_domain, &identity.sender_identity, &identity.shared_secret)?;
            text_element(w, "UserAgent", "Stockpilot")
        })?;
        Ok(())
    })?;
    Ok(())
}

fn credential(w: &mut Xml, domain: &str, identity: &str, shared_secret: &str) -> io::Result<()> {
    w.create_element("Credential").with_attribute(("domain", domain)).write_inner_content(|w| {
        text_element(w, "Identity", identity)?;
        if !shared_secret.is_empty() {
            text_element(w, "SharedSecret", shared_secret)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_order_header(
    w: &mut Xml,
    document: &PoDocument<'_>,
    identity: &CxmlIdentity,
    envelope: &CxmlEnvelope,
) -> io::Result<()> {
    let order_date = datetime_text(order_date(document.order), NaiveTime::MIN, envelope.timestamp.offset());
    w.create_element("OrderRequestHeader")
        .with_attributes([("orderID", document.order.id.as_str()), ("orderDate", order_date.as_str()), ("type", "new")])
        .write_inner_content(|w| {
            w.create_element("Total")
                .write_inner_content(|w| money(w, &document.supplier.currency, &money_text(document.total)))?;
            w.create_element("ShipTo")
                .write_inner_content(|w| address(w, document.location.id.as_str(), &document.location.name))?;
            w.create_element("BillTo")
                .write_inner_content(|w| address(w, &identity.from_identity, &identity.from_identity))?;
            Ok(())
        })?;
    Ok(())
}

fn write_item(w: &mut Xml, document: &PoDocument<'_>, item: &super::po_document::Item<'_>) -> io::Result<()> {
    let quantity = format_f64(item.line.quantity);
    let line_number = item.line.line_no.to_string();
    let requested = document.order.promised.map(format_date);
    let mut element = w
        .create_element("ItemOut")
        .with_attributes([("quantity", quantity.as_str()), ("lineNumber", line_number.as_str())]);
    if let Some(requested) = &requested {
        element = element.with_attribute(("requestedDeliveryDate", requested.as_str()));
    }
    element.write_inner_content(|w| {
        w.create_element("ItemID").write_inner_content(|w| text_element(w, "SupplierPartID", item.supplier_part))?;
        w.create_element("ItemDetail").write_inner_content(|w| {
            w.create_element("UnitPrice")
                .write_inner_content(|w| money(w, &document.supplier.currency, &money_text(item.line.unit_price)))?;
            w.create_element("Description")
                .with_attribute(("xml:lang", "en"))
                .write_text_content(BytesText::new(&item.sku.name))?;
            text_element(w, "UnitOfMeasure", un_cefact_unit(&item.sku.unit).unwrap_or(item.sku.unit.trim()))?;
            w.create_element("Classification")
                .with_attribute(("domain", "family"))
                .write_text_content(BytesText::new(&item.sku.family))?;
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

fn money(w: &mut Xml, currency: &Currency, amount: &str) -> io::Result<()> {
    w.create_element("Money")
        .with_attribute(("currency", currency.as_str()))
        .write_text_content(BytesText::new(amount))?;
    Ok(())
}

fn address(w: &mut Xml, id: &str, name: &str) -> io::Result<()> {
    w.create_element("Address").with_attribute(("addressID", id)).write_inner_content(|w| {
        w.create_element("Name").with_attribute(("xml:lang", "en")).write_text_content(BytesText::new(name))?;
        Ok(())
    })?;
    Ok(())
}

fn text_element(w: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
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
