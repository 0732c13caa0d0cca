//! The web app's compiled-in assets. Pages link each one with a hash of its
//! content in the URL (`/assets/app.css?v=…`), so a browser that cached an
//! older version fetches the new one as soon as etalage is upgraded,
//! instead of showing new pages with old styles until its cache expires.
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// One asset: where it is served, its type, its content, how long a browser
/// may keep it, and its versioned URL once a page has asked for it.
pub(crate) struct Asset {
    /// The path it is served at.
    pub path: &'static str,
    content_type: &'static str,
    body: &'static str,
    max_age: u32,
    url: OnceLock<String>,
}

/// The stylesheet of every page.
pub(crate) static APP_CSS: Asset = Asset {
    path: "/assets/app.css",
    content_type: "text/css; charset=utf-8",
    body: include_str!("../../assets/app.css"),
    max_age: 3600,
    url: OnceLock::new(),
};

/// The dashboard's script (charts, live visitors).
pub(crate) static DASHBOARD_JS: Asset = Asset {
    path: "/assets/dashboard.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_str!("../../assets/dashboard.js"),
    max_age: 3600,
    url: OnceLock::new(),
};

/// The chart library, served by etalage.
pub(crate) static UPLOT_JS: Asset = Asset {
    path: "/assets/vendor/uplot.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_str!("../../assets/vendor/uplot/uPlot.iife.min.js"),
    max_age: 86400,
    url: OnceLock::new(),
};

/// The chart library's stylesheet.
pub(crate) static UPLOT_CSS: Asset = Asset {
    path: "/assets/vendor/uplot.css",
    content_type: "text/css; charset=utf-8",
    body: include_str!("../../assets/vendor/uplot/uPlot.min.css"),
    max_age: 86400,
    url: OnceLock::new(),
};

impl Asset {
    /// The URL pages link: the path and a hash of the content (hashed
    /// once, not on every page).
    pub(crate) fn url(&self) -> &str {
        self.url.get_or_init(|| {
            let mut h = std::hash::DefaultHasher::new();
            self.body.hash(&mut h);
            format!("{}?v={:016x}", self.path, h.finish())
        })
    }

    /// The asset as a response (any `?v=` is served the current content).
    pub(crate) fn response(&self) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.content_type.to_string()),
                (
                    header::CACHE_CONTROL,
                    format!("public, max-age={}", self.max_age),
                ),
            ],
            self.body,
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_changes_with_the_content_and_only_then() {
        let red = || Asset {
            path: APP_CSS.path,
            content_type: APP_CSS.content_type,
            body: "body { color: red }",
            max_age: APP_CSS.max_age,
            url: OnceLock::new(),
        };
        let (changed, same) = (red(), red());
        assert_ne!(APP_CSS.url(), changed.url());
        assert_eq!(changed.url(), same.url());
        assert!(APP_CSS.url().starts_with("/assets/app.css?v="));
    }
}
