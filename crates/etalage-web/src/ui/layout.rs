//! HTML building blocks: escaping and the base layout every page shares
//! (header with the site switcher, navigation, language switch, logout).
use super::context::Ctx;
use super::i18n::Locale;
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Marks a string literal as a Fluent key, for keys kept in tables: the
/// completeness test in `i18n` finds keys passed to `tk`, `t` and `ta`.
pub(crate) const fn tk(key: &'static str) -> &'static str {
    key
}

/// The navigation: (path, Fluent key).
pub(crate) const NAV: [(&str, &str); 5] = [
    ("/", tk("nav-dashboard")),
    ("/kpis", tk("nav-kpis")),
    ("/customers", tk("nav-customers")),
    ("/advice", tk("nav-advice")),
    ("/settings", tk("nav-settings")),
];

/// The hidden CSRF field every POST form carries.
pub(crate) fn csrf_field(ctx: &Ctx) -> String {
    format!(
        r#"<input type="hidden" name="csrf" value="{}">"#,
        esc(&ctx.csrf_token())
    )
}

/// A whole page: `title` is plain text, `main` is HTML for `<main>`.
pub(crate) fn page(ctx: &Ctx, title: &str, main: &str) -> String {
    let l = ctx.locale;
    let mut html = String::with_capacity(main.len() + 4096);
    let _ = write!(
        html,
        r##"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · etalage</title>
<link rel="stylesheet" href="{css}">
</head>
<body>
<a class="skip" href="#main">{skip}</a>
<header class="top">
<div class="bar">
<a class="brand" href="/">etalage</a>
"##,
        lang = l.code(),
        title = esc(title),
        css = super::assets::APP_CSS.url(),
        skip = esc(&l.t("layout-skip-to-content")),
    );
    html.push_str(&site_switcher(ctx));
    html.push_str(&language_switch(ctx));
    if let Some((user, _)) = &ctx.user {
        let _ = writeln!(
            html,
            r#"<form class="logout" method="post" action="/logout">{csrf}<span class="who">{email}</span> <button type="submit">{logout}</button></form>"#,
            csrf = csrf_field(ctx),
            email = esc(&user.email),
            logout = esc(&l.t("layout-logout")),
        );
    }
    html.push_str("</div>\n");
    if ctx.user.is_some() {
        let _ = write!(
            html,
            r#"<nav aria-label="{}"><ul>"#,
            esc(&l.t("layout-nav-label"))
        );
        for (href, key) in NAV {
            let current = if ctx.path == href {
                r#" aria-current="page""#
            } else {
                ""
            };
            let _ = write!(
                html,
                r#"<li><a href="{href}"{current}>{}</a></li>"#,
                esc(&l.t(key))
            );
        }
        html.push_str("</ul></nav>\n");
    }
    let _ = writeln!(
        html,
        r#"</header>
<main id="main" tabindex="-1">
{main}
</main>
<footer class="foot"><p>{footer}</p></footer>
</body>
</html>"#,
        footer = esc(&l.t("layout-footer")),
    );
    html
}

/// The site switcher: a plain GET form, so it works without JavaScript.
fn site_switcher(ctx: &Ctx) -> String {
    if ctx.user.is_none() {
        return String::new();
    }
    let l = ctx.locale;
    if ctx.sites.is_empty() {
        return format!(r#"<p class="sites">{}</p>"#, esc(&l.t("layout-no-sites")));
    }
    let chosen = ctx
        .query
        .iter()
        .find(|(k, _)| k == "site")
        .map(|(_, v)| v.as_str());
    let mut options = String::new();
    for (site, _) in &ctx.sites {
        let d = site.domain.as_str();
        let sel = if Some(d) == chosen { " selected" } else { "" };
        let _ = write!(
            options,
            r#"<option value="{v}"{sel}>{v}</option>"#,
            v = esc(d)
        );
    }
    format!(
        r#"<form class="sites" method="get" action="/"><label for="site-switch">{label}</label> <select id="site-switch" name="site">{options}</select> <button type="submit">{go}</button></form>
"#,
        label = esc(&l.t("layout-site")),
        go = esc(&l.t("layout-site-go")),
    )
}

fn language_switch(ctx: &Ctx) -> String {
    let l = ctx.locale;
    let mut html = format!(
        r#"<nav class="langs" aria-label="{}"><ul>"#,
        esc(&l.t("layout-language"))
    );
    for other in Locale::ALL {
        if other == l {
            let _ = write!(
                html,
                r#"<li><span aria-current="true" lang="{c}">{n}</span></li>"#,
                c = other.code(),
                n = other.endonym()
            );
        } else {
            let _ = write!(
                html,
                r#"<li><a href="{href}" lang="{c}" hreflang="{c}">{n}</a></li>"#,
                href = esc(&ctx.url_in(other)),
                c = other.code(),
                n = other.endonym()
            );
        }
    }
    html.push_str("</ul></nav>\n");
    html
}

/// A labelled input with its error (if any) tied to it for screen readers.
pub(crate) fn field(
    ctx: &Ctx,
    name: &str,
    label_key: &str,
    kind: &str,
    value: &str,
    autocomplete: &str,
    error_key: Option<&str>,
) -> String {
    let l = ctx.locale;
    let (invalid, error) = match error_key {
        Some(key) => (
            format!(r#" aria-invalid="true" aria-describedby="{name}-error""#),
            format!(
                r#"<p class="field-error" id="{name}-error">{}</p>"#,
                esc(&l.t(key))
            ),
        ),
        None => (String::new(), String::new()),
    };
    format!(
        r#"<div class="field"><label for="{name}">{label}</label>{error}<input id="{name}" name="{name}" type="{kind}" value="{value}" autocomplete="{autocomplete}" required{invalid}></div>
"#,
        label = esc(&l.t(label_key)),
        value = esc(value),
    )
}

/// An error summary naming each problem, shown above a form.
pub(crate) fn error_summary(ctx: &Ctx, keys: &[&str]) -> String {
    if keys.is_empty() {
        return String::new();
    }
    let l = ctx.locale;
    let mut html = format!(
        r#"<div class="error-summary" role="alert"><h2>{}</h2><ul>"#,
        esc(&l.t("form-has-errors"))
    );
    for key in keys {
        let _ = write!(html, "<li>{}</li>", esc(&l.t(key)));
    }
    html.push_str("</ul></div>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html() {
        assert_eq!(
            esc(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}
