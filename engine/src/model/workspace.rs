//! The workspace: everything a buyer has imported or entered, in one value.
//!
//! Every table is a `Sorted`: in key order whatever changes it (see
//! `model::sorted`), so equal data is an equal value, exports are stable and
//! lookups can use binary search.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::catalog::{Contract, Location, Offer, Sku, Supplier};
// The one table whose row type lives above the model: a preset's spec names
// an `io::Table` and is a stored format of `io::mapping`, which owns it.
use super::demand::DemandHistory;
use super::forecasting::{ForecastOverride, ForecastPin, Launch, Promotion};
use super::ids::{ContractId, Currency, LocationId, PoId, SkuId, SupplierId};
use super::purchasing::{PurchaseOrder, RecurringOrder};
use super::settings::{Budget, CurrencyRate, MinMaxOverride, Settings};
use super::sorted::Sorted;
use super::stock::{StockCommitment, StockLot};
use crate::io::mapping::{preset_name_key, MappingPreset};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub settings: Settings,
    pub locations: Sorted<Location>,
    pub skus: Sorted<Sku>,
    pub suppliers: Sorted<Supplier>,
    pub offers: Sorted<Offer>,
    pub contracts: Sorted<Contract>,
    pub stock_lots: Sorted<StockLot>,
    pub commitments: Sorted<StockCommitment>,
    pub demand: DemandHistory,
    pub purchase_orders: Sorted<PurchaseOrder>,
    pub currency_rates: Sorted<CurrencyRate>,
    pub budgets: Sorted<Budget>,
    pub min_max_overrides: Sorted<MinMaxOverride>,
    /// Keyed by scope (SKU or family).
    pub forecast_pins: Sorted<ForecastPin>,
    /// Keyed by (SKU, location, week_start).
    pub forecast_overrides: Sorted<ForecastOverride>,
    /// Keyed by id.
    pub promotions: Sorted<Promotion>,
    /// Keyed by (SKU, location).
    pub launches: Sorted<Launch>,
    /// Keyed by id.
    pub recurring_orders: Sorted<RecurringOrder>,
    /// Keyed by name, ignoring case (see `io::mapping::preset_name_key`).
    pub mapping_presets: Sorted<MappingPreset>,
}

/// No rate is known to convert `currency` into the base currency.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no exchange rate from {currency} to {base} is known (add one under currency rates)")]
pub struct MissingRate {
    pub currency: Currency,
    pub base: Currency,
}

impl Workspace {
    pub fn sku(&self, id: &SkuId) -> Option<&Sku> {
        self.skus.binary_search_by(|s| s.id.cmp(id)).ok().map(|idx| &self.skus[idx])
    }

    pub fn supplier(&self, id: &SupplierId) -> Option<&Supplier> {
        self.suppliers.binary_search_by(|s| s.id.cmp(id)).ok().map(|idx| &self.suppliers[idx])
    }

    pub fn location(&self, id: &LocationId) -> Option<&Location> {
        self.locations.binary_search_by(|l| l.id.cmp(id)).ok().map(|idx| &self.locations[idx])
    }

    pub fn contract(&self, id: &ContractId) -> Option<&Contract> {
        self.contracts.binary_search_by(|c| c.id.cmp(id)).ok().map(|idx| &self.contracts[idx])
    }

    pub fn purchase_order(&self, id: &PoId) -> Option<&PurchaseOrder> {
        self.purchase_orders.binary_search_by(|p| p.id.cmp(id)).ok().map(|idx| &self.purchase_orders[idx])
    }

    /// The mapping preset named `name`, compared ignoring case and
    /// surrounding spaces (names are unique that way).
    pub fn mapping_preset(&self, name: &str) -> Option<&MappingPreset> {
        let key = preset_name_key(name);
        self.mapping_presets.iter().find(|preset| preset.name_key() == key)
    }

    pub fn offer(&self, supplier: &SupplierId, sku: &SkuId) -> Option<&Offer> {
        self.offers.binary_search_by(|o| (&o.supplier, &o.sku).cmp(&(supplier, sku))).ok().map(|idx| &self.offers[idx])
    }

    /// Offers for one SKU, from every supplier.
    pub fn offers_for_sku<'a>(&'a self, sku: &'a SkuId) -> impl Iterator<Item = &'a Offer> + 'a {
        self.offers.iter().filter(move |offer| &offer.sku == sku)
    }

    /// The rate converting `currency` to the base currency on `date`: the
    /// latest rate dated on or before `date`, else the earliest one known.
    pub fn rate_to_base(&self, currency: &Currency, date: NaiveDate) -> Result<Decimal, MissingRate> {
        if currency == &self.settings.base_currency {
            return Ok(Decimal::ONE);
        }
        let rates = self.currency_rates.iter().filter(|r| &r.currency == currency);
        let mut before = None;
        let mut earliest: Option<&CurrencyRate> = None;
        for rate in rates {
            if rate.as_of <= date && before.is_none_or(|b: &CurrencyRate| b.as_of < rate.as_of) {
                before = Some(rate);
            }
            if earliest.is_none_or(|e| rate.as_of < e.as_of) {
                earliest = Some(rate);
            }
        }
        before
            .or(earliest)
            .map(|rate| rate.rate)
            .ok_or_else(|| MissingRate { currency: currency.clone(), base: self.settings.base_currency.clone() })
    }

    /// `amount` in `currency`, converted to the base currency at `date`'s rate.
    pub fn to_base(&self, amount: Decimal, currency: &Currency, date: NaiveDate) -> Result<Decimal, MissingRate> {
        Ok(amount * self.rate_to_base(currency, date)?)
    }

    /// Whether the workspace holds no business data at all (settings aside).
    pub fn is_empty(&self) -> bool {
        self.skus.is_empty()
            && self.suppliers.is_empty()
            && self.locations.is_empty()
            && self.offers.is_empty()
            && self.demand.series.is_empty()
            && self.purchase_orders.is_empty()
            && self.stock_lots.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn rate(currency: &str, as_of: &str, rate: &str) -> CurrencyRate {
        CurrencyRate {
            currency: Currency::new(currency),
            as_of: as_of.parse().unwrap(),
            rate: Decimal::from_str(rate).unwrap(),
        }
    }

    #[test]
    fn the_latest_rate_on_or_before_the_date_applies() {
        let workspace = Workspace {
            currency_rates: Sorted::from_vec(vec![
                rate("USD", "2025-01-01", "0.90"),
                rate("USD", "2025-06-01", "0.95"),
                rate("GBP", "2025-01-01", "1.17"),
            ]),
            ..Workspace::default()
        };
        let usd = Currency::new("USD");
        let on = |date: &str| workspace.rate_to_base(&usd, date.parse().unwrap()).unwrap().to_string();
        assert_eq!(on("2025-05-31"), "0.90");
        assert_eq!(on("2025-06-01"), "0.95");
        assert_eq!(on("2024-01-01"), "0.90", "before every rate, the earliest is used");
        assert_eq!(workspace.rate_to_base(&Currency::new("EUR"), "2025-01-01".parse().unwrap()), Ok(Decimal::ONE));
        let missing = workspace.rate_to_base(&Currency::new("JPY"), "2025-01-01".parse().unwrap()).unwrap_err();
        assert_eq!(missing.to_string(), "no exchange rate from JPY to EUR is known (add one under currency rates)");
    }
}
