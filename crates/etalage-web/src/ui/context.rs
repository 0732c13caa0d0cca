//! What every page needs to know about its request: the language, the
//! logged-in user and the sites they may see, the CSRF token, the client
//! address and whether the browser reached us over TLS.
use super::i18n::Locale;
use super::session::{self, SessionCookie};
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use etalage_store::{AccountStore, Role, Site, User};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// The language cookie's name.
const LANG_COOKIE: &str = "lang";

/// The request as pages see it.
pub(crate) struct Ctx {
    /// The page language.
    pub(crate) locale: Locale,
    /// Path of the request (no query).
    pub(crate) path: String,
    /// Query of the request, without `lang`.
    pub(crate) query: Vec<(String, String)>,
    /// The client address (behind a trusted proxy: the forwarded one).
    pub(crate) client_ip: IpAddr,
    /// Whether the browser reached us over TLS (directly or through a
    /// trusted proxy saying `X-Forwarded-Proto: https`).
    pub(crate) secure: bool,
    /// The accounts, when the server was given them.
    pub(crate) accounts: Option<Arc<dyn AccountStore>>,
    /// The logged-in user, with the session's raw id.
    pub(crate) user: Option<(User, String)>,
    /// The sites the user may see, with their role.
    pub(crate) sites: Vec<(Site, Role)>,
    /// The anonymous CSRF cookie's value (made now when absent).
    pub(crate) anon_csrf: String,
    /// Cookies to send with the response.
    pub(crate) set_cookies: Vec<String>,
}

/// Whether `peer` is one of the trusted proxies. [`crate::TrustedProxies`]
/// only answers "who is the client"; asking it with a made-up forwarded
/// address tells whether it believed the peer.
fn peer_is_trusted(state: &AppState, peer: IpAddr) -> bool {
    let probe = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    if peer == probe {
        return false;
    }
    let mut headers = HeaderMap::new();
    headers.insert("x-forwarded-for", HeaderValue::from_static("0.0.0.0"));
    state.config.trusted_proxies.client_ip(peer, &headers) == probe
}

/// Values of a cookie in a request.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// A `Set-Cookie` value with etalage's attributes.
pub(crate) fn cookie_header(
    name: &str,
    value: &str,
    max_age_seconds: i64,
    http_only: bool,
    secure: bool,
) -> String {
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let headers = &parts.headers;
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let trusted = peer_is_trusted(state, peer);
        let client_ip = state.config.trusted_proxies.client_ip(peer, headers);
        let forwarded_https = headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(',')
                    .next()
                    .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
            });
        let secure = trusted && forwarded_https;

        let mut query: Vec<(String, String)> = parts
            .uri
            .query()
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        let query_lang = query
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.clone());
        query.retain(|(k, _)| k != "lang");
        let locale =
            Locale::negotiate(query_lang.as_deref(), cookie(headers, LANG_COOKIE), headers);
        let mut set_cookies = Vec::new();
        if query_lang.as_deref().and_then(Locale::from_tag).is_some() {
            // Remember an explicit choice for a year.
            set_cookies.push(cookie_header(
                LANG_COOKIE,
                locale.code(),
                365 * 24 * 3600,
                false,
                secure,
            ));
        }

        let anon_csrf =
            match cookie(headers, session::CSRF_COOKIE).filter(|v| session::looks_like_secret(v)) {
                Some(v) => v.to_string(),
                None => {
                    let fresh = session::new_secret();
                    set_cookies.push(cookie_header(
                        session::CSRF_COOKIE,
                        &fresh,
                        365 * 24 * 3600,
                        true,
                        secure,
                    ));
                    fresh
                }
            };

        let accounts = state.accounts.clone();
        let mut ctx = Ctx {
            locale,
            path: parts.uri.path().to_string(),
            query,
            client_ip,
            secure,
            accounts: accounts.clone(),
            user: None,
            sites: Vec::new(),
            anon_csrf,
            set_cookies,
        };
        let Some(accounts) = accounts else {
            return Ok(ctx);
        };
        let Some(raw) = cookie(headers, session::SESSION_COOKIE).map(str::to_string) else {
            return Ok(ctx);
        };
        let store = state.store.clone();
        let found = tokio::task::spawn_blocking(move || -> etalage_store::Result<_> {
            let Some(SessionCookie { user, refreshed }) = session::resume(accounts.as_ref(), &raw)?
            else {
                return Ok(None);
            };
            let sites = visible_sites(store.as_ref(), accounts.as_ref(), &user)?;
            Ok(Some((user, raw, refreshed, sites)))
        })
        .await;
        match found {
            Ok(Ok(Some((user, raw, refreshed, sites)))) => {
                if refreshed {
                    ctx.set_cookies.push(session::session_cookie(&raw, secure));
                }
                ctx.user = Some((user, raw));
                ctx.sites = sites;
            }
            Ok(Ok(None)) => {
                // A stale cookie: forget it so the browser stops sending it.
                ctx.set_cookies
                    .push(cookie_header(session::SESSION_COOKIE, "", 0, true, secure));
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, "cannot read the session");
                return Err(super::pages::error_page(
                    &ctx,
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "error-store",
                ));
            }
            Err(e) => {
                tracing::error!(error = %e, "session lookup panicked");
                return Err(super::pages::error_page(
                    &ctx,
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "error-store",
                ));
            }
        }
        Ok(ctx)
    }
}

/// The sites a user may see: administrators every site (as owner), others
/// the sites they are members of.
pub(crate) fn visible_sites(
    store: &dyn etalage_store::Store,
    accounts: &dyn AccountStore,
    user: &User,
) -> etalage_store::Result<Vec<(Site, Role)>> {
    let sites = store.sites()?;
    if user.is_admin {
        return Ok(sites.into_iter().map(|s| (s, Role::Owner)).collect());
    }
    let roles = accounts.memberships(user.id)?;
    Ok(sites
        .into_iter()
        .filter_map(|s| {
            roles
                .iter()
                .find(|(id, _)| *id == s.id)
                .map(|(_, r)| (s.clone(), *r))
        })
        .collect())
}

impl Ctx {
    /// The token forms must carry: tied to the session when logged in,
    /// otherwise to the anonymous CSRF cookie.
    pub(crate) fn csrf_token(&self) -> String {
        match &self.user {
            Some((_, raw)) => session::csrf_for_session(raw),
            None => session::csrf_for_anonymous(&self.anon_csrf),
        }
    }

    /// Whether a submitted token is valid for this request.
    pub(crate) fn csrf_ok(&self, submitted: Option<&str>) -> bool {
        let Some(submitted) = submitted else {
            return false;
        };
        let session_ok = self.user.as_ref().is_some_and(|(_, raw)| {
            session::constant_time_eq(submitted, &session::csrf_for_session(raw))
        });
        // The anonymous token is accepted too, so a form opened before
        // logging in (or before the session ended) still submits.
        session_ok
            || session::constant_time_eq(submitted, &session::csrf_for_anonymous(&self.anon_csrf))
    }

    /// The current path and query as a relative URL (for `?next=`).
    pub(crate) fn current_url(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let q: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.query)
            .finish();
        format!("{}?{q}", self.path)
    }

    /// This page in another language.
    pub(crate) fn url_in(&self, locale: Locale) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.extend_pairs(&self.query);
        q.append_pair("lang", locale.code());
        format!("{}?{}", self.path, q.finish())
    }

    /// Adds the pending cookies and the headers every page gets.
    pub(crate) fn finish(&self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        let h = response.headers_mut();
        for c in &self.set_cookies {
            if let Ok(v) = HeaderValue::from_str(c) {
                h.append(header::SET_COOKIE, v);
            }
        }
        // Pages are per user: never cached by shared caches, never framed,
        // and they send no referrer (invite links carry tokens).
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
        h.insert(
            "x-content-type-options",
            HeaderValue::from_static("nosniff"),
        );
        h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
            ),
        );
        h.insert(
            header::VARY,
            HeaderValue::from_static("Cookie, Accept-Language"),
        );
        response
    }
}
