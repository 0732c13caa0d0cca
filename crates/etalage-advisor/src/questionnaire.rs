//! The questions of the advisor, loaded from `content/questionnaire.toml`.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::LoadError;
use crate::lang::{Lang, Localized};

/// Whether a question takes one answer or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// Exactly one answer (radio buttons).
    One,
    /// Any number of answers (check boxes).
    Several,
}

/// One question of the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Stable id, used in URLs, files and advice conditions.
    pub id: String,
    /// One answer or several.
    pub kind: QuestionKind,
    /// The question as asked.
    pub label: Localized,
    /// A word or two naming the question, for summaries ("Markets = EU").
    pub short: Localized,
    /// A short explanation for people who hesitate.
    pub help: Localized,
    /// The possible answers, in display order.
    pub answers: Vec<AnswerOption>,
}

/// One possible answer to a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerOption {
    /// Stable id, unique within its question.
    pub id: String,
    /// The answer as shown.
    pub label: Localized,
}

impl Question {
    /// The answer with this id, if the question has it.
    pub fn answer(&self, id: &str) -> Option<&AnswerOption> {
        self.answers.iter().find(|a| a.id == id)
    }

    /// The ids of the answers, in order.
    pub fn answer_ids(&self) -> Vec<&str> {
        self.answers.iter().map(|a| a.id.as_str()).collect()
    }

    /// The label of an answer in `lang`, or the id itself for an unknown answer.
    pub fn answer_label<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        self.answer(id)
            .map(|a| a.label.get(lang))
            .filter(|l| !l.is_empty())
            .unwrap_or(id)
    }
}

/// The advisor's questionnaire: questions in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Questionnaire {
    questions: Vec<Question>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    question: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    kind: QuestionKind,
    #[serde(default)]
    nl: RawText,
    #[serde(default)]
    en: RawText,
    #[serde(default)]
    fr: RawText,
    #[serde(default)]
    answer: Vec<RawAnswer>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawText {
    #[serde(default)]
    label: String,
    #[serde(default)]
    short: String,
    #[serde(default)]
    help: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    id: String,
    #[serde(default)]
    nl: String,
    #[serde(default)]
    en: String,
    #[serde(default)]
    fr: String,
}

impl Questionnaire {
    /// The file name of the questionnaire inside the content folder.
    pub const FILE: &'static str = "questionnaire.toml";

    /// Loads `questionnaire.toml` from a content folder.
    pub fn load(content_dir: &Path) -> Result<Questionnaire, LoadError> {
        let path = content_dir.join(Self::FILE);
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| LoadError::one(&name, format!("cannot read the file: {e}")))?;
        Questionnaire::from_toml(&text, &name)
    }

    /// The questionnaire compiled into the binary from `content/questionnaire.toml`.
    pub fn embedded() -> Result<Questionnaire, LoadError> {
        let text = crate::embedded::file(Self::FILE).ok_or_else(|| {
            LoadError::one(Self::FILE, "was not present when this program was built")
        })?;
        Questionnaire::from_toml(text, Self::FILE)
    }

    /// Parses a questionnaire; `source` names the file in error messages.
    pub fn from_toml(text: &str, source: &str) -> Result<Questionnaire, LoadError> {
        let raw: RawFile = toml::from_str(text)
            .map_err(|e| LoadError::one(source, crate::kb::toml_message(&e)))?;
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        let mut questions = Vec::with_capacity(raw.question.len());
        for q in raw.question {
            if !seen.insert(q.id.clone()) {
                problems.push(format!("question {:?} appears twice", q.id));
            }
            if q.answer.is_empty() {
                problems.push(format!("question {:?} has no answers", q.id));
            }
            let mut answer_ids = BTreeSet::new();
            for a in &q.answer {
                if !answer_ids.insert(a.id.as_str()) {
                    problems.push(format!(
                        "question {:?}: answer {:?} appears twice",
                        q.id, a.id
                    ));
                }
            }
            questions.push(Question {
                label: Localized {
                    nl: q.nl.label,
                    en: q.en.label,
                    fr: q.fr.label,
                },
                short: Localized {
                    nl: q.nl.short,
                    en: q.en.short,
                    fr: q.fr.short,
                },
                help: Localized {
                    nl: q.nl.help,
                    en: q.en.help,
                    fr: q.fr.help,
                },
                answers: q
                    .answer
                    .into_iter()
                    .map(|a| AnswerOption {
                        id: a.id,
                        label: Localized {
                            nl: a.nl,
                            en: a.en,
                            fr: a.fr,
                        },
                    })
                    .collect(),
                id: q.id,
                kind: q.kind,
            });
        }
        if problems.is_empty() {
            Ok(Questionnaire { questions })
        } else {
            Err(LoadError::one(source, problems.join("; ")))
        }
    }

    /// The questions, in display order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The ids of the questions, in order.
    pub fn question_ids(&self) -> Vec<&str> {
        self.questions.iter().map(|q| q.id.as_str()).collect()
    }
}
