//! A minimal W3C WebDriver client over HTTP, for browser tests with Debian's
//! Chromium and ChromeDriver (headless).
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A ChromeDriver process with one headless Chromium session.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::blocking::Client,
    _profile: super::TempDir,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    /// Starts ChromeDriver on a free port and opens a headless session.
    pub fn start() -> Browser {
        Browser::start_with(&[])
    }

    /// Like [`Browser::start`], with extra Chromium arguments.
    pub fn start_with(extra_args: &[&str]) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed (scripts/test installs it)");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/status")).send().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = super::TempDir::new("chromium-profile");
        let mut args: Vec<String> = vec![
            "--headless".into(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--window-size=1200,900".into(),
            format!("--user-data-dir={}", profile.0.display()),
        ];
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": args
            }
        }}});
        let v: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .unwrap()
            .json()
            .unwrap();
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Browser {
            driver,
            base,
            session,
            http,
            _profile: profile,
        }
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().unwrap().json().unwrap();
        if v["value"].get("error").is_some() {
            panic!("webdriver {path}: {v}");
        }
        v["value"].clone()
    }

    /// Opens a URL.
    pub fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url})));
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The id of the first element matching a CSS selector.
    pub fn find(&self, css: &str) -> String {
        let v = self.call(
            reqwest::Method::POST,
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: {v}"))
            .to_string()
    }

    /// Ids of all elements matching a CSS selector.
    pub fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.call(
            reqwest::Method::POST,
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap().to_string())
            .collect()
    }

    /// Clicks an element.
    pub fn click(&self, element: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// The visible text of an element.
    pub fn text(&self, element: &str) -> String {
        self.call(
            reqwest::Method::GET,
            &format!("/element/{element}/text"),
            None,
        )
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    /// Runs JavaScript in the page and returns its result.
    pub fn script(&self, js: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
    }
}

impl Browser {
    /// Waits until `js` returns true in the page.
    pub fn wait(&self, js: &str, seconds: u64) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while self.script(js) != json!(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {js}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Creates the first account through the setup page, as a person
    /// would, and waits for the dashboard.
    #[allow(dead_code)]
    pub fn set_up_owner(&self, server_url: &str, email: &str) {
        self.goto(&format!("{server_url}/setup"));
        self.script(&format!(
            "document.getElementById('email').value = '{email}';
             document.getElementById('password').value = 'een-lang-wachtwoord';
             document.getElementById('password2').value = 'een-lang-wachtwoord';
             document.querySelector('form.card').submit(); return true"
        ));
        self.wait("return location.pathname === '/'", 20);
    }

    /// Logs in through the login page, as a person would, and waits for
    /// the dashboard.
    #[allow(dead_code)]
    pub fn log_in(&self, server_url: &str, email: &str, password: &str) {
        self.goto(&format!("{server_url}/login"));
        self.script(&format!(
            "document.getElementById('email').value = {email};
             document.getElementById('password').value = {password};
             document.querySelector('form.card').submit(); return true",
            email = json!(email),
            password = json!(password),
        ));
        self.wait("return location.pathname === '/'", 20);
    }

    /// Lays pages out for a screen `width` CSS pixels wide (a phone's 390
    /// too, below the narrowest window Chromium opens), until the session ends.
    #[allow(dead_code)]
    pub fn set_viewport(&self, width: u32, height: u32) {
        self.call(
            reqwest::Method::POST,
            "/goog/cdp/execute",
            Some(
                json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                    "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600
                }}),
            ),
        );
    }

    /// Saves a PNG of the window; returns where.
    #[allow(dead_code)]
    pub fn screenshot(&self, name: &str) -> std::path::PathBuf {
        use base64::Engine as _;
        let png = self.call(reqwest::Method::GET, "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap_or(""))
            .unwrap_or_default();
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failing browser test keeps a picture of what the browser showed.
        if std::thread::panicking() {
            let name = std::thread::current()
                .name()
                .unwrap_or("browser-test")
                .replace("::", "-");
            let url = format!("{}/session/{}/screenshot", self.base, self.session);
            if let Ok(v) = self.http.get(url).send().and_then(|r| r.json::<Value>()) {
                use base64::Engine as _;
                if let Ok(bytes) = base64::engine::general_purpose::STANDARD
                    .decode(v["value"].as_str().unwrap_or(""))
                {
                    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
                    let _ = std::fs::create_dir_all(&dir);
                    let path = dir.join(format!("{name}.png"));
                    if std::fs::write(&path, bytes).is_ok() {
                        eprintln!("screenshot of the failing page: {}", path.display());
                    }
                }
            }
        }
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.base, self.session))
            .send();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
