//! Identifier newtypes, so a supplier id can never be passed where a SKU id is
//! expected. Ids are the buyer's own codes (from their ERP or spreadsheet), kept
//! as text exactly as imported.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
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
