//! When an advice sheet applies: the `[when]` table and the `when_any` list of
//! a sheet, and their evaluation against a business's answers.
//!
//! The rules, as `content/README.md` fixes them:
//! - `[when]`: every listed question must match (AND);
//! - a list `["a", "b"]`: one of these answers was given;
//! - `{ none_of = [...] }`: none of these was given;
//! - `{ any_except = [...] }`: some answer other than these was given;
//! - an unanswered question matches only `none_of`;
//! - `when_any`: a list of tables like `[when]`; at least one must match (OR).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::json;

use crate::answers::Answers;

/// What one question's answers must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// At least one of these answers was given (`["a", "b"]`).
    AnyOf(Vec<String>),
    /// None of these answers was given (`{ none_of = ["a"] }`); also true when unanswered.
    NoneOf(Vec<String>),
    /// At least one answer other than these was given (`{ any_except = ["none"] }`).
    AnyExcept(Vec<String>),
}

impl Match {
    /// Whether the answers given to the question (empty when unanswered) match.
    pub fn matches(&self, given: &[&str]) -> bool {
        match self {
            Match::AnyOf(list) => given.iter().any(|g| list.iter().any(|l| l == g)),
            Match::NoneOf(list) => !given.iter().any(|g| list.iter().any(|l| l == g)),
            Match::AnyExcept(list) => given.iter().any(|g| !list.iter().any(|l| l == g)),
        }
    }

    /// The answer ids this match names.
    pub fn answer_ids(&self) -> &[String] {
        match self {
            Match::AnyOf(list) | Match::NoneOf(list) | Match::AnyExcept(list) => list,
        }
    }

    /// Of the answers given, those that made this match true: the answers in
    /// the list for `AnyOf`, the others for `AnyExcept`, and all of them (which
    /// may be none) for `NoneOf`.
    fn reasons<'a>(&self, given: &[&'a str]) -> Vec<&'a str> {
        match self {
            Match::AnyOf(list) => given
                .iter()
                .copied()
                .filter(|g| list.iter().any(|l| l == g))
                .collect(),
            Match::NoneOf(_) => given.to_vec(),
            Match::AnyExcept(list) => given
                .iter()
                .copied()
                .filter(|g| !list.iter().any(|l| l == g))
                .collect(),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Match::AnyOf(list) => json!(list),
            Match::NoneOf(list) => json!({ "none_of": list }),
            Match::AnyExcept(list) => json!({ "any_except": list }),
        }
    }

    fn parse(question: &str, value: &toml::Value) -> Result<Match, String> {
        let strings = |value: &toml::Value, what: &str| -> Result<Vec<String>, String> {
            let Some(items) = value.as_array() else {
                return Err(format!(
                    "{question}: {what} must be a list of answer ids, found {value}"
                ));
            };
            items
                .iter()
                .map(|i| {
                    i.as_str().map(str::to_owned).ok_or_else(|| {
                        format!("{question}: {what} must hold answer ids as strings, found {i}")
                    })
                })
                .collect()
        };
        match value {
            toml::Value::Array(_) => Ok(Match::AnyOf(strings(value, "the list")?)),
            toml::Value::Table(table) if table.len() == 1 => {
                let (key, inner) = table.iter().next().expect("one entry");
                match key.as_str() {
                    "none_of" => Ok(Match::NoneOf(strings(inner, "none_of")?)),
                    "any_except" => Ok(Match::AnyExcept(strings(inner, "any_except")?)),
                    other => Err(format!(
                        "{question}: unknown key {other:?}; use a list [\"a\", \"b\"], {{ none_of = [...] }} or {{ any_except = [...] }}"
                    )),
                }
            }
            other => Err(format!(
                "{question}: expected a list [\"a\", \"b\"], {{ none_of = [...] }} or {{ any_except = [...] }}, found {other}"
            )),
        }
    }
}

/// Questions that must all match (AND): the `[when]` table, or one entry of `when_any`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clause {
    /// Question id → what its answers must be.
    pub matches: BTreeMap<String, Match>,
}

impl Clause {
    /// Whether every question of the clause matches.
    pub fn matches(&self, answers: &Answers) -> bool {
        self.matches.iter().all(|(q, m)| m.matches(&answers.get(q)))
    }

    pub(crate) fn parse(table: &toml::Table) -> Result<Clause, String> {
        let mut matches = BTreeMap::new();
        for (question, value) in table {
            matches.insert(question.clone(), Match::parse(question, value)?);
        }
        Ok(Clause { matches })
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.matches
                .iter()
                .map(|(q, m)| (q.clone(), m.to_json()))
                .collect(),
        )
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (question, m)) in self.matches.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            let list = m.answer_ids().join(", ");
            match m {
                Match::AnyOf(_) => write!(f, "{question} in [{list}]")?,
                Match::NoneOf(_) => write!(f, "{question} none of [{list}]")?,
                Match::AnyExcept(_) => write!(f, "{question} any except [{list}]")?,
            }
        }
        Ok(())
    }
}

/// When a sheet is shown: `[when]` (if any) matches and, if `when_any` has
/// entries, at least one of them matches. Without either: always.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Condition {
    /// The `[when]` table; empty when absent.
    pub when: Clause,
    /// The `when_any` entries; empty when absent (an empty list counts as absent).
    pub when_any: Vec<Clause>,
}

/// One question and the answers that made a condition true, for "why you see this".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The question id.
    pub question: String,
    /// The answers that matched; empty when the question matched by being unanswered.
    pub answers: Vec<String>,
}

impl Condition {
    /// Whether the sheet is shown to everyone.
    pub fn is_always(&self) -> bool {
        self.when.matches.is_empty() && self.when_any.is_empty()
    }

    /// Whether the answers satisfy the condition.
    pub fn matches(&self, answers: &Answers) -> bool {
        self.when.matches(answers)
            && (self.when_any.is_empty() || self.when_any.iter().any(|c| c.matches(answers)))
    }

    /// The answers that made the condition true, question by question (in the
    /// order of `[when]`, then of the matching `when_any` entries). Empty when
    /// the condition does not match or is always true.
    pub fn reasons(&self, answers: &Answers) -> Vec<Reason> {
        if !self.matches(answers) {
            return Vec::new();
        }
        let mut reasons: Vec<Reason> = Vec::new();
        let clauses =
            std::iter::once(&self.when).chain(self.when_any.iter().filter(|c| c.matches(answers)));
        for clause in clauses {
            for (question, m) in &clause.matches {
                let given = answers.get(question);
                let found = m.reasons(&given);
                match reasons.iter_mut().find(|r| &r.question == question) {
                    Some(r) => {
                        for a in found {
                            if !r.answers.iter().any(|x| x == a) {
                                r.answers.push(a.to_owned());
                            }
                        }
                    }
                    None => reasons.push(Reason {
                        question: question.clone(),
                        answers: found.into_iter().map(str::to_owned).collect(),
                    }),
                }
            }
        }
        reasons
    }

    /// Every clause a sheet's visibility depends on: `[when]` combined with each
    /// `when_any` entry (or `[when]` alone). The sheet is reachable when one of
    /// these can be satisfied.
    pub fn alternatives(&self) -> Vec<Vec<(&str, &Match)>> {
        let base: Vec<(&str, &Match)> = self
            .when
            .matches
            .iter()
            .map(|(q, m)| (q.as_str(), m))
            .collect();
        if self.when_any.is_empty() {
            return vec![base];
        }
        self.when_any
            .iter()
            .map(|c| {
                let mut all = base.clone();
                all.extend(c.matches.iter().map(|(q, m)| (q.as_str(), m)));
                all
            })
            .collect()
    }

    /// The condition as JSON, in the shape of the TOML:
    /// `{"when": {"markets": ["eu"]}, "when_any": [{"goals": {"none_of": ["loyalty"]}}]}`;
    /// absent parts are left out, so "always" is `{}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut object = serde_json::Map::new();
        if !self.when.matches.is_empty() {
            object.insert("when".into(), self.when.to_json());
        }
        if !self.when_any.is_empty() {
            object.insert(
                "when_any".into(),
                self.when_any.iter().map(Clause::to_json).collect(),
            );
        }
        serde_json::Value::Object(object)
    }
}

impl fmt::Display for Condition {
    /// A readable form such as `markets in [eu, outside_eu] and (goals in [loyalty] or customers in [existing_customers])`, or `always`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_always() {
            return f.write_str("always");
        }
        if !self.when.matches.is_empty() {
            write!(f, "{}", self.when)?;
        }
        if !self.when_any.is_empty() {
            if !self.when.matches.is_empty() {
                f.write_str(" and ")?;
            }
            f.write_str("(")?;
            for (i, c) in self.when_any.iter().enumerate() {
                if i > 0 {
                    f.write_str(" or ")?;
                }
                if c.matches.len() > 1 {
                    write!(f, "({c})")?;
                } else {
                    write!(f, "{c}")?;
                }
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(toml_text: &str) -> Clause {
        Clause::parse(&toml::from_str(toml_text).unwrap()).unwrap()
    }

    #[test]
    fn list_means_any_of_and_unanswered_matches_only_none_of() {
        let c = clause(r#"markets = ["eu", "outside_eu"]"#);
        assert!(c.matches(
            &Answers::new()
                .with("markets", "eu")
                .with("markets", "local")
        ));
        assert!(!c.matches(&Answers::new().with("markets", "local")));
        assert!(!c.matches(&Answers::new()));

        let none = clause(r#"systems = { none_of = ["none"] }"#);
        assert!(none.matches(&Answers::new()));
        assert!(none.matches(&Answers::new().with("systems", "erp")));
        assert!(!none.matches(&Answers::new().with("systems", "none")));

        let except = clause(r#"systems = { any_except = ["none"] }"#);
        assert!(!except.matches(&Answers::new()));
        assert!(!except.matches(&Answers::new().with("systems", "none")));
        assert!(except.matches(
            &Answers::new()
                .with("systems", "none")
                .with("systems", "crm")
        ));
    }

    #[test]
    fn when_is_and_when_any_is_or() {
        let cond = Condition {
            when: clause(r#"stage = ["new", "established"]"#),
            when_any: vec![
                clause(r#"goals = ["new_region"]"#),
                clause(r#"markets = ["eu", "outside_eu"]"#),
            ],
        };
        let base = Answers::new().with("stage", "new");
        assert!(!cond.matches(&base));
        assert!(cond.matches(&base.clone().with("goals", "new_region")));
        assert!(cond.matches(&base.clone().with("markets", "eu")));
        assert!(!cond.matches(&Answers::new().with("markets", "eu")));
        let reasons = cond.reasons(&base.with("markets", "eu").with("markets", "local"));
        assert_eq!(
            reasons,
            vec![
                Reason {
                    question: "stage".into(),
                    answers: vec!["new".into()]
                },
                Reason {
                    question: "markets".into(),
                    answers: vec!["eu".into()]
                },
            ]
        );
        assert_eq!(
            cond.to_string(),
            "stage in [new, established] and (goals in [new_region] or markets in [eu, outside_eu])"
        );
        assert_eq!(
            cond.to_json(),
            json!({"when": {"stage": ["new", "established"]}, "when_any": [{"goals": ["new_region"]}, {"markets": ["eu", "outside_eu"]}]})
        );
    }

    #[test]
    fn bad_values_are_explained() {
        let err = Clause::parse(&toml::from_str(r#"markets = "eu""#).unwrap()).unwrap_err();
        assert!(err.contains("markets") && err.contains("none_of"), "{err}");
        let err = Clause::parse(&toml::from_str(r#"markets = { one_of = ["eu"] }"#).unwrap())
            .unwrap_err();
        assert!(err.contains("one_of"), "{err}");
    }
}
