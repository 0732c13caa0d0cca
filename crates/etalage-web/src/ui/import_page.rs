//! `/import`: owners upload the shop's files — orders (Shopify export,
//! WooCommerce JSON), products, customers, returns, spend (CSV with the
//! columns of `docs/import.md`) — through the same importers as
//! `etalage import …`, and see the same report.
use super::context::Ctx;
use super::dashboard::page_site;
use super::i18n::Arg;
use super::layout::{csrf_field, esc, tk};
use super::pages::{csrf_rejected, error_page, html};
use crate::AppState;
use crate::{import_shop_file, ShopFile};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use etalage_import::{ImportReport, OrderFormat};
use etalage_store::{Role, Site, Store};
use std::fmt::Write;

/// What can be uploaded: (form value, Fluent key).
const KINDS: [(&str, &str); 6] = [
    ("orders-shopify", tk("import-kind-orders-shopify")),
    ("orders-woocommerce", tk("import-kind-orders-woocommerce")),
    ("products", tk("import-kind-products")),
    ("customers", tk("import-kind-customers")),
    ("returns", tk("import-kind-returns")),
    ("spend", tk("import-kind-spend")),
];

/// Largest accepted upload.
pub(crate) const MAX_UPLOAD_BYTES: usize = 200 * 1024 * 1024;

/// Runs one import of `bytes` into `site`.
fn run(store: &dyn Store, site: &Site, kind: &str, bytes: &[u8]) -> Result<ImportReport, String> {
    let file = match kind {
        "orders-shopify" => ShopFile::Orders(OrderFormat::Shopify),
        "orders-woocommerce" => ShopFile::Orders(OrderFormat::WooCommerce),
        "products" => ShopFile::Products,
        "customers" => ShopFile::Customers,
        "returns" => ShopFile::Returns,
        "spend" => ShopFile::Spend,
        _ => return Err("kind".into()),
    };
    import_shop_file(store, site, &file, bytes, None).map_err(|e| e.to_string())
}

fn form(ctx: &Ctx, site: &Site, chosen: &str) -> String {
    let l = ctx.locale;
    let mut out = format!(
        r#"<form class="card" method="post" action="/import" enctype="multipart/form-data">{csrf}<input type="hidden" name="site" value="{site}">
<div class="field"><label for="import-kind">{kind_l}</label><select id="import-kind" name="kind">"#,
        csrf = csrf_field(ctx),
        site = esc(site.domain.as_str()),
        kind_l = esc(&l.t("import-kind")),
    );
    for (value, key) in KINDS {
        let selected = if value == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            r#"<option value="{value}"{selected}>{}</option>"#,
            esc(&l.t(key))
        );
    }
    let _ = write!(
        out,
        r#"</select></div><div class="field"><label for="import-file">{file_l}</label><input id="import-file" name="file" type="file" required></div><p class="hint">{hint}</p><button type="submit">{submit}</button></form>"#,
        file_l = esc(&l.t("import-file")),
        hint = esc(&l.t("import-hint")),
        submit = esc(&l.t("import-submit")),
    );
    out
}

fn owner(ctx: &Ctx, site: &Site) -> bool {
    ctx.sites
        .iter()
        .any(|(s, r)| s.id == site.id && *r == Role::Owner)
}

/// `GET /import`.
pub(crate) async fn page(ctx: Ctx) -> Response {
    let title = ctx.locale.t("import-title");
    let (_, site) = match page_site(&ctx, &title) {
        Ok(found) => found,
        Err(r) => return r,
    };
    if !owner(&ctx, &site) {
        return error_page(&ctx, StatusCode::FORBIDDEN, "error-not-owner");
    }
    let main = format!(
        r#"<h1>{} <span class="domain">{}</span></h1>{}"#,
        esc(&title),
        esc(site.domain.as_str()),
        form(&ctx, &site, "orders-shopify")
    );
    html(&ctx, StatusCode::OK, &title, &main)
}

/// `POST /import` (multipart: csrf, site, kind, file).
pub(crate) async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    mut parts: Multipart,
) -> Response {
    let l = ctx.locale;
    let title = l.t("import-title");
    let (mut csrf, mut site_name, mut kind, mut file) = (None, None, None, None);
    loop {
        match parts.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let Ok(bytes) = field.bytes().await else {
                    return error_page(&ctx, StatusCode::PAYLOAD_TOO_LARGE, "import-too-large");
                };
                match name.as_str() {
                    "csrf" => csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    "site" => site_name = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    "kind" => kind = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    "file" => file = Some(bytes),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return error_page(&ctx, StatusCode::PAYLOAD_TOO_LARGE, "import-too-large"),
        }
    }
    if !ctx.csrf_ok(csrf.as_deref()) {
        return csrf_rejected(&ctx);
    }
    let Some(site) = ctx
        .sites
        .iter()
        .find(|(s, _)| Some(s.domain.as_str()) == site_name.as_deref())
        .map(|(s, _)| s.clone())
    else {
        return error_page(&ctx, StatusCode::NOT_FOUND, "error-not-found");
    };
    if !owner(&ctx, &site) {
        return error_page(&ctx, StatusCode::FORBIDDEN, "error-not-owner");
    }
    let kind = kind.unwrap_or_default();
    if !KINDS.iter().any(|(k, _)| *k == kind) {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "import-bad-kind");
    }
    let Some(file) = file.filter(|f| !f.is_empty()) else {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "import-no-file");
    };
    let store = state.store.clone();
    let (s, k) = (site.clone(), kind.clone());
    let result = tokio::task::spawn_blocking(move || run(store.as_ref(), &s, &k, &file)).await;
    let mut main = format!(
        r#"<h1>{} <span class="domain">{}</span></h1>"#,
        esc(&title),
        esc(site.domain.as_str())
    );
    let status = match result {
        Ok(Ok(report)) => {
            let ok = report.rejected.is_empty();
            let _ = write!(
                main,
                r#"<section class="notice {}" role="status" id="import-report"><p>{}</p>"#,
                if ok { "notice-ok" } else { "notice-error" },
                esc(&l.tc(
                    "import-report",
                    &[
                        ("imported", Arg::Count(report.imported as u64)),
                        ("updated", Arg::Count(report.updated as u64)),
                        ("unchanged", Arg::Count(report.unchanged as u64)),
                        ("rejected", Arg::Count(report.rejected.len() as u64)),
                    ]
                ))
            );
            if !ok {
                main.push_str("<ul>");
                for r in report.rejected.iter().take(100) {
                    let _ = write!(
                        main,
                        "<li>{}</li>",
                        esc(&l.ta(
                            "import-rejected-line",
                            &[("line", &r.line.to_string()), ("reason", &r.reason)]
                        ))
                    );
                }
                main.push_str("</ul>");
            }
            main.push_str("</section>");
            if ok {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
        Ok(Err(e)) => {
            let _ = write!(
                main,
                r#"<p class="notice notice-error" role="alert">{}</p>"#,
                esc(&l.ta("import-failed", &[("error", &e)]))
            );
            StatusCode::BAD_REQUEST
        }
        Err(_) => return error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, "error-store"),
    };
    main.push_str(&form(&ctx, &site, &kind));
    html(&ctx, status, &title, &main)
}
