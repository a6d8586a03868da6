//! Approval routing (issue 8, section 2): who must approve a purchase order
//! and why, rule by rule, from the amount tiers and risk triggers in
//! `Settings`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::budget::{budget_impact, BudgetError, BudgetImpact};
use crate::model::{
    Approval, ContractId, Currency, OverBudget, PoId, PurchaseOrder, SkuId, SupplierId, SupplyRisk, Workspace,
};

/// The role that signs off orders from the auto-approval limit on (see
/// [`required_approvals`]). Settings name the other roles.
pub const BUYER_ROLE: &str = "Buyer";

/// One rule that requires an approval, with the figures behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ApprovalRule {
    /// The order's value is at or above the auto-approval limit.
    AutoApproveLimit { limit: Decimal, value: Decimal },
    /// The order's value reaches an amount tier (`approval_thresholds`).
    AmountTier { min_value: Decimal, value: Decimal },
    /// The supplier is approved, restricted or blocked rather than preferred.
    SupplierNotPreferred { supplier: SupplierId, approval: Approval },
    /// The supplier's supply risk is high.
    HighRiskSupplier { supplier: SupplierId },
    /// A line is for a regulated (restricted-category) SKU.
    RegulatedItem { line_no: u32, sku: SkuId },
    /// A line's price is above the contract price for its quantity (both in
    /// the supplier's currency).
    AboveContractPrice { line_no: u32, sku: SkuId, contract: ContractId, contract_price: Decimal, unit_price: Decimal },
    /// The order takes its family over the month's budget (base currency).
    OverBudget { family: String, month: NaiveDate, budget: Decimal, committed: Decimal, value: Decimal },
}

impl ApprovalRule {
    /// Whether this is a risk trigger (as opposed to the amount).
    pub fn is_risk(&self) -> bool {
        !matches!(self, ApprovalRule::AutoApproveLimit { .. } | ApprovalRule::AmountTier { .. })
    }
}

/// A month as `2026-12`, written by hand: chrono's `format` brings its whole
/// format-string interpreter into the Wasm for this one use.
struct YearMonth(NaiveDate);

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.0.year(), self.0.month())
    }
}

impl fmt::Display for ApprovalRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApprovalRule::AutoApproveLimit { limit, value } => {
                write!(f, "value {value} is at or above the auto-approval limit {limit}")
            }
            ApprovalRule::AmountTier { min_value, value } => {
                write!(f, "value {value} reaches the tier from {min_value}")
            }
            ApprovalRule::SupplierNotPreferred { supplier, approval } => {
                write!(f, "supplier {supplier} is {approval}, not preferred")
            }
            ApprovalRule::HighRiskSupplier { supplier } => write!(f, "supplier {supplier} is a high supply risk"),
            ApprovalRule::RegulatedItem { line_no, sku } => write!(f, "line {line_no}: {sku} is a regulated item"),
            ApprovalRule::AboveContractPrice { line_no, sku, contract, contract_price, unit_price } => write!(
                f,
                "line {line_no}: {sku} at {unit_price} is above the price {contract_price} of contract {contract}"
            ),
            ApprovalRule::OverBudget { family, month, budget, committed, value } => write!(
                f,
                "{family} in {}: {committed} committed + {value} on this order exceeds the budget {budget}",
                YearMonth(*month)
            ),
        }
    }
}

/// One approval the order needs: the role, and the rule that asks for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    pub role: String,
    pub rule: ApprovalRule,
}

/// What stops an order from going further whoever approves it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Blocker {
    /// A blocked supplier: the order cannot be submitted at all.
    SupplierBlocked { supplier: SupplierId },
    /// Over budget with `over_budget = block`: it cannot be approved until
    /// the budget or the order changes.
    OverBudget { family: String, month: NaiveDate, budget: Decimal, committed: Decimal, value: Decimal },
}

impl fmt::Display for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocker::SupplierBlocked { supplier } => {
                write!(f, "supplier {supplier} is blocked: orders to it cannot be submitted")
            }
            Blocker::OverBudget { family, month, budget, committed, value } => write!(
                f,
                "{family} in {}: {committed} committed + {value} exceeds the budget {budget}, and over-budget orders \
                 are blocked until the budget or the order changes",
                YearMonth(*month)
            ),
        }
    }
}

/// Who must approve an order and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovalRoute {
    pub po: PoId,
    /// The order's value in the base currency, cents.
    pub value: Decimal,
    pub base_currency: Currency,
    /// One per rule that applies, amount rules first, then risk triggers.
    pub requirements: Vec<Requirement>,
    /// No rule applies: the order is approved on submission.
    pub auto_approved: bool,
    pub blockers: Vec<Blocker>,
    /// The order against its families' budgets.
    pub budget: BudgetImpact,
}

impl ApprovalRoute {
    /// The roles that must approve, each once, in the order the rules name them.
    pub fn roles(&self) -> Vec<String> {
        let mut roles: Vec<String> = Vec::new();
        for requirement in &self.requirements {
            if !roles.contains(&requirement.role) {
                roles.push(requirement.role.clone());
            }
        }
        roles
    }

    /// Whether the supplier allows the order to be submitted at all.
    pub fn can_submit(&self) -> bool {
        !self.blockers.iter().any(|blocker| matches!(blocker, Blocker::SupplierBlocked { .. }))
    }

    /// Whether any approval can be given (no blocker of any kind).
    pub fn can_approve(&self) -> bool {
        self.blockers.is_empty()
    }
}

/// Why an approval route could not be worked out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ApprovalError {
    #[error("purchase order {po} names supplier {supplier}, which is not in the workspace")]
    UnknownSupplier { po: PoId, supplier: SupplierId },
    #[error(transparent)]
    Budget(#[from] BudgetError),
}

/// Who must approve `po`, rule by rule.
///
/// The value is the order's ordered value in the base currency, converted
/// and counted in the month as [`budget_impact`] does (at the approval date,
/// or `today` for an order not approved yet), rounded to the cent. Rules:
/// - amount: from `purchasing.auto_approve_limit` on, the role [`BUYER_ROLE`]
///   signs; each `approval_thresholds` tier with `min_value ≤ value` adds its
///   approver. The buyer's sign-off stays required above the tiers, so that
///   a larger amount never needs fewer roles (with the defaults: 1,000 to
///   4,999.99 the buyer; from 5,000 buyer and purchasing manager; from
///   25,000 also the finance director);
/// - risk triggers, each adding `purchasing.risk_approver` whatever the
///   amount: a supplier not preferred (approved, restricted, blocked), a
///   high-risk supplier, a line of a regulated SKU, a line whose unit price
///   is above the contract price (the supplier's offer for the SKU names a
///   contract and its price break for the line's quantity is lower);
/// - budget: each family the order takes over its month's budget adds
///   `purchasing.budget_approver`, and with `over_budget = block` a blocker.
///
/// No rule applying means auto-approved: below the limit, below every tier,
/// no trigger. A blocked supplier is a blocker too: such an order cannot be
/// submitted. Refused: an unknown supplier or SKU, a currency without a rate.
pub fn required_approvals(
    workspace: &Workspace,
    po: &PurchaseOrder,
    today: NaiveDate,
) -> Result<ApprovalRoute, ApprovalError> {
    let settings = &workspace.settings;
    let purchasing = &settings.purchasing;
    let supplier = workspace
        .supplier(&po.supplier)
        .ok_or_else(|| ApprovalError::UnknownSupplier { po: po.id.clone(), supplier: po.supplier.clone() })?;
    let budget = budget_impact(workspace, po, today)?;
    let value: Decimal = budget.families.iter().map(|family| family.value).sum();

    let mut requirements = Vec::new();
    let mut blockers = Vec::new();
    let mut require = |role: &str, rule: ApprovalRule| requirements.push(Requirement { role: role.to_owned(), rule });

    if value >= purchasing.auto_approve_limit {
        require(BUYER_ROLE, ApprovalRule::AutoApproveLimit { limit: purchasing.auto_approve_limit, value });
    }
    for tier in settings.approval_thresholds.iter().filter(|tier| tier.min_value <= value) {
        require(&tier.approver, ApprovalRule::AmountTier { min_value: tier.min_value, value });
    }

    if supplier.approval != Approval::Preferred {
        let rule = ApprovalRule::SupplierNotPreferred { supplier: supplier.id.clone(), approval: supplier.approval };
        require(&purchasing.risk_approver, rule);
    }
    if supplier.approval == Approval::Blocked {
        blockers.push(Blocker::SupplierBlocked { supplier: supplier.id.clone() });
    }
    if supplier.risk == SupplyRisk::High {
        require(&purchasing.risk_approver, ApprovalRule::HighRiskSupplier { supplier: supplier.id.clone() });
    }
    for line in &po.lines {
        if workspace.sku(&line.sku).is_some_and(|sku| sku.regulated) {
            require(
                &purchasing.risk_approver,
                ApprovalRule::RegulatedItem { line_no: line.line_no, sku: line.sku.clone() },
            );
        }
    }
    for line in &po.lines {
        let Some(offer) = workspace.offer(&po.supplier, &line.sku) else { continue };
        let (Some(contract), Some(price_break)) = (&offer.contract, offer.price_for(line.quantity)) else { continue };
        if price_break.unit_price < line.unit_price {
            let rule = ApprovalRule::AboveContractPrice {
                line_no: line.line_no,
                sku: line.sku.clone(),
                contract: contract.clone(),
                contract_price: price_break.unit_price,
                unit_price: line.unit_price,
            };
            require(&purchasing.risk_approver, rule);
        }
    }

    for family in budget.over_budget() {
        let Some(family_budget) = family.budget else { continue };
        let (name, month, committed, value) =
            (family.family.clone(), budget.month, family.committed_before, family.value);
        require(
            &purchasing.budget_approver,
            ApprovalRule::OverBudget { family: name.clone(), month, budget: family_budget, committed, value },
        );
        if purchasing.over_budget == OverBudget::Block {
            blockers.push(Blocker::OverBudget { family: name, month, budget: family_budget, committed, value });
        }
    }

    Ok(ApprovalRoute {
        po: po.id.clone(),
        value,
        base_currency: settings.base_currency.clone(),
        auto_approved: requirements.is_empty(),
        requirements,
        blockers,
        budget,
    })
}
