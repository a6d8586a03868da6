//! Pieces every page uses: the page heading, form error bookkeeping, and the
//! guarded delete flow.

use crate::components::modal::Modal;
use crate::route::Route;
use crate::state::{NoticeKind, Store};
use engine::integrity::{self, EntityRef};
use engine::io::rules::FieldProblem;
use engine::Workspace;
use leptos::prelude::*;

#[component]
pub fn PageHead(
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] subtitle: Option<Signal<String>>,
    /// Links above the title: (label, href).
    #[prop(optional)]
    crumbs: Vec<(&'static str, String)>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-head">
            <div class="titles">
                {(!crumbs.is_empty()).then(|| view! {
                    <div class="crumbs">
                        {crumbs.into_iter().map(|(label, href)| view! { <a href=href>{label}</a> " / " }).collect_view()}
                    </div>
                })}
                <h1 data-testid="page-title">{move || title.get()}</h1>
                {subtitle.map(|subtitle| view! { <p class="subtitle">{move || subtitle.get()}</p> })}
            </div>
            {children.map(|children| view! { <div class="actions">{children()}</div> })}
        </header>
    }
}

/// Problems by form field, first problem per field kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    /// Keep the value, or record why the field could not be read.
    pub fn take<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(reason) => {
                self.add(field, reason);
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, reason: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field.to_owned(), reason.into()));
        }
    }

    pub fn extend(&mut self, problems: Vec<FieldProblem>) {
        for problem in problems {
            self.add(&problem.field, problem.reason);
        }
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, reason)| reason.clone())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every problem, for fields without their own input.
    pub fn all(&self) -> Vec<(String, String)> {
        self.0.clone()
    }
}

/// Distinct product families, sorted.
pub fn families(workspace: &Workspace) -> Vec<String> {
    let mut families: Vec<String> = workspace.skus.iter().map(|s| s.family.clone()).filter(|f| !f.is_empty()).collect();
    engine::sorting::sort_by(&mut families, |a, b| a.cmp(b));
    families.dedup();
    families
}

pub fn opt_text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// "SKU SKU-0042", for messages.
pub fn entity_label(entity: &EntityRef) -> String {
    match entity {
        EntityRef::Sku(id) => format!("SKU {id}"),
        EntityRef::Supplier(id) => format!("supplier {id}"),
        EntityRef::Location(id) => format!("location {id}"),
        EntityRef::Contract(id) => format!("contract {id}"),
    }
}

fn removed_text(summary: &integrity::DeleteSummary) -> String {
    let mut parts: Vec<String> = summary
        .removed
        .iter()
        .skip(1)
        .map(|r| format!("{} {}", r.rows, r.table.label().to_ascii_lowercase()))
        .collect();
    if summary.offers_unlinked > 0 {
        parts.push(format!("{} offers unlinked from it", summary.offers_unlinked));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" Also removed: {}.", parts.join(", "))
    }
}

/// The delete dialog: a plain confirmation when nothing refers to the
/// entity, otherwise the list of references and an explicit cascade.
pub fn delete_flow(store: Store, entity: EntityRef, back_to: Route, close: Callback<()>) -> impl IntoView {
    let references = store.workspace.with_untracked(|w| integrity::references(w, &entity));
    let name = entity_label(&entity);
    let n_references = references.len();
    let run = {
        let entity = entity.clone();
        let name = name.clone();
        move |cascade: bool| {
            let mut outcome = None;
            let ok = store.edit_reporting(|w| {
                let result = integrity::delete(w, &entity, cascade);
                let said = match &result {
                    Ok(summary) => format!("Deleted {name}.{}", removed_text(summary)),
                    Err(_) => String::new(),
                };
                outcome = Some(result);
                said
            });
            close.run(());
            match outcome {
                Some(Ok(_)) if ok => {
                    let _ = window().location().set_hash(&back_to.href());
                }
                Some(Err(refs)) => store.notify(
                    NoticeKind::Error,
                    format!("{name} was not deleted: {} other records refer to it.", refs.len()),
                ),
                _ => {}
            }
        }
    };
    let run_plain = run.clone();
    view! {
        <Modal title=format!("Delete {name}?") on_close=close testid="delete-dialog">
            {if n_references == 0 {
                view! { <p>"Nothing else refers to it. This cannot be undone (export a backup first if unsure)."</p> }.into_any()
            } else {
                view! {
                    <p>
                        {format!("{n_references} other records refer to it. Deleting it also deletes them:")}
                    </p>
                    <ul data-testid="delete-references">
                        {references.into_iter().map(|r| view! { <li>{r.description}</li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <div class="form-actions">
                <button class="btn" on:click=move |_| close.run(())>"Cancel"</button>
                {if n_references == 0 {
                    view! {
                        <button class="btn btn-danger" data-testid="confirm-delete" on:click=move |_| run_plain(false)>
                            "Delete"
                        </button>
                    }
                    .into_any()
                } else {
                    view! {
                        <button class="btn btn-danger" data-testid="confirm-cascade" on:click=move |_| run(true)>
                            {format!("Delete with {n_references} related records")}
                        </button>
                    }
                    .into_any()
                }}
            </div>
        </Modal>
    }
}
