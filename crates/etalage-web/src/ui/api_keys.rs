//! `/settings/api-keys`: the stats API's keys (list, create, revoke).
//!
//! Administrators only. An API key is global: it reads the stats of every
//! site through `/api/v2/query` (the request names the site), so a key made
//! by the owner of one site would open every other site too. Per-site keys
//! need a `site_id` on `api_keys` and a check in the stats API; until then
//! only people who already see every site may make keys.
use super::context::Ctx;
use super::enhance::{self, copy_button};
use super::forms::{summary, Input, Problem};
use super::layout::{csrf_field, esc, tk};
use super::pages::{error_page, html, redirect, require_login, store_error};
use super::site_settings::{at_utc, require_admin, start_post, value};
use crate::auth::{hash_token, new_token};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::fmt::Write;

/// Longest key name, in characters.
const MAX_NAME_CHARS: usize = 100;
/// Characters of a token kept to recognise it by (`etl_` and four more),
/// as `etalage key create` does.
const PREFIX_CHARS: usize = 8;

/// The create form as typed, and a token just made.
#[derive(Default)]
struct FormState {
    name: String,
    problems: Vec<Problem>,
    /// A token just made: shown this once.
    token: Option<String>,
}

fn page(ctx: &Ctx, state: &AppState, form: &FormState, status: StatusCode) -> Response {
    let l = ctx.locale;
    let keys = match state.store.api_keys() {
        Ok(k) => k,
        Err(e) => return store_error(ctx, e),
    };
    let title = l.t("apikey-title");
    let mut main = format!(
        r#"<p class="crumbs"><a href="/settings">{settings}</a></p><h1>{title}</h1><p>{intro}</p>
"#,
        settings = esc(&l.t("settings-title")),
        title = esc(&title),
        intro = esc(&l.t("apikey-intro")),
    );
    if ctx.query.iter().any(|(k, v)| k == "revoked" && v == "1") {
        let _ = write!(
            main,
            r#"<p class="notice notice-ok" role="status">{}</p>"#,
            esc(&l.t("apikey-revoked-notice"))
        );
    }
    if let Some(token) = &form.token {
        let _ = writeln!(
            main,
            r#"<div class="notice notice-ok" role="status"><p>{created}</p><div class="field"><label for="ak-token">{label}</label><input id="ak-token" class="copy" readonly value="{token}"></div>{copy}<p class="hint">{usage}</p></div>"#,
            created = esc(&l.t("apikey-created")),
            label = esc(&l.t("apikey-token")),
            token = esc(token),
            copy = copy_button(ctx, "ak-token"),
            usage = esc(&l.t("apikey-usage")),
        );
    }
    let _ = write!(
        main,
        r#"<section class="card site" aria-labelledby="ak-list"><h2 id="ak-list">{}</h2>"#,
        esc(&l.t("apikey-list"))
    );
    if keys.is_empty() {
        let _ = write!(
            main,
            r#"<p class="notice">{}</p>"#,
            esc(&l.t("apikey-none"))
        );
    } else {
        let _ = write!(
            main,
            r#"<div class="table-wrap"><table><thead><tr><th scope="col">{name}</th><th scope="col">{prefix}</th><th scope="col">{created}</th><th scope="col">{used}</th><th scope="col">{status}</th></tr></thead><tbody>"#,
            name = esc(&l.t("apikey-name")),
            prefix = esc(&l.t("apikey-prefix")),
            created = esc(&l.t("apikey-created-at")),
            used = esc(&l.t("apikey-last-used")),
            status = esc(&l.t("apikey-status")),
        );
        for key in &keys {
            let used = key
                .last_used_at
                .map(|t| at_utc(ctx, t))
                .unwrap_or_else(|| l.t("apikey-never-used"));
            let status = match key.revoked_at {
                Some(t) => esc(&l.ta("apikey-revoked", &[("at", &at_utc(ctx, t))])),
                None => format!(
                    r#"{active} <form class="inline" method="post" action="/settings/api-keys/{id}/revoke">{csrf}<button type="submit" class="danger" aria-label="{revoke_label}">{revoke}</button></form>"#,
                    active = esc(&l.t("apikey-active")),
                    id = key.id,
                    csrf = csrf_field(ctx),
                    revoke_label = esc(&l.ta("apikey-revoke-named", &[("name", &key.name)])),
                    revoke = esc(&l.t("apikey-revoke")),
                ),
            };
            let _ = write!(
                main,
                r#"<tr><th scope="row">{name}</th><td><code>{prefix}…</code></td><td>{created}</td><td>{used}</td><td>{status}</td></tr>"#,
                name = esc(&key.name),
                prefix = esc(&key.token_prefix),
                created = esc(&at_utc(ctx, key.created_at)),
                used = esc(&used),
            );
        }
        main.push_str("</tbody></table></div>");
    }
    main.push_str("</section>\n");
    let _ = writeln!(
        main,
        r#"<section class="card" aria-labelledby="ak-new"><h2 id="ak-new">{heading}</h2><form method="post" action="/settings/api-keys" novalidate>{csrf}{summary}{name}<button type="submit">{submit}</button></form></section>"#,
        heading = esc(&l.t("apikey-new")),
        csrf = csrf_field(ctx),
        summary = summary(ctx, &form.problems),
        name = Input {
            id: "ak-name",
            name: "name",
            label_key: tk("apikey-name"),
            value: &form.name,
            hint_key: Some(tk("apikey-name-hint")),
            required: true,
            attrs: r#"maxlength="100" autocomplete="off""#,
        }
        .html(ctx, &form.problems),
        submit = esc(&l.t("apikey-create")),
    );
    main.push_str(enhance::SCRIPT);
    html(ctx, status, &title, &main)
}

/// `GET /settings/api-keys`.
pub(crate) async fn keys_page(ctx: Ctx, State(state): State<AppState>) -> Response {
    if let Err(r) = require_login(&ctx).and_then(|u| require_admin(&ctx, u, "apikey-not-admin")) {
        return r;
    }
    page(&ctx, &state, &FormState::default(), StatusCode::OK)
}

/// `POST /settings/api-keys`: makes a key and shows its token.
///
/// The answer is the page itself, not a redirect: the token exists only in
/// this response (the store keeps its hash), as with `etalage key create`.
pub(crate) async fn create(ctx: Ctx, State(state): State<AppState>, body: Bytes) -> Response {
    let fields = match start_post(&ctx, &body)
        .and_then(|(u, f)| require_admin(&ctx, u, "apikey-not-admin").map(|_| f))
    {
        Ok(fields) => fields,
        Err(r) => return r,
    };
    let mut form = FormState {
        name: value(&fields, "name").trim().to_string(),
        ..FormState::default()
    };
    let problem = if form.name.is_empty() {
        Some(tk("apikey-error-name-empty"))
    } else if form.name.chars().count() > MAX_NAME_CHARS || form.name.chars().any(char::is_control)
    {
        Some(tk("apikey-error-name-long"))
    } else {
        None
    };
    if let Some(key) = problem {
        form.problems.push(Problem {
            field: "ak-name",
            key,
        });
        return page(&ctx, &state, &form, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let token = new_token();
    match state
        .store
        .add_api_key(&form.name, &hash_token(&token), &token[..PREFIX_CHARS])
    {
        Ok(key) => tracing::info!(name = %key.name, id = key.id, "API key created in the web app"),
        Err(e) => return store_error(&ctx, e),
    }
    form.name.clear();
    form.token = Some(token);
    page(&ctx, &state, &form, StatusCode::OK)
}

/// `POST /settings/api-keys/{key}/revoke`.
pub(crate) async fn revoke(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(r) = start_post(&ctx, &body)
        .and_then(|(u, _)| require_admin(&ctx, u, "apikey-not-admin").map(|_| ()))
    {
        return r;
    }
    let Ok(id) = raw_id.parse::<u32>() else {
        return error_page(&ctx, StatusCode::NOT_FOUND, "apikey-not-found");
    };
    match state.store.revoke_api_key(id) {
        Ok(true) => {
            tracing::info!(id, "API key revoked");
            redirect(&ctx, "/settings/api-keys?revoked=1")
        }
        Ok(false) => error_page(&ctx, StatusCode::NOT_FOUND, "apikey-not-found"),
        Err(e) => store_error(&ctx, e),
    }
}
