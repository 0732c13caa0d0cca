//! A browser without a browser: an HTTP client that keeps cookies and
//! submits forms with their CSRF token, for tests of the web app's pages
//! over HTTP.
use super::Server;
use std::collections::BTreeMap;

/// A cookie-less HTTP client that keeps cookies by hand, like a browser.
pub struct Browser {
    client: reqwest::blocking::Client,
    base: String,
    /// The cookies kept, by name.
    pub cookies: BTreeMap<String, String>,
    headers: Vec<(String, String)>,
}

/// One response, read whole.
pub struct Page {
    pub status: u16,
    pub location: String,
    pub set_cookies: Vec<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// The CSRF token of the page's (first) form.
    pub fn csrf(&self) -> String {
        let marker = r#"name="csrf" value=""#;
        let at = self
            .body
            .find(marker)
            .unwrap_or_else(|| panic!("no CSRF field in:\n{}", self.body))
            + marker.len();
        self.body[at..].split('"').next().unwrap().to_string()
    }

    /// The `Set-Cookie` header that set `name`, if any.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(String::as_str)
    }
}

fn encode(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Browser {
    /// A client for `server`, without cookies, that does not follow redirects.
    pub fn new(server: &Server) -> Browser {
        let client = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            base: server.url.clone(),
            cookies: BTreeMap::new(),
            headers: Vec::new(),
        }
    }

    /// Sends `name: value` with every request.
    pub fn with_header(mut self, name: &str, value: &str) -> Browser {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends a request with the kept cookies and keeps the ones it sets.
    pub fn send(&mut self, req: reqwest::blocking::RequestBuilder) -> Page {
        let mut req = req;
        for (k, v) in &self.headers {
            req = req.header(k, v);
        }
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.header("cookie", jar.join("; "));
        }
        let resp = req.send().unwrap();
        let status = resp.status().as_u16();
        assert_ne!(
            status, 503,
            "etalage serve has no accounts for the web app: give them with \
             `AppState::new(…).with_accounts(store)` in crates/etalage/src/serve.rs"
        );
        let headers = resp.headers().clone();
        let location = headers
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let set_cookies: Vec<String> = headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        for c in &set_cookies {
            let pair = c.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || c.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.into(), value.into());
            }
        }
        let body = resp.text().unwrap();
        Page {
            status,
            location,
            set_cookies,
            headers,
            body,
        }
    }

    /// `GET path`.
    pub fn get(&mut self, path: &str) -> Page {
        let req = self.client.get(format!("{}{path}", self.base));
        self.send(req)
    }

    /// `POST path` with form fields.
    pub fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(fields));
        self.send(req)
    }

    /// Opens a form page and submits it with its CSRF token.
    pub fn submit(&mut self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(form_page);
        assert_eq!(page.status, 200, "{form_page}: {}", page.body);
        let csrf = page.csrf();
        let mut all = fields.to_vec();
        all.push(("csrf", &csrf));
        self.post(action, &all)
    }
}
