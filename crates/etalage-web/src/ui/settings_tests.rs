//! The site settings driven in-process through the whole router, with the
//! real DuckDB store: goals (and the stats API counting them), access
//! control, CSRF, form errors, API keys, share links and the first-event
//! check.
use super::http_tests::{app, App, Client, Resp, PW};
use crate::auth::hash_share_token;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{DateTime, TimeZone, Utc};
use etalage_core::{Device, Domain, Event, GoalClass, GoalTrigger, PagePattern, Timezone, Visit};
use etalage_store::{DuckDbStore, Site, Store};
use serde_json::{json, Value};
use tower::ServiceExt;

pub(super) fn add_site(store: &DuckDbStore, domain: &str) -> Site {
    store
        .add_site(&Domain::parse(domain).unwrap(), Timezone::default())
        .unwrap()
}

/// The first user: an administrator, who owns every site.
pub(super) async fn admin(app: &App) -> Client {
    let mut c = Client {
        accept_language: Some("en"),
        ..Client::default()
    };
    let r = c
        .submit(
            app,
            "/setup",
            "/setup",
            &[
                ("email", "admin@shop.example"),
                ("password", PW),
                ("password2", PW),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    c
}

/// A new user invited by `admin` to one site with a role.
pub(super) async fn member(
    app: &App,
    admin: &mut Client,
    site: &Site,
    email: &str,
    role: &str,
) -> Client {
    let id = site.id.to_string();
    let made = admin
        .submit(
            app,
            "/settings",
            "/settings/invite",
            &[("site", &id), ("email", email), ("role", role)],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let at = made.body.find("/invite/").unwrap() + 8;
    let path = format!("/invite/{}", &made.body[at..at + 43]);
    let mut c = Client {
        accept_language: Some("en"),
        ..Client::default()
    };
    let joined = c
        .submit(app, &path, &path, &[("password", PW), ("password2", PW)])
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    c
}

/// Posts a form with the CSRF token of the page at `from`.
async fn post_from(
    c: &mut Client,
    app: &App,
    from: &str,
    to: &str,
    fields: &[(&str, &str)],
) -> Resp {
    c.submit(app, from, to, fields).await
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
}

fn pageview(site: &Site, visitor: u64, ts: DateTime<Utc>, path: &str) -> Event {
    Event {
        site_id: site.id,
        ts,
        visitor_id: visitor,
        visit_id: visitor,
        name: "pageview".into(),
        hostname: site.domain.to_string(),
        pathname: path.into(),
        visit: Visit {
            source: "Direct / None".into(),
            channel: "direct".into(),
            ..Visit::default()
        },
        device: Device::Desktop,
        browser: "Chrome".into(),
        browser_version: "124".into(),
        os: "Windows".into(),
        os_version: "10".into(),
        country: None,
        props: Vec::new(),
        revenue: None,
        interactive: true,
    }
}

/// `POST /api/v2/query` with a bearer token.
async fn query(app: &App, token: &str, body: Value) -> (StatusCode, Value) {
    let req = Request::builder()
        .method("POST")
        .uri("/api/v2/query")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

/// The goal rows of a site on 2 March 2026: (goal, [visitors, goal_value]).
async fn goal_rows(app: &App, token: &str, domain: &str) -> Vec<(String, Value)> {
    let (status, v) = query(
        app,
        token,
        json!({"site_id": domain, "metrics": ["visitors", "goal_value"], "dimensions": ["event:goal"], "date_range": ["2026-03-02", "2026-03-02"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["dimensions"][0].as_str().unwrap().to_string(),
                r["metrics"].clone(),
            )
        })
        .collect()
}

/// Makes an API key through the web app and returns its token.
async fn create_key(app: &App, admin: &mut Client, name: &str) -> String {
    let made = post_from(
        admin,
        app,
        "/settings/api-keys",
        "/settings/api-keys",
        &[("name", name)],
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let start = made.body.find(r#"value="etl_"#).expect("the token, once") + 7;
    made.body[start..start + 47].to_string()
}

/// A page as the client sees it, with a Host header.
async fn get_with_host(app: &App, c: &Client, uri: &str, host: &str) -> String {
    let jar: Vec<String> = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let req = Request::builder()
        .uri(uri)
        .header("host", host)
        .header("cookie", jar.join("; "))
        .header("accept-language", "en")
        .body(Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn owners_add_edit_and_delete_goals_that_the_api_counts() {
    let (app, store) = app(true);
    let site = add_site(&store, "a.example");
    let mut boss = admin(&app).await;
    // An owner by invitation, not an administrator.
    let mut owner = member(&app, &mut boss, &site, "owner@a.example", "owner").await;
    let token = create_key(&app, &mut boss, "tests").await;
    store
        .insert_events(
            &[
                pageview(&site, 1, at(10, 0), "/"),
                pageview(&site, 1, at(10, 1), "/thank-you"),
                pageview(&site, 2, at(11, 0), "/"),
            ],
            None,
        )
        .unwrap();
    assert!(goal_rows(&app, &token, "a.example").await.is_empty());

    let page = format!("/settings/sites/{}", site.id);
    let made = post_from(
        &mut owner,
        &app,
        &page,
        &format!("{page}/goals"),
        &[
            ("name", "Thanks"),
            ("kind", "page"),
            ("match", "/thank-you"),
            ("class", "hard"),
            ("amount", "40"),
            ("currency", "eur"),
        ],
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(made.location, format!("{page}?saved=1#goals"));
    let goals = store.goals(site.id).unwrap();
    assert_eq!(goals.len(), 1);
    assert_eq!(
        goals[0].trigger,
        GoalTrigger::Page(PagePattern::parse("/thank-you").unwrap())
    );
    assert_eq!(goals[0].class, GoalClass::Hard);
    assert_eq!(
        goal_rows(&app, &token, "a.example").await,
        vec![("Thanks".to_string(), json!([1, 40.0]))]
    );
    let shown = owner.get(&app, &format!("{page}?saved=1")).await;
    assert!(shown.body.contains("Your changes were saved."));
    assert!(
        shown.body.contains("visit to /thank-you") && shown.body.contains("€40.00"),
        "{}",
        shown.body
    );

    // Edit: a new name, an event trigger, no value.
    let edit = format!("{page}/goals/{}", goals[0].id);
    let form = owner.get(&app, &edit).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"value="Thanks""#) && form.body.contains(r#"value="40""#));
    let saved = post_from(
        &mut owner,
        &app,
        &edit,
        &edit,
        &[
            ("name", "Home"),
            ("kind", "page"),
            ("match", "/"),
            ("class", "soft"),
            ("amount", "2,50"),
            ("currency", "EUR"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        goal_rows(&app, &token, "a.example").await,
        vec![("Home".to_string(), json!([2, 5.0]))]
    );

    let deleted = post_from(&mut owner, &app, &page, &format!("{edit}/delete"), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert!(store.goals(site.id).unwrap().is_empty());
    assert!(goal_rows(&app, &token, "a.example").await.is_empty());
    assert_eq!(owner.get(&app, &edit).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn viewers_read_and_strangers_never_see_the_site() {
    let (app, store) = app(true);
    let a = add_site(&store, "a.example");
    let b = add_site(&store, "b.example");
    let goal = store
        .add_goal(
            a.id,
            "Signup",
            &GoalTrigger::Event("Signup".into()),
            GoalClass::Soft,
            None,
        )
        .unwrap();
    let mut boss = admin(&app).await;
    let mut viewer = member(&app, &mut boss, &a, "viewer@a.example", "viewer").await;
    let mut stranger = member(&app, &mut boss, &b, "owner@b.example", "owner").await;
    let page = format!("/settings/sites/{}", a.id);

    let seen = viewer.get(&app, &page).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(
        seen.body.contains("data-domain=&quot;a.example&quot;"),
        "{}",
        seen.body
    );
    assert!(seen.body.contains("Signup") && seen.body.contains("event Signup"));
    // Read-only: no form but the logout button's, no share links.
    assert_eq!(seen.body.matches(r#"method="post""#).count(), 1);
    assert!(!seen.body.contains("share-links"));
    assert_eq!(
        viewer
            .get(&app, &format!("{page}/goals/{}", goal.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let csrf = seen.csrf();
    let goal_fields = [
        ("name", "Hacked"),
        ("kind", "event"),
        ("match", "x"),
        ("class", "hard"),
        ("csrf", csrf.as_str()),
    ];
    let edit = format!("{page}/goals/{}", goal.id);
    for (to, fields) in [
        (format!("{page}/goals"), &goal_fields[..]),
        (edit.clone(), &goal_fields[..]),
        (format!("{edit}/delete"), &goal_fields[4..]),
        (
            page.clone(),
            &[
                ("domain", "c.example"),
                ("timezone", "UTC"),
                ("csrf", csrf.as_str()),
            ][..],
        ),
        (format!("{page}/share-links"), &goal_fields[4..]),
        ("/settings/api-keys".to_string(), &goal_fields[..]),
        (
            "/settings/sites".to_string(),
            &[
                ("domain", "c.example"),
                ("timezone", "UTC"),
                ("csrf", csrf.as_str()),
            ][..],
        ),
    ] {
        let r = viewer.post(&app, &to, fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{to}: {}", r.body);
    }
    assert_eq!(store.goals(a.id).unwrap(), vec![goal.clone()]);
    assert_eq!(store.sites().unwrap().len(), 2);
    assert!(store.share_links(a.id).unwrap().is_empty());
    assert!(store.api_keys().unwrap().is_empty());
    assert_eq!(
        viewer.get(&app, "/settings/api-keys").await.status,
        StatusCode::FORBIDDEN
    );

    // Someone else's site answers exactly like a site that does not exist.
    let own = stranger
        .get(&app, &format!("/settings/sites/{}", b.id))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let csrf = own.csrf();
    let missing = stranger.get(&app, "/settings/sites/999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    for path in [page.clone(), format!("{page}/first-event"), edit.clone()] {
        let r = stranger.get(&app, &path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("a.example") && !r.body.contains("Signup"));
    }
    assert_eq!(
        stranger.get(&app, &page).await.body.replace(&page, "/…"),
        missing.body.replace("/settings/sites/999", "/…"),
        "no difference to learn from"
    );
    let mut with_csrf = goal_fields.to_vec();
    with_csrf[4] = ("csrf", csrf.as_str());
    for to in [
        format!("{page}/goals"),
        edit.clone(),
        format!("{edit}/delete"),
        format!("{page}/share-links"),
        format!("{page}/share-links/1/revoke"),
        page.clone(),
    ] {
        let r = stranger.post(&app, &to, &with_csrf).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{to}");
    }
    assert_eq!(store.goals(a.id).unwrap(), vec![goal]);
    // Logged out: to the login page, and 401 for the JSON endpoint.
    let mut anonymous = Client::default();
    assert!(anonymous
        .get(&app, &page)
        .await
        .location
        .starts_with("/login?next="));
    assert_eq!(
        anonymous
            .get(&app, &format!("{page}/first-event"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn forms_need_csrf_and_name_the_field_in_error() {
    let (app, store) = app(true);
    let a = add_site(&store, "a.example");
    add_site(&store, "b.example");
    let mut boss = admin(&app).await;
    let page = format!("/settings/sites/{}", a.id);
    let goal = [
        ("name", "Thanks"),
        ("kind", "page"),
        ("match", "/thanks"),
        ("class", "soft"),
    ];
    for to in [
        format!("{page}/goals"),
        page.clone(),
        format!("{page}/share-links"),
        "/settings/api-keys".to_string(),
        "/settings/sites".to_string(),
    ] {
        let r = boss.post(&app, &to, &goal).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{to}");
        let r = boss
            .post(
                &app,
                &to,
                &[goal.as_slice(), &[("csrf", "forged")]].concat(),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{to}");
    }
    assert!(store.goals(a.id).unwrap().is_empty());
    assert!(store.share_links(a.id).unwrap().is_empty());
    assert!(store.api_keys().unwrap().is_empty());

    // A bad goal: each problem names its field; what was typed stays.
    let bad = post_from(
        &mut boss,
        &app,
        &page,
        &format!("{page}/goals"),
        &[
            ("name", "  "),
            ("kind", "page"),
            ("match", "thanks"),
            ("class", "soft"),
            ("amount", "12,345678"),
            ("currency", "EUR"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Name: give the goal a name, such as Contact request.",
        "Event or page: a page starts with / and contains no spaces",
        "Amount: enter a number such as 40 or 12.50",
    ] {
        assert!(bad.body.contains(message), "{message}: {}", bad.body);
    }
    assert!(bad.body.contains(r##"<a href="#gf-name">"##));
    assert!(bad.body.contains(r#"value="thanks""#) && bad.body.contains(r#"value="12,345678""#));
    assert!(store.goals(a.id).unwrap().is_empty());

    let ok = post_from(&mut boss, &app, &page, &format!("{page}/goals"), &goal).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let again = post_from(&mut boss, &app, &page, &format!("{page}/goals"), &goal).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again
        .body
        .contains("Name: this website already has a goal with that name."));
    assert_eq!(store.goals(a.id).unwrap().len(), 1);

    // In Dutch, the first language.
    boss.accept_language = Some("nl-BE");
    let nl = post_from(
        &mut boss,
        &app,
        &page,
        &format!("{page}/goals"),
        &[
            ("name", "X"),
            ("kind", "event"),
            ("match", ""),
            ("class", "soft"),
        ],
    )
    .await;
    assert!(nl
        .body
        .contains("Gebeurtenis of pagina: vul de naam van de gebeurtenis in"));
    boss.accept_language = Some("en");

    // Domain and time zone.
    let bad = post_from(
        &mut boss,
        &app,
        &page,
        &page,
        &[("domain", "shop..example"), ("timezone", "Mars/Olympus")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Domain: enter a host name")
            && bad.body.contains("Time zone: enter a time zone")
    );
    assert!(bad.body.contains(r#"value="Mars/Olympus""#));
    let taken = post_from(
        &mut boss,
        &app,
        &page,
        &page,
        &[("domain", "b.example"), ("timezone", "UTC")],
    )
    .await;
    assert!(taken
        .body
        .contains("Domain: etalage already has a website with this domain."));
    assert_eq!(store.sites().unwrap()[0], a);
    let moved = post_from(
        &mut boss,
        &app,
        &page,
        &page,
        &[
            ("domain", "https://www.C.example/"),
            ("timezone", "Europe/Amsterdam"),
        ],
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let c = store.site_by_domain("c.example").unwrap().unwrap();
    assert_eq!((c.id, c.timezone.name()), (a.id, "Europe/Amsterdam"));

    // Administrators add sites; the new site's page shows its snippet.
    let added = post_from(
        &mut boss,
        &app,
        "/settings/sites/new",
        "/settings/sites",
        &[("domain", "new.example"), ("timezone", "Europe/Brussels")],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let new = store.site_by_domain("new.example").unwrap().unwrap();
    assert_eq!(added.location, format!("/settings/sites/{}", new.id));
    let dup = post_from(
        &mut boss,
        &app,
        "/settings/sites/new",
        "/settings/sites",
        &[("domain", "new.example"), ("timezone", "Europe/Brussels")],
    )
    .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(store.sites().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn api_keys_work_until_revoked() {
    let (app, store) = app(true);
    add_site(&store, "a.example");
    let mut boss = admin(&app).await;
    let bad = post_from(
        &mut boss,
        &app,
        "/settings/api-keys",
        "/settings/api-keys",
        &[("name", " ")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Name: give the key a name"));
    let token = create_key(&app, &mut boss, "monthly report").await;
    assert!(token.starts_with("etl_"));
    let body = json!({"site_id": "a.example", "metrics": ["visitors"], "date_range": "7d"});
    assert_eq!(query(&app, &token, body.clone()).await.0, StatusCode::OK);

    let list = boss.get(&app, "/settings/api-keys").await;
    assert!(list.body.contains("monthly report") && list.body.contains(&token[..8]));
    assert!(!list.body.contains(&token), "the token is shown only once");
    let key = &store.api_keys().unwrap()[0];
    assert!(key.last_used_at.is_some());
    let revoked = post_from(
        &mut boss,
        &app,
        "/settings/api-keys",
        &format!("/settings/api-keys/{}/revoke", key.id),
        &[],
    )
    .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let (status, v) = query(&app, &token, body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{v}");
    let list = boss.get(&app, &revoked.location).await;
    assert!(list.body.contains("The key was revoked") && list.body.contains("revoked on"));
}

#[tokio::test(flavor = "multi_thread")]
async fn share_links_resolve_until_revoked() {
    let (app, store) = app(true);
    let a = add_site(&store, "a.example");
    let mut boss = admin(&app).await;
    let mut owner = member(&app, &mut boss, &a, "owner@a.example", "owner").await;
    let page = format!("/settings/sites/{}", a.id);
    let made = post_from(
        &mut owner,
        &app,
        &page,
        &format!("{page}/share-links"),
        &[("label", "for the accountant")],
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let start = made.body.find("/share/").expect("the link, once") + 7;
    let token = &made.body[start..start + 43];
    // These requests have no Host header, hence the placeholder.
    assert!(made
        .body
        .contains(&format!("https://YOUR-ETALAGE-HOST/share/{token}")));
    assert_eq!(
        store.share_link_site(&hash_share_token(token)).unwrap(),
        Some(a.id)
    );
    let links = store.share_links(a.id).unwrap();
    assert_eq!(links[0].label.as_deref(), Some("for the accountant"));

    let shown = owner.get(&app, &page).await;
    assert!(shown.body.contains("for the accountant") && !shown.body.contains(token));
    let revoke = format!("{page}/share-links/{}/revoke", links[0].id);
    let done = post_from(&mut owner, &app, &page, &revoke, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        store.share_link_site(&hash_share_token(token)).unwrap(),
        None
    );
    assert_eq!(
        post_from(&mut owner, &app, &page, &revoke, &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(owner.get(&app, &page).await.body.contains("revoked on"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_event_check_turns_green() {
    let (app, store) = app(true);
    let a = add_site(&store, "a.example");
    let mut boss = admin(&app).await;
    let page = format!("/settings/sites/{}", a.id);
    let check = format!("{page}/first-event");

    let waiting = boss.get(&app, &page).await;
    assert!(
        waiting.body.contains("data-waiting") && waiting.body.contains("waiting for this website")
    );
    // The snippet points at the address the browser used.
    let with_host = get_with_host(&app, &boss, &page, "stats.shop.example").await;
    assert!(
        with_host.contains(
            r#"&lt;script defer data-domain=&quot;a.example&quot; src=&quot;http://stats.shop.example/js/script.js&quot;&gt;&lt;/script&gt;"#
        ),
        "{with_host}"
    );
    let r = boss.get(&app, &check).await;
    assert_eq!(r.status, StatusCode::OK);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["received"], json!(false));
    assert_eq!(v["first_event"], Value::Null);

    store
        .insert_events(&[pageview(&a, 1, at(10, 0), "/")], None)
        .unwrap();
    let v: Value = serde_json::from_str(&boss.get(&app, &check).await.body).unwrap();
    assert_eq!(v["received"], json!(true));
    assert_eq!(v["first_event"], json!("2026-03-02T10:00:00Z"));
    // 11:00 in Brussels (UTC+1 in March).
    assert_eq!(
        v["message"],
        json!("It works: the first event arrived on 2 March 2026 at 11:00.")
    );
    let done = boss.get(&app, &page).await;
    assert!(
        done.body
            .contains(r#"<p id="first-event" class="notice notice-ok" role="status">It works"#),
        "{}",
        done.body
    );
}
