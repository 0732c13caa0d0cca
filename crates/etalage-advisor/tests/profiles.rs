//! Which conditional sheets of the real `content/` each business profile gets.
//! These fail until the content named here exists.

use std::collections::BTreeSet;
use std::path::PathBuf;

use etalage_advisor::{advise, Answers, KnowledgeBase, Lang, Questionnaire};

/// The sheets shown to every business.
const ALWAYS: &[&str] = &[
    "system-mandatory-info",
    "marketing-gdpr",
    "management-performance-dashboard",
];

/// The conditional sheets these tests pin down; each profile says which of them it gets.
const CONDITIONAL: &[&str] = &[
    "channels-physical-shop",
    "channels-b2b",
    "payments-b2b",
    "conversion-b2b-reorder",
    "channels-local",
    "channels-digital-services",
    "case-services-reviews",
    "channels-one-off-actions",
    "conversion-subscriptions",
    "case-existing-customers",
    "payments-abroad",
    "management-abroad-calendar",
    "payments-outside-eu",
    "channels-mobile-app",
    "system-integration",
];

fn content() -> (KnowledgeBase, Questionnaire) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    (
        KnowledgeBase::load(&dir).unwrap_or_else(|e| panic!("{e}")),
        Questionnaire::load(&dir).unwrap_or_else(|e| panic!("{e}")),
    )
}

/// Advises `query` and checks that of the pinned sheets exactly `expected`
/// (and every always-shown sheet) are in, numbered 1..n in theme order.
fn check(query: &str, expected: &[&str]) {
    let (kb, q) = content();
    for id in CONDITIONAL.iter().chain(ALWAYS) {
        assert!(kb.sheet(id).is_some(), "content/ has no sheet {id}");
    }
    let answers = Answers::from_query(query);
    answers.validate(&q).unwrap_or_else(|e| panic!("{e}"));
    let advice = advise(&kb, &q, &answers, Lang::En);
    let shown: BTreeSet<&str> = advice.sheets.iter().map(|s| s.id.as_str()).collect();

    let got: BTreeSet<&str> = CONDITIONAL
        .iter()
        .copied()
        .filter(|id| shown.contains(id))
        .collect();
    let want: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(got, want, "profile {query}: got {got:?}, want {want:?}");
    for id in ALWAYS {
        assert!(shown.contains(id), "profile {query}: {id} is always shown");
        let sheet = advice.sheets.iter().find(|s| s.id == *id).unwrap();
        assert_eq!(sheet.why, "Shown to every business");
    }
    // Numbered 1..n in theme order, then sheet order.
    let numbers: Vec<usize> = advice.sheets.iter().map(|s| s.number).collect();
    assert_eq!(numbers, (1..=advice.sheets.len()).collect::<Vec<_>>());
    let keys: Vec<(usize, i64)> = advice
        .sheets
        .iter()
        .map(|s| {
            (
                kb.theme(&s.theme).unwrap().position,
                kb.sheet(&s.id).unwrap().order,
            )
        })
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "profile {query}: not in theme/sheet order"
    );
}

#[test]
fn local_bakery_with_a_shop() {
    check(
        "stage=established&business_model=producer&offer=physical_products&offer=food\
         &customers=consumers&customers=existing_customers&physical_presence=one_shop\
         &online_presence=social_media&markets=local&goals=click_and_collect&goals=loyalty\
         &budget=under_1500&skills=beginner&approach=ready_made&systems=pos",
        &[
            "channels-physical-shop",
            "channels-local",
            "case-existing-customers",
            "system-integration",
        ],
    );
}

#[test]
fn wholesaler_selling_to_businesses_worldwide() {
    check(
        "stage=established&business_model=wholesaler&offer=physical_products&customers=businesses\
         &physical_presence=none&online_presence=website&online_presence=webshop\
         &markets=national&markets=eu&markets=outside_eu&goals=new_region&goals=clear_stock&goals=efficiency\
         &budget=over_10000&skills=experienced&approach=integrated&systems=erp&systems=accounting",
        &[
            "channels-b2b",
            "payments-b2b",
            "conversion-b2b-reorder",
            "payments-abroad",
            "management-abroad-calendar",
            "payments-outside-eu",
            "channels-one-off-actions",
            "system-integration",
        ],
    );
}

#[test]
fn online_coach_selling_services_and_subscriptions_in_the_eu() {
    check(
        "stage=new&business_model=service_provider&offer=services&offer=digital_products&offer=subscriptions\
         &customers=consumers&physical_presence=none&online_presence=website&online_presence=mobile_app\
         &markets=national&markets=eu&goals=subscriptions&goals=new_audience\
         &budget=1500_to_10000&skills=some&approach=ready_made&systems=none",
        &[
            "channels-digital-services",
            "case-services-reviews",
            "conversion-subscriptions",
            "payments-abroad",
            "management-abroad-calendar",
            "channels-mobile-app",
        ],
    );
}

#[test]
fn chain_of_shops_with_no_systems_yet() {
    check(
        "stage=idea&business_model=retailer&offer=physical_products&customers=consumers\
         &physical_presence=several_shops&online_presence=none&markets=national&systems=none",
        &["channels-physical-shop"],
    );
}

#[test]
fn nothing_answered_gets_only_what_needs_no_answer() {
    check("", &[]);
}

#[test]
fn digital_products_alone_select_the_services_sheets() {
    check(
        "offer=digital_products&markets=outside_eu",
        &[
            "channels-digital-services",
            "case-services-reviews",
            "payments-abroad",
            "management-abroad-calendar",
            "payments-outside-eu",
        ],
    );
}
