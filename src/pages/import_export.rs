//! Import & export: CSV files in (all or nothing, every problem listed), CSV
//! and JSON out, JSON backups restored, the sample workspace loaded.

use crate::actions;
use crate::download;
use crate::format;
use crate::pages::common::PageHead;
use crate::pages::imported::{summary_text, ProblemList};
use crate::pages::mapping::{MappedDone, MappedImport, MappingStep};
use crate::session;
use crate::state::{use_store, NoticeKind, Store};
use crate::worker::jobs::{self, Batch, Imported, Refusal, ToMap};
use crate::worker::{self, Progress};
use engine::io::{ImportFile, ImportSummary, Table};
use engine::Problem;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[derive(Clone)]
struct ChosenFile {
    name: String,
    size: f64,
    table: Option<Table>,
    replace: RwSignal<bool>,
    file: send_wrapper::SendWrapper<web_sys::File>,
}

#[derive(Clone, Debug)]
enum ImportState {
    Idle,
    Reading,
    Running(Progress),
    /// The batch's own tables were imported (`files` of them; the others,
    /// if any, wait in the mapping step).
    Done {
        summary: ImportSummary,
        elapsed_ms: f64,
        files: usize,
        to_map: usize,
    },
    Refused {
        problems: Vec<Problem>,
        total: usize,
        elapsed_ms: f64,
    },
    Failed(String),
}

/// Rows a table's CSV export holds.
fn row_count(w: &engine::Workspace, table: Table) -> usize {
    match table {
        Table::Settings => engine::io::SETTING_KEYS.len(),
        Table::PolicyMatrix => w.settings.policy_matrix.cells.len(),
        Table::ApprovalThresholds => w.settings.approval_thresholds.len(),
        Table::CurrencyRates => w.currency_rates.len(),
        Table::Locations => w.locations.len(),
        Table::Skus => w.skus.len(),
        Table::Suppliers => w.suppliers.len(),
        Table::Contracts => w.contracts.len(),
        Table::Offers => w.offers.len(),
        Table::StockLots => w.stock_lots.len(),
        Table::Commitments => w.commitments.len(),
        Table::MinMaxOverrides => w.min_max_overrides.len(),
        Table::Budgets => w.budgets.len(),
        Table::ForecastPins => w.forecast_pins.len(),
        Table::ForecastOverrides => w.forecast_overrides.len(),
        Table::Promotions => w.promotions.len(),
        Table::Launches => w.launches.len(),
        Table::PurchaseOrders => w.purchase_orders.len(),
        Table::PoLines => w.purchase_orders.iter().map(|po| po.lines.len()).sum(),
        Table::Receipts => w.purchase_orders.iter().flat_map(|po| &po.lines).map(|l| l.receipts.len()).sum(),
        Table::PoLog => w.purchase_orders.iter().map(|po| po.log.len()).sum(),
        Table::RecurringOrders => w.recurring_orders.len(),
        Table::RecurringLines => w.recurring_orders.iter().map(|r| r.lines.len()).sum(),
        Table::MappingPresets => w.mapping_presets.len(),
        Table::Demand => w.demand.row_count(),
    }
}

fn table_counts(store: Store) -> Vec<(Table, usize)> {
    store.workspace.with(|w| Table::ALL.iter().map(|t| (*t, row_count(w, *t))).collect())
}

#[component]
pub fn ImportExportPage() -> impl IntoView {
    view! {
        <PageHead title="Import & export" subtitle="Move data in and out as CSV and JSON files. Nothing leaves this browser unless you download it." />
        <ImportCsv />
        <SavedMappingsPanel />
        <div class="grid grid-2 section">
            <ExportPanel />
            <div class="stack">
                <RestorePanel />
                <SamplePanel />
            </div>
        </div>
        <crate::pages::history::History />
    }
}

/// Store an import the engine accepted, named `cause` in the history;
/// false when this tab may not change the workspace.
fn store_imported(store: Store, imported: Imported, cause: &str) -> bool {
    if store.is_locked() {
        return false;
    }
    let demand_changed = imported.demand.is_some();
    let mut workspace = imported.core;
    workspace.demand = match imported.demand {
        Some(demand) => demand,
        None => store.workspace.with_untracked(|w| w.demand.clone()),
    };
    store.replace(workspace, demand_changed, cause);
    worker::worker_has_demand(store.demand_rev.get_untracked());
    true
}

/// A batch's files that are Stockpilot's own tables are checked together and
/// imported all or nothing, as ever; the others (a shop's export, any other
/// spreadsheet or sheet) then open the mapping step one at a time. Own
/// tables go first because a mapped file usually refers to them (stock at a
/// location, offers of a supplier): its preview then checks against them.
/// When the own tables are refused, nothing is imported and no mapping
/// opens: the batch is fixed and chosen again, as before.
#[component]
fn ImportCsv() -> impl IntoView {
    let store = use_store();
    let chosen: RwSignal<Vec<ChosenFile>> = RwSignal::new(Vec::new());
    let state = RwSignal::new(ImportState::Idle);
    // Files waiting for the mapping step (the first is shown), how many the
    // batch had, and what the mapped ones came to.
    let to_map: RwSignal<Vec<ToMap>> = RwSignal::new(Vec::new());
    let to_map_total = RwSignal::new(0usize);
    let mapped: RwSignal<Vec<MappedImport>> = RwSignal::new(Vec::new());
    let input = NodeRef::<leptos::html::Input>::new();
    let busy = move || matches!(state.get(), ImportState::Reading | ImportState::Running(_));

    let on_choose = move |ev: leptos::ev::Event| {
        let target: web_sys::HtmlInputElement = ev.target().expect("input event target").unchecked_into();
        let Some(list) = target.files() else { return };
        let mut files = Vec::new();
        for idx in 0..list.length() {
            if let Some(file) = list.get(idx) {
                files.push(ChosenFile {
                    name: file.name(),
                    size: file.size(),
                    table: Table::from_file_name(&file.name()),
                    replace: RwSignal::new(false),
                    file: send_wrapper::SendWrapper::new(file),
                });
            }
        }
        chosen.set(files);
        state.set(ImportState::Idle);
    };

    let run_import = move |_| {
        let files = chosen.get_untracked();
        if files.is_empty() {
            return;
        }
        state.set(ImportState::Reading);
        to_map.set(Vec::new());
        mapped.set(Vec::new());
        spawn_local(async move {
            let mut import_files = Vec::with_capacity(files.len());
            for chosen in &files {
                match download::read_bytes(&chosen.file).await {
                    Ok(bytes) => import_files.push(ImportFile {
                        name: chosen.name.clone(),
                        bytes,
                        replace: chosen.replace.get_untracked(),
                    }),
                    Err(error) => {
                        state.set(ImportState::Failed(format!("{} could not be read: {error}", chosen.name)));
                        return;
                    }
                }
            }
            let n_files = import_files.len();
            let cause =
                format!("Imported {}", import_files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", "));
            let demand_rev = store.demand_rev.get_untracked();
            let job = store.workspace.with_untracked(|w| {
                jobs::import_csv(w, demand_rev, import_files, move |progress| state.set(ImportState::Running(progress)))
            });
            let clear_chosen = move || {
                chosen.set(Vec::new());
                if let Some(input) = input.get_untracked() {
                    input.set_value("");
                }
            };
            match job.await {
                Ok(Ok(Batch::ToMap(files))) => {
                    state.set(ImportState::Idle);
                    to_map_total.set(files.len());
                    to_map.set(files);
                    clear_chosen();
                }
                Ok(Ok(Batch::Imported(mut imported))) => {
                    let waiting = std::mem::take(&mut imported.to_map);
                    let cause = if waiting.is_empty() {
                        cause
                    } else {
                        let own: Vec<&str> = imported.summary.tables.iter().map(|t| t.file.as_str()).collect();
                        format!("Imported {}", own.join(", "))
                    };
                    let (summary, elapsed_ms) = (imported.summary.clone(), imported.elapsed_ms);
                    if !store_imported(store, imported, &cause) {
                        state.set(ImportState::Failed("This tab is read-only; reload it and import again.".into()));
                        return;
                    }
                    // With files left to map, count the tables imported: a
                    // workbook may have sent some sheets each way.
                    let files = if waiting.is_empty() { n_files } else { summary.tables.len() };
                    state.set(ImportState::Done { summary, elapsed_ms, files, to_map: waiting.len() });
                    to_map_total.set(waiting.len());
                    to_map.set(waiting);
                    clear_chosen();
                }
                Ok(Err(Refusal { problems, total, elapsed_ms })) => {
                    state.set(ImportState::Refused { problems, total, elapsed_ms })
                }
                Err(error) => state.set(ImportState::Failed(format!("Nothing was changed: {error}."))),
            }
        });
    };

    view! {
        <section class="card">
            <h2>"Import CSV or Excel files"</h2>
            <p class="muted" style="margin-bottom:12px">
                "Choose one or more files named after their table (skus.csv, offers.csv, demand.csv…); "
                "files with other names are recognised by their header row. The files are checked together and imported "
                "all or nothing: if any row has a problem, nothing changes and every problem is listed. "
                "Rows update existing records with the same key; rows not in the file are kept unless you tick "
                "“Replace table”. An Excel workbook imports the sheets named after tables (as “Download every table as Excel” writes them); "
                "a ZIP of CSV files imports every file in it. See docs/formats.md for every column."
            </p>
            <div class="row">
                <input type="file" accept=".csv,text/csv,.xlsx,.xlsm,.xls,.ods,.zip" multiple node_ref=input data-testid="import-files" aria-label="CSV, Excel or ZIP files to import"
                    on:change=on_choose disabled=busy />
            </div>
            {move || (!chosen.with(Vec::is_empty)).then(|| view! {
                <div class="table-scroll section" tabindex="0" role="region" aria-label="Chosen files">
                <table class="data compact file-list">
                    <thead><tr><th>"File"</th><th class="num">"Size"</th><th>"Table"</th><th>"Replace table"</th></tr></thead>
                    <tbody>
                        {chosen.get().into_iter().map(|file| view! {
                            <tr>
                                <td>{file.name.clone()}</td>
                                <td class="num">{format!("{} KB", format::qty((file.size / 1024.0).ceil()))}</td>
                                <td>{file.table.map(|t| t.label().to_owned()).unwrap_or_else(|| what_it_holds(&file.name).into())}</td>
                                <td><label class="row small"><input type="checkbox" prop:checked=move || file.replace.get()
                                    on:change:target=move |ev| file.replace.set(ev.target().checked()) />
                                    "delete rows not in this file"</label></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            })}
            <div class="form-actions">
                <button class="btn btn-primary" data-testid="import-run" on:click=run_import
                    disabled=move || { let busy = busy(); let none = chosen.with(Vec::is_empty); busy || none }>
                    "Check and import"
                </button>
            </div>
            {move || match state.get() {
                ImportState::Idle => ().into_any(),
                ImportState::Reading => view! { <div class="progress-line section"><span>"Reading files…"</span><progress /></div> }.into_any(),
                ImportState::Running(progress) => {
                    let pct = if progress.total > 0 { progress.done as f64 / progress.total as f64 } else { 0.0 };
                    view! {
                        <div class="progress-line section" data-testid="import-progress">
                            <span>{format!("{} · {}", progress.stage, format::percent(pct))}</span>
                            <progress max="1" value=pct />
                        </div>
                    }.into_any()
                }
                ImportState::Done { summary, elapsed_ms, files, to_map } => view! {
                    <div class="banner banner-ok section" role="status" data-testid="import-done" data-elapsed-ms=elapsed_ms.to_string()>
                        <div>
                            <strong>{if to_map == 0 {
                                format!("Imported {}.", format::count(files, "file", "files"))
                            } else {
                                format!("Imported {}.", format::count(files, "table", "tables"))
                            }}</strong>
                            " " {summary_text(&summary)}
                            <span class="muted">{format!(" Checked in {:.2} s.", elapsed_ms / 1000.0)}</span>
                            {(to_map > 0).then(|| view! {
                                <p>{format!(
                                    "{} not one of Stockpilot's tables: map {} columns below.",
                                    if to_map == 1 { "One file is".to_owned() } else { format!("{to_map} files are") },
                                    if to_map == 1 { "its" } else { "their" },
                                )}</p>
                            })}
                        </div>
                    </div>
                }.into_any(),
                ImportState::Refused { problems, total, elapsed_ms } => view! {
                    <ProblemList problems=problems total=total elapsed_ms=elapsed_ms />
                }.into_any(),
                ImportState::Failed(reason) => view! {
                    <div class="banner banner-error section" role="alert">{reason}</div>
                }.into_any(),
            }}
        </section>
        {move || mapped.with(|done| (!done.is_empty()).then(|| view! {
            <div class="stack" data-testid="mapped-imports">
                {done.iter().cloned().map(|done| view! { <MappedDone done=done /> }).collect_view()}
            </div>
        }))}
        {move || to_map.with(|waiting| waiting.first().cloned()).map(|first| {
            let total = to_map_total.get_untracked();
            let n = total + 1 - to_map.with_untracked(Vec::len);
            let position = if total > 1 { format!("File {n} of {total}") } else { String::new() };
            let next = move || to_map.update(|waiting| { waiting.remove(0); });
            let on_imported = Callback::new(move |(imported, done): (Imported, MappedImport)| {
                let cause = format!("Imported {} {}", done.label, done.how);
                if store_imported(store, imported, &cause) {
                    mapped.update(|list| list.push(done));
                    next();
                } else {
                    state.set(ImportState::Failed("This tab is read-only; reload it and import again.".into()));
                }
            });
            let on_skip = Callback::new(move |()| next());
            view! { <MappingStep to_map=first position=position on_imported=on_imported on_skip=on_skip /> }
        })}
    }
}

/// The column mappings saved in the workspace (from the mapping step's
/// "Save this mapping as"): a file whose columns fit one is mapped by it when
/// it arrives. Shown once there is one.
#[component]
fn SavedMappingsPanel() -> impl IntoView {
    let store = use_store();
    let presets = Memo::new(move |_| {
        store.workspace.with(|w| {
            w.mapping_presets
                .iter()
                .map(|p| (p.name.clone(), p.spec.target.label(), p.spec.fields.len()))
                .collect::<Vec<_>>()
        })
    });
    let delete = move |name: String| {
        let said = format!("Deleted the saved mapping “{name}”");
        store.edit_as(
            move |w| {
                engine::integrity::delete_mapping_preset(w, &name);
            },
            said,
        );
    };
    move || {
        (!presets.with(Vec::is_empty)).then(|| view! {
        <section class="card section" data-testid="saved-mappings">
            <h2>"Saved mappings"</h2>
            <p class="muted small">"A file whose columns fit one of these is mapped by it when you import it. Save one from the mapping step."</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Saved mappings">
                <table class="data compact">
                    <thead><tr><th>"Name"</th><th>"Table"</th><th class="num">"Fields"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                    <tbody>
                        {presets.get().into_iter().map(|(name, table, fields)| {
                            let label = format!("Delete the saved mapping {name}");
                            let target = name.clone();
                            view! {
                                <tr data-testid="saved-mapping-row">
                                    <td>{name}</td>
                                    <td>{table}</td>
                                    <td class="num">{fields}</td>
                                    <td><button class="btn btn-small" aria-label=label on:click=move |_| delete(target.clone())>"Delete"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    })
    }
}

/// What a chosen file that is not named after a table will import (the
/// files module decides by its content; this is what the name says).
fn what_it_holds(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"].iter().any(|ext| lower.ends_with(ext)) {
        "The sheets named after tables"
    } else if lower.ends_with(".zip") {
        "Every CSV file inside"
    } else {
        "Recognised by its header, else mapped column by column"
    }
}

#[component]
fn ExportPanel() -> impl IntoView {
    let store = use_store();
    let counts = Memo::new(move |_| table_counts(store));
    let busy = RwSignal::new(false);
    // Off by default: plain UTF-8, as docs/formats.md describes the files.
    let for_excel = RwSignal::new(false);
    let csv_for = move || if for_excel.get_untracked() { files::CsvFor::Excel } else { files::CsvFor::AnyProgram };
    let export_tables = move |tables: Vec<Table>| {
        busy.set(true);
        spawn_local(async move {
            actions::download_tables(store, tables, csv_for()).await;
            busy.set(false);
        });
    };
    let export_workbook = move |tables: Vec<Table>| {
        busy.set(true);
        spawn_local(async move {
            actions::download_workbook(store, tables).await;
            busy.set(false);
        });
    };
    view! {
        <section class="card" data-testid="export-panel">
            <h2>"Export"</h2>
            <p class="muted small" style="margin-bottom:10px">
                "CSV files open in any spreadsheet; text that a spreadsheet would run as a formula is prefixed with an apostrophe. "
                "Excel workbooks hold a sheet per table and import back as they are. "
                "The JSON backup holds the whole workspace and restores it in any browser."
            </p>
            <div class="row" style="margin-bottom:12px">
                <button class="btn btn-primary" data-testid="export-json" disabled=move || busy.get()
                    on:click=move |_| { busy.set(true); spawn_local(async move { actions::download_json_backup(store).await; busy.set(false); }); }>
                    "Download JSON backup"
                </button>
                <button class="btn" data-testid="export-all-csv" disabled=move || busy.get()
                    on:click=move |_| { busy.set(true); spawn_local(async move { actions::download_all_tables(store, csv_for()).await; busy.set(false); }); }>
                    "Download every table (ZIP of CSV files)"
                </button>
                <button class="btn" data-testid="export-all-xlsx" disabled=move || busy.get()
                    on:click=move |_| export_workbook(Table::ALL.to_vec())>
                    "Download every table as Excel"
                </button>
                <label class="row small"><input type="checkbox" data-testid="csv-for-excel" prop:checked=move || for_excel.get()
                    on:change:target=move |ev| for_excel.set(ev.target().checked()) />
                    "CSV for Excel (adds a UTF-8 byte-order mark)"</label>
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Tables to export">
            <table class="data compact">
                <thead><tr><th>"Table"</th><th>"File"</th><th class="num">"Rows"</th><th><span class="sr-only">"Export"</span></th></tr></thead>
                <tbody>
                    {move || counts.get().into_iter().map(|(table, rows)| view! {
                        <tr>
                            <td>{table.label()}</td>
                            <td class="mono">{table.file_name()}</td>
                            <td class="num">{format::qty(rows as f64)}</td>
                            <td class="num"><button class="btn btn-small" data-testid=format!("export-{}", table.name())
                                disabled=move || busy.get() on:click=move |_| export_tables(vec![table])>"CSV"</button>
                                " "<button class="btn btn-small" data-testid=format!("export-xlsx-{}", table.name())
                                disabled=move || busy.get() on:click=move |_| export_workbook(vec![table])>"Excel"</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

#[component]
fn RestorePanel() -> impl IntoView {
    let store = use_store();
    let state = RwSignal::new(ImportState::Idle);
    let on_choose = move |ev: leptos::ev::Event| {
        let target: web_sys::HtmlInputElement = ev.target().expect("input event target").unchecked_into();
        let Some(file) = target.files().and_then(|list| list.get(0)) else { return };
        target.set_value("");
        let replaces = store.workspace.with_untracked(|w| !w.is_empty());
        if replaces
            && !window()
                .confirm_with_message(&format!("Replace the whole workspace with the backup {}?", file.name()))
                .unwrap_or(false)
        {
            return;
        }
        state.set(ImportState::Reading);
        spawn_local(async move {
            // Bytes, not text: the worker's reader explains a wrong encoding.
            let bytes = match download::read_bytes(&file).await {
                Ok(bytes) => bytes,
                Err(error) => {
                    state.set(ImportState::Failed(format!("{} could not be read: {error}", file.name())));
                    return;
                }
            };
            let demand_rev = store.demand_rev.get_untracked();
            let job = store.workspace.with_untracked(|w| {
                jobs::restore_json(w, demand_rev, bytes, move |p| state.set(ImportState::Running(p)))
            });
            match job.await {
                Ok(Ok(workspace)) => {
                    store.replace(workspace, true, &format!("Restored the backup {}", file.name()));
                    worker::worker_has_demand(store.demand_rev.get_untracked());
                    state.set(ImportState::Idle);
                    store.notify(NoticeKind::Success, format!("Restored the workspace from {}.", file.name()));
                }
                Ok(Err(Refusal { problems, total, elapsed_ms })) => {
                    state.set(ImportState::Refused { problems, total, elapsed_ms })
                }
                Err(error) => state.set(ImportState::Failed(format!("Nothing was changed: {error}."))),
            }
        });
    };
    view! {
        <section class="card">
            <h2>"Restore a JSON backup"</h2>
            <p class="muted small" style="margin-bottom:10px">
                "Replaces the whole workspace. Backups from older versions are upgraded; a backup from a newer version is refused and nothing changes."
            </p>
            <input type="file" accept=".json,application/json" data-testid="restore-file" aria-label="JSON backup to restore" on:change=on_choose />
            {move || match state.get() {
                ImportState::Reading | ImportState::Running(_) => view! { <div class="progress-line section"><span>"Restoring…"</span><progress /></div> }.into_any(),
                ImportState::Refused { problems, total, elapsed_ms } => view! { <ProblemList problems=problems total=total elapsed_ms=elapsed_ms /> }.into_any(),
                ImportState::Failed(reason) => view! { <div class="banner banner-error section" role="alert">{reason}</div> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn SamplePanel() -> impl IntoView {
    let store = use_store();
    let busy = RwSignal::new(false);
    let load = move |_| {
        let replaces = store.workspace.with_untracked(|w| !w.is_empty());
        if replaces
            && !window()
                .confirm_with_message(
                    "Replace your workspace with the sample data? Export a backup first if you want to keep it.",
                )
                .unwrap_or(false)
        {
            return;
        }
        if store.is_locked() {
            store.notify(NoticeKind::Error, "This tab is read-only until you reload it.");
            return;
        }
        busy.set(true);
        spawn_local(async move {
            session::load_sample(store, true).await;
            busy.set(false);
            store.notify(NoticeKind::Success, "The sample workspace is loaded.");
        });
    };
    let clear = move |_| {
        if window()
            .confirm_with_message(
                "Delete every record in this workspace? Settings are kept. Export a backup first if unsure.",
            )
            .unwrap_or(false)
        {
            let settings = store.workspace.with_untracked(|w| w.settings.clone());
            if !store.is_locked() {
                store.replace(engine::Workspace { settings, ..Default::default() }, true, "Emptied the workspace");
                store.notify(NoticeKind::Success, "The workspace is empty. Import your CSV files to begin.");
            }
        }
    };
    view! {
        <section class="card">
            <h2>"Sample data"</h2>
            <p class="muted small" style="margin-bottom:10px">
                "A realistic demo workspace: about 300 SKUs in 8 families, 3 warehouses, 12 suppliers and two years of daily sales."
            </p>
            <div class="row">
                <button class="btn" data-testid="load-sample" on:click=load disabled=move || busy.get()>"Load sample data"</button>
                <button class="btn btn-danger" data-testid="clear-workspace" on:click=clear>"Start with an empty workspace"</button>
            </div>
        </section>
    }
}
