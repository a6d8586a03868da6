//! SKUs: the list, and one SKU's page with its form, planning figures,
//! stock, offers and demand.

use crate::components::drafts::{self, Field};
use crate::components::form::{code_options, humanize, CheckField, SelectField, TextField};
use crate::components::table::{badge, link, text, Column, DataTable};
use crate::format;
use crate::pages::common::{delete_flow, families, opt_text, FieldErrors, PageHead};
use crate::pages::sku_detail::SkuPlanning;
use crate::route::Route;
use crate::state::use_store;
use engine::io::form as parse;
use engine::io::rules::validate_sku;
use engine::{Criticality, Sku, SkuId, SkuStatus, Workspace};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq)]
struct SkuRow {
    id: SkuId,
    name: String,
    family: String,
    unit: String,
    unit_cost: Decimal,
    criticality: Criticality,
    status: SkuStatus,
    on_hand: f64,
    n_offers: usize,
    class: Option<String>,
}

fn sku_rows(workspace: &Workspace, classes: &std::collections::HashMap<SkuId, String>) -> Vec<SkuRow> {
    let mut on_hand = std::collections::HashMap::<&SkuId, f64>::new();
    for lot in &workspace.stock_lots {
        *on_hand.entry(&lot.sku).or_default() += lot.quantity;
    }
    let mut offers = std::collections::HashMap::<&SkuId, usize>::new();
    for offer in &workspace.offers {
        *offers.entry(&offer.sku).or_default() += 1;
    }
    workspace
        .skus
        .iter()
        .map(|sku| SkuRow {
            id: sku.id.clone(),
            name: sku.name.clone(),
            family: sku.family.clone(),
            unit: sku.unit.clone(),
            unit_cost: sku.unit_cost,
            criticality: sku.criticality,
            status: sku.status,
            on_hand: on_hand.get(&sku.id).copied().unwrap_or(0.0),
            n_offers: offers.get(&sku.id).copied().unwrap_or(0),
            class: classes.get(&sku.id).cloned(),
        })
        .collect()
}

fn criticality_badge(criticality: Criticality) -> AnyView {
    match criticality {
        Criticality::High => badge("error", "High"),
        Criticality::Normal => badge("neutral", "Normal"),
        Criticality::Low => badge("neutral", "Low"),
    }
}

fn status_badge(status: SkuStatus) -> AnyView {
    match status {
        SkuStatus::Active => badge("ok", "Active"),
        SkuStatus::Discontinued => badge("neutral", "Discontinued"),
    }
}

#[component]
pub fn SkuList() -> impl IntoView {
    let store = use_store();
    let family = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let class = RwSignal::new(String::new());
    let classes = Memo::new(move |_| {
        store.plan.with(|plan| plan.as_ref().map(|plan| crate::pages::plan_view::abc_by_sku(plan)).unwrap_or_default())
    });
    let all_rows = Memo::new(move |_| store.workspace.with(|w| classes.with(|c| sku_rows(w, c))));
    let rows = Signal::derive(move || {
        let (family, status, class) = (family.get(), status.get(), class.get());
        all_rows.with(|rows| {
            rows.iter()
                .filter(|row| family.is_empty() || row.family == family)
                .filter(|row| status.is_empty() || row.status.as_str() == status)
                .filter(|row| class.is_empty() || row.class.as_deref() == Some(class.as_str()))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let family_options = Memo::new(move |_| store.workspace.with(families));

    let columns = vec![
        Column::new("SKU", |r: &SkuRow| link(Route::Sku(r.id.clone()).href(), r.id.to_string()))
            .sort(|a, b| a.id.cmp(&b.id)),
        Column::new("Name", |r: &SkuRow| text(r.name.clone())).sort(|a, b| a.name.cmp(&b.name)),
        Column::new("Family", |r: &SkuRow| text(r.family.clone())).sort(|a, b| a.family.cmp(&b.family)),
        Column::new("ABC", |r: &SkuRow| match &r.class {
            Some(class) => badge("class", class.clone()),
            None => text("–"),
        })
        .sort(|a, b| a.class.cmp(&b.class)),
        Column::new("Unit cost", |r: &SkuRow| text(format::money(r.unit_cost)))
            .numeric()
            .sort(|a, b| a.unit_cost.cmp(&b.unit_cost)),
        Column::new("On hand", |r: &SkuRow| text(format!("{} {}", format::qty(r.on_hand), r.unit)))
            .numeric()
            .sort(|a, b| a.on_hand.total_cmp(&b.on_hand)),
        Column::new(
            "Offers",
            |r: &SkuRow| {
                if r.n_offers == 0 {
                    badge("warn", "none")
                } else {
                    text(r.n_offers.to_string())
                }
            },
        )
        .numeric()
        .sort(|a, b| a.n_offers.cmp(&b.n_offers)),
        Column::new("Criticality", |r: &SkuRow| criticality_badge(r.criticality))
            .sort(|a, b| a.criticality.cmp(&b.criticality)),
        Column::new("Status", |r: &SkuRow| status_badge(r.status)).sort(|a, b| a.status.cmp(&b.status)),
    ];

    view! {
        <PageHead title="SKUs" subtitle=Signal::derive(move || {
            store.workspace.with(|w| format!("{} in {} families", format::count(w.skus.len(), "SKU", "SKUs"), families(w).len()))
        })>
            <a class="btn btn-primary" href=Route::NewSku.href() data-testid="new-sku">"New SKU"</a>
        </PageHead>
        <DataTable
            rows=rows
            columns=columns
            search=|r: &SkuRow| format!("{} {} {}", r.id, r.name, r.family)
            search_placeholder="Search SKU, name or family"
            initial_sort=(0, true)
            empty="No SKUs yet: import skus.csv or add one."
            testid="sku-table"
        >
            <select aria-label="Family" on:change:target=move |ev| family.set(ev.target().value())>
                <option value="">"All families"</option>
                {move || {
                    family_options
                        .get()
                        .into_iter()
                        .map(|f| view! { <option value=f.clone()>{f.clone()}</option> })
                        .collect_view()
                }}
            </select>
            <select aria-label="ABC class" on:change:target=move |ev| class.set(ev.target().value())>
                <option value="">"All classes"</option>
                <option value="A">"Class A"</option>
                <option value="B">"Class B"</option>
                <option value="C">"Class C"</option>
            </select>
            <select aria-label="Status" on:change:target=move |ev| status.set(ev.target().value())>
                <option value="">"Any status"</option>
                <option value="active">"Active"</option>
                <option value="discontinued">"Discontinued"</option>
            </select>
        </DataTable>
    }
}

/// The SKU form's fields, as text while the user types.
#[derive(Clone, Copy)]
struct SkuForm {
    id: RwSignal<String>,
    name: RwSignal<String>,
    family: RwSignal<String>,
    unit: RwSignal<String>,
    unit_cost: RwSignal<String>,
    criticality: RwSignal<String>,
    regulated: RwSignal<bool>,
    shelf_life: RwSignal<String>,
    min_remaining: RwSignal<String>,
    status: RwSignal<String>,
    weight: RwSignal<String>,
    volume: RwSignal<String>,
}

impl SkuForm {
    fn new(sku: Option<&Sku>) -> Self {
        let text =
            |f: fn(&Sku) -> String, default: &str| RwSignal::new(sku.map(f).unwrap_or_else(|| default.to_owned()));
        Self {
            id: text(|s| s.id.to_string(), ""),
            name: text(|s| s.name.clone(), ""),
            family: text(|s| s.family.clone(), ""),
            unit: text(|s| s.unit.clone(), "each"),
            unit_cost: text(|s| s.unit_cost.to_string(), ""),
            criticality: text(|s| s.criticality.as_str().to_owned(), "normal"),
            regulated: RwSignal::new(sku.is_some_and(|s| s.regulated)),
            shelf_life: text(|s| opt_text(s.shelf_life_days), ""),
            min_remaining: text(|s| opt_text(s.min_remaining_shelf_life_days), ""),
            status: text(|s| s.status.as_str().to_owned(), "active"),
            weight: text(|s| opt_text(s.weight_kg), ""),
            volume: text(|s| opt_text(s.volume_l), ""),
        }
    }

    /// The fields by name, for keeping unsaved typing (`drafts`).
    fn fields(&self) -> Vec<(&'static str, Field)> {
        vec![
            ("id", Field::Text(self.id)),
            ("name", Field::Text(self.name)),
            ("family", Field::Text(self.family)),
            ("unit", Field::Text(self.unit)),
            ("unit_cost", Field::Text(self.unit_cost)),
            ("criticality", Field::Text(self.criticality)),
            ("regulated", Field::Flag(self.regulated)),
            ("shelf_life", Field::Text(self.shelf_life)),
            ("min_remaining", Field::Text(self.min_remaining)),
            ("status", Field::Text(self.status)),
            ("weight", Field::Text(self.weight)),
            ("volume", Field::Text(self.volume)),
        ]
    }

    fn reset(&self, sku: &Sku) {
        let fresh = SkuForm::new(Some(sku));
        self.id.set(fresh.id.get_untracked());
        self.name.set(fresh.name.get_untracked());
        self.family.set(fresh.family.get_untracked());
        self.unit.set(fresh.unit.get_untracked());
        self.unit_cost.set(fresh.unit_cost.get_untracked());
        self.criticality.set(fresh.criticality.get_untracked());
        self.regulated.set(fresh.regulated.get_untracked());
        self.shelf_life.set(fresh.shelf_life.get_untracked());
        self.min_remaining.set(fresh.min_remaining.get_untracked());
        self.status.set(fresh.status.get_untracked());
        self.weight.set(fresh.weight.get_untracked());
        self.volume.set(fresh.volume.get_untracked());
    }

    /// The SKU the fields describe, with every problem by field.
    fn parse(&self) -> (Option<Sku>, FieldErrors) {
        let mut errors = FieldErrors::default();
        let unit_cost = errors.take("unit_cost", parse::money(&self.unit_cost.get()));
        let shelf_life = errors.take("shelf_life_days", parse::optional(&self.shelf_life.get(), parse::days));
        let min_remaining =
            errors.take("min_remaining_shelf_life_days", parse::optional(&self.min_remaining.get(), parse::days));
        let criticality =
            errors.take("criticality", self.criticality.get().parse::<Criticality>().map_err(|e| e.to_string()));
        let status = errors.take("status", self.status.get().parse::<SkuStatus>().map_err(|e| e.to_string()));
        let weight_kg = errors.take("weight_kg", parse::optional(&self.weight.get(), parse::quantity));
        let volume_l = errors.take("volume_l", parse::optional(&self.volume.get(), parse::quantity));
        let (
            Some(unit_cost),
            Some(shelf_life_days),
            Some(min_remaining_shelf_life_days),
            Some(criticality),
            Some(status),
            Some(weight_kg),
            Some(volume_l),
        ) = (unit_cost, shelf_life, min_remaining, criticality, status, weight_kg, volume_l)
        else {
            return (None, errors);
        };
        let sku = Sku {
            id: SkuId::new(self.id.get()),
            name: self.name.get(),
            family: self.family.get().trim().to_owned(),
            unit: self.unit.get().trim().to_owned(),
            unit_cost,
            criticality,
            regulated: self.regulated.get(),
            shelf_life_days,
            min_remaining_shelf_life_days,
            status,
            weight_kg,
            volume_l,
        };
        errors.extend(validate_sku(&sku));
        (errors.is_empty().then_some(sku), errors)
    }
}

#[component]
fn SkuFormView(form: SkuForm, creating: bool) -> impl IntoView {
    let store = use_store();
    let parsed = Memo::new(move |_| form.parse());
    let error = move |field: &'static str| Signal::derive(move || parsed.with(|(_, errors)| errors.get(field)));
    let id_error = Signal::derive(move || {
        let taken = creating && store.workspace.with(|w| w.sku(&SkuId::new(form.id.get())).is_some());
        if taken {
            Some("a SKU with this id already exists".to_owned())
        } else {
            parsed.with(|(_, errors)| errors.get("sku_id"))
        }
    });
    let family_list = Memo::new(move |_| store.workspace.with(families));
    view! {
        <div class="form-grid">
            <TextField label="SKU id" value=form.id error=id_error testid="sku-id" required=true
                disabled=!creating hint=if creating { "Your own code; it cannot be changed later." } else { "" } />
            <TextField label="Name" value=form.name error=error("name") testid="sku-name" required=true />
            <TextField label="Product family" value=form.family error=error("family") testid="sku-family" list="families" />
            <TextField label="Unit of measure" value=form.unit error=error("unit") testid="sku-unit" list="units" required=true />
            <TextField label="Standard unit cost (base currency)" value=form.unit_cost error=error("unit_cost")
                testid="sku-unit-cost" input_type="text" placeholder="e.g. 4.50" required=true />
            <SelectField label="Criticality" value=form.criticality error=error("criticality") testid="sku-criticality"
                options=code_options(Criticality::CODES, humanize) />
            <SelectField label="Status" value=form.status error=error("status") testid="sku-status"
                options=code_options(SkuStatus::CODES, humanize) />
            <TextField label="Shelf life (days)" value=form.shelf_life error=error("shelf_life_days")
                testid="sku-shelf-life" hint="Empty for non-perishables." />
            <TextField label="Minimum remaining shelf life on receipt (days)" value=form.min_remaining
                error=error("min_remaining_shelf_life_days") testid="sku-min-remaining" />
            <TextField label="Weight of one unit (kg)" value=form.weight error=error("weight_kg") testid="sku-weight"
                hint="Optional; spreads freight by weight where a supplier's terms say so." />
            <TextField label="Volume of one unit (litres)" value=form.volume error=error("volume_l") testid="sku-volume"
                hint="Optional; spreads freight by volume where a supplier's terms say so." />
            <CheckField label="Regulated / compliance checks" value=form.regulated testid="sku-regulated" />
        </div>
        <datalist id="families">
            {move || family_list.get().into_iter().map(|f| view! { <option value=f /> }).collect_view()}
        </datalist>
        <datalist id="units">
            <option value="each" /><option value="kg" /><option value="l" /><option value="m" /><option value="pack" />
        </datalist>
    }
}

#[component]
pub fn NewSku() -> impl IntoView {
    let store = use_store();
    let form = SkuForm::new(None);
    let parsed = Memo::new(move |_| form.parse());
    let blank = form.parse().0;
    let typed =
        Signal::derive(move || parsed.with(|(sku, errors)| sku.as_ref() != blank.as_ref() || !errors.is_empty()));
    drafts::track("new-sku", form.fields(), typed);
    let taken = Memo::new(move |_| store.workspace.with(|w| w.sku(&SkuId::new(form.id.get())).is_some()));
    // Both inputs are read every time (no short-circuit), so the button
    // always tracks both.
    let can_save = Memo::new(move |_| {
        let valid = parsed.with(|(sku, _)| sku.is_some());
        let free = !taken.get();
        valid && free
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(sku) = parsed.get_untracked().0 else { return };
        if taken.get_untracked() {
            return;
        }
        let id = sku.id.clone();
        if store.edit_as(
            |w| {
                w.skus.upsert(sku);
            },
            format!("SKU {id} created."),
        ) {
            let _ = window().location().set_hash(&Route::Sku(id).href());
        }
    };
    view! {
        <PageHead title="New SKU" crumbs=vec![("SKUs", Route::Skus.href())] />
        <form class="card" on:submit=save novalidate>
            <SkuFormView form=form creating=true />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" disabled=move || !can_save.get() data-testid="sku-save">
                    "Create SKU"
                </button>
                <a class="btn" href=Route::Skus.href()>"Cancel"</a>
            </div>
        </form>
    }
}

#[component]
pub fn SkuPage(id: SkuId) -> impl IntoView {
    let store = use_store();
    let sku = {
        let id = id.clone();
        Memo::new(move |_| store.workspace.with(|w| w.sku(&id).cloned()))
    };
    let Some(initial) = sku.get_untracked() else {
        return view! {
            <PageHead title="SKU not found" crumbs=vec![("SKUs", Route::Skus.href())] />
            <div class="card empty-state">
                <h2>{format!("There is no SKU {id}.")}</h2>
                <p>"It may have been deleted, or the link is mistyped."</p>
            </div>
        }
        .into_any();
    };
    let form = SkuForm::new(Some(&initial));
    let parsed = Memo::new(move |_| form.parse());
    let dirty = Memo::new(move |_| parsed.with(|(parsed, _)| parsed.as_ref() != sku.get().as_ref()));
    let reapplied = drafts::track(format!("sku:{id}"), form.fields(), dirty.into());
    let can_save = Memo::new(move |_| {
        let valid = parsed.with(|(sku, _)| sku.is_some());
        let changed = dirty.get();
        valid && changed
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(updated) = parsed.get_untracked().0 else { return };
        let id = updated.id.clone();
        store.edit_as(
            |w| {
                w.skus.modify_where(|s| s.id == id, |existing| *existing = updated);
            },
            format!("SKU {id} saved."),
        );
    };
    let revert = move |_| {
        if let Some(current) = sku.get_untracked() {
            form.reset(&current);
        }
    };
    let deleting = RwSignal::new(false);
    let title = Signal::derive(move || sku.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default()));
    let subtitle = Signal::derive(move || {
        sku.with(|s| s.as_ref().map(|s| format!("{} · {} · {}", s.id, s.family, s.unit)).unwrap_or_default())
    });
    let entity = engine::integrity::EntityRef::Sku(id.clone());
    view! {
        <PageHead title=title subtitle=subtitle crumbs=vec![("SKUs", Route::Skus.href())]>
            <button class="btn btn-danger" on:click=move |_| deleting.set(true) data-testid="sku-delete">"Delete…"</button>
        </PageHead>
        <form class="card" on:submit=save novalidate>
            <h2>"Details"</h2>
            <SkuFormView form=form creating=false />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" disabled=move || !can_save.get() data-testid="sku-save">
                    "Save changes"
                </button>
                <button class="btn" type="button" disabled=move || !dirty.get() on:click=revert>"Revert"</button>
                <span class="status">{move || if dirty.get() { "Unsaved changes" } else { "" }}</span>
            </div>
            {reapplied.then(|| view! {
                <p class="hint" data-testid="draft-reapplied">"Your unsaved typing was reapplied on the changes saved in another tab. Review it, then save."</p>
            })}
        </form>
        <SkuPlanning id=id.clone() />
        <crate::pages::forecasts::SkuForecast id=id.clone() />
        {move || deleting.get().then(|| {
            let entity = entity.clone();
            delete_flow(store, entity, Route::Skus, Callback::new(move |_| deleting.set(false)))
        })}
    }
    .into_any()
}
