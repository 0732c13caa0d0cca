//! A site's share links in its settings (owners only): read-only links to
//! the site's dashboard for people without an account, made with
//! `POST /settings/sites/{site}/share-links` (the link is shown once) and
//! revoked with `POST …/share-links/{link}/revoke`. The page behind
//! `/share/{token}` belongs to the dashboard, which resolves a token with
//! `Store::share_link_site(&auth::hash_share_token(token))`.
use super::context::Ctx;
use super::enhance::copy_button;
use super::forms::{summary, Input, Problem};
use super::layout::{csrf_field, esc, tk};
use super::pages::{error_page, redirect, store_error};
use super::site_settings::{
    at_utc, owned_site, owner_post, public_base, render, site_url, start_post, value, Extras,
};
use crate::auth::{hash_share_token, new_share_token};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use etalage_store::{Role, Site};
use std::collections::HashMap;
use std::fmt::Write;

/// Longest label, in characters.
const MAX_LABEL_CHARS: usize = 100;

/// The share-link form as typed, and a link just made.
#[derive(Default)]
pub(super) struct FormState {
    label: String,
    problems: Vec<Problem>,
    /// The full URL of a link just made: shown this once.
    created: Option<String>,
}

/// The share-links section of the site page.
pub(super) fn section(
    ctx: &Ctx,
    state: &AppState,
    site: &Site,
    form: &FormState,
) -> Result<String, Response> {
    let l = ctx.locale;
    let links = state
        .store
        .share_links(site.id)
        .map_err(|e| store_error(ctx, e))?;
    // Who made each link, by e-mail address (only owners see this section).
    let emails: HashMap<u32, String> = match &ctx.accounts {
        Some(accounts) => accounts
            .users()
            .map_err(|e| store_error(ctx, e))?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect(),
        None => HashMap::new(),
    };
    let mut html = format!(
        r#"<section class="card site" id="share" aria-labelledby="share-heading"><h2 id="share-heading">{}</h2><p>{}</p>"#,
        esc(&l.t("share-heading")),
        esc(&l.t("share-intro")),
    );
    if let Some(url) = &form.created {
        let _ = write!(
            html,
            r#"<div class="notice notice-ok" role="status"><p>{created}</p><div class="field"><label for="sl-new-url">{label}</label><input id="sl-new-url" class="copy" readonly value="{url}"></div>{copy}</div>"#,
            created = esc(&l.t("share-created")),
            label = esc(&l.t("share-url")),
            url = esc(url),
            copy = copy_button(ctx, "sl-new-url"),
        );
    }
    if links.is_empty() {
        let _ = write!(html, r#"<p class="notice">{}</p>"#, esc(&l.t("share-none")));
    } else {
        let _ = write!(
            html,
            r#"<div class="table-wrap"><table><caption class="visually-hidden">{caption}</caption><thead><tr><th scope="col">{label}</th><th scope="col">{created}</th><th scope="col">{by}</th><th scope="col">{status}</th></tr></thead><tbody>"#,
            caption = esc(&l.ta("share-caption", &[("domain", site.domain.as_str())])),
            label = esc(&l.t("share-label")),
            created = esc(&l.t("share-created-at")),
            by = esc(&l.t("share-created-by")),
            status = esc(&l.t("share-status")),
        );
        for link in &links {
            let label = link.label.clone().unwrap_or_else(|| l.t("share-no-label"));
            let by = emails
                .get(&link.created_by)
                .cloned()
                .unwrap_or_else(|| "–".to_string());
            let status = match link.revoked_at {
                Some(t) => esc(&l.ta("share-revoked", &[("at", &at_utc(ctx, t))])),
                None => format!(
                    r#"{active} <form class="inline" method="post" action="{url}/share-links/{id}/revoke">{csrf}<button type="submit" class="danger" aria-label="{revoke_label}">{revoke}</button></form>"#,
                    active = esc(&l.t("share-active")),
                    url = site_url(site.id),
                    id = link.id,
                    csrf = csrf_field(ctx),
                    revoke_label = esc(&l.ta("share-revoke-named", &[("label", &label)])),
                    revoke = esc(&l.t("share-revoke")),
                ),
            };
            let _ = write!(
                html,
                r#"<tr><th scope="row">{label}</th><td>{created}</td><td>{by}</td><td>{status}</td></tr>"#,
                label = esc(&label),
                created = esc(&at_utc(ctx, link.created_at)),
                by = esc(&by),
            );
        }
        html.push_str("</tbody></table></div>");
    }
    let _ = writeln!(
        html,
        r#"<h3>{heading}</h3><form method="post" action="{url}/share-links#share" novalidate>{csrf}{summary}{label}<button type="submit">{submit}</button></form></section>"#,
        heading = esc(&l.t("share-new")),
        url = site_url(site.id),
        csrf = csrf_field(ctx),
        summary = summary(ctx, &form.problems),
        label = Input {
            id: "sl-label",
            name: "label",
            label_key: tk("share-label-optional"),
            value: &form.label,
            hint_key: Some(tk("share-label-hint")),
            required: false,
            attrs: r#"maxlength="100" autocomplete="off""#,
        }
        .html(ctx, &form.problems),
        submit = esc(&l.t("share-create")),
    );
    Ok(html)
}

/// `POST /settings/sites/{site}/share-links`: makes a link and shows it.
///
/// The answer is the page itself, not a redirect: the token exists only
/// in this response (the store keeps its hash), as with invites.
pub(crate) async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    body: Bytes,
) -> Response {
    let (user, fields, site) = match owner_post(&ctx, &body, &raw_id) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let mut form = FormState {
        label: value(&fields, "label").trim().to_string(),
        ..FormState::default()
    };
    let status = if form.label.chars().count() > MAX_LABEL_CHARS
        || form.label.chars().any(char::is_control)
    {
        form.problems.push(Problem {
            field: "sl-label",
            key: tk("share-error-label-long"),
        });
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        let token = new_share_token();
        let label = Some(form.label.as_str()).filter(|l| !l.is_empty());
        if let Err(e) =
            state
                .store
                .add_share_link(site.id, &hash_share_token(&token), label, user.id)
        {
            return store_error(&ctx, e);
        }
        tracing::info!(site = %site.domain, "share link created");
        form.label.clear();
        form.created = Some(format!("{}/share/{token}", public_base(&ctx, &headers)));
        StatusCode::OK
    };
    let extras = Extras {
        share: form,
        ..Extras::default()
    };
    render(&ctx, &state, &headers, (site, Role::Owner), &extras, status)
}

/// `POST /settings/sites/{site}/share-links/{link}/revoke`.
pub(crate) async fn revoke(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((raw_site, raw_link)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Err(r) = start_post(&ctx, &body) {
        return r;
    }
    let site = match owned_site(&ctx, &raw_site) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Ok(link_id) = raw_link.parse::<u32>() else {
        return error_page(&ctx, StatusCode::NOT_FOUND, "share-not-found");
    };
    match state.store.revoke_share_link(site.id, link_id) {
        Ok(true) => {
            tracing::info!(site = %site.domain, link = link_id, "share link revoked");
            redirect(&ctx, &format!("{}?saved=1#share", site_url(site.id)))
        }
        Ok(false) => error_page(&ctx, StatusCode::NOT_FOUND, "share-not-found"),
        Err(e) => store_error(&ctx, e),
    }
}
