//! `/settings` (the sites a user can see; owners invite people) and
//! `/invite/{token}` (accepting an invite).
use super::context::Ctx;
use super::i18n::format_date;
use super::layout::{csrf_field, error_summary, esc, field};
use super::pages::{
    accounts, csrf_rejected, error_page, form, html, redirect, require_login, store_error,
};
use super::session::{self, AccountProblems};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::{Duration, Utc};
use etalage_store::{Invite, Role, User};
use std::fmt::Write;

/// Invites can be accepted for this long.
const INVITE_DAYS: i64 = 7;

fn role_key(role: Role) -> &'static str {
    match role {
        Role::Owner => "role-owner",
        Role::Viewer => "role-viewer",
    }
}

/// What to show above the settings (after an invite, or a problem with one).
#[derive(Default)]
struct Notice {
    invite_link: Option<String>,
    invite_error: Option<(u32, &'static str)>,
}

fn settings_main(ctx: &Ctx, user: &User, notice: &Notice) -> Result<String, Response> {
    let l = ctx.locale;
    let store = accounts(ctx)?;
    let mut main = format!("<h1>{}</h1>\n", esc(&l.t("settings-title")));
    if let Some(link) = &notice.invite_link {
        let _ = writeln!(
            main,
            r#"<div class="notice notice-ok" role="status"><p>{}</p><p><input class="copy" readonly aria-label="{}" value="{link}"></p></div>"#,
            esc(&l.t("invite-created")),
            esc(&l.t("invite-link-label")),
            link = esc(link),
        );
    }
    let _ = writeln!(
        main,
        r#"<section><h2>{}</h2><p>{}</p></section>"#,
        esc(&l.t("settings-account")),
        esc(&l.ta("settings-logged-in-as", &[("email", &user.email)]))
    );
    let _ = writeln!(main, "<section><h2>{}</h2>", esc(&l.t("settings-sites")));
    if ctx.sites.is_empty() {
        let _ = write!(
            main,
            r#"<p class="notice">{}</p>"#,
            esc(&l.t("layout-no-sites"))
        );
    }
    let now = Utc::now();
    for (site, role) in &ctx.sites {
        let _ = writeln!(
            main,
            r#"<article class="card site"><h3>{domain}</h3><dl><dt>{tz_label}</dt><dd>{tz}</dd><dt>{role_label}</dt><dd>{role}</dd></dl><p><a href="/settings/sites/{id}">{open}</a></p>"#,
            domain = esc(site.domain.as_str()),
            id = site.id,
            open = esc(&l.t("site-open")),
            tz_label = esc(&l.t("settings-timezone")),
            tz = esc(site.timezone.name()),
            role_label = esc(&l.t("settings-your-role")),
            role = esc(&l.t(role_key(*role))),
        );
        if *role == Role::Owner {
            let members = store.members(site.id).map_err(|e| store_error(ctx, e))?;
            let invites = store
                .pending_invites(site.id, now)
                .map_err(|e| store_error(ctx, e))?;
            let _ = write!(main, "<h4>{}</h4><ul>", esc(&l.t("settings-members")));
            if members.is_empty() {
                let _ = write!(main, "<li>{}</li>", esc(&l.t("settings-no-members")));
            }
            for m in &members {
                let _ = write!(
                    main,
                    "<li>{} — {}</li>",
                    esc(&m.user.email),
                    esc(&l.t(role_key(m.role)))
                );
            }
            for i in &invites {
                let until = format_date(i.expires_at.date_naive(), l);
                let _ = write!(
                    main,
                    "<li>{} — {}</li>",
                    esc(&i.email),
                    esc(&l.ta(
                        "settings-invited",
                        &[("role", &l.t(role_key(i.role))), ("date", &until)]
                    ))
                );
            }
            main.push_str("</ul>\n");
            let problem = notice
                .invite_error
                .filter(|(id, _)| *id == site.id)
                .map(|(_, key)| key);
            let email_id = format!("invite-email-{}", site.id);
            let _ = writeln!(
                main,
                r#"<form class="invite" method="post" action="/settings/invite">{csrf}<input type="hidden" name="site" value="{site_id}">
<h4>{heading}</h4>{summary}<div class="field"><label for="{email_id}">{email_label}</label><input id="{email_id}" name="email" type="email" autocomplete="off" required></div>
<div class="field"><label for="invite-role-{site_id}">{role_label}</label><select id="invite-role-{site_id}" name="role"><option value="viewer">{viewer}</option><option value="owner">{owner}</option></select></div>
<button type="submit">{submit}</button></form>"#,
                csrf = csrf_field(ctx),
                site_id = site.id,
                heading = esc(&l.t("invite-heading")),
                summary = error_summary(ctx, problem.as_slice()),
                email_label = esc(&l.t("field-email")),
                role_label = esc(&l.t("field-role")),
                viewer = esc(&l.t("role-viewer")),
                owner = esc(&l.t("role-owner")),
                submit = esc(&l.t("invite-submit")),
            );
        }
        main.push_str("</article>\n");
    }
    if user.is_admin {
        let _ = writeln!(
            main,
            r#"<p><a href="/settings/sites/new">{}</a></p>"#,
            esc(&l.t("site-add-link"))
        );
    }
    main.push_str("</section>\n");
    if user.is_admin {
        let _ = writeln!(
            main,
            r#"<section><h2>{}</h2><p>{}</p><p><a href="/settings/api-keys">{}</a></p></section>"#,
            esc(&l.t("apikey-title")),
            esc(&l.t("apikey-summary")),
            esc(&l.t("apikey-link"))
        );
    }
    Ok(main)
}

/// `GET /settings`.
pub(crate) async fn settings_page(ctx: Ctx) -> Response {
    let user = match require_login(&ctx) {
        Ok(u) => u,
        Err(r) => return r,
    };
    match settings_main(&ctx, user, &Notice::default()) {
        Ok(main) => html(&ctx, StatusCode::OK, &ctx.locale.t("settings-title"), &main),
        Err(r) => r,
    }
}

/// `scheme://host` of the request, as the browser reached etalage ("" when
/// the Host header is missing or odd).
pub(super) fn base_url(headers: &axum::http::HeaderMap, secure: bool) -> String {
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) if !host.contains(['/', '<', '>', '"', ' ']) => {
            format!("{}://{host}", if secure { "https" } else { "http" })
        }
        _ => String::new(),
    }
}

/// `POST /settings/invite`: an owner invites someone to a site; the
/// invite link is shown once (sending it by mail comes later).
pub(crate) async fn invite_submit(
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let fields = form(&body);
    if !ctx.csrf_ok(fields.get("csrf").map(String::as_str)) {
        return csrf_rejected(&ctx);
    }
    let user = match require_login(&ctx) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let site_id: Option<u32> = fields.get("site").and_then(|s| s.parse().ok());
    let Some((site, _)) = ctx
        .sites
        .iter()
        .find(|(s, r)| Some(s.id) == site_id && *r == Role::Owner)
    else {
        return error_page(&ctx, StatusCode::FORBIDDEN, "error-not-owner");
    };
    let role = fields
        .get("role")
        .and_then(|r| Role::parse(r))
        .unwrap_or(Role::Viewer);
    let mut notice = Notice::default();
    let status = match session::normalise_email(
        fields.get("email").map(String::as_str).unwrap_or(""),
    ) {
        None => {
            notice.invite_error = Some((site.id, "error-email-invalid"));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Some(email) => {
            let store = match accounts(&ctx) {
                Ok(s) => s,
                Err(r) => return r,
            };
            let token = session::new_secret();
            let now = Utc::now();
            let invite = Invite {
                site_id: site.id,
                email,
                role,
                invited_by: user.id,
                created_at: now,
                expires_at: now + Duration::days(INVITE_DAYS),
            };
            if let Err(e) = store.add_invite(&session::secret_hash(&token), &invite) {
                return store_error(&ctx, e);
            }
            tracing::info!(site = %site.domain, email = %invite.email, role = role.as_str(), "invite created");
            notice.invite_link = Some(format!("{}/invite/{token}", base_url(&headers, ctx.secure)));
            StatusCode::OK
        }
    };
    match settings_main(&ctx, user, &notice) {
        Ok(main) => html(&ctx, status, &ctx.locale.t("settings-title"), &main),
        Err(r) => r,
    }
}

fn invite_form(
    ctx: &Ctx,
    token: &str,
    invite: &Invite,
    domain: &str,
    problems: &AccountProblems,
) -> String {
    let l = ctx.locale;
    let errors: Vec<&str> = [problems.password, problems.password2]
        .into_iter()
        .flatten()
        .collect();
    let intro = l.ta(
        "invite-intro",
        &[("domain", domain), ("role", &l.t(role_key(invite.role)))],
    );
    let existing = ctx
        .user
        .as_ref()
        .is_some_and(|(u, _)| u.email == invite.email);
    let fields = if existing {
        String::new()
    } else {
        format!(
            "{}{}",
            field(
                ctx,
                "password",
                "field-password",
                "password",
                "",
                "new-password",
                problems.password
            ),
            field(
                ctx,
                "password2",
                "field-password2",
                "password",
                "",
                "new-password",
                problems.password2
            ),
        )
    };
    format!(
        r#"<h1>{title}</h1><p>{intro}</p><p>{account}</p>
{summary}<form class="card" method="post" action="/invite/{token}">{csrf}{fields}<button type="submit">{submit}</button></form>
"#,
        title = esc(&l.t("invite-title")),
        intro = esc(&intro),
        account = esc(&l.ta("invite-account", &[("email", &invite.email)])),
        summary = error_summary(ctx, &errors),
        token = esc(token),
        csrf = csrf_field(ctx),
        submit = esc(&l.t("invite-accept")),
    )
}

/// Finds a pending invite and its site's domain, or answers 404.
fn pending(ctx: &Ctx, state: &crate::AppState, token: &str) -> Result<(Invite, String), Response> {
    let store = accounts(ctx)?;
    if !session::looks_like_secret(token) {
        return Err(error_page(ctx, StatusCode::NOT_FOUND, "invite-invalid"));
    }
    let invite = store
        .invite(&session::secret_hash(token), Utc::now())
        .map_err(|e| store_error(ctx, e))?
        .ok_or_else(|| error_page(ctx, StatusCode::NOT_FOUND, "invite-invalid"))?;
    let domain = state
        .store
        .sites()
        .map_err(|e| store_error(ctx, e))?
        .into_iter()
        .find(|s| s.id == invite.site_id)
        .map(|s| s.domain.as_str().to_string())
        .ok_or_else(|| error_page(ctx, StatusCode::NOT_FOUND, "invite-invalid"))?;
    // Someone who already has an account proves it by logging in first.
    let has_account = store
        .user_by_email(&invite.email)
        .map_err(|e| store_error(ctx, e))?
        .is_some();
    let is_them = ctx
        .user
        .as_ref()
        .is_some_and(|(u, _)| u.email == invite.email);
    if has_account && !is_them {
        let next: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("next", &format!("/invite/{token}"))
            .finish();
        let l = ctx.locale;
        let main = format!(
            r#"<h1>{}</h1><p class="notice">{}</p><p><a href="/login?{}">{}</a></p>"#,
            esc(&l.t("invite-title")),
            esc(&l.ta("invite-log-in-first", &[("email", &invite.email)])),
            esc(&next),
            esc(&l.t("login-title"))
        );
        return Err(html(ctx, StatusCode::OK, &l.t("invite-title"), &main));
    }
    Ok((invite, domain))
}

/// `GET /invite/{token}`.
pub(crate) async fn invite_page(
    ctx: Ctx,
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    Path(token): Path<String>,
) -> Response {
    match pending(&ctx, &state, &token) {
        Ok((invite, domain)) => {
            let main = invite_form(&ctx, &token, &invite, &domain, &AccountProblems::default());
            html(&ctx, StatusCode::OK, &ctx.locale.t("invite-title"), &main)
        }
        Err(r) => r,
    }
}

/// `POST /invite/{token}`: accepts the invite (creating the account when
/// needed) and logs the person in.
pub(crate) async fn invite_accept(
    ctx: Ctx,
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let fields = form(&body);
    if !ctx.csrf_ok(fields.get("csrf").map(String::as_str)) {
        return csrf_rejected(&ctx);
    }
    let (invite, domain) = match pending(&ctx, &state, &token) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let store = match accounts(&ctx) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let existing = ctx
        .user
        .as_ref()
        .filter(|(u, _)| u.email == invite.email)
        .map(|(u, _)| u.id);
    let password = fields.get("password").cloned().unwrap_or_default();
    if existing.is_none() {
        let mut problems = AccountProblems::default();
        session::check_password(
            &password,
            Some(fields.get("password2").map(String::as_str).unwrap_or("")),
            &mut problems,
        );
        if !problems.is_empty() {
            let main = invite_form(&ctx, &token, &invite, &domain, &problems);
            return html(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &ctx.locale.t("invite-title"),
                &main,
            );
        }
    }
    let hash = session::secret_hash(&token);
    let accepted =
        tokio::task::spawn_blocking(move || -> etalage_store::Result<(User, Option<String>)> {
            let password_hash = existing
                .is_none()
                .then(|| session::hash_password(&password));
            let user = store.accept_invite(&hash, password_hash.as_deref(), Utc::now())?;
            let raw = match existing {
                Some(_) => None,
                None => Some(session::start(store.as_ref(), user.id)?),
            };
            Ok((user, raw))
        })
        .await;
    match accepted {
        Ok(Ok((user, raw))) => {
            tracing::info!(email = %user.email, site = %domain, "invite accepted");
            let mut response = redirect(&ctx, "/");
            if let Some(raw) = raw {
                if let Ok(v) = HeaderValue::from_str(&session::session_cookie(&raw, ctx.secure)) {
                    response.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            response
        }
        Ok(Err(etalage_store::StoreError::Conflict(_))) => {
            error_page(&ctx, StatusCode::NOT_FOUND, "invite-invalid")
        }
        Ok(Err(e)) => store_error(&ctx, e),
        Err(e) => store_error(&ctx, e),
    }
}
