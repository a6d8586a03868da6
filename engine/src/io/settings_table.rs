//! `settings.csv`: the scalar fields of `Settings` as `key,value` rows. The
//! policy matrix and approval thresholds are tables of their own.
//!
//! A key is added here for every scalar field of `Settings`; a test fails
//! when the model gains a field that this list does not cover. The
//! purchasing settings (`Settings::purchasing`) are keys of their own
//! without a prefix (`auto_approve_limit`, `cxml_from_domain`).
//!
//! Role names and cXML credentials are text: on export they get the
//! formula-injection apostrophe like any text cell (`TEXT_SETTING_KEYS`), and
//! on import one leading apostrophe is removed.

use std::str::FromStr;

use crate::model::{AbcBasis, Currency, DemandSource, OverBudget, Settings};

use super::cell::{self, NumberStyle};

/// Every key of `settings.csv`, in export order.
pub const SETTING_KEYS: &[&str] = &[
    "base_currency",
    "abc_basis",
    "abc_cutoff_a",
    "abc_cutoff_b",
    "xyz_cutoff_x",
    "xyz_cutoff_y",
    "stats_window_weeks",
    "holding_cost_rate",
    "ordering_cost",
    "allow_negative_safety_stock",
    "risk_buffer_days",
    "expiry_horizon_days",
    "demand_source",
    "auto_approve_limit",
    "risk_approver",
    "budget_approver",
    "over_budget",
    "take_early_payment_discounts",
    "cxml_from_domain",
    "cxml_from_identity",
    "cxml_to_domain",
    "cxml_sender_domain",
    "cxml_sender_identity",
    "cxml_shared_secret",
];

/// The keys whose value is free text, escaped on export as text cells are.
pub(crate) const TEXT_SETTING_KEYS: &[&str] = &[
    "risk_approver",
    "budget_approver",
    "cxml_from_domain",
    "cxml_from_identity",
    "cxml_to_domain",
    "cxml_sender_domain",
    "cxml_sender_identity",
    "cxml_shared_secret",
];

/// The value of one setting as `settings.csv` writes it.
pub(crate) fn setting_value(settings: &Settings, key: &str) -> Option<String> {
    Some(match key {
        "base_currency" => settings.base_currency.to_string(),
        "abc_basis" => settings.abc.basis.to_string(),
        "abc_cutoff_a" => cell::format_f64(settings.abc.cutoff_a),
        "abc_cutoff_b" => cell::format_f64(settings.abc.cutoff_b),
        "xyz_cutoff_x" => cell::format_f64(settings.xyz.cutoff_x),
        "xyz_cutoff_y" => cell::format_f64(settings.xyz.cutoff_y),
        "stats_window_weeks" => settings.stats_window_weeks.to_string(),
        "holding_cost_rate" => settings.holding_cost_rate.to_string(),
        "ordering_cost" => settings.ordering_cost.to_string(),
        "allow_negative_safety_stock" => cell::format_bool(settings.allow_negative_safety_stock).to_owned(),
        "risk_buffer_days" => cell::format_f64(settings.risk_buffer_days),
        "expiry_horizon_days" => settings.expiry_horizon_days.to_string(),
        "demand_source" => settings.demand_source.to_string(),
        "auto_approve_limit" => settings.purchasing.auto_approve_limit.to_string(),
        "risk_approver" => settings.purchasing.risk_approver.clone(),
        "budget_approver" => settings.purchasing.budget_approver.clone(),
        "over_budget" => settings.purchasing.over_budget.to_string(),
        "take_early_payment_discounts" => {
            cell::format_bool(settings.purchasing.take_early_payment_discounts).to_owned()
        }
        "cxml_from_domain" => settings.purchasing.cxml.from_domain.clone(),
        "cxml_from_identity" => settings.purchasing.cxml.from_identity.clone(),
        "cxml_to_domain" => settings.purchasing.cxml.to_domain.clone(),
        "cxml_sender_domain" => settings.purchasing.cxml.sender_domain.clone(),
        "cxml_sender_identity" => settings.purchasing.cxml.sender_identity.clone(),
        "cxml_shared_secret" => settings.purchasing.cxml.shared_secret.clone(),
        _ => return None,
    })
}

/// A currency code as read: trimmed, apostrophe removed, upper-cased
/// (`eur` is `EUR`; the code list has no lower-case codes).
pub(crate) fn read_currency(text: &str) -> Currency {
    Currency::new(cell::read_id(text).to_ascii_uppercase())
}

/// Set one setting from its `settings.csv` value. An empty value resets the
/// setting to its default. The key must be one of `SETTING_KEYS`.
pub(crate) fn set_setting(settings: &mut Settings, key: &str, value: &str, style: NumberStyle) -> Result<(), String> {
    if value.trim().is_empty() {
        reset_setting(settings, key);
        return Ok(());
    }
    let text = || cell::unescape_text(value).to_owned();
    let purchasing = &mut settings.purchasing;
    let cxml = &mut purchasing.cxml;
    match key {
        "auto_approve_limit" => purchasing.auto_approve_limit = cell::parse_decimal(value, style)?,
        "risk_approver" => purchasing.risk_approver = text(),
        "budget_approver" => purchasing.budget_approver = text(),
        "over_budget" => purchasing.over_budget = OverBudget::from_str(value).map_err(|e| e.to_string())?,
        "take_early_payment_discounts" => purchasing.take_early_payment_discounts = cell::parse_bool(value)?,
        "cxml_from_domain" => cxml.from_domain = text(),
        "cxml_from_identity" => cxml.from_identity = text(),
        "cxml_to_domain" => cxml.to_domain = text(),
        "cxml_sender_domain" => cxml.sender_domain = text(),
        "cxml_sender_identity" => cxml.sender_identity = text(),
        "cxml_shared_secret" => cxml.shared_secret = text(),
        "base_currency" => settings.base_currency = read_currency(value),
        "abc_basis" => settings.abc.basis = AbcBasis::from_str(value).map_err(|e| e.to_string())?,
        "abc_cutoff_a" => settings.abc.cutoff_a = cell::parse_f64_styled(value, style)?,
        "abc_cutoff_b" => settings.abc.cutoff_b = cell::parse_f64_styled(value, style)?,
        "xyz_cutoff_x" => settings.xyz.cutoff_x = cell::parse_f64_styled(value, style)?,
        "xyz_cutoff_y" => settings.xyz.cutoff_y = cell::parse_f64_styled(value, style)?,
        "stats_window_weeks" => settings.stats_window_weeks = cell::parse_u32(value)?,
        "holding_cost_rate" => settings.holding_cost_rate = cell::parse_decimal(value, style)?,
        "ordering_cost" => settings.ordering_cost = cell::parse_decimal(value, style)?,
        "allow_negative_safety_stock" => settings.allow_negative_safety_stock = cell::parse_bool(value)?,
        "risk_buffer_days" => settings.risk_buffer_days = cell::parse_f64_styled(value, style)?,
        "expiry_horizon_days" => settings.expiry_horizon_days = cell::parse_u32(value)?,
        "demand_source" => settings.demand_source = DemandSource::from_str(value).map_err(|e| e.to_string())?,
        _ => return Err(unknown_key_reason()),
    }
    Ok(())
}

/// Put one setting back to its default (an empty value, or a key left out
/// of a "replace this table" import).
pub(crate) fn reset_setting(settings: &mut Settings, key: &str) {
    let default = Settings::default();
    match key {
        "base_currency" => settings.base_currency = default.base_currency,
        "abc_basis" => settings.abc.basis = default.abc.basis,
        "abc_cutoff_a" => settings.abc.cutoff_a = default.abc.cutoff_a,
        "abc_cutoff_b" => settings.abc.cutoff_b = default.abc.cutoff_b,
        "xyz_cutoff_x" => settings.xyz.cutoff_x = default.xyz.cutoff_x,
        "xyz_cutoff_y" => settings.xyz.cutoff_y = default.xyz.cutoff_y,
        "stats_window_weeks" => settings.stats_window_weeks = default.stats_window_weeks,
        "holding_cost_rate" => settings.holding_cost_rate = default.holding_cost_rate,
        "ordering_cost" => settings.ordering_cost = default.ordering_cost,
        "allow_negative_safety_stock" => settings.allow_negative_safety_stock = default.allow_negative_safety_stock,
        "risk_buffer_days" => settings.risk_buffer_days = default.risk_buffer_days,
        "expiry_horizon_days" => settings.expiry_horizon_days = default.expiry_horizon_days,
        "demand_source" => settings.demand_source = default.demand_source,
        "auto_approve_limit" => settings.purchasing.auto_approve_limit = default.purchasing.auto_approve_limit,
        "risk_approver" => settings.purchasing.risk_approver = default.purchasing.risk_approver,
        "budget_approver" => settings.purchasing.budget_approver = default.purchasing.budget_approver,
        "over_budget" => settings.purchasing.over_budget = default.purchasing.over_budget,
        "take_early_payment_discounts" => {
            settings.purchasing.take_early_payment_discounts = default.purchasing.take_early_payment_discounts
        }
        "cxml_from_domain" => settings.purchasing.cxml.from_domain = default.purchasing.cxml.from_domain,
        "cxml_from_identity" => settings.purchasing.cxml.from_identity = default.purchasing.cxml.from_identity,
        "cxml_to_domain" => settings.purchasing.cxml.to_domain = default.purchasing.cxml.to_domain,
        "cxml_sender_domain" => settings.purchasing.cxml.sender_domain = default.purchasing.cxml.sender_domain,
        "cxml_sender_identity" => settings.purchasing.cxml.sender_identity = default.purchasing.cxml.sender_identity,
        "cxml_shared_secret" => settings.purchasing.cxml.shared_secret = default.purchasing.cxml.shared_secret,
        _ => {}
    }
}

pub(crate) fn unknown_key_reason() -> String {
    format!("unknown setting; the keys are {}", SETTING_KEYS.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;

    /// The scalar leaves of `Settings` as serde sees them (`abc.cutoff_a`
    /// becomes `abc_cutoff_a`; `purchasing.cxml.from_domain` becomes
    /// `cxml_from_domain`: the purchasing group adds no prefix), leaving out
    /// the two list-valued fields that have tables of their own.
    fn scalar_fields(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        if let serde_json::Value::Object(map) = value {
            for (name, child) in map {
                let path = match (prefix, name.as_str()) {
                    ("", "purchasing") => String::new(),
                    ("", _) => name.clone(),
                    _ => format!("{prefix}_{name}"),
                };
                match child {
                    serde_json::Value::Object(_) => scalar_fields(child, &path, out),
                    serde_json::Value::Array(_) => {}
                    _ => out.push(path),
                }
            }
        }
    }

    #[test]
    fn every_scalar_setting_of_the_model_has_a_key() {
        let mut fields = Vec::new();
        scalar_fields(&serde_json::to_value(Settings::default()).unwrap(), "", &mut fields);
        let mut keys: Vec<String> = SETTING_KEYS.iter().map(|k| k.to_string()).collect();
        crate::sorting::sort_by(&mut fields, |a, b| a.cmp(b));
        crate::sorting::sort_by(&mut keys, |a, b| a.cmp(b));
        assert_eq!(fields, keys, "settings.csv must cover exactly the scalar fields of Settings");
    }

    #[test]
    fn every_key_writes_a_value_that_reads_back() {
        let point = NumberStyle { decimal_comma: false };
        let mut settings = Settings {
            base_currency: "USD".into(),
            risk_buffer_days: 3.5,
            allow_negative_safety_stock: true,
            demand_source: DemandSource::History,
            ..Settings::default()
        };
        settings.abc.cutoff_a = 0.7;
        settings.purchasing = crate::model::PurchasingSettings {
            auto_approve_limit: rust_decimal::Decimal::new(250_050, 2),
            risk_approver: "=Head of risk".into(),
            budget_approver: "CFO".into(),
            over_budget: OverBudget::Block,
            take_early_payment_discounts: true,
            cxml: crate::model::CxmlIdentity {
                from_domain: "DUNS".into(),
                from_identity: "123456789".into(),
                to_domain: "SupplierID".into(),
                sender_domain: "NetworkID".into(),
                sender_identity: "AN01000000001".into(),
                shared_secret: "s3cret!".into(),
            },
        };
        let mut read = Settings::default();
        for key in SETTING_KEYS {
            let value = setting_value(&settings, key).unwrap();
            set_setting(&mut read, key, &value, point).unwrap();
        }
        assert_eq!(read, settings);
        set_setting(&mut read, "risk_buffer_days", "", point).unwrap();
        assert_eq!(read.risk_buffer_days, 7.0, "an empty value resets to the default");
        assert!(set_setting(&mut read, "colour", "red", point).unwrap_err().contains("base_currency"));
    }
}
