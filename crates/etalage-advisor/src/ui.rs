//! The interface strings of the advisor's renderers, in nl, en and fr, kept
//! as data in `content/advisor-ui.toml` and compiled in.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::lang::{Lang, Localized};

const SOURCE: &str = include_str!("../../../content/advisor-ui.toml");

fn table() -> &'static BTreeMap<String, Localized> {
    static TABLE: OnceLock<BTreeMap<String, Localized>> = OnceLock::new();
    // A broken file is caught by the tests below; at run time we fall back to
    // showing keys rather than refusing to render advice.
    TABLE.get_or_init(|| toml::from_str(SOURCE).unwrap_or_default())
}

/// The string `key` in `lang`; the key itself when it is missing.
pub(crate) fn text(lang: Lang, key: &str) -> &'static str {
    match table().get(key) {
        Some(l) if !l.get(lang).is_empty() => l.get(lang),
        _ => table()
            .keys()
            .find(|k| k.as_str() == key)
            .map(String::as_str)
            .unwrap_or("?"),
    }
}

/// The string `key` in `lang` with `{n}` replaced.
pub(crate) fn text_n(lang: Lang, key: &str, n: usize) -> String {
    text(lang, key).replace("{n}", &n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the crate uses. Keep in step with the calls of `text`.
    const KEYS: &[&str] = &[
        "page_title",
        "page_intro",
        "form_heading",
        "form_submit",
        "no_answer",
        "help_summary",
        "language_nav",
        "results_heading",
        "results_count",
        "no_answers_yet",
        "answers_heading",
        "why",
        "you_answered",
        "you_did_not_answer",
        "shown_to_all",
        "tools",
        "related",
        "advice_ref",
        "downloads",
        "download_md",
        "download_json",
        "print_hint",
        "theme_nav",
        "tool_dashboard",
        "tool_goals",
        "tool_funnels",
        "tool_kpis",
        "tool_alerts",
        "tool_customers",
        "tool_import",
        "tool_advisor",
        "all_advice",
    ];

    #[test]
    fn ui_strings_parse_and_every_key_has_every_language() {
        let parsed: BTreeMap<String, Localized> =
            toml::from_str(SOURCE).expect("content/advisor-ui.toml parses");
        for key in KEYS {
            let l = parsed
                .get(*key)
                .unwrap_or_else(|| panic!("advisor-ui.toml lacks {key}"));
            assert!(l.missing().is_empty(), "{key} lacks {:?}", l.missing());
        }
        for key in parsed.keys() {
            assert!(
                KEYS.contains(&key.as_str()),
                "advisor-ui.toml has unused key {key}"
            );
        }
        assert_eq!(text_n(Lang::Fr, "advice_ref", 3), "conseil 3");
        assert_eq!(text_n(Lang::Nl, "advice_ref", 3), "advies 3");
        assert_eq!(text_n(Lang::En, "advice_ref", 3), "advice 3");
    }
}
