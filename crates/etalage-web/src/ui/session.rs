//! Authentication: password hashing (Argon2id), login sessions, CSRF tokens,
//! lock-out after repeated failed logins, and the account rules shared by
//! the setup page, invites and `etalage user add`.
use chrono::{DateTime, Duration, Utc};
use etalage_store::{AccountStore, StoreError, User};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Name of the session cookie.
pub(crate) const SESSION_COOKIE: &str = "etalage_session";
/// Name of the cookie that anonymous forms (setup, login) are tied to.
pub(crate) const CSRF_COOKIE: &str = "etalage_csrf";
/// A session ends after this long without use.
pub(crate) const SESSION_LIFETIME_DAYS: i64 = 30;
/// Failed logins (per e-mail and client address) that trigger a lock-out…
pub(crate) const MAX_FAILURES: usize = 5;
/// …when they fall within this window, and the lock-out's length.
pub(crate) const LOCKOUT_MINUTES: i64 = 15;
/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A new random secret: 256 bits as 43 base64url characters.
pub(crate) fn new_secret() -> String {
    // `new_token` is the API key generator; the same randomness without its prefix.
    crate::new_token().trim_start_matches("etl_").to_string()
}

/// Whether a cookie value has the shape of [`new_secret`].
pub(crate) fn looks_like_secret(v: &str) -> bool {
    v.len() == 43
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn sha256_hex(input: &str) -> String {
    Sha256::digest(input.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The stored form of a session id or invite token (SHA-256: they are
/// 256-bit random values, so a slow hash adds nothing).
pub(crate) fn secret_hash(secret: &str) -> String {
    sha256_hex(secret)
}

/// The CSRF token of forms in a logged-in session. Derived from the
/// session id, which only the browser (HttpOnly cookie) and nobody else
/// knows; the store only has the id's hash, so a leaked store does not
/// leak tokens either.
pub(crate) fn csrf_for_session(raw_session_id: &str) -> String {
    sha256_hex(&format!("etalage csrf, session {raw_session_id}"))
}

/// The CSRF token of forms before login, tied to the anonymous CSRF cookie.
pub(crate) fn csrf_for_anonymous(cookie: &str) -> String {
    sha256_hex(&format!("etalage csrf, anonymous {cookie}"))
}

/// Compares secrets without leaking where they differ.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Hashes a password with Argon2id and default (memory-hard) parameters,
/// with a random salt; the result is a PHC string (`$argon2id$v=19$…`).
pub(crate) fn hash_password(password: &str) -> String {
    use argon2::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .expect("Argon2 with default parameters and a random salt cannot fail")
        .to_string()
}

/// Checks a password against a stored PHC string (its own parameters are
/// used, so hashes made with older defaults still verify).
pub(crate) fn verify_password(password: &str, stored: &str) -> bool {
    use argon2::PasswordVerifier;
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// Spends as long as checking a password, for unknown e-mail addresses:
/// answering them faster would tell which addresses have accounts.
pub(crate) fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash_password("not a password of anyone"));
    let _ = verify_password(password, stored);
}

/// Trims and lower-cases an e-mail address, and checks its shape.
pub(crate) fn normalise_email(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ','))
        && !domain.contains('@');
    ok.then_some(email)
}

/// What is wrong with a new account's details, as a Fluent key per field.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct AccountProblems {
    /// The e-mail field's problem.
    pub(crate) email: Option<&'static str>,
    /// The password field's problem.
    pub(crate) password: Option<&'static str>,
    /// The repeated password's problem.
    pub(crate) password2: Option<&'static str>,
}

impl AccountProblems {
    /// Whether there is no problem.
    pub(crate) fn is_empty(&self) -> bool {
        self.email.is_none() && self.password.is_none() && self.password2.is_none()
    }
}

/// Checks a password (and its repetition, when asked for twice).
pub(crate) fn check_password(
    password: &str,
    repeated: Option<&str>,
    problems: &mut AccountProblems,
) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        problems.password = Some("error-password-short");
    } else if password.len() > 1024 {
        problems.password = Some("error-password-long");
    }
    if let Some(repeated) = repeated {
        if repeated != password {
            problems.password2 = Some("error-password-mismatch");
        }
    }
}

/// Why a user could not be added.
#[derive(Debug, PartialEq, Eq)]
pub enum AddUserError {
    /// Not an e-mail address such as `name@shop.example`.
    InvalidEmail,
    /// Shorter than [`MIN_PASSWORD_CHARS`] characters (or absurdly long).
    WeakPassword,
    /// An account with this e-mail address exists.
    Exists,
    /// The store failed.
    Store(String),
}

impl std::fmt::Display for AddUserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddUserError::InvalidEmail => {
                write!(f, "email: not an e-mail address such as name@shop.example")
            }
            AddUserError::WeakPassword => {
                write!(f, "password: use at least {MIN_PASSWORD_CHARS} characters (and at most 1024 bytes)")
            }
            AddUserError::Exists => write!(
                f,
                "email: an account with this e-mail address already exists"
            ),
            AddUserError::Store(e) => write!(f, "cannot save the account: {e}"),
        }
    }
}

impl std::error::Error for AddUserError {}

/// Adds an administrator account (owner of every site), as
/// `etalage user add EMAIL` does with the password it reads from stdin.
/// The e-mail is normalised (trimmed, lower case); the password must have
/// at least [`MIN_PASSWORD_CHARS`] characters and is stored as an Argon2id
/// hash. Slow on purpose (the hash takes a moment).
pub fn add_user(
    accounts: &dyn AccountStore,
    email: &str,
    password: &str,
) -> Result<User, AddUserError> {
    let email = normalise_email(email).ok_or(AddUserError::InvalidEmail)?;
    let mut problems = AccountProblems::default();
    check_password(password, None, &mut problems);
    if !problems.is_empty() {
        return Err(AddUserError::WeakPassword);
    }
    if accounts
        .user_by_email(&email)
        .map_err(|e| AddUserError::Store(e.to_string()))?
        .is_some()
    {
        return Err(AddUserError::Exists);
    }
    match accounts.add_user(&email, &hash_password(password), true) {
        Ok(user) => Ok(user),
        Err(StoreError::Conflict(_)) => Err(AddUserError::Exists),
        Err(e) => Err(AddUserError::Store(e.to_string())),
    }
}

/// A session found from its cookie.
pub(crate) struct SessionCookie {
    /// Whose it is.
    pub(crate) user: User,
    /// Whether its expiry moved, so the cookie should be sent again.
    pub(crate) refreshed: bool,
}

/// Finds the session of a cookie value and slides its expiry (at most once
/// an hour, so that reading pages does not turn into writes).
pub(crate) fn resume(
    accounts: &dyn AccountStore,
    raw: &str,
) -> etalage_store::Result<Option<SessionCookie>> {
    if !looks_like_secret(raw) {
        return Ok(None);
    }
    let hash = secret_hash(raw);
    let now = Utc::now();
    let Some(session) = accounts.session(&hash, now)? else {
        return Ok(None);
    };
    let Some(user) = accounts.user(session.user_id)? else {
        return Ok(None);
    };
    let full = now + Duration::days(SESSION_LIFETIME_DAYS);
    let refreshed = full - session.expires_at > Duration::hours(1);
    if refreshed {
        accounts.extend_session(&hash, full)?;
    }
    Ok(Some(SessionCookie { user, refreshed }))
}

/// Starts a session for a user; returns the raw id for the cookie.
pub(crate) fn start(accounts: &dyn AccountStore, user_id: u32) -> etalage_store::Result<String> {
    let raw = new_secret();
    let now = Utc::now();
    accounts.create_session(
        &secret_hash(&raw),
        user_id,
        now,
        now + Duration::days(SESSION_LIFETIME_DAYS),
    )?;
    // Housekeeping at a moment that is rare and not latency-critical.
    accounts.delete_expired_sessions(now)?;
    Ok(raw)
}

/// The `Set-Cookie` value for a session.
pub(crate) fn session_cookie(raw: &str, secure: bool) -> String {
    super::context::cookie_header(
        SESSION_COOKIE,
        raw,
        SESSION_LIFETIME_DAYS * 24 * 3600,
        true,
        secure,
    )
}

/// When a locked-out e-mail and address may try again, if they are locked
/// out now.
pub(crate) fn locked_until(
    accounts: &dyn AccountStore,
    email: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> etalage_store::Result<Option<DateTime<Utc>>> {
    let window = Duration::minutes(LOCKOUT_MINUTES);
    let failures = accounts.recent_login_failures(email, ip, now - window)?;
    if failures.len() < MAX_FAILURES {
        return Ok(None);
    }
    let until = failures.last().copied().unwrap_or(now) + window;
    Ok((until > now).then_some(until))
}

#[cfg(test)]
mod tests {
    use super::*;
    use etalage_store::DuckDbStore;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(h, hash_password("correct horse battery"), "salted");
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalise_email("  An@Shop.Example ").as_deref(),
            Some("an@shop.example")
        );
        for bad in [
            "",
            "an",
            "an@",
            "@shop.example",
            "an@shop",
            "a n@shop.example",
            "a@b@c.example",
            "a@.example",
        ] {
            assert_eq!(normalise_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn secrets_and_csrf_tokens() {
        let s = new_secret();
        assert!(looks_like_secret(&s), "{s}");
        assert_ne!(s, new_secret());
        assert!(!looks_like_secret("short"));
        assert_ne!(csrf_for_session(&s), csrf_for_anonymous(&s));
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }

    #[test]
    fn add_user_checks_its_input() {
        let store = DuckDbStore::open_in_memory().unwrap();
        assert_eq!(
            add_user(&store, "nope", "long enough pw").unwrap_err(),
            AddUserError::InvalidEmail
        );
        assert_eq!(
            add_user(&store, "a@shop.example", "short").unwrap_err(),
            AddUserError::WeakPassword
        );
        let u = add_user(&store, " A@Shop.example", "long enough pw").unwrap();
        assert!(u.is_admin);
        assert_eq!(u.email, "a@shop.example");
        assert_eq!(
            add_user(&store, "a@shop.example", "long enough pw").unwrap_err(),
            AddUserError::Exists
        );
        assert!(verify_password(
            "long enough pw",
            &store.password_hash(u.id).unwrap().unwrap()
        ));
    }

    #[test]
    fn sessions_start_resume_and_lock_out_after_five_failures() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let u = add_user(&store, "a@shop.example", "long enough pw").unwrap();
        let raw = start(&store, u.id).unwrap();
        assert_eq!(resume(&store, &raw).unwrap().unwrap().user.id, u.id);
        assert!(resume(&store, &new_secret()).unwrap().is_none());
        assert!(resume(&store, "garbage").unwrap().is_none());

        let now = Utc::now();
        for i in 0..4 {
            store
                .record_login_attempt(
                    "a@shop.example",
                    "192.0.2.1",
                    now - Duration::minutes(4 - i),
                    false,
                )
                .unwrap();
        }
        assert_eq!(
            locked_until(&store, "a@shop.example", "192.0.2.1", now).unwrap(),
            None
        );
        store
            .record_login_attempt("a@shop.example", "192.0.2.1", now, false)
            .unwrap();
        let until = locked_until(&store, "a@shop.example", "192.0.2.1", now)
            .unwrap()
            .unwrap();
        assert!(until > now + Duration::minutes(14));
        assert_eq!(
            locked_until(&store, "a@shop.example", "192.0.2.2", now).unwrap(),
            None
        );
        assert_eq!(
            locked_until(
                &store,
                "a@shop.example",
                "192.0.2.1",
                now + Duration::minutes(16)
            )
            .unwrap(),
            None
        );
    }
}
