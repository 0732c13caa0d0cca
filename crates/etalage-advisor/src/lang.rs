//! The languages etalage speaks, and text given in each of them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language of the user interface and the content: Dutch (the default),
/// English or French.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch (`nl`), written so that it reads naturally in Flanders too.
    #[default]
    Nl,
    /// English (`en`).
    En,
    /// French (`fr`).
    Fr,
}

impl Lang {
    /// Every language, in the order the interface lists them.
    pub const ALL: [Lang; 3] = [Lang::Nl, Lang::En, Lang::Fr];

    /// Parses a language code: `nl`, `en` or `fr` (case-insensitive, trimmed).
    pub fn parse(code: &str) -> Result<Lang, UnknownLang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "nl" => Ok(Lang::Nl),
            "en" => Ok(Lang::En),
            "fr" => Ok(Lang::Fr),
            _ => Err(UnknownLang(code.to_owned())),
        }
    }

    /// The two-letter code: `nl`, `en` or `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name for itself ("Nederlands", "English", "Français").
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s)
    }
}

/// A language code that is not `nl`, `en` or `fr`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: use one of nl, en, fr")]
pub struct UnknownLang(pub String);

/// One text in each language. Missing translations load as empty strings, so
/// that the linter (not the loader) reports them, all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// Dutch.
    #[serde(default)]
    pub nl: String,
    /// English.
    #[serde(default)]
    pub en: String,
    /// French.
    #[serde(default)]
    pub fr: String,
}

impl Localized {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }

    /// The languages whose text is missing or only whitespace.
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|l| self.get(*l).trim().is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_defaults_to_dutch() {
        assert_eq!(Lang::parse("nl"), Ok(Lang::Nl));
        assert_eq!(" EN ".parse::<Lang>(), Ok(Lang::En));
        assert_eq!(Lang::parse("fr"), Ok(Lang::Fr));
        assert_eq!(Lang::default(), Lang::Nl);
        let err = Lang::parse("de").unwrap_err();
        assert!(err.to_string().contains("nl, en, fr"), "{err}");
    }
}
