//! A site's goals in its settings: the list (everyone who sees the site),
//! and for owners: add (`POST /settings/sites/{site}/goals`), edit
//! (`GET`/`POST /settings/sites/{site}/goals/{goal}`) and delete
//! (`POST …/goals/{goal}/delete`). The rules are those of `etalage goal add`.
use super::context::Ctx;
use super::forms::{problem_for, summary, Input, Problem};
use super::i18n::format_money;
use super::layout::{csrf_field, esc, tk};
use super::pages::{error_page, html, redirect, require_login, store_error};
use super::site_settings::{owned_site, owner_post, render, site_url, start_post, value, Extras};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use etalage_core::{Currency, Goal, GoalClass, GoalTrigger, Money, PagePattern};
use etalage_store::{Role, Site, StoreError};
use std::collections::HashMap;
use std::fmt::Write;

/// Longest goal name, in characters: it is a label in reports.
const MAX_NAME_CHARS: usize = 100;
/// Longest custom event name, in characters.
const MAX_EVENT_CHARS: usize = 200;

/// A goal form as typed, with its problems.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct GoalInput {
    name: String,
    /// `event` or `page`.
    kind: String,
    /// The event name or page pattern.
    matcher: String,
    /// `soft` or `hard`.
    class: String,
    amount: String,
    currency: String,
    problems: Vec<Problem>,
}

impl Default for GoalInput {
    fn default() -> Self {
        GoalInput {
            name: String::new(),
            kind: "event".into(),
            matcher: String::new(),
            class: "soft".into(),
            amount: String::new(),
            currency: Currency::EUR.to_string(),
            problems: Vec::new(),
        }
    }
}

impl GoalInput {
    /// A stored goal, for its edit form.
    fn of(goal: &Goal) -> GoalInput {
        let (kind, matcher) = match &goal.trigger {
            GoalTrigger::Event(e) => ("event", e.clone()),
            GoalTrigger::Page(p) => ("page", p.as_str().to_string()),
        };
        GoalInput {
            name: goal.name.clone(),
            kind: kind.into(),
            matcher,
            class: goal.class.as_str().into(),
            amount: goal.value.map(|m| m.amount.to_string()).unwrap_or_default(),
            currency: goal
                .value
                .map(|m| m.currency.to_string())
                .unwrap_or_else(|| Currency::EUR.to_string()),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, field: &'static str, key: &'static str) {
        self.problems.push(Problem { field, key });
    }

    /// Reads and checks a submitted form; the goal (with `id`) when there
    /// is no problem.
    fn read(fields: &HashMap<String, String>, id: u32) -> (GoalInput, Option<Goal>) {
        let mut input = GoalInput {
            name: value(fields, "name").trim().to_string(),
            kind: value(fields, "kind").to_string(),
            matcher: value(fields, "match").trim().to_string(),
            class: value(fields, "class").to_string(),
            amount: value(fields, "amount").trim().to_string(),
            currency: value(fields, "currency").trim().to_ascii_uppercase(),
            problems: Vec::new(),
        };
        if input.name.is_empty() {
            input.problem("gf-name", tk("goal-error-name-empty"));
        } else if input.name.chars().count() > MAX_NAME_CHARS
            || input.name.chars().any(char::is_control)
        {
            input.problem("gf-name", tk("goal-error-name-long"));
        }
        let trigger = match input.kind.as_str() {
            "event" if input.matcher.is_empty() => {
                input.problem("gf-match", tk("goal-error-event-empty"));
                None
            }
            "event"
                if input.matcher.chars().count() > MAX_EVENT_CHARS
                    || input.matcher.chars().any(char::is_control) =>
            {
                input.problem("gf-match", tk("goal-error-event-long"));
                None
            }
            "event" => Some(GoalTrigger::Event(input.matcher.clone())),
            "page" => match PagePattern::parse(&input.matcher) {
                Ok(p) => Some(GoalTrigger::Page(p)),
                Err(_) => {
                    input.problem("gf-match", tk("goal-error-page"));
                    None
                }
            },
            _ => {
                input.problem("gf-kind-event", tk("goal-error-kind"));
                None
            }
        };
        let class = GoalClass::parse(&input.class).ok();
        if class.is_none() {
            input.problem("gf-class", tk("goal-error-class"));
        }
        // An empty amount means "no value"; the currency is then ignored.
        let value = if input.amount.is_empty() {
            Some(None)
        } else {
            let currency = Currency::parse(&input.currency).ok();
            if currency.is_none() {
                input.problem("gf-currency", tk("goal-error-currency"));
            }
            let money = Money::parse(&input.amount, Currency::EUR.as_str()).ok();
            match money {
                None => input.problem("gf-amount", tk("goal-error-amount")),
                Some(m) if negative(&m) => {
                    input.problem("gf-amount", tk("goal-error-amount-negative"))
                }
                Some(_) => {}
            }
            // Listed after the currency in the summary, as on the form.
            input.problems.sort_by_key(|p| p.field == "gf-currency");
            match (money, currency) {
                (Some(m), Some(c)) if !negative(&m) => Some(Some(Money {
                    amount: m.amount,
                    currency: c,
                })),
                _ => None,
            }
        };
        let goal = match (trigger, class, value) {
            (Some(trigger), Some(class), Some(value)) if input.problems.is_empty() => Some(Goal {
                id,
                name: input.name.clone(),
                trigger,
                class,
                value,
            }),
            _ => None,
        };
        (input, goal)
    }

    /// The form: `action` is where it posts, `submit_key` its button.
    fn form(&self, ctx: &Ctx, action: &str, submit_key: &str) -> String {
        let l = ctx.locale;
        let p = &self.problems;
        let checked = |kind: &str| if self.kind == kind { " checked" } else { "" };
        let selected = |class: &str| if self.class == class { " selected" } else { "" };
        let kind_error = problem_for(p, "gf-kind-event")
            .map(|k| format!(r#"<p class="field-error">{}</p>"#, esc(&l.t(k))))
            .unwrap_or_default();
        let class_error = problem_for(p, "gf-class")
            .map(|k| {
                format!(
                    r#"<p class="field-error" id="gf-class-error">{}</p>"#,
                    esc(&l.t(k))
                )
            })
            .unwrap_or_default();
        format!(
            r#"<form class="goal-form" method="post" action="{action}" novalidate>{csrf}{summary}{name}
<fieldset class="field"><legend>{kind_legend}</legend>{kind_error}
<div class="choice"><input type="radio" id="gf-kind-event" name="kind" value="event"{event_checked}><label for="gf-kind-event">{kind_event}</label></div>
<div class="choice"><input type="radio" id="gf-kind-page" name="kind" value="page"{page_checked}><label for="gf-kind-page">{kind_page}</label></div>
</fieldset>
{matcher}<div class="field"><label for="gf-class">{class_label}</label><p class="hint" id="gf-class-hint">{class_hint}</p>{class_error}<select id="gf-class" name="class"{class_described}><option value="soft"{soft}>{soft_label}</option><option value="hard"{hard}>{hard_label}</option></select></div>
<fieldset class="field money"><legend>{value_legend}</legend><p class="hint">{value_hint}</p>{amount}{currency}</fieldset>
<button type="submit">{submit}</button></form>
"#,
            csrf = csrf_field(ctx),
            summary = summary(ctx, p),
            name = Input {
                id: "gf-name",
                name: "name",
                label_key: tk("goal-name"),
                value: &self.name,
                hint_key: Some(tk("goal-name-hint")),
                required: true,
                attrs: r#"maxlength="100" autocomplete="off""#,
            }
            .html(ctx, p),
            kind_legend = esc(&l.t("goal-kind")),
            event_checked = checked("event"),
            page_checked = checked("page"),
            kind_event = esc(&l.t("goal-kind-event")),
            kind_page = esc(&l.t("goal-kind-page")),
            matcher = Input {
                id: "gf-match",
                name: "match",
                label_key: tk("goal-match"),
                value: &self.matcher,
                hint_key: Some(tk("goal-match-hint")),
                required: true,
                attrs: r#"autocomplete="off" autocapitalize="none" spellcheck="false""#,
            }
            .html(ctx, p),
            class_label = esc(&l.t("goal-class")),
            class_hint = esc(&l.t("goal-class-hint")),
            class_described = if class_error.is_empty() {
                r#" aria-describedby="gf-class-hint""#
            } else {
                r#" aria-describedby="gf-class-hint gf-class-error" aria-invalid="true""#
            },
            soft = selected("soft"),
            hard = selected("hard"),
            soft_label = esc(&l.t("goal-class-soft")),
            hard_label = esc(&l.t("goal-class-hard")),
            value_legend = esc(&l.t("goal-value")),
            value_hint = esc(&l.t("goal-value-hint")),
            amount = Input {
                id: "gf-amount",
                name: "amount",
                label_key: tk("goal-amount"),
                value: &self.amount,
                hint_key: None,
                required: false,
                attrs: r#"inputmode="decimal" autocomplete="off""#,
            }
            .html(ctx, p),
            currency = Input {
                id: "gf-currency",
                name: "currency",
                label_key: tk("goal-currency"),
                value: &self.currency,
                hint_key: None,
                required: false,
                attrs: r#"maxlength="3" autocomplete="off" autocapitalize="characters" spellcheck="false""#,
            }
            .html(ctx, p),
            submit = esc(&l.t(submit_key)),
        )
    }
}

/// A goal's value cannot be below zero (the CLI allows it; the form is
/// where people type).
fn negative(m: &Money) -> bool {
    m.amount.is_sign_negative() && !m.amount.is_zero()
}

fn trigger_text(ctx: &Ctx, trigger: &GoalTrigger) -> String {
    let l = ctx.locale;
    match trigger {
        GoalTrigger::Event(e) => l.ta("goal-trigger-event", &[("name", e)]),
        GoalTrigger::Page(p) => l.ta("goal-trigger-page", &[("pattern", p.as_str())]),
    }
}

fn class_text(ctx: &Ctx, class: GoalClass) -> String {
    ctx.locale.t(match class {
        GoalClass::Soft => tk("goal-soft"),
        GoalClass::Hard => tk("goal-hard"),
    })
}

/// The goals section of the site page; `input` is the new-goal form after
/// a failed save.
pub(super) fn section(
    ctx: &Ctx,
    site: &Site,
    role: Role,
    goals: &[Goal],
    input: Option<&GoalInput>,
) -> String {
    let l = ctx.locale;
    let owner = role == Role::Owner;
    let mut html = format!(
        r#"<section class="card site" id="goals" aria-labelledby="goals-heading"><h2 id="goals-heading">{}</h2><p>{}</p>"#,
        esc(&l.t("goal-heading")),
        esc(&l.t("goal-intro")),
    );
    if goals.is_empty() {
        let _ = write!(html, r#"<p class="notice">{}</p>"#, esc(&l.t("goal-none")));
    } else {
        let _ = write!(
            html,
            r#"<div class="table-wrap"><table><caption class="visually-hidden">{caption}</caption><thead><tr><th scope="col">{name}</th><th scope="col">{trigger}</th><th scope="col">{class}</th><th scope="col">{value}</th>{actions}</tr></thead><tbody>"#,
            caption = esc(&l.ta("goal-caption", &[("domain", site.domain.as_str())])),
            name = esc(&l.t("goal-name")),
            trigger = esc(&l.t("goal-trigger")),
            class = esc(&l.t("goal-class")),
            value = esc(&l.t("goal-value")),
            actions = if owner {
                format!(r#"<th scope="col">{}</th>"#, esc(&l.t("goal-actions")))
            } else {
                String::new()
            },
        );
        for goal in goals {
            let value = goal
                .value
                .map(|m| format_money(&m, l))
                .unwrap_or_else(|| "–".to_string());
            let _ = write!(
                html,
                r#"<tr><th scope="row">{name}</th><td>{trigger}</td><td>{class}</td><td class="num">{value}</td>"#,
                name = esc(&goal.name),
                trigger = esc(&trigger_text(ctx, &goal.trigger)),
                class = esc(&class_text(ctx, goal.class)),
                value = esc(&value),
            );
            if owner {
                let url = format!("{}/goals/{}", site_url(site.id), goal.id);
                let _ = write!(
                    html,
                    r#"<td><div class="row-actions"><a href="{url}" aria-label="{edit_label}">{edit}</a><form method="post" action="{url}/delete">{csrf}<button type="submit" class="danger" aria-label="{delete_label}">{delete}</button></form></div></td>"#,
                    edit_label = esc(&l.ta("goal-edit-named", &[("name", &goal.name)])),
                    edit = esc(&l.t("goal-edit")),
                    csrf = csrf_field(ctx),
                    delete_label = esc(&l.ta("goal-delete-named", &[("name", &goal.name)])),
                    delete = esc(&l.t("goal-delete")),
                );
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></div>");
        if owner {
            let _ = write!(
                html,
                r#"<p class="hint">{}</p>"#,
                esc(&l.t("goal-delete-hint"))
            );
        }
    }
    if owner {
        let blank = GoalInput::default();
        let _ = write!(
            html,
            r#"<h3 id="goal-new">{}</h3>{}"#,
            esc(&l.t("goal-new")),
            input.unwrap_or(&blank).form(
                ctx,
                // The fragment brings the browser back to the form (and
                // its error summary) when the answer is the page again.
                &format!("{}/goals#goal-new", site_url(site.id)),
                tk("goal-create")
            ),
        );
    }
    html.push_str("</section>\n");
    html
}

/// Where to go after a change: the goals on the site page.
fn back_to_goals(ctx: &Ctx, site: &Site) -> Response {
    redirect(ctx, &format!("{}?saved=1#goals", site_url(site.id)))
}

/// `POST /settings/sites/{site}/goals`.
pub(crate) async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    body: Bytes,
) -> Response {
    let (_, fields, site) = match owner_post(&ctx, &body, &raw_id) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let (mut input, goal) = GoalInput::read(&fields, 0);
    if let Some(g) = goal {
        match state
            .store
            .add_goal(site.id, &g.name, &g.trigger, g.class, g.value)
        {
            Ok(_) => return back_to_goals(&ctx, site),
            Err(StoreError::Conflict(_)) => input.problem("gf-name", tk("goal-error-name-taken")),
            Err(e) => return store_error(&ctx, e),
        }
    }
    let extras = Extras {
        goal_form: Some(input),
        ..Extras::default()
    };
    render(
        &ctx,
        &state,
        &headers,
        (site, Role::Owner),
        &extras,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// The goal a path names, of a site the user owns; 404 when the site has
/// no such goal.
fn owned_goal<'a>(
    ctx: &'a Ctx,
    state: &AppState,
    raw_site: &str,
    raw_goal: &str,
) -> Result<(&'a Site, Goal), Response> {
    let site = owned_site(ctx, raw_site)?;
    let goals = state
        .store
        .goals(site.id)
        .map_err(|e| store_error(ctx, e))?;
    raw_goal
        .parse::<u32>()
        .ok()
        .and_then(|id| goals.into_iter().find(|g| g.id == id))
        .map(|g| (site, g))
        .ok_or_else(|| error_page(ctx, StatusCode::NOT_FOUND, "goal-not-found"))
}

fn edit_form(
    ctx: &Ctx,
    site: &Site,
    goal: &Goal,
    input: &GoalInput,
    status: StatusCode,
) -> Response {
    let l = ctx.locale;
    let title = l.ta("goal-edit-title", &[("name", &goal.name)]);
    let url = site_url(site.id);
    let main = format!(
        r#"<p class="crumbs"><a href="/settings">{settings}</a> › <a href="{url}#goals">{domain}</a></p><h1>{title}</h1>
<div class="card">{form}<p><a href="{url}#goals">{cancel}</a></p></div>
"#,
        settings = esc(&l.t("settings-title")),
        domain = esc(site.domain.as_str()),
        title = esc(&title),
        form = input.form(ctx, &format!("{url}/goals/{}", goal.id), tk("goal-update")),
        cancel = esc(&l.t("goal-cancel")),
    );
    html(ctx, status, &title, &main)
}

/// `GET /settings/sites/{site}/goals/{goal}`: the edit form (owners).
pub(crate) async fn edit_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((raw_site, raw_goal)): Path<(String, String)>,
) -> Response {
    if let Err(r) = require_login(&ctx) {
        return r;
    }
    match owned_goal(&ctx, &state, &raw_site, &raw_goal) {
        Ok((site, goal)) => edit_form(&ctx, site, &goal, &GoalInput::of(&goal), StatusCode::OK),
        Err(r) => r,
    }
}

/// `POST /settings/sites/{site}/goals/{goal}`: saves an edited goal.
pub(crate) async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((raw_site, raw_goal)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let fields = match start_post(&ctx, &body) {
        Ok((_, fields)) => fields,
        Err(r) => return r,
    };
    let (site, goal) = match owned_goal(&ctx, &state, &raw_site, &raw_goal) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let (mut input, changed) = GoalInput::read(&fields, goal.id);
    if let Some(changed) = changed {
        match state.store.update_goal(site.id, &changed) {
            Ok(Some(_)) => return back_to_goals(&ctx, site),
            Ok(None) => return error_page(&ctx, StatusCode::NOT_FOUND, "goal-not-found"),
            Err(StoreError::Conflict(_)) => input.problem("gf-name", tk("goal-error-name-taken")),
            Err(e) => return store_error(&ctx, e),
        }
    }
    edit_form(&ctx, site, &goal, &input, StatusCode::UNPROCESSABLE_ENTITY)
}

/// `POST /settings/sites/{site}/goals/{goal}/delete`.
pub(crate) async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((raw_site, raw_goal)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Err(r) = start_post(&ctx, &body) {
        return r;
    }
    let (site, goal) = match owned_goal(&ctx, &state, &raw_site, &raw_goal) {
        Ok(found) => found,
        Err(r) => return r,
    };
    match state.store.delete_goal(site.id, goal.id) {
        Ok(_) => {
            tracing::info!(site = %site.domain, goal = %goal.name, "goal deleted");
            back_to_goals(&ctx, site)
        }
        Err(e) => store_error(&ctx, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn goal_forms_are_checked_like_the_cli() {
        let (_, goal) = GoalInput::read(
            &fields(&[
                ("name", " Contact "),
                ("kind", "page"),
                ("match", "/bedankt/*"),
                ("class", "hard"),
                ("amount", "40,5"),
                ("currency", "eur"),
            ]),
            3,
        );
        let goal = goal.unwrap();
        assert_eq!(goal.name, "Contact");
        assert_eq!(goal.id, 3);
        assert_eq!(
            goal.trigger,
            GoalTrigger::Page(PagePattern::parse("/bedankt/*").unwrap())
        );
        assert_eq!(goal.value, Some(Money::parse("40.5", "EUR").unwrap()));
        // Without an amount the currency does not matter.
        let (_, goal) = GoalInput::read(
            &fields(&[
                ("name", "Signup"),
                ("kind", "event"),
                ("match", "Signup"),
                ("class", "soft"),
                ("currency", "x"),
            ]),
            0,
        );
        assert_eq!(goal.unwrap().value, None);

        let (input, goal) = GoalInput::read(
            &fields(&[
                ("kind", "page"),
                ("match", "bedankt"),
                ("class", "medium"),
                ("amount", "-3"),
                ("currency", "EURO"),
            ]),
            0,
        );
        assert!(goal.is_none());
        let found: Vec<_> = input.problems.iter().map(|p| (p.field, p.key)).collect();
        assert_eq!(
            found,
            [
                ("gf-name", "goal-error-name-empty"),
                ("gf-match", "goal-error-page"),
                ("gf-class", "goal-error-class"),
                ("gf-amount", "goal-error-amount-negative"),
                ("gf-currency", "goal-error-currency"),
            ]
        );
        let (input, _) = GoalInput::read(&fields(&[("name", "x"), ("class", "soft")]), 0);
        assert_eq!(input.problems[0].key, "goal-error-kind");
        // What was typed is kept for the form.
        assert_eq!(input.name, "x");
    }
}
