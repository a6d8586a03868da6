//! Suppliers: the list, and one supplier's page with its terms, offers
//! (catalog entries with price breaks) and contracts.

use crate::components::drafts::{self, Field};
use crate::components::form::{code_options, humanize, CheckField, SelectField, TextField};
use crate::components::table::{badge, link, text, Column, DataTable};
use crate::format;
use crate::pages::common::{delete_flow, opt_text, FieldErrors, PageHead};
use crate::pages::offers::{OfferEditor, OfferTarget};
use crate::route::Route;
use crate::state::use_store;
use engine::integrity::EntityRef;
use engine::io::form as parse;
use engine::io::rules::validate_supplier;
use engine::{
    Approval, ChargeBasis, Currency, DutyBasis, LandedCostTerms, PaymentTerms, Supplier, SupplierId, SupplyRisk,
    Workspace,
};
use leptos::prelude::*;
use rust_decimal::Decimal;

pub fn approval_badge(approval: Approval) -> AnyView {
    match approval {
        Approval::Preferred => badge("ok", "Preferred"),
        Approval::Approved => badge("info", "Approved"),
        Approval::Restricted => badge("warn", "Restricted"),
        Approval::Blocked => badge("error", "Blocked"),
    }
}

pub fn risk_badge(risk: SupplyRisk) -> AnyView {
    match risk {
        SupplyRisk::Low => badge("neutral", "Low"),
        SupplyRisk::Medium => badge("warn", "Medium"),
        SupplyRisk::High => badge("error", "High"),
    }
}

#[derive(Clone, Debug, PartialEq)]
struct SupplierRow {
    id: SupplierId,
    name: String,
    approval: Approval,
    currency: Currency,
    risk: SupplyRisk,
    n_offers: usize,
    n_contracts: usize,
    open_orders: usize,
    on_time: Option<f64>,
}

fn supplier_rows(workspace: &Workspace, on_time: &std::collections::HashMap<SupplierId, f64>) -> Vec<SupplierRow> {
    workspace
        .suppliers
        .iter()
        .map(|s| SupplierRow {
            id: s.id.clone(),
            name: s.name.clone(),
            approval: s.approval,
            currency: s.currency.clone(),
            risk: s.risk,
            n_offers: workspace.offers.iter().filter(|o| o.supplier == s.id).count(),
            n_contracts: workspace.contracts.iter().filter(|c| c.supplier == s.id).count(),
            open_orders: workspace.purchase_orders.iter().filter(|p| p.supplier == s.id && p.status.is_open()).count(),
            on_time: on_time.get(&s.id).copied(),
        })
        .collect()
}

#[component]
pub fn SupplierList() -> impl IntoView {
    let store = use_store();
    let approval = RwSignal::new(String::new());
    // The scorecard's on-time rate over its default period (the last 12
    // months), so the list and the supplier's page say the same.
    let on_time = Memo::new(move |_| {
        let today = store.today;
        let from = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
        store.workspace.with(|w| {
            w.suppliers
                .iter()
                .filter_map(|s| {
                    let card = engine::purchasing::supplier_scorecard(w, &s.id, from, today).ok()?;
                    Some((s.id.clone(), card.measures.on_time_rate?))
                })
                .collect::<std::collections::HashMap<_, _>>()
        })
    });
    let all_rows = Memo::new(move |_| store.workspace.with(|w| on_time.with(|t| supplier_rows(w, t))));
    let rows = Signal::derive(move || {
        let approval = approval.get();
        all_rows.with(|rows| {
            rows.iter().filter(|r| approval.is_empty() || r.approval.as_str() == approval).cloned().collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::new("Supplier", |r: &SupplierRow| link(Route::Supplier(r.id.clone()).href(), r.id.to_string()))
            .sort(|a, b| a.id.cmp(&b.id)),
        Column::new("Name", |r: &SupplierRow| text(r.name.clone())).sort(|a, b| a.name.cmp(&b.name)),
        Column::new("Approval", |r: &SupplierRow| approval_badge(r.approval)).sort(|a, b| a.approval.cmp(&b.approval)),
        Column::new("Currency", |r: &SupplierRow| text(r.currency.to_string()))
            .sort(|a, b| a.currency.cmp(&b.currency)),
        Column::new("Supply risk", |r: &SupplierRow| risk_badge(r.risk)).sort(|a, b| a.risk.cmp(&b.risk)),
        Column::new("Offers", |r: &SupplierRow| text(r.n_offers.to_string()))
            .numeric()
            .sort(|a, b| a.n_offers.cmp(&b.n_offers)),
        Column::new("Contracts", |r: &SupplierRow| text(r.n_contracts.to_string()))
            .numeric()
            .sort(|a, b| a.n_contracts.cmp(&b.n_contracts)),
        Column::new("Open POs", |r: &SupplierRow| text(r.open_orders.to_string()))
            .numeric()
            .sort(|a, b| a.open_orders.cmp(&b.open_orders)),
        Column::new("On time, 12 months", |r: &SupplierRow| {
            text(r.on_time.map(format::percent).unwrap_or_else(|| "–".into()))
        })
        .numeric()
        .sort(|a, b| a.on_time.unwrap_or(-1.0).total_cmp(&b.on_time.unwrap_or(-1.0))),
    ];
    view! {
        <PageHead title="Suppliers" subtitle=Signal::derive(move || {
            store.workspace.with(|w| format!("{}, {}, {}",
                format::count(w.suppliers.len(), "supplier", "suppliers"),
                format::count(w.offers.len(), "offer", "offers"),
                format::count(w.contracts.len(), "contract", "contracts")))
        })>
            <a class="btn btn-primary" href=Route::NewSupplier.href() data-testid="new-supplier">"New supplier"</a>
        </PageHead>
        <DataTable
            rows=rows
            columns=columns
            search=|r: &SupplierRow| format!("{} {}", r.id, r.name)
            search_placeholder="Search supplier"
            initial_sort=(0, true)
            empty="No suppliers yet: import suppliers.csv or add one."
            testid="supplier-table"
        >
            <select aria-label="Approval" on:change:target=move |ev| approval.set(ev.target().value())>
                <option value="">"Any approval"</option>
                {Approval::ALL.iter().map(|a| view! { <option value=a.as_str()>{humanize(a.as_str())}</option> }).collect_view()}
            </select>
        </DataTable>
    }
}

#[derive(Clone, Copy)]
struct SupplierForm {
    id: RwSignal<String>,
    name: RwSignal<String>,
    approval: RwSignal<String>,
    currency: RwSignal<String>,
    risk: RwSignal<String>,
    net_days: RwSignal<String>,
    early_discount_pct: RwSignal<String>,
    early_discount_days: RwSignal<String>,
    min_order_value: RwSignal<String>,
    free_freight_threshold: RwSignal<String>,
    lead_time_sd_days: RwSignal<String>,
    freight_per_order: RwSignal<String>,
    freight_per_unit: RwSignal<String>,
    insurance_pct: RwSignal<String>,
    duty_pct: RwSignal<String>,
    duty_basis: RwSignal<String>,
    charge_basis: RwSignal<String>,
    tax_pct: RwSignal<String>,
    tax_recoverable: RwSignal<bool>,
    handling_per_unit: RwSignal<String>,
}

impl SupplierForm {
    /// The fields by name, for keeping unsaved typing (`drafts`).
    fn fields(&self) -> Vec<(&'static str, Field)> {
        let text = |name, signal| (name, Field::Text(signal));
        vec![
            text("id", self.id),
            text("name", self.name),
            text("approval", self.approval),
            text("currency", self.currency),
            text("risk", self.risk),
            text("net_days", self.net_days),
            text("early_discount_pct", self.early_discount_pct),
            text("early_discount_days", self.early_discount_days),
            text("min_order_value", self.min_order_value),
            text("free_freight_threshold", self.free_freight_threshold),
            text("lead_time_sd_days", self.lead_time_sd_days),
            text("freight_per_order", self.freight_per_order),
            text("freight_per_unit", self.freight_per_unit),
            text("insurance_pct", self.insurance_pct),
            text("duty_pct", self.duty_pct),
            text("duty_basis", self.duty_basis),
            text("charge_basis", self.charge_basis),
            text("tax_pct", self.tax_pct),
            ("tax_recoverable", Field::Flag(self.tax_recoverable)),
            text("handling_per_unit", self.handling_per_unit),
        ]
    }

    fn new(supplier: Option<&Supplier>, base_currency: &Currency) -> Self {
        let default_terms = LandedCostTerms::default();
        let landed = supplier.map(|s| &s.landed).unwrap_or(&default_terms);
        let s = |value: String| RwSignal::new(value);
        Self {
            id: s(supplier.map(|x| x.id.to_string()).unwrap_or_default()),
            name: s(supplier.map(|x| x.name.clone()).unwrap_or_default()),
            approval: s(supplier.map_or("approved", |x| x.approval.as_str()).to_owned()),
            currency: s(supplier.map(|x| x.currency.to_string()).unwrap_or_else(|| base_currency.to_string())),
            risk: s(supplier.map_or("low", |x| x.risk.as_str()).to_owned()),
            net_days: s(supplier.map_or("30".into(), |x| x.payment_terms.net_days.to_string())),
            early_discount_pct: s(opt_text(supplier.and_then(|x| x.payment_terms.early_discount_pct))),
            early_discount_days: s(opt_text(supplier.and_then(|x| x.payment_terms.early_discount_days))),
            min_order_value: s(opt_text(supplier.and_then(|x| x.min_order_value))),
            free_freight_threshold: s(opt_text(supplier.and_then(|x| x.free_freight_threshold))),
            lead_time_sd_days: s(opt_text(supplier.and_then(|x| x.lead_time_sd_days))),
            freight_per_order: s(landed.freight_per_order.to_string()),
            freight_per_unit: s(landed.freight_per_unit.to_string()),
            insurance_pct: s(landed.insurance_pct.to_string()),
            duty_pct: s(landed.duty_pct.to_string()),
            duty_basis: s(landed.duty_basis.as_str().to_owned()),
            charge_basis: s(landed.charge_basis.as_str().to_owned()),
            tax_pct: s(landed.tax_pct.to_string()),
            tax_recoverable: RwSignal::new(landed.tax_recoverable),
            handling_per_unit: s(landed.handling_per_unit.to_string()),
        }
    }

    fn parse(&self) -> (Option<Supplier>, FieldErrors) {
        let mut e = FieldErrors::default();
        let money =
            |e: &mut FieldErrors, field: &str, value: RwSignal<String>| e.take(field, parse::money(&value.get()));
        let opt_money = |e: &mut FieldErrors, field: &str, value: RwSignal<String>| {
            e.take(field, parse::optional(&value.get(), parse::money))
        };
        let approval = e.take("approval", self.approval.get().parse::<Approval>().map_err(|x| x.to_string()));
        let risk = e.take("risk", self.risk.get().parse::<SupplyRisk>().map_err(|x| x.to_string()));
        let duty_basis = e.take("duty_basis", self.duty_basis.get().parse::<DutyBasis>().map_err(|x| x.to_string()));
        let charge_basis =
            e.take("charge_basis", self.charge_basis.get().parse::<ChargeBasis>().map_err(|x| x.to_string()));
        let net_days = e.take("net_days", parse::days(&self.net_days.get()));
        let early_discount_pct = opt_money(&mut e, "early_discount_pct", self.early_discount_pct);
        let early_discount_days =
            e.take("early_discount_days", parse::optional(&self.early_discount_days.get(), parse::days));
        let min_order_value = opt_money(&mut e, "min_order_value", self.min_order_value);
        let free_freight_threshold = opt_money(&mut e, "free_freight_threshold", self.free_freight_threshold);
        let lead_time_sd_days =
            e.take("lead_time_sd_days", parse::optional(&self.lead_time_sd_days.get(), parse::quantity));
        let freight_per_order = money(&mut e, "freight_per_order", self.freight_per_order);
        let freight_per_unit = money(&mut e, "freight_per_unit", self.freight_per_unit);
        let insurance_pct = money(&mut e, "insurance_pct", self.insurance_pct);
        let duty_pct = money(&mut e, "duty_pct", self.duty_pct);
        let tax_pct = money(&mut e, "tax_pct", self.tax_pct);
        let handling_per_unit = money(&mut e, "handling_per_unit", self.handling_per_unit);
        let supplier = (|| {
            Some(Supplier {
                id: SupplierId::new(self.id.get()),
                name: self.name.get(),
                approval: approval?,
                currency: Currency::new(self.currency.get().trim().to_ascii_uppercase()),
                payment_terms: PaymentTerms {
                    net_days: net_days?,
                    early_discount_pct: early_discount_pct?,
                    early_discount_days: early_discount_days?,
                },
                risk: risk?,
                landed: LandedCostTerms {
                    freight_per_order: freight_per_order?,
                    freight_per_unit: freight_per_unit?,
                    insurance_pct: insurance_pct?,
                    duty_pct: duty_pct?,
                    duty_basis: duty_basis?,
                    tax_pct: tax_pct?,
                    tax_recoverable: self.tax_recoverable.get(),
                    handling_per_unit: handling_per_unit?,
                    charge_basis: charge_basis?,
                },
                min_order_value: min_order_value?,
                free_freight_threshold: free_freight_threshold?,
                lead_time_sd_days: lead_time_sd_days?,
            })
        })();
        let Some(supplier) = supplier else { return (None, e) };
        e.extend(validate_supplier(&supplier));
        (e.is_empty().then_some(supplier), e)
    }
}

#[component]
fn SupplierFields(form: SupplierForm, creating: bool) -> impl IntoView {
    let store = use_store();
    let parsed = Memo::new(move |_| form.parse());
    let error = move |field: &'static str| Signal::derive(move || parsed.with(|(_, e)| e.get(field)));
    let id_error = Signal::derive(move || {
        if creating && store.workspace.with(|w| w.supplier(&SupplierId::new(form.id.get())).is_some()) {
            Some("a supplier with this id already exists".to_owned())
        } else {
            parsed.with(|(_, e)| e.get("supplier_id"))
        }
    });
    let currency_error = Signal::derive(move || {
        parsed.with(|(_, e)| e.get("currency")).or_else(|| {
            let code = Currency::new(form.currency.get().trim().to_ascii_uppercase());
            store.workspace.with(|w| {
                w.rate_to_base(&code, store.today)
                    .err()
                    .map(|missing| format!("{missing}; offers in {code} cannot be compared until then"))
            })
        })
    });
    view! {
        <fieldset>
            <legend>"Supplier"</legend>
            <div class="form-grid">
                <TextField label="Supplier id" value=form.id error=id_error testid="supplier-id" required=true disabled=!creating />
                <TextField label="Name" value=form.name error=error("name") testid="supplier-name" required=true />
                <SelectField label="Approval" value=form.approval error=error("approval") testid="supplier-approval"
                    options=code_options(Approval::CODES, humanize)
                    hint="Restricted and blocked suppliers are never chosen automatically." />
                <SelectField label="Supply risk" value=form.risk error=error("risk") testid="supplier-risk"
                    options=code_options(SupplyRisk::CODES, humanize) />
                <TextField label="Currency" value=form.currency error=currency_error testid="supplier-currency" required=true />
                <TextField label="Lead-time variability (sd, days)" value=form.lead_time_sd_days
                    error=error("lead_time_sd_days") hint="Used until enough receipts are measured." />
            </div>
        </fieldset>
        <fieldset>
            <legend>"Payment and order terms"</legend>
            <div class="form-grid">
                <TextField label="Payment due (net days)" value=form.net_days error=error("net_days") />
                <TextField label="Early-payment discount (%)" value=form.early_discount_pct error=error("early_discount_pct") />
                <TextField label="…if paid within (days)" value=form.early_discount_days error=error("early_discount_days") />
                <TextField label="Minimum order value" value=form.min_order_value error=error("min_order_value") />
                <TextField label="Free freight from order value" value=form.free_freight_threshold error=error("free_freight_threshold") />
            </div>
        </fieldset>
        <fieldset>
            <legend>"Landed cost (in the supplier's currency)"</legend>
            <div class="form-grid">
                <TextField label="Freight per order" value=form.freight_per_order error=error("freight_per_order") />
                <TextField label="Freight per unit" value=form.freight_per_unit error=error("freight_per_unit") />
                <TextField label="Insurance (% of goods)" value=form.insurance_pct error=error("insurance_pct") />
                <TextField label="Duty (%)" value=form.duty_pct error=error("duty_pct") />
                <SelectField label="Duty charged on" value=form.duty_basis error=error("duty_basis")
                    options=vec![("fob".into(), "Goods only (FOB)".into()), ("cif".into(), "Goods + freight + insurance (CIF)".into())] />
                <TextField label="Import tax (%)" value=form.tax_pct error=error("tax_pct") />
                <TextField label="Handling per unit" value=form.handling_per_unit error=error("handling_per_unit") />
                <SelectField label="Per-order charges spread over a PO's lines by" value=form.charge_basis
                    error=error("charge_basis") options=code_options(ChargeBasis::CODES, humanize) />
                <CheckField label="Import tax is recoverable" value=form.tax_recoverable
                    hint="Recoverable tax is left out of cost comparisons." />
            </div>
        </fieldset>
    }
}

#[component]
pub fn NewSupplier() -> impl IntoView {
    let store = use_store();
    let base = store.workspace.with_untracked(|w| w.settings.base_currency.clone());
    let form = SupplierForm::new(None, &base);
    let parsed = Memo::new(move |_| form.parse());
    let blank = form.parse().0;
    let typed = Signal::derive(move || {
        parsed.with(|(supplier, errors)| supplier.as_ref() != blank.as_ref() || !errors.is_empty())
    });
    drafts::track("new-supplier", form.fields(), typed);
    let taken = Memo::new(move |_| store.workspace.with(|w| w.supplier(&SupplierId::new(form.id.get())).is_some()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(supplier) = parsed.get_untracked().0 else { return };
        if taken.get_untracked() {
            return;
        }
        let id = supplier.id.clone();
        if store.edit_as(
            |w| {
                w.suppliers.upsert(supplier);
            },
            format!("Supplier {id} created."),
        ) {
            let _ = window().location().set_hash(&Route::Supplier(id).href());
        }
    };
    view! {
        <PageHead title="New supplier" crumbs=vec![("Suppliers", Route::Suppliers.href())] />
        <form class="card" on:submit=save novalidate>
            <SupplierFields form=form creating=true />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="supplier-save"
                    disabled=move || { let invalid = parsed.with(|(s, _)| s.is_none()); let taken = taken.get(); invalid || taken }>
                    "Create supplier"
                </button>
                <a class="btn" href=Route::Suppliers.href()>"Cancel"</a>
            </div>
        </form>
    }
}

#[component]
pub fn SupplierPage(id: SupplierId) -> impl IntoView {
    let store = use_store();
    let supplier = {
        let id = id.clone();
        Memo::new(move |_| store.workspace.with(|w| w.supplier(&id).cloned()))
    };
    let Some(initial) = supplier.get_untracked() else {
        return view! {
            <PageHead title="Supplier not found" crumbs=vec![("Suppliers", Route::Suppliers.href())] />
            <div class="card empty-state"><h2>{format!("There is no supplier {id}.")}</h2></div>
        }
        .into_any();
    };
    let base = store.workspace.with_untracked(|w| w.settings.base_currency.clone());
    let form = SupplierForm::new(Some(&initial), &base);
    let parsed = Memo::new(move |_| form.parse());
    let dirty = Memo::new(move |_| parsed.with(|(p, _)| p.as_ref() != supplier.get().as_ref()));
    drafts::track(format!("supplier:{id}"), form.fields(), dirty.into());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(updated) = parsed.get_untracked().0 else { return };
        let id = updated.id.clone();
        store.edit_as(
            |w| {
                w.suppliers.modify_where(|s| s.id == id, |existing| *existing = updated);
            },
            format!("Supplier {id} saved."),
        );
    };
    let deleting = RwSignal::new(false);
    let title = Signal::derive(move || supplier.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default()));
    let subtitle = Signal::derive(move || {
        supplier.with(|s| {
            s.as_ref()
                .map(|s| format!("{} · {} · {}", s.id, humanize(s.approval.as_str()), s.currency))
                .unwrap_or_default()
        })
    });
    let entity = EntityRef::Supplier(id.clone());
    view! {
        <PageHead title=title subtitle=subtitle crumbs=vec![("Suppliers", Route::Suppliers.href())]>
            <button class="btn btn-danger" on:click=move |_| deleting.set(true)>"Delete…"</button>
        </PageHead>
        <Scorecard id=id.clone() />
        <section class="section">
            <h2>"Contracts"</h2>
            <Contracts id=id.clone() />
        </section>
        <section class="section offers-section">
            <div class="section-head"><h2>"Offers"</h2></div>
            <OfferEditor target=OfferTarget::Supplier(id.clone()) />
        </section>
        <section class="section">
            <form class="card" on:submit=save novalidate>
                <h2>"Terms"</h2>
                <SupplierFields form=form creating=false />
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" data-testid="supplier-save"
                        disabled=move || { let invalid = parsed.with(|(s, _)| s.is_none()); let unchanged = !dirty.get(); invalid || unchanged }>
                        "Save changes"
                    </button>
                    <span class="status">{move || if dirty.get() { "Unsaved changes" } else { "" }}</span>
                </div>
            </form>
        </section>
        {move || deleting.get().then(|| {
            delete_flow(store, entity.clone(), Route::Suppliers, Callback::new(move |_| deleting.set(false)))
        })}
    }
    .into_any()
}

#[component]
fn Contracts(id: SupplierId) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let contracts = {
        let id = id.clone();
        Memo::new(move |_| {
            store.workspace.with(|w| w.contracts.iter().filter(|c| c.supplier == id).cloned().collect::<Vec<_>>())
        })
    };
    // The contract calendar's alerts for the next 90 days, as on the dashboard.
    let alerts = Memo::new(move |_| {
        store.workspace.with(|w| {
            engine::purchasing::contract_calendar(w, today, 90)
                .unwrap_or_default()
                .into_iter()
                .filter(|a| a.supplier == id)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="table-block">
            <div class="table-scroll" tabindex="0">
                <table class="data">
                    <thead>
                        <tr>
                            <th>"Contract"</th><th>"Start"</th><th>"End"</th><th>"Auto-renew"</th>
                            <th>"Notice"</th><th>"Price review"</th><th class="num">"SLA fill rate"</th>
                            <th class="num">"SLA on time"</th><th class="num">"SLA quality"</th><th>"Attention"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let rows = contracts.get();
                            if rows.is_empty() {
                                return view! { <tr class="empty-row"><td colspan="10">"No contracts with this supplier."</td></tr> }.into_any();
                            }
                            rows.into_iter().map(|c| {
                                let notice = c.notice_deadline();
                                let attention = alerts.with(|alerts| alerts.iter().filter(|a| a.contract == c.id).map(|a| {
                                    let kind = match a.kind {
                                        engine::purchasing::AlertKind::PriceReviewDue => "info",
                                        engine::purchasing::AlertKind::NoticeWindowOpen | engine::purchasing::AlertKind::PriceReviewOverdue => "error",
                                        _ => "warn",
                                    };
                                    badge(kind, crate::pages::dashboard::alert_text(a))
                                }).collect::<Vec<_>>());
                                let attention = if attention.is_empty() && c.end < today { vec![badge("neutral", "Ended")] } else { attention };
                                let pct = |v: Option<f64>| v.map(|v| format!("{v:.1} %")).unwrap_or_else(|| "–".into());
                                view! {
                                    <tr>
                                        <td>{c.id.to_string()}</td>
                                        <td>{format::date(c.start)}</td>
                                        <td>{format::date(c.end)}</td>
                                        <td>{if c.auto_renew { "Yes" } else { "No" }}</td>
                                        <td>{format!("{} days (by {})", c.termination_notice_days, format::opt_date(notice))}</td>
                                        <td>{format::opt_date(c.price_review)}</td>
                                        <td class="num">{pct(c.sla.fill_rate_pct)}</td>
                                        <td class="num">{pct(c.sla.on_time_pct)}</td>
                                        <td class="num">{pct(c.sla.quality_pct)}</td>
                                        <td><div class="flags">{attention}</div></td>
                                    </tr>
                                }
                            }).collect_view().into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// The supplier's scorecard over a period: fill rate, on-time delivery,
/// quality and lead time against the contract's targets, month by month.
#[component]
fn Scorecard(id: SupplierId) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let months = RwSignal::new(12u32);
    let card = Memo::new(move |_| {
        let from = today.checked_sub_months(chrono::Months::new(months.get())).unwrap_or(today);
        store.workspace.with(|w| engine::purchasing::supplier_scorecard(w, &id, from, today))
    });
    let pct = |share: Option<f64>| share.map(format::percent).unwrap_or_else(|| "–".into());
    let lead = |m: &engine::purchasing::Measures| {
        m.lead_time.as_ref().map_or_else(
            || "–".to_owned(),
            |l| {
                format!(
                    "{} d{}",
                    format::fixed(l.mean_days, 1),
                    l.sd_days.map(|sd| format!(" ± {}", format::fixed(sd, 1))).unwrap_or_default()
                )
            },
        )
    };
    view! {
        <section class="section" data-testid="scorecard">
            <div class="section-head">
                <h2>"Scorecard"</h2>
                <select aria-label="Scorecard period" on:change:target=move |ev| months.set(ev.target().value().parse().unwrap_or(12))>
                    <option value="3">"Last 3 months"</option>
                    <option value="6">"Last 6 months"</option>
                    <option value="12" selected>"Last 12 months"</option>
                    <option value="24">"Last 24 months"</option>
                </select>
            </div>
            {move || match card.get() {
                Err(error) => view! { <div class="banner banner-error" role="alert">{error.to_string()}</div> }.into_any(),
                Ok(card) => {
                    let target = |metric: engine::purchasing::SlaMetric| card.sla.iter().find(|c| c.metric == metric).cloned();
                    let figure = move |value: Option<f64>, check: Option<engine::purchasing::SlaCheck>| match check {
                        Some(check) if check.below => view! { <span>{pct(value)} " " {badge("error", format!("below {} % target", format::fixed(check.target_pct, 1)))}</span> }.into_any(),
                        Some(check) => view! { <span>{pct(value)} " " <span class="small muted">{format!("target {} %", format::fixed(check.target_pct, 1))}</span></span> }.into_any(),
                        None => text(pct(value)),
                    };
                    let m = &card.measures;
                    view! {
                        <div class="card">
                            <p class="small muted">{format!(
                                "{} to {}{}. Fill rate: accepted ÷ ordered on lines promised in the period; on time: receipts on or before the promised date; quality: accepted ÷ received; lead time: from approval (else sending) to the first delivery of each line.",
                                format::date(card.from), format::date(card.to),
                                card.contract.as_ref().map(|c| format!(", targets of contract {c}")).unwrap_or_else(|| ", no contract targets".into())
                            )}</p>
                            <dl class="facts" data-testid="scorecard-figures">
                                <dt>"Fill rate"</dt><dd data-testid="scorecard-fill">{figure(m.fill_rate, target(engine::purchasing::SlaMetric::FillRate))}</dd>
                                <dt>"On time"</dt><dd data-testid="scorecard-on-time">{figure(m.on_time_rate, target(engine::purchasing::SlaMetric::OnTime))}</dd>
                                <dt>"Quality accepted"</dt><dd data-testid="scorecard-quality">{figure(m.quality_rate, target(engine::purchasing::SlaMetric::Quality))}</dd>
                                <dt>"Lead time"</dt><dd>{lead(m)}</dd>
                                <dt>"Measured on"</dt><dd>{format!("{} lines, {} receipts", m.lines_promised, m.receipts_with_promise)}</dd>
                            </dl>
                            {(!card.trend.is_empty()).then(|| view! {
                                <div class="table-scroll" tabindex="0">
                                    <table class="data compact">
                                        <thead><tr><th>"Month"</th><th class="num">"Fill rate"</th><th class="num">"On time"</th><th class="num">"Quality"</th><th class="num">"Lead time"</th></tr></thead>
                                        <tbody>
                                            {card.trend.iter().map(|month| view! {
                                                <tr><td>{format::month(month.month)}</td>
                                                    <td class="num">{pct(month.measures.fill_rate)}</td>
                                                    <td class="num">{pct(month.measures.on_time_rate)}</td>
                                                    <td class="num">{pct(month.measures.quality_rate)}</td>
                                                    <td class="num">{lead(&month.measures)}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            })}
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Money in a supplier's currency.
pub fn supplier_money(amount: Decimal, currency: &Currency) -> String {
    format::money_in(amount, currency.as_str())
}
