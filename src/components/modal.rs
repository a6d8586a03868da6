//! A modal dialog: a title, a body and actions; Escape or the backdrop closes it.

use leptos::prelude::*;

#[component]
pub fn Modal(
    title: String,
    /// Called when the dialog is dismissed without an action.
    on_close: Callback<()>,
    #[prop(optional)] testid: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    let label = title.clone();
    Effect::new(move |_| {
        if let Some(element) = dialog.get() {
            let _ = element.focus();
        }
    });
    view! {
        <div class="modal-backdrop" on:click=move |_| on_close.run(())>
            <div
                class="modal"
                role="dialog"
                aria-modal="true"
                aria-label=label
                tabindex="-1"
                node_ref=dialog
                data-testid=(!testid.is_empty()).then_some(testid)
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        on_close.run(());
                    }
                }
            >
                <h2>{title}</h2>
                {children()}
            </div>
        </div>
    }
}
