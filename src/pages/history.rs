//! The version history on the Import & export page: the last saves of this
//! browser's workspace with their time and cause, "Undo the last change" and
//! "Restore" for any of them. A restore is itself a save, so it can be undone.

use crate::format;
use crate::session;
use crate::state::{use_store, SaveStatus};
use crate::storage::Version;
use leptos::prelude::*;

#[component]
pub fn History() -> impl IntoView {
    let store = use_store();
    // Read again after every save (this tab's or another's): the save status
    // changes with each of them.
    let versions = LocalResource::new(move || {
        store.save_status.track();
        session::versions()
    });
    let keep = RwSignal::new(session::keep_versions().to_string());
    let keep_error: RwSignal<Option<String>> = RwSignal::new(None);
    let save_keep = move |_| {
        let result = keep.get_untracked().trim().parse::<usize>().map_err(|_| "a whole number".to_owned());
        match result.and_then(session::set_keep_versions) {
            Ok(()) => keep_error.set(None),
            Err(reason) => {
                keep_error.set(Some(format!("Keep between 1 and {}: {reason}.", session::MAX_KEEP_VERSIONS)))
            }
        }
    };
    let restore = move |version: Version, what: &str| {
        let when = format::date_time(version.saved_at_ms);
        let unsaved = matches!(store.save_status.get_untracked(), SaveStatus::Saving | SaveStatus::Failed(_));
        let warning = if unsaved { " Changes in this tab that are not saved yet are replaced." } else { "" };
        let question = format!("{what} the workspace as saved at {when} ({})?{warning}", version.cause);
        if window().confirm_with_message(&question).unwrap_or(false) {
            session::restore_version(store, version);
        }
    };

    view! {
        <section class="card section" data-testid="history">
            <div class="section-head">
                <h2>"History"</h2>
                {move || {
                    let previous = versions.get().and_then(|v| v.ok()).and_then(|v| v.get(1).cloned());
                    view! {
                        <button class="btn" data-testid="undo" disabled=previous.is_none()
                            on:click=move |_| if let Some(version) = previous.clone() { restore(version, "Undo the last change and go back to") }>
                            "Undo the last change"
                        </button>
                    }
                }}
            </div>
            <p class="muted small">
                "Each save of this browser's workspace is kept as a version, so a wrong import or edit can be undone. "
                "Older versions are dropped first when there are more than you keep, or when the browser's storage is full."
            </p>
            {move || match versions.get() {
                None => view! { <p class="muted">"Reading the history…"</p> }.into_any(),
                Some(Err(reason)) => view! { <p class="muted">{format!("No history: {reason}.")}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">"Nothing saved yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-scroll" tabindex="0">
                        <table class="data compact" data-testid="history-table">
                            <thead><tr><th>"Saved"</th><th>"What changed"</th><th class="num hide-narrow">"Size"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                            <tbody>
                                {list.into_iter().enumerate().map(|(idx, version)| {
                                    let when = format::date_time(version.saved_at_ms);
                                    let size = format!("{} KB", format::qty((version.bytes() as f64 / 1024.0).ceil()));
                                    let cause = version.cause.clone();
                                    view! {
                                        <tr data-testid="history-row">
                                            <td class="mono wrap history-when">{when}</td>
                                            <td class="wrap">{cause}</td>
                                            <td class="num hide-narrow">{size}</td>
                                            <td class="num">{if idx == 0 {
                                                view! { <span class="badge badge-ok">"Current"</span> }.into_any()
                                            } else {
                                                view! {
                                                    <button class="btn btn-small" data-testid="history-restore"
                                                        on:click=move |_| restore(version.clone(), "Restore")>"Restore"</button>
                                                }.into_any()
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
            <div class="row history-keep">
                <label for="keep-versions">"Versions to keep"</label>
                <input id="keep-versions" data-testid="keep-versions" inputmode="numeric" size="4"
                    prop:value=move || keep.get() on:input:target=move |ev| keep.set(ev.target().value()) />
                <button class="btn btn-small" data-testid="keep-versions-save" on:click=save_keep>"Set"</button>
                <span class="error" role="alert">{move || keep_error.get()}</span>
            </div>
        </section>
    }
}
