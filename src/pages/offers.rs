//! Offers (a supplier's catalog entry for a SKU): the table on a supplier's
//! or a SKU's page, and the form that creates and edits one.

use crate::components::drafts::{self, Field};
use crate::components::form::TextField;
use crate::components::modal::Modal;
use crate::components::table::badge;
use crate::format;
use crate::pages::common::{opt_text, FieldErrors};
use crate::route::Route;
use crate::state::use_store;
use engine::io::form as parse;
use engine::io::rules::validate_offer;
use engine::{ContractId, LandedCostOverride, Offer, PriceBreak, SkuId, SupplierId};
use leptos::prelude::*;
use std::sync::Arc;

/// Whose offers a table lists.
#[derive(Clone, Debug, PartialEq)]
pub enum OfferTarget {
    Supplier(SupplierId),
    Sku(SkuId),
}

impl OfferTarget {
    fn matches(&self, offer: &Offer) -> bool {
        match self {
            OfferTarget::Supplier(id) => &offer.supplier == id,
            OfferTarget::Sku(id) => &offer.sku == id,
        }
    }
}

fn breaks_text(breaks: &[PriceBreak]) -> String {
    breaks
        .iter()
        .map(|b| format!("{} → {}", format::qty(b.min_qty), format::money(b.unit_price)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn OfferEditor(target: OfferTarget) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let editing: RwSignal<Option<Option<Offer>>> = RwSignal::new(None);
    let offers = {
        let target = target.clone();
        Memo::new(move |_| {
            store.workspace.with(|w| w.offers.iter().filter(|o| target.matches(o)).cloned().collect::<Vec<_>>())
        })
    };
    let by_supplier = matches!(target, OfferTarget::Supplier(_));
    // The page was drawn again after another tab's save while this dialog had
    // typing the user chose to keep: open it again (`drafts` puts the typing back).
    if drafts::carried(&offer_draft_key(&target, None)) {
        editing.set(Some(None));
    } else if let Some(offer) = offers.with_untracked(|list| {
        list.iter().find(|offer| drafts::carried(&offer_draft_key(&target, Some(offer)))).cloned()
    }) {
        editing.set(Some(Some(offer)));
    }
    let remove = move |offer: Offer| {
        let sure = window()
            .confirm_with_message(&format!("Delete the offer of {} for {}?", offer.supplier, offer.sku))
            .unwrap_or(false);
        if sure {
            let deleted = format!("Offer {} / {} deleted.", offer.supplier, offer.sku);
            store.edit_as(|w| w.offers.retain(|o| !(o.supplier == offer.supplier && o.sku == offer.sku)), deleted);
        }
    };
    let target_for_form = target.clone();
    view! {
        <div class="table-block" data-testid="offer-table">
            <div class="toolbar">
                <span class="muted">{move || format::count(offers.with(Vec::len), "offer", "offers")}</span>
                <span class="toolbar-spacer"></span>
                <button class="btn btn-small btn-primary" data-testid="add-offer" on:click=move |_| editing.set(Some(None))>
                    "Add offer"
                </button>
            </div>
            <div class="table-scroll" tabindex="0">
                <table class="data">
                    <thead>
                        <tr>
                            <th>{if by_supplier { "SKU" } else { "Supplier" }}</th>
                            <th>"Supplier code"</th>
                            <th>"Price breaks (qty → unit price)"</th>
                            <th class="num">"MOQ"</th>
                            <th class="num">"Pack"</th>
                            <th>"Purchase unit"</th>
                            <th class="num">"Lead time"</th>
                            <th>"Valid"</th>
                            <th><span class="sr-only">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let rows = offers.get();
                            if rows.is_empty() {
                                return view! { <tr class="empty-row"><td colspan="9">"No offers yet."</td></tr> }.into_any();
                            }
                            rows.into_iter()
                                .map(|offer| {
                                    let who = if by_supplier {
                                        view! { <a href=Route::Sku(offer.sku.clone()).href()>{offer.sku.to_string()}</a> }.into_any()
                                    } else {
                                        view! { <a href=Route::Supplier(offer.supplier.clone()).href()>{offer.supplier.to_string()}</a> }.into_any()
                                    };
                                    let valid = if offer.is_valid_on(today) {
                                        badge("ok", "Valid")
                                    } else {
                                        badge("warn", format!("{} – {}", format::opt_date(offer.valid_from), format::opt_date(offer.valid_to)))
                                    };
                                    let edit_offer = offer.clone();
                                    let remove_offer = offer.clone();
                                    view! {
                                        <tr>
                                            <td>{who}</td>
                                            <td>{offer.supplier_sku.clone()}</td>
                                            <td class="wrap">{breaks_text(&offer.price_breaks)}</td>
                                            <td class="num">{format::qty(offer.moq)}</td>
                                            <td class="num">{format::qty(offer.pack_size)}</td>
                                            <td>{format!("{} of {}", offer.purchase_unit, format::qty(offer.units_per_purchase_unit))}</td>
                                            <td class="num">{format!("{} d", offer.lead_time_days)}</td>
                                            <td>{valid}</td>
                                            <td class="num nowrap">
                                                <button class="btn btn-small" on:click=move |_| editing.set(Some(Some(edit_offer.clone())))>"Edit"</button>
                                                " "
                                                <button class="btn btn-small btn-danger" on:click=move |_| remove(remove_offer.clone())>"Delete"</button>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </div>
        {move || editing.get().map(|existing| view! {
            <OfferForm target=target_for_form.clone() existing=existing on_close=Callback::new(move |_| editing.set(None)) />
        })}
    }
}

/// The `drafts` key of the offer dialog: the offer edited, or a new one for the page's supplier or SKU.
fn offer_draft_key(target: &OfferTarget, existing: Option<&Offer>) -> String {
    match (existing, target) {
        (Some(offer), _) => format!("offer:{}/{}", offer.supplier, offer.sku),
        (None, OfferTarget::Supplier(id)) => format!("offer-new:supplier:{id}"),
        (None, OfferTarget::Sku(id)) => format!("offer-new:sku:{id}"),
    }
}

#[derive(Clone, Copy)]
struct BreakRow {
    min_qty: RwSignal<String>,
    unit_price: RwSignal<String>,
}

#[component]
fn OfferForm(target: OfferTarget, existing: Option<Offer>, on_close: Callback<()>) -> impl IntoView {
    let store = use_store();
    let creating = existing.is_none();
    let o = existing.as_ref();
    let s = |value: String| RwSignal::new(value);
    let supplier = s(match (&target, o) {
        (_, Some(o)) => o.supplier.to_string(),
        (OfferTarget::Supplier(id), None) => id.to_string(),
        _ => String::new(),
    });
    let sku = s(match (&target, o) {
        (_, Some(o)) => o.sku.to_string(),
        (OfferTarget::Sku(id), None) => id.to_string(),
        _ => String::new(),
    });
    let supplier_sku = s(o.map(|o| o.supplier_sku.clone()).unwrap_or_default());
    let initial_breaks = o.map(|o| o.price_breaks.clone()).unwrap_or_default();
    let breaks = RwSignal::new(if initial_breaks.is_empty() {
        vec![BreakRow { min_qty: RwSignal::new("1".into()), unit_price: RwSignal::new(String::new()) }]
    } else {
        initial_breaks
            .iter()
            .map(|b| BreakRow {
                min_qty: RwSignal::new(b.min_qty.to_string()),
                unit_price: RwSignal::new(b.unit_price.to_string()),
            })
            .collect()
    });
    let moq = s(o.map_or("1".into(), |o| o.moq.to_string()));
    let pack_size = s(o.map_or("1".into(), |o| o.pack_size.to_string()));
    let purchase_unit = s(o.map_or("each".into(), |o| o.purchase_unit.clone()));
    let units_per = s(o.map_or("1".into(), |o| o.units_per_purchase_unit.to_string()));
    let lead_time = s(o.map_or("14".into(), |o| o.lead_time_days.to_string()));
    let freight_override = s(opt_text(o.and_then(|o| o.landed_override.freight_per_unit)));
    let duty_override = s(opt_text(o.and_then(|o| o.landed_override.duty_pct)));
    let handling_override = s(opt_text(o.and_then(|o| o.landed_override.handling_per_unit)));
    let contract = s(opt_text(o.and_then(|o| o.contract.clone())));
    let valid_from = s(o.and_then(|o| o.valid_from).map(format::date).unwrap_or_default());
    let valid_to = s(o.and_then(|o| o.valid_to).map(format::date).unwrap_or_default());

    // Typing here survives another tab's save when the user asks (`drafts`):
    // the editor opens this dialog again and the fields are put back.
    let fields: Vec<(&'static str, Field)> = vec![
        ("supplier", Field::Text(supplier)),
        ("sku", Field::Text(sku)),
        ("supplier_sku", Field::Text(supplier_sku)),
        (
            "price_breaks",
            Field::Custom {
                get: Arc::new(move || {
                    breaks.with(|rows| {
                        rows.iter()
                            .map(|r| format!("{}:{}", r.min_qty.get(), r.unit_price.get()))
                            .collect::<Vec<_>>()
                            .join("|")
                    })
                }),
                set: Arc::new(move |text: &str| {
                    let rows = text
                        .split('|')
                        .map(|pair| {
                            let (min_qty, unit_price) = pair.split_once(':').unwrap_or((pair, ""));
                            BreakRow {
                                min_qty: RwSignal::new(min_qty.to_owned()),
                                unit_price: RwSignal::new(unit_price.to_owned()),
                            }
                        })
                        .collect();
                    breaks.set(rows);
                }),
            },
        ),
        ("moq", Field::Text(moq)),
        ("pack_size", Field::Text(pack_size)),
        ("purchase_unit", Field::Text(purchase_unit)),
        ("units_per", Field::Text(units_per)),
        ("lead_time", Field::Text(lead_time)),
        ("freight_override", Field::Text(freight_override)),
        ("duty_override", Field::Text(duty_override)),
        ("handling_override", Field::Text(handling_override)),
        ("contract", Field::Text(contract)),
        ("valid_from", Field::Text(valid_from)),
        ("valid_to", Field::Text(valid_to)),
    ];
    let typed = drafts::changed_since_open(&fields);
    drafts::track(offer_draft_key(&target, existing.as_ref()), fields, typed);

    let parsed = Memo::new(move |_| {
        let mut e = FieldErrors::default();
        let mut price_breaks = Vec::new();
        for row in breaks.get() {
            let min_qty =
                e.take("price_breaks", parse::quantity(&row.min_qty.get()).map_err(|r| format!("quantity: {r}")));
            let unit_price =
                e.take("price_breaks", parse::money(&row.unit_price.get()).map_err(|r| format!("price: {r}")));
            if let (Some(min_qty), Some(unit_price)) = (min_qty, unit_price) {
                price_breaks.push(PriceBreak { min_qty, unit_price });
            }
        }
        let moq = e.take("moq", parse::quantity(&moq.get()));
        let pack = e.take("pack_size", parse::quantity(&pack_size.get()));
        let per = e.take("units_per_purchase_unit", parse::quantity(&units_per.get()));
        let lead = e.take("lead_time_days", parse::days(&lead_time.get()));
        let freight = e.take("freight_per_unit_override", parse::optional(&freight_override.get(), parse::money));
        let duty = e.take("duty_pct_override", parse::optional(&duty_override.get(), parse::money));
        let handling = e.take("handling_per_unit_override", parse::optional(&handling_override.get(), parse::money));
        let from = e.take("valid_from", parse::optional(&valid_from.get(), parse::date));
        let to = e.take("valid_to", parse::optional(&valid_to.get(), parse::date));
        let supplier_id = SupplierId::new(supplier.get().trim());
        let sku_id = SkuId::new(sku.get().trim());
        store.workspace.with(|w| {
            if w.supplier(&supplier_id).is_none() {
                e.add("supplier_id", "no supplier has this id");
            }
            if w.sku(&sku_id).is_none() {
                e.add("sku_id", "no SKU has this id");
            }
            if creating && w.offer(&supplier_id, &sku_id).is_some() {
                e.add("sku_id", "this supplier already has an offer for this SKU: edit that one");
            }
        });
        let offer = (|| {
            Some(Offer {
                supplier: supplier_id,
                sku: sku_id,
                supplier_sku: supplier_sku.get().trim().to_owned(),
                price_breaks: price_breaks.clone(),
                moq: moq?,
                pack_size: pack?,
                purchase_unit: purchase_unit.get().trim().to_owned(),
                units_per_purchase_unit: per?,
                lead_time_days: lead?,
                landed_override: LandedCostOverride {
                    freight_per_unit: freight?,
                    duty_pct: duty?,
                    handling_per_unit: handling?,
                },
                contract: (!contract.get().is_empty()).then(|| ContractId::new(contract.get())),
                valid_from: from?,
                valid_to: to?,
            })
        })();
        if let Some(offer) = &offer {
            e.extend(validate_offer(offer));
        }
        (offer.filter(|_| e.is_empty()), e)
    });
    let error = move |field: &'static str| Signal::derive(move || parsed.with(|(_, e)| e.get(field)));
    let contracts = Memo::new(move |_| {
        let supplier_id = SupplierId::new(supplier.get().trim());
        store.workspace.with(|w| {
            w.contracts.iter().filter(|c| c.supplier == supplier_id).map(|c| c.id.to_string()).collect::<Vec<_>>()
        })
    });
    let known_skus = Memo::new(move |_| {
        store.workspace.with(|w| w.skus.iter().map(|s| (s.id.to_string(), s.name.clone())).collect::<Vec<_>>())
    });
    let known_suppliers = Memo::new(move |_| {
        store.workspace.with(|w| w.suppliers.iter().map(|s| (s.id.to_string(), s.name.clone())).collect::<Vec<_>>())
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(offer) = parsed.get_untracked().0 else { return };
        let label = format!("{} / {}", offer.supplier, offer.sku);
        let saved = format!("Offer {label} saved.");
        if store.edit_as(
            |w| {
                w.offers.upsert(offer);
            },
            saved,
        ) {
            on_close.run(());
        }
    };
    let title = if creating { "Add offer".to_owned() } else { "Edit offer".to_owned() };
    view! {
        <Modal title=title on_close=on_close testid="offer-form">
            <form on:submit=save novalidate>
                <div class="form-grid">
                    <TextField label="Supplier" value=supplier error=error("supplier_id") list="offer-suppliers"
                        disabled=!creating || matches!(target, OfferTarget::Supplier(_)) testid="offer-supplier" required=true />
                    <TextField label="SKU" value=sku error=error("sku_id") list="offer-skus"
                        disabled=!creating || matches!(target, OfferTarget::Sku(_)) testid="offer-sku" required=true />
                    <TextField label="Supplier's code" value=supplier_sku error=error("supplier_sku") testid="offer-supplier-sku" />
                    <TextField label="Quoted lead time (days)" value=lead_time error=error("lead_time_days") testid="offer-lead-time" />
                </div>
                <fieldset>
                    <legend>"Price breaks (all units, per SKU unit, supplier's currency)"</legend>
                    <table class="data compact">
                        <thead><tr><th>"From quantity"</th><th>"Unit price"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                        <tbody>
                            {move || breaks.get().into_iter().enumerate().map(|(idx, row)| view! {
                                <tr>
                                    <td><input aria-label="From quantity" data-testid="break-qty" prop:value=move || row.min_qty.get()
                                        on:input:target=move |ev| row.min_qty.set(ev.target().value()) /></td>
                                    <td><input aria-label="Unit price" data-testid="break-price" prop:value=move || row.unit_price.get()
                                        on:input:target=move |ev| row.unit_price.set(ev.target().value()) /></td>
                                    <td><button type="button" class="btn btn-small" aria-label="Remove break"
                                        disabled=move || { breaks.with(Vec::len) <= 1 }
                                        on:click=move |_| breaks.update(|b| { b.remove(idx); })>"Remove"</button></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="error">{move || parsed.with(|(_, e)| e.get("price_breaks"))}</p>
                    <button type="button" class="btn btn-small" data-testid="add-break" on:click=move |_| breaks.update(|b| b.push(BreakRow {
                        min_qty: RwSignal::new(String::new()), unit_price: RwSignal::new(String::new()) }))>
                        "Add break"
                    </button>
                </fieldset>
                <div class="form-grid">
                    <TextField label="Minimum order quantity" value=moq error=error("moq") testid="offer-moq" />
                    <TextField label="Pack size (order multiple)" value=pack_size error=error("pack_size") testid="offer-pack" />
                    <TextField label="Purchase unit" value=purchase_unit error=error("purchase_unit") hint="case, pallet, each…" />
                    <TextField label="SKU units per purchase unit" value=units_per error=error("units_per_purchase_unit") />
                    <TextField label="Freight per unit (override)" value=freight_override error=error("freight_per_unit_override") hint="Empty: the supplier's terms." />
                    <TextField label="Duty % (override)" value=duty_override error=error("duty_pct_override") />
                    <TextField label="Handling per unit (override)" value=handling_override error=error("handling_per_unit_override") />
                    <div class="field">
                        <label for="offer-contract">"Contract"</label>
                        <select id="offer-contract" on:change:target=move |ev| contract.set(ev.target().value())>
                            <option value="" selected=move || contract.with(String::is_empty)>"None"</option>
                            {move || contracts.get().into_iter().map(|c| {
                                let selected = { let c = c.clone(); move || contract.with(|v| *v == c) };
                                view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                            }).collect_view()}
                        </select>
                        <p class="error">{move || parsed.with(|(_, e)| e.get("contract_id"))}</p>
                    </div>
                    <TextField label="Valid from" value=valid_from error=error("valid_from") input_type="date" />
                    <TextField label="Valid to" value=valid_to error=error("valid_to") input_type="date" />
                </div>
                <datalist id="offer-skus">
                    {move || known_skus.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </datalist>
                <datalist id="offer-suppliers">
                    {move || known_suppliers.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </datalist>
                <div class="form-actions">
                    <button class="btn" type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button class="btn btn-primary" type="submit" data-testid="offer-save"
                        disabled=move || parsed.with(|(o, _)| o.is_none())>
                        "Save offer"
                    </button>
                </div>
            </form>
        </Modal>
    }
}
