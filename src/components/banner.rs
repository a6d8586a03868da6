//! Messages at the top of every page (save failures, another tab, notices)
//! and the save indicator in the sidebar.

use crate::actions;
use crate::format;
use crate::session;
use crate::state::{Lock, NoticeKind, PlanStatus, SaveStatus, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SaveIndicator() -> impl IntoView {
    let store = expect_context::<Store>();
    let text = move || match store.save_status.get() {
        SaveStatus::Loading => ("pending", "Opening…".to_owned()),
        SaveStatus::Saving => ("pending", "Saving…".to_owned()),
        SaveStatus::Saved { at_ms } => ("ok", format!("Saved {}", format::clock(at_ms))),
        SaveStatus::Failed(_) => ("error", "Not saved".to_owned()),
        SaveStatus::Off(_) => ("error", "Saving is off".to_owned()),
    };
    let planning = move || match store.plan_status.get() {
        PlanStatus::Running { stage, done, total } if total > 1 => {
            Some(format!("{stage}… {}%", done * 100 / total.max(1)))
        }
        PlanStatus::Running { .. } => Some("Planning…".to_owned()),
        _ => None,
    };
    view! {
        <div class="save-indicator" data-testid="save-status" data-state=move || text().0>
            <span class="dot" aria-hidden="true"></span>
            {move || text().1}
        </div>
        <div class="plan-indicator" aria-live="polite">{planning}</div>
    }
}

#[component]
pub fn Banners() -> impl IntoView {
    let store = expect_context::<Store>();
    let export_backup = move |_| spawn_local(actions::download_json_backup(store));

    let lock = move || {
        store.lock.get().map(|lock| match lock {
            Lock::OtherTab => view! {
                <div class="banner banner-warn" role="alert" data-testid="banner-other-tab">
                    <div>
                        <strong>"This tab is read-only."</strong>
                        " Another tab saved changes to this workspace. Reload to continue with the latest data."
                        " To keep what this tab shows, export a backup first."
                    </div>
                    <div class="banner-actions">
                        <button class="btn" on:click=export_backup>"Export backup"</button>
                        <button class="btn btn-primary" on:click=move |_| { let _ = window().location().reload(); }>
                            "Reload"
                        </button>
                    </div>
                </div>
            }
            .into_any(),
            Lock::NotOpenedYet(reason) => view! {
                <div class="banner banner-error" role="alert" data-testid="banner-not-opened">
                    <div>
                        <strong>"Your saved workspace was not opened."</strong>
                        " "
                        {reason}
                        " Nothing has been changed or overwritten."
                    </div>
                    <div class="banner-actions">
                        <button class="btn btn-primary" on:click=move |_| { let _ = window().location().reload(); }>
                            "Reload"
                        </button>
                    </div>
                </div>
            }
            .into_any(),
            Lock::UnreadableSave(reason) => view! {
                <div class="banner banner-error" role="alert" data-testid="banner-unreadable">
                    <div>
                        <strong>"Your saved workspace could not be opened."</strong>
                        " "
                        {reason}
                        " Nothing has been overwritten. Open it with the version of Stockpilot that saved it, or start again."
                    </div>
                    <div class="banner-actions">
                        <button
                            class="btn btn-danger"
                            on:click=move |_| {
                                let sure = window()
                                    .confirm_with_message(
                                        "Delete the saved workspace that cannot be opened, and start with the sample data?",
                                    )
                                    .unwrap_or(false);
                                if sure {
                                    session::discard_unreadable_save(store);
                                }
                            }
                        >
                            "Discard it and start over"
                        </button>
                    </div>
                </div>
            }
            .into_any(),
        })
    };

    let save_problem = move || match store.save_status.get() {
        SaveStatus::Failed(reason) if store.lock.with(Option::is_none) => Some(
            view! {
                <div class="banner banner-error" role="alert" data-testid="banner-save-failed">
                    <div>
                        <strong>"Not saved. "</strong>
                        {reason}
                        " The previous save is intact. Export a backup so nothing is lost."
                    </div>
                    <div class="banner-actions">
                        <button class="btn" on:click=export_backup>"Export backup"</button>
                        <button class="btn btn-primary" on:click=move |_| session::retry_save(store)>
                            "Try again"
                        </button>
                    </div>
                </div>
            }
            .into_any(),
        ),
        SaveStatus::Off(reason) if store.lock.with(Option::is_none) => Some(
            view! {
                <div class="banner banner-warn" role="alert" data-testid="banner-save-off">
                    <div>
                        <strong>"Saving is off. "</strong>
                        {reason}
                    </div>
                    <div class="banner-actions">
                        <button class="btn" on:click=export_backup>"Export backup"</button>
                    </div>
                </div>
            }
            .into_any(),
        ),
        _ => None,
    };

    let worker_problem = move || {
        store.worker_failure.get().map(|reason| {
            view! {
                <div class="banner banner-error" role="alert" data-testid="banner-worker-failed">
                    <div>
                        <strong>"The background worker stopped: "</strong>
                        {reason}
                        ". It plans, imports, exports and prepares saves; the work it was doing was cancelled."
                        " Your data in this tab and the last save are intact. Restart it to carry on."
                    </div>
                    <div class="banner-actions">
                        <button class="btn btn-primary" data-testid="restart-worker" on:click=move |_| session::restart_worker(store)>
                            "Restart the worker"
                        </button>
                    </div>
                </div>
            }
        })
    };

    let other_tab_waiting = move || {
        store.other_tab_waiting.get().map(|_| {
            view! {
                <div class="banner banner-warn" role="alert" data-testid="banner-other-tab-draft">
                    <div>
                        <strong>"Another tab saved changes while you were typing here. "</strong>
                        "Your unsaved typing is kept. Reapply it on the latest data (fields you did not touch take the other tab's values), or discard it."
                    </div>
                    <div class="banner-actions">
                        <button class="btn" data-testid="draft-discard" on:click=move |_| session::decide_about_draft(store, false)>
                            "Discard my typing"
                        </button>
                        <button class="btn btn-primary" data-testid="draft-reapply" on:click=move |_| session::decide_about_draft(store, true)>
                            "Reapply my typing"
                        </button>
                    </div>
                </div>
            }
        })
    };

    view! {
        // Banners that ask for a decision stay in view and above any open
        // dialog, so the choice can always be made.
        <div class="banners-urgent">
            {worker_problem}
            {other_tab_waiting}
            {lock}
        </div>
        <div class="banners">
            {save_problem}
            <For each=move || store.notices.get() key=|notice| notice.id let:notice>
                <div
                    class="banner"
                    class:banner-error=notice.kind == NoticeKind::Error
                    class:banner-ok=notice.kind == NoticeKind::Success
                    class:banner-info=notice.kind == NoticeKind::Info
                    role=if notice.kind == NoticeKind::Error { "alert" } else { "status" }
                    data-testid="notice"
                >
                    <div>{notice.text.clone()}</div>
                    <button
                        class="btn-icon"
                        aria-label="Dismiss"
                        on:click=move |_| store.dismiss(notice.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
