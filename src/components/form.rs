//! Form fields with a label, a hint and the problem with the current value,
//! shown as the user types. Fields hold text; the page parses it into engine
//! values and asks the engine what is wrong, so a form and an import can
//! never disagree about what is valid.

use leptos::prelude::*;

/// The problem with a field, or `None`.
pub type FieldError = Signal<Option<String>>;

#[component]
pub fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Option<FieldError>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] input_type: &'static str,
    #[prop(optional)] testid: &'static str,
    /// Id of a `<datalist>` with suggestions.
    #[prop(optional)]
    list: &'static str,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// `step` for number inputs ("any" by default).
    #[prop(optional)]
    step: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = field_id(label, testid);
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let input_type = if input_type.is_empty() { "text" } else { input_type };
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label} {required.then_some(view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <input
                id=id
                type=input_type
                step=if input_type == "number" { Some(if step.is_empty() { "any" } else { step }) } else { None }
                list=(!list.is_empty()).then_some(list)
                placeholder=placeholder
                data-testid=(!testid.is_empty()).then_some(testid)
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                disabled=move || disabled.get()
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <p class="error" id=error_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

#[component]
pub fn SelectField(
    label: &'static str,
    value: RwSignal<String>,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    #[prop(optional, into)] error: Option<FieldError>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] testid: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let id = field_id(label, testid);
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                data-testid=(!testid.is_empty()).then_some(testid)
                disabled=move || disabled.get()
                on:change:target=move |ev| value.set(ev.target().value())
            >
                {options
                    .into_iter()
                    .map(|(option, text)| {
                        let selected = {
                            let option = option.clone();
                            move || value.with(|v| *v == option)
                        };
                        view! { <option value=option selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            <p class="error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

#[component]
pub fn CheckField(
    label: &'static str,
    value: RwSignal<bool>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] testid: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let id = field_id(label, testid);
    view! {
        <div class="field field-check">
            <label for=id.clone()>
                <input
                    id=id.clone()
                    type="checkbox"
                    data-testid=(!testid.is_empty()).then_some(testid)
                    disabled=move || disabled.get()
                    prop:checked=move || value.get()
                    on:change:target=move |ev| value.set(ev.target().checked())
                />
                {label}
            </label>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
        </div>
    }
}

/// A stable element id for a field, from its test id or its label.
fn field_id(label: &str, testid: &str) -> String {
    let base = if testid.is_empty() { label } else { testid };
    let slug: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("f-{slug}")
}

/// Options for a select from an engine vocabulary.
pub fn code_options(codes: &[&'static str], label: fn(&str) -> String) -> Vec<(String, String)> {
    codes.iter().map(|code| ((*code).to_owned(), label(code))).collect()
}

/// "pending_approval" → "Pending approval".
pub fn humanize(code: &str) -> String {
    crate::format::capitalised(&code.replace('_', " "))
}
