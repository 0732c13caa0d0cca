//! The web app driven in-process through the whole router (the binary's
//! own HTTP tests are in `crates/etalage/tests/web_accounts.rs`). The
//! helpers are shared with `settings_tests`.
use crate::{AppState, WebConfig};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use etalage_collect::{CollectMetrics, Collector, FlushPolicy};
use etalage_core::{Domain, Timezone};
use etalage_store::{AccountStore, DuckDbStore, Store};
use std::collections::BTreeMap;
use std::sync::Arc;
use tower::ServiceExt;

pub(super) struct App {
    pub(super) router: axum::Router,
    dir: std::path::PathBuf,
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(super) fn app(with_accounts: bool) -> (App, Arc<DuckDbStore>) {
    let dir = std::env::temp_dir().join(format!(
        "etalage-web-ui-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let duck = Arc::new(DuckDbStore::open_in_memory().unwrap());
    let store: Arc<dyn Store> = duck.clone();
    let collector = Collector::start(
        store.clone(),
        &dir,
        None,
        Arc::new(CollectMetrics::default()),
        FlushPolicy::default(),
    )
    .map_err(|e| e.to_string())
    .unwrap();
    let mut state = AppState::new(store, Arc::new(collector), WebConfig::default());
    if with_accounts {
        state = state.with_accounts(duck.clone());
    }
    (
        App {
            router: crate::router(state),
            dir,
        },
        duck,
    )
}

#[derive(Default)]
pub(super) struct Client {
    pub(super) cookies: BTreeMap<String, String>,
    pub(super) accept_language: Option<&'static str>,
}

pub(super) struct Resp {
    pub(super) status: StatusCode,
    pub(super) location: String,
    pub(super) set_cookies: Vec<String>,
    pub(super) body: String,
}

impl Resp {
    pub(super) fn csrf(&self) -> String {
        let marker = r#"name="csrf" value=""#;
        let at = self.body.find(marker).expect("a CSRF field") + marker.len();
        self.body[at..].split('"').next().unwrap().to_string()
    }
}

impl Client {
    pub(super) async fn send(
        &mut self,
        app: &App,
        method: &str,
        uri: &str,
        body: Option<String>,
    ) -> Resp {
        let mut req = Request::builder().method(method).uri(uri);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.header("cookie", jar.join("; "));
        }
        if let Some(l) = self.accept_language {
            req = req.header("accept-language", l);
        }
        let req = match body {
            Some(b) => req
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(b))
                .unwrap(),
            None => req.body(Body::empty()).unwrap(),
        };
        let resp = app.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let location = resp
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let set_cookies: Vec<String> = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        for c in &set_cookies {
            let (name, value) = c.split(';').next().unwrap().split_once('=').unwrap();
            if value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.into(), value.into());
            }
        }
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        Resp {
            status,
            location,
            set_cookies,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    pub(super) async fn get(&mut self, app: &App, uri: &str) -> Resp {
        self.send(app, "GET", uri, None).await
    }

    pub(super) async fn post(&mut self, app: &App, uri: &str, fields: &[(&str, &str)]) -> Resp {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.send(app, "POST", uri, Some(body)).await
    }

    pub(super) async fn submit(
        &mut self,
        app: &App,
        form_uri: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> Resp {
        let page = self.get(app, form_uri).await;
        assert_eq!(page.status, StatusCode::OK, "{form_uri}: {}", page.body);
        let csrf = page.csrf();
        let mut all = fields.to_vec();
        all.push(("csrf", &csrf));
        self.post(app, action, &all).await
    }
}

pub(super) const PW: &str = "een-lang-wachtwoord";

#[tokio::test(flavor = "multi_thread")]
async fn setup_login_csrf_and_logout() {
    let (app, store) = app(true);
    let mut c = Client::default();
    assert_eq!(c.get(&app, "/").await.location, "/setup");
    let bad = c
        .submit(
            &app,
            "/setup",
            "/setup",
            &[("email", "x"), ("password", "kort"), ("password2", "kort")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Wachtwoord: gebruik minstens 10 tekens."),
        "{}",
        bad.body
    );
    let ok = c
        .submit(
            &app,
            "/setup",
            "/setup",
            &[
                ("email", "Baas@Shop.example"),
                ("password", PW),
                ("password2", PW),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert!(ok
        .set_cookies
        .iter()
        .any(|c| c.starts_with("etalage_session=") && c.contains("HttpOnly")));
    assert_eq!(store.user_count().unwrap(), 1);
    let home = c.get(&app, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("<html lang=\"nl\">") && home.body.contains("baas@shop.example"));
    assert_eq!(c.get(&app, "/setup").await.location, "/login");

    assert_eq!(
        c.post(&app, "/logout", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let csrf = home.csrf();
    let raw = c.cookies["etalage_session"].clone();
    let out = c.post(&app, "/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.location, "/login");
    c.cookies.insert("etalage_session".into(), raw);
    assert_eq!(c.get(&app, "/kpis").await.location, "/login?next=%2Fkpis");

    c.accept_language = Some("fr-BE");
    let wrong = c
        .submit(
            &app,
            "/login",
            "/login",
            &[("email", "baas@shop.example"), ("password", "mauvais-mot")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong
        .body
        .contains("L’adresse e-mail ou le mot de passe est incorrect."));
    for _ in 0..4 {
        c.submit(
            &app,
            "/login",
            "/login",
            &[("email", "baas@shop.example"), ("password", "mauvais-mot")],
        )
        .await;
    }
    let locked = c
        .submit(
            &app,
            "/login",
            "/login",
            &[("email", "baas@shop.example"), ("password", PW)],
        )
        .await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        locked.body
    );
    assert!(
        locked.body.contains("Réessayez dans 15 minutes"),
        "{}",
        locked.body
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn invites_give_viewers_one_site() {
    let (app, store) = app(true);
    let a = store
        .add_site(&Domain::parse("a.example").unwrap(), Timezone::default())
        .unwrap();
    store
        .add_site(&Domain::parse("b.example").unwrap(), Timezone::default())
        .unwrap();
    let mut owner = Client {
        accept_language: Some("en"),
        ..Client::default()
    };
    owner
        .submit(
            &app,
            "/setup",
            "/setup",
            &[
                ("email", "o@a.example"),
                ("password", PW),
                ("password2", PW),
            ],
        )
        .await;
    let site = a.id.to_string();
    let made = owner
        .submit(
            &app,
            "/settings",
            "/settings/invite",
            &[
                ("site", &site),
                ("email", "v@a.example"),
                ("role", "viewer"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let at = made.body.find("/invite/").unwrap() + 8;
    let token: String = made.body[at..].chars().take(43).collect();
    let path = format!("/invite/{token}");
    let mut viewer = Client::default();
    let joined = viewer
        .submit(&app, &path, &path, &[("password", PW), ("password2", PW)])
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    let settings = viewer.get(&app, "/settings").await;
    assert!(
        settings.body.contains("a.example") && !settings.body.contains("b.example"),
        "{}",
        settings.body
    );
    let csrf = settings.csrf();
    let refused = viewer
        .post(
            &app,
            "/settings/invite",
            &[("site", &site), ("email", "w@a.example"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.get(&app, &path).await.status,
        StatusCode::NOT_FOUND,
        "used once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_accounts_pages_say_so() {
    let (app, _) = app(false);
    let mut c = Client::default();
    let page = c.get(&app, "/").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.body.contains("zonder gebruikersbeheer"));
    assert_eq!(c.get(&app, "/assets/app.css").await.status, StatusCode::OK);
}
