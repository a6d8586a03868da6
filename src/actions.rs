//! User actions shared by several pages: backups and exports through the worker.

use crate::download;
use crate::state::{NoticeKind, Store};
use crate::worker::{self, Job, Outcome};
use engine::io::Table;
use leptos::prelude::*;

/// Export through the worker and hand the files to the browser as downloads.
pub async fn export(store: Store, job: Job) -> Result<usize, String> {
    let demand_rev = store.demand_rev.get_untracked();
    let run = store.workspace.with_untracked(|workspace| worker::run_job(workspace, demand_rev, job, |_| {}));
    match run.await {
        Ok((Outcome::Files(files), _)) => {
            for file in &files {
                download::save_bytes(&file.name, &file.mime, &file.bytes)?;
            }
            Ok(files.len())
        }
        Ok(_) => Err("the worker answered with something other than files".into()),
        Err(_) => Err("the background worker stopped (see the message at the top)".into()),
    }
}

pub async fn download_json_backup(store: Store) {
    if let Err(error) = export(store, Job::ExportJson).await {
        store.notify(NoticeKind::Error, format!("The backup could not be exported: {error}."));
    }
}

pub async fn download_tables(store: Store, tables: Vec<Table>) {
    if let Err(error) = export(store, Job::ExportCsv { tables }).await {
        store.notify(NoticeKind::Error, format!("The export failed: {error}."));
    }
}

/// Every table as CSV, in one ZIP file (browsers refuse a burst of downloads).
pub async fn download_all_tables(store: Store) {
    if let Err(error) = export(store, Job::ExportCsvZip { today: store.today }).await {
        store.notify(NoticeKind::Error, format!("The export failed: {error}."));
    }
}
