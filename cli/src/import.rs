//! `stockpilot import FILE`: a file from another system (a shop or ERP
//! export, any spreadsheet) into a workspace through a column mapping
//! (`engine::io::mapping`), all or nothing; or `--propose`, which prints the
//! mapping the engine proposes and the spec to save for `--mapping`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use engine::integrity;
use engine::io::mapping::{
    self, DateOrder, DecimalSeparator, Delimiter, MappedImport, MappingPreset, MappingSpec, PresetOptions,
    PresetParameter, Proposal, ThousandsSeparator,
};
use engine::problem::Problem;
use engine::Workspace;

use crate::{load, write_workspace, Invalid, Usage};

/// `--location-map` values: `NAME=ID` pairs separated by commas, each
/// value one list. A location id holds no comma or `=`, and a name no `=`,
/// so a name may hold commas (`Lourdes Street, San Miguel=MNL`): each pair
/// runs from the end of the last one to the comma after its `=`. A name
/// given twice (ignoring case) is a usage error, as is an empty name or id.
pub fn parse_location_map(values: &[String]) -> Result<BTreeMap<String, String>> {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    for value in values {
        let mut rest = value.as_str();
        while !rest.trim().is_empty() {
            let Some(equals) = rest.find('=') else {
                return Err(
                    Usage(format!("--location-map {value:?}: {:?} has no =ID; write NAME=ID", rest.trim())).into()
                );
            };
            let name = rest[..equals].trim();
            let after = &rest[equals + 1..];
            let (id, next) = match after.find(',') {
                Some(comma) => (&after[..comma], &after[comma + 1..]),
                None => (after, ""),
            };
            let id = id.trim();
            if name.is_empty() || id.is_empty() {
                return Err(Usage(format!(
                    "--location-map {value:?}: each pair is NAME=ID with both given, e.g. \"Amsterdam Warehouse=AMS\""
                ))
                .into());
            }
            if let Some((earlier, _)) = map.iter().find(|(known, _)| known.to_lowercase() == name.to_lowercase()) {
                return Err(Usage(format!("--location-map names {earlier:?} twice")).into());
            }
            map.insert(name.to_owned(), id.to_owned());
            rest = next;
        }
    }
    Ok(map)
}

/// Where the mapping comes from.
pub enum MappingFrom<'a> {
    /// A built-in preset by its id, or a preset saved in the workspace, by name.
    Preset(&'a str),
    /// A spec in a JSON file.
    File(&'a Path),
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| Usage(format!("cannot read {}: {e}", path.display())).into())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

/// Print the proposal for a file: its format, the table, each field with
/// its column and reason, the questions, and the spec as JSON.
pub fn propose(path: &Path) -> Result<()> {
    let bytes = read_file(path)?;
    let proposal = mapping::propose_mapping(&bytes, &file_name(path)).map_err(|problem| Invalid(vec![problem], 1))?;
    print!("{}", describe_proposal(&proposal));
    println!("Mapping spec (save it to a file and pass it with --mapping):");
    println!("{}", serde_json::to_string_pretty(&proposal.spec)?);
    Ok(())
}

fn describe_proposal(proposal: &Proposal) -> String {
    let sniffed = &proposal.sniffed;
    let mut out = String::new();
    let delimiter = match sniffed.delimiter {
        Delimiter::Comma => "comma",
        Delimiter::Semicolon => "semicolon",
        Delimiter::Tab => "tab",
    };
    let decimal = match sniffed.number_format.decimal {
        DecimalSeparator::Point => "decimal point",
        DecimalSeparator::Comma => "decimal comma",
    };
    let thousands = match sniffed.number_format.thousands {
        None => "no thousands separator",
        Some(ThousandsSeparator::Point) => "thousands point",
        Some(ThousandsSeparator::Comma) => "thousands comma",
        Some(ThousandsSeparator::Space) => "thousands space",
        Some(ThousandsSeparator::Apostrophe) => "thousands apostrophe",
    };
    let dates = match sniffed.date_order {
        Some(DateOrder::DayMonthYear) => "DD/MM/YYYY",
        Some(DateOrder::MonthDayYear) => "MM/DD/YYYY",
        None if sniffed.ambiguous_dates.is_empty() => "ISO (YYYY-MM-DD)",
        None => "ambiguous (day/month or month/day?)",
    };
    out.push_str(&format!(
        "{}: {}, {delimiter}-delimited, {decimal}, {thousands}, dates {dates}; {} data rows\n",
        proposal.file_name,
        sniffed.encoding.label(),
        sniffed.data_rows
    ));
    let others: Vec<String> =
        proposal.candidates.iter().skip(1).take(2).map(|c| format!("{} {}", c.table.name(), c.score)).collect();
    out.push_str(&format!(
        "Table: {} (score {}; next: {})\n",
        proposal.target.name(),
        proposal.candidates[0].score,
        others.join(", ")
    ));
    for field in &proposal.fields {
        let required = if field.required { " (required)" } else { "" };
        match (&field.column, field.confidence) {
            (Some(column), Some(confidence)) => out.push_str(&format!(
                "  {}{required} <- {column:?} [{}] {}\n",
                field.field,
                format!("{confidence:?}").to_lowercase(),
                field.reason
            )),
            _ => out.push_str(&format!("  {}{required}: {}\n", field.field, field.reason)),
        }
    }
    if !proposal.unmapped_required.is_empty() {
        out.push_str(&format!("Required fields left unmapped: {}\n", proposal.unmapped_required.join(", ")));
    }
    for question in &proposal.questions {
        out.push_str(&format!("Question: {question}\n"));
    }
    out
}

/// The specs named by `from`: a built-in preset, a preset of `workspace`
/// or a JSON file.
fn specs_for(
    from: &MappingFrom,
    workspace: &Workspace,
    bytes: &[u8],
    name: &str,
    options: &PresetOptions,
) -> Result<Vec<MappingSpec>> {
    match from {
        MappingFrom::File(path) => {
            let text = fs::read_to_string(path).map_err(|e| Usage(format!("cannot read {}: {e}", path.display())))?;
            let spec = serde_json::from_str(&text)
                .map_err(|e| Usage(format!("{} is not a mapping spec: {e}", path.display())))?;
            Ok(vec![spec])
        }
        MappingFrom::Preset(preset_name) => match builtin_specs(preset_name, bytes, name, options) {
            Some(specs) => specs,
            None => preset(workspace, preset_name).map(|spec| vec![spec]),
        },
    }
}

/// The specs of the built-in preset with this id for the file, or `None`
/// when no built-in preset has that id (then it names a workspace preset).
fn builtin_specs(id: &str, bytes: &[u8], name: &str, options: &PresetOptions) -> Option<Result<Vec<MappingSpec>>> {
    let preset = mapping::builtin_preset(id)?;
    if preset.requires(PresetParameter::Location) && options.location.is_none() {
        let reason = format!(
            "the {} preset needs --location for orders that name none (online orders): the location they ship from, e.g. --location AMS",
            preset.label
        );
        return Some(Err(Invalid(vec![Problem::in_file(name, reason)], 1).into()));
    }
    let specs = mapping::builtin_specs(preset, bytes, name, options).map_err(|problems| {
        let total = problems.len();
        Invalid(problems, total).into()
    });
    Some(specs)
}

/// The spec of the preset saved in `workspace` under `name` (compared
/// ignoring case); a usage error listing the saved names when there is none.
pub fn stored_preset(workspace: &Workspace, name: &str) -> Result<MappingSpec> {
    if let Some(preset) = workspace.mapping_preset(name) {
        return Ok(preset.spec.clone());
    }
    let names: Vec<String> = workspace.mapping_presets.iter().map(|p| format!("{:?}", p.name)).collect();
    let saved = if names.is_empty() {
        "the workspace has no saved presets".to_owned()
    } else {
        format!("its presets are {}", names.join(", "))
    };
    let builtin: Vec<&str> = mapping::BUILTIN_PRESETS.iter().map(|p| p.id).collect();
    Err(Usage(format!(
        "no mapping preset {name:?} in the workspace; {saved}; the built-in presets are {}",
        builtin.join(", ")
    ))
    .into())
}

/// A preset by name: one saved in the workspace.
fn preset(workspace: &Workspace, name: &str) -> Result<MappingSpec> {
    stored_preset(workspace, name)
}

/// Import `path` into the workspace at `into` with the mapping `from`, and
/// write the result to `out`. All or nothing: on any problem nothing is
/// written and every problem is printed with the user's file, row, column,
/// value and reason.
///
/// With `save_as` (a `--mapping` file only), the spec is also saved in the
/// result as a preset of that name (replacing one of the same name, ignoring
/// case), so the next file imports with `--preset`.
pub fn import(
    path: &Path,
    from: MappingFrom,
    options: &PresetOptions,
    into: &Path,
    out: &Path,
    save_as: Option<&str>,
) -> Result<()> {
    let workspace = load(into)?;
    let bytes = read_file(path)?;
    let name = file_name(path);
    if !options.location_map.is_empty() {
        let builtin = matches!(from, MappingFrom::Preset(id) if mapping::builtin_preset(id).is_some());
        if !builtin {
            return Err(Usage("--location-map is for the built-in presets".into()).into());
        }
        let problems = mapping::location_map_problems(&workspace, &name, &options.location_map);
        if !problems.is_empty() {
            let total = problems.len();
            return Err(Invalid(problems, total).into());
        }
    }
    let specs = specs_for(&from, &workspace, &bytes, &name, options)?;
    let (mut imported, outcome) = mapping::import_with_specs(&workspace, &bytes, &name, &specs, &mut |_| {})
        .map_err(|refused| Invalid(refused.problems, refused.total))?;
    if let Some(preset_name) = save_as {
        let [spec] = specs.as_slice() else {
            return Err(Usage("--save-preset saves the spec of a --mapping file".into()).into());
        };
        save_preset(&mut imported, preset_name, spec)?;
    }
    write_workspace(&imported, out).with_context(|| format!("writing {}", out.display()))?;
    print!("{}", describe_import(&name, &outcome));
    if let MappingFrom::Preset(id) = from {
        if let Some(preset) = mapping::builtin_preset(id) {
            println!("A {} cannot supply (fill these in the app or a later import):", preset.label);
            for note in preset.not_supplied {
                println!("  {note}");
            }
        }
    }
    if let Some(preset_name) = save_as {
        println!("Saved the mapping as preset {:?}", preset_name.trim());
    }
    println!("Wrote {}", out.display());
    Ok(())
}

/// Save `spec` in `workspace` as the preset `name`; its problems (a bad
/// name, a spec that does not hold together) are a usage error, before
/// anything is written.
fn save_preset(workspace: &mut Workspace, name: &str, spec: &MappingSpec) -> Result<()> {
    let preset = MappingPreset { name: name.to_owned(), spec: spec.clone() };
    integrity::save_mapping_preset(workspace, preset).map_err(|problems| {
        let reasons: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.field, p.reason)).collect();
        Usage(format!("cannot save the mapping as preset {name:?}: {}", reasons.join("; ")))
    })?;
    Ok(())
}

/// The report after an import: per table the importer's counts, the rows
/// skipped and why, rows combined, values assumed for new rows, and the
/// fields the file does not supply.
fn describe_import(name: &str, outcome: &MappedImport) -> String {
    let mut out = String::new();
    let mut said_skips: Vec<String> = Vec::new();
    for report in &outcome.reports {
        let table = report.target.name();
        if let Some(summary) = outcome.summary.tables.iter().find(|t| t.table == report.target) {
            out.push_str(&format!(
                "Imported {name} into {table}: {} rows, {} inserted, {} updated, {} unchanged, {} deleted\n",
                summary.rows_read, summary.inserted, summary.updated, summary.unchanged, summary.deleted
            ));
        }
        for skipped in &report.skipped {
            // Specs of one preset skip the same rows: say each once.
            let sentence = skipped.sentence();
            if !said_skips.contains(&sentence) {
                out.push_str(&format!("  {sentence}\n"));
                said_skips.push(sentence);
            }
        }
        if report.combined_rows > 0 {
            let rows = if report.combined_rows == 1 { "row" } else { "rows" };
            out.push_str(&format!("  {} {rows} combined with an earlier row of the same key\n", report.combined_rows));
        }
        for assumed in &report.assumed {
            out.push_str(&format!(
                "  assumed for new rows: {} = {} ({} new, existing rows kept theirs)\n",
                assumed.field, assumed.value, assumed.new_rows
            ));
        }
        let unsupplied: Vec<String> = report
            .unsupplied
            .iter()
            .map(|field| match &field.note {
                Some(note) => format!("{} ({note})", field.field),
                None => field.field.clone(),
            })
            .collect();
        if !unsupplied.is_empty() {
            out.push_str(&format!("  not in the file (new rows get the default): {}\n", unsupplied.join(", ")));
        }
        for note in &report.notes {
            out.push_str(&format!("  note: {note}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(values: &[&str]) -> Result<Vec<(String, String)>> {
        let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        parse_location_map(&values).map(|map| map.into_iter().collect())
    }

    #[test]
    fn a_location_map_is_name_id_pairs_and_a_name_may_hold_commas() {
        let pair = |name: &str, id: &str| (name.to_owned(), id.to_owned());
        assert_eq!(
            parse(&["Amsterdam Warehouse=AMS, Eindhoven =EIN", "2133A Lourdes Street, San Miguel Village,=MNL"])
                .unwrap(),
            [
                pair("2133A Lourdes Street, San Miguel Village,", "MNL"),
                pair("Amsterdam Warehouse", "AMS"),
                pair("Eindhoven", "EIN")
            ]
        );
        assert!(parse(&["Amsterdam"]).unwrap_err().to_string().contains("has no =ID"));
        assert!(parse(&["Amsterdam="]).is_err());
        assert!(parse(&["=AMS"]).is_err());
        assert!(parse(&["Eindhoven=EIN", "EINDHOVEN=RTM"]).unwrap_err().to_string().contains("twice"));
    }
}
