//! Tests that need a real browser: IndexedDB persistence and the data table
//! component. Run by `cargo test --target wasm32-unknown-unknown --test web`
//! in headless Chromium (scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use engine::persist;
use engine::{DemandDay, SeriesKey, Sku, SkuId, Workspace};
use stockpilot_app::storage::{self, StorageError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn workspace(n_skus: usize) -> Workspace {
    let mut workspace = Workspace::default();
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for idx in 0..n_skus {
        workspace.skus.upsert(Sku {
            id: SkuId::new(format!("SKU-{idx:04}")),
            name: format!("Item {idx}"),
            family: "Test".into(),
            unit: "each".into(),
            unit_cost: rust_decimal::Decimal::new(125, 2),
            criticality: engine::Criticality::Normal,
            regulated: false,
            shelf_life_days: None,
            min_remaining_shelf_life_days: None,
            status: engine::SkuStatus::Active,
            weight_kg: None,
            volume_l: None,
        });
    }
    workspace.locations.upsert(engine::Location { id: "WH1".into(), name: "Main".into() });
    workspace.demand.upsert((0..n_skus).flat_map(|idx| {
        (0..60u64).map(move |day| {
            let key =
                SeriesKey { sku: SkuId::new(format!("SKU-{idx:04}")), location: "WH1".into(), channel: "web".into() };
            (key, DemandDay::shipped(start + chrono::Days::new(day), ((idx + day as usize) % 5) as f32))
        })
    }));
    workspace
}

/// A save noted as a test, keeping only the current version (as before history).
const ONE: storage::SaveNote<'static> = storage::SaveNote { cause: "test", keep_versions: 1 };

async fn fresh_db() -> rexie::Rexie {
    let db = storage::open().await.expect("IndexedDB opens");
    storage::wipe(&db).await.expect("wipe");
    db
}

#[wasm_bindgen_test]
async fn a_saved_workspace_loads_back_equal() {
    let db = fresh_db().await;
    assert!(storage::load(&db).await.unwrap().is_none(), "a fresh database holds nothing");
    let original = workspace(200);
    let manifest = storage::save(&db, &persist::encode(&original), 0, 1.0, &ONE).await.unwrap();
    assert_eq!(manifest.generation, 1);
    let (loaded, loaded_manifest) = storage::load(&db).await.unwrap().expect("saved");
    assert_eq!(loaded, original);
    assert_eq!(loaded_manifest, manifest);
}

#[wasm_bindgen_test]
async fn a_save_from_a_stale_generation_is_refused_and_changes_nothing() {
    let db = fresh_db().await;
    let first = workspace(20);
    storage::save(&db, &persist::encode(&first), 0, 1.0, &ONE).await.unwrap();
    // Another tab saved generation 2 in the meantime.
    let mut second = first.clone();
    second.skus.modify(0, |sku| sku.name = "Changed in the other tab".into());
    storage::save(&db, &persist::encode(&second), 1, 2.0, &ONE).await.unwrap();
    // This tab still believes generation 1 is current.
    let mut mine = first.clone();
    mine.skus.modify(1, |sku| sku.name = "Changed here".into());
    let refused = storage::save(&db, &persist::encode(&mine), 1, 3.0, &ONE).await.unwrap_err();
    assert_eq!(refused, StorageError::Conflict { stored_generation: 2 });
    let (stored, manifest) = storage::load(&db).await.unwrap().unwrap();
    assert_eq!(stored, second);
    assert_eq!(manifest.generation, 2);
}

#[wasm_bindgen_test]
async fn orphaned_chunks_are_removed_and_unchanged_ones_kept() {
    let db = fresh_db().await;
    let before = workspace(300);
    let first = storage::save(&db, &persist::encode(&before), 0, 1.0, &ONE).await.unwrap();
    let mut after = before.clone();
    after.skus.truncate(150);
    after.demand.series.retain(|s| after.skus.iter().any(|sku| sku.id == s.key.sku));
    let second = storage::save(&db, &persist::encode(&after), 1, 2.0, &ONE).await.unwrap();
    let kept = second.chunks.iter().filter(|c| first.chunks.contains(c)).count();
    assert!(kept > 0, "unchanged demand chunks keep their keys");
    let (loaded, _) = storage::load(&db).await.unwrap().unwrap();
    assert_eq!(loaded, after);
    assert_eq!(
        storage::stored_chunk_count(&db).await.unwrap(),
        second.chunks.len(),
        "no orphaned chunk is left behind"
    );
}

/// Issue 10, undo and history: a wrong but valid save can be undone, old
/// versions are dropped beyond the number kept, and their chunks go with
/// them unless a kept version shares them.
#[wasm_bindgen_test]
async fn versions_are_kept_restored_and_dropped_oldest_first() {
    let db = fresh_db().await;
    let keep = |cause| storage::SaveNote { cause, keep_versions: 3 };
    let good = workspace(200);
    storage::save(&db, &persist::encode(&good), 0, 1.0, &keep("Imported good.csv")).await.unwrap();
    let mut wrong = good.clone();
    for sku in wrong.skus.rows_mut().iter_mut() {
        sku.name = "shifted column".into();
    }
    storage::save(&db, &persist::encode(&wrong), 1, 2.0, &keep("Imported wrong.csv")).await.unwrap();

    let versions = storage::versions(&db).await.unwrap();
    let causes: Vec<&str> = versions.iter().map(|v| v.cause.as_str()).collect();
    assert_eq!(causes, ["Imported wrong.csv", "Imported good.csv"], "newest first");

    // Restore the good one: a new save (generation 3) holding the good data.
    let restored = storage::restore_version(&db, versions[1].generation, 2, 3.0, &keep("Undo")).await.unwrap();
    assert_eq!(restored.generation, 3);
    let (loaded, _) = storage::load(&db).await.unwrap().unwrap();
    assert_eq!(loaded, good);
    // A restore from a stale generation is refused like a save.
    let refused = storage::restore_version(&db, versions[1].generation, 2, 4.0, &keep("late")).await.unwrap_err();
    assert_eq!(refused, StorageError::Conflict { stored_generation: 3 });

    // A fourth save drops the oldest version; chunks only it named go too.
    let mut fourth = good.clone();
    fourth.skus.truncate(100);
    fourth.demand.series.retain(|s| fourth.skus.iter().any(|sku| sku.id == s.key.sku));
    storage::save(&db, &persist::encode(&fourth), 3, 5.0, &keep("Deleted 100 SKUs")).await.unwrap();
    let versions = storage::versions(&db).await.unwrap();
    let causes: Vec<&str> = versions.iter().map(|v| v.cause.as_str()).collect();
    assert_eq!(causes, ["Deleted 100 SKUs", "Undo", "Imported wrong.csv"]);
    let named: std::collections::HashSet<&str> =
        versions.iter().flat_map(|v| v.chunks.iter().map(|c| c.key.as_str())).collect();
    assert_eq!(storage::stored_chunk_count(&db).await.unwrap(), named.len(), "exactly the chunks kept versions name");

    // Dropping to make room keeps the current version.
    assert_eq!(storage::drop_oldest_versions(&db, 1).await.unwrap(), 2);
    let versions = storage::versions(&db).await.unwrap();
    assert_eq!(versions.len(), 1);
    let (loaded, _) = storage::load(&db).await.unwrap().unwrap();
    assert_eq!(loaded, fourth);
    assert_eq!(storage::stored_chunk_count(&db).await.unwrap(), versions[0].chunks.len());
}

mod data_table {
    use leptos::prelude::*;
    use stockpilot_app::components::table::{text, Column, DataTable};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Row {
        id: u32,
        name: String,
    }

    fn mount_table(n: u32) -> web_sys::HtmlElement {
        let document = document();
        let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&host).unwrap();
        let rows: Vec<Row> = (1..=n).map(|id| Row { id, name: format!("item {:03}", (id * 37) % 1000) }).collect();
        let mount_point = host.clone();
        let handle = leptos::mount::mount_to(mount_point, move || {
            let columns = vec![
                Column::new("Id", |r: &Row| text(r.id.to_string())).sort(|a, b| a.id.cmp(&b.id)),
                Column::new("Name", |r: &Row| text(r.name.clone())).sort(|a, b| a.name.cmp(&b.name)),
            ];
            view! { <DataTable rows=Signal::derive(move || rows.clone()) columns=columns search=|r: &Row| r.name.clone() /> }
        });
        handle.forget();
        host
    }

    /// Let Leptos run its effects and update the DOM (they run on later tasks).
    async fn settle() {
        for _ in 0..3 {
            leptos::task::tick().await;
            let promise = js_sys::Promise::new(&mut |resolve, _| {
                window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 5).unwrap();
            });
            wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        }
    }

    fn summary(host: &web_sys::HtmlElement) -> String {
        host.query_selector("[data-testid=table-summary]").unwrap().unwrap().text_content().unwrap()
    }

    fn first_cells(host: &web_sys::HtmlElement) -> Vec<String> {
        let cells = host.query_selector_all("tbody tr td:first-child").unwrap();
        (0..cells.length()).map(|i| cells.item(i).unwrap().text_content().unwrap()).collect()
    }

    #[wasm_bindgen_test]
    async fn pages_searches_and_sorts() {
        let host = mount_table(120);
        settle().await;
        assert_eq!(summary(&host), "1–50 of 120 rows");
        assert_eq!(first_cells(&host).len(), 50, "only one page is rendered");

        // Next page.
        let next: web_sys::HtmlElement =
            host.query_selector(".pager button:last-of-type").unwrap().unwrap().unchecked_into();
        next.click();
        settle().await;
        assert_eq!(summary(&host), "51–100 of 120 rows");

        // Sorting by id descending: click the header twice.
        let header: web_sys::HtmlElement = host.query_selector("th button").unwrap().unwrap().unchecked_into();
        header.click();
        settle().await;
        header.click();
        settle().await;
        assert_eq!(first_cells(&host)[0], "120", "descending starts at the largest id");
        assert_eq!(
            host.query_selector("th[aria-sort]").unwrap().unwrap().get_attribute("aria-sort").as_deref(),
            Some("descending")
        );

        // Searching filters and goes back to the first page.
        let search: web_sys::HtmlInputElement =
            host.query_selector("input[type=search]").unwrap().unwrap().unchecked_into();
        search.set_value("item 0");
        search.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
        settle().await;
        let expected = (1..=120u32).filter(|id| format!("item {:03}", (id * 37) % 1000).contains("item 0")).count();
        assert_eq!(summary(&host), format!("1–{expected} of {expected} rows (filtered from 120)"));
        host.remove();
    }
}

/// The manifest and history the page stores are written by serde_json and
/// read back without its reader (`stored_json`): what serde_json writes must
/// read back equal (saves made by earlier builds were written the same way),
/// and a damaged value must say which field is wrong.
mod stored_json {
    use engine::persist::{ChunkKind, ChunkRef, Manifest};
    use stockpilot_app::storage::{history_from_json, manifest_from_json, Version};
    use wasm_bindgen_test::*;

    fn chunks() -> Vec<ChunkRef> {
        vec![
            ChunkRef { key: "c-00ff00ff00ff00ff-12".into(), kind: ChunkKind::Core, len: 12 },
            ChunkRef { key: "d-0123456789abcdef-4194304".into(), kind: ChunkKind::Demand, len: 4_194_304 },
        ]
    }

    #[wasm_bindgen_test]
    fn what_serde_json_writes_reads_back_equal() {
        let manifest =
            Manifest { layout_version: 1, generation: 42, saved_at_ms: 1_765_000_123_456.5, chunks: chunks() };
        let text = serde_json::to_string(&manifest).unwrap();
        assert_eq!(manifest_from_json(&text).unwrap(), manifest);

        let history = vec![
            Version {
                generation: 41,
                saved_at_ms: 1.0,
                cause: "Imported skus.csv — “Winkel”".into(),
                chunks: chunks(),
            },
            Version { generation: 42, saved_at_ms: 2.5e12, cause: String::new(), chunks: Vec::new() },
        ];
        let text = serde_json::to_string(&history).unwrap();
        assert_eq!(history_from_json(&text).unwrap(), history);
    }

    #[wasm_bindgen_test]
    fn a_saved_manifest_of_an_earlier_build_reads() {
        // Written by hand as serde_json wrote it before this reader existed.
        let text = r#"{"layout_version":1,"generation":3,"saved_at_ms":1765000000000.0,"chunks":[{"key":"c-1-2","kind":"Core","len":2}]}"#;
        let manifest = manifest_from_json(text).unwrap();
        assert_eq!(manifest.generation, 3);
        assert_eq!(manifest.saved_at_ms, 1_765_000_000_000.0);
        assert_eq!(manifest.chunks, vec![ChunkRef { key: "c-1-2".into(), kind: ChunkKind::Core, len: 2 }]);
    }

    #[wasm_bindgen_test]
    fn a_damaged_manifest_names_what_is_wrong() {
        let missing = r#"{"layout_version":1,"saved_at_ms":1,"chunks":[]}"#;
        assert_eq!(manifest_from_json(missing).unwrap_err(), "missing field `generation`");
        let fraction = r#"{"layout_version":1,"generation":2.5,"saved_at_ms":1,"chunks":[]}"#;
        assert!(manifest_from_json(fraction).unwrap_err().starts_with("`generation` is 2.5"));
        let kind =
            r#"{"layout_version":1,"generation":2,"saved_at_ms":1,"chunks":[{"key":"x","kind":"Other","len":1}]}"#;
        assert_eq!(manifest_from_json(kind).unwrap_err(), "unknown chunk kind `Other`");
        assert_eq!(manifest_from_json("[1, 2]").unwrap_err(), "the manifest is not a JSON object");
        assert!(manifest_from_json("{not json").is_err());
        assert_eq!(history_from_json(r#"{"generation":1}"#).unwrap_err(), "the history is not a list");
    }
}
