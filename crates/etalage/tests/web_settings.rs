//! The site settings page in a real browser against the real server: the
//! small script shows the copy button, copies the snippet, and turns the
//! "waiting for the first event" notice green once an event arrives. (The
//! pages' rules are tested in-process in `etalage-web`'s `settings_tests`.)
mod common;
use common::webdriver::Browser;
use common::*;
use serde_json::{json, Value};

#[test]
fn the_snippet_copies_and_the_first_event_turns_the_notice_green() {
    let dir = TempDir::new("web-settings");
    etalage_ok(&dir.0, &["site", "add", "winkel.example"]);
    let server = Server::start(&dir.0, &[]);
    let b = Browser::start();

    // The first account, made the way a person makes it.
    b.set_up_owner(&server.url, "baas@winkel.example");

    // Dutch, the first language (the browser asks for English).
    b.goto(&format!("{}/settings/sites/1?lang=nl", server.url));
    let code = b.script("return document.getElementById('sn-code').value");
    let expected = format!(
        r#"<script defer data-domain="winkel.example" src="{}/js/script.js"></script>"#,
        server.url
    );
    assert_eq!(code, json!(expected));
    let notice = b.find("#first-event");
    assert!(b.text(&notice).starts_with("Nog geen gegevens"));

    // Without JavaScript the button would do nothing, so it starts hidden.
    let copy = b.find("button[data-copy='sn-code']");
    assert_eq!(
        b.script("return document.querySelector('button[data-copy]').hidden"),
        json!(false)
    );
    b.click(&copy);
    b.wait(
        "return document.querySelector('#snippet .copy-status').textContent === 'Gekopieerd.'",
        10,
    );

    // An event arrives through the collector; the page notices by itself.
    let sent = reqwest::blocking::Client::new()
        .post(format!("{}/api/event", server.url))
        .header("user-agent", CHROME_DESKTOP)
        .header("content-type", "text/plain")
        .body(json!({"name": "pageview", "url": "https://winkel.example/", "domain": "winkel.example"}).to_string())
        .send()
        .unwrap();
    assert_eq!(sent.status().as_u16(), 202, "{:?}", sent.text());
    b.wait(
        "return document.getElementById('first-event').classList.contains('notice-ok')",
        30,
    );
    assert!(
        b.text(&notice).starts_with("Het werkt"),
        "{}",
        b.text(&notice)
    );
    let state: Value = b.script(
        "return [document.getElementById('first-event').hasAttribute('data-waiting'),
                 document.getElementById('first-event').getAttribute('role')]",
    );
    assert_eq!(state, json!([false, "status"]));
    drop(b);
    server.stop();
}
