//! `/setup` (the first owner), `/login` and `/logout`.
use super::context::{cookie_header, Ctx};
use super::i18n::Arg;
use super::layout::{csrf_field, error_summary, esc, field};
use super::pages::{
    accounts, csrf_rejected, error_page, form, html, redirect, safe_next, store_error,
};
use super::session::{self, AccountProblems};
use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use chrono::Utc;
use etalage_store::User;

fn setup_form(ctx: &Ctx, email: &str, problems: &AccountProblems) -> String {
    let l = ctx.locale;
    let errors: Vec<&str> = [problems.email, problems.password, problems.password2]
        .into_iter()
        .flatten()
        .collect();
    format!(
        r#"<h1>{title}</h1>
<p>{intro}</p>
{summary}<form class="card" method="post" action="/setup" novalidate>
{csrf}{email}{password}{password2}<p class="hint" id="password-hint">{hint}</p>
<button type="submit">{submit}</button>
</form>
"#,
        title = esc(&l.t("setup-title")),
        intro = esc(&l.t("setup-intro")),
        summary = error_summary(ctx, &errors),
        csrf = csrf_field(ctx),
        email = field(
            ctx,
            "email",
            "field-email",
            "email",
            email,
            "username",
            problems.email
        ),
        password = field(
            ctx,
            "password",
            "field-password",
            "password",
            "",
            "new-password",
            problems.password
        ),
        password2 = field(
            ctx,
            "password2",
            "field-password2",
            "password",
            "",
            "new-password",
            problems.password2
        ),
        hint = esc(&l.tc(
            "setup-password-hint",
            &[("min", Arg::Count(session::MIN_PASSWORD_CHARS as u64))]
        )),
        submit = esc(&l.t("setup-submit")),
    )
}

/// `GET /setup`: the form that creates the first owner, while no user exists.
pub(crate) async fn setup_page(ctx: Ctx) -> Response {
    let store = match accounts(&ctx) {
        Ok(s) => s,
        Err(r) => return r,
    };
    match store.user_count() {
        Ok(0) => {}
        Ok(_) => return redirect(&ctx, "/login"),
        Err(e) => return store_error(&ctx, e),
    }
    let main = setup_form(&ctx, "", &AccountProblems::default());
    html(&ctx, StatusCode::OK, &ctx.locale.t("setup-title"), &main)
}

/// `POST /setup`: creates the owner and logs them in.
pub(crate) async fn setup_submit(ctx: Ctx, body: Bytes) -> Response {
    let fields = form(&body);
    if !ctx.csrf_ok(fields.get("csrf").map(String::as_str)) {
        return csrf_rejected(&ctx);
    }
    let store = match accounts(&ctx) {
        Ok(s) => s,
        Err(r) => return r,
    };
    match store.user_count() {
        Ok(0) => {}
        Ok(_) => return error_page(&ctx, StatusCode::CONFLICT, "setup-closed"),
        Err(e) => return store_error(&ctx, e),
    }
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    let mut problems = AccountProblems::default();
    let email = session::normalise_email(get("email"));
    if email.is_none() {
        problems.email = Some("error-email-invalid");
    }
    session::check_password(get("password"), Some(get("password2")), &mut problems);
    let Some(email) = email.filter(|_| problems.is_empty()) else {
        let main = setup_form(&ctx, get("email"), &problems);
        return html(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            &ctx.locale.t("setup-title"),
            &main,
        );
    };
    let password = get("password").to_string();
    let made =
        tokio::task::spawn_blocking(move || -> etalage_store::Result<Option<(User, String)>> {
            let hash = session::hash_password(&password);
            let Some(user) = store.add_first_user(&email, &hash)? else {
                return Ok(None);
            };
            let raw = session::start(store.as_ref(), user.id)?;
            Ok(Some((user, raw)))
        })
        .await;
    match made {
        Ok(Ok(Some((user, raw)))) => {
            tracing::info!(email = %user.email, "created the owner account");
            let mut response = redirect(&ctx, "/");
            set_cookie(&mut response, &session::session_cookie(&raw, ctx.secure));
            response
        }
        Ok(Ok(None)) => error_page(&ctx, StatusCode::CONFLICT, "setup-closed"),
        Ok(Err(e)) => store_error(&ctx, e),
        Err(e) => store_error(&ctx, e),
    }
}

fn set_cookie(response: &mut Response, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

fn login_form(ctx: &Ctx, email: &str, next: &str, error: Option<&str>) -> String {
    let l = ctx.locale;
    let alert = match error {
        Some(message) => format!(
            r#"<p class="notice notice-error" role="alert">{}</p>"#,
            esc(message)
        ),
        None => String::new(),
    };
    format!(
        r#"<h1>{title}</h1>
{alert}<form class="card" method="post" action="/login">
{csrf}<input type="hidden" name="next" value="{next}">
{email}{password}<button type="submit">{submit}</button>
</form>
"#,
        title = esc(&l.t("login-title")),
        csrf = csrf_field(ctx),
        next = esc(next),
        email = field(
            ctx,
            "email",
            "field-email",
            "email",
            email,
            "username",
            None
        ),
        password = field(
            ctx,
            "password",
            "field-password",
            "password",
            "",
            "current-password",
            None
        ),
        submit = esc(&l.t("login-submit")),
    )
}

/// `GET /login`.
pub(crate) async fn login_page(ctx: Ctx) -> Response {
    let store = match accounts(&ctx) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let next = safe_next(
        ctx.query
            .iter()
            .find(|(k, _)| k == "next")
            .map(|(_, v)| v.as_str()),
    );
    if ctx.user.is_some() {
        return redirect(&ctx, &next);
    }
    match store.user_count() {
        Ok(0) => return redirect(&ctx, "/setup"),
        Ok(_) => {}
        Err(e) => return store_error(&ctx, e),
    }
    let main = login_form(&ctx, "", &next, None);
    html(&ctx, StatusCode::OK, &ctx.locale.t("login-title"), &main)
}

enum LoginOutcome {
    LockedUntil(chrono::DateTime<Utc>),
    Failed,
    Success(String),
}

/// `POST /login`: checks the password, with a lock-out per e-mail address
/// and client address after repeated failures.
pub(crate) async fn login_submit(ctx: Ctx, body: Bytes) -> Response {
    let fields = form(&body);
    if !ctx.csrf_ok(fields.get("csrf").map(String::as_str)) {
        return csrf_rejected(&ctx);
    }
    let store = match accounts(&ctx) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let l = ctx.locale;
    let raw_email = fields.get("email").cloned().unwrap_or_default();
    let password = fields.get("password").cloned().unwrap_or_default();
    let next = safe_next(fields.get("next").map(String::as_str));
    // Attempts are counted per address as typed when it is not even an
    // e-mail address, so that garbage cannot dodge the counter.
    let email =
        session::normalise_email(&raw_email).unwrap_or_else(|| raw_email.trim().to_lowercase());
    let ip = ctx.client_ip.to_string();
    let outcome = tokio::task::spawn_blocking(move || -> etalage_store::Result<LoginOutcome> {
        let now = Utc::now();
        if let Some(until) = session::locked_until(store.as_ref(), &email, &ip, now)? {
            return Ok(LoginOutcome::LockedUntil(until));
        }
        let user = store.user_by_email(&email)?;
        let verified = match &user {
            Some(u) => {
                let stored = store.password_hash(u.id)?.unwrap_or_default();
                session::verify_password(&password, &stored)
            }
            None => {
                session::verify_dummy(&password);
                false
            }
        };
        store.record_login_attempt(&email, &ip, now, verified)?;
        match user.filter(|_| verified) {
            Some(u) => Ok(LoginOutcome::Success(session::start(store.as_ref(), u.id)?)),
            None => Ok(LoginOutcome::Failed),
        }
    })
    .await;
    let outcome = match outcome {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => return store_error(&ctx, e),
        Err(e) => return store_error(&ctx, e),
    };
    match outcome {
        LoginOutcome::Success(raw) => {
            let mut response = redirect(&ctx, &next);
            set_cookie(&mut response, &session::session_cookie(&raw, ctx.secure));
            response
        }
        LoginOutcome::Failed => {
            let main = login_form(&ctx, &raw_email, &next, Some(&l.t("login-failed")));
            html(&ctx, StatusCode::UNAUTHORIZED, &l.t("login-title"), &main)
        }
        LoginOutcome::LockedUntil(until) => {
            let seconds = (until - Utc::now()).num_seconds().max(1);
            let minutes = ((seconds + 59) / 60) as u64;
            let at = super::i18n::format_time(until.time(), l);
            let message = l.tc(
                "login-locked",
                &[("minutes", Arg::Count(minutes)), ("time", Arg::Text(&at))],
            );
            let main = login_form(&ctx, &raw_email, &next, Some(&message));
            let mut response = html(
                &ctx,
                StatusCode::TOO_MANY_REQUESTS,
                &l.t("login-title"),
                &main,
            );
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
    }
}

/// `POST /logout`: ends the session and forgets the cookie.
pub(crate) async fn logout(ctx: Ctx, body: Bytes) -> Response {
    let fields = form(&body);
    if !ctx.csrf_ok(fields.get("csrf").map(String::as_str)) {
        return csrf_rejected(&ctx);
    }
    if let (Some(store), Some((_, raw))) = (&ctx.accounts, &ctx.user) {
        if let Err(e) = store.delete_session(&session::secret_hash(raw)) {
            return store_error(&ctx, e);
        }
    }
    let mut response = redirect(&ctx, "/login");
    set_cookie(
        &mut response,
        &cookie_header(session::SESSION_COOKIE, "", 0, true, ctx.secure),
    );
    response
}
