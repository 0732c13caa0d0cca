//! The linter on small synthetic knowledge bases: a good one, and one per defect.

use etalage_advisor::{KnowledgeBase, LintCode, LintIssue, Questionnaire};

const QUESTIONNAIRE: &str = r#"
[[question]]
id = "stage"
kind = "one"
nl = { label = "Fase?", short = "Fase", help = "Kies." }
en = { label = "Stage?", short = "Stage", help = "Pick." }
fr = { label = "Stade ?", short = "Stade", help = "Choisissez." }
[[question.answer]]
id = "idea"
nl = "Idee"
en = "Idea"
fr = "Idée"
[[question.answer]]
id = "new"
nl = "Nieuw"
en = "New"
fr = "Nouveau"

[[question]]
id = "systems"
kind = "several"
nl = { label = "Systemen?", short = "Systemen", help = "Vink aan." }
en = { label = "Systems?", short = "Systems", help = "Tick." }
fr = { label = "Systèmes ?", short = "Systèmes", help = "Cochez." }
[[question.answer]]
id = "none"
nl = "Geen"
en = "None"
fr = "Aucun"
[[question.answer]]
id = "erp"
nl = "ERP"
en = "ERP"
fr = "ERP"
"#;

const THEMES: &str = r#"
[[theme]]
id = "alpha"
nl = { title = "Alfa", intro = "Over alfa." }
en = { title = "Alpha", intro = "About alpha." }
fr = { title = "Alpha", intro = "À propos d’alpha." }
"#;

/// A sheet file: `head` holds everything before the texts (condition included).
fn sheet(id: &str, head: &str, title: &str, body: &str) -> (String, String) {
    let text = format!(
        "id = \"{id}\"\ntheme = \"alpha\"\norder = 10\n{head}\n\
         [nl]\ntitle = \"{title} (nl)\"\nbody = \"{body}\"\n\
         [en]\ntitle = \"{title} (en)\"\nbody = \"{body}\"\n\
         [fr]\ntitle = \"{title} (fr)\"\nbody = \"{body}\"\n"
    );
    (format!("advice/alpha/{id}.toml"), text)
}

fn good() -> Vec<(String, String)> {
    vec![
        ("advice/themes.toml".into(), THEMES.into()),
        sheet(
            "alpha-do-it-yourself",
            "kind = \"do_it_yourself\"",
            "Alpha: do it yourself?",
            "Yes.",
        ),
        sheet(
            "alpha-example",
            "kind = \"example\"",
            "Alpha: an example",
            "See [[alpha-tip]].",
        ),
        sheet(
            "alpha-tip",
            "kind = \"advice\"\nrelated = [\"alpha-example\"]\nlinks = [\"kpis\"]\n\
             when_any = [{ stage = [\"new\"] }, { systems = { any_except = [\"none\"] } }]\n\
             [when]\nsystems = { none_of = [\"erp\"] }\n",
            "A tip",
            "Read [[alpha-example]].",
        ),
    ]
}

fn lint(files: &[(String, String)]) -> Vec<LintIssue> {
    let q = Questionnaire::from_toml(QUESTIONNAIRE, "questionnaire.toml").unwrap();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let kb = KnowledgeBase::from_files(&borrowed).unwrap_or_else(|e| panic!("{e}"));
    let issues: Vec<LintIssue> = kb
        .lint(&q)
        .into_iter()
        .filter(|i| i.code != LintCode::TooSmall)
        .collect();
    for issue in &issues {
        println!("{issue}");
    }
    issues
}

/// Lints `files` and checks it found exactly one kind of problem, `code`,
/// with a message containing every one of `words`.
fn expect(files: &[(String, String)], code: LintCode, words: &[&str]) {
    let issues = lint(files);
    assert!(!issues.is_empty(), "expected {code:?}, found nothing");
    for issue in &issues {
        assert_eq!(issue.code, code, "unexpected issue {issue}");
    }
    let all = issues
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    for word in words {
        assert!(all.contains(word), "{word:?} not in:\n{all}");
    }
}

fn replace(
    mut files: Vec<(String, String)>,
    id: &str,
    from: &str,
    to: &str,
) -> Vec<(String, String)> {
    let file = files
        .iter_mut()
        .find(|(p, _)| p.ends_with(&format!("/{id}.toml")))
        .unwrap();
    assert!(file.1.contains(from), "{from:?} not in {}", file.1);
    file.1 = file.1.replace(from, to);
    files
}

#[test]
fn a_good_knowledge_base_has_no_issues_but_its_size() {
    assert_eq!(lint(&good()), vec![]);
    let q = Questionnaire::from_toml(QUESTIONNAIRE, "questionnaire.toml").unwrap();
    let files = good();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let size: Vec<String> = KnowledgeBase::from_files(&borrowed)
        .unwrap()
        .lint(&q)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        size,
        [
            "advice/themes.toml: there are 1 themes; at least 12 are needed",
            "there are 3 sheets; at least 110 are needed"
        ]
    );
}

#[test]
fn missing_translations() {
    let files = replace(
        good(),
        "alpha-tip",
        "[fr]\ntitle = \"A tip (fr)\"\nbody = \"Read [[alpha-example]].\"\n",
        "",
    );
    expect(
        &files,
        LintCode::MissingText,
        &["no title in fr", "no body in fr", "alpha-tip"],
    );
    let files = replace(
        good(),
        "alpha-tip",
        "body = \"Read [[alpha-example]].\"\n[en]",
        "body = \"  \"\n[en]",
    );
    expect(&files, LintCode::MissingText, &["no body in nl"]);
    let mut files = good();
    files[0].1 = files[0].1.replace(
        "fr = { title = \"Alpha\", intro = \"À propos d’alpha.\" }",
        "fr = { title = \"Alpha\" }",
    );
    expect(
        &files,
        LintCode::MissingText,
        &["theme \"alpha\" has no intro in fr"],
    );
}

#[test]
fn ids_must_start_with_the_theme_and_match_the_file_name() {
    let mut files = good();
    files.push(sheet("beta-tip", "kind = \"advice\"", "Beta tip", "x"));
    expect(&files, LintCode::BadId, &["must start with \"alpha-\""]);
    let files = replace(
        good(),
        "alpha-tip",
        "id = \"alpha-tip\"",
        "id = \"alpha-tips\"",
    );
    // alpha-tips: file name differs; references to alpha-tip now point nowhere.
    let issues = lint(&files);
    assert!(
        issues
            .iter()
            .any(|i| i.code == LintCode::BadId && i.message.contains("differs from the file name")),
        "{issues:?}"
    );
    let mut files = good();
    files.push(sheet("alpha-Big_Tip", "kind = \"advice\"", "Big tip", "x"));
    expect(&files, LintCode::BadId, &["not kebab-case"]);
}

#[test]
fn duplicate_ids() {
    let mut files = good();
    let (_, text) = sheet("alpha-tip", "kind = \"advice\"", "Another tip", "x");
    files.push(("advice/alpha/alpha-tip-copy.toml".into(), text));
    let issues = lint(&files);
    assert!(
        issues
            .iter()
            .any(|i| i.code == LintCode::DuplicateId && i.message.contains("alpha-tip")),
        "{issues:?}"
    );
}

#[test]
fn unknown_theme() {
    let files = replace(
        good(),
        "alpha-tip",
        "theme = \"alpha\"",
        "theme = \"gamma\"",
    );
    let issues = lint(&files);
    assert!(
        issues
            .iter()
            .any(|i| i.code == LintCode::UnknownTheme && i.message.contains("gamma")),
        "{issues:?}"
    );
}

#[test]
fn conditions_name_only_known_questions_and_answers() {
    let files = replace(
        good(),
        "alpha-tip",
        "systems = { none_of = [\"erp\"] }",
        "colour = [\"red\"]",
    );
    expect(
        &files,
        LintCode::UnknownQuestion,
        &["colour", "stage, systems"],
    );
    let files = replace(
        good(),
        "alpha-tip",
        "stage = [\"new\"]",
        "stage = [\"new\", \"later\"]",
    );
    expect(
        &files,
        LintCode::UnknownAnswer,
        &["when_any entry 1", "later", "idea, new"],
    );
}

#[test]
fn related_sheets_links_and_references_must_exist() {
    let files = replace(
        good(),
        "alpha-tip",
        "related = [\"alpha-example\"]",
        "related = [\"alpha-nothing\"]",
    );
    expect(&files, LintCode::UnknownRelated, &["alpha-nothing"]);
    let files = replace(
        good(),
        "alpha-tip",
        "links = [\"kpis\"]",
        "links = [\"spreadsheet\"]",
    );
    expect(
        &files,
        LintCode::UnknownTool,
        &["spreadsheet", "dashboard, goals"],
    );
    let files = replace(
        good(),
        "alpha-example",
        "See [[alpha-tip]].",
        "See [[alpha-tipp]].",
    );
    expect(
        &files,
        LintCode::UnknownReference,
        &["[[alpha-tipp]]", "nl body", "en body", "fr body"],
    );
}

#[test]
fn unreachable_sheets() {
    // A `one` question required to have two different answers.
    let files = replace(
        good(),
        "alpha-tip",
        "systems = { none_of = [\"erp\"] }",
        "stage = [\"idea\"]",
    );
    let files = replace(
        files,
        "alpha-tip",
        "{ systems = { any_except = [\"none\"] } }",
        "{ stage = [\"new\"] }",
    );
    expect(&files, LintCode::Unreachable, &["can never be true"]);
    // A `several` question that must include and exclude the same answer.
    let files = replace(
        good(),
        "alpha-tip",
        "{ stage = [\"new\"] }",
        "{ systems = [\"erp\"] }",
    );
    let files = replace(
        files,
        "alpha-tip",
        "{ systems = { any_except = [\"none\"] } }",
        "{ systems = { any_except = [\"erp\"] }, stage = [\"idea\"] }",
    );
    // Entry 2 needs an answer other than erp (none), and none_of erp: satisfiable.
    assert_eq!(lint(&files), vec![]);
    let files = replace(
        files,
        "alpha-tip",
        "any_except = [\"erp\"]",
        "any_except = [\"none\", \"erp\"]",
    );
    expect(&files, LintCode::Unreachable, &["alpha-tip"]);
    // An empty list can never match.
    let files = replace(
        good(),
        "alpha-tip",
        "systems = { none_of = [\"erp\"] }",
        "systems = []",
    );
    expect(&files, LintCode::Unreachable, &["alpha-tip"]);
}

#[test]
fn titles_are_unique_per_language_ignoring_case_and_spaces() {
    let mut files = good();
    // "  a TIP (nl)" equals "A tip (nl)" once trimmed and lower-cased.
    files.push(sheet("alpha-other", "kind = \"advice\"", "  a TIP", "x"));
    expect(
        &files,
        LintCode::DuplicateTitle,
        &["alpha-tip", "nl title", "en title", "fr title"],
    );
}

#[test]
fn every_theme_needs_its_do_it_yourself_and_example_sheets() {
    let files: Vec<_> = good()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("alpha-example.toml"))
        .collect();
    let files = replace(
        files,
        "alpha-tip",
        "related = [\"alpha-example\"]",
        "related = []",
    );
    let files = replace(files, "alpha-tip", "Read [[alpha-example]].", "Read.");
    expect(
        &files,
        LintCode::MissingThemeSheet,
        &["alpha-example", "example"],
    );
    let files = replace(
        good(),
        "alpha-do-it-yourself",
        "kind = \"do_it_yourself\"",
        "kind = \"advice\"",
    );
    expect(
        &files,
        LintCode::MissingThemeSheet,
        &["must have kind \"do_it_yourself\""],
    );
}

#[test]
fn questionnaire_texts_are_checked_too() {
    let q = Questionnaire::from_toml(
        &QUESTIONNAIRE.replace("fr = \"Idée\"", ""),
        "questionnaire.toml",
    )
    .unwrap();
    let files = good();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let issues = KnowledgeBase::from_files(&borrowed).unwrap().lint(&q);
    assert!(
        issues.iter().any(|i| i.code == LintCode::MissingText
            && i.message.contains("answer \"idea\"")
            && i.message.contains("fr")),
        "{issues:?}"
    );
}
