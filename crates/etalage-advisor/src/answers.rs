//! A business's answers to the questionnaire, and how they travel: as JSON
//! (`{"stage": "new", "offer": ["services", "food"]}`) and as a URL query
//! (`offer=food&offer=services&stage=new`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::questionnaire::{QuestionKind, Questionnaire};

/// Answers by question id. A question is either unanswered (absent) or has one
/// or more answer ids. Ids are kept sorted, so equal answers compare equal and
/// [`Answers::to_query`] is canonical: the same answers always give the same URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    map: BTreeMap<String, BTreeSet<String>>,
}

/// Why answers were refused. Messages name the offending question or answer
/// and list what would have been valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// The text was not JSON.
    #[error("the answers are not valid JSON: {0}")]
    Json(String),
    /// The JSON was not an object of question ids.
    #[error("the answers must be a JSON object like {{\"stage\": \"new\", \"offer\": [\"services\"]}}, found {0}")]
    NotAnObject(String),
    /// A question's value was neither a string nor a list of strings.
    #[error(
        "the answer to {question:?} must be an answer id or a list of answer ids, found {found}"
    )]
    BadValue {
        /// The question id.
        question: String,
        /// What was found instead, as JSON.
        found: String,
    },
    /// A question id that the questionnaire does not have.
    #[error("unknown question {question:?}; the questions are: {}", valid.join(", "))]
    UnknownQuestion {
        /// The unknown id.
        question: String,
        /// The valid question ids, in order.
        valid: Vec<String>,
    },
    /// An answer id that the question does not have.
    #[error("unknown answer {answer:?} to question {question:?}; its answers are: {}", valid.join(", "))]
    UnknownAnswer {
        /// The question id.
        question: String,
        /// The unknown answer id.
        answer: String,
        /// The valid answer ids of that question, in order.
        valid: Vec<String>,
    },
    /// Several answers to a question that takes only one.
    #[error("question {question:?} takes one answer, but got {}: {}", answers.len(), answers.join(", "))]
    SeveralForOne {
        /// The question id.
        question: String,
        /// The answers given.
        answers: Vec<String>,
    },
}

impl Answers {
    /// Query keys that are not questions: the advisor page uses them for the
    /// language and the download format, and [`Answers::from_query`] skips them.
    pub const RESERVED_QUERY_KEYS: [&'static str; 2] = ["lang", "format"];

    /// No answers at all.
    pub fn new() -> Answers {
        Answers::default()
    }

    /// Parses `{"question_id": "answer" or ["answers", …]}`. `null`, `""` and
    /// `[]` mean "not answered". This checks only the shape; use
    /// [`Answers::validate`] to check the ids against a questionnaire.
    pub fn parse_json(json: &str) -> Result<Answers, AnswerError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| AnswerError::Json(e.to_string()))?;
        let serde_json::Value::Object(object) = value else {
            return Err(AnswerError::NotAnObject(value.to_string()));
        };
        let mut answers = Answers::new();
        for (question, value) in object {
            let bad = || AnswerError::BadValue {
                question: question.clone(),
                found: value.to_string(),
            };
            match &value {
                serde_json::Value::Null => {}
                serde_json::Value::String(answer) => answers.insert(&question, answer),
                serde_json::Value::Array(items) => {
                    for item in items {
                        let serde_json::Value::String(answer) = item else {
                            return Err(bad());
                        };
                        answers.insert(&question, answer);
                    }
                }
                _ => return Err(bad()),
            }
        }
        Ok(answers)
    }

    /// Parses a URL query string such as `stage=new&offer=services&offer=food`
    /// (with or without a leading `?`). Empty values mean "not answered"; the
    /// keys in [`Answers::RESERVED_QUERY_KEYS`] are skipped. Like
    /// [`Answers::parse_json`], the ids are checked by [`Answers::validate`].
    pub fn from_query(query: &str) -> Answers {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut answers = Answers::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            if Self::RESERVED_QUERY_KEYS.contains(&key.as_ref()) {
                continue;
            }
            answers.insert(&key, &value);
        }
        answers
    }

    /// The answers as a URL query, question ids and answer ids in sorted order
    /// (so the same answers always give the same URL). Empty when nothing is answered.
    pub fn to_query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (question, answers) in &self.map {
            for answer in answers {
                query.append_pair(question, answer);
            }
        }
        query.finish()
    }

    /// Adds one answer to a question. Empty or blank strings are ignored.
    pub fn insert(&mut self, question: &str, answer: &str) {
        let (question, answer) = (question.trim(), answer.trim());
        if question.is_empty() || answer.is_empty() {
            return;
        }
        self.map
            .entry(question.to_owned())
            .or_default()
            .insert(answer.to_owned());
    }

    /// Adds one answer and returns the answers, for building them in code.
    pub fn with(mut self, question: &str, answer: &str) -> Answers {
        self.insert(question, answer);
        self
    }

    /// The answers given to a question, sorted; empty when unanswered.
    pub fn get(&self, question: &str) -> Vec<&str> {
        self.map
            .get(question)
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether the question has at least one answer.
    pub fn is_answered(&self, question: &str) -> bool {
        self.map.get(question).is_some_and(|s| !s.is_empty())
    }

    /// Whether `answer` is among the answers to `question`.
    pub fn has(&self, question: &str, answer: &str) -> bool {
        self.map.get(question).is_some_and(|s| s.contains(answer))
    }

    /// Whether no question is answered.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every answered question with its answers, by question id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Vec<&str>)> {
        self.map
            .iter()
            .map(|(q, a)| (q.as_str(), a.iter().map(String::as_str).collect()))
    }

    /// Checks every id against the questionnaire, and that a question taking
    /// one answer has only one. The first problem found is returned.
    pub fn validate(&self, questionnaire: &Questionnaire) -> Result<(), AnswerError> {
        for (question_id, answers) in &self.map {
            let Some(question) = questionnaire.question(question_id) else {
                return Err(AnswerError::UnknownQuestion {
                    question: question_id.clone(),
                    valid: questionnaire
                        .question_ids()
                        .into_iter()
                        .map(str::to_owned)
                        .collect(),
                });
            };
            for answer in answers {
                if question.answer(answer).is_none() {
                    return Err(AnswerError::UnknownAnswer {
                        question: question_id.clone(),
                        answer: answer.clone(),
                        valid: question
                            .answer_ids()
                            .into_iter()
                            .map(str::to_owned)
                            .collect(),
                    });
                }
            }
            if question.kind == QuestionKind::One && answers.len() > 1 {
                // Report them in the questionnaire's order, as the person saw them.
                let answers = question
                    .answers
                    .iter()
                    .filter(|a| answers.contains(&a.id))
                    .map(|a| a.id.clone())
                    .collect();
                return Err(AnswerError::SeveralForOne {
                    question: question_id.clone(),
                    answers,
                });
            }
        }
        Ok(())
    }

    /// The answers as JSON in the shape [`Answers::parse_json`] reads: a string
    /// for a question taking one answer, a list for the others (and for
    /// questions the questionnaire does not know).
    pub fn to_json(&self, questionnaire: &Questionnaire) -> serde_json::Value {
        let mut object = serde_json::Map::new();
        for (question, answers) in &self.map {
            let one = questionnaire
                .question(question)
                .is_some_and(|q| q.kind == QuestionKind::One);
            let value = match (one, answers.len()) {
                (true, 1) => {
                    serde_json::Value::String(answers.iter().next().cloned().unwrap_or_default())
                }
                _ => answers
                    .iter()
                    .cloned()
                    .map(serde_json::Value::String)
                    .collect(),
            };
            object.insert(question.clone(), value);
        }
        serde_json::Value::Object(object)
    }
}

/// Serializes as an object of question id → list of answer ids.
impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.map.len()))?;
        for (question, answers) in &self.map {
            map.serialize_entry(question, answers)?;
        }
        map.end()
    }
}

impl fmt::Display for Answers {
    /// Shows the canonical query string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query())
    }
}
