//! Compiles the content folder (`../../content`) into the binary.
//!
//! We generate one `include_str!` per file instead of using a proc-macro such
//! as `include_dir`, because cargo only notices new or changed files through
//! `rerun-if-changed`, and a directory given there is scanned recursively: a
//! content writer adding a sheet gets it embedded on the next build.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let content = manifest.join("../../content");
    // Only what the advisor reads: the questionnaire and the knowledge base.
    let questionnaire = content.join("questionnaire.toml");
    let advice = content.join("advice");
    println!("cargo:rerun-if-changed={}", questionnaire.display());
    println!("cargo:rerun-if-changed={}", advice.display());
    println!("cargo:rerun-if-changed=build.rs");

    let mut files = Vec::new();
    if questionnaire.is_file() {
        let absolute = fs::canonicalize(&questionnaire).unwrap_or(questionnaire);
        files.push((
            "questionnaire.toml".to_owned(),
            absolute.to_string_lossy().into_owned(),
        ));
    }
    if advice.is_dir() {
        collect(&content, &advice, &mut files);
    }
    files.sort();

    let mut out =
        String::from("/// Files of the content folder, as (path relative to `content/`, text).\n");
    out.push_str("pub(crate) static FILES: &[(&str, &str)] = &[\n");
    for (relative, absolute) in &files {
        writeln!(out, "    ({relative:?}, include_str!({absolute:?})),").expect("write to String");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_content.rs");
    fs::write(dest, out).expect("write embedded_content.rs");
}

/// Collects every `.toml` file under `dir`, with its path relative to `root`
/// (always with `/`, so embedded paths look the same on every platform).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // Editors' lock and backup files start with a dot; they are not content.
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let relative = path
                .strip_prefix(root)
                .expect("inside root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let absolute = fs::canonicalize(&path).unwrap_or(path);
            files.push((relative, absolute.to_string_lossy().into_owned()));
        }
    }
}
