//! The column-mapping step of Import & export (issue 11): a file that is not
//! one of Stockpilot's own tables (a shop's export, any spreadsheet, a sheet
//! of a workbook) is mapped to a table field by field, with a preview of its
//! first rows checked cell by cell, then imported all or nothing.
//!
//! The engine owns every decision (`engine::io::mapping`, run in the files
//! module): what the format is, which table and columns it proposes, what a
//! cell becomes and what is wrong with it. This page only edits the
//! `MappingSpec` the proposal starts from and shows what the engine says.

use crate::format;
use crate::pages::imported::{summary_text, ProblemList};
use crate::state::use_store;
use crate::worker::jobs::{self, BuiltinOffer, ForeignFile, Imported, MappingPreview, Refusal, ToMap};
use crate::worker::Progress;
use engine::io::mapping::{
    DateOrder, DecimalSeparator, Delimiter, Encoding, FieldMapping, MappedTableReport, MappingPreset, MappingSpec,
    NumberFormat, PresetOptions, PresetParameter, Proposal, Source, ThousandsSeparator, Transform,
    DEFAULT_LEAD_TIME_DAYS,
};
use engine::io::{ImportSummary, Table};
use engine::Problem;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// A mapped file that was imported: what the page says afterwards.
#[derive(Clone, Debug, PartialEq)]
pub struct MappedImport {
    pub label: String,
    /// How: "into Stock lots", "with the built-in Shopify products export preset".
    pub how: String,
    pub summary: ImportSummary,
    /// One per table filled: rows skipped and combined, values assumed,
    /// fields left to their defaults.
    pub reports: Vec<MappedTableReport>,
}

/// How a target field's value is read, as the step offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldKind {
    /// Ids, names, codes and flags: taken as written.
    AsWritten,
    Number,
    Date,
    /// `offers.price_breaks`: `1:4.50;100:4.20`, or one unit price.
    PriceBreaks,
}

/// What a field holds, for the transforms worth offering. Dates and numbers
/// are the ones where a file's format matters (`docs/formats.md` lists each
/// column).
fn field_kind(table: Table, field: &str) -> FieldKind {
    const DATES: [&str; 8] = ["received", "expiry", "date", "valid_from", "valid_to", "start", "end", "as_of"];
    const CODES: [&str; 12] = [
        "criticality",
        "status",
        "approval",
        "risk",
        "duty_basis",
        "charge_basis",
        "regulated",
        "quarantine",
        "tax_recoverable",
        "channel",
        "currency",
        "model",
    ];
    let text = table.columns().iter().any(|c| c.name == field && c.text);
    if text || CODES.contains(&field) {
        FieldKind::AsWritten
    } else if DATES.contains(&field) {
        FieldKind::Date
    } else if field == "price_breaks" {
        FieldKind::PriceBreaks
    } else {
        FieldKind::Number
    }
}

/// The transform a field gets when the user picks a column for it.
fn default_transform(table: Table, field: &str) -> Transform {
    match field_kind(table, field) {
        FieldKind::Number => Transform::Number,
        FieldKind::Date => Transform::Date,
        FieldKind::AsWritten | FieldKind::PriceBreaks => Transform::None,
    }
}

/// `spec` with `field` filled from `source` (or left unfilled), its fields
/// kept in the target table's order.
fn with_source(spec: &MappingSpec, field: &str, source: Option<Source>) -> MappingSpec {
    let mut spec = spec.clone();
    spec.fields.retain(|mapping| mapping.field != field);
    if let Some(source) = source {
        spec.fields.push(FieldMapping { field: field.to_owned(), source });
    }
    let columns = spec.target.columns();
    let position = |field: &str| columns.iter().position(|c| c.name == field).unwrap_or(usize::MAX);
    engine::sorting::sort_by_key(&mut spec.fields, |mapping| position(&mapping.field));
    spec
}

/// Where the fields of a table are filled in afterwards: (page, link).
fn where_to_fill(table: Table) -> (&'static str, &'static str) {
    match table {
        Table::Skus | Table::Demand => ("each SKU's page", "#/skus"),
        Table::Suppliers => ("each supplier's page", "#/suppliers"),
        Table::Offers => ("the offers on each supplier's page", "#/suppliers"),
        Table::StockLots | Table::Commitments => ("the Stock page", "#/stock"),
        _ => ("Settings", "#/settings"),
    }
}

fn encoding_value(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Utf8 => "utf8",
        Encoding::Utf16Le => "utf16le",
        Encoding::Utf16Be => "utf16be",
        Encoding::Windows1252 => "windows1252",
    }
}

const ENCODINGS: [Encoding; 4] = [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Windows1252];

fn delimiter_label(delimiter: Delimiter) -> (&'static str, &'static str) {
    match delimiter {
        Delimiter::Comma => ("comma", "Comma ( , )"),
        Delimiter::Semicolon => ("semicolon", "Semicolon ( ; )"),
        Delimiter::Tab => ("tab", "Tab"),
    }
}

const DELIMITERS: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];

fn thousands_value(thousands: Option<ThousandsSeparator>) -> &'static str {
    match thousands {
        None => "none",
        Some(ThousandsSeparator::Point) => "point",
        Some(ThousandsSeparator::Comma) => "comma",
        Some(ThousandsSeparator::Space) => "space",
        Some(ThousandsSeparator::Apostrophe) => "apostrophe",
    }
}

const THOUSANDS: [(Option<ThousandsSeparator>, &str); 5] = [
    (None, "None (1234)"),
    (Some(ThousandsSeparator::Point), "Point (1.234)"),
    (Some(ThousandsSeparator::Comma), "Comma (1,234)"),
    (Some(ThousandsSeparator::Space), "Space (1 234)"),
    (Some(ThousandsSeparator::Apostrophe), "Apostrophe (1'234)"),
];

/// The step's questions, from what the engine sniffed: a date column that
/// reads both ways, a number whose mark may be a decimal or a thousands mark.
fn questions(proposal: &Proposal) -> (Vec<String>, Vec<String>) {
    let example = |header: &str| {
        proposal.sniffed.columns.iter().find(|c| c.header == header).and_then(|c| c.example.clone()).unwrap_or_default()
    };
    let dates = proposal
        .sniffed
        .ambiguous_dates
        .iter()
        .map(|header| {
            format!(
                "The dates in “{header}” (like {}) read both as day/month and as month/day. Choose the date order.",
                example(header)
            )
        })
        .collect();
    let numbers = proposal
        .sniffed
        .columns
        .iter()
        .filter(|c| c.number.is_some_and(|n| n.undecided))
        .map(|c| {
            format!(
                "In “{}” (like {}) the mark before the last three digits may be a decimal mark or group thousands. Check the decimal mark.",
                c.header,
                c.example.clone().unwrap_or_default()
            )
        })
        .collect();
    (dates, numbers)
}

#[derive(Clone, Debug)]
enum PreviewState {
    Loading,
    Ready(MappingPreview),
    Failed(String),
}

#[derive(Clone, Debug)]
enum StepState {
    Editing,
    Running(Progress),
    Refused { problems: Vec<Problem>, total: usize, elapsed_ms: f64 },
    Failed(String),
}

/// A mapped import's answer: handed to `on_imported` (the page stores it)
/// as `label` imported `how`, or the step says why nothing changed.
async fn settle(
    job: impl std::future::Future<Output = Result<Result<Imported, Refusal>, jobs::JobError>>,
    label: String,
    how: String,
    state: RwSignal<StepState>,
    on_imported: Callback<(Imported, MappedImport)>,
) {
    match job.await {
        Ok(Ok(imported)) => {
            let done =
                MappedImport { label, how, summary: imported.summary.clone(), reports: imported.reports.clone() };
            state.set(StepState::Editing);
            on_imported.run((imported, done));
        }
        Ok(Err(Refusal { problems, total, elapsed_ms })) => {
            state.set(StepState::Refused { problems, total, elapsed_ms })
        }
        Err(error) => state.set(StepState::Failed(format!("Nothing was changed: {error}."))),
    }
}

/// The mapping step for one file. `on_imported` hears the import the engine
/// accepted (the page stores it); `on_skip` that the user left the file out.
#[component]
pub fn MappingStep(
    to_map: ToMap,
    /// "File 1 of 2" when the batch had several files to map, else empty.
    #[prop(into)]
    position: String,
    on_imported: Callback<(Imported, MappedImport)>,
    on_skip: Callback<()>,
) -> impl IntoView {
    let store = use_store();
    let ToMap { file, proposal, builtin, fitting_presets } = to_map;
    let file = StoredValue::new(file);
    let proposal = RwSignal::new(proposal);
    let spec = RwSignal::new(proposal.get_untracked().spec.clone());
    // A saved mapping that fits the file's columns is used from the start,
    // so next month's export imports in one click.
    let using = RwSignal::new(None::<String>);
    let fitting =
        fitting_presets.first().and_then(|name| store.workspace.with_untracked(|w| w.mapping_preset(name).cloned()));
    if let Some(preset) = fitting {
        spec.set(preset.spec);
        using.set(Some(preset.name));
    }
    let headers = RwSignal::new(
        proposal.get_untracked().sniffed.columns.iter().map(|c| c.header.clone()).collect::<Vec<String>>(),
    );
    let preview = RwSignal::new(PreviewState::Loading);
    let state = RwSignal::new(StepState::Editing);
    let changing_table = RwSignal::new(false);
    let heading = NodeRef::<leptos::html::H2>::new();
    let label = file.with_value(|f| f.label.clone());
    let is_sheet = file.with_value(ForeignFile::is_sheet);

    // Focus the step's heading when it opens, so keyboard and screen-reader
    // users land on it rather than on whatever was focused before.
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });

    // The preview follows the spec, a quarter second after the last change;
    // an answer to an older spec is dropped.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let spec = spec.get();
        generation.update_value(|g| *g += 1);
        let asked = generation.get_value();
        preview.set(PreviewState::Loading);
        set_timeout(
            move || {
                // The step may have closed meanwhile (imported, left out).
                if generation.try_get_value() != Some(asked) {
                    return;
                }
                let demand_rev = store.demand_rev.get_untracked();
                let job = store
                    .workspace
                    .with_untracked(|w| jobs::preview_mapping(w, demand_rev, file.get_value(), spec.clone()));
                spawn_local(async move {
                    let answer = job.await;
                    if generation.try_get_value() != Some(asked) {
                        return;
                    }
                    let shown = match answer {
                        Ok(Ok(shown)) => {
                            if !shown.headers.is_empty() {
                                headers.try_set(shown.headers.clone());
                            }
                            PreviewState::Ready(shown)
                        }
                        Ok(Err(refusal)) => PreviewState::Failed(
                            refusal.problems.into_iter().map(|p| p.reason).collect::<Vec<_>>().join("; "),
                        ),
                        Err(error) => PreviewState::Failed(error.to_string()),
                    };
                    preview.try_set(shown);
                });
            },
            Duration::from_millis(250),
        );
    });

    let choose_table = move |name: String| {
        let Some(table) = Table::ALL.iter().copied().find(|t| t.name() == name) else { return };
        if table == spec.with_untracked(|s| s.target) {
            return;
        }
        changing_table.set(true);
        let format = spec.with_untracked(|s| s.format);
        spawn_local(async move {
            match jobs::propose_mapping(file.get_value(), table).await {
                Ok(Ok(proposed)) => {
                    let mut new_spec = proposed.spec.clone();
                    // The format is the file's, whatever the table: keep the user's choices.
                    new_spec.format = format;
                    proposal.set(proposed);
                    spec.set(new_spec);
                }
                Ok(Err(refusal)) => state.set(StepState::Failed(
                    refusal.problems.into_iter().map(|p| p.reason).collect::<Vec<_>>().join("; "),
                )),
                Err(error) => state.set(StepState::Failed(error.to_string())),
            }
            changing_table.set(false);
        });
    };

    let run_import = move |_| {
        if store.is_locked() {
            state.set(StepState::Failed("This tab is read-only; reload it and import again.".into()));
            return;
        }
        let chosen = spec.get_untracked();
        let demand_rev = store.demand_rev.get_untracked();
        state.set(StepState::Running(Progress { stage: "Checking".into(), done: 0, total: 1 }));
        let job = store.workspace.with_untracked(|w| {
            jobs::import_mapped(w, demand_rev, file.get_value(), chosen.clone(), move |progress| {
                state.set(StepState::Running(progress))
            })
        });
        let (label, how) = (file.with_value(|f| f.label.clone()), format!("into {}", chosen.target.label()));
        spawn_local(settle(job, label, how, state, on_imported));
    };
    let run_builtin = move |(offer, options): (BuiltinOffer, PresetOptions)| {
        if store.is_locked() {
            state.set(StepState::Failed("This tab is read-only; reload it and import again.".into()));
            return;
        }
        let demand_rev = store.demand_rev.get_untracked();
        state.set(StepState::Running(Progress { stage: "Checking".into(), done: 0, total: 1 }));
        let job = store.workspace.with_untracked(|w| {
            jobs::import_builtin(w, demand_rev, file.get_value(), offer.id.clone(), options, move |progress| {
                state.set(StepState::Running(progress))
            })
        });
        let (label, how) = (file.with_value(|f| f.label.clone()), format!("with the built-in {} preset", offer.label));
        spawn_local(settle(job, label, how, state, on_imported));
    };
    let busy = move || matches!(state.get(), StepState::Running(_)) || changing_table.get();
    // A mapping the preview refuses as a whole (a required field nothing
    // fills, a column the file lacks) cannot import: the button waits, and
    // points at the preview's list of what is missing.
    let incomplete = move || preview.with(|p| matches!(p, PreviewState::Ready(shown) if shown.preview.is_err()));
    let target = Memo::new(move |_| spec.with(|s| s.target));

    view! {
        <section class="card section mapping-step" data-testid="mapping-step" aria-labelledby="mapping-title">
            <h2 id="mapping-title" tabindex="-1" node_ref=heading>{format!("Map the columns of {label}")}</h2>
            <p class="muted small">
                {(!position.is_empty()).then(|| format!("{position} · "))}
                "This file is not one of Stockpilot's own tables, so tell Stockpilot what its columns hold. "
                "Check the format, the table and where each field comes from; the preview below checks the first rows "
                "with the importer's own rules. Nothing changes until you import, and then all rows or none."
            </p>
            {builtin.map(|offer| view! { <BuiltinPanel offer=offer busy=Signal::derive(busy) on_import=Callback::new(run_builtin) /> })}
            <SavedMappings spec=spec using=using fitting=fitting_presets />
            <FormatFields spec=spec proposal=proposal is_sheet=is_sheet />
            <div class="field mapping-table-choice">
                <label for="mapping-target">"Table this file feeds"</label>
                <select id="mapping-target" data-testid="mapping-target" disabled=busy
                    on:change:target=move |ev| choose_table(ev.target().value())>
                    {move || {
                        let current = target.get();
                        proposal.with(|p| p.candidates.iter().map(|candidate| {
                            let table = candidate.table;
                            let text = format!(
                                "{} — {} of {} required fields found",
                                table.label(), candidate.required_matched, candidate.required_total
                            );
                            view! { <option value=table.name() selected=table == current>{text}</option> }
                        }).collect_view())
                    }}
                </select>
            </div>
            <FieldRows spec=spec target=target proposal=proposal headers=headers />
            <PreviewPanel preview=preview />
            <div class="form-actions mapping-actions">
                <button class="btn btn-primary" data-testid="mapping-import" on:click=run_import
                    disabled=move || busy() || incomplete()
                    aria-describedby=move || incomplete().then_some("mapping-spec-problems")>
                    {move || format!("Import into {}", target.get().label())}
                </button>
                <button class="btn" data-testid="mapping-skip" disabled=busy on:click=move |_| on_skip.run(())>
                    "Leave this file out"
                </button>
            </div>
            <SaveMapping spec=spec using=using />
            {move || match state.get() {
                StepState::Editing => ().into_any(),
                StepState::Running(progress) => view! {
                    <div class="progress-line section" data-testid="mapping-progress">
                        <span>{progress.stage}</span>
                        <progress />
                    </div>
                }.into_any(),
                StepState::Refused { problems, total, elapsed_ms } => view! {
                    <ProblemList problems=problems total=total elapsed_ms=elapsed_ms />
                }.into_any(),
                StepState::Failed(reason) => view! {
                    <div class="banner banner-error section" role="alert">{reason}</div>
                }.into_any(),
            }}
        </section>
    }
}

/// The file's format, each guess editable; the date order asked for when
/// the file's dates read both ways.
#[component]
fn FormatFields(spec: RwSignal<MappingSpec>, proposal: RwSignal<Proposal>, is_sheet: bool) -> impl IntoView {
    let set_format = move |change: &dyn Fn(&mut MappingSpec)| spec.update(|s| change(s));
    let on_encoding = move |value: String| {
        if let Some(encoding) = ENCODINGS.iter().copied().find(|e| encoding_value(*e) == value) {
            set_format(&|s| s.format.encoding = encoding);
        }
    };
    let on_delimiter = move |value: String| {
        if let Some(delimiter) = DELIMITERS.iter().copied().find(|d| delimiter_label(*d).0 == value) {
            set_format(&|s| s.format.delimiter = delimiter);
        }
    };
    let on_decimal = move |value: String| {
        let decimal = if value == "comma" { DecimalSeparator::Comma } else { DecimalSeparator::Point };
        set_format(&|s| s.format.numbers = NumberFormat { decimal, thousands: s.format.numbers.thousands });
    };
    let on_thousands = move |value: String| {
        if let Some((thousands, _)) = THOUSANDS.iter().copied().find(|(t, _)| thousands_value(*t) == value) {
            set_format(&|s| s.format.numbers.thousands = thousands);
        }
    };
    let on_date_order = move |value: String| {
        let order = match value.as_str() {
            "dmy" => Some(DateOrder::DayMonthYear),
            "mdy" => Some(DateOrder::MonthDayYear),
            _ => None,
        };
        set_format(&|s| s.format.date_order = order);
    };
    let ambiguous = move || proposal.with(|p| !p.sniffed.ambiguous_dates.is_empty());
    let unanswered = move || ambiguous() && spec.with(|s| s.format.date_order.is_none());
    let format = move || spec.with(|s| s.format);
    view! {
        <fieldset class="mapping-format">
            <legend>"File format"</legend>
            {move || {
                let (dates, numbers) = proposal.with(questions);
                let dates = if unanswered() { dates } else { Vec::new() };
                (!(dates.is_empty() && numbers.is_empty())).then(|| view! {
                    <div class="banner banner-warn mapping-questions" data-testid="mapping-questions" id="mapping-questions">
                        <div>
                            <strong>"Your answer is needed: "</strong>
                            <ul class="checks">
                                {dates.into_iter().chain(numbers).map(|q| view! { <li>{q}</li> }).collect_view()}
                            </ul>
                        </div>
                    </div>
                })
            }}
            <div class="form-grid">
                {(!is_sheet).then(|| view! {
                    <div class="field">
                        <label for="mapping-encoding">"Encoding"</label>
                        <select id="mapping-encoding" data-testid="mapping-encoding" on:change:target=move |ev| on_encoding(ev.target().value())>
                            {ENCODINGS.iter().map(|&encoding| view! {
                                <option value=encoding_value(encoding) selected=move || format().encoding == encoding>{encoding.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="mapping-delimiter">"Delimiter"</label>
                        <select id="mapping-delimiter" data-testid="mapping-delimiter" on:change:target=move |ev| on_delimiter(ev.target().value())>
                            {DELIMITERS.iter().map(|&delimiter| view! {
                                <option value=delimiter_label(delimiter).0 selected=move || format().delimiter == delimiter>{delimiter_label(delimiter).1}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                <div class="field">
                    <label for="mapping-decimal">"Decimal mark"</label>
                    <select id="mapping-decimal" data-testid="mapping-decimal" on:change:target=move |ev| on_decimal(ev.target().value())>
                        <option value="point" selected=move || format().numbers.decimal == DecimalSeparator::Point>"Point (4.50)"</option>
                        <option value="comma" selected=move || format().numbers.decimal == DecimalSeparator::Comma>"Comma (4,50)"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="mapping-thousands">"Thousands separator"</label>
                    <select id="mapping-thousands" data-testid="mapping-thousands" on:change:target=move |ev| on_thousands(ev.target().value())>
                        {THOUSANDS.iter().map(|&(thousands, text)| view! {
                            <option value=thousands_value(thousands) selected=move || format().numbers.thousands == thousands>{text}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=unanswered>
                    <label for="mapping-date-order">
                        "Date order" {move || unanswered().then_some(" (choose one)")}
                    </label>
                    <select id="mapping-date-order" data-testid="mapping-date-order"
                        aria-describedby=move || unanswered().then_some("mapping-questions")
                        aria-invalid=move || unanswered().then_some("true")
                        on:change:target=move |ev| on_date_order(ev.target().value())>
                        <option value="" selected=move || format().date_order.is_none()>
                            {move || if ambiguous() { "Not chosen yet" } else { "Only YYYY-MM-DD dates" }}
                        </option>
                        <option value="dmy" selected=move || format().date_order == Some(DateOrder::DayMonthYear)>"DD/MM/YYYY (day first)"</option>
                        <option value="mdy" selected=move || format().date_order == Some(DateOrder::MonthDayYear)>"MM/DD/YYYY (month first)"</option>
                    </select>
                </div>
            </div>
            {is_sheet.then(|| view! {
                <p class="muted small">"A sheet of a workbook: its cells are read as they are, dates as dates."</p>
            })}
            <p class="muted small">{move || proposal.with(|p| if is_sheet {
                format!("Found: a workbook sheet with {} data rows.", format::qty(p.sniffed.data_rows as f64))
            } else {
                format!(
                    "Found: {}, {}-delimited, {} data rows.",
                    p.sniffed.encoding.label(),
                    delimiter_label(p.sniffed.delimiter).0,
                    format::qty(p.sniffed.data_rows as f64)
                )
            })}</p>
        </fieldset>
    }
}

/// One row per field of the target table: where its value comes from.
#[component]
fn FieldRows(
    spec: RwSignal<MappingSpec>,
    /// The rows follow the table only, so typing a constant keeps its input.
    target: Memo<Table>,
    proposal: RwSignal<Proposal>,
    headers: RwSignal<Vec<String>>,
) -> impl IntoView {
    let rows = move || target.get().columns().iter().map(|column| column.name).collect::<Vec<_>>();
    view! {
        <fieldset class="mapping-fields" data-testid="mapping-fields">
            <legend>"Where each field comes from"</legend>
            <p class="muted small">
                "Pick a column of the file, type one value for every row (a constant, such as the location AMS), or leave an optional field out: "
                "new rows then get the default, and you can fill it in later."
            </p>
            <ul class="plain-list">
                {move || rows().into_iter().map(|field| view! { <FieldRow field=field spec=spec proposal=proposal headers=headers /> }).collect_view()}
            </ul>
        </fieldset>
    }
}

#[component]
fn FieldRow(
    field: &'static str,
    spec: RwSignal<MappingSpec>,
    proposal: RwSignal<Proposal>,
    headers: RwSignal<Vec<String>>,
) -> impl IntoView {
    let target = spec.with_untracked(|s| s.target);
    let required = target.columns().iter().any(|c| c.name == field && c.required);
    let kind = field_kind(target, field);
    let source = move || spec.with(|s| s.field(field).map(|m| m.source.clone()));
    // What kind of source the field has: the input below it is made again
    // only when this changes, not on every key typed into a constant.
    let source_kind = Memo::new(move |_| match source() {
        None => None,
        Some(Source::Constant { .. }) => Some(None),
        Some(Source::Column { transform, .. }) => Some(Some(transform)),
        // Several columns joined: only a preset's spec has one, and it has
        // no "read as" of its own.
        Some(Source::Join { .. }) => Some(Some(Transform::None)),
    });
    let constant_value = move || match source() {
        Some(Source::Constant { value }) => value,
        _ => String::new(),
    };
    let select_value = move || match source() {
        None => String::new(),
        Some(Source::Constant { .. }) => "=constant".to_owned(),
        Some(Source::Column { column, .. }) => format!("col:{column}"),
        Some(Source::Join { .. }) => "=joined".to_owned(),
    };
    let on_source = move |value: String| {
        if value == "=joined" {
            return;
        }
        let new_source = if value.is_empty() {
            None
        } else if value == "=constant" {
            let kept = match source() {
                Some(Source::Constant { value }) => value,
                _ => String::new(),
            };
            Some(Source::Constant { value: kept })
        } else {
            let column = value.trim_start_matches("col:").to_owned();
            Some(Source::Column { column, transform: default_transform(target, field) })
        };
        spec.update(|s| *s = with_source(s, field, new_source));
    };
    let on_constant = move |value: String| {
        spec.update(|s| *s = with_source(s, field, Some(Source::Constant { value })));
    };
    let on_transform = move |value: String| {
        let Some(Source::Column { column, transform }) = source() else { return };
        let transform = match value.as_str() {
            "none" => Transform::None,
            "number" => Transform::Number,
            "date" => Transform::Date,
            "unit_price_break" => Transform::UnitPriceBreak,
            _ => transform,
        };
        spec.update(|s| *s = with_source(s, field, Some(Source::Column { column, transform })));
    };
    let example = move |header: &str| {
        proposal.with(|p| p.sniffed.columns.iter().find(|c| c.header == header).and_then(|c| c.example.clone()))
    };
    let reason = move || {
        proposal.with(|p| {
            let proposed = p.fields.iter().find(|f| f.field == field)?;
            let chosen = match source() {
                Some(Source::Column { column, .. }) => Some(column),
                _ => None,
            };
            (proposed.column.is_some() && proposed.column == chosen).then(|| format!("Proposed: {}", proposed.reason))
        })
    };
    let select_id = format!("mapping-source-{field}");
    let constant_id = format!("mapping-constant-{field}");
    let transform_id = format!("mapping-transform-{field}");
    view! {
        <li class="mapping-field" data-testid=format!("mapping-field-{field}")>
            <div class="field">
                <label for=select_id.clone()>
                    <span class="mono">{field}</span>
                    {required.then(|| view! { " " <span class="badge badge-warn">"required"</span> })}
                </label>
                <select id=select_id data-testid=format!("mapping-source-{field}") on:change:target=move |ev| on_source(ev.target().value())>
                    <option value="" selected=move || select_value().is_empty()>
                        {if required { "— choose a column or a constant —" } else { "Not in this file (default)" }}
                    </option>
                    <option value="=constant" selected=move || select_value() == "=constant">"The same value on every row…"</option>
                    {move || (select_value() == "=joined").then(|| view! {
                        <option value="=joined" selected=true>"Several columns joined (as the preset says)"</option>
                    })}
                    {move || {
                        let mut names = headers.get();
                        if let Some(Source::Column { column, .. }) = source() {
                            if !names.contains(&column) {
                                names.push(column);
                            }
                        }
                        names.into_iter().filter(|name| !name.is_empty()).map(|name| {
                            let value = format!("col:{name}");
                            let text = match example(&name) {
                                Some(example) if !example.is_empty() => format!("Column “{name}” (e.g. {})", shorten(&example)),
                                _ => format!("Column “{name}”"),
                            };
                            let selected = { let value = value.clone(); move || select_value() == value };
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
            {move || match source_kind.get() {
                Some(None) => view! {
                    <div class="field">
                        <label for=constant_id.clone()>{format!("Value of {field} on every row")}</label>
                        <input id=constant_id.clone() data-testid=format!("mapping-constant-{field}") prop:value=constant_value
                            on:input:target=move |ev| on_constant(ev.target().value()) />
                    </div>
                }.into_any(),
                Some(Some(transform)) if kind != FieldKind::AsWritten => {
                    let current = match &transform {
                        Transform::None => "none",
                        Transform::Number => "number",
                        Transform::Date => "date",
                        Transform::UnitPriceBreak => "unit_price_break",
                        Transform::Scale { .. } | Transform::Lookup { .. } | Transform::BracketCode => "other",
                    };
                    let mut choices: Vec<(&str, &str)> = vec![("none", "As written")];
                    match kind {
                        FieldKind::Number => choices.push(("number", "A number in the file's format")),
                        FieldKind::Date => choices.push(("date", "A date in the file's date order")),
                        FieldKind::PriceBreaks => choices.push(("unit_price_break", "A unit price (one break at quantity 1)")),
                        FieldKind::AsWritten => {}
                    }
                    if current == "other" {
                        choices.push(("other", "As the preset says"));
                    }
                    view! {
                        <div class="field">
                            <label for=transform_id.clone()>"Read as"</label>
                            <select id=transform_id.clone() data-testid=format!("mapping-transform-{field}") on:change:target=move |ev| on_transform(ev.target().value())>
                                {choices.into_iter().map(|(value, text)| view! {
                                    <option value=value selected=value == current>{text}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    }.into_any()
                }
                _ => ().into_any(),
            }}
            {move || reason().map(|reason| view! { <p class="muted small mapping-reason">{reason}</p> })}
        </li>
    }
}

/// An example value cut to fit an option.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(24).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

/// The first rows as the importer reads them, each problem on its cell (a
/// mark and the reason in words) and listed below the table.
#[component]
fn PreviewPanel(preview: RwSignal<PreviewState>) -> impl IntoView {
    view! {
        <div class="mapping-preview section" data-testid="mapping-preview" aria-live="polite" aria-busy=move || matches!(preview.get(), PreviewState::Loading).to_string()>
            <h3>"Preview of the first rows"</h3>
            {move || match preview.get() {
                PreviewState::Loading => view! { <p class="muted small">"Checking the first rows…"</p> }.into_any(),
                PreviewState::Failed(reason) => view! { <div class="banner banner-error" role="alert">{reason}</div> }.into_any(),
                PreviewState::Ready(MappingPreview { preview: Err(problems), .. }) => view! {
                    <div class="banner banner-warn" id="mapping-spec-problems" data-testid="mapping-spec-problems">
                        <div>
                            <strong>"The mapping is not complete yet:"</strong>
                            <ul class="checks">
                                {problems.into_iter().map(|p| view! { <li>{describe(&p)}</li> }).collect_view()}
                            </ul>
                        </div>
                    </div>
                }.into_any(),
                PreviewState::Ready(MappingPreview { preview: Ok(shown), .. }) => {
                    let sources = shown.sources.clone();
                    let mut listed = Vec::new();
                    for row in &shown.rows {
                        for (idx, cell) in row.cells.iter().enumerate() {
                            for problem in &cell.problems {
                                listed.push(format!(
                                    "Row {}, {}, value “{}”: {problem}",
                                    row.row,
                                    column_name(&shown.fields[idx], sources[idx].as_deref()),
                                    cell.source
                                ));
                            }
                        }
                    }
                    listed.extend(shown.other_problems.iter().map(describe));
                    let n_problems = listed.len();
                    let n_rows = shown.rows.len();
                    view! {
                        <p class="small" data-testid="mapping-preview-status" data-problems=n_problems>
                            {if n_problems == 0 {
                                match n_rows {
                                    1 => "The one row looks right.".to_owned(),
                                    n => format!("The first {} look right.", format::count(n, "row", "rows")),
                                }
                            } else {
                                format!("{} in the first {}: fix them above (or in the file) before importing.",
                                    format::count(n_problems, "problem", "problems"), format::count(n_rows, "row", "rows"))
                            }}
                        </p>
                        <div class="table-scroll mapping-preview-scroll" tabindex="0" role="region" aria-label="Preview of the first rows, scrollable">
                            <table class="data compact">
                                <thead>
                                    <tr>
                                        <th class="num" scope="col">"Row"</th>
                                        {shown.fields.iter().zip(&shown.sources).map(|(field, source)| view! {
                                            <th scope="col">
                                                <span class="mono">{field.clone()}</span>
                                                <span class="cell-sub muted">{match source {
                                                    Some(column) => format!("from “{column}”"),
                                                    None => "constant".to_owned(),
                                                }}</span>
                                            </th>
                                        }).collect_view()}
                                    </tr>
                                </thead>
                                <tbody>
                                    {shown.rows.into_iter().map(|row| view! {
                                        <tr data-testid="mapping-preview-row">
                                            <td class="num">{row.row}</td>
                                            {row.cells.into_iter().map(|cell| {
                                                if cell.problems.is_empty() {
                                                    view! { <td>{cell.value}</td> }.into_any()
                                                } else {
                                                    view! {
                                                        <td class="cell-bad wrap" data-testid="mapping-cell-problem">
                                                            <span class="mono">{cell.source}</span>
                                                            <span class="cell-problem">{format!("⚠ {}", cell.problems.join("; "))}</span>
                                                        </td>
                                                    }.into_any()
                                                }
                                            }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(n_problems > 0).then(|| view! {
                            <ul class="checks small mapping-problem-list" data-testid="mapping-problem-list">
                                {listed.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
                            </ul>
                        })}
                    }.into_any()
                }
            }}
        </div>
    }
}

/// A field as the user knows it: "quantity (Menge)".
fn column_name(field: &str, source: Option<&str>) -> String {
    match source {
        Some(column) => format!("{field} from “{column}”"),
        None => format!("{field} (constant)"),
    }
}

/// A problem in one line: "Row 4, Menge, “x”: reason".
fn describe(problem: &Problem) -> String {
    let mut parts = Vec::new();
    if let Some(row) = problem.row {
        parts.push(format!("Row {row}"));
    }
    if let Some(column) = &problem.column {
        parts.push(column.clone());
    }
    if let Some(value) = &problem.value {
        parts.push(format!("“{value}”"));
    }
    if parts.is_empty() {
        problem.reason.clone()
    } else {
        format!("{}: {}", parts.join(", "), problem.reason)
    }
}

/// What a mapped import did: the rows skipped (once, with the tables they
/// were left out of) and combined, the values new rows took, and, folded
/// away, the fields left to their defaults per table with where to fill
/// them in.
#[component]
pub fn MappedDone(done: MappedImport) -> impl IntoView {
    let summary = summary_text(&done.summary);
    let mut skipped: Vec<(String, Vec<&'static str>)> = Vec::new();
    let mut notes = Vec::new();
    for report in &done.reports {
        let table = report.target.label();
        for sentence in report.skipped.iter().map(|s| s.sentence()) {
            match skipped.iter_mut().find(|(known, _)| *known == sentence) {
                Some((_, tables)) => tables.push(table),
                None => skipped.push((sentence, vec![table])),
            }
        }
        // Rows folded into one row that changed nothing (the location every
        // row of a store's export names, already there) are not news.
        let changed =
            done.summary.tables.iter().any(|t| t.table == report.target && t.inserted + t.updated + t.deleted > 0);
        if report.combined_rows > 0 && changed {
            let rows = format::count(report.combined_rows, "row", "rows");
            notes.push(format!("{table}: {rows} combined with an earlier row of the same key."));
        }
        notes.extend(report.notes.iter().map(|note| format!("{table}: {}.", note.trim_end_matches('.'))));
        for assumed in report.assumed.iter().filter(|a| a.new_rows > 0) {
            let rows = format::count(assumed.new_rows, "new row", "new rows");
            notes.push(format!(
                "{table}: {} = {} on {rows}; rows already there kept theirs.",
                assumed.field, assumed.value
            ));
        }
    }
    let skipped = skipped.into_iter().map(|(sentence, tables)| format!("{}: {sentence}.", tables.join(", ")));
    let notes: Vec<String> = skipped.chain(notes).collect();
    let defaults: Vec<MappedTableReport> = done.reports.into_iter().filter(|r| !r.unsupplied.is_empty()).collect();
    let n_defaults: usize = defaults.iter().map(|r| r.unsupplied.len()).sum();
    view! {
        <div class="banner banner-ok section" role="status" data-testid="mapping-done">
            <div>
                <strong>{format!("Imported {} {}.", done.label, done.how)}</strong>
                " " {summary}
                {(!notes.is_empty()).then(|| view! {
                    <ul class="small checks" data-testid="mapping-report">
                        {notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
                    </ul>
                })}
                {(n_defaults > 0).then(|| view! {
                    <details class="small mapping-defaults">
                        <summary>{format!("Not in the file, so new rows got the default: {}", format::count(n_defaults, "field", "fields"))}</summary>
                        <ul class="checks">
                            {defaults.into_iter().map(|report| {
                                let (page, href) = where_to_fill(report.target);
                                let fields = report.unsupplied.iter().map(|u| match &u.note {
                                    Some(note) => format!("{} ({note})", u.field),
                                    None => u.field.clone(),
                                }).collect::<Vec<_>>().join(", ");
                                view! {
                                    <li>
                                        {format!("{}: ", report.target.label())}
                                        <span class="mono">{fields}</span>
                                        ". Fill them in on " <a href=href data-testid="mapping-fill-link">{page}</a> "."
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </details>
                })}
            </div>
        </div>
    }
}

/// A built-in preset for the file (a Shopify, WooCommerce or Odoo export):
/// its parameters, and the import of every table it fills in one batch.
#[component]
fn BuiltinPanel(
    offer: BuiltinOffer,
    busy: Signal<bool>,
    on_import: Callback<(BuiltinOffer, PresetOptions)>,
) -> impl IntoView {
    let store = use_store();
    let locations = store
        .workspace
        .with_untracked(|w| w.locations.iter().map(|l| (l.id.to_string(), l.name.clone())).collect::<Vec<_>>());
    let location = RwSignal::new(locations.first().map(|(id, _)| id.clone()).unwrap_or_default());
    let lead_time = RwSignal::new(DEFAULT_LEAD_TIME_DAYS.to_string());
    let asks = |p: PresetParameter| offer.parameters.contains(&p);
    let (asks_location, asks_lead_time) = (asks(PresetParameter::Location), asks(PresetParameter::LeadTimeDays));
    let tables = offer.tables.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ");
    let lacks = offer.not_supplied.join("; ");
    let label = offer.label.clone();
    // The file's location names and where each goes: a workspace location,
    // the name itself (kept as a new location), or "" (not chosen yet).
    let names: Vec<String> = offer.locations.iter().map(|l| l.name.clone()).collect();
    let chosen =
        RwSignal::new(offer.locations.iter().map(|l| l.proposed.clone().unwrap_or_default()).collect::<Vec<_>>());
    let names = StoredValue::new(names);
    let location_map = move || {
        names.with_value(|names| {
            // Built by insertion: collecting into a map sorts with its own
            // copy of std's sort (ARCHITECTURE.md, Size).
            let mut map = std::collections::BTreeMap::new();
            chosen.with(|c| map.extend(names.iter().cloned().zip(c.iter().cloned()).filter(|(_, to)| !to.is_empty())));
            map
        })
    };
    let file_location_list = offer.locations.clone();
    // Each select offers only the workspace's locations and the name kept
    // as itself, so what is left to say is the names not placed yet; the
    // engine's import checks the map again, all or nothing
    // (`location_map_problems`, which the page does not call: its code
    // would weigh on the first download).
    let map_problems = Memo::new(move |_| {
        let mut said = Vec::new();
        let unchosen = chosen.with(|c| c.iter().filter(|to| to.is_empty()).count());
        if unchosen > 0 {
            said.push(format!(
                "{unchosen} of the file's locations not placed yet: choose a location of the workspace for each, or keep it as a new location"
            ));
        }
        said
    });
    let import = move |_| {
        if !map_problems.with(Vec::is_empty) {
            return;
        }
        let lead_time_days = if asks_lead_time {
            match lead_time.get_untracked().trim().parse::<u32>() {
                Ok(days) if days > 0 => Some(days),
                _ => return,
            }
        } else {
            None
        };
        let location = asks_location.then(|| location.get_untracked()).filter(|l| !l.is_empty());
        on_import.run((offer.clone(), PresetOptions { location, lead_time_days, location_map: location_map() }));
    };
    let file_locations = file_location_list.iter().enumerate().map(|(idx, file_location)| {
        let name = file_location.name.clone();
        let id = format!("builtin-map-{idx}");
        let current = move || chosen.with(|c| c[idx].clone());
        let options = locations.iter().map(|(id, name)| {
            let (value, text) = (id.clone(), format!("{id} — {name}"));
            view! { <option value=value.clone() selected=move || current() == value>{text}</option> }
        }).collect_view();
        let keep = name.clone();
        // "New location" only for a name the workspace has neither as an
        // id nor as a location's name (the files module proposed none).
        let unknown = file_location.proposed.is_none();
        view! {
            <div class="field">
                <label for=id.clone()>{format!("“{name}” in the file")}</label>
                <select id=id data-testid="builtin-location-map" data-name=name.clone()
                    aria-invalid=move || current().is_empty().then_some("true")
                    on:change:target=move |ev| chosen.update(|c| c[idx] = ev.target().value())>
                    <option value="" selected=move || current().is_empty()>"Choose a location…"</option>
                    {options}
                    {unknown.then(|| {
                        let value = keep.clone();
                        view! { <option value=value.clone() selected=move || current() == value>{format!("New location “{keep}”")}</option> }
                    })}
                </select>
            </div>
        }
    }).collect_view();
    let maps_locations = !file_location_list.is_empty();
    let bad_lead_time = move || asks_lead_time && !lead_time.with(|t| t.trim().parse::<u32>().is_ok_and(|d| d > 0));
    view! {
        <div class="banner banner-info mapping-builtin" data-testid="mapping-builtin">
            <div>
                <strong>{format!("This looks like a {label}.")}</strong>
                {format!(" Stockpilot's built-in preset reads it into {tables} in one go, all or nothing.")}
                {(!lacks.is_empty()).then(|| view! { <p class="small muted">{format!("Not in this export: {lacks}. Fill those in afterwards.")}</p> })}
                <div class="form-grid">
                    {asks_location.then(|| view! {
                        <div class="field">
                            <label for="builtin-location">"Location of its quantities"</label>
                            <select id="builtin-location" data-testid="builtin-location" on:change:target=move |ev| location.set(ev.target().value())>
                                {locations.iter().map(|(id, name)| view! { <option value=id.clone()>{format!("{id} — {name}")}</option> }).collect_view()}
                            </select>
                        </div>
                    })}
                    {maps_locations.then(|| view! {
                        <fieldset class="wide mapping-locations" data-testid="builtin-locations">
                            <legend>"Where the file's locations go"</legend>
                            <p class="small muted">"Stock and orders go to the workspace location you choose for each name. A name is added as a new location only when you choose so: the import never makes one up."</p>
                            <div class="form-grid">{file_locations}</div>
                            {move || map_problems.with(|said| (!said.is_empty()).then(|| view! {
                                <ul class="small field-error" data-testid="builtin-location-problems">
                                    {said.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}
                                </ul>
                            }))}
                        </fieldset>
                    })}
                    {asks_lead_time.then(|| view! {
                        <div class="field" class:invalid=bad_lead_time>
                            <label for="builtin-lead-time">"Lead time of new offers (days)"</label>
                            <input id="builtin-lead-time" data-testid="builtin-lead-time" inputmode="numeric"
                                aria-invalid=move || bad_lead_time().then_some("true")
                                prop:value=lead_time on:input:target=move |ev| lead_time.set(ev.target().value()) />
                        </div>
                    })}
                </div>
                <button class="btn btn-primary" data-testid="builtin-import" on:click=import
                    disabled=move || busy.get() || bad_lead_time() || !map_problems.with(Vec::is_empty)>
                    {format!("Import with the {label} preset")}
                </button>
                <p class="small muted">"Or map the columns yourself below."</p>
            </div>
        </div>
    }
}

/// The saved mappings: the one in use (one that fits the file is chosen
/// when the file arrives), and any other to start from.
#[component]
fn SavedMappings(spec: RwSignal<MappingSpec>, using: RwSignal<Option<String>>, fitting: Vec<String>) -> impl IntoView {
    let store = use_store();
    let names = Memo::new(move |_| {
        store.workspace.with(|w| w.mapping_presets.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
    });
    let choose = move |name: String| {
        if let Some(preset) = store.workspace.with_untracked(|w| w.mapping_preset(&name).cloned()) {
            spec.set(preset.spec);
            using.set(Some(preset.name));
        }
    };
    view! {
        {move || (!names.with(Vec::is_empty)).then(|| {
            let fitting = fitting.clone();
            view! {
                <div class="field mapping-saved">
                    <label for="mapping-saved">"Saved mapping"</label>
                    <select id="mapping-saved" data-testid="mapping-saved" on:change:target=move |ev| choose(ev.target().value())>
                        <option value="" selected=move || using.with(Option::is_none)>"None: the proposal below"</option>
                        {names.get().into_iter().map(|name| {
                            let text = if fitting.contains(&name) { format!("{name} (fits this file)") } else { name.clone() };
                            let current = name.clone();
                            view! { <option value=name selected=move || using.with(|u| u.as_deref() == Some(current.as_str()))>{text}</option> }
                        }).collect_view()}
                    </select>
                    {move || using.get().map(|name| view! {
                        <p class="small" data-testid="mapping-using">{format!("Using your saved mapping “{name}”. Check the preview, then import.")}</p>
                    })}
                </div>
            }
        })}
    }
}

/// "Save this mapping as…": the spec under a name, in the workspace, so the
/// next file with these columns imports in one click.
#[component]
fn SaveMapping(spec: RwSignal<MappingSpec>, using: RwSignal<Option<String>>) -> impl IntoView {
    let store = use_store();
    let name = RwSignal::new(using.get_untracked().unwrap_or_default());
    let said = RwSignal::new(None::<Result<String, String>>);
    let save = move |_| {
        let preset = MappingPreset { name: name.get_untracked().trim().to_owned(), spec: spec.get_untracked() };
        let problems = engine::io::rules::validate_mapping_preset(&preset);
        if !problems.is_empty() {
            said.set(Some(Err(problems
                .into_iter()
                .map(|p| format!("{}: {}", p.field, p.reason))
                .collect::<Vec<_>>()
                .join("; "))));
            return;
        }
        let shown = preset.name.clone();
        let replaces = store.workspace.with_untracked(|w| w.mapping_preset(&shown).is_some());
        let saved = store.edit(move |w| {
            let _ = engine::integrity::save_mapping_preset(w, preset);
        });
        if saved {
            using.set(Some(shown.clone()));
            let verb = if replaces { "Replaced" } else { "Saved" };
            said.set(Some(Ok(format!(
                "{verb} the mapping “{shown}”. A file with these columns will use it when it arrives."
            ))));
        }
    };
    view! {
        <div class="mapping-save">
            <div class="field">
                <label for="mapping-save-name">"Save this mapping as"</label>
                <input id="mapping-save-name" data-testid="mapping-save-name" maxlength="100"
                    prop:value=name on:input:target=move |ev| name.set(ev.target().value()) />
            </div>
            <button class="btn" data-testid="mapping-save" on:click=save>"Save mapping"</button>
            {move || said.get().map(|said| match said {
                Ok(text) => view! { <p class="small" role="status" data-testid="mapping-saved-note">{text}</p> }.into_any(),
                Err(text) => view! { <p class="small field-error" role="alert" data-testid="mapping-save-problem">{text}</p> }.into_any(),
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::io::mapping::FileFormat;

    fn spec(fields: Vec<FieldMapping>) -> MappingSpec {
        let format = FileFormat {
            encoding: Encoding::Utf8,
            delimiter: Delimiter::Comma,
            numbers: NumberFormat::PLAIN,
            date_order: None,
        };
        MappingSpec::new(Table::StockLots, format, fields)
    }

    fn column(field: &str, column: &str) -> FieldMapping {
        FieldMapping {
            field: field.into(),
            source: Source::Column { column: column.into(), transform: Transform::None },
        }
    }

    #[test]
    fn a_source_replaces_the_fields_old_one_and_fields_keep_the_tables_order() {
        let start = spec(vec![column("quantity", "Menge"), column("sku_id", "Artikel")]);
        let constant = Source::Constant { value: "AMS".into() };
        let changed = with_source(&start, "location_id", Some(constant.clone()));
        let order: Vec<&str> = changed.fields.iter().map(|m| m.field.as_str()).collect();
        // stock_lots.csv: sku_id, location_id, lot_id, quantity, …
        assert_eq!(order, ["sku_id", "location_id", "quantity"]);
        let cleared = with_source(&changed, "quantity", None);
        assert_eq!(cleared.fields.len(), 2);
        assert_eq!(cleared.field("location_id").map(|m| &m.source), Some(&constant));
    }

    #[test]
    fn dates_and_numbers_get_their_transform_and_ids_stay_as_written() {
        assert_eq!(default_transform(Table::StockLots, "expiry"), Transform::Date);
        assert_eq!(default_transform(Table::StockLots, "quantity"), Transform::Number);
        assert_eq!(default_transform(Table::StockLots, "sku_id"), Transform::None);
        assert_eq!(default_transform(Table::StockLots, "quarantine"), Transform::None);
        assert_eq!(field_kind(Table::Offers, "price_breaks"), FieldKind::PriceBreaks);
        assert_eq!(field_kind(Table::Demand, "date"), FieldKind::Date);
        assert_eq!(field_kind(Table::Skus, "unit_cost"), FieldKind::Number);
    }
}
