//! The tables a workspace is exchanged as: one CSV file per table, each with
//! a fixed list of columns. This list is the single source of the column
//! names: the importer matches headers against it, the exporter writes it in
//! this order, and a test checks that `docs/formats.md` documents every one.

use serde::{Deserialize, Serialize};

/// One table of the workspace, as one CSV file. `Table::ALL` is in dependency
/// order: a table only refers to tables before it, so importing in this order
/// lets rows refer to rows of the same batch. Mapping presets refer to no
/// row (a spec names a table, not a row), so they stand last but demand,
/// which stays last as the bulk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Table {
    Settings,
    PolicyMatrix,
    ApprovalThresholds,
    CurrencyRates,
    Locations,
    Skus,
    Suppliers,
    Contracts,
    Offers,
    StockLots,
    Commitments,
    MinMaxOverrides,
    Budgets,
    ForecastPins,
    ForecastOverrides,
    Promotions,
    Launches,
    PurchaseOrders,
    PoLines,
    Receipts,
    PoLog,
    RecurringOrders,
    RecurringLines,
    MappingPresets,
    Demand,
}

/// A column of a table's CSV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The header name, snake_case. Headers match it case-insensitively after trimming.
    pub name: &'static str,
    /// Whether the header must have this column. Other columns may be left
    /// out: new rows then get the documented default and existing rows keep
    /// their value.
    pub required: bool,
    /// A text column (ids, names, notes). Only text cells get the
    /// formula-injection apostrophe on export; numbers, dates, booleans and
    /// codes never do, so a negative number stays a number.
    pub text: bool,
}

const fn req(name: &'static str) -> Column {
    Column { name, required: true, text: false }
}

const fn opt(name: &'static str) -> Column {
    Column { name, required: false, text: false }
}

impl Column {
    const fn text(self) -> Column {
        Column { text: true, ..self }
    }
}

impl Table {
    pub const ALL: &'static [Table] = &[
        Table::Settings,
        Table::PolicyMatrix,
        Table::ApprovalThresholds,
        Table::CurrencyRates,
        Table::Locations,
        Table::Skus,
        Table::Suppliers,
        Table::Contracts,
        Table::Offers,
        Table::StockLots,
        Table::Commitments,
        Table::MinMaxOverrides,
        Table::Budgets,
        Table::ForecastPins,
        Table::ForecastOverrides,
        Table::Promotions,
        Table::Launches,
        Table::PurchaseOrders,
        Table::PoLines,
        Table::Receipts,
        Table::PoLog,
        Table::RecurringOrders,
        Table::RecurringLines,
        Table::MappingPresets,
        Table::Demand,
    ];

    /// The table's name in snake_case (`po_lines`), used where there is no file.
    pub fn name(self) -> &'static str {
        match self {
            Table::Settings => "settings",
            Table::PolicyMatrix => "policy_matrix",
            Table::ApprovalThresholds => "approval_thresholds",
            Table::CurrencyRates => "currency_rates",
            Table::Locations => "locations",
            Table::Skus => "skus",
            Table::Suppliers => "suppliers",
            Table::Contracts => "contracts",
            Table::Offers => "offers",
            Table::StockLots => "stock_lots",
            Table::Commitments => "commitments",
            Table::MinMaxOverrides => "min_max_overrides",
            Table::Budgets => "budgets",
            Table::ForecastPins => "forecast_pins",
            Table::ForecastOverrides => "forecast_overrides",
            Table::Promotions => "promotions",
            Table::Launches => "launches",
            Table::PurchaseOrders => "purchase_orders",
            Table::PoLines => "po_lines",
            Table::Receipts => "receipts",
            Table::PoLog => "po_log",
            Table::RecurringOrders => "recurring_orders",
            Table::RecurringLines => "recurring_lines",
            Table::MappingPresets => "mapping_presets",
            Table::Demand => "demand",
        }
    }

    /// The file the table is exported to and recognised by: `skus.csv`.
    pub fn file_name(self) -> &'static str {
        match self {
            Table::Settings => "settings.csv",
            Table::PolicyMatrix => "policy_matrix.csv",
            Table::ApprovalThresholds => "approval_thresholds.csv",
            Table::CurrencyRates => "currency_rates.csv",
            Table::Locations => "locations.csv",
            Table::Skus => "skus.csv",
            Table::Suppliers => "suppliers.csv",
            Table::Contracts => "contracts.csv",
            Table::Offers => "offers.csv",
            Table::StockLots => "stock_lots.csv",
            Table::Commitments => "commitments.csv",
            Table::MinMaxOverrides => "min_max_overrides.csv",
            Table::Budgets => "budgets.csv",
            Table::ForecastPins => "forecast_pins.csv",
            Table::ForecastOverrides => "forecast_overrides.csv",
            Table::Promotions => "promotions.csv",
            Table::Launches => "launches.csv",
            Table::PurchaseOrders => "purchase_orders.csv",
            Table::PoLines => "po_lines.csv",
            Table::Receipts => "receipts.csv",
            Table::PoLog => "po_log.csv",
            Table::RecurringOrders => "recurring_orders.csv",
            Table::RecurringLines => "recurring_lines.csv",
            Table::MappingPresets => "mapping_presets.csv",
            Table::Demand => "demand.csv",
        }
    }

    /// The table's name for people, as the UI shows it.
    pub fn label(self) -> &'static str {
        match self {
            Table::Settings => "Settings",
            Table::PolicyMatrix => "Policy matrix",
            Table::ApprovalThresholds => "Approval thresholds",
            Table::CurrencyRates => "Currency rates",
            Table::Locations => "Locations",
            Table::Skus => "SKUs",
            Table::Suppliers => "Suppliers",
            Table::Contracts => "Contracts",
            Table::Offers => "Offers",
            Table::StockLots => "Stock lots",
            Table::Commitments => "Commitments",
            Table::MinMaxOverrides => "Min/max overrides",
            Table::Budgets => "Budgets",
            Table::ForecastPins => "Forecast pins",
            Table::ForecastOverrides => "Forecast overrides",
            Table::Promotions => "Promotions",
            Table::Launches => "Launches",
            Table::PurchaseOrders => "Purchase orders",
            Table::PoLines => "PO lines",
            Table::Receipts => "Receipts",
            Table::PoLog => "PO log",
            Table::RecurringOrders => "Recurring orders",
            Table::RecurringLines => "Recurring order lines",
            Table::MappingPresets => "Mapping presets",
            Table::Demand => "Demand",
        }
    }

    /// The table a file name stands for: the last path component, compared
    /// case-insensitively, with or without the `.csv` extension
    /// (`C:\exports\SKUs.CSV` is `Table::Skus`).
    pub fn from_file_name(file_name: &str) -> Option<Table> {
        let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).trim();
        let lower = base.to_ascii_lowercase();
        let stem = lower.strip_suffix(".csv").unwrap_or(&lower);
        Table::ALL.iter().copied().find(|table| table.name() == stem)
    }

    /// The columns of the table's CSV file, in export order. Key columns come first.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Settings => const { &[req("key"), req("value")] },
            Table::PolicyMatrix => {
                const {
                    &[
                        req("abc"),
                        req("xyz"),
                        req("service_level"),
                        opt("service"),
                        opt("policy"),
                        opt("review_period_days"),
                    ]
                }
            }
            Table::ApprovalThresholds => const { &[req("min_value"), req("approver").text()] },
            Table::CurrencyRates => const { &[req("currency").text(), req("as_of"), req("rate")] },
            Table::Locations => const { &[req("location_id").text(), req("name").text()] },
            Table::Skus => {
                const {
                    &[
                        req("sku_id").text(),
                        req("name").text(),
                        opt("family").text(),
                        opt("unit").text(),
                        req("unit_cost"),
                        opt("criticality"),
                        opt("regulated"),
                        opt("shelf_life_days"),
                        opt("min_remaining_shelf_life_days"),
                        opt("status"),
                        opt("weight_kg"),
                        opt("volume_l"),
                    ]
                }
            }
            Table::Suppliers => {
                const {
                    &[
                        req("supplier_id").text(),
                        req("name").text(),
                        opt("approval"),
                        opt("currency").text(),
                        opt("risk"),
                        opt("payment_net_days"),
                        opt("early_discount_pct"),
                        opt("early_discount_days"),
                        opt("freight_per_order"),
                        opt("freight_per_unit"),
                        opt("insurance_pct"),
                        opt("duty_pct"),
                        opt("duty_basis"),
                        opt("tax_pct"),
                        opt("tax_recoverable"),
                        opt("handling_per_unit"),
                        opt("min_order_value"),
                        opt("free_freight_threshold"),
                        opt("lead_time_sd_days"),
                        opt("charge_basis"),
                    ]
                }
            }
            Table::Contracts => {
                const {
                    &[
                        req("contract_id").text(),
                        req("supplier_id").text(),
                        req("start"),
                        req("end"),
                        opt("auto_renew"),
                        opt("price_review"),
                        opt("termination_notice_days"),
                        opt("sla_fill_rate_pct"),
                        opt("sla_on_time_pct"),
                        opt("sla_quality_pct"),
                    ]
                }
            }
            Table::Offers => {
                const {
                    &[
                        req("supplier_id").text(),
                        req("sku_id").text(),
                        opt("supplier_sku").text(),
                        req("price_breaks"),
                        opt("moq"),
                        opt("pack_size"),
                        opt("purchase_unit").text(),
                        opt("units_per_purchase_unit"),
                        req("lead_time_days"),
                        opt("freight_per_unit_override"),
                        opt("duty_pct_override"),
                        opt("handling_per_unit_override"),
                        opt("contract_id").text(),
                        opt("valid_from"),
                        opt("valid_to"),
                    ]
                }
            }
            Table::StockLots => {
                const {
                    &[
                        req("sku_id").text(),
                        req("location_id").text(),
                        opt("lot_id").text(),
                        req("quantity"),
                        opt("received"),
                        opt("expiry"),
                        opt("quarantine"),
                    ]
                }
            }
            Table::Commitments => {
                const { &[req("sku_id").text(), req("location_id").text(), opt("backorders"), opt("allocated")] }
            }
            Table::MinMaxOverrides => {
                const { &[req("sku_id").text(), opt("location_id").text(), req("min"), req("max")] }
            }
            Table::Budgets => const { &[req("family").text(), req("month"), req("amount")] },
            Table::ForecastPins => {
                const { &[opt("sku_id").text(), opt("family").text(), req("model"), opt("season_weeks")] }
            }
            Table::ForecastOverrides => {
                const {
                    &[
                        req("sku_id").text(),
                        req("location_id").text(),
                        req("week_start"),
                        req("quantity"),
                        opt("note").text(),
                    ]
                }
            }
            Table::Promotions => {
                const {
                    &[
                        req("promotion_id").text(),
                        opt("sku_id").text(),
                        opt("family").text(),
                        opt("location_id").text(),
                        req("start"),
                        req("end"),
                        req("uplift"),
                        opt("note").text(),
                    ]
                }
            }
            Table::Launches => {
                const {
                    &[
                        req("sku_id").text(),
                        opt("location_id").text(),
                        opt("like_sku_id").text(),
                        opt("like_share"),
                        opt("weekly_rate"),
                        opt("use_family_profile"),
                        req("start"),
                    ]
                }
            }
            Table::PurchaseOrders => {
                const {
                    &[
                        req("po_id").text(),
                        req("supplier_id").text(),
                        req("location_id").text(),
                        opt("status"),
                        req("created"),
                        opt("approved"),
                        opt("sent"),
                        opt("promised"),
                        opt("received"),
                        opt("note").text(),
                    ]
                }
            }
            Table::PoLines => {
                const {
                    &[
                        req("po_id").text(),
                        req("line_no"),
                        req("sku_id").text(),
                        req("quantity"),
                        req("unit_price"),
                        opt("expected_landed_unit"),
                    ]
                }
            }
            Table::Receipts => {
                const {
                    &[
                        req("po_id").text(),
                        req("line_no"),
                        req("receipt_no"),
                        req("date"),
                        req("quantity_received"),
                        opt("quantity_rejected"),
                        opt("lot_id").text(),
                        opt("expiry"),
                        opt("freight"),
                        opt("duty"),
                        opt("other_charges"),
                    ]
                }
            }
            Table::PoLog => {
                const {
                    &[
                        req("po_id").text(),
                        req("seq"),
                        req("at"),
                        req("role").text(),
                        req("kind"),
                        opt("comment").text(),
                    ]
                }
            }
            Table::RecurringOrders => {
                const {
                    &[
                        req("recurring_id").text(),
                        req("supplier_id").text(),
                        req("location_id").text(),
                        req("every_weeks"),
                        req("start"),
                        opt("last_generated"),
                        opt("active"),
                    ]
                }
            }
            Table::RecurringLines => {
                const { &[req("recurring_id").text(), req("sku_id").text(), opt("rule"), opt("quantity")] }
            }
            // The spec is compact JSON, which starts with `{`: never a
            // formula, so it is not a text column and is never escaped.
            Table::MappingPresets => const { &[req("name").text(), req("spec")] },
            Table::Demand => {
                const {
                    &[
                        req("date"),
                        req("sku_id").text(),
                        req("location_id").text(),
                        opt("channel").text(),
                        req("quantity"),
                        opt("promo"),
                        opt("stockout"),
                        opt("requested"),
                    ]
                }
            }
        }
    }

    /// The key columns, which identify a row: re-importing a row with the same
    /// key updates it.
    pub fn key_columns(self) -> &'static [&'static str] {
        match self {
            Table::Settings => &["key"],
            Table::PolicyMatrix => &["abc", "xyz"],
            Table::ApprovalThresholds => &["min_value"],
            Table::CurrencyRates => &["currency", "as_of"],
            Table::Locations => &["location_id"],
            Table::Skus => &["sku_id"],
            Table::Suppliers => &["supplier_id"],
            Table::Contracts => &["contract_id"],
            Table::Offers => &["supplier_id", "sku_id"],
            Table::StockLots => &["sku_id", "location_id", "lot_id"],
            Table::Commitments => &["sku_id", "location_id"],
            Table::MinMaxOverrides => &["sku_id", "location_id"],
            Table::Budgets => &["family", "month"],
            Table::ForecastPins => &["sku_id", "family"],
            Table::ForecastOverrides => &["sku_id", "location_id", "week_start"],
            Table::Promotions => &["promotion_id"],
            Table::Launches => &["sku_id", "location_id"],
            Table::PurchaseOrders => &["po_id"],
            Table::PoLines => &["po_id", "line_no"],
            Table::Receipts => &["po_id", "line_no", "receipt_no"],
            Table::PoLog => &["po_id", "seq"],
            Table::RecurringOrders => &["recurring_id"],
            Table::RecurringLines => &["recurring_id", "sku_id"],
            Table::MappingPresets => &["name"],
            Table::Demand => &["date", "sku_id", "location_id", "channel"],
        }
    }

    /// Index of a column by its exact (snake_case) name.
    pub(crate) fn column_index(self, name: &str) -> Option<usize> {
        self.columns().iter().position(|column| super::cell::same_bytes(column.name.as_bytes(), name.as_bytes()))
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A row's key as one text, for matching a problem found on the assembled
/// workspace back to the file row it came from. The parts are joined with the
/// ASCII unit separator, which ids cannot contain (control characters are
/// refused in ids).
pub(crate) fn key_text(parts: &[&str]) -> String {
    parts.join("\u{1f}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_recognised_whatever_the_folder_and_case() {
        assert_eq!(Table::from_file_name("skus.csv"), Some(Table::Skus));
        assert_eq!(Table::from_file_name(r"C:\exports\PO_Lines.CSV"), Some(Table::PoLines));
        assert_eq!(Table::from_file_name("data/min_max_overrides"), Some(Table::MinMaxOverrides));
        assert_eq!(Table::from_file_name("skus (1).csv"), None);
        assert_eq!(Table::from_file_name("articles.csv"), None);
    }

    #[test]
    fn every_table_has_unique_columns_with_its_keys_first() {
        for table in Table::ALL {
            let names: Vec<_> = table.columns().iter().map(|c| c.name).collect();
            let mut unique = names.clone();
            crate::sorting::sort_by(&mut unique, |a, b| a.cmp(b));
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{table:?} repeats a column");
            assert_eq!(&names[..table.key_columns().len()], table.key_columns(), "{table:?}");
            assert_eq!(Table::from_file_name(table.file_name()), Some(*table));
        }
    }
}
