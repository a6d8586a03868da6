//! The hash maps of the importer and of the checks: the same `HashMap` and
//! `HashSet`, keyed by a fast non-cryptographic hash (the multiply-rotate
//! "Fx" hash that rustc uses) instead of SipHash. A 100,000-SKU import fills
//! maps with millions of short ids, and SipHash was a tenth of its time.
//!
//! SipHash defends a server against keys chosen to collide; here the keys
//! come from the user's own files, processed for that user alone, so the
//! worst a crafted file could do is slow its own import. Nothing depends on
//! iteration order (the maps are only looked up), so results are unchanged.

use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hash: per word, rotate, xor, multiply.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buf = [0; 8];
            buf.copy_from_slice(word);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buf = [0; 8];
            buf[..rest.len()].copy_from_slice(rest);
            // The length keeps "ab" and "ab\0" apart.
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u16(&mut self, value: u16) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    /// The words' sum ends in a multiply, whose low bits depend only on the
    /// low bits of its input: ids that differ in their last characters alone
    /// would share the low bits that pick a bucket and pile up. A final mix
    /// (MurmurHash3's) spreads every bit over all of them.
    #[inline]
    fn finish(&self) -> u64 {
        let mut hash = self.hash;
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^ (hash >> 33)
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
pub(crate) type HashSet<K> = std::collections::HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash_of(value: impl Hash) -> u64 {
        FxBuild::default().hash_one(value)
    }

    #[test]
    fn ids_that_differ_anywhere_hash_apart_and_maps_find_them() {
        // Differences in the first word, in the tail, and in length alone.
        let ids = ["SKU-000001", "SKU-000002", "TKU-000001", "SKU-00000", "SKU-000001\0", "", "a", "a\0"];
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                assert_ne!(hash_of(a), hash_of(b), "{a:?} vs {b:?}");
            }
        }
        // Keys alike but for their last characters must not share low bits
        // (the bucket) or high bits (hashbrown's tag) more than by chance.
        let low: HashSet<u64> = (0..4096).map(|n| hash_of(format!("PO-2026-{n:05}")) & 0xFFF).collect();
        let high: HashSet<u64> = (0..4096).map(|n| hash_of(format!("PO-2026-{n:05}")) >> 52).collect();
        assert!(low.len() > 2000 && high.len() > 2000, "{} and {} of 4096", low.len(), high.len());
        let map: HashMap<String, usize> = (0..100_000).map(|n| (format!("SKU-{n:06}"), n)).collect();
        assert_eq!(map.len(), 100_000);
        assert_eq!(map.get("SKU-004242"), Some(&4242));
        assert_eq!(map.get("SKU-100000"), None);
    }
}
