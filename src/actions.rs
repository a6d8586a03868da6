//! User actions shared by several pages: backups and exports through the worker.

use crate::download;
use crate::state::{NoticeKind, Store};
use crate::worker::jobs::{self, Export};
use engine::io::Table;
use leptos::prelude::*;

/// Export through the worker and hand the files to the browser as downloads.
pub async fn export(store: Store, what: Export) -> Result<usize, String> {
    let demand_rev = store.demand_rev.get_untracked();
    let run = store.workspace.with_untracked(|workspace| jobs::export(workspace, demand_rev, what));
    let files = run.await.map_err(|error| error.to_string())??;
    for file in &files {
        download::save_bytes(&file.name, &file.mime, &file.bytes)?;
    }
    Ok(files.len())
}

pub async fn download_json_backup(store: Store) {
    if let Err(error) = export(store, Export::JsonBackup).await {
        store.notify(NoticeKind::Error, format!("The backup could not be exported: {error}."));
    }
}

pub async fn download_tables(store: Store, tables: Vec<Table>, csv_for: files::CsvFor) {
    if let Err(error) = export(store, Export::Tables(tables, csv_for)).await {
        store.notify(NoticeKind::Error, format!("The export failed: {error}."));
    }
}

/// Every table as CSV, in one ZIP file (browsers refuse a burst of downloads).
pub async fn download_all_tables(store: Store, csv_for: files::CsvFor) {
    if let Err(error) = export(store, Export::AllTables { today: store.today, csv_for }).await {
        store.notify(NoticeKind::Error, format!("The export failed: {error}."));
    }
}

/// Tables as one Excel workbook, a sheet per table.
pub async fn download_workbook(store: Store, tables: Vec<Table>) {
    if let Err(error) = export(store, Export::Workbook { tables, today: store.today }).await {
        store.notify(NoticeKind::Error, format!("The export failed: {error}."));
    }
}
