//! The role the user acts as on purchase orders ("Buyer", "Purchasing
//! manager"…). The app has no accounts: the user says who they are, every
//! approval and state change is logged under that role, and the log says it
//! was chosen, not authenticated. The choice belongs to this browser, so it
//! lives in local storage, not in the workspace.

use engine::Settings;
use gloo_storage::{LocalStorage, Storage};

const KEY: &str = "stockpilot.acting-role.v1";

/// The role every purchase order starts with: whoever drafts and submits.
pub const BUYER: &str = "Buyer";

/// The roles a user can act as: the buyer, then every approver the settings
/// name (the approval thresholds' approvers, the role a risk adds, the role
/// an over-budget order adds), each once, in that order.
pub fn roles(settings: &Settings) -> Vec<String> {
    let mut roles = vec![BUYER.to_owned()];
    let named = settings
        .approval_thresholds
        .iter()
        .map(|threshold| threshold.approver.as_str())
        .chain([settings.purchasing.risk_approver.as_str(), settings.purchasing.budget_approver.as_str()]);
    for role in named {
        let role = role.trim();
        if !role.is_empty() && !roles.iter().any(|known| known == role) {
            roles.push(role.to_owned());
        }
    }
    roles
}

/// The role chosen last in this browser, if it is still one of `roles`;
/// otherwise the buyer.
pub fn load(roles: &[String]) -> String {
    crate::stored_json::local_storage_text(KEY)
        .and_then(|text| crate::stored_json::parse_string(&text))
        .filter(|stored| roles.iter().any(|role| role == stored))
        .unwrap_or_else(|| BUYER.to_owned())
}

/// Remember the chosen role; a browser without local storage just forgets it.
pub fn save(role: &str) {
    let _ = LocalStorage::set(KEY, role);
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::ApprovalThreshold;
    use rust_decimal::Decimal;

    #[test]
    fn roles_are_the_buyer_then_each_approver_once() {
        let mut settings = Settings::default();
        assert_eq!(roles(&settings), ["Buyer", "Purchasing manager", "Finance director"]);
        settings.purchasing.risk_approver = "Compliance officer".into();
        settings
            .approval_thresholds
            .upsert(ApprovalThreshold { min_value: Decimal::new(100_000, 0), approver: " Buyer ".into() });
        assert_eq!(roles(&settings), ["Buyer", "Purchasing manager", "Finance director", "Compliance officer"]);
    }
}
