//! `stockpilot po …`: one purchase order of a workspace, as a supplier gets
//! it. The shell's part only: find the order, read the clock for the cXML
//! timestamp unless one is given, print what the engine writes.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use clap::Subcommand;
use engine::purchasing::{po_csv, po_cxml, CxmlEnvelope, PoExportError};
use engine::{PoId, Problem, PurchaseOrder, Workspace};

use super::{load, parse_date, po_draft, Invalid, Usage};

#[derive(Subcommand)]
pub enum PoCommand {
    /// Plan the workspace at PATH (as `plan` does), draft purchase orders for
    /// every line that needs ordering, and print them with their evaluation
    /// (amounts, totals, checks, payment dates) as JSON.
    Draft {
        path: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        /// Plan from history's flat statistics, whatever the settings' demand_source.
        #[arg(long)]
        no_forecast: bool,
        /// The role the drafts are logged as made by.
        #[arg(long, default_value = "Buyer")]
        role: String,
    },
    /// Print a purchase order as a cXML 1.2 OrderRequest document.
    Cxml {
        path: PathBuf,
        po_id: String,
        /// cXML payloadID (default: `<unix seconds>.<process id>.<PO id>@stockpilot`).
        #[arg(long)]
        payload_id: Option<String>,
        /// cXML timestamp, RFC 3339 (`2026-12-01T09:30:00+01:00`; default: now).
        #[arg(long, value_parser = parse_timestamp)]
        timestamp: Option<DateTime<FixedOffset>>,
    },
    /// Print a purchase order as CSV: header fields, an empty line, the items.
    Csv { path: PathBuf, po_id: String },
}

fn parse_timestamp(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text)
        .map_err(|_| format!("{text:?} is not a timestamp: write it like 2026-12-01T09:30:00+01:00"))
}

pub fn run(command: PoCommand) -> Result<()> {
    let document = match command {
        PoCommand::Draft { path, today, no_forecast, role } => return po_draft(&path, today, no_forecast, &role),
        PoCommand::Cxml { path, po_id, payload_id, timestamp } => {
            let workspace = load(&path)?;
            let order = find(&workspace, &path, &po_id)?;
            let timestamp = timestamp.unwrap_or_else(|| chrono::Local::now().fixed_offset());
            let payload_id = payload_id
                .unwrap_or_else(|| format!("{}.{}.{}@stockpilot", timestamp.timestamp(), std::process::id(), po_id));
            po_cxml(&workspace, order, &CxmlEnvelope { payload_id, timestamp }).map_err(refused)?
        }
        PoCommand::Csv { path, po_id } => {
            let workspace = load(&path)?;
            let order = find(&workspace, &path, &po_id)?;
            po_csv(&workspace, order).map_err(refused)?
        }
    };
    print!("{document}");
    Ok(())
}

fn find<'a>(workspace: &'a Workspace, path: &Path, po_id: &str) -> Result<&'a PurchaseOrder> {
    workspace
        .purchase_order(&PoId::new(po_id))
        .ok_or_else(|| Usage(format!("{} has no purchase order {po_id:?}", path.display())).into())
}

/// An order the engine cannot export is invalid data (exit 1).
fn refused(error: PoExportError) -> anyhow::Error {
    Invalid(vec![Problem::in_file("purchase_orders.csv", error.to_string())], 1).into()
}
