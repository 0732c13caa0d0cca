//! The advisor of etalage: a questionnaire about the business, a knowledge
//! base of advice sheets grouped by theme, the rules that choose the sheets
//! that fit the answers, a linter for the content, and renderers (Markdown,
//! JSON and the HTML of the public advisor page).
//!
//! The content is data under `content/` (see `content/README.md`): it can be
//! loaded from disk ([`KnowledgeBase::load`], [`Questionnaire::load`]) or from
//! the copy compiled into the binary ([`KnowledgeBase::embedded`],
//! [`Questionnaire::embedded`]).
//!
//! ```
//! use etalage_advisor::{advise, Answers, KnowledgeBase, Lang, Questionnaire};
//!
//! let questionnaire = Questionnaire::from_toml(r#"
//!     [[question]]
//!     id = "markets"
//!     kind = "several"
//!     en = { label = "Where do you sell?", short = "Markets" }
//!     [[question.answer]]
//!     id = "local"
//!     en = "Nearby"
//!     [[question.answer]]
//!     id = "eu"
//!     en = "EU"
//! "#, "questionnaire.toml").unwrap();
//!
//! let kb = KnowledgeBase::from_files(&[
//!     ("advice/themes.toml", r#"
//!         [[theme]]
//!         id = "payments"
//!         en = { title = "Receiving payments", intro = "…" }
//!     "#),
//!     ("advice/payments/payments-abroad.toml", r#"
//!         id = "payments-abroad"
//!         theme = "payments"
//!         order = 10
//!         kind = "advice"
//!         [when]
//!         markets = ["eu"]
//!         [en]
//!         title = "Offer the payment methods of your buyers' country"
//!         body = "Belgians pay with Bancontact, the Dutch with iDEAL."
//!     "#),
//! ]).unwrap();
//!
//! let answers = Answers::from_query("markets=eu&markets=local");
//! answers.validate(&questionnaire).unwrap();
//! let advice = advise(&kb, &questionnaire, &answers, Lang::En);
//! assert_eq!(advice.sheets.len(), 1);
//! assert_eq!(advice.sheets[0].number, 1);
//! assert_eq!(advice.sheets[0].why, "You answered: Markets = EU");
//! ```
#![deny(missing_docs)]

mod advise;
mod answers;
mod condition;
mod embedded;
mod error;
mod kb;
mod lang;
mod lint;
mod questionnaire;
mod render;
mod tool;
mod ui;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use advise::{advise, Advice, AdvisedSheet, AdvisedTheme, ToolLink};
pub use answers::{AnswerError, Answers};
pub use condition::{Clause, Condition, Match, Reason};
pub use error::{Error, FileProblem, LoadError};
pub use kb::{KnowledgeBase, Sheet, SheetKind, Theme};
pub use lang::{Lang, Localized, UnknownLang};
pub use lint::{LintCode, LintIssue, MIN_SHEETS, MIN_THEMES};
pub use questionnaire::{AnswerOption, Question, QuestionKind, Questionnaire};
pub use render::{
    escape_html, render_html_fragment, render_html_page, render_json, render_markdown,
    render_sheet_page, PageOptions,
};
pub use tool::Tool;

/// One line of `etalage advise --list`: a sheet and when it is shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetSummary {
    /// The sheet id.
    pub id: String,
    /// The theme id.
    pub theme: String,
    /// Advice, do-it-yourself or example.
    pub kind: SheetKind,
    /// Position within the theme.
    pub order: i64,
    /// The condition in words, such as `markets in [eu, outside_eu]`, or `always`.
    pub condition_text: String,
    /// The condition as JSON, in the shape of the TOML (`{}` for always).
    pub condition: serde_json::Value,
}

/// Every sheet of the knowledge base with its condition, in display order.
pub fn list_sheets(kb: &KnowledgeBase) -> Vec<SheetSummary> {
    kb.sheets()
        .iter()
        .map(|s| SheetSummary {
            id: s.id.clone(),
            theme: s.theme.clone(),
            kind: s.kind,
            order: s.order,
            condition_text: s.condition.to_string(),
            condition: s.condition.to_json(),
        })
        .collect()
}

/// An output format of [`run_advise`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A Markdown report.
    Md,
    /// The JSON document of [`Advice`].
    Json,
    /// The complete advisor page.
    Html,
}

impl FromStr for Format {
    type Err = String;

    /// Parses `md` (or `markdown`), `json` or `html`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Md),
            "json" => Ok(Format::Json),
            "html" => Ok(Format::Html),
            other => Err(format!("unknown format {other:?}: use md, json or html")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Md => "md",
            Format::Json => "json",
            Format::Html => "html",
        })
    }
}

/// What `etalage advise` does: parses and validates the answers (JSON such as
/// `{"stage": "new", "offer": ["services"]}`), chooses the advice and renders
/// it in `format`.
pub fn run_advise(
    kb: &KnowledgeBase,
    questionnaire: &Questionnaire,
    answers_json: &str,
    lang: Lang,
    format: Format,
) -> Result<String, Error> {
    let answers = Answers::parse_json(answers_json)?;
    answers.validate(questionnaire)?;
    let advice = advise(kb, questionnaire, &answers, lang);
    Ok(match format {
        Format::Md => render_markdown(questionnaire, &advice),
        Format::Json => render_json(&advice),
        Format::Html => render_html_page(questionnaire, &advice, &PageOptions::default()),
    })
}
