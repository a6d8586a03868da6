//! How a workspace is cut into chunks for the browser's IndexedDB, and put
//! back together.
//!
//! A workspace of 10,000 SKUs with two years of daily demand is about 90 MB,
//! far beyond local storage (about 5 MB per origin), so the page stores it in
//! IndexedDB as *content-addressed chunks* plus one *manifest*:
//!
//! - one core chunk: every table but demand (recurring orders, the logs
//!   of purchase orders and the mapping presets included), as the current versioned JSON document
//!   (`io::to_json`), so stored data migrates exactly like a backup file does;
//! - demand chunks: runs of whole series in a compact little-endian binary
//!   encoding. Chunk boundaries are chosen by a hash of the SKU id, not by
//!   position, so importing a new SKU changes one chunk instead of shifting
//!   every chunk after it.
//!
//! A chunk's key is derived from its bytes, so an unchanged chunk has the same
//! key and is not written again. A save writes the chunks that are new, then
//! switches the manifest (the commit marker), then deletes chunks no manifest
//! names any more. A save interrupted before the manifest switch leaves the
//! previous manifest and all its chunks intact.
//!
//! This module is pure: it turns a workspace into bytes and back. The page's
//! `storage` module does the IndexedDB transaction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::io;
use crate::io::rules::MAX_QUANTITY;
use crate::model::{DayFlags, DemandHistory, DemandSeries, LocationId, RequestedDays, SeriesKey, SkuId, Workspace};
use crate::problem::Problem;

/// Version of the chunk layout (not of the workspace schema, which the core
/// chunk's JSON carries itself). Layout 2 added demand chunks that carry
/// requested quantities (`SPD2`); every other chunk is written as layout 1
/// wrote it, so a layout 1 save loads unchanged and, once saved again,
/// rewrites only its manifest. An older Stockpilot meeting layout 2 says the
/// save is from a newer version rather than calling a `SPD2` chunk damaged.
pub const LAYOUT_VERSION: u32 = 2;
/// The oldest layout this version reads.
pub const OLDEST_LAYOUT_VERSION: u32 = 1;

/// Start a new demand chunk at a SKU whose id hash is divisible by this: about
/// one boundary per 64 SKUs.
const BOUNDARY_MODULUS: u64 = 64;
/// …but never let a chunk grow past this many quantity cells (about 4 MB).
const MAX_CELLS_PER_CHUNK: usize = 1 << 20;

/// A demand chunk none of whose series records a requested quantity: the
/// layout 1 encoding, still written for such chunks, so their bytes (and
/// keys) are what they were before requested quantities existed.
const DEMAND_MAGIC: &[u8; 4] = b"SPD1";
/// A demand chunk in which some series records requested quantities: each
/// series as in `SPD1`, followed by its requested cells.
const DEMAND_MAGIC_REQUESTED: &[u8; 4] = b"SPD2";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChunkKind {
    Core,
    Demand,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRef {
    pub key: String,
    pub kind: ChunkKind,
    pub len: usize,
}

/// The commit marker: which chunks make up the saved workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub layout_version: u32,
    /// Increases by one with every save; a save is refused if the stored
    /// generation is not the one this tab last loaded or saved (another tab
    /// saved in between).
    pub generation: u64,
    /// When the save happened, as the shell's clock saw it (milliseconds since
    /// the Unix epoch); shown to the user, never used for decisions.
    pub saved_at_ms: f64,
    pub chunks: Vec<ChunkRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    pub key: String,
    pub kind: ChunkKind,
    pub bytes: Vec<u8>,
}

impl Chunk {
    fn new(kind: ChunkKind, bytes: Vec<u8>) -> Self {
        let prefix = match kind {
            ChunkKind::Core => 'c',
            ChunkKind::Demand => 'd',
        };
        let key = format!("{prefix}-{:016x}-{}", fnv1a(&bytes), bytes.len());
        Self { key, kind, bytes }
    }

    pub fn as_ref(&self) -> ChunkRef {
        ChunkRef { key: self.key.clone(), kind: self.kind, len: self.bytes.len() }
    }
}

/// Why a stored workspace could not be read back.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum LoadError {
    #[error(
        "the saved workspace uses storage layout {found}; this version of Stockpilot reads layouts {OLDEST_LAYOUT_VERSION} to {LAYOUT_VERSION}"
    )]
    UnknownLayout { found: u32 },
    #[error("the saved workspace is incomplete: chunk {key} is missing")]
    MissingChunk { key: String },
    #[error("the saved workspace is damaged: chunk {key} does not match its checksum")]
    CorruptChunk { key: String },
    #[error("the saved workspace has no core chunk")]
    NoCore,
    #[error("the saved workspace's manifest is damaged: {reason}")]
    BadManifest { reason: String },
    #[error("the saved demand history is damaged: {reason}")]
    BadDemand { reason: String },
    #[error("the saved workspace could not be read: {}", problems.first().map(ToString::to_string).unwrap_or_default())]
    Invalid { problems: Vec<Problem> },
}

/// The workspace without its demand history: what the core chunk holds.
pub fn core_of(workspace: &Workspace) -> Workspace {
    Workspace {
        settings: workspace.settings.clone(),
        locations: workspace.locations.clone(),
        skus: workspace.skus.clone(),
        suppliers: workspace.suppliers.clone(),
        offers: workspace.offers.clone(),
        contracts: workspace.contracts.clone(),
        stock_lots: workspace.stock_lots.clone(),
        commitments: workspace.commitments.clone(),
        demand: DemandHistory::default(),
        purchase_orders: workspace.purchase_orders.clone(),
        currency_rates: workspace.currency_rates.clone(),
        budgets: workspace.budgets.clone(),
        min_max_overrides: workspace.min_max_overrides.clone(),
        forecast_pins: workspace.forecast_pins.clone(),
        forecast_overrides: workspace.forecast_overrides.clone(),
        promotions: workspace.promotions.clone(),
        launches: workspace.launches.clone(),
        recurring_orders: workspace.recurring_orders.clone(),
        mapping_presets: workspace.mapping_presets.clone(),
    }
}

/// The core chunk: every table but demand, as the versioned JSON document.
pub fn encode_core(workspace: &Workspace) -> Chunk {
    Chunk::new(ChunkKind::Core, io::to_json(&core_of(workspace)).into_bytes())
}

/// Demand history as chunks of whole series, boundaries placed by SKU hash.
pub fn encode_demand(demand: &DemandHistory) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut cells = 0;
    for (idx, series) in demand.series.iter().enumerate() {
        let new_sku = idx > 0 && demand.series[idx - 1].key.sku != series.key.sku;
        let boundary = new_sku && fnv1a(series.key.sku.as_str().as_bytes()).is_multiple_of(BOUNDARY_MODULUS);
        if idx > start && (boundary || cells + series.len() > MAX_CELLS_PER_CHUNK) {
            chunks.push(Chunk::new(ChunkKind::Demand, encode_series(&demand.series[start..idx])));
            start = idx;
            cells = 0;
        }
        cells += series.len();
    }
    if start < demand.series.len() {
        chunks.push(Chunk::new(ChunkKind::Demand, encode_series(&demand.series[start..])));
    }
    chunks
}

/// Every chunk of a workspace, core first.
pub fn encode(workspace: &Workspace) -> Vec<Chunk> {
    let mut chunks = vec![encode_core(workspace)];
    chunks.extend(encode_demand(&workspace.demand));
    chunks
}

/// Rebuild a workspace from a manifest and a way to fetch chunk bytes by key.
/// Every chunk is checked against its key before it is trusted.
pub fn decode(manifest: &Manifest, fetch: impl FnMut(&str) -> Option<Vec<u8>>) -> Result<Workspace, LoadError> {
    decode_with(manifest, fetch, decode_core)
}

/// [`decode`], with the core chunk read by `read_core` (its key and checked
/// bytes): the browser reads it in the module that holds the JSON reader,
/// which a first visit does not download.
pub fn decode_with(
    manifest: &Manifest,
    mut fetch: impl FnMut(&str) -> Option<Vec<u8>>,
    mut read_core: impl FnMut(&str, Vec<u8>) -> Result<Workspace, LoadError>,
) -> Result<Workspace, LoadError> {
    if !(OLDEST_LAYOUT_VERSION..=LAYOUT_VERSION).contains(&manifest.layout_version) {
        return Err(LoadError::UnknownLayout { found: manifest.layout_version });
    }
    let mut core = None;
    let mut series = Vec::new();
    for chunk_ref in &manifest.chunks {
        let bytes = fetch(&chunk_ref.key).ok_or_else(|| LoadError::MissingChunk { key: chunk_ref.key.clone() })?;
        if Chunk::new(chunk_ref.kind, bytes.clone()).key != chunk_ref.key {
            return Err(LoadError::CorruptChunk { key: chunk_ref.key.clone() });
        }
        match chunk_ref.kind {
            ChunkKind::Core => core = Some(read_core(&chunk_ref.key, bytes)?),
            ChunkKind::Demand => series.extend(decode_series(&bytes)?),
        }
    }
    let mut workspace: Workspace = core.ok_or(LoadError::NoCore)?;
    crate::sorting::sort_by(&mut series, |a, b| a.key.cmp(&b.key));
    workspace.demand = DemandHistory { series };
    Ok(workspace)
}

/// The workspace a core chunk holds (its bytes already checked against `key`):
/// the JSON document of any supported schema version, without demand.
pub fn decode_core(key: &str, bytes: Vec<u8>) -> Result<Workspace, LoadError> {
    let text = String::from_utf8(bytes).map_err(|_| LoadError::CorruptChunk { key: key.to_owned() })?;
    io::from_json(&text).map_err(|problems| LoadError::Invalid { problems })
}

/// 64-bit FNV-1a: a small, portable hash, good enough to name chunks (the key
/// also carries the length, and a collision would only make a save skip
/// writing a chunk whose twin is already stored).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn put_flags(out: &mut Vec<u8>, flags: &DayFlags) {
    out.extend_from_slice(&(flags.0.len() as u32).to_le_bytes());
    for word in &flags.0 {
        out.extend_from_slice(&word.to_le_bytes());
    }
}

/// Layout: magic, series count, then per series: SKU, location, channel
/// (length-prefixed UTF-8), start (days since 0001-01-01), day count, the
/// quantities as f32, and the promo and stockout flag words. With the magic
/// `SPD2` (only when some series records requested quantities), each series
/// ends with its requested cells: their count (at most the day count), then
/// each as f32, NaN on the days not recorded.
fn encode_series(series: &[DemandSeries]) -> Vec<u8> {
    let cells: usize = series.iter().map(DemandSeries::len).sum();
    let requested = series.iter().any(|one| one.requested.any());
    let mut out = Vec::with_capacity(8 + series.len() * 64 + cells * if requested { 8 } else { 4 });
    out.extend_from_slice(if requested { DEMAND_MAGIC_REQUESTED } else { DEMAND_MAGIC });
    out.extend_from_slice(&(series.len() as u32).to_le_bytes());
    for one in series {
        put_str(&mut out, one.key.sku.as_str());
        put_str(&mut out, one.key.location.as_str());
        put_str(&mut out, &one.key.channel);
        out.extend_from_slice(&chrono::Datelike::num_days_from_ce(&one.start).to_le_bytes());
        out.extend_from_slice(&(one.quantity.len() as u32).to_le_bytes());
        for quantity in &one.quantity {
            out.extend_from_slice(&quantity.to_le_bytes());
        }
        put_flags(&mut out, &one.promo);
        put_flags(&mut out, &one.stockout);
        if requested {
            let cells = one.requested.cells();
            out.extend_from_slice(&(cells.len() as u32).to_le_bytes());
            for cell in cells {
                out.extend_from_slice(&cell.to_le_bytes());
            }
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LoadError> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| LoadError::BadDemand { reason: "chunk ends early".into() })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, LoadError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn i32(&mut self) -> Result<i32, LoadError> {
        Ok(i32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn string(&mut self) -> Result<String, LoadError> {
        let len = self.u32()? as usize;
        String::from_utf8(self.take(len)?.to_vec())
            .map_err(|_| LoadError::BadDemand { reason: "text is not UTF-8".into() })
    }

    fn f32s(&mut self, len: usize) -> Result<Vec<f32>, LoadError> {
        let raw = self.take(len.saturating_mul(4))?;
        Ok(raw.chunks_exact(4).map(|q| f32::from_le_bytes(q.try_into().expect("4 bytes"))).collect())
    }

    fn flags(&mut self) -> Result<DayFlags, LoadError> {
        let words = self.u32()? as usize;
        let bytes = self.take(words.saturating_mul(8))?;
        Ok(DayFlags(bytes.chunks_exact(8).map(|w| u64::from_le_bytes(w.try_into().expect("8 bytes"))).collect()))
    }
}

fn decode_series(bytes: &[u8]) -> Result<Vec<DemandSeries>, LoadError> {
    let mut reader = Reader { bytes, at: 0 };
    let with_requested = match reader.take(4)? {
        magic if magic == DEMAND_MAGIC => false,
        magic if magic == DEMAND_MAGIC_REQUESTED => true,
        _ => return Err(LoadError::BadDemand { reason: "not a demand chunk".into() }),
    };
    let count = reader.u32()? as usize;
    let mut series = Vec::with_capacity(count.min(bytes.len() / 16));
    for _ in 0..count {
        let key = SeriesKey {
            sku: SkuId::new(reader.string()?),
            location: LocationId::new(reader.string()?),
            channel: reader.string()?,
        };
        let days = reader.i32()?;
        let start = NaiveDate::from_num_days_from_ce_opt(days)
            .ok_or_else(|| LoadError::BadDemand { reason: format!("day number {days} is not a date") })?;
        let len = reader.u32()? as usize;
        let quantity = reader.f32s(len)?;
        // A chunk is only as trustworthy as its checksum: hold stored demand
        // to the importer's rule, so planning never meets a quantity an
        // import would have refused (its arithmetic is sized for them).
        if let Some(bad) = quantity.iter().find(|q| !(0.0..=MAX_QUANTITY).contains(&f64::from(**q))) {
            return Err(LoadError::BadDemand {
                reason: format!(
                    "{} at {} has the quantity {bad}, not between 0 and {MAX_QUANTITY}",
                    key.sku, key.location
                ),
            });
        }
        let mut one = DemandSeries::new(key, start);
        one.quantity = quantity;
        one.promo = reader.flags()?;
        one.stockout = reader.flags()?;
        if with_requested {
            one.requested = read_requested(&mut reader, &one)?;
        }
        series.push(one);
    }
    if reader.at != bytes.len() {
        return Err(LoadError::BadDemand { reason: "trailing bytes after the last series".into() });
    }
    Ok(series)
}

/// A series' requested cells: no more than its days, each NaN (not
/// recorded) or a quantity the importer would accept.
fn read_requested(reader: &mut Reader, one: &DemandSeries) -> Result<RequestedDays, LoadError> {
    let count = reader.u32()? as usize;
    let key = &one.key;
    if count > one.len() {
        return Err(LoadError::BadDemand {
            reason: format!(
                "{} at {} has {count} requested days for {} days of demand",
                key.sku,
                key.location,
                one.len()
            ),
        });
    }
    let cells = reader.f32s(count)?;
    if let Some(bad) = cells.iter().find(|q| !q.is_nan() && !(0.0..=MAX_QUANTITY).contains(&f64::from(**q))) {
        return Err(LoadError::BadDemand {
            reason: format!(
                "{} at {} has the requested quantity {bad}, not between 0 and {MAX_QUANTITY}",
                key.sku, key.location
            ),
        });
    }
    Ok(RequestedDays::from_cells(cells))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DemandDay;

    fn history(n_skus: usize) -> DemandHistory {
        let mut demand = DemandHistory::default();
        let start: NaiveDate = "2025-01-01".parse().unwrap();
        demand.upsert((0..n_skus).flat_map(|sku| {
            (0..40u64).map(move |day| {
                let key = SeriesKey {
                    sku: SkuId::new(format!("SKU-{sku:05}")),
                    location: "WH1".into(),
                    channel: "web".into(),
                };
                let quantity = ((sku as u64 * 7 + day * 3) % 11) as f32 * 0.5;
                let day = DemandDay {
                    date: start + chrono::Days::new(day),
                    quantity,
                    promo: day % 9 == 0,
                    stockout: day == 17,
                    requested: None,
                };
                (key, day)
            })
        }));
        demand
    }

    #[test]
    fn demand_chunks_decode_to_the_same_series() {
        let demand = history(300);
        let chunks = encode_demand(&demand);
        assert!(chunks.len() > 1, "300 SKUs should span several chunks");
        let decoded: Vec<DemandSeries> = chunks.iter().flat_map(|c| decode_series(&c.bytes).unwrap()).collect();
        assert_eq!(decoded, demand.series);
    }

    #[test]
    fn adding_a_sku_rewrites_only_the_chunk_it_lands_in() {
        let before = history(600);
        let mut after = before.clone();
        let key = SeriesKey { sku: "SKU-00300-NEW".into(), location: "WH1".into(), channel: "web".into() };
        after.upsert([(key, DemandDay::shipped("2025-03-01".parse().unwrap(), 4.0))]);
        let old: Vec<String> = encode_demand(&before).into_iter().map(|c| c.key).collect();
        let new: Vec<String> = encode_demand(&after).into_iter().map(|c| c.key).collect();
        let changed = new.iter().filter(|key| !old.contains(key)).count();
        assert_eq!(changed, 1, "old {old:?}\nnew {new:?}");
    }

    /// Found by `tests/fuzz.rs`: a stored quantity of -1.7e38 (one flipped
    /// exponent bit) decoded, and planning then aborted on a `Decimal`
    /// multiplication overflow. Stored demand obeys the importer's rules.
    #[test]
    fn stored_quantities_the_importer_would_refuse_are_reported() {
        let demand = history(1);
        for bad in [-1.0, f32::NAN, f32::INFINITY, -1.7e38, 1.7e38, 2e9] {
            let mut series = demand.series.clone();
            series[0].quantity[3] = bad;
            let bytes = encode_series(&series);
            let error = decode_series(&bytes).expect_err(&format!("quantity {bad} decoded"));
            assert!(matches!(&error, LoadError::BadDemand { reason } if reason.contains("quantity")), "{error}");
        }
        assert_eq!(decode_series(&encode_series(&demand.series)).unwrap(), demand.series);
    }

    #[test]
    fn damaged_or_truncated_chunks_are_reported_not_trusted() {
        let chunk = &encode_demand(&history(3))[0];
        for cut in [0, 3, 8, chunk.bytes.len() - 1] {
            assert!(decode_series(&chunk.bytes[..cut]).is_err(), "cut at {cut}");
        }
        let manifest =
            Manifest { layout_version: LAYOUT_VERSION, generation: 1, saved_at_ms: 0.0, chunks: vec![chunk.as_ref()] };
        let mut flipped = chunk.bytes.clone();
        flipped[20] ^= 1;
        assert!(matches!(decode(&manifest, |_| Some(flipped.clone())), Err(LoadError::CorruptChunk { .. })));
        assert!(matches!(decode(&manifest, |_| None), Err(LoadError::MissingChunk { .. })));
        let future = Manifest { layout_version: LAYOUT_VERSION + 1, ..manifest };
        assert!(matches!(decode(&future, |_| None), Err(LoadError::UnknownLayout { .. })));
    }

    /// A chunk of layout 1, written out byte by byte from its documented
    /// layout: series "A" at "W", channel "", from 2025-01-01 (day 739,252
    /// counting 0001-01-01 as day 1), two days shipping 3 and 0.5, a promo
    /// on the second day (one flag word, bit 1), no stockout words.
    fn layout_1_chunk() -> Vec<u8> {
        let mut bytes = b"SPD1".to_vec();
        bytes.extend_from_slice(&1u32.to_le_bytes());
        for text in ["A", "W", ""] {
            bytes.extend_from_slice(&(text.len() as u32).to_le_bytes());
            bytes.extend_from_slice(text.as_bytes());
        }
        bytes.extend_from_slice(&739_252i32.to_le_bytes());
        bytes.extend_from_slice(&2u32.to_le_bytes());
        bytes.extend_from_slice(&3.0f32.to_le_bytes());
        bytes.extend_from_slice(&0.5f32.to_le_bytes());
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(&2u64.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes
    }

    fn series_a() -> DemandHistory {
        let mut demand = DemandHistory::default();
        let key = SeriesKey { sku: "A".into(), location: "W".into(), channel: String::new() };
        let start: NaiveDate = "2025-01-01".parse().unwrap();
        demand.upsert([
            (key.clone(), DemandDay::shipped(start, 3.0)),
            (key, DemandDay { promo: true, ..DemandDay::shipped(start + chrono::Days::new(1), 0.5) }),
        ]);
        demand
    }

    /// Saves made before requested quantities existed load unchanged, and a
    /// history without them is written exactly as then, so its chunks keep
    /// their keys and are not stored again.
    #[test]
    fn a_layout_1_save_loads_and_a_history_without_requested_quantities_is_written_as_before() {
        let old = Chunk::new(ChunkKind::Demand, layout_1_chunk());
        let core = encode_core(&Workspace::default());
        let manifest =
            Manifest { layout_version: 1, generation: 7, saved_at_ms: 0.0, chunks: vec![core.as_ref(), old.as_ref()] };
        let loaded = decode(&manifest, |key| [&core, &old].into_iter().find(|c| c.key == key).map(|c| c.bytes.clone()));
        assert_eq!(loaded.unwrap().demand, series_a());
        assert_eq!(encode_demand(&series_a()), vec![old]);
        for unknown in [0, LAYOUT_VERSION + 1] {
            let manifest = Manifest { layout_version: unknown, ..manifest.clone() };
            assert!(matches!(decode(&manifest, |_| None), Err(LoadError::UnknownLayout { found }) if found == unknown));
        }
    }

    #[test]
    fn requested_quantities_are_stored_and_read_back() {
        let mut demand = history(5);
        let key = demand.series[2].key.clone();
        let day = |offset: u64| "2025-01-01".parse::<NaiveDate>().unwrap() + chrono::Days::new(offset);
        demand.upsert([
            (key.clone(), DemandDay { stockout: true, requested: Some(6.0), ..DemandDay::shipped(day(17), 1.5) }),
            (key.clone(), DemandDay { requested: Some(0.25), ..DemandDay::shipped(day(3), 2.0) }),
        ]);
        let chunks = encode_demand(&demand);
        assert!(chunks.iter().any(|c| c.bytes.starts_with(b"SPD2")));
        let decoded: Vec<DemandSeries> = chunks.iter().flat_map(|c| decode_series(&c.bytes).unwrap()).collect();
        assert_eq!(decoded, demand.series);
        let series = decoded.iter().find(|s| s.key == key).unwrap();
        assert_eq!(
            (series.requested_on(17), series.requested_on(3), series.requested_on(4)),
            (Some(6.0), Some(0.25), None)
        );
    }

    #[test]
    fn stored_requested_quantities_the_importer_would_refuse_are_reported() {
        let mut series = series_a().series;
        series[0].requested.set(1, Some(4.0));
        assert_eq!(decode_series(&encode_series(&series)).unwrap(), series);
        for bad in [-1.0, f32::INFINITY, 2e9] {
            let mut bytes = encode_series(&series);
            let at = bytes.len() - 4;
            bytes[at..].copy_from_slice(&f32::to_le_bytes(bad));
            let error = decode_series(&bytes).expect_err(&format!("requested {bad} decoded"));
            assert!(matches!(&error, LoadError::BadDemand { reason } if reason.contains("requested")), "{error}");
        }
        // More requested cells than days.
        let mut bytes = encode_series(&series);
        let at = bytes.len() - 12;
        bytes[at..at + 4].copy_from_slice(&3u32.to_le_bytes());
        bytes.extend_from_slice(&1.0f32.to_le_bytes());
        assert!(
            matches!(decode_series(&bytes), Err(LoadError::BadDemand { reason }) if reason.contains("requested days"))
        );
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // Test vectors from the FNV reference page (isthe.com/chongo/tech/comp/fnv).
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }
}
