//! The advisor from the command line and in a real browser.
mod common;
use common::webdriver::Browser;
use common::*;
use serde_json::Value;

const ANSWERS: &str = r#"{"stage": "new", "physical_presence": "one_shop", "customers": ["consumers", "businesses"], "markets": ["local", "eu"], "systems": ["none"]}"#;

fn advise_json(dir: &std::path::Path, lang: &str) -> Value {
    let file = dir.join("answers.json");
    std::fs::write(&file, ANSWERS).unwrap();
    let out = etalage_ok(
        dir,
        &[
            "advise",
            "--answers",
            file.to_str().unwrap(),
            "--lang",
            lang,
            "--format",
            "json",
        ],
    );
    serde_json::from_str(&out).unwrap()
}

fn titles(v: &Value) -> Vec<String> {
    v["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{}. {}", s["number"], s["title"].as_str().unwrap()))
        .collect()
}

#[test]
fn cli_selects_the_conditional_sheets_and_explains_errors() {
    let dir = TempDir::new("advise-cli");
    let v = advise_json(&dir.0, "en");
    assert_eq!(v["lang"], "en");
    let ids: Vec<&str> = v["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for must in [
        "channels-physical-shop",
        "channels-b2b",
        "payments-b2b",
        "conversion-b2b-reorder",
        "channels-local",
        "payments-abroad",
        "management-abroad-calendar",
        "system-mandatory-info",
        "marketing-gdpr",
        "management-performance-dashboard",
    ] {
        assert!(ids.contains(&must), "{must} missing from {ids:?}");
    }
    for must_not in [
        "payments-outside-eu",
        "channels-mobile-app",
        "system-integration",
        "conversion-subscriptions",
        "channels-one-off-actions",
        "case-existing-customers",
        "channels-digital-services",
    ] {
        assert!(
            !ids.contains(&must_not),
            "{must_not} should not be in the result"
        );
    }
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
    // Markdown, the default format, in Dutch by default.
    let file = dir.0.join("answers.json");
    let md = etalage_ok(&dir.0, &["advise", "--answers", file.to_str().unwrap()]);
    assert!(md.starts_with('#'), "{}", &md[..80.min(md.len())]);

    // Unknown answers are named, with the valid ones.
    let bad = dir.0.join("bad.json");
    std::fs::write(&bad, r#"{"markets": ["mars"]}"#).unwrap();
    let out = etalage(&dir.0, &["advise", "--answers", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mars") && err.contains("outside_eu"), "{err}");

    let list: Value =
        serde_json::from_str(&etalage_ok(&dir.0, &["advise", "--list", "--json"])).unwrap();
    let list = list.as_array().unwrap();
    assert!(list.len() >= 110, "{} sheets", list.len());
    let b2b = list.iter().find(|s| s["id"] == "channels-b2b").unwrap();
    assert_eq!(b2b["theme"], "channels");
    assert!(
        b2b["condition_text"]
            .as_str()
            .unwrap()
            .contains("businesses"),
        "{b2b}"
    );
}

#[test]
fn browser_fills_the_questionnaire_switches_language_and_shares_the_result() {
    let dir = TempDir::new("advise-browser");
    let server = Server::start(&dir.0, &[]);
    let expected_en = titles(&advise_json(&dir.0, "en"));
    let expected_nl = titles(&advise_json(&dir.0, "nl"));

    let b = Browser::start();
    b.goto(&format!("{}/advice?lang=en", server.url));
    for id in [
        "q-stage-new",
        "q-physical_presence-one_shop",
        "q-customers-consumers",
        "q-customers-businesses",
        "q-markets-local",
        "q-markets-eu",
        "q-systems-none",
    ] {
        let el = b.find(&format!("#{id}"));
        b.click(&el);
    }
    let submit = b.find("form.questionnaire button[type=submit]");
    b.click(&submit);
    // Waits for the (next) page's advice to be there.
    let shown = |b: &Browser| -> Vec<String> {
        for _ in 0..100 {
            let found = b.find_all("article.advice h4");
            if !found.is_empty() {
                return found
                    .iter()
                    .map(|e| b.text(e).split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect();
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("no advice on {}", b.url());
    };
    let result_en = shown(&b);
    assert_eq!(
        result_en, expected_en,
        "the page shows the advice the CLI selects"
    );
    let shared_url = b.url();
    assert!(
        shared_url.contains("customers=businesses") && shared_url.contains("markets=eu"),
        "{shared_url}"
    );

    // Switch to Dutch: same advice, in Dutch.
    let nl = b.find("nav.lang-switch a[hreflang=nl]");
    b.click(&nl);
    assert_eq!(b.script("return document.documentElement.lang"), "nl");
    assert_eq!(shown(&b), expected_nl);

    // Someone else opens the shared URL and sees the same result.
    let other = Browser::start();
    other.goto(&shared_url);
    assert_eq!(shown(&other), expected_en);
    drop(other);
    drop(b);
    server.stop();
}

#[test]
fn the_public_page_can_be_switched_off() {
    let dir = TempDir::new("advise-off");
    std::fs::write(dir.0.join("etalage.toml"), "advisor_public = false\n").unwrap();
    let server = Server::start(&dir.0, &[]);
    let r = reqwest::blocking::get(format!("{}/advice?stage=new", server.url)).unwrap();
    assert_eq!(r.status().as_u16(), 404);
    server.stop();
    std::fs::write(dir.0.join("etalage.toml"), "advisor_public = true\n").unwrap();
    let server = Server::start(&dir.0, &[]);
    let r = reqwest::blocking::get(format!(
        "{}/advice?stage=new&lang=fr&format=json",
        server.url
    ))
    .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = r.json().unwrap();
    assert_eq!(v["lang"], "fr");
    assert!(v["sheets"].as_array().unwrap().len() > 50);
    server.stop();
}
