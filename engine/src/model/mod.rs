//! The domain model: the buyer's nouns as plain data. Serde types; money is
//! `Decimal`, business dates are `NaiveDate`, ids are newtypes. Stored and
//! exported formats are defined in `io`, not here.

pub mod catalog;
pub mod codes;
pub mod demand;
pub mod forecasting;
pub mod ids;
pub mod money;
pub mod purchasing;
pub mod settings;
pub mod sorted;
pub mod stock;
pub mod workspace;

pub use catalog::{
    Contract, LandedCostOverride, LandedCostTerms, Location, Offer, PaymentTerms, PriceBreak, Sku, SlaTargets, Supplier,
};
pub use codes::{
    AbcBasis, AbcClass, Approval, ChargeBasis, Criticality, DemandSource, DutyBasis, ForecastModel, OverBudget,
    PoEventKind, PoStatus, PolicyKind, RecurringRule, ServiceDefinition, SkuStatus, SupplyRisk, UnknownCode, XyzClass,
};
pub use demand::{DayFlags, DemandDay, DemandHistory, DemandSeries, RequestedDays, SeriesKey};
pub use forecasting::{ForecastOverride, ForecastPin, ForecastScope, Launch, Promotion, Uplift};
pub use ids::{ContractId, Currency, IdText, LocationId, LotId, PoId, PromotionId, RecurringId, SkuId, SupplierId};
pub use purchasing::{PoEvent, PoLine, PurchaseOrder, Receipt, RecurringLine, RecurringOrder};
pub use settings::{
    AbcSettings, ApprovalThreshold, Budget, CurrencyRate, CxmlIdentity, MinMaxOverride, PolicyCell, PolicyMatrix,
    PurchasingSettings, Settings, XyzSettings,
};
pub use sorted::{Keyed, RowsMut, Sorted};
pub use stock::{StockCommitment, StockLot};
pub use workspace::{MissingRate, Workspace};
