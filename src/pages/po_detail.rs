//! One purchase order: its lines (editable until it is sent), what it costs
//! landed and what to check, who must approve it and why, sending, receiving,
//! the landed-cost variance, exports and its log.
//!
//! Every step goes through `engine::purchasing`'s lifecycle, acting as the
//! role the user picked (`acting_role`), and is written to the order's log.
//! A step is tried on a copy of the tables first, so a refused step changes
//! nothing and the reason is shown.

use crate::acting_role;
use crate::components::form::humanize;
use crate::download;
use crate::format;
use crate::pages::common::PageHead;
use crate::pages::purchase_orders::status_badge;
use crate::route::Route;
use crate::state::{use_store, NoticeKind, Store};
use chrono::{NaiveDate, NaiveDateTime};
use engine::purchasing::{self, Actor, ApprovalRoute, LifecycleError, PoEvaluation, ReceiptInput};
use engine::{LotId, PoId, PoLine, PoStatus, PurchaseOrder, SkuId, Workspace};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The browser's local date and time now, to the second.
pub fn now_local() -> NaiveDateTime {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .and_then(|day| day.and_hms_opt(now.get_hours(), now.get_minutes(), now.get_seconds()))
        .unwrap_or_default()
}

/// Run a lifecycle step. It is tried on a copy of the small tables first: a
/// refused step changes nothing (no save, no re-plan) and its reason is shown;
/// a step that succeeds is applied by swapping in the two tables steps change.
fn act(store: Store, saved: String, step: impl FnOnce(&mut Workspace) -> Result<(), LifecycleError>) -> bool {
    let mut trial = store.workspace.with_untracked(engine::persist::core_of);
    match step(&mut trial) {
        Err(error) => {
            store.notify(NoticeKind::Error, capitalised(&error.to_string()));
            false
        }
        Ok(()) => store.edit_as(
            move |workspace| {
                workspace.purchase_orders = trial.purchase_orders;
                workspace.stock_lots = trial.stock_lots;
            },
            saved,
        ),
    }
}

/// A log time to the minute, "2026-12-07 14:05" (by hand: chrono's `format`
/// would bring its format-string interpreter into the Wasm).
fn minute(at: NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    format!("{:04}-{:02}-{:02} {:02}:{:02}", at.year(), at.month(), at.day(), at.hour(), at.minute())
}

fn capitalised(text: &str) -> String {
    match text {
        "" => String::new(),
        text => crate::format::capitalised(text) + ".",
    }
}

/// One line as the user edits it: the quantity is text until it parses.
#[derive(Clone, Debug, PartialEq)]
struct EditLine {
    line_no: u32,
    sku: SkuId,
    quantity: RwSignal<String>,
    /// Kept from the stored line (a price the buyer agreed is not re-priced
    /// by editing another line); new lines take the break price on saving.
    unit_price: Decimal,
}

fn edit_lines_of(po: &PurchaseOrder) -> Vec<EditLine> {
    po.lines
        .iter()
        .map(|line| EditLine {
            line_no: line.line_no,
            sku: line.sku.clone(),
            quantity: RwSignal::new(format::plain_qty(line.quantity)),
            unit_price: line.unit_price,
        })
        .collect()
}

/// The order with the edited lines, or the first line whose quantity does not read.
fn edited_order(po: &PurchaseOrder, lines: &[EditLine]) -> Result<PurchaseOrder, String> {
    let mut order = po.clone();
    order.lines = lines
        .iter()
        .map(|edit| {
            let text = edit.quantity.get();
            let quantity = engine::io::form::quantity(&text).ok().filter(|q| *q > 0.0).ok_or_else(|| {
                format!("line {}: the quantity “{}” must be a number above zero", edit.line_no, text.trim())
            })?;
            let existing = po.lines.iter().find(|line| line.line_no == edit.line_no);
            Ok(PoLine {
                line_no: edit.line_no,
                sku: edit.sku.clone(),
                quantity,
                unit_price: edit.unit_price,
                expected_landed_unit: existing.and_then(|line| line.expected_landed_unit),
                receipts: Vec::new(),
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(order)
}

/// The edited order priced: its lines take the break price for their quantity
/// and the expected landed unit cost the evaluation gives (what saving stores).
fn priced(order: &mut PurchaseOrder, evaluation: &PoEvaluation) {
    for (line, priced) in order.lines.iter_mut().zip(&evaluation.lines) {
        line.unit_price = priced.unit_price;
        line.expected_landed_unit = Some(priced.amounts.unit_landed);
    }
}

#[component]
pub fn PurchaseOrderPage(id: PoId) -> impl IntoView {
    let store = use_store();
    let order = {
        let id = id.clone();
        Memo::new(move |_| store.workspace.with(|w| w.purchase_order(&id).cloned()))
    };
    let roles = Memo::new(move |_| store.workspace.with(|w| acting_role::roles(&w.settings)));
    let role = RwSignal::new(acting_role::load(&roles.get_untracked()));
    move || {
        let Some(po) = order.get() else {
            return view! {
                <PageHead title="Purchase order not found" crumbs=vec![("Purchase orders", Route::PurchaseOrders.href())] />
                <div class="card empty-state"><h2>{format!("There is no purchase order {id}.")}</h2></div>
            }
            .into_any();
        };
        let supplier_name =
            store.workspace.with(|w| w.supplier(&po.supplier).map(|s| s.name.clone()).unwrap_or_default());
        let editable = matches!(po.status, PoStatus::Draft | PoStatus::PendingApproval | PoStatus::Approved);
        let receiving = matches!(po.status, PoStatus::Sent | PoStatus::PartiallyReceived);
        let has_receipts = po.lines.iter().any(|line| !line.receipts.is_empty());
        let later = !editable;
        let for_export = po.clone();
        view! {
            <PageHead
                title=format!("Purchase order {}", po.id)
                subtitle=format!("{} · delivered to {}", supplier_name, po.location)
                crumbs=vec![("Purchase orders", Route::PurchaseOrders.href())]
            >
                <RolePicker role=role roles=roles />
                <ExportButtons po=for_export />
            </PageHead>
            <StatusSteps po=po.clone() />
            <OrderFacts po=po.clone() supplier_name=supplier_name.clone() />
            {if editable {
                view! { <LinesEditor po=po.clone() role=role /> }.into_any()
            } else {
                view! { <LinesAndReceipts po=po.clone() /> }.into_any()
            }}
            {receiving.then(|| view! { <ReceiveForm po=po.clone() role=role /> })}
            {has_receipts.then(|| view! { <Variance po=po.clone() /> })}
            {later.then(|| view! { <LaterSteps po=po.clone() role=role /> })}
            <PoLog po=po.clone() />
            <PrintedOrder po=po.clone() />
        }
        .into_any()
    }
}

/// "Acting as": the role the steps are logged under.
#[component]
fn RolePicker(role: RwSignal<String>, roles: Memo<Vec<String>>) -> impl IntoView {
    view! {
        <label class="acting-role no-print">
            <span class="small muted">"Acting as"</span>
            <select data-testid="acting-role" on:change:target=move |ev| {
                let chosen = ev.target().value();
                acting_role::save(&chosen);
                role.set(chosen);
            }>
                {move || roles.get().into_iter().map(|r| {
                    let selected = role.get() == r;
                    view! { <option value=r.clone() selected=selected>{r.clone()}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// Where the order is in its life: the steps so far and the next.
#[component]
fn StatusSteps(po: PurchaseOrder) -> impl IntoView {
    const STEPS: [PoStatus; 6] = [
        PoStatus::Draft,
        PoStatus::PendingApproval,
        PoStatus::Approved,
        PoStatus::Sent,
        PoStatus::PartiallyReceived,
        PoStatus::Received,
    ];
    let reached = |step: PoStatus| {
        let at = |s: PoStatus| STEPS.iter().position(|x| *x == s);
        match (po.status, at(step)) {
            (PoStatus::Closed, Some(_)) => step != PoStatus::Received || po.received.is_some(),
            (PoStatus::Cancelled, _) => false,
            (status, Some(idx)) => at(status).is_some_and(|current| idx <= current),
            _ => false,
        }
    };
    view! {
        <ol class="po-steps no-print" aria-label="Order status" data-testid="po-steps">
            {STEPS.iter().map(|step| {
                let class = if *step == po.status { "current" } else if reached(*step) { "done" } else { "" };
                view! { <li class=class aria-current=(*step == po.status).then_some("step")>{humanize(step.as_str())}</li> }
            }).collect_view()}
            {matches!(po.status, PoStatus::Closed | PoStatus::Cancelled).then(|| view! {
                <li class="current" aria-current="step">{humanize(po.status.as_str())}</li>
            })}
        </ol>
    }
}

#[component]
fn OrderFacts(po: PurchaseOrder, supplier_name: String) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let late = po
        .promised
        .filter(|p| *p < today && po.lines.iter().any(|l| po.open_quantity(l) > 0.0))
        .map(|p| (today - p).num_days());
    let currency =
        store.workspace.with(|w| w.supplier(&po.supplier).map(|s| s.currency.to_string()).unwrap_or_default());
    view! {
        <div class="grid grid-2 no-print">
            <div class="card">
                <h2>"Order"</h2>
                <dl class="facts">
                    <dt>"Status"</dt><dd data-testid="po-status">{status_badge(po.status)} {late.map(|d| crate::components::table::badge("error", format!("{d} days late")))}</dd>
                    <dt>"Supplier"</dt><dd><a href=Route::Supplier(po.supplier.clone()).href()>{format!("{} ({})", supplier_name, po.supplier)}</a></dd>
                    <dt>"Value (goods)"</dt><dd>{format::money_in(po.value(), &currency)}</dd>
                    <dt>"Note"</dt><dd>{if po.note.is_empty() { "–".to_owned() } else { po.note.clone() }}</dd>
                </dl>
            </div>
            <div class="card">
                <h2>"Dates"</h2>
                <dl class="facts">
                    <dt>"Created"</dt><dd>{format::date(po.created)}</dd>
                    <dt>"Approved"</dt><dd>{format::opt_date(po.approved)}</dd>
                    <dt>"Sent"</dt><dd>{format::opt_date(po.sent)}</dd>
                    <dt>"Promised"</dt><dd>{format::opt_date(po.promised)}</dd>
                    <dt>"Received"</dt><dd>{format::opt_date(po.received)}</dd>
                </dl>
            </div>
        </div>
    }
}

/// The lines of an order not yet sent: quantities editable, lines added or
/// removed, the pricing, checks and approval route recomputed on every key.
#[component]
fn LinesEditor(po: PurchaseOrder, role: RwSignal<String>) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let stored = StoredValue::new(po.clone());
    let lines = RwSignal::new(edit_lines_of(&po));
    let adding = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    // The order as edited: priced and routed, or why it cannot be.
    let edited = Memo::new(move |_| {
        let order = lines.with(|lines| edited_order(&stored.get_value(), lines))?;
        store.workspace.with(|w| {
            let evaluation = purchasing::evaluate_po(w, &order, today).map_err(|e| capitalised(&e.to_string()))?;
            let mut priced_order = order.clone();
            priced(&mut priced_order, &evaluation);
            let route =
                purchasing::required_approvals(w, &priced_order, today).map_err(|e| capitalised(&e.to_string()));
            let policy = purchasing::policy_checks(w, &priced_order, today).iter().map(policy_text).collect::<Vec<_>>();
            Ok::<_, String>((priced_order, (evaluation, policy), route))
        })
    });
    let changed = Memo::new(move |_| {
        lines.with(|lines| {
            let po = stored.get_value();
            lines.len() != po.lines.len()
                || lines.iter().zip(&po.lines).any(|(edit, line)| {
                    edit.sku != line.sku || engine::io::form::quantity(&edit.quantity.get()).ok() != Some(line.quantity)
                })
        })
    });
    let offered = Memo::new(move |_| {
        let po = stored.get_value();
        store.workspace.with(|w| {
            w.offers
                .iter()
                .filter(|offer| offer.supplier == po.supplier)
                .filter(|offer| !lines.with(|lines| lines.iter().any(|l| l.sku == offer.sku)))
                .map(|offer| {
                    let name = w.sku(&offer.sku).map(|s| s.name.clone()).unwrap_or_default();
                    (offer.sku.clone(), name, offer.moq.max(offer.pack_size).max(1.0))
                })
                .collect::<Vec<_>>()
        })
    });
    let add_line = move |_| {
        let sku = SkuId::new(adding.get_untracked());
        if sku.as_str().is_empty() {
            return;
        }
        let quantity =
            offered.with_untracked(|o| o.iter().find(|(s, _, _)| *s == sku).map(|(_, _, q)| *q)).unwrap_or(1.0);
        lines.update(|lines| {
            let line_no = lines.iter().map(|l| l.line_no).max().unwrap_or(0) / 10 * 10 + 10;
            lines.push(EditLine {
                line_no,
                sku,
                quantity: RwSignal::new(format::plain_qty(quantity)),
                unit_price: Decimal::ZERO,
            });
        });
        adding.set(String::new());
    };
    let save = move |_| {
        let Ok((order, _, _)) = edited.get_untracked() else { return };
        let po = stored.get_value();
        let actor = Actor { role: role.get_untracked(), at: now_local() };
        let note = comment.get_untracked();
        let sends_back = po.status != PoStatus::Draft;
        act(
            store,
            if sends_back {
                format!("{}: lines saved; the order is back in draft and needs approving again.", po.id)
            } else {
                format!("{}: lines saved.", po.id)
            },
            move |w| purchasing::edit_lines(w, &po.id, &actor, order.lines, &note),
        );
    };
    let revert = move |_| lines.set(edit_lines_of(&stored.get_value()));
    let evaluation_view = move || match edited.get() {
        Err(reason) => {
            view! { <div class="banner banner-error" role="alert" data-testid="po-edit-error">{reason}</div> }
                .into_any()
        }
        Ok((_, (evaluation, policy), route)) => view! {
            <Totals evaluation=evaluation.clone() policy=policy />
            <Approvals po=stored.get_value() route=route role=role comment=comment changed=changed />
        }
        .into_any(),
    };
    let row_amounts = move |line_no: u32| {
        edited.with(|edited| {
            edited
                .as_ref()
                .ok()
                .and_then(|(_, (evaluation, _), _)| evaluation.lines.iter().find(|l| l.line_no == line_no).cloned())
        })
    };
    let currency =
        move || edited.with(|e| e.as_ref().ok().map(|(_, (ev, _), _)| ev.currency.to_string()).unwrap_or_default());
    view! {
        <section class="section no-print">
            <div class="section-head">
                <h2>"Lines"</h2>
                {(po.status != PoStatus::Draft).then(|| view! {
                    <p class="small muted">"Changing the lines of an order awaiting approval or approved sends it back to draft: its approvals no longer count."</p>
                })}
            </div>
            <div class="table-block">
                <div class="table-scroll" tabindex="0">
                    <table class="data" data-testid="po-lines">
                        <thead>
                            <tr>
                                <th>"Line"</th><th>"SKU"</th><th class="num">"Quantity"</th><th class="num">"Break from"</th>
                                <th class="num">"Unit price"</th><th class="num">"Goods"</th><th class="num">"Freight"</th>
                                <th class="num">"Duty"</th><th class="num">"Tax in cost"</th><th class="num">"Landed"</th>
                                <th class="num">"Per unit"</th><th><span class="sr-only">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || lines.get() key=|line| line.line_no let:line>
                                {
                                    let line_no = line.line_no;
                                    let sku = line.sku.clone();
                                    let name = store.workspace.with_untracked(|w| w.sku(&sku).map(|s| s.name.clone()).unwrap_or_default());
                                    let amounts = move || row_amounts(line_no);
                                    let cell = move |pick: fn(&purchasing::LineEvaluation) -> String| move || amounts().map(|a| pick(&a)).unwrap_or_else(|| "–".into());
                                    view! {
                                        <tr>
                                            <td>{line_no}</td>
                                            <td><div><a href=Route::Sku(sku.clone()).href()>{sku.to_string()}</a></div><span class="muted small cell-sub">{name}</span></td>
                                            <td class="num">
                                                <input class="qty-input" inputmode="decimal" aria-label=format!("Quantity of line {line_no}")
                                                    data-testid=format!("po-qty-{line_no}")
                                                    prop:value=move || line.quantity.get()
                                                    on:input:target=move |ev| line.quantity.set(ev.target().value()) />
                                            </td>
                                            <td class="num">{cell(|a| format::qty(a.price_break_min_qty))}</td>
                                            <td class="num">{cell(|a| format::money(a.unit_price))}</td>
                                            <td class="num">{cell(|a| format::money(a.amounts.goods))}</td>
                                            <td class="num">{cell(|a| format::money(a.amounts.freight))}</td>
                                            <td class="num">{cell(|a| format::money(a.amounts.duty))}</td>
                                            <td class="num">{cell(|a| format::money(if a.amounts.tax_recoverable { Decimal::ZERO } else { a.amounts.import_tax }))}</td>
                                            <td class="num">{cell(|a| format::money(a.amounts.total))}</td>
                                            <td class="num">{cell(|a| a.amounts.unit_landed.normalize().to_string())}</td>
                                            <td>
                                                <button class="btn btn-small" aria-label=format!("Remove line {line_no}")
                                                    on:click=move |_| lines.update(|lines| lines.retain(|l| l.line_no != line_no))>"Remove"</button>
                                            </td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                </div>
            </div>
            <div class="toolbar">
                <select aria-label="SKU to add" data-testid="po-add-sku" on:change:target=move |ev| adding.set(ev.target().value())
                    prop:value=move || adding.get()>
                    <option value="">{move || format!("Add a SKU this supplier offers ({})…", offered.with(Vec::len))}</option>
                    {move || offered.get().into_iter().map(|(sku, name, _)| view! {
                        <option value=sku.to_string()>{format!("{sku} · {name}")}</option>
                    }).collect_view()}
                </select>
                <button class="btn" on:click=add_line disabled=move || adding.with(String::is_empty)>"Add line"</button>
                <span class="toolbar-spacer"></span>
                <span class="small muted">{move || format!("Amounts in {}", currency())}</span>
                <button class="btn" on:click=revert disabled=move || !changed.get()>"Undo changes"</button>
                <button class="btn btn-primary" data-testid="po-save-lines" on:click=save
                    disabled=move || { let bad = edited.with(Result::is_err); !changed.get() || bad }>"Save lines"</button>
            </div>
        </section>
        {evaluation_view}
    }
}

/// What the order costs landed, its checks and when it is paid.
/// A policy finding in words: who the line is bought from, the compliant
/// alternative and what it would cost, base currency.
fn policy_text(finding: &purchasing::PolicyFinding) -> String {
    let standing = match finding.issue {
        purchasing::PolicyIssue::NonPreferred => "approved but not preferred",
        purchasing::PolicyIssue::Restricted => "restricted",
        purchasing::PolicyIssue::Blocked => "blocked",
        purchasing::PolicyIssue::UnknownSupplier => "not in the supplier list",
    };
    let head =
        format!("line {}: {} is bought from {}, which is {standing}", finding.line_no, finding.sku, finding.supplier);
    match (&finding.alternative, finding.landed_unit_cost, finding.difference_for_line) {
        (Some(alt), Some(own), Some(line)) => format!(
            "{head}; the compliant alternative {} ({}) lands at {} a unit against {} here, {} for the line (base currency){}",
            alt.supplier,
            alt.approval,
            alt.landed_unit_cost.normalize(),
            own.normalize(),
            if line.is_sign_negative() { format!("{} less", format::money(-line)) } else { format!("{} more", format::money(line)) },
            if alt.orderable_as_is { "" } else { "; this quantity does not meet its ordering rules as it is" }
        ),
        (Some(alt), _, _) => format!("{head}; the compliant alternative is {} ({})", alt.supplier, alt.approval),
        (None, _, _) => format!("{head}; no compliant supplier offers it"),
    }
}

#[component]
fn Totals(evaluation: PoEvaluation, policy: Vec<String>) -> impl IntoView {
    let currency = evaluation.currency.to_string();
    let base = evaluation.base_currency.to_string();
    let money = |amount: Decimal| format::money_in(amount, &currency);
    let t = &evaluation.totals;
    let freight_note = if evaluation.freight_waived {
        format!("per-order freight {} waived (free-freight threshold reached)", money(evaluation.per_order_freight))
    } else if evaluation.per_order_freight.is_zero() {
        "no per-order freight".to_owned()
    } else {
        format!("per-order freight {} spread by {}", money(evaluation.per_order_freight), evaluation.charge_basis)
    };
    let mut checks = evaluation.checks.iter().map(|check| check.message(&evaluation.currency)).collect::<Vec<_>>();
    checks.extend(policy);
    let payment = match &evaluation.payment {
        Ok(schedule) => {
            let early = schedule.early_discount.as_ref().map(|d| {
                format!(
                    "pay {} by {} to take the {}% early-payment discount ({} off)",
                    money(d.pay),
                    format::date(d.due),
                    d.pct.normalize(),
                    money(d.amount)
                )
            });
            format!(
                "Invoice {} dated {}: due {}{}",
                money(schedule.amount),
                format::date(schedule.invoice_date),
                format::date(schedule.net_due),
                early.map(|e| format!("; or {e}")).unwrap_or_default()
            )
        }
        Err(error) => capitalised(&error.to_string()),
    };
    view! {
        <div class="grid grid-2 section no-print">
            <div class="card" data-testid="po-totals">
                <h2>"Landed cost"</h2>
                <dl class="facts">
                    <dt>"Goods"</dt><dd>{money(t.goods)}</dd>
                    <dt>"Insurance"</dt><dd>{money(t.insurance)}</dd>
                    <dt>"Freight"</dt><dd>{money(t.freight)} <span class="small muted">{format!(" ({freight_note})")}</span></dd>
                    <dt>"Duty"</dt><dd>{money(t.duty)}</dd>
                    <dt>"Import tax"</dt><dd>{money(t.import_tax)} {(t.tax_in_cost != t.import_tax).then(|| view! { <span class="small muted">" (recoverable: not a cost)"</span> })}</dd>
                    <dt>"Handling"</dt><dd>{money(t.handling)}</dd>
                    <dt>"Landed total"</dt><dd><strong data-testid="po-landed-total">{money(t.landed)}</strong>
                        {(currency != base).then(|| format!(" = {} at {}", format::money_in(evaluation.totals_base.landed, &base), evaluation.rate_to_base.normalize()))}</dd>
                    <dt>"Payment"</dt><dd class="wrap">{payment}</dd>
                </dl>
            </div>
            <div class="card" data-testid="po-checks">
                <h2>"Checks"</h2>
                {if checks.is_empty() {
                    view! { <p class="muted">"Nothing to fix: quantities meet the MOQs and packs, and the order meets the supplier's minimum."</p> }.into_any()
                } else {
                    view! { <ul class="checks">{checks.into_iter().map(|c| view! { <li>{capitalised(&c)}</li> }).collect_view()}</ul> }.into_any()
                }}
            </div>
        </div>
    }
}

/// Who must approve and why, rule by rule; submit, approve or reject.
#[component]
fn Approvals(
    po: PurchaseOrder,
    route: Result<ApprovalRoute, String>,
    role: RwSignal<String>,
    comment: RwSignal<String>,
    changed: Memo<bool>,
) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let route = match route {
        Ok(route) => route,
        Err(reason) => {
            return view! { <div class="banner banner-error section" role="alert">{reason}</div> }.into_any()
        }
    };
    // The approvals that count now, as the lifecycle reads them.
    let approved: Vec<(String, NaiveDateTime, String)> =
        purchasing::current_approvals(&po).map(|e| (e.role.clone(), e.at, e.comment.clone())).collect();
    let base = route.base_currency.to_string();
    // Roles in the order the rules first name them, each with its reasons.
    let mut by_role: Vec<(String, Vec<String>)> = Vec::new();
    for requirement in &route.requirements {
        let reason = capitalised(&requirement.rule.to_string());
        match by_role.iter_mut().find(|(r, _)| *r == requirement.role) {
            Some((_, reasons)) => reasons.push(reason),
            None => by_role.push((requirement.role.clone(), vec![reason])),
        }
    }
    let id = po.id.clone();
    let status = po.status;
    // The day the order went to the supplier: today, or earlier when it is recorded late.
    let sent_on = RwSignal::new(today.to_string());
    let step = move |kind: &'static str| {
        let id = id.clone();
        move |_| {
            let actor = Actor { role: role.get_untracked(), at: now_local() };
            let note = comment.get_untracked();
            let id = id.clone();
            let done = match kind {
                "submit" => act(store, format!("{id} submitted for approval."), move |w| {
                    purchasing::submit(w, &id, &actor, &note)
                }),
                "approve" => act(store, format!("{id} approved as {}.", actor.role), move |w| {
                    purchasing::approve(w, &id, &actor, &note)
                }),
                "reject" => act(store, format!("{id} rejected: back to draft."), move |w| {
                    purchasing::reject(w, &id, &actor, &note)
                }),
                "send" => match engine::io::form::date(&sent_on.get_untracked()) {
                    Ok(date) => act(store, format!("{id} marked as sent."), move |w| {
                        purchasing::send(w, &id, &actor, date, &note)
                    }),
                    Err(reason) => {
                        store.notify(NoticeKind::Error, format!("Sent on: {reason}"));
                        false
                    }
                },
                _ => act(store, format!("{id} cancelled."), move |w| purchasing::cancel(w, &id, &actor, &note)),
            };
            if done {
                comment.set(String::new());
            }
        }
    };
    let pending: Vec<String> =
        by_role.iter().map(|(r, _)| r.clone()).filter(|r| !approved.iter().any(|(a, _, _)| a == r)).collect();
    let may_approve = {
        let pending = pending.clone();
        move || status == PoStatus::PendingApproval && pending.contains(&role.get())
    };
    let blockers = route.blockers.iter().map(|b| capitalised(&b.to_string())).collect::<Vec<_>>();
    view! {
        <section class="card section no-print" data-testid="po-approvals">
            <h2>"Approval"</h2>
            <p class="small muted">{format!("Order value {} in the base currency, as the rules in Settings read it.", format::money_in(route.value, &base))}</p>
            {if route.auto_approved {
                view! { <p data-testid="po-auto-approved">"Approved on submission: below the auto-approval limit and no risk rule applies."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0"><table class="data compact">
                        <thead><tr><th>"Role"</th><th>"Why"</th><th>"Decision"</th></tr></thead>
                        <tbody>
                            {by_role.iter().map(|(r, reasons)| {
                                let decision = approved.iter().find(|(a, _, _)| a == r).map(|(_, at, note)| {
                                    format!("Approved {}{}", minute(*at), if note.is_empty() { String::new() } else { format!(": “{note}”") })
                                });
                                view! {
                                    <tr data-testid="po-approval-row">
                                        <td>{r.clone()}</td>
                                        <td class="wrap">{reasons.join(" ")}</td>
                                        <td>{match decision {
                                            Some(text) => crate::components::table::badge("ok", text),
                                            None if status == PoStatus::PendingApproval => crate::components::table::badge("warn", "Waiting"),
                                            None => crate::components::table::badge("neutral", "Not yet submitted"),
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
            {(!blockers.is_empty()).then(|| view! {
                <div class="banner banner-error" role="alert">{blockers.join(" ")}</div>
            })}
            <div class="form-grid">
                <label class="field">
                    <span>"Comment for the log"</span>
                    <textarea rows="2" data-testid="po-comment" prop:value=move || comment.get()
                        on:input:target=move |ev| comment.set(ev.target().value())></textarea>
                </label>
            </div>
            <div class="toolbar">
                {(status == PoStatus::Draft).then(|| view! {
                    <button class="btn btn-primary" data-testid="po-submit" on:click=step("submit")
                        disabled=move || changed.get() title="Save the lines first">"Submit for approval"</button>
                })}
                {(status == PoStatus::PendingApproval).then(|| {
                    let may = may_approve.clone();
                    let may2 = may_approve.clone();
                    let pending = pending.clone();
                    view! {
                        <button class="btn btn-primary" data-testid="po-approve" on:click=step("approve")
                            disabled=move || !may() || changed.get()>"Approve"</button>
                        <button class="btn btn-danger" data-testid="po-reject" on:click=step("reject")
                            disabled=move || !may2()>"Reject"</button>
                        <span class="small muted">{move || if pending.contains(&role.get()) {
                            String::new()
                        } else {
                            format!("Waiting for {}. Act as one of them to decide.", pending.join(" and "))
                        }}</span>
                    }
                })}
                {(status == PoStatus::Approved).then(|| view! {
                    <label class="form-inline">"Sent on"
                        <input type="date" data-testid="po-sent-on" prop:value=move || sent_on.get()
                            on:input:target=move |ev| sent_on.set(ev.target().value()) />
                    </label>
                    <button class="btn btn-primary" data-testid="po-send" on:click=step("send")
                        disabled=move || changed.get()>"Mark as sent to the supplier"</button>
                })}
                <span class="toolbar-spacer"></span>
                <button class="btn btn-danger" data-testid="po-cancel" on:click=step("cancel")>"Cancel order"</button>
            </div>
        </section>
    }
    .into_any()
}

/// Closing a sent order, and the approvals an order carried.
#[component]
fn LaterSteps(po: PurchaseOrder, role: RwSignal<String>) -> impl IntoView {
    let store = use_store();
    let comment = RwSignal::new(String::new());
    let id = po.id.clone();
    let close = move |_| {
        let actor = Actor { role: role.get_untracked(), at: now_local() };
        let note = comment.get_untracked();
        let id = id.clone();
        act(store, format!("{id} closed: nothing more is expected."), move |w| {
            purchasing::close(w, &id, &actor, &note)
        });
    };
    let open = matches!(po.status, PoStatus::Sent | PoStatus::PartiallyReceived);
    open.then(|| view! {
        <section class="card section no-print">
            <h2>"Close the order"</h2>
            <p class="small muted">"When the rest will not come (the supplier cannot deliver the balance), close the order: what is still open no longer counts as on order."</p>
            <div class="toolbar">
                <input aria-label="Comment for closing" placeholder="Why (for the log)" prop:value=move || comment.get()
                    on:input:target=move |ev| comment.set(ev.target().value()) />
                <button class="btn btn-danger" data-testid="po-close" on:click=close>"Close order"</button>
            </div>
        </section>
    })
}

/// One line of a delivery as the user types it.
#[derive(Clone, Copy)]
struct DeliveryLine {
    line_no: u32,
    received: RwSignal<String>,
    rejected: RwSignal<String>,
    lot: RwSignal<String>,
    expiry: RwSignal<String>,
}

/// Record a delivery: per line what came and what was refused, the lot and
/// expiry; the delivery's charges, spread over its lines by the supplier's terms.
#[component]
fn ReceiveForm(po: PurchaseOrder, role: RwSignal<String>) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let perishable =
        |sku: &SkuId| store.workspace.with_untracked(|w| w.sku(sku).is_some_and(|s| s.shelf_life_days.is_some()));
    let rows: Vec<(DeliveryLine, SkuId, f64, bool)> = po
        .lines
        .iter()
        .map(|line| {
            let open = po.open_quantity(line);
            (
                DeliveryLine {
                    line_no: line.line_no,
                    received: RwSignal::new(if open > 0.0 { format::plain_qty(open) } else { String::new() }),
                    rejected: RwSignal::new(String::new()),
                    lot: RwSignal::new(String::new()),
                    expiry: RwSignal::new(String::new()),
                },
                line.sku.clone(),
                open,
                perishable(&line.sku),
            )
        })
        .collect();
    let date = RwSignal::new(today.to_string());
    let freight = RwSignal::new(String::new());
    let duty = RwSignal::new(String::new());
    let other = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let inputs = StoredValue::new(rows.iter().map(|(d, _, _, _)| *d).collect::<Vec<_>>());
    let stored = StoredValue::new(po.clone());
    let record = move |_| {
        let po = stored.get_value();
        let money = |text: String, what: &str| -> Result<Decimal, String> {
            if text.trim().is_empty() {
                Ok(Decimal::ZERO)
            } else {
                engine::io::form::money(&text).map_err(|e| format!("{what}: {e}"))
            }
        };
        let parsed = (|| -> Result<_, String> {
            let date = engine::io::form::date(&date.get_untracked()).map_err(|e| format!("Delivery date: {e}"))?;
            let (freight, duty, other) = (
                money(freight.get_untracked(), "Freight")?,
                money(duty.get_untracked(), "Duty")?,
                money(other.get_untracked(), "Other charges")?,
            );
            let mut lines = Vec::new();
            for line in inputs.get_value() {
                let text = line.received.get_untracked();
                if text.trim().is_empty() {
                    continue;
                }
                let received =
                    engine::io::form::quantity(&text).map_err(|e| format!("Line {}: received {e}", line.line_no))?;
                if received == 0.0 {
                    continue;
                }
                let rejected_text = line.rejected.get_untracked();
                let rejected = if rejected_text.trim().is_empty() {
                    0.0
                } else {
                    engine::io::form::quantity(&rejected_text)
                        .map_err(|e| format!("Line {}: rejected {e}", line.line_no))?
                };
                let lot = line.lot.get_untracked().trim().to_owned();
                let expiry_text = line.expiry.get_untracked();
                let expiry = if expiry_text.trim().is_empty() {
                    None
                } else {
                    Some(
                        engine::io::form::date(&expiry_text)
                            .map_err(|e| format!("Line {}: expiry {e}", line.line_no))?,
                    )
                };
                lines.push((line.line_no, received, rejected, (!lot.is_empty()).then(|| LotId::new(lot)), expiry));
            }
            if lines.is_empty() {
                return Err("Enter the quantity received on at least one line.".to_owned());
            }
            Ok((date, freight, duty, other, lines))
        })();
        let (date, freight, duty, other, lines) = match parsed {
            Ok(parsed) => parsed,
            Err(reason) => {
                store.notify(NoticeKind::Error, reason);
                return;
            }
        };
        let delivered: Vec<(u32, f64)> = lines.iter().map(|(no, received, _, _, _)| (*no, *received)).collect();
        let spread = store
            .workspace
            .with_untracked(|w| purchasing::spread_delivery_charges(w, &po, &delivered, freight, duty, other));
        let spread = match spread {
            Ok(spread) => spread,
            Err(error) => {
                store.notify(NoticeKind::Error, capitalised(&error.to_string()));
                return;
            }
        };
        let receipts: Vec<ReceiptInput> = lines
            .into_iter()
            .map(|(line_no, received, rejected, lot, expiry)| {
                let charges = spread.lines.iter().find(|c| c.line_no == line_no);
                ReceiptInput {
                    line_no,
                    quantity_received: received,
                    quantity_rejected: rejected,
                    lot,
                    expiry,
                    freight: charges.map_or(Decimal::ZERO, |c| c.freight),
                    duty: charges.map_or(Decimal::ZERO, |c| c.duty),
                    other_charges: charges.map_or(Decimal::ZERO, |c| c.other),
                }
            })
            .collect();
        let actor = Actor { role: role.get_untracked(), at: now_local() };
        let note = comment.get_untracked();
        let id = po.id.clone();
        act(
            store,
            format!("Delivery on {id} recorded: stock, lead times and the supplier's scorecard are updated."),
            move |w| purchasing::receive(w, &id, &actor, date, receipts, &note),
        );
    };
    view! {
        <section class="card section no-print" data-testid="po-receive">
            <h2>"Record a delivery"</h2>
            <p class="small muted">"Received includes refused units; only accepted units go into stock. Charges are for the whole delivery and are spread over its lines by the supplier's terms."</p>
            <div class="table-scroll" tabindex="0">
                <table class="data compact">
                    <thead><tr><th>"Line"</th><th>"SKU"</th><th class="num">"Open"</th><th>"Received"</th><th>"Rejected"</th><th>"Lot"</th><th>"Expiry"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(line, sku, open, perishable)| view! {
                            <tr>
                                <td>{line.line_no}</td>
                                <td>{sku.to_string()}</td>
                                <td class="num">{format::qty(open)}</td>
                                <td><input class="qty-input" inputmode="decimal" aria-label=format!("Received on line {}", line.line_no)
                                    data-testid=format!("receive-qty-{}", line.line_no)
                                    prop:value=move || line.received.get() on:input:target=move |ev| line.received.set(ev.target().value()) /></td>
                                <td><input class="qty-input" inputmode="decimal" aria-label=format!("Rejected on line {}", line.line_no)
                                    data-testid=format!("receive-rejected-{}", line.line_no)
                                    prop:value=move || line.rejected.get() on:input:target=move |ev| line.rejected.set(ev.target().value()) /></td>
                                <td><input aria-label=format!("Lot on line {}", line.line_no) placeholder=if perishable { "required for perishables" } else { "optional" }
                                    prop:value=move || line.lot.get() on:input:target=move |ev| line.lot.set(ev.target().value()) /></td>
                                <td><input type="date" aria-label=format!("Expiry on line {}", line.line_no)
                                    prop:value=move || line.expiry.get() on:input:target=move |ev| line.expiry.set(ev.target().value()) /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="form-grid">
                <label class="field"><span>"Delivery date"</span>
                    <input type="date" data-testid="receive-date" prop:value=move || date.get() on:input:target=move |ev| date.set(ev.target().value()) /></label>
                <label class="field"><span>"Freight on this delivery"</span>
                    <input inputmode="decimal" data-testid="receive-freight" prop:value=move || freight.get() on:input:target=move |ev| freight.set(ev.target().value()) /></label>
                <label class="field"><span>"Duty"</span>
                    <input inputmode="decimal" data-testid="receive-duty" prop:value=move || duty.get() on:input:target=move |ev| duty.set(ev.target().value()) /></label>
                <label class="field"><span>"Other charges"</span>
                    <input inputmode="decimal" prop:value=move || other.get() on:input:target=move |ev| other.set(ev.target().value()) /></label>
                <label class="field"><span>"Comment for the log"</span>
                    <input prop:value=move || comment.get() on:input:target=move |ev| comment.set(ev.target().value()) /></label>
            </div>
            <div class="toolbar">
                <button class="btn btn-primary" data-testid="receive-record" on:click=record>"Record delivery"</button>
            </div>
        </section>
    }
}

/// The lines of a sent order and what was received against them.
#[component]
fn LinesAndReceipts(po: PurchaseOrder) -> impl IntoView {
    let store = use_store();
    let names = store.workspace.with(|w| {
        po.lines.iter().map(|l| w.sku(&l.sku).map(|s| s.name.clone()).unwrap_or_default()).collect::<Vec<_>>()
    });
    view! {
        <section class="section no-print">
            <h2>"Lines and receipts"</h2>
            <div class="table-block">
                <div class="table-scroll" tabindex="0">
                    <table class="data" data-testid="po-received-lines">
                        <thead>
                            <tr>
                                <th>"Line"</th><th>"SKU"</th><th class="num">"Ordered"</th><th class="num">"Unit price"</th>
                                <th class="num">"Received"</th><th class="num">"Rejected"</th><th class="num">"Open"</th>
                                <th>"Receipts (date · qty · lot · expiry · charges)"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {po.lines.iter().zip(names).map(|(line, name)| {
                                let rejected: f64 = line.receipts.iter().map(|r| r.quantity_rejected).sum();
                                let receipts = line.receipts.iter().map(|r| {
                                    let charges = r.freight + r.duty + r.other_charges;
                                    format!("#{} {} · {} · {} · {} · {}", r.receipt_no, format::date(r.date), format::qty(r.quantity_received),
                                        r.lot.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "–".into()),
                                        format::opt_date(r.expiry), format::money(charges))
                                }).collect::<Vec<_>>();
                                view! {
                                    <tr>
                                        <td>{line.line_no}</td>
                                        <td><a href=Route::Sku(line.sku.clone()).href()>{line.sku.to_string()}</a> " " <span class="muted">{name}</span></td>
                                        <td class="num">{format::qty(line.quantity)}</td>
                                        <td class="num">{format::money(line.unit_price)}</td>
                                        <td class="num">{format::qty(line.quantity_received())}</td>
                                        <td class="num">{format::qty(rejected)}</td>
                                        <td class="num">{format::qty(po.open_quantity(line))}</td>
                                        <td class="wrap small">{if receipts.is_empty() { "None yet".to_owned() } else { receipts.join("; ") }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}

/// Landed-cost variance: expected at ordering against what deliveries cost.
#[component]
fn Variance(po: PurchaseOrder) -> impl IntoView {
    let store = use_store();
    let variance = store.workspace.with(|w| purchasing::landed_variance(w, &po));
    let currency = variance.currency.as_ref().map(|c| c.to_string()).unwrap_or_default();
    // The engine's percent is already a percentage (1.25 means 1.25 %).
    let pct = |p: Option<Decimal>| p.map(|p| format!("{p:+.2} %")).unwrap_or_else(|| "–".into());
    let unit = |u: Option<Decimal>| u.map(|u| u.normalize().to_string()).unwrap_or_else(|| "–".into());
    view! {
        <section class="section no-print" data-testid="po-variance">
            <h2>"Landed-cost variance"</h2>
            <p class="small muted">"Per accepted unit: what the delivery cost (price plus the charges recorded on its receipts) against the landed cost expected when the order was placed. Refused units are not paid for."</p>
            <div class="table-scroll" tabindex="0">
                <table class="data compact">
                    <thead><tr><th>"Line"</th><th>"SKU"</th><th class="num">"Accepted"</th><th class="num">"Expected / unit"</th>
                        <th class="num">"Charges"</th><th class="num">"Actual / unit"</th><th class="num">"Variance"</th><th class="num">"%"</th></tr></thead>
                    <tbody>
                        {variance.lines.iter().map(|line| view! {
                            <tr>
                                <td>{line.line_no}</td><td>{line.sku.to_string()}</td>
                                <td class="num">{format::qty(line.accepted)}</td>
                                <td class="num">{unit(line.expected_unit)}</td>
                                <td class="num">{format::money(line.charges)}</td>
                                <td class="num">{unit(line.actual_unit)}</td>
                                <td class="num">{match (line.amount, line.no_figure) {
                                    (Some(amount), _) => format::money(amount),
                                    (None, Some(purchasing::NoVariance::NoExpectation)) => "no expected cost".into(),
                                    (None, _) => "nothing accepted".into(),
                                }}</td>
                                <td class="num">{pct(line.percent)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><th colspan="6">{format!("Order ({currency})")}</th>
                        <th class="num" data-testid="po-variance-total">{format::money(variance.amount)}</th><th class="num">{pct(variance.percent)}</th></tr></tfoot>
                </table>
            </div>
        </section>
    }
}

#[component]
fn PoLog(po: PurchaseOrder) -> impl IntoView {
    view! {
        <section class="section no-print" data-testid="po-log">
            <h2>"Log"</h2>
            <p class="small muted">"Roles are the ones the user chose to act as; the app has no accounts."</p>
            {if po.log.is_empty() {
                view! { <p class="muted">"No steps recorded (the order was imported without a log)."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0"><table class="data compact">
                        <thead><tr><th>"When"</th><th>"Role"</th><th>"Step"</th><th>"Comment"</th></tr></thead>
                        <tbody>
                            {po.log.iter().rev().map(|e| view! {
                                <tr><td>{minute(e.at)}</td><td>{e.role.clone()}</td>
                                    <td>{humanize(e.kind.as_str())}</td><td class="wrap">{e.comment.clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

/// CSV and cXML downloads and printing.
#[component]
fn ExportButtons(po: PurchaseOrder) -> impl IntoView {
    let store = use_store();
    let stored = StoredValue::new(po);
    let csv = move |_| {
        let po = stored.get_value();
        let result = store.workspace.with_untracked(|w| purchasing::po_csv(w, &po));
        save(store, result.map(|text| (format!("{}.csv", po.id), "text/csv;charset=utf-8", text)));
    };
    let cxml = move |_| {
        let po = stored.get_value();
        let now = js_sys::Date::new_0();
        let offset = chrono::FixedOffset::west_opt((now.get_timezone_offset() * 60.0) as i32)
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
        let local = now_local();
        let timestamp = chrono::TimeZone::from_local_datetime(&offset, &local).single();
        let Some(timestamp) = timestamp else { return };
        let envelope = purchasing::CxmlEnvelope {
            payload_id: format!(
                "{}.{}.{}@stockpilot",
                local.and_utc().timestamp_millis(),
                po.id,
                (js_sys::Math::random() * 1e9) as u64
            ),
            timestamp,
        };
        let result = store.workspace.with_untracked(|w| purchasing::po_cxml(w, &po, &envelope));
        save(store, result.map(|text| (format!("{}.xml", po.id), "application/xml;charset=utf-8", text)));
    };
    view! {
        <button class="btn no-print" data-testid="po-export-csv" on:click=csv>"CSV"</button>
        <button class="btn no-print" data-testid="po-export-cxml" on:click=cxml>"cXML"</button>
        <button class="btn no-print" data-testid="po-print" on:click=|_| { let _ = window().print(); }>"Print"</button>
    }
}

fn save(store: Store, file: Result<(String, &'static str, String), purchasing::PoExportError>) {
    match file {
        Ok((name, mime, text)) => match download::save_bytes(&name, mime, text.as_bytes()) {
            Ok(()) => store.notify(NoticeKind::Success, format!("Saved {name}.")),
            Err(error) => store.notify(NoticeKind::Error, format!("The export failed: {error}")),
        },
        Err(error) => store.notify(NoticeKind::Error, capitalised(&format!("the export failed: {error}"))),
    }
}

/// The order as a document for the supplier: shown only when printing.
#[component]
fn PrintedOrder(po: PurchaseOrder) -> impl IntoView {
    let store = use_store();
    store.workspace.with(|w| {
        let supplier = w.supplier(&po.supplier).cloned();
        let location = w.location(&po.location).map(|l| l.name.clone()).unwrap_or_else(|| po.location.to_string());
        let currency = supplier.as_ref().map(|s| s.currency.to_string()).unwrap_or_default();
        let rows = po
            .lines
            .iter()
            .map(|line| {
                let sku = w.sku(&line.sku);
                let part = w.offer(&po.supplier, &line.sku).map(|o| o.supplier_sku.clone()).filter(|s| !s.is_empty());
                (
                    line.line_no,
                    part.unwrap_or_else(|| line.sku.to_string()),
                    sku.map(|s| s.name.clone()).unwrap_or_default(),
                    format::qty(line.quantity),
                    sku.map(|s| s.unit.clone()).unwrap_or_default(),
                    format::money(line.unit_price),
                    format::money(engine::model::money::round_cents(line.value())),
                )
            })
            .collect::<Vec<_>>();
        let total: Decimal = po.lines.iter().map(|l| engine::model::money::round_cents(l.value())).sum();
        let terms = supplier.as_ref().map(|s| {
            let t = &s.payment_terms;
            match (t.early_discount_pct, t.early_discount_days) {
                (Some(pct), Some(days)) => format!("{}/{} net {}", pct.normalize(), days, t.net_days),
                _ => format!("Net {} days", t.net_days),
            }
        });
        view! {
            <article class="print-only po-document" aria-hidden="true">
                <header>
                    <h1>{format!("Purchase order {}", po.id)}</h1>
                    <p>{format!("Date {} · Delivery requested by {}", format::date(po.sent.unwrap_or(po.created)), format::opt_date(po.promised))}</p>
                </header>
                <div class="po-parties">
                    <div><h2>"Supplier"</h2><p>{supplier.as_ref().map(|s| format!("{} ({})", s.name, s.id)).unwrap_or_default()}</p></div>
                    <div><h2>"Deliver to"</h2><p>{format!("{location} ({})", po.location)}</p></div>
                    <div><h2>"Terms"</h2><p>{terms.unwrap_or_default()}</p></div>
                </div>
                <table>
                    <thead><tr><th>"Line"</th><th>"Your part no."</th><th>"Description"</th><th class="num">"Quantity"</th><th>"Unit"</th><th class="num">"Unit price"</th><th class="num">"Amount"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(no, part, name, qty, unit, price, amount)| view! {
                            <tr><td>{no}</td><td>{part}</td><td>{name}</td><td class="num">{qty}</td><td>{unit}</td><td class="num">{price}</td><td class="num">{amount}</td></tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr><th colspan="6">{format!("Total ({currency}), goods")}</th><th class="num">{format::money(total)}</th></tr></tfoot>
                </table>
                {(!po.note.is_empty()).then(|| view! { <p>{po.note.clone()}</p> })}
            </article>
        }
    })
}
