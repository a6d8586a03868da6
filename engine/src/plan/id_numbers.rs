//! `IdNumbers`: ids (SKU, supplier…) to numbers, looked up by their text
//! without reading the stored ids' text.
//!
//! A `HashMap<&str, u32>` confirms every probe by comparing the id with the
//! stored one, whose bytes sit somewhere else on the heap: at 100,000 SKUs
//! and millions of PO lines that comparison waits on memory nearly every
//! time. Here an id of up to `INLINE` bytes is its own key — its bytes,
//! zero-padded, with its length in the last byte, as two `u64` — so a probe
//! compares two integers in the table itself. The key is exact (the length
//! tells "A" from "A\0"); longer ids go to an ordinary map.

use rustc_hash::FxHashMap;

/// Ids of at most this many bytes are stored inline.
const INLINE: usize = 15;

/// The inline key of a short id: its bytes zero-padded to 15, then its length.
/// Built with word loads and shifts rather than a copy into a buffer, which
/// compiles to a call of `memcpy` for every key (millions a plan).
pub fn inline_key(id: &str) -> Option<[u64; 2]> {
    let bytes = id.as_bytes();
    let len = bytes.len();
    if len > INLINE {
        return None;
    }
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let (low, high) = if len >= 8 {
        // Bytes 8.. are the top of the last eight bytes, shifted down past
        // those `low` already holds (none when the id is exactly 8 bytes).
        let high = if len == 8 { 0 } else { word(len - 8) >> (8 * (16 - len)) };
        (word(0), high)
    } else {
        let low = bytes.iter().enumerate().fold(0u64, |low, (at, &byte)| low | u64::from(byte) << (8 * at));
        (low, 0)
    };
    Some([low, high | (len as u64) << 56])
}

/// A map from id text to a number (see the module documentation).
#[derive(Clone, Debug, Default)]
pub struct IdNumbers<'a> {
    short: FxHashMap<[u64; 2], u32>,
    long: FxHashMap<&'a str, u32>,
}

impl<'a> IdNumbers<'a> {
    pub fn with_capacity(capacity: usize) -> Self {
        Self { short: FxHashMap::with_capacity_and_hasher(capacity, Default::default()), long: FxHashMap::default() }
    }

    /// Map `id` to `number`, replacing any number it had (as `HashMap::insert`).
    pub fn insert(&mut self, id: &'a str, number: u32) {
        match inline_key(id) {
            Some(key) => self.short.insert(key, number),
            None => self.long.insert(id, number),
        };
    }

    /// The number of `id`, or `make()`'s, which is stored for it (as
    /// `HashMap::entry(id).or_insert_with(make)`).
    pub fn get_or_insert_with(&mut self, id: &'a str, make: impl FnOnce() -> u32) -> u32 {
        match inline_key(id) {
            Some(key) => *self.short.entry(key).or_insert_with(make),
            None => *self.long.entry(id).or_insert_with(make),
        }
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        self.get_with_key(id, inline_key(id))
    }

    /// `get`, with `key` = `inline_key(id)` already computed by the caller.
    pub fn get_with_key(&self, id: &str, key: Option<[u64; 2]>) -> Option<u32> {
        match key {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(id).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The key as the documentation defines it: the bytes copied into a
    /// zeroed 16-byte buffer, the length in the last byte, read as two
    /// little-endian words.
    fn key_by_definition(id: &[u8]) -> Option<[u64; 2]> {
        if id.len() > INLINE {
            return None;
        }
        let mut buffer = [0u8; 16];
        buffer[..id.len()].copy_from_slice(id);
        buffer[15] = id.len() as u8;
        Some([u64::from_le_bytes(buffer[..8].try_into().unwrap()), u64::from_le_bytes(buffer[8..].try_into().unwrap())])
    }

    proptest! {
        /// Every length from 0 to 20 bytes, any bytes (NUL and non-ASCII
        /// included): the shifted word loads give the buffer's key.
        #[test]
        fn inline_keys_are_the_padded_bytes_and_the_length(id in "[\\x00-\\x7f\\u{e9}\\u{20ac}]{0,20}") {
            prop_assert_eq!(inline_key(&id), key_by_definition(id.as_bytes()));
        }
    }

    /// Short and long ids, a NUL byte that padding alone would confuse with
    /// a shorter id, the empty id, and the boundary at 15 and 16 bytes.
    #[test]
    fn every_id_finds_its_own_number_and_no_other() {
        let ids = ["A", "A\0", "", "SKU-000123", "123456789012345", "1234567890123456", "a much longer supplier id"];
        let mut numbers = IdNumbers::with_capacity(ids.len());
        for (number, id) in ids.iter().enumerate() {
            numbers.insert(id, number as u32);
        }
        for (number, id) in ids.iter().enumerate() {
            assert_eq!(numbers.get(id), Some(number as u32), "{id:?}");
        }
        assert_eq!(numbers.get("B"), None);
        assert_eq!(numbers.get("A\0\0"), None);
        assert_eq!(numbers.get("12345678901234567"), None);
        numbers.insert("A", 9);
        assert_eq!(numbers.get("A"), Some(9), "insert replaces, as a map's");
        assert_eq!(numbers.get_or_insert_with("A", || 7), 9, "an id with a number keeps it");
        assert_eq!(numbers.get_or_insert_with("new id, long enough", || 7), 7);
        assert_eq!(numbers.get("new id, long enough"), Some(7));
    }
}
