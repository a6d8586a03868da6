//! A dense data table that searches, sorts and pages. Only the visible page is
//! rendered, so 10,000 rows stay fast; searching and sorting run over plain
//! row structs that the page builds from the workspace.

use leptos::prelude::*;
use std::cmp::Ordering;
use std::collections::BTreeSet;
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
const DEFAULT_PAGE_SIZE: usize = 50;

/// The column the table is sorted by, and whether ascending.
type SortBy = Option<(usize, bool)>;

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
    selection: Option<RwSignal<BTreeSet<String>>>,
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
    let page_size = RwSignal::new(DEFAULT_PAGE_SIZE);
    back_to_first_page_on_change(page, query, rows, sort);

    let visible = {
        let columns = columns.clone();
        Memo::new(move |_| {
            let query = query.get();
            let sort = sort.get();
            rows.with(|rows| search_and_sort(rows, search, &query, sort, &columns))
        })
    };
    let n_pages = Signal::derive(move || visible.with(Vec::len).div_ceil(page_size.get()).max(1));
    let summary = move || page_summary(page.get(), page_size.get(), visible.with(Vec::len), rows.with(Vec::len));

    let select_all = move || {
        selection
            .map(|selected| select_all_cell(selected, row_key.expect("a table with selection needs row_key"), visible))
    };
    let header_columns = columns.clone();
    let headers = move || header_cells(&header_columns, sort);

    let behaviour = RowBehaviour { row_key, selection, on_open, active };
    let body = move || {
        let size = page_size.get();
        let start = page.get() * size;
        let nothing_at_all = rows.with(Vec::is_empty);
        visible.with(|shown| {
            if shown.is_empty() {
                let n_cells = columns.len() + usize::from(selection.is_some());
                return empty_row(empty_message(nothing_at_all, empty), n_cells).into_any();
            }
            shown.iter().skip(start).take(size).map(|row| body_row(row, &columns, behaviour)).collect_view().into_any()
        })
    };

    view! {
        <div class="table-block" data-testid=testid>
            <div class="toolbar">
                <SearchBox query=query placeholder=search_placeholder />
                {children.map(|children| children())}
                <span class="toolbar-spacer"></span>
                <span class="muted" data-testid="table-summary">{summary}</span>
            </div>
            <div class="table-scroll" tabindex="0">
                <table class="data">
                    <thead>
                        <tr>{select_all}{headers}</tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <Pager page=page page_size=page_size n_pages=n_pages />
        </div>
    }
}

/// A new search, filter or sort starts from the first page (not on the first
/// run, which may come after the user has already turned a page).
fn back_to_first_page_on_change<T: Send + Sync + 'static>(
    page: RwSignal<usize>,
    query: RwSignal<String>,
    rows: Signal<Vec<T>>,
    sort: RwSignal<SortBy>,
) {
    Effect::new(move |previous: Option<()>| {
        query.track();
        rows.track();
        sort.track();
        if previous.is_some() {
            page.set(0);
        }
    });
}

// ---- searching and sorting -------------------------------------------------

/// The rows whose search text contains `query` (trimmed, any case), in the
/// order of the sorted column; rows that compare equal keep their order.
fn search_and_sort<T: Clone>(
    rows: &[T],
    search: fn(&T) -> String,
    query: &str,
    sort: SortBy,
    columns: &[Column<T>],
) -> Vec<T> {
    let needle = query.trim().to_lowercase();
    let mut matching: Vec<T> =
        rows.iter().filter(|row| needle.is_empty() || search(row).to_lowercase().contains(&needle)).cloned().collect();
    if let Some((column, ascending)) = sort {
        if let Some(compare) = columns.get(column).and_then(|c| c.sort) {
            engine::sorting::sort_by(&mut matching, |a, b| if ascending { compare(a, b) } else { compare(b, a) });
        }
    }
    matching
}

#[component]
fn SearchBox(query: RwSignal<String>, placeholder: &'static str) -> impl IntoView {
    view! {
        <input
            type="search"
            class="search"
            placeholder=if placeholder.is_empty() { "Search…" } else { placeholder }
            aria-label="Search"
            prop:value=move || query.get()
            on:input:target=move |ev| query.set(ev.target().value())
        />
    }
}

// ---- the header: sorting ---------------------------------------------------

/// The `aria-sort` value of column `idx`.
fn sort_state(sort: SortBy, idx: usize) -> &'static str {
    match sort {
        Some((c, true)) if c == idx => "ascending",
        Some((c, false)) if c == idx => "descending",
        _ => "none",
    }
}

/// Clicking column `idx`: the sorted column flips direction, another one
/// sorts ascending.
fn toggled_sort(sort: SortBy, idx: usize) -> SortBy {
    match sort {
        Some((c, ascending)) if c == idx => Some((idx, !ascending)),
        _ => Some((idx, true)),
    }
}

fn header_cells<T>(columns: &[Column<T>], sort: RwSignal<SortBy>) -> impl IntoView {
    columns
        .iter()
        .enumerate()
        .map(|(idx, column)| {
            if column.sort.is_some() {
                view! { <SortableHeader label=column.label numeric=column.numeric idx=idx sort=sort /> }.into_any()
            } else {
                view! { <th class:num=column.numeric>{column.label}</th> }.into_any()
            }
        })
        .collect_view()
}

#[component]
fn SortableHeader(label: &'static str, numeric: bool, idx: usize, sort: RwSignal<SortBy>) -> impl IntoView {
    let state = move || sort_state(sort.get(), idx);
    view! {
        <th class:num=numeric aria-sort=state>
            <button class="th-sort" on:click=move |_| sort.update(|s| *s = toggled_sort(*s, idx))>
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
}

// ---- selection -------------------------------------------------------------

/// The header checkbox: selects or clears every row the search and filters
/// leave (on every page), and shows checked when all of them are selected.
fn select_all_cell<T: Send + Sync + 'static>(
    selected: RwSignal<BTreeSet<String>>,
    key_of: fn(&T) -> String,
    visible: Memo<Vec<T>>,
) -> impl IntoView {
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
}

/// One row's checkbox. A click on it does not open the row.
fn select_cell(selected: RwSignal<BTreeSet<String>>, key: String) -> impl IntoView {
    let checked = {
        let key = key.clone();
        move || selected.with(|s| s.contains(&key))
    };
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
}

// ---- the body and paging ---------------------------------------------------

/// What rows can do besides showing their cells: be selected, be opened,
/// be shown as the open one.
struct RowBehaviour<T: 'static> {
    row_key: Option<fn(&T) -> String>,
    selection: Option<RwSignal<BTreeSet<String>>>,
    on_open: Option<Callback<T>>,
    active: Option<Signal<Option<String>>>,
}

impl<T> Clone for RowBehaviour<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for RowBehaviour<T> {}

fn empty_message(nothing_at_all: bool, empty: &'static str) -> &'static str {
    match (nothing_at_all, empty.is_empty()) {
        (true, true) => "Nothing here yet.",
        (true, false) => empty,
        (false, _) => "No rows match.",
    }
}

fn empty_row(message: &'static str, n_cells: usize) -> impl IntoView {
    view! {
        <tr class="empty-row">
            <td colspan=n_cells>{message}</td>
        </tr>
    }
}

fn body_row<T: Clone + Send + Sync + 'static>(
    row: &T,
    columns: &[Column<T>],
    behaviour: RowBehaviour<T>,
) -> impl IntoView {
    let RowBehaviour { row_key, selection, on_open, active } = behaviour;
    let cells =
        columns.iter().map(|column| view! { <td class:num=column.numeric>{(column.cell)(row)}</td> }).collect_view();
    let key = row_key.map(|key_of| key_of(row));
    let check = selection.zip(key.clone()).map(|(selected, key)| select_cell(selected, key));
    let is_active = move || {
        active.zip(key.clone()).is_some_and(|(active, key)| active.with(|a| a.as_deref() == Some(key.as_str())))
    };
    let open_row = on_open.map(|open| {
        let row = row.clone();
        move || open.run(row.clone())
    });
    let open_click = open_row.clone();
    let open_key = open_row;
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
}

/// Rows per page and the previous and next buttons.
#[component]
fn Pager(page: RwSignal<usize>, page_size: RwSignal<usize>, n_pages: Signal<usize>) -> impl IntoView {
    view! {
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
                        .map(|size| view! { <option value=*size selected=*size == DEFAULT_PAGE_SIZE>{*size}</option> })
                        .collect_view()}
                </select>
            </label>
            <span class="toolbar-spacer"></span>
            <button class="btn btn-small" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>
                "‹ Previous"
            </button>
            <span class="muted">{move || format!("Page {} of {}", page.get() + 1, n_pages.get())}</span>
            <button
                class="btn btn-small"
                disabled=move || { page.get() + 1 >= n_pages.get() }
                on:click=move |_| page.update(|p| *p += 1)
            >
                "Next ›"
            </button>
        </div>
    }
}

/// "51–100 of 120 rows", and how many the search and filters hide.
fn page_summary(page: usize, page_size: usize, n_visible: usize, n_all: usize) -> String {
    let start = page * page_size;
    let shown = if n_visible == 0 {
        "0 rows".to_owned()
    } else {
        format!(
            "{}–{} of {}",
            start + 1,
            (start + page_size).min(n_visible),
            crate::format::count(n_visible, "row", "rows")
        )
    };
    if n_visible < n_all {
        format!("{shown} (filtered from {})", crate::format::qty(n_all as f64))
    } else {
        shown
    }
}
