//! Choosing the advice for one business: which sheets apply, their numbers,
//! why each was chosen, and their text with cross references resolved.

use serde::Serialize;

use crate::answers::Answers;
use crate::condition::Reason;
use crate::kb::{KnowledgeBase, SheetKind};
use crate::lang::Lang;
use crate::questionnaire::Questionnaire;
use crate::tool::Tool;
use crate::ui;

/// The advice for one business, in one language: the applicable sheets,
/// numbered 1..n in theme order, then sheet order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// The language of all texts.
    pub lang: Lang,
    /// The answers, as JSON (`{"stage": "new", "offer": ["food"]}`).
    pub answers: serde_json::Value,
    /// The chosen sheets, numbered from 1.
    pub sheets: Vec<AdvisedSheet>,
    /// The answers as given (for links that keep them).
    #[serde(skip)]
    pub given: Answers,
    /// The themes that have at least one chosen sheet, in order.
    #[serde(skip)]
    pub themes: Vec<AdvisedTheme>,
}

/// A theme of the result, with its texts in the result's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdvisedTheme {
    /// The theme id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The introduction.
    pub intro: String,
}

/// One chosen sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdvisedSheet {
    /// Its number in this result, from 1.
    pub number: usize,
    /// The sheet id.
    pub id: String,
    /// The theme id.
    pub theme: String,
    /// The theme's title.
    pub theme_title: String,
    /// Advice, do-it-yourself or example.
    pub kind: SheetKind,
    /// The title.
    pub title: String,
    /// The body in Markdown, `[[id]]` replaced by "advice N" (when that sheet
    /// is in this result) or by that sheet's title in italics.
    pub body_markdown: String,
    /// Which answers chose this sheet, in words.
    pub why: String,
    /// Tools of etalage that act on this advice.
    pub links: Vec<ToolLink>,
    /// Numbers of related sheets that are in this result.
    pub related: Vec<usize>,
    /// The body with references as Markdown links to `#advice-N`, for HTML.
    #[serde(skip)]
    pub(crate) body_linked: String,
}

/// A link to an etalage tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToolLink {
    /// The tool.
    pub tool: Tool,
    /// Its name in the result's language.
    pub label: String,
    /// Its URL path.
    pub path: String,
}

impl Advice {
    /// The JSON document: `{"lang", "answers", "sheets": [...]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("advice serializes")
    }
}

/// Chooses the sheets whose condition the answers satisfy, in theme order then
/// sheet order, and numbers them 1..n. Answers are used as given: validate
/// them first ([`Answers::validate`]) to refuse unknown ids. Sheets whose theme
/// does not exist are left out (the linter reports them).
pub fn advise(
    kb: &KnowledgeBase,
    questionnaire: &Questionnaire,
    answers: &Answers,
    lang: Lang,
) -> Advice {
    let chosen: Vec<&crate::kb::Sheet> = kb
        .sheets()
        .iter()
        .filter(|s| kb.theme(&s.theme).is_some() && s.condition.matches(answers))
        .collect();
    let number_of = |id: &str| chosen.iter().position(|s| s.id == id).map(|i| i + 1);

    let mut themes: Vec<AdvisedTheme> = Vec::new();
    let mut sheets = Vec::with_capacity(chosen.len());
    for (i, sheet) in chosen.iter().enumerate() {
        let theme = kb.theme(&sheet.theme).expect("filtered on known themes");
        if themes.last().is_none_or(|t| t.id != theme.id) {
            themes.push(AdvisedTheme {
                id: theme.id.clone(),
                title: theme.title.get(lang).to_owned(),
                intro: theme.intro.get(lang).to_owned(),
            });
        }
        let body = sheet.body.get(lang);
        let title_of = |id: &str| kb.sheet(id).map(|s| s.title.get(lang).to_owned());
        let body_markdown = resolve_references(body, |id| match number_of(id) {
            Some(n) => Some(ui::text_n(lang, "advice_ref", n)),
            // In italics, so a title in the middle of a sentence reads as one.
            None => title_of(id).map(|t| format!("*{}*", escape_markdown(&t))),
        });
        let body_linked = resolve_references(body, |id| match number_of(id) {
            Some(n) => Some(format!(
                "[{}](#advice-{n})",
                ui::text_n(lang, "advice_ref", n)
            )),
            None => title_of(id).map(|t| format!("*{}*", escape_markdown(&t))),
        });
        sheets.push(AdvisedSheet {
            number: i + 1,
            id: sheet.id.clone(),
            theme: theme.id.clone(),
            theme_title: theme.title.get(lang).to_owned(),
            kind: sheet.kind,
            title: sheet.title.get(lang).to_owned(),
            body_markdown,
            why: why(
                &sheet.condition.reasons(answers),
                sheet.condition.is_always(),
                questionnaire,
                lang,
            ),
            links: sheet
                .links
                .iter()
                .filter_map(|l| Tool::parse(l))
                .map(|tool| ToolLink {
                    tool,
                    label: tool.label(lang).to_owned(),
                    path: tool.path().to_owned(),
                })
                .collect(),
            related: sheet.related.iter().filter_map(|r| number_of(r)).collect(),
            body_linked,
        });
    }
    Advice {
        lang,
        answers: answers.to_json(questionnaire),
        sheets,
        given: answers.clone(),
        themes,
    }
}

/// "You answered: Markets = EU, Outside the EU; Customers = Businesses", or
/// "Shown to every business".
fn why(reasons: &[Reason], always: bool, questionnaire: &Questionnaire, lang: Lang) -> String {
    if always || reasons.is_empty() {
        return ui::text(lang, "shown_to_all").to_owned();
    }
    let short = |id: &str| -> String {
        questionnaire
            .question(id)
            .map(|q| {
                if q.short.get(lang).is_empty() {
                    q.label.get(lang)
                } else {
                    q.short.get(lang)
                }
            })
            .filter(|s| !s.is_empty())
            .unwrap_or(id)
            .to_owned()
    };
    // In the questionnaire's order, as the person answered them.
    let position = |id: &str| {
        questionnaire
            .questions()
            .iter()
            .position(|q| q.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut reasons = reasons.to_vec();
    reasons.sort_by_key(|r| position(&r.question));
    let answered: Vec<String> = reasons
        .iter()
        .filter(|r| !r.answers.is_empty())
        .map(|r| {
            let labels: Vec<&str> = match questionnaire.question(&r.question) {
                Some(q) => r.answers.iter().map(|a| q.answer_label(a, lang)).collect(),
                None => r.answers.iter().map(String::as_str).collect(),
            };
            format!("{} = {}", short(&r.question), labels.join(", "))
        })
        .collect();
    let unanswered: Vec<String> = reasons
        .iter()
        .filter(|r| r.answers.is_empty())
        .map(|r| short(&r.question))
        .collect();
    let colon = if lang == Lang::Fr { " : " } else { ": " };
    let mut parts = Vec::new();
    if !answered.is_empty() {
        parts.push(format!(
            "{}{colon}{}",
            ui::text(lang, "you_answered"),
            answered.join("; ")
        ));
    }
    if !unanswered.is_empty() {
        parts.push(format!(
            "{}{colon}{}",
            ui::text(lang, "you_did_not_answer"),
            unanswered.join(", ")
        ));
    }
    parts.join(". ")
}

/// Replaces every `[[sheet-id]]` by what `replace` gives for the id; an id it
/// gives nothing for (an unknown sheet) is left as written.
pub(crate) fn resolve_references(body: &str, replace: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("[[") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("]]") {
            Some(end) if is_sheet_id(after[..end].trim()) => {
                let id = after[..end].trim();
                match replace(id) {
                    Some(text) => out.push_str(&text),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str("[[");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `[[sheet-id]]` references in a body, in order.
pub(crate) fn references(body: &str) -> Vec<String> {
    let found = std::cell::RefCell::new(Vec::new());
    resolve_references(body, |id| {
        found.borrow_mut().push(id.to_owned());
        None
    });
    found.into_inner()
}

/// Whether a text looks like a sheet id (kebab-case: `a-z`, `0-9`, `-`).
pub(crate) fn is_sheet_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Escapes Markdown's inline punctuation, for titles put inside generated Markdown.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_and_replaced() {
        let body = "See [[a-b]] and [[ c ]], not [[Not An Id]] nor [[unclosed.";
        assert_eq!(references(body), vec!["a-b", "c"]);
        let out = resolve_references(body, |id| (id == "a-b").then(|| "advice 2".to_owned()));
        assert_eq!(
            out,
            "See advice 2 and [[ c ]], not [[Not An Id]] nor [[unclosed."
        );
        assert!(is_sheet_id("channels-b2b") && !is_sheet_id("Channels") && !is_sheet_id("a--b"));
    }
}
