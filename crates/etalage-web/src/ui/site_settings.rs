//! `/settings/sites/{site}`: one site's settings page (domain and time
//! zone, the tracking snippet, goals, share links), and `/settings/sites/new`
//! where administrators add a site. The sections live in `snippet`, `goals`
//! and `share_links`; this module puts the page together and decides who
//! may see and change what:
//!
//! - a user who is not a member of a site gets 404 for it, the same page as
//!   for a site that does not exist, so they never learn that it does;
//! - viewers see the read-only parts (domain, snippet, goals);
//! - owners (and administrators, who own every site) may change things;
//!   a POST from anyone else answers 403;
//! - every POST carries the CSRF field and answers 403 without it.
use super::context::Ctx;
use super::enhance;
use super::forms::{summary, Input, Problem};
use super::goals::{self, GoalInput};
use super::i18n::{format_date, format_time};
use super::layout::{csrf_field, esc, tk};
use super::members::base_url;
use super::pages::{csrf_rejected, error_page, form, html, redirect, require_login, store_error};
use super::share_links;
use super::snippet;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use etalage_core::{Domain, Timezone};
use etalage_store::{Role, Site, StoreError, User};
use std::collections::HashMap;
use std::fmt::Write;

/// Time zones offered while typing (any IANA name is accepted).
const COMMON_TIMEZONES: [&str; 16] = [
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Luxembourg",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Madrid",
    "Europe/Lisbon",
    "Europe/Rome",
    "Europe/Zurich",
    "America/Curacao",
    "America/Paramaribo",
    "America/New_York",
    "Africa/Kinshasa",
    "UTC",
];

/// The URL of a site's settings page.
pub(super) fn site_url(site_id: u32) -> String {
    format!("/settings/sites/{site_id}")
}

/// The site a path names, as the user may see it; otherwise the 404 page
/// (the same whether the site does not exist or is someone else's).
pub(super) fn visible_site<'a>(ctx: &'a Ctx, raw_id: &str) -> Result<&'a (Site, Role), Response> {
    raw_id
        .parse::<u32>()
        .ok()
        .and_then(|id| ctx.sites.iter().find(|(s, _)| s.id == id))
        .ok_or_else(|| error_page(ctx, StatusCode::NOT_FOUND, "site-not-found"))
}

/// The site a path names, for a change: 404 as in [`visible_site`], 403
/// unless the user owns it.
pub(super) fn owned_site<'a>(ctx: &'a Ctx, raw_id: &str) -> Result<&'a Site, Response> {
    match visible_site(ctx, raw_id)? {
        (site, Role::Owner) => Ok(site),
        _ => Err(error_page(ctx, StatusCode::FORBIDDEN, "error-not-owner")),
    }
}

/// The start of every POST handler here: the form's fields, once the CSRF
/// token (403 without it) and the login are checked.
pub(super) fn start_post<'a>(
    ctx: &'a Ctx,
    body: &Bytes,
) -> Result<(&'a User, HashMap<String, String>), Response> {
    let fields = form(body);
    if !ctx.csrf_ok(fields.get("csrf").map(String::as_str)) {
        return Err(csrf_rejected(ctx));
    }
    let user = require_login(ctx)?;
    Ok((user, fields))
}

/// The start of an owner's POST about one site: the form's fields and the
/// site, once the CSRF token, the login and the ownership are checked.
pub(super) fn owner_post<'a>(
    ctx: &'a Ctx,
    body: &Bytes,
    raw_id: &str,
) -> Result<(&'a User, HashMap<String, String>, &'a Site), Response> {
    let (user, fields) = start_post(ctx, body)?;
    let site = owned_site(ctx, raw_id)?;
    Ok((user, fields, site))
}

/// A form field's value, or "".
pub(super) fn value<'a>(fields: &'a HashMap<String, String>, name: &str) -> &'a str {
    fields.get(name).map(String::as_str).unwrap_or("")
}

/// A moment written out in UTC: `3 maart 2026, 14:05 UTC`.
pub(super) fn at_utc(ctx: &Ctx, t: DateTime<Utc>) -> String {
    let l = ctx.locale;
    l.ta(
        "settings-at-utc",
        &[
            ("date", &format_date(t.date_naive(), l)),
            ("time", &format_time(t.time(), l)),
        ],
    )
}

/// Where the snippet and links point: the address the browser used to
/// reach etalage (there is no configured public URL yet).
pub(super) fn public_base(ctx: &Ctx, headers: &HeaderMap) -> String {
    let base = base_url(headers, ctx.secure);
    if base.is_empty() {
        "https://YOUR-ETALAGE-HOST".to_string()
    } else {
        base
    }
}

/// What the site page shows besides the stored state: what was typed in a
/// form that had problems, and a share link shown once.
#[derive(Default)]
pub(super) struct Extras {
    /// The domain and time zone form after a failed save.
    pub(super) site_form: Option<SiteInput>,
    /// The new-goal form after a failed save.
    pub(super) goal_form: Option<GoalInput>,
    /// The share-link form and the link just made.
    pub(super) share: share_links::FormState,
}

/// The domain and time zone as typed, with their problems.
#[derive(Default)]
pub(super) struct SiteInput {
    domain: String,
    timezone: String,
    problems: Vec<Problem>,
}

impl SiteInput {
    fn of(site: &Site) -> SiteInput {
        SiteInput {
            domain: site.domain.as_str().to_string(),
            timezone: site.timezone.name().to_string(),
            problems: Vec::new(),
        }
    }

    /// Reads the form; the parsed values when there is no problem.
    fn read(fields: &HashMap<String, String>) -> (SiteInput, Option<(Domain, Timezone)>) {
        let mut input = SiteInput {
            domain: value(fields, "domain").trim().to_string(),
            timezone: value(fields, "timezone").trim().to_string(),
            problems: Vec::new(),
        };
        let domain = Domain::parse(&input.domain).ok();
        if domain.is_none() {
            input.problems.push(Problem {
                field: "sf-domain",
                key: tk("site-error-domain"),
            });
        }
        let timezone = Timezone::parse(&input.timezone).ok();
        if timezone.is_none() {
            input.problems.push(Problem {
                field: "sf-timezone",
                key: tk("site-error-timezone"),
            });
        }
        let parsed = domain.zip(timezone);
        (input, parsed)
    }

    fn taken(&mut self) {
        self.problems.push(Problem {
            field: "sf-domain",
            key: tk("site-error-domain-taken"),
        });
    }

    /// The form's fields (without the `<form>` element).
    fn fields(&self, ctx: &Ctx) -> String {
        let mut datalist = String::from(r#"<datalist id="sf-timezones">"#);
        for tz in COMMON_TIMEZONES {
            let _ = write!(datalist, r#"<option value="{tz}">"#);
        }
        datalist.push_str("</datalist>");
        format!(
            "{summary}{domain}{timezone}{datalist}",
            summary = summary(ctx, &self.problems),
            domain = Input {
                id: "sf-domain",
                name: "domain",
                label_key: tk("site-domain"),
                value: &self.domain,
                hint_key: Some(tk("site-domain-hint")),
                required: true,
                attrs: r#"autocomplete="off" autocapitalize="none" spellcheck="false""#,
            }
            .html(ctx, &self.problems),
            timezone = Input {
                id: "sf-timezone",
                name: "timezone",
                label_key: tk("settings-timezone"),
                value: &self.timezone,
                hint_key: Some(tk("site-timezone-hint")),
                required: true,
                attrs: r#"list="sf-timezones" autocomplete="off" autocapitalize="none" spellcheck="false""#,
            }
            .html(ctx, &self.problems),
        )
    }
}

/// The "Website" section: a form for owners, the values for viewers.
fn site_section(ctx: &Ctx, site: &Site, role: Role, input: Option<&SiteInput>) -> String {
    let l = ctx.locale;
    let mut html = format!(
        r#"<section class="card site" id="site" aria-labelledby="site-heading"><h2 id="site-heading">{}</h2>"#,
        esc(&l.t("site-heading"))
    );
    if role == Role::Owner {
        let current = SiteInput::of(site);
        let _ = write!(
            html,
            r#"<form method="post" action="{action}#site" novalidate>{csrf}{fields}<button type="submit">{save}</button></form>"#,
            action = site_url(site.id),
            csrf = csrf_field(ctx),
            fields = input.unwrap_or(&current).fields(ctx),
            save = esc(&l.t("site-save")),
        );
    } else {
        let _ = write!(
            html,
            r#"<dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd></dl>"#,
            esc(&l.t("site-domain")),
            esc(site.domain.as_str()),
            esc(&l.t("settings-timezone")),
            esc(site.timezone.name()),
        );
    }
    html.push_str("</section>\n");
    html
}

/// The whole site page.
pub(super) fn render(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    (site, role): (&Site, Role),
    extras: &Extras,
    status: StatusCode,
) -> Response {
    let l = ctx.locale;
    let store = state.store.as_ref();
    let goals = match store.goals(site.id) {
        Ok(g) => g,
        Err(e) => return store_error(ctx, e),
    };
    let first = match store.first_event(site.id) {
        Ok(t) => t,
        Err(e) => return store_error(ctx, e),
    };
    let title = l.ta("site-title", &[("domain", site.domain.as_str())]);
    let mut main = format!(
        r#"<p class="crumbs"><a href="/settings">{settings}</a> › {domain}</p><h1>{title}</h1>
"#,
        settings = esc(&l.t("settings-title")),
        domain = esc(site.domain.as_str()),
        title = esc(&title),
    );
    if ctx.query.iter().any(|(k, v)| k == "saved" && v == "1") {
        let _ = writeln!(
            main,
            r#"<p class="notice notice-ok" role="status">{}</p>"#,
            esc(&l.t("site-saved"))
        );
    }
    main.push_str(&site_section(ctx, site, role, extras.site_form.as_ref()));
    main.push_str(&snippet::section(
        ctx,
        &public_base(ctx, headers),
        site,
        first,
    ));
    main.push_str(&goals::section(
        ctx,
        site,
        role,
        &goals,
        extras.goal_form.as_ref(),
    ));
    if role == Role::Owner {
        match share_links::section(ctx, state, site, &extras.share) {
            Ok(section) => main.push_str(&section),
            Err(r) => return r,
        }
    }
    main.push_str(enhance::SCRIPT);
    html(ctx, status, &title, &main)
}

/// `GET /settings/sites/{site}`.
pub(crate) async fn site_page(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
) -> Response {
    if let Err(r) = require_login(&ctx) {
        return r;
    }
    let (site, role) = match visible_site(&ctx, &raw_id) {
        Ok(found) => found,
        Err(r) => return r,
    };
    render(
        &ctx,
        &state,
        &headers,
        (site, *role),
        &Extras::default(),
        StatusCode::OK,
    )
}

/// `POST /settings/sites/{site}`: an owner changes the domain or time zone.
pub(crate) async fn update_site(
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
    let (mut input, parsed) = SiteInput::read(&fields);
    if let Some((domain, timezone)) = parsed {
        match state.store.update_site(site.id, &domain, timezone) {
            Ok(Some(updated)) => {
                tracing::info!(site = site.id, domain = %updated.domain, timezone = updated.timezone.name(), "site settings changed");
                // Events for the new domain are accepted from now on, and
                // the old domain's refused.
                state.collector.sites_changed();
                return redirect(&ctx, &format!("{}?saved=1", site_url(site.id)));
            }
            Ok(None) => return error_page(&ctx, StatusCode::NOT_FOUND, "site-not-found"),
            Err(StoreError::Conflict(_)) => input.taken(),
            Err(e) => return store_error(&ctx, e),
        }
    }
    let extras = Extras {
        site_form: Some(input),
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

fn new_site_form(ctx: &Ctx, input: &SiteInput, status: StatusCode) -> Response {
    let l = ctx.locale;
    let title = l.t("site-new-title");
    let main = format!(
        r#"<p class="crumbs"><a href="/settings">{settings}</a></p><h1>{title}</h1><p>{intro}</p>
<form class="card" method="post" action="/settings/sites" novalidate>{csrf}{fields}<button type="submit">{submit}</button></form>
"#,
        settings = esc(&l.t("settings-title")),
        title = esc(&title),
        intro = esc(&l.t("site-new-intro")),
        csrf = csrf_field(ctx),
        fields = input.fields(ctx),
        submit = esc(&l.t("site-new-submit")),
    );
    html(ctx, status, &title, &main)
}

/// The user, if an administrator; otherwise 403 with `message_key`.
pub(super) fn require_admin<'a>(
    ctx: &Ctx,
    user: &'a User,
    message_key: &str,
) -> Result<&'a User, Response> {
    if user.is_admin {
        Ok(user)
    } else {
        Err(error_page(ctx, StatusCode::FORBIDDEN, message_key))
    }
}

/// `GET /settings/sites/new`.
pub(crate) async fn new_site_page(ctx: Ctx) -> Response {
    // Administrators only: they own every site, so a site they add is
    // never out of reach (owners of one site add none).
    if let Err(r) = require_login(&ctx).and_then(|u| require_admin(&ctx, u, "site-not-admin")) {
        return r;
    }
    let input = SiteInput {
        timezone: Timezone::default().name().to_string(),
        ..SiteInput::default()
    };
    new_site_form(&ctx, &input, StatusCode::OK)
}

/// `POST /settings/sites`: an administrator adds a site (the store call of
/// `etalage site add`), then sees its page with the snippet to install.
pub(crate) async fn add_site(ctx: Ctx, State(state): State<AppState>, body: Bytes) -> Response {
    let fields = match start_post(&ctx, &body)
        .and_then(|(u, f)| require_admin(&ctx, u, "site-not-admin").map(|_| f))
    {
        Ok(fields) => fields,
        Err(r) => return r,
    };
    let (mut input, parsed) = SiteInput::read(&fields);
    if let Some((domain, timezone)) = parsed {
        match state.store.add_site(&domain, timezone) {
            Ok(site) => {
                tracing::info!(site = %site.domain, "site added in the web app");
                state.collector.sites_changed();
                return redirect(&ctx, &site_url(site.id));
            }
            Err(StoreError::Conflict(_)) => input.taken(),
            Err(e) => return store_error(&ctx, e),
        }
    }
    new_site_form(&ctx, &input, StatusCode::UNPROCESSABLE_ENTITY)
}
