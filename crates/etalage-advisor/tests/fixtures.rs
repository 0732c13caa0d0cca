//! The loader, answers, rule engine and renderers, on the small synthetic
//! content under `tests/fixtures/`.

use std::path::PathBuf;

use etalage_advisor::{
    advise, list_sheets, render_html_page, run_advise, AnswerError, Answers, Error, Format,
    KnowledgeBase, Lang, LintCode, PageOptions, Questionnaire, SheetKind, Tool,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load() -> (KnowledgeBase, Questionnaire) {
    let dir = fixture("content");
    (
        KnowledgeBase::load(&dir).unwrap_or_else(|e| panic!("{e}")),
        Questionnaire::load(&dir).unwrap_or_else(|e| panic!("{e}")),
    )
}

fn numbers(advice: &etalage_advisor::Advice) -> Vec<(usize, &str)> {
    advice
        .sheets
        .iter()
        .map(|s| (s.number, s.id.as_str()))
        .collect()
}

#[test]
fn loads_the_fixture_and_it_lints_clean_but_for_its_size() {
    let (kb, q) = load();
    assert_eq!(
        kb.themes()
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>(),
        ["alpha", "beta"]
    );
    assert_eq!(
        kb.sheets()
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        [
            "alpha-always",
            "alpha-do-it-yourself",
            "alpha-example",
            "beta-abroad",
            "beta-do-it-yourself",
            "beta-example"
        ]
    );
    // `when_any` written inside [when] is read as the sheet's when_any.
    let abroad = kb.sheet("beta-abroad").unwrap();
    assert_eq!(abroad.condition.when.matches.len(), 1);
    assert_eq!(abroad.condition.when_any.len(), 2);
    assert_eq!(kb.sheet("alpha-example").unwrap().kind, SheetKind::Example);

    let issues = kb.lint(&q);
    assert!(
        issues.iter().all(|i| i.code == LintCode::TooSmall),
        "{issues:#?}"
    );
    assert_eq!(issues.len(), 2, "{issues:#?}");
}

#[test]
fn load_errors_name_every_broken_file_and_say_what_is_wrong() {
    let err = KnowledgeBase::load(&fixture("broken")).unwrap_err();
    let text = err.to_string();
    println!("{text}");
    assert_eq!(err.problems.len(), 4, "{text}");
    let problem = |file: &str| {
        err.problems
            .iter()
            .find(|p| p.file.ends_with(file))
            .unwrap_or_else(|| panic!("no problem reported for {file}: {text}"))
            .message
            .clone()
    };
    assert!(problem("alpha-syntax.toml").contains("line"), "{text}");
    assert!(problem("alpha-typo.toml").contains("relatd"), "{text}");
    assert!(
        problem("alpha-condition.toml").contains("markets"),
        "{text}"
    );
    assert!(problem("alpha-kind.toml").contains("tip"), "{text}");

    let missing = KnowledgeBase::load(&fixture("nowhere"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("themes.toml"), "{missing}");
    let missing = Questionnaire::load(&fixture("nowhere"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("questionnaire.toml"), "{missing}");
}

#[test]
fn answers_from_json_and_query_round_trip_canonically() {
    let (_, q) = load();
    let a = Answers::parse_json(
        r#"{"stage": "new", "markets": ["outside_eu", "eu"], "systems": null}"#,
    )
    .unwrap();
    a.validate(&q).unwrap();
    assert_eq!(a.to_query(), "markets=eu&markets=outside_eu&stage=new");
    let b =
        Answers::from_query("?stage=new&markets=outside_eu&markets=eu&lang=fr&format=md&systems=");
    assert_eq!(a, b);
    assert_eq!(Answers::from_query(&a.to_query()), a);
    assert_eq!(
        a.to_json(&q),
        serde_json::json!({"stage": "new", "markets": ["eu", "outside_eu"]})
    );
    assert_eq!(
        Answers::from_query("markets=a%20b+c").get("markets"),
        ["a b c"]
    );
}

#[test]
fn invalid_answers_are_refused_with_the_valid_choices() {
    let (_, q) = load();
    let err = Answers::parse_json(r#"{"colour": "red"}"#)
        .unwrap()
        .validate(&q)
        .unwrap_err();
    assert!(matches!(err, AnswerError::UnknownQuestion { .. }));
    assert!(
        err.to_string().contains("colour") && err.to_string().contains("stage, markets, systems"),
        "{err}"
    );

    let err = Answers::parse_json(r#"{"markets": ["eu", "mars"]}"#)
        .unwrap()
        .validate(&q)
        .unwrap_err();
    assert!(
        err.to_string().contains("mars") && err.to_string().contains("local, eu, outside_eu"),
        "{err}"
    );

    let err = Answers::from_query("stage=new&stage=idea")
        .validate(&q)
        .unwrap_err();
    assert_eq!(
        err,
        AnswerError::SeveralForOne {
            question: "stage".into(),
            answers: vec!["idea".into(), "new".into()]
        }
    );
    assert!(err.to_string().contains("takes one answer"), "{err}");

    assert!(matches!(
        Answers::parse_json("[1]"),
        Err(AnswerError::NotAnObject(_))
    ));
    assert!(matches!(
        Answers::parse_json("{"),
        Err(AnswerError::Json(_))
    ));
    let err = Answers::parse_json(r#"{"stage": 3}"#).unwrap_err();
    assert!(err.to_string().contains("stage"), "{err}");
}

#[test]
fn advice_is_numbered_in_theme_then_sheet_order_and_explained() {
    let (kb, q) = load();
    let answers = Answers::from_query("stage=new&markets=eu&markets=local&systems=erp");
    let advice = advise(&kb, &q, &answers, Lang::En);
    assert_eq!(
        numbers(&advice),
        [
            (1, "alpha-always"),
            (2, "alpha-do-it-yourself"),
            (3, "alpha-example"),
            (4, "beta-abroad"),
            (5, "beta-do-it-yourself"),
            (6, "beta-example")
        ]
    );
    let s = &advice.sheets;
    assert_eq!(s[0].why, "Shown to every business");
    assert_eq!(s[0].body_markdown, "Also read advice 4 and advice 3.");
    assert_eq!(s[0].related, [4, 3]);
    assert_eq!(
        s[0].links
            .iter()
            .map(|l| (l.tool, l.path.as_str()))
            .collect::<Vec<_>>(),
        [(Tool::Dashboard, "/"), (Tool::Kpis, "/kpis")]
    );
    assert_eq!(s[0].theme_title, "Alpha");
    assert_eq!(s[3].why, "You answered: Markets = EU; Systems = ERP");
    assert_eq!(s[2].why, "You answered: Stage = Just started");

    // Unanswered: only sheets whose condition allows it; references to absent sheets become titles.
    let advice = advise(&kb, &q, &Answers::new(), Lang::Nl);
    assert_eq!(
        numbers(&advice),
        [
            (1, "alpha-always"),
            (2, "alpha-do-it-yourself"),
            (3, "beta-example")
        ]
    );
    assert_eq!(
        advice.sheets[0].body_markdown,
        "Lees ook *Over de grens* en *Alfa: een voorbeeld*."
    );
    assert_eq!(advice.sheets[0].related, Vec::<usize>::new());
    assert_eq!(
        advice.sheets[2].body_markdown,
        "Een voorbeeld, met *Bèta: zelf doen of hulp vragen?*."
    );

    // none_of matched by an unanswered question is said so; French punctuation.
    let advice = advise(&kb, &q, &Answers::from_query("stage=established"), Lang::Fr);
    let abroad = advice
        .sheets
        .iter()
        .find(|s| s.id == "beta-abroad")
        .unwrap();
    assert_eq!(
        abroad.why,
        "Vous avez répondu : Stade = Établie. Sans réponse : Systèmes"
    );
    assert_eq!(
        advice.sheets[0].body_markdown,
        "Lisez aussi conseil 4 et conseil 3."
    );
}

#[test]
fn json_has_the_agreed_shape() {
    let (kb, q) = load();
    let out = run_advise(
        &kb,
        &q,
        r#"{"stage": "new", "markets": ["eu"]}"#,
        Lang::En,
        Format::Json,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["lang"], "en");
    assert_eq!(
        v["answers"],
        serde_json::json!({"stage": "new", "markets": ["eu"]})
    );
    let first = &v["sheets"][0];
    for key in [
        "number",
        "id",
        "theme",
        "theme_title",
        "title",
        "body_markdown",
        "why",
        "links",
    ] {
        assert!(first.get(key).is_some(), "sheet lacks {key}: {first}");
    }
    assert_eq!(
        first["links"][0],
        serde_json::json!({"tool": "dashboard", "label": "Dashboard", "path": "/"})
    );
    assert_eq!(
        v.as_object().unwrap().len(),
        3,
        "top level is lang, answers, sheets: {v}"
    );

    let err = run_advise(&kb, &q, r#"{"stage": "later"}"#, Lang::En, Format::Json).unwrap_err();
    assert!(
        matches!(err, Error::Answers(AnswerError::UnknownAnswer { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("idea, new, established"), "{err}");
}

#[test]
fn markdown_report_lists_answers_themes_and_numbered_advice() {
    let (kb, q) = load();
    let out = run_advise(
        &kb,
        &q,
        r#"{"stage": "new", "markets": ["eu"]}"#,
        Lang::Nl,
        Format::Md,
    )
    .unwrap();
    println!("{out}");
    assert!(out.starts_with("# Jouw advies\n"), "{out}");
    assert!(out.contains("- **Fase**: Net gestart"), "{out}");
    assert!(out.contains("## Alfa\n\nOver alfa."), "{out}");
    assert!(out.contains("### 1. Altijd getoond"), "{out}");
    assert!(
        out.contains("*Waarom je dit ziet: Getoond aan elke zaak*"),
        "{out}"
    );
    assert!(
        out.contains("**In etalage**: [Dashboard](/), [Kerncijfers (KPI’s)](/kpis)"),
        "{out}"
    );
    assert!(out.contains("**Zie ook**: advies 4, advies 3"), "{out}");
}

#[test]
fn html_page_has_a_prefilled_get_form_language_links_downloads_and_anchors() {
    let (kb, q) = load();
    let answers = Answers::from_query("stage=new&markets=eu&systems=erp");
    let advice = advise(&kb, &q, &answers, Lang::En);
    let html = render_html_page(&q, &advice, &PageOptions::default());
    std::fs::write(
        std::env::temp_dir().join("etalage-advisor-fixture.html"),
        &html,
    )
    .unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{html}"
    );
    assert!(html.contains("<form class=\"questionnaire\" method=\"get\" action=\"/advice\""));
    assert!(
        html.contains("<fieldset id=\"question-stage\">\n<legend>How far along are you?</legend>")
    );
    assert!(html.contains("<details>\n<summary>Not sure? More explanation</summary>"));
    assert!(
        html.contains("type=\"radio\" name=\"stage\" value=\"new\" id=\"q-stage-new\" checked>")
    );
    assert!(html.contains("type=\"radio\" name=\"stage\" value=\"idea\" id=\"q-stage-idea\">"));
    assert!(html
        .contains("type=\"checkbox\" name=\"markets\" value=\"eu\" id=\"q-markets-eu\" checked>"));
    assert!(
        html.contains("type=\"checkbox\" name=\"markets\" value=\"local\" id=\"q-markets-local\">")
    );
    // Language switch keeps the answers; downloads add the format.
    assert!(
        html.contains(
            "href=\"/advice?markets=eu&amp;stage=new&amp;systems=erp&amp;lang=fr\" hreflang=\"fr\""
        ),
        "{html}"
    );
    assert!(html.contains(
        "href=\"/advice?markets=eu&amp;stage=new&amp;systems=erp&amp;lang=en&amp;format=md\""
    ));
    assert!(html.contains(
        "href=\"/advice?markets=eu&amp;stage=new&amp;systems=erp&amp;lang=en&amp;format=json\""
    ));
    // Results: themes, numbers, why, tools, cross references.
    assert!(html.contains("<section class=\"theme\" id=\"theme-alpha\""));
    assert!(html.contains("<article class=\"advice advice-advice\" id=\"advice-1\""));
    assert!(html.contains("<span class=\"number\">1.</span> Always shown"));
    assert!(html.contains("<strong>Why you see this</strong>: Shown to every business"));
    assert!(
        html.contains(
            "Also read <a href=\"#advice-4\">advice 4</a> and <a href=\"#advice-3\">advice 3</a>."
        ),
        "{html}"
    );
    assert!(html.contains("<a href=\"/kpis\">Key figures (KPIs)</a>"));
    assert!(html.contains(
        "<p class=\"related\"><strong>See also</strong>: <a href=\"#advice-4\">advice 4</a>"
    ));
    // Escaping: labels with <…> and raw HTML in bodies, unsafe links.
    assert!(html.contains("Which systems &lt;do&gt; you use?"));
    assert!(html.contains("ERP &amp; co."));
    assert!(
        !html.contains("<b>") && html.contains("&lt;b&gt;example&lt;/b&gt;"),
        "{html}"
    );
    assert!(!html.contains("javascript:"));
    // Print stylesheet hides the form and navigation; no scripts.
    assert!(
        html.contains("@media print")
            && html.contains(".etalage-advisor form, .etalage-advisor nav")
    );
    assert!(!html.contains("<script"));
}

#[test]
fn html_page_without_answers_shows_the_form_only() {
    let (kb, q) = load();
    let advice = advise(&kb, &q, &Answers::new(), Lang::Fr);
    let html = render_html_page(
        &q,
        &advice,
        &PageOptions {
            base_path: "/fr/conseils".into(),
        },
    );
    assert!(html.contains("action=\"/fr/conseils\""));
    assert!(html.contains("Vous n’avez encore répondu à aucune question."));
    assert!(!html.contains("id=\"advice-1\""));
    assert!(html.contains("value=\"\" id=\"q-stage-skip\" checked>"));
    assert!(html.contains("href=\"/fr/conseils?lang=nl\""));
    assert!(html.contains("aria-current=\"page\">Français"));
}

#[test]
fn list_sheets_gives_conditions_as_text_and_json() {
    let (kb, _) = load();
    let list = list_sheets(&kb);
    let abroad = list.iter().find(|s| s.id == "beta-abroad").unwrap();
    assert_eq!(
        abroad.condition_text,
        "systems none of [none] and (markets in [eu, outside_eu] or stage in [established])"
    );
    assert_eq!(
        abroad.condition,
        serde_json::json!({"when": {"systems": {"none_of": ["none"]}}, "when_any": [{"markets": ["eu", "outside_eu"]}, {"stage": ["established"]}]})
    );
    let always = list.iter().find(|s| s.id == "alpha-always").unwrap();
    assert_eq!(
        (always.condition_text.as_str(), &always.condition),
        ("always", &serde_json::json!({}))
    );
    let json = serde_json::to_value(&list).unwrap();
    assert_eq!(json[0]["kind"], "advice");
    assert_eq!(json[0]["theme"], "alpha");
    assert_eq!(json[0]["order"], 10);
}

#[test]
fn formats_and_languages_parse() {
    assert_eq!("md".parse::<Format>(), Ok(Format::Md));
    assert_eq!("JSON".parse::<Format>(), Ok(Format::Json));
    assert_eq!("html".parse::<Format>(), Ok(Format::Html));
    assert!("pdf"
        .parse::<Format>()
        .unwrap_err()
        .contains("md, json or html"));
    assert_eq!("fr".parse::<Lang>().unwrap(), Lang::Fr);
}
