//! A dense data table that searches, sorts and pages. Only the visible page is
//! rendered, so 10,000 rows stay fast; searching and sorting run over plain
//! row structs that the page builds from the workspace.

use leptos::prelude::*;
use std::cmp::Ordering;
use std::sync::Arc;

pub struct Column<T> {
    pub label: &'static str,
    /// Right-aligned, tabular figures.
    pub numeric: bool,
    pub sort: Option<fn(&T, &T) -> Ordering>,
    pub cell: fn(&T) -> AnyView,
}

impl<T> Column<T> {
    pub fn new(label: &'static str, cell: fn(&T) -> AnyView) -> Self {
        Self { label, numeric: false, sort: None, cell }
    }

    pub fn sort(mut self, sort: fn(&T, &T) -> Ordering) -> Self {
        self.sort = Some(sort);
        self
    }

    pub fn numeric(mut self) -> Self {
        self.numeric = true;
        self
    }
}

/// Plain text in a cell.
pub fn text(value: impl Into<String>) -> AnyView {
    let value: String = value.into();
    value.into_any()
}

/// A link in a cell.
pub fn link(href: String, label: String) -> AnyView {
    view! { <a href=href>{label}</a> }.into_any()
}

/// A small coloured label in a cell.
pub fn badge(kind: &'static str, label: impl Into<String>) -> AnyView {
    let label: String = label.into();
    view! { <span class=format!("badge badge-{kind}")>{label}</span> }.into_any()
}

const PAGE_SIZES: [usize; 4] = [25, 50, 100, 250];

#[component]
pub fn DataTable<T>(
    /// The rows after the page's own filters.
    #[prop(into)]
    rows: Signal<Vec<T>>,
    columns: Vec<Column<T>>,
    /// The text a row is found by when searching.
    search: fn(&T) -> String,
    #[prop(optional)] search_placeholder: &'static str,
    /// Initial sort: column index and ascending.
    #[prop(optional)]
    initial_sort: Option<(usize, bool)>,
    /// What to say when there are no rows at all.
    #[prop(optional)]
    empty: &'static str,
    #[prop(optional)] testid: &'static str,
    /// A stable key per row, needed for selection and the active row.
    #[prop(optional)]
    row_key: Option<fn(&T) -> String>,
    /// Adds a checkbox column; holds the keys of the selected rows.
    #[prop(optional)]
    selection: Option<RwSignal<std::collections::BTreeSet<String>>>,
    /// Called when a row is clicked or opened with Enter.
    #[prop(optional)]
    on_open: Option<Callback<T>>,
    /// The key of the row shown as open.
    #[prop(optional, into)]
    active: Option<Signal<Option<String>>>,
    /// Controls shown beside the search box (filters).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let columns = Arc::new(columns);
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(initial_sort);
    let page = RwSignal::new(0usize);
    let page_size = RwSignal::new(50usize);

    // A new search, filter or sort starts from the first page (not on the
    // first run, which may come after the user has already turned a page).
    Effect::new(move |previous: Option<()>| {
        query.track();
        rows.track();
        sort.track();
        if previous.is_some() {
            page.set(0);
        }
    });

    let sort_columns = columns.clone();
    let visible = Memo::new(move |_| {
        let needle = query.get().trim().to_lowercase();
        let mut matching: Vec<T> = rows.with(|rows| {
            rows.iter().filter(|row| needle.is_empty() || search(row).to_lowercase().contains(&needle)).cloned().collect()
        });
        if let Some((column, ascending)) = sort.get() {
            if let Some(compare) = sort_columns.get(column).and_then(|c| c.sort) {
                engine::sorting::sort_by(&mut matching, |a, b| if ascending { compare(a, b) } else { compare(b, a) });
            }
        }
        matching
    });
    let n_visible = move || visible.with(Vec::len);
    let n_pages = move || n_visible().div_ceil(page_size.get()).max(1);

    let header_columns = columns.clone();
    let headers = move || {
        header_columns
            .iter()
            .enumerate()
            .map(|(idx, column)| {
                let sortable = column.sort.is_some();
                let state = move || match sort.get() {
                    Some((c, true)) if c == idx => "ascending",
                    Some((c, false)) if c == idx => "descending",
                    _ => "none",
                };
                let toggle = move |_| {
                    sort.update(|s| {
                        *s = match *s {
                            Some((c, ascending)) if c == idx => Some((idx, !ascending)),
                            _ => Some((idx, true)),
                        }
                    })
                };
                let label = column.label;
                if sortable {
                    view! {
                        <th class:num=column.numeric aria-sort=state>
                            <button class="th-sort" on:click=toggle>
                                {label}
                                <span class="sort-mark" aria-hidden="true">
                                    {move || match state() {
                                        "ascending" => "▲",
                                        "descending" => "▼",
                                        _ => "",
                                    }}
                                </span>
                            </button>
                        </th>
                    }
                    .into_any()
                } else {
                    view! { <th class:num=column.numeric>{label}</th> }.into_any()
                }
            })
            .collect_view()
    };

    let body_columns = columns.clone();
    let n_columns = columns.len();
    let body = move || {
        let size = page_size.get();
        let start = page.get() * size;
        let nothing_at_all = rows.with(Vec::is_empty);
        visible.with(|shown| {
            if shown.is_empty() {
                let message = if nothing_at_all {
                    if empty.is_empty() { "Nothing here yet." } else { empty }
                } else {
                    "No rows match."
                };
                return view! {
                    <tr class="empty-row">
                        <td colspan=n_columns + usize::from(selection.is_some())>{message}</td>
                    </tr>
                }
                .into_any();
            }
            shown
                .iter()
                .skip(start)
                .take(size)
                .map(|row| {
                    let cells = body_columns
                        .iter()
                        .map(|column| view! { <td class:num=column.numeric>{(column.cell)(row)}</td> })
                        .collect_view();
                    let key = row_key.map(|key_of| key_of(row));
                    let check = selection.zip(key.clone()).map(|(selected, key)| {
                        let checked = { let key = key.clone(); move || selected.with(|s| s.contains(&key)) };
                        view! {
                            <td class="select" on:click=|ev| ev.stop_propagation()>
                                <input type="checkbox" aria-label="Select row" data-testid="select-row"
                                    prop:checked=checked
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        selected.update(|s| if on { s.insert(key.clone()); } else { s.remove(&key); });
                                    } />
                            </td>
                        }
                    });
                    let is_active = {
                        let key = key.clone();
                        move || active.zip(key.clone()).is_some_and(|(active, key)| active.with(|a| a.as_deref() == Some(key.as_str())))
                    };
                    let open_row = on_open.map(|open| {
                        let row = row.clone();
                        move || open.run(row.clone())
                    });
                    let open_click = open_row.clone();
                    let open_key = open_row.clone();
                    view! {
                        <tr
                            class:selected=is_active
                            class:clickable=on_open.is_some()
                            tabindex=on_open.map(|_| "0")
                            on:click=move |_| if let Some(open) = &open_click { open() }
                            on:keydown=move |ev| if ev.key() == "Enter" { if let Some(open) = &open_key { open() } }
                        >
                            {check}
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
                .into_any()
        })
    };

    let summary = move || {
        let total = n_visible();
        let all = rows.with(Vec::len);
        let size = page_size.get();
        let start = page.get() * size;
        let shown = if total == 0 {
            "0 rows".to_owned()
        } else {
            format!("{}–{} of {}", start + 1, (start + size).min(total), crate::format::count(total, "row", "rows"))
        };
        if total < all {
            format!("{shown} (filtered from {})", crate::format::qty(all as f64))
        } else {
            shown
        }
    };

    let select_all = move || {
        selection.map(|selected| {
            let key_of = row_key.expect("a table with selection needs row_key");
            let visible_keys = move || visible.with(|rows| rows.iter().map(key_of).collect::<Vec<_>>());
            let all_selected = move || {
                let keys = visible_keys();
                !keys.is_empty() && selected.with(|s| keys.iter().all(|k| s.contains(k)))
            };
            view! {
                <th class="select">
                    <input type="checkbox" aria-label="Select all rows shown" data-testid="select-all"
                        prop:checked=all_selected
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            let keys = visible_keys();
                            selected.update(|s| for key in keys { if on { s.insert(key); } else { s.remove(&key); } });
                        } />
                </th>
            }
        })
    };

    view! {
        <div class="table-block" data-testid=testid>
            <div class="toolbar">
                <input
                    type="search"
                    class="search"
                    placeholder=if search_placeholder.is_empty() { "Search…" } else { search_placeholder }
                    aria-label="Search"
                    prop:value=move || query.get()
                    on:input:target=move |ev| query.set(ev.target().value())
                />
                {children.map(|children| children())}
                <span class="toolbar-spacer"></span>
                <span class="muted" data-testid="table-summary">{summary}</span>
            </div>
            <div class="table-scroll">
                <table class="data">
                    <thead>
                        <tr>{select_all}{headers}</tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <div class="pager">
                <label class="muted">
                    "Rows per page "
                    <select
                        aria-label="Rows per page"
                        on:change:target=move |ev| {
                            if let Ok(size) = ev.target().value().parse() {
                                page_size.set(size);
                                page.set(0);
                            }
                        }
                    >
                        {PAGE_SIZES
                            .iter()
                            .map(|size| view! { <option value=*size selected=*size == 50>{*size}</option> })
                            .collect_view()}
                    </select>
                </label>
                <span class="toolbar-spacer"></span>
                <button class="btn btn-small" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>
                    "‹ Previous"
                </button>
                <span class="muted">{move || format!("Page {} of {}", page.get() + 1, n_pages())}</span>
                <button
                    class="btn btn-small"
                    disabled=move || { page.get() + 1 >= n_pages() }
                    on:click=move |_| page.update(|p| *p += 1)
                >
                    "Next ›"
                </button>
            </div>
        </div>
    }
}
