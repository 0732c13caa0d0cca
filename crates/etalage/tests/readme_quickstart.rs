//! The README's quickstart must work as written on a fresh clone: its
//! `cargo run` line has to pick a binary that exists, and name one
//! explicitly when the workspace builds more than one.
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The binaries the workspace builds: each member's `src/main.rs` (named
/// after the package) and `src/bin/*.rs`.
fn workspace_binaries() -> Vec<String> {
    let mut bins = Vec::new();
    for member in std::fs::read_dir(root().join("crates")).unwrap() {
        let dir = member.unwrap().path();
        if dir.join("src/main.rs").exists() {
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            let name = manifest
                .lines()
                .find_map(|l| l.trim().strip_prefix("name = "))
                .map(|n| n.trim_matches('"').to_string())
                .unwrap();
            bins.push(name);
        }
        if let Ok(extra) = std::fs::read_dir(dir.join("src/bin")) {
            for f in extra {
                let p = f.unwrap().path();
                bins.push(p.file_stem().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    bins.sort();
    bins
}

#[test]
fn the_quickstart_demo_command_names_a_binary_that_exists() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let quickstart = readme
        .split("## Quickstart")
        .nth(1)
        .expect("the README has a Quickstart section");
    let run = quickstart
        .lines()
        .find(|l| l.starts_with("cargo run"))
        .expect("the quickstart runs etalage with cargo run");
    let words: Vec<&str> = run.split_whitespace().collect();
    let bins = workspace_binaries();
    assert!(bins.contains(&"etalage".to_string()), "{bins:?}");
    match words.iter().position(|w| *w == "--bin") {
        Some(i) => assert_eq!(words.get(i + 1), Some(&"etalage"), "{run}"),
        None => assert_eq!(
            bins,
            ["etalage"],
            "`{run}` cannot choose among several binaries; add `--bin etalage`"
        ),
    }
    assert!(words.contains(&"--release"), "one build profile: {run}");
    assert!(words.contains(&"demo"), "{run}");
}
