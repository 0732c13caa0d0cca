//! `GET /advice`: the public advisor — the questionnaire and its result,
//! with the answers in the URL so a result can be bookmarked and shared —
//! and `GET /advice/{sheet}`: one advice sheet by its id, the address other
//! pages (the Customers page) link to.
use crate::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use etalage_advisor::{
    advise, render_html_page, render_json, render_markdown, render_sheet_page, Answers,
    KnowledgeBase, Lang, PageOptions, Questionnaire,
};
use std::sync::{Arc, OnceLock};

/// The embedded questionnaire and knowledge base, loaded once.
pub struct AdvisorContent {
    /// The questions.
    pub questionnaire: Questionnaire,
    /// The advice sheets.
    pub kb: KnowledgeBase,
}

/// The content compiled into the binary.
pub fn embedded_content() -> Result<Arc<AdvisorContent>, String> {
    static CONTENT: OnceLock<Result<Arc<AdvisorContent>, String>> = OnceLock::new();
    CONTENT
        .get_or_init(|| {
            let questionnaire = Questionnaire::embedded().map_err(|e| e.to_string())?;
            let kb = KnowledgeBase::embedded().map_err(|e| e.to_string())?;
            Ok(Arc::new(AdvisorContent { questionnaire, kb }))
        })
        .clone()
}

/// The language from `?lang=`, else the first supported one in
/// `Accept-Language` (nl-BE → Dutch), else Dutch.
pub(crate) fn pick_lang(query_lang: Option<&str>, headers: &HeaderMap) -> Lang {
    if let Some(l) = query_lang.and_then(|l| Lang::parse(l).ok()) {
        return l;
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut prefs: Vec<(f32, &str)> = accept
        .split(',')
        .filter_map(|part| {
            let mut it = part.trim().split(';');
            let tag = it.next()?.trim();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse().ok())
                .unwrap_or(1.0);
            Some((q, tag))
        })
        .collect();
    prefs.sort_by(|a, b| b.0.total_cmp(&a.0));
    prefs
        .iter()
        .find_map(|(_, tag)| Lang::parse(tag.split('-').next().unwrap_or("")).ok())
        .unwrap_or_default()
}

fn param<'a>(query: &'a str, key: &str) -> Option<std::borrow::Cow<'a, str>> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// What both public pages start from: the content, the query string and
/// the language (`?lang=`, else the browser's); else the answer to give.
fn public_request(
    state: &AppState,
    query: Option<String>,
    headers: &HeaderMap,
) -> Result<(Arc<AdvisorContent>, String, Lang), (StatusCode, String)> {
    let content = public_content(state)?;
    let query = query.unwrap_or_default();
    let lang = pick_lang(param(&query, "lang").as_deref(), headers);
    Ok((content, query, lang))
}

/// The advisor's content when this server shows it publicly; else the
/// answer to give (404 when switched off, 500 when it cannot be read).
fn public_content(state: &AppState) -> Result<Arc<AdvisorContent>, (StatusCode, String)> {
    if !state.config.advisor_public {
        return Err((
            StatusCode::NOT_FOUND,
            "The advisor is switched off on this server.".to_string(),
        ));
    }
    embedded_content().map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e))
}

/// `GET /advice`.
pub(crate) async fn advice_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let (content, query, lang) = match public_request(&state, query, &headers) {
        Ok(r) => r,
        Err(r) => return r.into_response(),
    };
    let answers = Answers::from_query(&query);
    if let Err(e) = answers.validate(&content.questionnaire) {
        return (
            StatusCode::BAD_REQUEST,
            Html(format!(
                "<p>{}</p>",
                etalage_advisor::escape_html(&e.to_string())
            )),
        )
            .into_response();
    }
    let advice = advise(&content.kb, &content.questionnaire, &answers, lang);
    match param(&query, "format").as_deref() {
        Some("md") => (
            [
                (header::CONTENT_TYPE, "text/markdown; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"etalage-advice.md\"",
                ),
            ],
            render_markdown(&content.questionnaire, &advice),
        )
            .into_response(),
        Some("json") => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"etalage-advice.json\"",
                ),
            ],
            render_json(&advice),
        )
            .into_response(),
        _ => Html(render_html_page(
            &content.questionnaire,
            &advice,
            &PageOptions::default(),
        ))
        .into_response(),
    }
}

/// `GET /advice/{sheet}`: one advice sheet, in the language of `?lang=`
/// or the browser; public whenever the advisor is.
pub(crate) async fn sheet_page(
    State(state): State<AppState>,
    Path(sheet): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let (content, _, lang) = match public_request(&state, query, &headers) {
        Ok(r) => r,
        Err(r) => return r.into_response(),
    };
    match render_sheet_page(&content.kb, &sheet, lang, &PageOptions::default()) {
        Some(page) => Html(page).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "There is no advice sheet with this id; see /advice for all advice.",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_dutch_for_flemish() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_LANGUAGE,
            "nl-BE,nl;q=0.9,en;q=0.8".parse().unwrap(),
        );
        assert_eq!(pick_lang(None, &h), Lang::Nl);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "de-DE,fr-BE;q=0.8,en;q=0.5".parse().unwrap(),
        );
        assert_eq!(pick_lang(None, &h), Lang::Fr);
        assert_eq!(pick_lang(Some("en"), &h), Lang::En);
        assert_eq!(pick_lang(None, &HeaderMap::new()), Lang::Nl);
    }
}
