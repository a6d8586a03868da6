//! Tidy checks that keep the engine a pure library: it must build and test
//! natively and run in the Web Worker, so no browser crate, no clock and no
//! OS randomness may reach it, on any target. Target-specific dependencies
//! hide from a native dependency tree (chrono's `wasmbind`, getrandom's `js`),
//! so the wasm32 tree is checked too.

use std::path::Path;
use std::process::Command;

const FORBIDDEN: &[&str] =
    &["leptos", "web-sys", "js-sys", "gloo", "wasm-bindgen", "getrandom", "rand", "rand_core", "rexie", "idb"];

fn dependency_names(target: Option<&str>) -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let mut command = Command::new(env!("CARGO"));
    command.args(["tree", "--offline", "--locked", "-e", "normal,build", "--prefix", "none", "--format", "{p}"]);
    command.arg("--manifest-path").arg(&manifest);
    if let Some(target) = target {
        command.args(["--target", target]);
    }
    let output = command.output().expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn assert_pure(target: Option<&str>) {
    let names = dependency_names(target);
    assert!(names.iter().any(|n| n == "stockpilot-engine"), "the tree lists the engine itself: {names:?}");
    let offending: Vec<&String> = names
        .iter()
        .filter(|name| FORBIDDEN.iter().any(|bad| name == bad || name.starts_with(&format!("{bad}-"))))
        .collect();
    assert!(
        offending.is_empty(),
        "the engine depends on browser or OS-randomness crates for {target:?}: {offending:?}"
    );
}

#[test]
fn the_engine_has_no_browser_dependency_natively() {
    assert_pure(None);
}

#[test]
fn the_engine_has_no_browser_dependency_on_wasm32() {
    assert_pure(Some("wasm32-unknown-unknown"));
}

#[test]
fn the_check_would_notice_a_browser_crate() {
    // The app package does depend on leptos: the same check must see it there,
    // or the two tests above prove nothing.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--locked",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "-p",
            "stockpilot-app",
        ])
        .args(["--target", "wasm32-unknown-unknown", "--manifest-path"])
        .arg(manifest)
        .output()
        .expect("cargo tree runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.lines().any(|line| line.starts_with("leptos ")), "expected leptos in the app's tree");
}
