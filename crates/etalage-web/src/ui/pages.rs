//! Shared page helpers (errors, redirects, forms, login gate) and
//! the stylesheet.
use super::context::Ctx;
use super::layout::{esc, page};
use axum::body::Bytes;
use axum::http::{header, StatusCode};
use axum::response::{Html, Response};
use etalage_store::{AccountStore, User};
use std::collections::HashMap;
use std::sync::Arc;

/// A page with a heading and one message, with a status.
pub(crate) fn error_page(ctx: &Ctx, status: StatusCode, message_key: &str) -> Response {
    let l = ctx.locale;
    let title = l.t("error-title");
    let main = format!(
        r#"<h1>{}</h1><p class="notice notice-error" role="alert">{}</p><p><a href="/">{}</a></p>"#,
        esc(&title),
        esc(&l.t(message_key)),
        esc(&l.t("error-back-home"))
    );
    ctx.finish((status, Html(page(ctx, &title, &main))))
}

/// The answer to a POST whose CSRF token is missing or wrong.
pub(crate) fn csrf_rejected(ctx: &Ctx) -> Response {
    error_page(ctx, StatusCode::FORBIDDEN, "error-csrf")
}

/// A `303 See Other` to a local URL.
pub(crate) fn redirect(ctx: &Ctx, to: &str) -> Response {
    ctx.finish((StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]))
}

/// A rendered page with a status.
pub(crate) fn html(ctx: &Ctx, status: StatusCode, title: &str, main: &str) -> Response {
    ctx.finish((status, Html(page(ctx, title, main))))
}

/// The fields of a `application/x-www-form-urlencoded` body (the first
/// value of each name). Parsed by hand so that a form without its CSRF
/// field is answered 403, not with a deserialisation error.
pub(crate) fn form(body: &Bytes) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        fields
            .entry(k.into_owned())
            .or_insert_with(|| v.into_owned());
    }
    fields
}

/// A local path to continue to after login; anything else becomes `/`
/// (no open redirects to other hosts).
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control())
                && !n.starts_with("/login")
                && !n.starts_with("/logout") =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

/// The accounts, or the page saying the server was started without them.
pub(crate) fn accounts(ctx: &Ctx) -> Result<Arc<dyn AccountStore>, Response> {
    ctx.accounts
        .clone()
        .ok_or_else(|| error_page(ctx, StatusCode::SERVICE_UNAVAILABLE, "error-no-accounts"))
}

/// The logged-in user, or a redirect to `/setup` (no user exists yet) or
/// to `/login?next=…`.
pub(crate) fn require_login(ctx: &Ctx) -> Result<&User, Response> {
    let store = accounts(ctx)?;
    if let Some((user, _)) = &ctx.user {
        return Ok(user);
    }
    match store.user_count() {
        Ok(0) => Err(redirect(ctx, "/setup")),
        Ok(_) => {
            let next: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("next", &ctx.current_url())
                .finish();
            Err(redirect(ctx, &format!("/login?{next}")))
        }
        Err(e) => Err(store_error(ctx, e)),
    }
}

/// Logs a store failure and answers 500 without details.
pub(crate) fn store_error(ctx: &Ctx, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "store failure in the web app");
    error_page(ctx, StatusCode::INTERNAL_SERVER_ERROR, "error-store")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/settings?x=1")), "/settings?x=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "evil",
            "/login",
            "/logout",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
