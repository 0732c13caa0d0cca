//! Lints the real `content/` folder (and checks the embedded copy matches it).
//! This fails while the content is incomplete; it prints every issue found.

use std::path::PathBuf;

use etalage_advisor::{KnowledgeBase, Questionnaire};

fn content_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    dir.canonicalize().unwrap_or(dir)
}

#[test]
fn real_content_passes_the_linter() {
    let questionnaire = Questionnaire::load(&content_dir()).unwrap_or_else(|e| panic!("{e}"));
    let kb = KnowledgeBase::load(&content_dir()).unwrap_or_else(|e| panic!("{e}"));
    let issues = kb.lint(&questionnaire);
    for issue in &issues {
        println!("LINT {issue}");
    }
    println!(
        "{} themes, {} sheets, {} lint issues",
        kb.themes().len(),
        kb.sheets().len(),
        issues.len()
    );
    assert!(
        issues.is_empty(),
        "{} lint issues in content/ (listed above)",
        issues.len()
    );
}

#[test]
fn questionnaire_has_the_twelve_fixed_questions_and_answers() {
    let q = Questionnaire::load(&content_dir()).unwrap_or_else(|e| panic!("{e}"));
    let fixed: &[(&str, &str, &[&str])] = &[
        ("stage", "one", &["idea", "new", "established"]),
        (
            "business_model",
            "one",
            &[
                "producer",
                "wholesaler",
                "retailer",
                "service_provider",
                "hospitality",
            ],
        ),
        (
            "offer",
            "several",
            &[
                "physical_products",
                "digital_products",
                "services",
                "subscriptions",
                "bookings",
                "food",
            ],
        ),
        (
            "customers",
            "several",
            &["consumers", "businesses", "existing_customers"],
        ),
        (
            "physical_presence",
            "one",
            &["none", "one_shop", "several_shops"],
        ),
        (
            "online_presence",
            "several",
            &[
                "none",
                "website",
                "webshop",
                "marketplace",
                "social_media",
                "mobile_app",
            ],
        ),
        (
            "markets",
            "several",
            &["local", "national", "eu", "outside_eu"],
        ),
        (
            "goals",
            "several",
            &[
                "new_channel",
                "new_audience",
                "new_region",
                "clear_stock",
                "click_and_collect",
                "loyalty",
                "efficiency",
                "subscriptions",
            ],
        ),
        (
            "budget",
            "one",
            &["under_1500", "1500_to_10000", "over_10000"],
        ),
        ("skills", "one", &["beginner", "some", "experienced"]),
        ("approach", "one", &["ready_made", "integrated", "custom"]),
        (
            "systems",
            "several",
            &[
                "none",
                "stock_management",
                "erp",
                "crm",
                "pos",
                "accounting",
            ],
        ),
    ];
    for (id, kind, answers) in fixed {
        let question = q
            .question(id)
            .unwrap_or_else(|| panic!("question {id} is missing"));
        let actual_kind = match question.kind {
            etalage_advisor::QuestionKind::One => "one",
            etalage_advisor::QuestionKind::Several => "several",
        };
        assert_eq!(actual_kind, *kind, "kind of {id}");
        assert_eq!(question.answer_ids(), *answers, "answers of {id}");
    }
}

#[test]
fn themes_are_the_thirteen_in_order() {
    let kb = KnowledgeBase::load(&content_dir()).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = kb.themes().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "channels",
            "case",
            "system",
            "conversion",
            "payments",
            "marketing",
            "management",
            "measuring",
            "value",
            "campaigns",
            "international",
            "logistics",
            "automation"
        ]
    );
}

#[test]
fn embedded_content_equals_the_content_folder() {
    let on_disk = KnowledgeBase::load(&content_dir()).unwrap_or_else(|e| panic!("{e}"));
    let embedded = KnowledgeBase::embedded().unwrap_or_else(|e| panic!("{e}"));
    // Compare sheet by sheet, so a difference names the sheet rather than
    // printing the whole knowledge base.
    let ids = |kb: &KnowledgeBase| kb.sheets().iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&on_disk),
        ids(&embedded),
        "the embedded copy has other sheets than content/"
    );
    for (disk, emb) in on_disk.sheets().iter().zip(embedded.sheets()) {
        let same =
            disk.title == emb.title && disk.body == emb.body && disk.condition == emb.condition;
        assert!(
            same,
            "{}: the embedded copy differs from content/ (rebuild?)",
            disk.id
        );
    }
    assert_eq!(on_disk.themes(), embedded.themes());
    assert_eq!(
        Questionnaire::load(&content_dir()).unwrap_or_else(|e| panic!("{e}")),
        Questionnaire::embedded().unwrap_or_else(|e| panic!("{e}"))
    );
}
