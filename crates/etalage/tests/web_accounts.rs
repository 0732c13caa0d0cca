//! The web app's accounts over HTTP, against the real binary: setup, login,
//! sessions, CSRF, logout, lock-out, languages and invites.
mod common;
use common::form_client::{Browser, Page};
use common::{etalage_ok, Server, TempDir};

const OWNER: &str = "owner@fietsen.example";
const PASSWORD: &str = "tandwiel-en-ketting";

fn setup_owner(server: &Server) -> Browser {
    let mut b = Browser::new(server).with_header("accept-language", "en");
    let done = b.submit(
        "/setup",
        "/setup",
        &[
            ("email", OWNER),
            ("password", PASSWORD),
            ("password2", PASSWORD),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    b
}

fn html_lang(page: &Page) -> &str {
    let at = page.body.find("<html lang=\"").expect("<html lang=…>") + 12;
    page.body[at..].split('"').next().unwrap()
}

#[test]
fn setup_creates_the_owner_once_and_then_closes() {
    let dir = TempDir::new("web-setup");
    let server = Server::start(&dir.0, &[]);
    let mut b = Browser::new(&server).with_header("accept-language", "nl-BE,nl;q=0.9");

    let home = b.get("/");
    assert_eq!((home.status, home.location.as_str()), (303, "/setup"));
    let login = b.get("/login");
    assert_eq!((login.status, login.location.as_str()), (303, "/setup"));

    let form = b.get("/setup");
    assert_eq!(form.status, 200);
    assert_eq!(html_lang(&form), "nl");
    assert!(form.body.contains("etalage instellen"), "{}", form.body);

    // Clear errors naming the field, in the user's language.
    let bad = b.submit(
        "/setup",
        "/setup",
        &[
            ("email", "geen-adres"),
            ("password", "kort"),
            ("password2", "anders"),
        ],
    );
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("E-mailadres: vul een adres in"),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains("Wachtwoord: gebruik minstens 10 tekens."),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains("de twee wachtwoorden verschillen"),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains(r#"value="geen-adres""#),
        "the e-mail is kept"
    );

    let done = b.submit(
        "/setup",
        "/setup",
        &[
            ("email", OWNER),
            ("password", PASSWORD),
            ("password2", PASSWORD),
        ],
    );
    assert_eq!(
        (done.status, done.location.as_str()),
        (303, "/"),
        "{}",
        done.body
    );
    let cookie = done.cookie("etalage_session").expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP: no Secure flag: {cookie}"
    );

    // The new owner is logged in and sees the layout.
    let home = b.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    for needle in [
        r#"href="/kpis""#,
        r#"href="/customers""#,
        r#"href="/advice""#,
        r#"href="/settings""#,
        OWNER,
    ] {
        assert!(
            home.body.contains(needle),
            "{needle} missing in:\n{}",
            home.body
        );
    }
    assert!(home
        .body
        .contains(r#"<form class="logout" method="post" action="/logout">"#));

    // Setup is closed now, for the owner and for anyone else.
    assert_eq!(b.get("/setup").location, "/login");
    let mut stranger = Browser::new(&server);
    assert_eq!(stranger.get("/setup").location, "/login");
    let again = stranger.submit(
        "/login",
        "/setup",
        &[
            ("email", "evil@x.example"),
            ("password", PASSWORD),
            ("password2", PASSWORD),
        ],
    );
    assert_eq!(again.status, 409, "{}", again.body);
    let wrong = stranger.submit(
        "/login",
        "/login",
        &[("email", "evil@x.example"), ("password", PASSWORD)],
    );
    assert_eq!(wrong.status, 401);

    // The stylesheet is served by etalage itself, at the URL the pages
    // link (with a version, so an upgrade reaches cached browsers).
    let href = wrong
        .body
        .split(r#"<link rel="stylesheet" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    assert!(href.starts_with("/assets/app.css?v="), "{href}");
    let css = b.get(&href);
    assert_eq!(css.status, 200);
    assert!(css.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
}

#[test]
fn login_logout_and_csrf() {
    let dir = TempDir::new("web-login");
    let server = Server::start(&dir.0, &[]);
    setup_owner(&server);

    let mut b = Browser::new(&server).with_header("accept-language", "en-GB");
    let gate = b.get("/settings");
    assert_eq!(
        (gate.status, gate.location.as_str()),
        (303, "/login?next=%2Fsettings")
    );

    let wrong = b.submit(
        "/login?next=%2Fsettings",
        "/login",
        &[("email", OWNER), ("password", "not the password")],
    );
    assert_eq!(wrong.status, 401);
    assert!(
        wrong
            .body
            .contains("The e-mail address or the password is wrong."),
        "{}",
        wrong.body
    );
    assert!(wrong.cookie("etalage_session").is_none());

    let unknown = b.submit(
        "/login",
        "/login",
        &[("email", "nobody@x.example"), ("password", PASSWORD)],
    );
    assert_eq!(unknown.status, 401, "unknown addresses get the same answer");
    assert!(unknown
        .body
        .contains("The e-mail address or the password is wrong."));

    // A POST without (or with a wrong) CSRF token is refused.
    let no_token = b.post("/login", &[("email", OWNER), ("password", PASSWORD)]);
    assert_eq!(no_token.status, 403);
    assert!(
        no_token
            .body
            .contains("This form has expired or did not come from etalage itself"),
        "{}",
        no_token.body
    );
    let bad_token = b.post(
        "/login",
        &[("email", OWNER), ("password", PASSWORD), ("csrf", "0123")],
    );
    assert_eq!(bad_token.status, 403);

    let page = b.get("/login?next=%2Fsettings");
    let ok = b.post(
        "/login",
        &[
            ("email", "  Owner@Fietsen.example "),
            ("password", PASSWORD),
            ("csrf", &page.csrf()),
            ("next", "/settings"),
        ],
    );
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (303, "/settings"),
        "{}",
        ok.body
    );
    let cookie = ok.cookie("etalage_session").unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let old_session = b.cookies["etalage_session"].clone();
    assert_eq!(old_session.len(), 43, "256 random bits");

    let settings = b.get("/settings");
    assert_eq!(settings.status, 200);
    assert!(settings.body.contains(OWNER));

    // Open redirects are not followed.
    let page = b.get("/settings");
    let mut other = Browser::new(&server);
    let login = other.get("/login");
    let out = other.post(
        "/login",
        &[
            ("email", OWNER),
            ("password", PASSWORD),
            ("csrf", &login.csrf()),
            ("next", "//evil.example/"),
        ],
    );
    assert_eq!(out.location, "/");

    // Logout needs the token too.
    let refused = b.post("/logout", &[]);
    assert_eq!(refused.status, 403);
    assert_eq!(b.get("/settings").status, 200, "still logged in");

    let bye = b.post("/logout", &[("csrf", &page.csrf())]);
    assert_eq!((bye.status, bye.location.as_str()), (303, "/login"));
    assert!(bye.cookie("etalage_session").unwrap().contains("Max-Age=0"));

    // The old cookie no longer works, even when sent again by hand.
    b.cookies.insert("etalage_session".into(), old_session);
    let after = b.get("/settings");
    assert_eq!(
        (after.status, after.location.as_str()),
        (303, "/login?next=%2Fsettings")
    );
}

#[test]
fn secure_cookie_behind_a_tls_proxy() {
    let dir = TempDir::new("web-tls");
    let server = Server::start(&dir.0, &[]);
    setup_owner(&server);
    // The test client connects from loopback, which is a trusted proxy by default.
    let mut b = Browser::new(&server).with_header("x-forwarded-proto", "https");
    let ok = b.submit(
        "/login",
        "/login",
        &[("email", OWNER), ("password", PASSWORD)],
    );
    assert_eq!(ok.status, 303);
    let cookie = ok.cookie("etalage_session").unwrap();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}

#[test]
fn repeated_failures_lock_out_that_address_for_fifteen_minutes() {
    let dir = TempDir::new("web-lockout");
    let server = Server::start(&dir.0, &[]);
    setup_owner(&server);
    // From loopback (a trusted proxy), X-Forwarded-For names the client.
    let mut b = Browser::new(&server)
        .with_header("x-forwarded-for", "198.51.100.7")
        .with_header("accept-language", "fr-BE");
    for _ in 0..5 {
        let wrong = b.submit(
            "/login",
            "/login",
            &[("email", OWNER), ("password", "raté-raté-raté")],
        );
        assert_eq!(wrong.status, 401);
        assert!(
            wrong
                .body
                .contains("L’adresse e-mail ou le mot de passe est incorrect."),
            "{}",
            wrong.body
        );
    }
    // Now even the right password is refused, with a message saying when to retry.
    let locked = b.submit(
        "/login",
        "/login",
        &[("email", OWNER), ("password", PASSWORD)],
    );
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert!(
        locked
            .body
            .contains("Trop de tentatives échouées. Réessayez dans 15 minutes"),
        "{}",
        locked.body
    );
    let retry: u64 = locked.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((800..=900).contains(&retry), "{retry}");
    assert!(locked.cookie("etalage_session").is_none());

    // Another client address is not locked out.
    let mut elsewhere = Browser::new(&server).with_header("x-forwarded-for", "198.51.100.8");
    let ok = elsewhere.submit(
        "/login",
        "/login",
        &[("email", OWNER), ("password", PASSWORD)],
    );
    assert_eq!(ok.status, 303, "{}", ok.body);
}

#[test]
fn pages_speak_the_visitors_language() {
    let dir = TempDir::new("web-lang");
    let server = Server::start(&dir.0, &[]);
    setup_owner(&server);

    let mut nl = Browser::new(&server).with_header("accept-language", "nl-BE,nl;q=0.9,en;q=0.5");
    let page = nl.get("/login");
    assert_eq!(html_lang(&page), "nl");
    assert!(page.body.contains("<h1>Aanmelden</h1>"), "{}", page.body);

    let mut fr = Browser::new(&server).with_header("accept-language", "fr-BE,fr;q=0.9");
    let page = fr.get("/login");
    assert_eq!(html_lang(&page), "fr");
    assert!(page.body.contains("<h1>Se connecter</h1>"));

    let mut none = Browser::new(&server);
    assert_eq!(html_lang(&none.get("/login")), "nl", "Dutch by default");

    // ?lang= wins and is remembered in a cookie; the switch links every language.
    let page = fr.get("/login?lang=en");
    assert_eq!(html_lang(&page), "en");
    assert!(page.body.contains("<h1>Log in</h1>"));
    assert!(page.cookie("lang").unwrap().starts_with("lang=en"));
    assert!(
        page.body.contains(r#"href="/login?lang=nl""#)
            && page.body.contains(r#"href="/login?lang=fr""#)
    );
    let again = fr.get("/login");
    assert_eq!(html_lang(&again), "en", "the choice sticks");

    // Every page, logged in or not, error or not, says its language.
    let mut owner = Browser::new(&server).with_header("accept-language", "fr");
    owner.submit(
        "/login",
        "/login",
        &[("email", OWNER), ("password", PASSWORD)],
    );
    for path in [
        "/",
        "/kpis",
        "/customers",
        "/settings",
        "/login",
        "/invite/nonexistent",
    ] {
        let p = owner.get(path);
        assert!(
            p.status == 200 || p.status == 303 || p.status == 404,
            "{path}: {}",
            p.status
        );
        if p.status != 303 {
            assert_eq!(html_lang(&p), "fr", "{path}");
        }
    }
    let csrf = owner.post("/logout", &[]);
    assert_eq!((csrf.status, html_lang(&csrf)), (403, "fr"));
    assert!(owner.get("/?lang=nl").body.contains("Overzicht"));
}

#[test]
fn owners_invite_viewers_who_see_only_their_sites() {
    let dir = TempDir::new("web-invite");
    etalage_ok(
        &dir.0,
        &[
            "site",
            "add",
            "fietsen.example",
            "--timezone",
            "Europe/Brussels",
        ],
    );
    etalage_ok(
        &dir.0,
        &[
            "site",
            "add",
            "andere.example",
            "--timezone",
            "Europe/Brussels",
        ],
    );
    let server = Server::start(&dir.0, &[]);
    let mut owner = setup_owner(&server);

    // The first user owns every site.
    let settings = owner.get("/settings");
    assert!(settings.body.contains("fietsen.example") && settings.body.contains("andere.example"));
    let site_id = {
        let at = settings.body.find("<h3>fietsen.example</h3>").unwrap();
        let rest = &settings.body[at..];
        let m = r#"name="site" value=""#;
        let v = &rest[rest.find(m).unwrap() + m.len()..];
        v.split('"').next().unwrap().to_string()
    };
    let bad = owner.submit(
        "/settings",
        "/settings/invite",
        &[("site", &site_id), ("email", "nope"), ("role", "viewer")],
    );
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("E-mail address: enter an address"),
        "{}",
        bad.body
    );
    let made = owner.submit(
        "/settings",
        "/settings/invite",
        &[
            ("site", &site_id),
            ("email", "Lezer@Fietsen.example"),
            ("role", "viewer"),
        ],
    );
    assert_eq!(made.status, 200, "{}", made.body);
    let link_at = made.body.find("/invite/").expect("an invite link");
    let token: String = made.body[link_at + 8..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert_eq!(token.len(), 43);
    assert!(
        owner
            .get("/settings")
            .body
            .contains("lezer@fietsen.example"),
        "pending invite listed"
    );

    let mut viewer = Browser::new(&server).with_header("accept-language", "en");
    let path = format!("/invite/{token}");
    let page = viewer.get(&path);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("fietsen.example") && page.body.contains("lezer@fietsen.example"));
    let short = viewer.submit(
        &path,
        &path,
        &[("password", "short"), ("password2", "short")],
    );
    assert_eq!(short.status, 422);
    assert!(short.body.contains("Password: use at least 10 characters."));
    let joined = viewer.submit(
        &path,
        &path,
        &[
            ("password", "lezer-wachtwoord"),
            ("password2", "lezer-wachtwoord"),
        ],
    );
    assert_eq!(
        (joined.status, joined.location.as_str()),
        (303, "/"),
        "{}",
        joined.body
    );
    assert!(joined.cookie("etalage_session").is_some());

    // The viewer sees only the site they were invited to, and cannot invite.
    let settings = viewer.get("/settings");
    assert!(settings.body.contains("fietsen.example"));
    assert!(
        !settings.body.contains("andere.example"),
        "{}",
        settings.body
    );
    assert!(settings.body.contains("viewer"));
    assert!(!settings.body.contains("/settings/invite"));
    let csrf = settings.csrf();
    let refused = viewer.post(
        "/settings/invite",
        &[
            ("site", &site_id),
            ("email", "x@y.example"),
            ("role", "owner"),
            ("csrf", &csrf),
        ],
    );
    assert_eq!(refused.status, 403);

    // The link works once.
    let mut late = Browser::new(&server);
    assert_eq!(late.get(&path).status, 404);
}
