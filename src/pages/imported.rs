//! What an import says: the problems of a refused one (file, row as the
//! user's spreadsheet shows it, column, value, reason) and the summary of an
//! accepted one. Import & export and its column-mapping step both show them.

use crate::format;
use engine::io::ImportSummary;
use engine::Problem;
use leptos::prelude::*;

/// "SKUs: 3 new, 2 updated · Offers: 5 new".
pub fn summary_text(summary: &ImportSummary) -> String {
    summary
        .tables
        .iter()
        .map(|t| {
            let mut parts = Vec::new();
            for (n, what) in
                [(t.inserted, "new"), (t.updated, "updated"), (t.unchanged, "unchanged"), (t.deleted, "deleted")]
            {
                if n > 0 {
                    parts.push(format!("{} {what}", format::qty(n as f64)));
                }
            }
            if parts.is_empty() {
                parts.push("no rows".into());
            }
            format!("{}: {}", t.table.label(), parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[component]
pub fn ProblemList(problems: Vec<Problem>, total: usize, elapsed_ms: f64) -> impl IntoView {
    let shown = problems.len();
    view! {
        <div class="problems section" data-testid="import-problems" data-total=total>
            <h3 role="alert">
                {format!("Nothing was imported: {} found. Your data is unchanged.", format::count(total, "problem", "problems"))}
                {(shown < total).then(|| format!(" The first {shown} are listed."))}
                <span class="muted small">{format!(" (checked in {:.2} s)", elapsed_ms / 1000.0)}</span>
            </h3>
            <div class="table-scroll" tabindex="0">
                <table class="data compact">
                    <thead><tr><th>"File"</th><th class="num">"Row"</th><th>"Column"</th><th>"Value"</th><th>"Problem"</th></tr></thead>
                    <tbody>
                        {problems.into_iter().map(|p| view! {
                            <tr data-testid="problem-row">
                                <td>{p.file}</td>
                                <td class="num">{p.row.map(|r| r.to_string()).unwrap_or_default()}</td>
                                <td>{p.column.unwrap_or_default()}</td>
                                <td class="mono">{p.value.unwrap_or_default()}</td>
                                <td class="wrap">{p.reason}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}
