//! Identifier newtypes, so a supplier id can never be passed where a SKU id is
//! expected. Ids are the buyer's own codes (from their ERP or spreadsheet), kept
//! as text exactly as imported.
//!
//! The text sits inside the id itself when it is short (`IdText`), as
//! nearly every code is: SKU, supplier and location codes, currencies. A
//! plan of 100,000 lines copies ids into every line and alternative, and
//! its indexes read the ids of millions of records; text behind a pointer
//! costs an allocation per copy and a wait on memory per read.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::hash::{Hash, Hasher};

/// Ids of at most this many bytes are stored inline.
pub const INLINE_ID_BYTES: usize = 22;

/// An id's text: up to `INLINE_ID_BYTES` bytes inside the value, longer on
/// the heap. 24 bytes, as a `String`; compares, orders and hashes as its
/// text does (`str`'s order: byte by byte), whichever way it is stored.
#[derive(Clone)]
pub struct IdText(Repr);

#[derive(Clone)]
enum Repr {
    /// Invariant: `bytes[..len]` is a copy of a whole `&str` (see `IdText::new`), never changed afterwards.
    Inline {
        len: u8,
        bytes: [u8; INLINE_ID_BYTES],
    },
    Heap(Box<str>),
}

impl IdText {
    pub fn new(text: &str) -> Self {
        if text.len() <= INLINE_ID_BYTES {
            let mut bytes = [0; INLINE_ID_BYTES];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Self(Repr::Inline { len: text.len() as u8, bytes })
        } else {
            Self(Repr::Heap(text.into()))
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let text = &bytes[..*len as usize];
                // SAFETY: the bytes are a copy of a whole `str` (`new`) that
                // nothing changes afterwards, so they are valid UTF-8.
                // Checking them again would cost a validation on every read
                // of every id (the plan's indexes read millions).
                unsafe { std::str::from_utf8_unchecked(text) }
            }
            Repr::Heap(text) => text,
        }
    }
}

impl Default for IdText {
    fn default() -> Self {
        Self::new("")
    }
}

impl From<String> for IdText {
    fn from(text: String) -> Self {
        if text.len() <= INLINE_ID_BYTES {
            Self::new(&text)
        } else {
            Self(Repr::Heap(text.into_boxed_str()))
        }
    }
}

impl std::ops::Deref for IdText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for IdText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for IdText {}

impl PartialOrd for IdText {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdText {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for IdText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for IdText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for IdText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for IdText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = IdText;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<IdText, E> {
                Ok(IdText::new(text))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<IdText, E> {
                Ok(IdText::from(text))
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<IdText, E> {
                std::str::from_utf8(bytes)
                    .map(IdText::new)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(bytes), &self))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(IdText);

        impl $name {
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(IdText::new(id.as_ref()))
            }

            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(IdText::new(id))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(IdText::from(id))
            }
        }
    };
}

id_type!(
    /// A stock-keeping unit's code.
    SkuId
);
id_type!(
    /// A site or warehouse code.
    LocationId
);
id_type!(
    /// A supplier's code.
    SupplierId
);
id_type!(
    /// A supply contract's reference.
    ContractId
);
id_type!(
    /// A purchase order number.
    PoId
);
id_type!(
    /// A production or receiving lot; empty for stock that is not lot-tracked.
    LotId
);
id_type!(
    /// A planned or past promotion's reference.
    PromotionId
);
id_type!(
    /// A recurring order's reference.
    RecurringId
);
id_type!(
    /// An ISO 4217 currency code such as `EUR`.
    Currency
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::hash::BuildHasher;

    /// Ids at and around the inline limit, multi-byte text across it, the empty id.
    const BOUNDARY: [&str; 6] = [
        "",
        "SKU-000123",
        "1234567890123456789012",  // 22 bytes: inline
        "12345678901234567890123", // 23 bytes: on the heap
        "éééééééééééé",            // 24 bytes of two-byte characters
        "a supplier code far longer than any inline id",
    ];

    #[test]
    fn an_id_is_as_large_as_a_string() {
        assert_eq!(std::mem::size_of::<IdText>(), std::mem::size_of::<String>());
        assert_eq!(std::mem::size_of::<SkuId>(), 24);
        assert_eq!(std::mem::size_of::<Option<SkuId>>(), 24, "the enum leaves a niche for Option");
    }

    #[test]
    fn ids_keep_their_text_exactly_on_both_sides_of_the_limit() {
        for text in BOUNDARY {
            let id = SkuId::from(text);
            assert_eq!(id.as_str(), text);
            assert_eq!(SkuId::from(text.to_owned()).as_str(), text);
            assert_eq!(id.to_string(), text);
            assert_eq!(format!("{id:?}"), format!("SkuId({text:?})"), "Debug prints as the String it replaced");
            let inline = matches!(id.0 .0, Repr::Inline { .. });
            assert_eq!(inline, text.len() <= INLINE_ID_BYTES, "{text:?}");
        }
    }

    #[test]
    fn ids_travel_as_plain_strings() {
        for text in BOUNDARY {
            let id = SupplierId::from(text);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, serde_json::to_string(text).unwrap());
            assert_eq!(serde_json::from_str::<SupplierId>(&json).unwrap(), id);
            let value = serde_json::to_value(&id).unwrap();
            assert_eq!(serde_json::from_value::<SupplierId>(value).unwrap(), id);
        }
        assert!(serde_json::from_str::<SupplierId>("12").is_err(), "a number is not an id");
    }

    proptest! {
        /// Equality, order and hash are the text's, whichever side of the
        /// limit either id is stored on.
        #[test]
        fn ids_compare_and_hash_as_their_text(a in "[a-c\\u{e9}]{0,30}", b in "[a-c\\u{e9}]{0,30}") {
            let (x, y) = (LocationId::from(a.as_str()), LocationId::from(b.as_str()));
            prop_assert_eq!(x == y, a == b);
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            let hasher = std::collections::hash_map::RandomState::new();
            prop_assert_eq!(hasher.hash_one(&x.0), hasher.hash_one(a.as_str()));
        }
    }
}
