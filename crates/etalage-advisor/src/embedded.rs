//! The content folder as it was when this program was built (see `build.rs`),
//! so the binary works without `content/` beside it.

include!(concat!(env!("OUT_DIR"), "/embedded_content.rs"));

/// The text of one embedded file, by its path relative to `content/`.
pub(crate) fn file(path: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// Every embedded file, by path relative to `content/`, sorted by path.
pub(crate) fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}
