//! Saving the workspace in the browser's IndexedDB, and loading it back.
//!
//! The chunk layout is the engine's (`engine::persist`): content-addressed
//! chunks plus a manifest. A save is one IndexedDB transaction that checks the
//! stored manifest's generation (so a tab never overwrites another tab's newer
//! save), writes only the chunks not already stored, switches the manifest and
//! deletes the chunks nothing refers to any more. IndexedDB transactions are
//! atomic, and the manifest is written after the chunks it names, so a save
//! that fails (quota exceeded, tab closed mid-save) leaves the previous save
//! whole.
//!
//! Every save is also kept as a version (its manifest, with the time and the
//! cause: "SKU SKU-0042 saved", "Imported skus.csv"…) in a history of the last
//! N saves, so a wrong but valid import can be undone. Chunks are shared by
//! content, so a version costs only the chunks that differ; a chunk is
//! deleted when no kept version names it. When the quota is exhausted the
//! session drops the oldest versions first (`drop_oldest_versions`).

use crate::stored_json::{self, Object};
use engine::persist::{self, Chunk, ChunkKind, ChunkRef, LoadError, Manifest};
use engine::Workspace;
use js_sys::Uint8Array;
use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use wasm_bindgen::{JsCast, JsValue};

const DB_NAME: &str = "stockpilot";
const DB_VERSION: u32 = 1;
const CHUNKS: &str = "chunks";
const META: &str = "meta";
const MANIFEST_KEY: &str = "manifest";
const HISTORY_KEY: &str = "history";

/// One saved version of the workspace, kept so it can be restored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub generation: u64,
    pub saved_at_ms: f64,
    /// What the save held, in words ("Imported skus.csv").
    pub cause: String,
    pub chunks: Vec<ChunkRef>,
}

impl Version {
    /// Bytes of its chunks (shared chunks count in every version).
    pub fn bytes(&self) -> usize {
        self.chunks.iter().map(|chunk| chunk.len).sum()
    }
}

/// What a save records besides the workspace.
#[derive(Clone, Debug)]
pub struct SaveNote<'a> {
    pub cause: &'a str,
    /// How many versions to keep, this one included (at least 1).
    pub keep_versions: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// IndexedDB is missing or refused (private mode, disabled storage).
    Unavailable(String),
    /// Reading or writing failed for another reason.
    Failed(String),
    /// The browser's storage quota is exhausted.
    QuotaExceeded,
    /// Another tab saved since this tab last loaded or saved.
    Conflict { stored_generation: u64 },
    /// What is stored cannot be read by this version.
    Unreadable(LoadError),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(f, "this browser does not let Stockpilot store data ({why})"),
            StorageError::Failed(why) => write!(f, "the browser's database reported an error: {why}"),
            StorageError::QuotaExceeded => f.write_str("the browser's storage quota for this site is full"),
            StorageError::Conflict { .. } => f.write_str("another tab saved changes to this workspace first"),
            StorageError::Unreadable(error) => write!(f, "{error}"),
        }
    }
}

fn classify(error: rexie::Error) -> StorageError {
    // rexie's own message is only "idb error": the browser's reason (a
    // DOMException such as QuotaExceededError) is in the wrapped idb error.
    let text = match &error {
        rexie::Error::IdbError(inner) => inner.to_string(),
        other => other.to_string(),
    };
    if text.contains("Quota") || text.contains("quota") {
        StorageError::QuotaExceeded
    } else {
        StorageError::Failed(text)
    }
}

pub async fn open() -> Result<Rexie, StorageError> {
    Rexie::builder(DB_NAME)
        .version(DB_VERSION)
        .add_object_store(ObjectStore::new(CHUNKS))
        .add_object_store(ObjectStore::new(META))
        .build()
        .await
        .map_err(|error| StorageError::Unavailable(error.to_string()))
}

async fn read_manifest(store: &rexie::Store) -> Result<Option<Manifest>, StorageError> {
    let Some(value) = store.get(JsValue::from_str(MANIFEST_KEY)).await.map_err(classify)? else {
        return Ok(None);
    };
    let text = value.as_string().ok_or_else(|| StorageError::Failed("the stored manifest is not text".into()))?;
    manifest_from_json(&text).map(Some).map_err(|reason| StorageError::Unreadable(LoadError::BadManifest { reason }))
}

/// The manifest serde_json wrote, read without serde_json's reader
/// (`stored_json`).
pub fn manifest_from_json(text: &str) -> Result<Manifest, String> {
    let manifest = Object::new(stored_json::parse(text)?, "the manifest")?;
    Ok(Manifest {
        layout_version: manifest.whole("layout_version", u64::from(u32::MAX))? as u32,
        generation: manifest.whole("generation", u64::MAX)?,
        saved_at_ms: manifest.f64("saved_at_ms")?,
        chunks: manifest.array("chunks", chunk_from_json)?,
    })
}

fn chunk_from_json(value: JsValue) -> Result<ChunkRef, String> {
    let chunk = Object::new(value, "a chunk")?;
    let kind = match chunk.string("kind")?.as_str() {
        "Core" => ChunkKind::Core,
        "Demand" => ChunkKind::Demand,
        other => return Err(format!("unknown chunk kind `{other}`")),
    };
    Ok(ChunkRef { key: chunk.string("key")?, kind, len: chunk.whole("len", u64::MAX)? as usize })
}

/// The version history serde_json wrote, read without serde_json's reader.
pub fn history_from_json(text: &str) -> Result<Vec<Version>, String> {
    stored_json::array(stored_json::parse(text)?, "the history", |value| {
        let version = Object::new(value, "a version")?;
        Ok(Version {
            generation: version.whole("generation", u64::MAX)?,
            saved_at_ms: version.f64("saved_at_ms")?,
            cause: version.string("cause")?,
            chunks: version.array("chunks", chunk_from_json)?,
        })
    })
}

/// The stored manifest only (cheap): used to see whether another tab saved.
pub async fn stored_generation(db: &Rexie) -> Result<Option<u64>, StorageError> {
    let tx = db.transaction(&[META], TransactionMode::ReadOnly).map_err(classify)?;
    let meta = tx.store(META).map_err(classify)?;
    Ok(read_manifest(&meta).await?.map(|m| m.generation))
}

/// The saved manifest and the bytes of the chunks it names (decoding them is
/// the worker's job), or `None` on a first visit. A chunk that is missing is
/// left out; decoding reports it.
pub async fn load_raw(db: &Rexie) -> Result<Option<(Manifest, Vec<(String, Vec<u8>)>)>, StorageError> {
    let tx = db.transaction(&[META, CHUNKS], TransactionMode::ReadOnly).map_err(classify)?;
    let meta = tx.store(META).map_err(classify)?;
    let Some(manifest) = read_manifest(&meta).await? else {
        return Ok(None);
    };
    let chunks = tx.store(CHUNKS).map_err(classify)?;
    let mut bytes = Vec::with_capacity(manifest.chunks.len());
    for chunk in &manifest.chunks {
        if let Some(value) = chunks.get(JsValue::from_str(&chunk.key)).await.map_err(classify)? {
            if let Ok(array) = value.dyn_into::<Uint8Array>() {
                bytes.push((chunk.key.clone(), array.to_vec()));
            }
        }
    }
    Ok(Some((manifest, bytes)))
}

/// The saved workspace, decoded here (the app decodes in the worker; tests use this).
pub async fn load(db: &Rexie) -> Result<Option<(Workspace, Manifest)>, StorageError> {
    let Some((manifest, chunks)) = load_raw(db).await? else {
        return Ok(None);
    };
    let mut bytes: std::collections::HashMap<String, Vec<u8>> = chunks.into_iter().collect();
    let workspace = persist::decode(&manifest, |key| bytes.remove(key)).map_err(StorageError::Unreadable)?;
    Ok(Some((workspace, manifest)))
}

/// Save every chunk of a workspace (tests; the app sends only new chunks, see `save_chunks`).
pub async fn save(
    db: &Rexie,
    chunks: &[Chunk],
    expected_generation: u64,
    now_ms: f64,
    note: &SaveNote<'_>,
) -> Result<Manifest, StorageError> {
    let refs: Vec<ChunkRef> = chunks.iter().map(Chunk::as_ref).collect();
    save_chunks(db, &refs, chunks, expected_generation, now_ms, note).await
}

/// Save the workspace made of `refs`, writing the bytes of `new_chunks` (the
/// chunks not stored yet), provided the stored generation is still
/// `expected_generation` (0 when nothing was stored). Returns the new manifest.
pub async fn save_chunks(
    db: &Rexie,
    refs: &[ChunkRef],
    new_chunks: &[Chunk],
    expected_generation: u64,
    now_ms: f64,
    note: &SaveNote<'_>,
) -> Result<Manifest, StorageError> {
    let (tx, meta) = write_on(db, expected_generation).await?;
    let store = tx.store(CHUNKS).map_err(classify)?;
    let existing = stored_keys(&store).await?;
    let missing: Vec<&str> = refs
        .iter()
        .filter(|r| !existing.contains(&r.key) && !new_chunks.iter().any(|c| c.key == r.key))
        .map(|r| r.key.as_str())
        .collect();
    if !missing.is_empty() {
        tx.abort().await.ok();
        return Err(StorageError::Failed(format!("{} chunks to save were neither stored nor given", missing.len())));
    }
    for chunk in new_chunks.iter().filter(|chunk| !existing.contains(&chunk.key)) {
        let value = Uint8Array::from(chunk.bytes.as_slice());
        if let Err(error) = store.put(&value, Some(&JsValue::from_str(&chunk.key))).await {
            tx.abort().await.ok();
            return Err(classify(error));
        }
    }
    let manifest = switch_manifest(&meta, &store, refs, expected_generation + 1, now_ms, note, &existing).await?;
    finish(tx, manifest).await
}

/// Open a write transaction on top of `expected_generation`: refused (and
/// aborted) when another tab saved since — the check and the write are one
/// transaction, so no save can slip in between.
async fn write_on(db: &Rexie, expected_generation: u64) -> Result<(rexie::Transaction, rexie::Store), StorageError> {
    let tx = db.transaction(&[META, CHUNKS], TransactionMode::ReadWrite).map_err(classify)?;
    let meta = tx.store(META).map_err(classify)?;
    let stored_generation = read_manifest(&meta).await.ok().flatten().map_or(0, |m| m.generation);
    if stored_generation != expected_generation {
        tx.abort().await.ok();
        return Err(StorageError::Conflict { stored_generation });
    }
    Ok((tx, meta))
}

/// Make `refs` the current workspace as generation `generation`: write the
/// manifest, add it to the history (keeping the newest `keep_versions`), and
/// delete the chunks no kept version names.
async fn switch_manifest(
    meta: &rexie::Store,
    chunks: &rexie::Store,
    refs: &[ChunkRef],
    generation: u64,
    now_ms: f64,
    note: &SaveNote<'_>,
    existing: &HashSet<String>,
) -> Result<Manifest, StorageError> {
    let manifest =
        Manifest { layout_version: persist::LAYOUT_VERSION, generation, saved_at_ms: now_ms, chunks: refs.to_vec() };
    let manifest_json = serde_json::to_string(&manifest).map_err(|error| StorageError::Failed(error.to_string()))?;
    meta.put(&JsValue::from_str(&manifest_json), Some(&JsValue::from_str(MANIFEST_KEY))).await.map_err(classify)?;
    let mut history = read_history(meta).await?;
    history.insert(0, Version { generation, saved_at_ms: now_ms, cause: note.cause.to_owned(), chunks: refs.to_vec() });
    history.truncate(note.keep_versions.max(1));
    write_history(meta, &history).await?;
    let keep: HashSet<&str> = history.iter().flat_map(|v| v.chunks.iter().map(|c| c.key.as_str())).collect();
    for key in existing.iter().filter(|key| !keep.contains(key.as_str())) {
        chunks.delete(JsValue::from_str(key)).await.map_err(classify)?;
    }
    Ok(manifest)
}

async fn stored_keys(store: &rexie::Store) -> Result<HashSet<String>, StorageError> {
    Ok(store.get_all_keys(None, None).await.map_err(classify)?.into_iter().filter_map(|key| key.as_string()).collect())
}

async fn finish(tx: rexie::Transaction, manifest: Manifest) -> Result<Manifest, StorageError> {
    match tx.done().await {
        Ok(result) if result.is_committed() => Ok(manifest),
        Ok(_) => Err(StorageError::Failed("the save was aborted by the browser".into())),
        Err(error) => Err(classify(error)),
    }
}

async fn read_history(meta: &rexie::Store) -> Result<Vec<Version>, StorageError> {
    let Some(value) = meta.get(JsValue::from_str(HISTORY_KEY)).await.map_err(classify)? else {
        return Ok(Vec::new());
    };
    let text = value.as_string().ok_or_else(|| StorageError::Failed("the stored history is not text".into()))?;
    // An unreadable history is not worth refusing a save over: it is replaced.
    Ok(history_from_json(&text).unwrap_or_default())
}

async fn write_history(meta: &rexie::Store, history: &[Version]) -> Result<(), StorageError> {
    let json = serde_json::to_string(history).map_err(|error| StorageError::Failed(error.to_string()))?;
    meta.put(&JsValue::from_str(&json), Some(&JsValue::from_str(HISTORY_KEY))).await.map_err(classify)?;
    Ok(())
}

/// The kept versions, newest (the current one) first.
pub async fn versions(db: &Rexie) -> Result<Vec<Version>, StorageError> {
    let tx = db.transaction(&[META], TransactionMode::ReadOnly).map_err(classify)?;
    let meta = tx.store(META).map_err(classify)?;
    read_history(&meta).await
}

/// Make the kept version `generation` the current workspace again, as a new
/// save (generation `expected_generation + 1`, recorded in the history with
/// `note.cause`), provided nothing was saved since `expected_generation`.
pub async fn restore_version(
    db: &Rexie,
    generation: u64,
    expected_generation: u64,
    now_ms: f64,
    note: &SaveNote<'_>,
) -> Result<Manifest, StorageError> {
    let (tx, meta) = write_on(db, expected_generation).await?;
    let history = read_history(&meta).await?;
    let Some(version) = history.iter().find(|v| v.generation == generation) else {
        tx.abort().await.ok();
        return Err(StorageError::Failed(format!("version {generation} is no longer kept")));
    };
    let store = tx.store(CHUNKS).map_err(classify)?;
    let existing = stored_keys(&store).await?;
    if version.chunks.iter().any(|chunk| !existing.contains(&chunk.key)) {
        tx.abort().await.ok();
        return Err(StorageError::Failed(format!("part of version {generation} is missing from storage")));
    }
    let refs = version.chunks.clone();
    let manifest = switch_manifest(&meta, &store, &refs, expected_generation + 1, now_ms, note, &existing).await?;
    finish(tx, manifest).await
}

/// Drop the oldest versions until `keep` are left (never the current one);
/// their chunks go with them unless a kept version names them. Returns how
/// many were dropped.
pub async fn drop_oldest_versions(db: &Rexie, keep: usize) -> Result<usize, StorageError> {
    let tx = db.transaction(&[META, CHUNKS], TransactionMode::ReadWrite).map_err(classify)?;
    let meta = tx.store(META).map_err(classify)?;
    let mut history = read_history(&meta).await?;
    let before = history.len();
    history.truncate(keep.max(1));
    let dropped = before - history.len();
    if dropped == 0 {
        tx.abort().await.ok();
        return Ok(0);
    }
    write_history(&meta, &history).await?;
    let store = tx.store(CHUNKS).map_err(classify)?;
    let mut keep_keys: HashSet<String> = history.iter().flat_map(|v| v.chunks.iter().map(|c| c.key.clone())).collect();
    if let Some(current) = read_manifest(&meta).await? {
        keep_keys.extend(current.chunks.into_iter().map(|c| c.key));
    }
    for key in stored_keys(&store).await?.iter().filter(|key| !keep_keys.contains(*key)) {
        store.delete(JsValue::from_str(key)).await.map_err(classify)?;
    }
    tx.done().await.map_err(classify)?;
    Ok(dropped)
}

/// Delete everything stored (used only after the user confirms discarding an
/// unreadable save).
pub async fn wipe(db: &Rexie) -> Result<(), StorageError> {
    let tx = db.transaction(&[META, CHUNKS], TransactionMode::ReadWrite).map_err(classify)?;
    tx.store(META).map_err(classify)?.clear().await.map_err(classify)?;
    tx.store(CHUNKS).map_err(classify)?.clear().await.map_err(classify)?;
    tx.done().await.map_err(classify)?;
    Ok(())
}

/// How many chunks are stored (for tests: no orphan may be left behind).
pub async fn stored_chunk_count(db: &Rexie) -> Result<usize, StorageError> {
    let tx = db.transaction(&[CHUNKS], TransactionMode::ReadOnly).map_err(classify)?;
    let count = tx.store(CHUNKS).map_err(classify)?.count(None).await.map_err(classify)?;
    Ok(count as usize)
}
