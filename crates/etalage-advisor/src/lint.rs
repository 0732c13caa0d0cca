//! The content linter: checks a knowledge base against the questionnaire and
//! the rules of `content/README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::advise::{is_sheet_id, references};
use crate::condition::Match;
use crate::kb::{KnowledgeBase, SheetKind};
use crate::lang::Lang;
use crate::questionnaire::{QuestionKind, Questionnaire};
use crate::tool::Tool;

/// The least number of sheets the knowledge base must have.
pub const MIN_SHEETS: usize = 110;
/// The least number of themes the knowledge base must have.
pub const MIN_THEMES: usize = 12;

/// What kind of problem a [`LintIssue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LintCode {
    /// A title, body, label or introduction is missing or empty in a language.
    MissingText,
    /// A sheet id is not kebab-case, does not start with `<theme>-`, or differs from its file name.
    BadId,
    /// Two sheets share an id.
    DuplicateId,
    /// A sheet names a theme that does not exist, or sits in another theme's folder.
    UnknownTheme,
    /// A condition names a question the questionnaire does not have.
    UnknownQuestion,
    /// A condition names an answer its question does not have.
    UnknownAnswer,
    /// A related sheet does not exist.
    UnknownRelated,
    /// A link is not a known tool id.
    UnknownTool,
    /// A `[[sheet-id]]` reference in a body names no sheet.
    UnknownReference,
    /// No set of answers shows the sheet.
    Unreachable,
    /// Two sheets have the same title in a language.
    DuplicateTitle,
    /// A theme lacks its `<theme>-do-it-yourself` or `<theme>-example` sheet, or it has the wrong kind.
    MissingThemeSheet,
    /// The knowledge base has fewer sheets or themes than required.
    TooSmall,
}

/// One problem found by the linter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintIssue {
    /// The kind of problem.
    pub code: LintCode,
    /// The file concerned, when there is one.
    pub file: Option<String>,
    /// The sheet concerned, when there is one.
    pub sheet: Option<String>,
    /// What is wrong, for the person who fixes it.
    pub message: String,
}

impl fmt::Display for LintIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        } else if let Some(sheet) = &self.sheet {
            write!(f, "{sheet}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

struct Issues(Vec<LintIssue>);

impl Issues {
    fn push(&mut self, code: LintCode, file: Option<&str>, sheet: Option<&str>, message: String) {
        self.0.push(LintIssue {
            code,
            file: file.map(str::to_owned),
            sheet: sheet.map(str::to_owned),
            message,
        });
    }
}

impl KnowledgeBase {
    /// Checks the knowledge base (and the questionnaire's texts) and returns
    /// every problem found; empty when all is well.
    pub fn lint(&self, questionnaire: &Questionnaire) -> Vec<LintIssue> {
        let mut issues = Issues(Vec::new());
        lint_questionnaire(questionnaire, &mut issues);
        lint_themes(self, &mut issues);
        lint_sheets(self, questionnaire, &mut issues);
        issues.0
    }
}

fn lint_questionnaire(q: &Questionnaire, issues: &mut Issues) {
    let file = Some(Questionnaire::FILE);
    for question in q.questions() {
        for (what, text) in [
            ("label", &question.label),
            ("short", &question.short),
            ("help", &question.help),
        ] {
            for lang in text.missing() {
                issues.push(
                    LintCode::MissingText,
                    file,
                    None,
                    format!("question {:?} has no {what} in {lang}", question.id),
                );
            }
        }
        for answer in &question.answers {
            for lang in answer.label.missing() {
                issues.push(
                    LintCode::MissingText,
                    file,
                    None,
                    format!(
                        "answer {:?} of question {:?} has no label in {lang}",
                        answer.id, question.id
                    ),
                );
            }
        }
    }
}

fn lint_themes(kb: &KnowledgeBase, issues: &mut Issues) {
    let file = Some("advice/themes.toml");
    if kb.themes().len() < MIN_THEMES {
        issues.push(
            LintCode::TooSmall,
            file,
            None,
            format!(
                "there are {} themes; at least {MIN_THEMES} are needed",
                kb.themes().len()
            ),
        );
    }
    if kb.sheets().len() < MIN_SHEETS {
        issues.push(
            LintCode::TooSmall,
            None,
            None,
            format!(
                "there are {} sheets; at least {MIN_SHEETS} are needed",
                kb.sheets().len()
            ),
        );
    }
    for theme in kb.themes() {
        for (what, text) in [("title", &theme.title), ("intro", &theme.intro)] {
            for lang in text.missing() {
                issues.push(
                    LintCode::MissingText,
                    file,
                    None,
                    format!("theme {:?} has no {what} in {lang}", theme.id),
                );
            }
        }
        for (suffix, kind) in [
            ("do-it-yourself", SheetKind::DoItYourself),
            ("example", SheetKind::Example),
        ] {
            let id = format!("{}-{suffix}", theme.id);
            match kb.sheet(&id) {
                None => issues.push(
                    LintCode::MissingThemeSheet,
                    None,
                    Some(&id),
                    format!(
                        "theme {:?} has no sheet {id:?} (kind {:?})",
                        theme.id,
                        kind.id()
                    ),
                ),
                Some(s) if s.kind != kind => issues.push(
                    LintCode::MissingThemeSheet,
                    Some(&s.file),
                    Some(&id),
                    format!("{id} must have kind {:?}, not {:?}", kind.id(), s.kind.id()),
                ),
                Some(_) => {}
            }
        }
    }
}

fn lint_sheets(kb: &KnowledgeBase, q: &Questionnaire, issues: &mut Issues) {
    let ids: BTreeSet<&str> = kb.sheets().iter().map(|s| s.id.as_str()).collect();
    let mut seen_ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut titles: BTreeMap<(Lang, String), &str> = BTreeMap::new();
    for sheet in kb.sheets() {
        let file = Some(sheet.file.as_str());
        let at = Some(sheet.id.as_str());
        let mut push = |code, message| issues.push(code, file, at, message);

        if let Some(first) = seen_ids.insert(&sheet.id, &sheet.file) {
            push(
                LintCode::DuplicateId,
                format!("id {:?} is also used by {first}", sheet.id),
            );
        }
        // Ids and file names.
        if !is_sheet_id(&sheet.id) {
            push(
                LintCode::BadId,
                format!(
                    "id {:?} is not kebab-case (a-z, 0-9 and single dashes)",
                    sheet.id
                ),
            );
        }
        if !sheet.id.starts_with(&format!("{}-", sheet.theme)) {
            push(
                LintCode::BadId,
                format!(
                    "id {:?} must start with \"{}-\" (its theme)",
                    sheet.id, sheet.theme
                ),
            );
        }
        if sheet.stem != sheet.id {
            push(
                LintCode::BadId,
                format!(
                    "id {:?} differs from the file name {:?}",
                    sheet.id,
                    format!("{}.toml", sheet.stem)
                ),
            );
        }
        // Theme.
        if kb.theme(&sheet.theme).is_none() {
            let known: Vec<&str> = kb.themes().iter().map(|t| t.id.as_str()).collect();
            push(
                LintCode::UnknownTheme,
                format!(
                    "theme {:?} does not exist; the themes are: {}",
                    sheet.theme,
                    known.join(", ")
                ),
            );
        } else if sheet.folder != sheet.theme {
            push(
                LintCode::UnknownTheme,
                format!(
                    "sheet of theme {:?} sits in folder advice/{}/",
                    sheet.theme, sheet.folder
                ),
            );
        }
        // Texts.
        for lang in Lang::ALL {
            if sheet.title.get(lang).trim().is_empty() {
                push(
                    LintCode::MissingText,
                    format!("no title in {lang} ([{lang}] title)"),
                );
            }
            if sheet.body.get(lang).trim().is_empty() {
                push(
                    LintCode::MissingText,
                    format!("no body in {lang} ([{lang}] body)"),
                );
            }
            let title = sheet.title.get(lang).trim().to_lowercase();
            if !title.is_empty() {
                match titles.get(&(lang, title.clone())) {
                    Some(other) => push(
                        LintCode::DuplicateTitle,
                        format!(
                            "the {lang} title {:?} is also the title of {other}",
                            sheet.title.get(lang).trim()
                        ),
                    ),
                    None => {
                        titles.insert((lang, title), &sheet.id);
                    }
                }
            }
            for reference in references(sheet.body.get(lang)) {
                if !ids.contains(reference.as_str()) {
                    push(
                        LintCode::UnknownReference,
                        format!("the {lang} body refers to [[{reference}]], which does not exist"),
                    );
                }
            }
        }
        // Related sheets and tool links.
        for related in &sheet.related {
            if !ids.contains(related.as_str()) {
                push(
                    LintCode::UnknownRelated,
                    format!("related sheet {related:?} does not exist"),
                );
            } else if related == &sheet.id {
                push(
                    LintCode::UnknownRelated,
                    "a sheet cannot be related to itself".to_owned(),
                );
            }
        }
        for link in &sheet.links {
            if Tool::parse(link).is_none() {
                let known: Vec<&str> = Tool::ALL.iter().map(|t| t.id()).collect();
                push(
                    LintCode::UnknownTool,
                    format!(
                        "link {link:?} is not a tool; the tools are: {}",
                        known.join(", ")
                    ),
                );
            }
        }
        // Conditions: known questions and answers.
        let clauses = std::iter::once(("[when]".to_owned(), &sheet.condition.when)).chain(
            sheet
                .condition
                .when_any
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("when_any entry {}", i + 1), c)),
        );
        let mut known_ids = true;
        for (place, clause) in clauses {
            for (question_id, m) in &clause.matches {
                let Some(question) = q.question(question_id) else {
                    known_ids = false;
                    push(
                        LintCode::UnknownQuestion,
                        format!("{place} names question {question_id:?}, which does not exist; the questions are: {}", q.question_ids().join(", ")),
                    );
                    continue;
                };
                for answer in m.answer_ids() {
                    if question.answer(answer).is_none() {
                        known_ids = false;
                        push(
                            LintCode::UnknownAnswer,
                            format!(
                                "{place}: question {question_id:?} has no answer {answer:?}; its answers are: {}",
                                question.answer_ids().join(", ")
                            ),
                        );
                    }
                }
            }
        }
        // Reachability is judged on the known ids only; unknown ones are reported above.
        if known_ids
            && !sheet
                .condition
                .alternatives()
                .iter()
                .any(|alt| satisfiable(alt, q))
        {
            push(
                LintCode::Unreachable,
                format!(
                    "no answers can show this sheet: its condition ({}) can never be true",
                    sheet.condition
                ),
            );
        }
    }
}

/// Whether some set of answers satisfies all these matches together.
fn satisfiable(matches: &[(&str, &Match)], q: &Questionnaire) -> bool {
    let mut by_question: BTreeMap<&str, Vec<&Match>> = BTreeMap::new();
    for (question, m) in matches {
        by_question.entry(question).or_default().push(m);
    }
    by_question.into_iter().all(|(question_id, ms)| {
        let Some(question) = q.question(question_id) else {
            return false;
        };
        let positive = ms.iter().any(|m| !matches!(m, Match::NoneOf(_)));
        // Leaving the question unanswered satisfies only `none_of`.
        if !positive {
            return true;
        }
        let all = question.answer_ids();
        match question.kind {
            // One answer must satisfy every match at once.
            QuestionKind::One => all.iter().any(|a| ms.iter().all(|m| m.matches(&[a]))),
            // Give every answer that no `none_of` forbids: that satisfies all
            // positive matches that can be satisfied at all.
            QuestionKind::Several => {
                let allowed: Vec<&str> = all
                    .iter()
                    .copied()
                    .filter(|a| {
                        ms.iter().all(
                            |m| !matches!(m, Match::NoneOf(list) if list.iter().any(|x| x == a)),
                        )
                    })
                    .collect();
                !allowed.is_empty() && ms.iter().all(|m| m.matches(&allowed))
            }
        }
    })
}
