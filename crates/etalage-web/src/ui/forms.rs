//! Form pieces for pages with several forms (the site settings): inputs
//! whose ids are unique on the page, and an error summary whose items link
//! to the field they name.
use super::context::Ctx;
use super::layout::esc;
use std::fmt::Write;

/// A problem with one field: the field's element id and the Fluent key of
/// the message (which starts with the field's name, for the summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Problem {
    /// Element id of the field.
    pub(super) field: &'static str,
    /// Fluent key of the message.
    pub(super) key: &'static str,
}

/// The message for a field, if it has a problem.
pub(super) fn problem_for(problems: &[Problem], field: &str) -> Option<&'static str> {
    problems.iter().find(|p| p.field == field).map(|p| p.key)
}

/// An error summary above a form, each item a link to its field.
pub(super) fn summary(ctx: &Ctx, problems: &[Problem]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let l = ctx.locale;
    let mut html = format!(
        r#"<div class="error-summary" role="alert" tabindex="-1"><h2>{}</h2><ul>"#,
        esc(&l.t("form-has-errors"))
    );
    for p in problems {
        let _ = write!(
            html,
            r##"<li><a href="#{}">{}</a></li>"##,
            p.field,
            esc(&l.t(p.key))
        );
    }
    html.push_str("</ul></div>\n");
    html
}

/// A text input with its label, an optional hint and its error (tied to
/// the input for screen readers).
pub(super) struct Input<'a> {
    /// Element id (unique on the page).
    pub(super) id: &'a str,
    /// Form field name.
    pub(super) name: &'a str,
    /// Fluent key of the label.
    pub(super) label_key: &'a str,
    /// The value to show.
    pub(super) value: &'a str,
    /// Fluent key of a hint under the label.
    pub(super) hint_key: Option<&'a str>,
    /// Whether the field must be filled in.
    pub(super) required: bool,
    /// More attributes, written as is (`maxlength="100"`).
    pub(super) attrs: &'a str,
}

impl Input<'_> {
    /// The field as HTML, with the problem named in `problems` (if any).
    pub(super) fn html(&self, ctx: &Ctx, problems: &[Problem]) -> String {
        let l = ctx.locale;
        let id = self.id;
        let mut described = Vec::new();
        let hint = match self.hint_key {
            Some(key) => {
                described.push(format!("{id}-hint"));
                format!(r#"<p class="hint" id="{id}-hint">{}</p>"#, esc(&l.t(key)))
            }
            None => String::new(),
        };
        let error = match problem_for(problems, id) {
            Some(key) => {
                described.push(format!("{id}-error"));
                format!(
                    r#"<p class="field-error" id="{id}-error">{}</p>"#,
                    esc(&l.t(key))
                )
            }
            None => String::new(),
        };
        let mut attrs = String::new();
        if self.required {
            attrs.push_str(" required");
        }
        if problem_for(problems, id).is_some() {
            attrs.push_str(r#" aria-invalid="true""#);
        }
        if !described.is_empty() {
            let _ = write!(attrs, r#" aria-describedby="{}""#, described.join(" "));
        }
        if !self.attrs.is_empty() {
            attrs.push(' ');
            attrs.push_str(self.attrs);
        }
        format!(
            r#"<div class="field"><label for="{id}">{label}</label>{hint}{error}<input id="{id}" name="{name}" type="text" value="{value}"{attrs}></div>
"#,
            label = esc(&l.t(self.label_key)),
            name = self.name,
            value = esc(self.value),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_found_by_field() {
        let problems = [Problem {
            field: "gf-name",
            key: "goal-error-name-empty",
        }];
        assert_eq!(
            problem_for(&problems, "gf-name"),
            Some("goal-error-name-empty")
        );
        assert_eq!(problem_for(&problems, "gf-match"), None);
    }
}
