//! A modal dialog: a title, a body and actions; Escape or the backdrop closes
//! it. While it is open the keyboard stays in it (Tab from the last control
//! goes to the first, Shift+Tab from the first to the last), and when it
//! closes the focus goes back to what had it before (the button that opened it).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What Tab can reach inside the dialog.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

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
    let opener = send_wrapper::SendWrapper::new(document().active_element());
    on_cleanup(move || {
        if let Some(back) = opener.take().filter(|element| element.is_connected()) {
            let _ = back.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
    Effect::new(move |_| {
        if let Some(element) = dialog.get() {
            let _ = element.focus();
        }
    });
    let keep_focus = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_close.run(());
            return;
        }
        if ev.key() != "Tab" {
            return;
        }
        let Some(element) = dialog.get_untracked() else { return };
        let Ok(found) = element.query_selector_all(FOCUSABLE) else { return };
        let (Some(first), Some(last)) = (found.get(0), found.get(found.length().saturating_sub(1))) else { return };
        let active = document().active_element().map(|a| a.unchecked_into::<web_sys::Node>());
        let at = |node: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(node)));
        let to = if ev.shift_key() && (at(&first) || at(element.unchecked_ref())) {
            Some(last)
        } else if !ev.shift_key() && at(&last) {
            Some(first)
        } else {
            None
        };
        if let Some(to) = to {
            ev.prevent_default();
            let _ = to.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };
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
                on:keydown=keep_focus
            >
                <h2>{title}</h2>
                {children()}
            </div>
        </div>
    }
}
