//! Renderers of an [`Advice`]: Markdown (a report), JSON, and the HTML of the
//! public advisor page (questionnaire form + result), without JavaScript.

use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::advise::{escape_markdown, resolve_references, Advice, AdvisedSheet};
use crate::kb::KnowledgeBase;
use crate::lang::Lang;
use crate::questionnaire::{QuestionKind, Questionnaire};
use crate::tool::Tool;
use crate::ui::{text, text_n};

/// Where the advisor page lives, for the links it makes to itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOptions {
    /// The URL path of the advisor page; the form submits to it and the
    /// language and download links point to it. Default `/advice`.
    pub base_path: String,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions {
            base_path: "/advice".to_owned(),
        }
    }
}

/// The answers in questionnaire order, as (question short name, answer labels).
fn answer_summary(questionnaire: &Questionnaire, advice: &Advice) -> Vec<(String, Vec<String>)> {
    let lang = advice.lang;
    let mut out = Vec::new();
    for q in questionnaire.questions() {
        let given = advice.given.get(&q.id);
        if given.is_empty() {
            continue;
        }
        // Answers in the questionnaire's order, as the person saw them.
        let labels = q
            .answers
            .iter()
            .filter(|a| given.contains(&a.id.as_str()))
            .map(|a| a.label.get(lang).to_owned());
        let name = if q.short.get(lang).is_empty() {
            q.label.get(lang)
        } else {
            q.short.get(lang)
        };
        out.push((name.to_owned(), labels.collect()));
    }
    // Questions the questionnaire does not know (unvalidated answers): show ids.
    for (question, given) in advice.given.iter() {
        if questionnaire.question(question).is_none() {
            out.push((
                question.to_owned(),
                given.into_iter().map(str::to_owned).collect(),
            ));
        }
    }
    out
}

/// The advice as a Markdown report: the answers, then per theme its
/// introduction and its numbered sheets with why, tools and related advice.
pub fn render_markdown(questionnaire: &Questionnaire, advice: &Advice) -> String {
    let lang = advice.lang;
    let colon = if lang == Lang::Fr { " :" } else { ":" };
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", text(lang, "results_heading"));
    let summary = answer_summary(questionnaire, advice);
    if !summary.is_empty() {
        let _ = writeln!(md, "## {}\n", text(lang, "answers_heading"));
        for (question, answers) in &summary {
            let _ = writeln!(md, "- **{question}**{colon} {}", answers.join(", "));
        }
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "{}\n",
        text_n(lang, "results_count", advice.sheets.len())
    );
    for theme in &advice.themes {
        let _ = writeln!(md, "## {}\n", theme.title);
        if !theme.intro.trim().is_empty() {
            let _ = writeln!(md, "{}\n", theme.intro.trim());
        }
        for sheet in advice.sheets.iter().filter(|s| s.theme == theme.id) {
            let _ = writeln!(md, "### {}. {}\n", sheet.number, sheet.title);
            let _ = writeln!(md, "*{}{colon} {}*\n", text(lang, "why"), sheet.why);
            let _ = writeln!(md, "{}\n", sheet.body_markdown.trim());
            if !sheet.links.is_empty() {
                let links: Vec<String> = sheet
                    .links
                    .iter()
                    .map(|l| format!("[{}]({})", l.label, l.path))
                    .collect();
                let _ = writeln!(
                    md,
                    "**{}**{colon} {}\n",
                    text(lang, "tools"),
                    links.join(", ")
                );
            }
            if !sheet.related.is_empty() {
                let related: Vec<String> = sheet
                    .related
                    .iter()
                    .map(|n| text_n(lang, "advice_ref", *n))
                    .collect();
                let _ = writeln!(
                    md,
                    "**{}**{colon} {}\n",
                    text(lang, "related"),
                    related.join(", ")
                );
            }
        }
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

/// The advice as JSON: `{"lang", "answers", "sheets": [{"number", "id",
/// "theme", "theme_title", "kind", "title", "body_markdown", "why", "links",
/// "related"}]}`.
pub fn render_json(advice: &Advice) -> String {
    advice.to_json()
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
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

/// Whether a link target from content is safe to put in a page: relative
/// paths, anchors, http(s) and mailto — never `javascript:` and the like.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_special = lower.find(['/', '?', '#']);
    match scheme_end {
        None => true,
        // A colon after a '/', '?' or '#' is not a scheme.
        Some(c) if first_special.is_some_and(|s| s < c) => true,
        Some(_) => {
            lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:")
        }
    }
}

/// Markdown → HTML for content: raw HTML in the Markdown is shown as text
/// (escaped), unsafe link targets are dropped, and headings are moved down
/// `shift` levels so they sit under the page's own headings.
pub(crate) fn markdown_to_html(markdown: &str, shift: usize) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let lower = |level: HeadingLevel| {
        let n = (level as usize + shift).min(6);
        HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
    };
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

const STYLE: &str = r#"
.etalage-advisor { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 50rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; }
.etalage-advisor a { color: #0b5394; }
.etalage-advisor a:focus, .etalage-advisor input:focus, .etalage-advisor button:focus, .etalage-advisor summary:focus { outline: 3px solid #f9a825; outline-offset: 2px; }
.etalage-advisor .lang-switch ul, .etalage-advisor .downloads ul { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
.etalage-advisor .lang-switch a[aria-current] { font-weight: 700; color: inherit; text-decoration: none; }
.etalage-advisor fieldset { border: 1px solid #bbb; border-radius: 6px; margin: 0 0 1rem; padding: 0.75rem 1rem; }
.etalage-advisor legend { font-weight: 600; padding: 0 0.25rem; }
.etalage-advisor details { margin: 0.25rem 0 0.5rem; font-size: 0.95em; color: #444; }
.etalage-advisor .options label { display: block; padding: 0.15rem 0; }
.etalage-advisor .options .skip { color: #555; font-style: italic; }
.etalage-advisor button { font: inherit; padding: 0.5rem 1.25rem; border-radius: 6px; border: 1px solid #0b5394; background: #0b5394; color: #fff; cursor: pointer; }
.etalage-advisor .advice { border-top: 1px solid #ddd; padding-top: 0.5rem; margin-top: 1rem; }
.etalage-advisor .number { display: inline-block; min-width: 2.2em; font-variant-numeric: tabular-nums; color: #0b5394; }
.etalage-advisor .why { font-size: 0.95em; color: #444; background: #f4f6f8; padding: 0.25rem 0.5rem; border-radius: 4px; }
.etalage-advisor .answers dt { font-weight: 600; }
.etalage-advisor .answers dd { margin: 0 0 0.25rem 1rem; }
@media print {
  .etalage-advisor form, .etalage-advisor nav, .etalage-advisor .downloads, .etalage-advisor .print-hint, .etalage-advisor .page-intro { display: none !important; }
  .etalage-advisor { max-width: none; padding: 0; color: #000; }
  .etalage-advisor a { color: inherit; text-decoration: none; }
  .etalage-advisor h3, .etalage-advisor h4, .etalage-advisor .why { break-after: avoid-page; }
}
"#;

/// The advisor page as a complete HTML document: see [`render_html_fragment`].
pub fn render_html_page(
    questionnaire: &Questionnaire,
    advice: &Advice,
    options: &PageOptions,
) -> String {
    let lang = advice.lang;
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        code = lang.code(),
        title = escape_html(text(lang, "page_title")),
        body = render_html_fragment(questionnaire, advice, options),
    )
}

/// The advisor page as a self-contained fragment (with its own `<style>`),
/// for embedding in a site layout: a language switch that keeps the answers,
/// the questionnaire as a plain GET form pre-filled from the answers, and —
/// when something is answered — the advice grouped by theme, with numbers,
/// why each is shown, tool links, cross references as `#advice-N` anchors
/// and Markdown/JSON download links. All text is escaped; no JavaScript.
pub fn render_html_fragment(
    questionnaire: &Questionnaire,
    advice: &Advice,
    options: &PageOptions,
) -> String {
    let lang = advice.lang;
    let t = |key: &str| escape_html(text(lang, key));
    let base = &options.base_path;
    let query = advice.given.to_query();
    let link = |lang: Lang, format: Option<&str>| {
        let mut q = query.clone();
        for (k, v) in [("lang", Some(lang.code())), ("format", format)] {
            if let Some(v) = v {
                if !q.is_empty() {
                    q.push('&');
                }
                let _ = write!(q, "{k}={v}");
            }
        }
        escape_html(&format!("{base}?{q}"))
    };

    let mut h = String::new();
    let _ = write!(
        h,
        "<div class=\"etalage-advisor\" lang=\"{}\">\n<style>{STYLE}</style>\n",
        lang.code()
    );
    // Header and language switch.
    let _ = writeln!(h, "<header>\n<h1>{}</h1>", t("page_title"));
    language_switch(&mut h, lang, &t("language_nav"), |other| link(other, None));
    h.push_str("</header>\n");
    let _ = writeln!(h, "<p class=\"page-intro\">{}</p>", t("page_intro"));

    // The questionnaire.
    let _ = writeln!(
        h,
        "<form class=\"questionnaire\" method=\"get\" action=\"{}\" aria-labelledby=\"form-heading\">",
        escape_html(base)
    );
    let _ = writeln!(h, "<h2 id=\"form-heading\">{}</h2>", t("form_heading"));
    let _ = writeln!(
        h,
        "<input type=\"hidden\" name=\"lang\" value=\"{}\">",
        lang.code()
    );
    for q in questionnaire.questions() {
        let qid = escape_html(&q.id);
        let _ = writeln!(
            h,
            "<fieldset id=\"question-{qid}\">\n<legend>{}</legend>",
            escape_html(q.label.get(lang))
        );
        if !q.help.get(lang).trim().is_empty() {
            let _ = writeln!(
                h,
                "<details>\n<summary>{}</summary>\n<p id=\"help-{qid}\">{}</p>\n</details>",
                t("help_summary"),
                escape_html(q.help.get(lang).trim())
            );
        }
        h.push_str("<div class=\"options\">\n");
        let (input, given) = match q.kind {
            QuestionKind::One => ("radio", advice.given.get(&q.id)),
            QuestionKind::Several => ("checkbox", advice.given.get(&q.id)),
        };
        for a in &q.answers {
            let checked = if given.contains(&a.id.as_str()) {
                " checked"
            } else {
                ""
            };
            let _ = writeln!(
                h,
                "<label><input type=\"{input}\" name=\"{qid}\" value=\"{aid}\" id=\"q-{qid}-{aid}\"{checked}> {}</label>",
                escape_html(a.label.get(lang)),
                aid = escape_html(&a.id),
            );
        }
        if q.kind == QuestionKind::One {
            // Radio buttons cannot be unticked without JavaScript: offer a way back.
            let checked = if given.is_empty() { " checked" } else { "" };
            let _ = writeln!(
                h,
                "<label class=\"skip\"><input type=\"radio\" name=\"{qid}\" value=\"\" id=\"q-{qid}-skip\"{checked}> {}</label>",
                t("no_answer")
            );
        }
        h.push_str("</div>\n</fieldset>\n");
    }
    let _ = writeln!(
        h,
        "<button type=\"submit\">{}</button>\n</form>",
        t("form_submit")
    );

    // The result.
    let _ = writeln!(
        h,
        "<section class=\"results\" aria-labelledby=\"results-heading\">"
    );
    let _ = writeln!(
        h,
        "<h2 id=\"results-heading\">{}</h2>",
        t("results_heading")
    );
    if advice.given.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>\n</div>", t("no_answers_yet"));
        return h;
    }
    let _ = writeln!(
        h,
        "<p>{}</p>",
        escape_html(&text_n(lang, "results_count", advice.sheets.len()))
    );
    let _ = writeln!(
        h,
        "<nav class=\"downloads\" aria-label=\"{}\">\n<ul>",
        t("downloads")
    );
    let _ = writeln!(
        h,
        "<li><a href=\"{}\" download>{}</a></li>",
        link(lang, Some("md")),
        t("download_md")
    );
    let _ = writeln!(
        h,
        "<li><a href=\"{}\" download>{}</a></li>",
        link(lang, Some("json")),
        t("download_json")
    );
    h.push_str("</ul>\n</nav>\n");
    let _ = writeln!(h, "<p class=\"print-hint\">{}</p>", t("print_hint"));

    let summary = answer_summary(questionnaire, advice);
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<dl class=\"answers\">",
        t("answers_heading")
    );
    for (question, answers) in &summary {
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            escape_html(question),
            escape_html(&answers.join(", "))
        );
    }
    h.push_str("</dl>\n");

    let _ = writeln!(
        h,
        "<nav class=\"toc\" aria-label=\"{}\">\n<ol>",
        t("theme_nav")
    );
    for theme in &advice.themes {
        let _ = writeln!(
            h,
            "<li><a href=\"#theme-{}\">{}</a></li>",
            escape_html(&theme.id),
            escape_html(&theme.title)
        );
    }
    h.push_str("</ol>\n</nav>\n");

    for theme in &advice.themes {
        let tid = escape_html(&theme.id);
        let _ = writeln!(
            h,
            "<section class=\"theme\" id=\"theme-{tid}\" aria-labelledby=\"theme-{tid}-title\">"
        );
        let _ = writeln!(
            h,
            "<h3 id=\"theme-{tid}-title\">{}</h3>",
            escape_html(&theme.title)
        );
        if !theme.intro.trim().is_empty() {
            let _ = writeln!(
                h,
                "<p class=\"theme-intro\">{}</p>",
                escape_html(theme.intro.trim())
            );
        }
        for sheet in advice.sheets.iter().filter(|s| s.theme == theme.id) {
            render_sheet_html(&mut h, sheet, lang);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</section>\n</div>\n");
    h
}

fn render_sheet_html(h: &mut String, sheet: &AdvisedSheet, lang: Lang) {
    let t = |key: &str| escape_html(text(lang, key));
    let colon = if lang == Lang::Fr { " :" } else { ":" };
    let n = sheet.number;
    let _ = writeln!(
        h,
        "<article class=\"advice advice-{kind}\" id=\"advice-{n}\" aria-labelledby=\"advice-{n}-title\">",
        kind = sheet.kind.id()
    );
    let _ = writeln!(
        h,
        "<h4 id=\"advice-{n}-title\"><span class=\"number\">{n}.</span> {}</h4>",
        escape_html(&sheet.title)
    );
    let _ = writeln!(
        h,
        "<p class=\"why\"><strong>{}</strong>{colon} {}</p>",
        t("why"),
        escape_html(&sheet.why)
    );
    let _ = writeln!(
        h,
        "<div class=\"body\">\n{}</div>",
        markdown_to_html(&sheet.body_linked, 4)
    );
    if !sheet.links.is_empty() {
        let links: Vec<String> = sheet
            .links
            .iter()
            .map(|l| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape_html(&l.path),
                    escape_html(&l.label)
                )
            })
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"tools\"><strong>{}</strong>{colon} {}</p>",
            t("tools"),
            links.join(", ")
        );
    }
    if !sheet.related.is_empty() {
        let related: Vec<String> = sheet
            .related
            .iter()
            .map(|r| {
                format!(
                    "<a href=\"#advice-{r}\">{}</a>",
                    escape_html(&text_n(lang, "advice_ref", *r))
                )
            })
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"related\"><strong>{}</strong>{colon} {}</p>",
            t("related"),
            related.join(", ")
        );
    }
    h.push_str("</article>\n");
}

/// One advice sheet as a complete HTML document, at `{base_path}/{id}`:
/// its theme and title, the body with references to other sheets as links
/// to their own pages, the etalage tools that act on it, related sheets,
/// and a link to the whole advisor. `None` when no sheet has this id.
/// Links carry `?lang=` so the reader stays in `lang`.
pub fn render_sheet_page(
    kb: &KnowledgeBase,
    id: &str,
    lang: Lang,
    options: &PageOptions,
) -> Option<String> {
    let sheet = kb.sheet(id)?;
    let base = &options.base_path;
    let code = lang.code();
    let t = |key: &str| escape_html(text(lang, key));
    let colon = if lang == Lang::Fr { " :" } else { ":" };
    let title = sheet.title.get(lang);
    let sheet_url = |other: &str| format!("{base}/{other}?lang={code}");
    let body = resolve_references(sheet.body.get(lang), |other| {
        kb.sheet(other).map(|s| {
            format!(
                "[{}]({})",
                escape_markdown(s.title.get(lang)),
                sheet_url(other)
            )
        })
    });
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n<body>\n<main>\n<div class=\"etalage-advisor\" lang=\"{code}\">\n<style>{STYLE}</style>\n",
        escape_html(title)
    );
    language_switch(&mut h, lang, &t("language_nav"), |other| {
        escape_html(&format!("{base}/{}?lang={}", sheet.id, other.code()))
    });
    let theme = kb
        .theme(&sheet.theme)
        .map(|th| th.title.get(lang))
        .unwrap_or("");
    let _ = writeln!(
        h,
        "<article class=\"advice advice-{kind}\" id=\"{id}\">\n<p class=\"theme\">{}</p>\n<h1>{}</h1>",
        escape_html(theme),
        escape_html(title),
        kind = sheet.kind.id(),
        id = escape_html(&sheet.id),
    );
    let _ = writeln!(
        h,
        "<div class=\"body\">\n{}</div>",
        markdown_to_html(&body, 1)
    );
    let tools: Vec<String> = sheet
        .links
        .iter()
        .filter_map(|l| Tool::parse(l))
        .map(|tool| {
            format!(
                "<a href=\"{}\">{}</a>",
                escape_html(tool.path()),
                escape_html(tool.label(lang))
            )
        })
        .collect();
    if !tools.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"tools\"><strong>{}</strong>{colon} {}</p>",
            t("tools"),
            tools.join(", ")
        );
    }
    let related: Vec<String> = sheet
        .related
        .iter()
        .filter_map(|r| kb.sheet(r))
        .map(|s| {
            format!(
                "<a href=\"{}\">{}</a>",
                escape_html(&sheet_url(&s.id)),
                escape_html(s.title.get(lang))
            )
        })
        .collect();
    if !related.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"related\"><strong>{}</strong>{colon} {}</p>",
            t("related"),
            related.join(", ")
        );
    }
    let _ = writeln!(
        h,
        "</article>\n<p><a href=\"{}\">{}</a></p>\n</div>\n</main>\n</body>\n</html>",
        escape_html(&format!("{base}?lang={code}")),
        t("all_advice")
    );
    Some(h)
}

/// The list of languages as links (`href` gives each one's escaped
/// address), the current one marked.
fn language_switch(h: &mut String, lang: Lang, label: &str, href: impl Fn(Lang) -> String) {
    let _ = writeln!(
        h,
        "<nav class=\"lang-switch\" aria-label=\"{label}\">\n<ul>"
    );
    for other in Lang::ALL {
        let current = if other == lang {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<li><a href=\"{}\" hreflang=\"{code}\" lang=\"{code}\"{current}>{}</a></li>",
            href(other),
            escape_html(other.native_name()),
            code = other.code(),
        );
    }
    h.push_str("</ul>\n</nav>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_raw_html_and_unsafe_links_and_shifts_headings() {
        let html = markdown_to_html(
            "# Head\n\n<script>alert(1)</script>\n\nText <b>x</b> [a](javascript:alert(1)) [b](/kpis) [c](https://x.be)",
            4,
        );
        assert!(html.contains("<h5>Head</h5>"), "{html}");
        assert!(
            !html.contains("<script>") && html.contains("&lt;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            html.contains("href=\"/kpis\"") && html.contains("href=\"https://x.be\""),
            "{html}"
        );
    }

    #[test]
    fn a_sheet_page_links_its_references_tools_and_related_sheets() {
        let kb = KnowledgeBase::from_files(&[
            (
                "advice/themes.toml",
                r#"
                [[theme]]
                id = "value"
                en = { title = "Customer value", intro = "…" }
                "#,
            ),
            (
                "advice/value/value-a.toml",
                r#"
                id = "value-a"
                theme = "value"
                order = 10
                kind = "advice"
                related = ["value-b"]
                links = ["customers"]
                [en]
                title = "Reward <loyal> customers"
                body = "First read [[value-b]]."
                "#,
            ),
            (
                "advice/value/value-b.toml",
                r#"
                id = "value-b"
                theme = "value"
                order = 20
                kind = "advice"
                [en]
                title = "Know your customers"
                body = "Count them."
                "#,
            ),
        ])
        .unwrap();
        let o = PageOptions::default();
        let page = render_sheet_page(&kb, "value-a", Lang::En, &o).unwrap();
        assert!(
            page.contains("<h1>Reward &lt;loyal&gt; customers</h1>"),
            "{page}"
        );
        assert!(
            page.contains("<p class=\"theme\">Customer value</p>"),
            "{page}"
        );
        assert!(
            page.contains(
                r#"First read <a href="/advice/value-b?lang=en">Know your customers</a>."#
            ),
            "{page}"
        );
        assert!(
            page.contains(r#"<a href="/customers">Customers</a>"#),
            "{page}"
        );
        assert!(
            page.contains(r#"<p class="related"><strong>See also</strong>: <a href="/advice/value-b?lang=en">Know your customers</a></p>"#),
            "{page}"
        );
        assert!(page.contains(r#"<a href="/advice?lang=en">All advice for your business</a>"#));
        assert!(render_sheet_page(&kb, "value-c", Lang::En, &o).is_none());
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
