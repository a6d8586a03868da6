//! Settings: the planning policy (classification cut-offs, the class policy
//! matrix, costs) and workspace-wide values. Saving re-plans at once.

use crate::components::drafts::{self, Field};
use crate::components::form::{code_options, humanize, CheckField, SelectField, TextField};
use crate::format;
use crate::pages::common::{FieldErrors, PageHead};
use crate::state::use_store;
use engine::io::form as parse;
use engine::io::rules::{validate_policy_cell, validate_settings};
use engine::{
    AbcBasis, AbcClass, AbcSettings, Currency, CxmlIdentity, DemandSource, OverBudget, PolicyCell, PolicyKind,
    PolicyMatrix, PurchasingSettings, ServiceDefinition, Settings, XyzClass, XyzSettings,
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct CellForm {
    abc: AbcClass,
    xyz: XyzClass,
    service_level: RwSignal<String>,
    service: RwSignal<String>,
    policy: RwSignal<String>,
    review_days: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct SettingsForm {
    base_currency: RwSignal<String>,
    abc_basis: RwSignal<String>,
    cutoff_a: RwSignal<String>,
    cutoff_b: RwSignal<String>,
    cutoff_x: RwSignal<String>,
    cutoff_y: RwSignal<String>,
    window_weeks: RwSignal<String>,
    holding_rate: RwSignal<String>,
    ordering_cost: RwSignal<String>,
    negative_ss: RwSignal<bool>,
    demand_source: RwSignal<String>,
    risk_buffer_days: RwSignal<String>,
    expiry_horizon: RwSignal<String>,
    cells: StoredValue<Vec<CellForm>>,
    purchasing: PurchasingForm,
}

/// The purchasing settings' fields, as text while the user types.
#[derive(Clone, Copy)]
struct PurchasingForm {
    auto_approve_limit: RwSignal<String>,
    risk_approver: RwSignal<String>,
    budget_approver: RwSignal<String>,
    over_budget: RwSignal<String>,
    take_discounts: RwSignal<bool>,
    from_domain: RwSignal<String>,
    from_identity: RwSignal<String>,
    to_domain: RwSignal<String>,
    sender_domain: RwSignal<String>,
    sender_identity: RwSignal<String>,
    shared_secret: RwSignal<String>,
}

impl PurchasingForm {
    fn new(settings: &PurchasingSettings) -> Self {
        let s = |value: &str| RwSignal::new(value.to_owned());
        Self {
            auto_approve_limit: s(&settings.auto_approve_limit.to_string()),
            risk_approver: s(&settings.risk_approver),
            budget_approver: s(&settings.budget_approver),
            over_budget: s(settings.over_budget.as_str()),
            take_discounts: RwSignal::new(settings.take_early_payment_discounts),
            from_domain: s(&settings.cxml.from_domain),
            from_identity: s(&settings.cxml.from_identity),
            to_domain: s(&settings.cxml.to_domain),
            sender_domain: s(&settings.cxml.sender_domain),
            sender_identity: s(&settings.cxml.sender_identity),
            shared_secret: s(&settings.cxml.shared_secret),
        }
    }

    fn fields(&self) -> Vec<(&'static str, Field)> {
        vec![
            ("auto_approve_limit", Field::Text(self.auto_approve_limit)),
            ("risk_approver", Field::Text(self.risk_approver)),
            ("budget_approver", Field::Text(self.budget_approver)),
            ("over_budget", Field::Text(self.over_budget)),
            ("take_early_payment_discounts", Field::Flag(self.take_discounts)),
            ("cxml_from_domain", Field::Text(self.from_domain)),
            ("cxml_from_identity", Field::Text(self.from_identity)),
            ("cxml_to_domain", Field::Text(self.to_domain)),
            ("cxml_sender_domain", Field::Text(self.sender_domain)),
            ("cxml_sender_identity", Field::Text(self.sender_identity)),
            ("cxml_shared_secret", Field::Text(self.shared_secret)),
        ]
    }

    fn parse(&self, e: &mut FieldErrors) -> Option<PurchasingSettings> {
        let limit = e.take("auto_approve_limit", parse::money(&self.auto_approve_limit.get()));
        let over_budget =
            e.take("over_budget", self.over_budget.get().parse::<OverBudget>().map_err(|x| x.to_string()));
        let text = |signal: RwSignal<String>| signal.get().trim().to_owned();
        Some(PurchasingSettings {
            auto_approve_limit: limit?,
            risk_approver: text(self.risk_approver),
            budget_approver: text(self.budget_approver),
            over_budget: over_budget?,
            take_early_payment_discounts: self.take_discounts.get(),
            cxml: CxmlIdentity {
                from_domain: text(self.from_domain),
                from_identity: text(self.from_identity),
                to_domain: text(self.to_domain),
                sender_domain: text(self.sender_domain),
                sender_identity: text(self.sender_identity),
                shared_secret: self.shared_secret.get(),
            },
        })
    }
}

/// A share such as 0.8 shown as "80".
fn pct_text(share: f64) -> String {
    let pct = share * 100.0;
    let text = format!("{pct:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn share(text: &str) -> Result<f64, String> {
    parse::quantity(text).map(|pct| pct / 100.0).map_err(|reason| format!("{reason} (a percentage, e.g. 95)"))
}

impl SettingsForm {
    /// The fields by name, for keeping unsaved typing (`drafts`).
    fn fields(&self) -> Vec<(&'static str, Field)> {
        let mut fields = vec![
            ("base_currency", Field::Text(self.base_currency)),
            ("abc_basis", Field::Text(self.abc_basis)),
            ("cutoff_a", Field::Text(self.cutoff_a)),
            ("cutoff_b", Field::Text(self.cutoff_b)),
            ("cutoff_x", Field::Text(self.cutoff_x)),
            ("cutoff_y", Field::Text(self.cutoff_y)),
            ("window_weeks", Field::Text(self.window_weeks)),
            ("holding_rate", Field::Text(self.holding_rate)),
            ("ordering_cost", Field::Text(self.ordering_cost)),
            ("negative_ss", Field::Flag(self.negative_ss)),
            ("demand_source", Field::Text(self.demand_source)),
            ("risk_buffer_days", Field::Text(self.risk_buffer_days)),
            ("expiry_horizon", Field::Text(self.expiry_horizon)),
        ];
        fields.extend(self.purchasing.fields());
        // Policy cells by position: the matrix always has one per ABC × XYZ class.
        const CELL_FIELDS: [[&str; 4]; 9] = [
            ["c0.level", "c0.service", "c0.policy", "c0.review"],
            ["c1.level", "c1.service", "c1.policy", "c1.review"],
            ["c2.level", "c2.service", "c2.policy", "c2.review"],
            ["c3.level", "c3.service", "c3.policy", "c3.review"],
            ["c4.level", "c4.service", "c4.policy", "c4.review"],
            ["c5.level", "c5.service", "c5.policy", "c5.review"],
            ["c6.level", "c6.service", "c6.policy", "c6.review"],
            ["c7.level", "c7.service", "c7.policy", "c7.review"],
            ["c8.level", "c8.service", "c8.policy", "c8.review"],
        ];
        self.cells.with_value(|cells| {
            for (cell, names) in cells.iter().zip(CELL_FIELDS) {
                fields.push((names[0], Field::Text(cell.service_level)));
                fields.push((names[1], Field::Text(cell.service)));
                fields.push((names[2], Field::Text(cell.policy)));
                fields.push((names[3], Field::Text(cell.review_days)));
            }
        });
        fields
    }

    fn new(settings: &Settings) -> Self {
        let s = |value: String| RwSignal::new(value);
        let cells = settings
            .policy_matrix
            .cells
            .iter()
            .map(|c| CellForm {
                abc: c.abc,
                xyz: c.xyz,
                service_level: s(pct_text(c.service_level)),
                service: s(c.service.as_str().to_owned()),
                policy: s(c.policy.as_str().to_owned()),
                review_days: s(c.review_period_days.to_string()),
            })
            .collect();
        Self {
            base_currency: s(settings.base_currency.to_string()),
            abc_basis: s(settings.abc.basis.as_str().to_owned()),
            cutoff_a: s(pct_text(settings.abc.cutoff_a)),
            cutoff_b: s(pct_text(settings.abc.cutoff_b)),
            cutoff_x: s(settings.xyz.cutoff_x.to_string()),
            cutoff_y: s(settings.xyz.cutoff_y.to_string()),
            window_weeks: s(settings.stats_window_weeks.to_string()),
            holding_rate: s((settings.holding_cost_rate * rust_decimal::Decimal::ONE_HUNDRED).normalize().to_string()),
            ordering_cost: s(settings.ordering_cost.to_string()),
            negative_ss: RwSignal::new(settings.allow_negative_safety_stock),
            demand_source: s(settings.demand_source.as_str().to_owned()),
            risk_buffer_days: s(settings.risk_buffer_days.to_string()),
            expiry_horizon: s(settings.expiry_horizon_days.to_string()),
            cells: StoredValue::new(cells),
            purchasing: PurchasingForm::new(&settings.purchasing),
        }
    }

    fn parse(&self, current: &Settings) -> (Option<Settings>, FieldErrors) {
        let mut e = FieldErrors::default();
        let basis = e.take("abc_basis", self.abc_basis.get().parse::<AbcBasis>().map_err(|x| x.to_string()));
        let cutoff_a = e.take("abc_cutoff_a", share(&self.cutoff_a.get()));
        let cutoff_b = e.take("abc_cutoff_b", share(&self.cutoff_b.get()));
        let cutoff_x = e.take("xyz_cutoff_x", parse::quantity(&self.cutoff_x.get()));
        let cutoff_y = e.take("xyz_cutoff_y", parse::quantity(&self.cutoff_y.get()));
        let weeks = e.take("stats_window_weeks", parse::days(&self.window_weeks.get()));
        let holding = e.take(
            "holding_cost_rate",
            parse::money(&self.holding_rate.get()).map(|pct| pct / rust_decimal::Decimal::ONE_HUNDRED),
        );
        let ordering = e.take("ordering_cost", parse::money(&self.ordering_cost.get()));
        let risk_buffer = e.take("risk_buffer_days", parse::quantity(&self.risk_buffer_days.get()));
        let horizon = e.take("expiry_horizon_days", parse::days(&self.expiry_horizon.get()));
        let demand_source =
            e.take("demand_source", self.demand_source.get().parse::<DemandSource>().map_err(|x| x.to_string()));
        let mut cells = Vec::new();
        for cell in self.cells.get_value() {
            let key = format!("cell-{}{}", cell.abc, cell.xyz);
            let level = e.take(&key, share(&cell.service_level.get()));
            let service = e.take(&key, cell.service.get().parse::<ServiceDefinition>().map_err(|x| x.to_string()));
            let policy = e.take(&key, cell.policy.get().parse::<PolicyKind>().map_err(|x| x.to_string()));
            let review = e.take(&key, parse::days(&cell.review_days.get()));
            if let (Some(service_level), Some(service), Some(policy), Some(review_period_days)) =
                (level, service, policy, review)
            {
                let parsed =
                    PolicyCell { abc: cell.abc, xyz: cell.xyz, service_level, service, policy, review_period_days };
                for problem in validate_policy_cell(&parsed) {
                    e.add(&key, format!("{}: {}", humanize(&problem.field), problem.reason));
                }
                cells.push(parsed);
            }
        }
        let purchasing = self.purchasing.parse(&mut e);
        let settings = (|| {
            Some(Settings {
                base_currency: Currency::new(self.base_currency.get().trim().to_ascii_uppercase()),
                abc: AbcSettings { basis: basis?, cutoff_a: cutoff_a?, cutoff_b: cutoff_b? },
                xyz: XyzSettings { cutoff_x: cutoff_x?, cutoff_y: cutoff_y? },
                stats_window_weeks: weeks?,
                policy_matrix: PolicyMatrix { cells: cells.clone() },
                holding_cost_rate: holding?,
                ordering_cost: ordering?,
                allow_negative_safety_stock: self.negative_ss.get(),
                risk_buffer_days: risk_buffer?,
                expiry_horizon_days: horizon?,
                approval_thresholds: current.approval_thresholds.clone(),
                demand_source: demand_source?,
                purchasing: purchasing?,
            })
        })();
        if let Some(settings) = &settings {
            e.extend(validate_settings(settings));
            if settings.policy_matrix.cells.len() != 9 {
                e.add("policy_matrix", "every class cell needs a valid policy");
            }
        }
        (settings.filter(|_| e.is_empty()), e)
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let store = use_store();
    let current = Memo::new(move |_| store.workspace.with(|w| w.settings.clone()));
    let form = SettingsForm::new(&current.get_untracked());
    let parsed = Memo::new(move |_| current.with(|c| form.parse(c)));
    let dirty = Memo::new(move |_| parsed.with(|(p, _)| p.as_ref().is_some_and(|p| *p != current.get())));
    // Typing that does not parse yet is typing too.
    let typed = Signal::derive(move || parsed.with(|(p, _)| p.as_ref() != Some(&current.get())));
    drafts::track("settings", form.fields(), typed);
    let error = move |field: &'static str| Signal::derive(move || parsed.with(|(_, e)| e.get(field)));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(settings) = parsed.get_untracked().0 else { return };
        store.edit_as(|w| w.settings = settings, "Settings saved. The plan is being updated.");
    };
    let base_note = Signal::derive(move || {
        let code = Currency::new(form.base_currency.get().trim().to_ascii_uppercase());
        parsed.with(|(_, e)| e.get("base_currency")).or_else(|| {
            (store.workspace.with(|w| w.settings.base_currency != code)).then(|| {
                "Changing the base currency does not convert unit costs or budgets: they are read in the new currency.".to_owned()
            })
        })
    });
    let matrix_rows = AbcClass::ALL
        .iter()
        .map(|abc| {
            let cells = form
                .cells
                .get_value()
                .into_iter()
                .filter(|c| c.abc == *abc)
                .map(|cell| {
                    let key = format!("cell-{}{}", cell.abc, cell.xyz);
                    let testid = format!("cell-{}{}", cell.abc, cell.xyz);
                    let problem = move || parsed.with(|(_, e)| e.get(&key));
                    view! {
                        <td data-testid=testid>
                            <div class="cell-fields">
                                <label class="small muted">"Service level %"
                                    <input aria-label=format!("Service level {}{}", cell.abc, cell.xyz)
                                        prop:value=move || cell.service_level.get()
                                        on:input:target=move |ev| cell.service_level.set(ev.target().value()) />
                                </label>
                                <label class="small muted">"Review days"
                                    <input aria-label=format!("Review period {}{}", cell.abc, cell.xyz)
                                        prop:value=move || cell.review_days.get()
                                        on:input:target=move |ev| cell.review_days.set(ev.target().value()) />
                                </label>
                                <select aria-label=format!("Service definition {}{}", cell.abc, cell.xyz)
                                    on:change:target=move |ev| cell.service.set(ev.target().value())>
                                    {ServiceDefinition::ALL.iter().map(|d| {
                                        let code = d.as_str();
                                        view! { <option value=code selected=move || cell.service.with(|v| v == code)>
                                            {match d { ServiceDefinition::CycleService => "Cycle service (α)", ServiceDefinition::FillRate => "Fill rate (β)" }}
                                        </option> }
                                    }).collect_view()}
                                </select>
                                <select aria-label=format!("Policy {}{}", cell.abc, cell.xyz)
                                    on:change:target=move |ev| cell.policy.set(ev.target().value())>
                                    {PolicyKind::ALL.iter().map(|p| {
                                        let code = p.as_str();
                                        view! { <option value=code selected=move || cell.policy.with(|v| v == code)>
                                            {match p { PolicyKind::ContinuousReview => "(s, Q) continuous", PolicyKind::PeriodicReview => "(R, S) periodic", PolicyKind::MinMax => "Min / max" }}
                                        </option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <p class="error small">{problem}</p>
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th>{format!("Class {abc}")}</th>{cells}</tr> }
        })
        .collect_view();

    view! {
        <PageHead title="Settings" subtitle="Planning policy for this workspace. Saved changes re-plan at once." />
        <NumberFormat />
        <form on:submit=save novalidate class="section">
            <div class="card">
                <h2>"Policy matrix"</h2>
                <p class="muted small" style="margin-bottom:10px">
                    "Each ABC × XYZ class gets a service target, what the target means, and how stock is reviewed. "
                    "High-criticality SKUs are never planned below their class-A service level."
                </p>
                <div class="table-scroll" tabindex="0">
                    <table class="data matrix">
                        <thead><tr><th><span class="sr-only">"ABC class"</span></th><th>"X · steady"</th><th>"Y · variable"</th><th>"Z · erratic"</th></tr></thead>
                        <tbody>{matrix_rows}</tbody>
                    </table>
                </div>
            </div>
            <div class="grid grid-2 section">
                <div class="card">
                    <h2>"Classification"</h2>
                    <div class="form-grid">
                        <SelectField label="ABC ranks by" value=form.abc_basis error=error("abc_basis")
                            options=code_options(AbcBasis::CODES, |c| if c == "spend" { "Annual spend".into() } else { "Annual units".into() }) />
                        <TextField label="Class A up to (cumulative %)" value=form.cutoff_a error=error("abc_cutoff_a") testid="abc-cutoff-a" />
                        <TextField label="Class B up to (cumulative %)" value=form.cutoff_b error=error("abc_cutoff_b") testid="abc-cutoff-b" />
                        <TextField label="X up to (coefficient of variation)" value=form.cutoff_x error=error("xyz_cutoff_x") />
                        <TextField label="Y up to (coefficient of variation)" value=form.cutoff_y error=error("xyz_cutoff_y") />
                        <TextField label="Demand window (weeks)" value=form.window_weeks error=error("stats_window_weeks") />
                        <SelectField label="Plan demand from" value=form.demand_source error=error("demand_source")
                            options=code_options(DemandSource::CODES, |c| if c == "forecast" { "Forecasts (each SKU's best model)".into() } else { "History mean (window above)".into() }) />
                    </div>
                </div>
                <div class="card">
                    <h2>"Costs and buffers"</h2>
                    <div class="form-grid">
                        <TextField label="Base currency" value=form.base_currency error=base_note />
                        <TextField label="Holding cost (% of unit cost per year)" value=form.holding_rate error=error("holding_cost_rate") testid="holding-rate" />
                        <TextField label="Ordering cost (per order)" value=form.ordering_cost error=error("ordering_cost") testid="ordering-cost" />
                        <TextField label="Risk buffer (days of demand)" value=form.risk_buffer_days error=error("risk_buffer_days")
                            hint="Extra safety stock for high-risk or single-sourced SKUs." />
                        <TextField label="Expiry warning horizon (days)" value=form.expiry_horizon error=error("expiry_horizon_days") />
                        <CheckField label="Allow negative safety stock (experts)" value=form.negative_ss
                            hint="Only matters for service targets below 50 %." />
                    </div>
                </div>
            </div>
            <div class="grid grid-2 section">
                <div class="card">
                    <h2>"Approvals"</h2>
                    <p class="muted small">"Who signs a purchase order off. The value tiers are the approval thresholds below; these rules add to them."</p>
                    <div class="form-grid">
                        <TextField label="Approved without sign-off below (base currency)" value=form.purchasing.auto_approve_limit
                            error=error("auto_approve_limit") testid="auto-approve-limit"
                            hint="Only when no risk rule applies; from this value up to the first threshold the buyer approves." />
                        <TextField label="Role a risk adds" value=form.purchasing.risk_approver error=error("risk_approver")
                            hint="A non-preferred, restricted or high-risk supplier, a regulated item, a price above the contract's." />
                        <TextField label="Role an over-budget order adds" value=form.purchasing.budget_approver error=error("budget_approver") />
                        <SelectField label="An order over its family's budget" value=form.purchasing.over_budget error=error("over_budget")
                            options=vec![("warn".into(), "Needs the budget approver too".into()), ("block".into(), "Cannot be approved".into())] />
                        <CheckField label="We pay early to take early-payment discounts" value=form.purchasing.take_discounts
                            hint="Suppliers' discounts (e.g. 2/10 net 30) then count in the cost comparison." />
                    </div>
                </div>
                <div class="card">
                    <h2>"cXML identity"</h2>
                    <p class="muted small">"The credentials written into cXML purchase orders. The supplier is identified by its id in the To domain. The shared secret is stored with the workspace and its backups."</p>
                    <div class="form-grid">
                        <TextField label="From domain" value=form.purchasing.from_domain error=error("cxml_from_domain") />
                        <TextField label="From identity" value=form.purchasing.from_identity error=error("cxml_from_identity") />
                        <TextField label="To domain" value=form.purchasing.to_domain error=error("cxml_to_domain") />
                        <TextField label="Sender domain" value=form.purchasing.sender_domain error=error("cxml_sender_domain") />
                        <TextField label="Sender identity" value=form.purchasing.sender_identity error=error("cxml_sender_identity") />
                        <TextField label="Shared secret" value=form.purchasing.shared_secret error=error("cxml_shared_secret") input_type="password" />
                    </div>
                </div>
            </div>
            <div class="form-actions card section">
                <button class="btn btn-primary" type="submit" data-testid="settings-save"
                    disabled=move || { let invalid = parsed.with(|(s, _)| s.is_none()); let unchanged = !dirty.get(); invalid || unchanged }>
                    "Save settings"
                </button>
                <span class="status">{move || {
                    if parsed.with(|(s, _)| s.is_none()) { "Fix the fields marked in red to save." }
                    else if dirty.get() { "Unsaved changes" } else { "Saved" }
                }}</span>
            </div>
        </form>
        <PolicyTables />
    }
}

/// "Number and date format": how this browser shows figures (`format`'s
/// locale). A display preference of this browser, kept in its local storage,
/// not in the workspace; files keep their machine format whatever it says.
#[component]
fn NumberFormat() -> impl IntoView {
    let store = use_store();
    let chosen = RwSignal::new(format::stored_choice().unwrap_or("").to_owned());
    let browser = format::from_intl(None).tag;
    let change = move |value: String| {
        let choice = Some(value.as_str()).filter(|tag| !tag.is_empty());
        format::choose(choice);
        chosen.set(value);
        // Draw the page again in the new format, keeping what is typed in
        // open forms (as after another tab's save).
        crate::components::drafts::carry();
        store.epoch.update(|epoch| *epoch += 1);
    };
    let sample = {
        let day = store.today;
        move || {
            chosen.track();
            format!(
                "Shown as {} · {} · {}",
                format::money(rust_decimal::Decimal::new(123_456, 2)),
                format::qty(1_234_567.5),
                format::date(day)
            )
        }
    };
    let option = move |value: &'static str, label: String| {
        view! { <option value=value prop:selected=move || chosen.with(|c| c == value)>{label}</option> }
    };
    view! {
        <div class="card" data-testid="number-format">
            <h2>"Number and date format"</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="number-format">"Show numbers, money and dates as"</label>
                    <select id="number-format" data-testid="number-format-select"
                        on:change:target=move |ev| change(ev.target().value())>
                        {option("", format!("This browser's language ({browser})"))}
                        {format::CHOICES.iter().map(|(tag, name)| option(tag, format!("{name} · {tag}"))).collect_view()}
                    </select>
                    <p class="hint" data-testid="number-format-sample">{sample}</p>
                </div>
            </div>
            <p class="muted small">
                "A choice of this browser, not of the workspace. Exported and imported files keep their own format "
                "(a point for decimals, dates as YYYY-MM-DD), and so do the fields you type numbers into: "
                "write 1234.5, not 1.234,5."
            </p>
        </div>
    }
}

/// The small policy tables that come in by CSV: rates, budgets, overrides, approvals.
#[component]
fn PolicyTables() -> impl IntoView {
    let store = use_store();
    view! {
        <div class="grid grid-2 section">
            <div class="card">
                <h2>"Currency rates"</h2>
                <p class="muted small">"1 unit of the currency in base currency: the latest rate of each currency. Import currency_rates.csv to change them; the full history is in its export."</p>
                <table class="data compact">
                    <thead><tr><th>"Currency"</th><th>"From"</th><th class="num">"Rate"</th><th class="num">"Rates held"</th></tr></thead>
                    <tbody>
                        {move || store.workspace.with(|w| {
                            if w.currency_rates.is_empty() {
                                return view! { <tr class="empty-row"><td colspan="4">"No rates: every supplier must use the base currency."</td></tr> }.into_any();
                            }
                            // Rates are sorted by currency, then date: the last of each run is the latest.
                            let mut latest: Vec<(&engine::CurrencyRate, usize)> = Vec::new();
                            for rate in &w.currency_rates {
                                match latest.last_mut() {
                                    Some((last, count)) if last.currency == rate.currency => { *last = rate; *count += 1; }
                                    _ => latest.push((rate, 1)),
                                }
                            }
                            latest.into_iter().map(|(r, count)| view! {
                                <tr><td>{r.currency.to_string()}</td><td>{format::date(r.as_of)}</td><td class="num">{r.rate.to_string()}</td><td class="num">{count}</td></tr>
                            }).collect_view().into_any()
                        })}
                    </tbody>
                </table>
            </div>
            <div class="card">
                <h2>"Approval thresholds"</h2>
                <p class="muted small">"Purchase orders from this value (base currency) need the approver's sign-off."</p>
                <table class="data compact">
                    <thead><tr><th class="num">"From value"</th><th>"Approver"</th></tr></thead>
                    <tbody>
                        {move || store.workspace.with(|w| w.settings.approval_thresholds.iter().map(|t| view! {
                            <tr><td class="num">{format::money(t.min_value)}</td><td>{t.approver.clone()}</td></tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
            <div class="card">
                <h2>"Manual min/max"</h2>
                <p class="muted small">"Fixed by buyers; they replace the computed reorder point and order-up-to level."</p>
                <table class="data compact">
                    <thead><tr><th>"SKU"</th><th>"Location"</th><th class="num">"Min"</th><th class="num">"Max"</th></tr></thead>
                    <tbody>
                        {move || store.workspace.with(|w| {
                            if w.min_max_overrides.is_empty() {
                                return view! { <tr class="empty-row"><td colspan="4">"None."</td></tr> }.into_any();
                            }
                            w.min_max_overrides.iter().map(|o| view! {
                                <tr>
                                    <td><a href=crate::route::Route::Sku(o.sku.clone()).href()>{o.sku.to_string()}</a></td>
                                    <td>{o.location.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "All".into())}</td>
                                    <td class="num">{format::qty(o.min)}</td><td class="num">{format::qty(o.max)}</td>
                                </tr>
                            }).collect_view().into_any()
                        })}
                    </tbody>
                </table>
            </div>
            <div class="card">
                <h2>"Budgets"</h2>
                <p class="muted small">"Monthly spend per product family (base currency)."</p>
                <div class="table-scroll" tabindex="0" style="max-height:260px">
                    <table class="data compact">
                        <thead><tr><th>"Family"</th><th>"Month"</th><th class="num">"Budget"</th></tr></thead>
                        <tbody>
                            {move || store.workspace.with(|w| {
                                if w.budgets.is_empty() {
                                    return view! { <tr class="empty-row"><td colspan="3">"None."</td></tr> }.into_any();
                                }
                                w.budgets.iter().map(|b| view! {
                                    <tr><td>{b.family.clone()}</td><td>{format::month(b.month)}</td><td class="num">{format::money(b.amount)}</td></tr>
                                }).collect_view().into_any()
                            })}
                        </tbody>
                    </table>
                </div>
            </div>
        </div>
    }
}
