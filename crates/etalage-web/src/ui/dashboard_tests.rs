//! The dashboard driven in-process through the whole router, with the real
//! DuckDB store and a small data set whose figures are computed by hand:
//! top figures and their change, panels, filters, CSV, break-even,
//! realtime, access control and share links.
use super::http_tests::{app, App, Client};
use super::settings_tests::{add_site, admin, member};
use crate::auth::{hash_share_token, new_share_token};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use etalage_core::{Device, Event, GoalClass, GoalTrigger, Money, PagePattern, Visit};
use etalage_store::{CommerceStore, DuckDbStore, Site, Store};

fn event(
    site: &Site,
    visitor: u64,
    ts: DateTime<Utc>,
    name: &str,
    path: &str,
    source: &str,
) -> Event {
    Event {
        site_id: site.id,
        ts,
        visitor_id: visitor,
        visit_id: visitor,
        name: name.into(),
        hostname: site.domain.to_string(),
        pathname: path.into(),
        visit: Visit {
            source: source.into(),
            channel: if source == "Google" {
                "organic search"
            } else {
                "direct"
            }
            .into(),
            ..Visit::default()
        },
        device: Device::Mobile,
        browser: "Safari".into(),
        browser_version: "17".into(),
        os: "iOS".into(),
        os_version: "17".into(),
        country: Some(etalage_core::Country::parse("BE").unwrap()),
        props: Vec::new(),
        revenue: None,
        interactive: true,
    }
}

/// Five visits by five visitors:
///
/// | visitor | when        | source | events                       |
/// |---------|-------------|--------|------------------------------|
/// | 1       | 3 h ago     | Google | `/`, `/pricing`              |
/// | 2       | 2 h ago     | Direct | `/`, custom event `Signup`   |
/// | 3       | 1 day ago   | Google | `/contact/thanks`            |
/// | 4       | 40 days ago | Google | `/` (the previous period)    |
/// | 5       | 5 min ago   | Direct | `/`                          |
///
/// Last 30 days: 4 visitors, 4 visits, 5 pageviews, bounces 3 and 5 → 50 %.
/// Goals Signup (event) and Thanks (page, €40): 2 conversions, €40.
/// Previous 30 days: 1 visitor. Last 30 minutes: visitor 5.
fn seed(store: &DuckDbStore) -> Site {
    let site = add_site(store, "shop.example");
    let now = Utc::now();
    let events = vec![
        event(
            &site,
            1,
            now - Duration::hours(3),
            "pageview",
            "/",
            "Google",
        ),
        event(
            &site,
            1,
            now - Duration::hours(3) + Duration::seconds(60),
            "pageview",
            "/pricing",
            "Google",
        ),
        event(
            &site,
            2,
            now - Duration::hours(2),
            "pageview",
            "/",
            "Direct / None",
        ),
        event(
            &site,
            2,
            now - Duration::hours(2) + Duration::seconds(30),
            "Signup",
            "/",
            "Direct / None",
        ),
        event(
            &site,
            3,
            now - Duration::days(1),
            "pageview",
            "/contact/thanks",
            "Google",
        ),
        event(
            &site,
            4,
            now - Duration::days(40),
            "pageview",
            "/",
            "Google",
        ),
        event(
            &site,
            5,
            now - Duration::minutes(5),
            "pageview",
            "/",
            "Direct / None",
        ),
    ];
    store.insert_events(&events, None).unwrap();
    store
        .add_goal(
            site.id,
            "Signup",
            &GoalTrigger::Event("Signup".into()),
            GoalClass::Soft,
            None,
        )
        .unwrap();
    store
        .add_goal(
            site.id,
            "Thanks",
            &GoalTrigger::Page(PagePattern::parse("/contact/thanks").unwrap()),
            GoalClass::Hard,
            Some(Money::parse("40", "EUR").unwrap()),
        )
        .unwrap();
    site
}

/// The text of the figure card `id`'s value.
fn figure(body: &str, id: &str) -> String {
    let at = body
        .find(&format!(r#"id="figure-{id}""#))
        .unwrap_or_else(|| panic!("no figure {id}"));
    let rest = &body[at..];
    let v = rest.find(r#"class="value">"#).unwrap() + 14;
    rest[v..].split('<').next().unwrap().to_string()
}

async fn logged_in(app: &App) -> Client {
    admin(app).await
}

#[tokio::test(flavor = "multi_thread")]
async fn figures_panels_and_changes_match_the_hand_computed_data() {
    let (app, store) = app(true);
    let mut c = logged_in(&app).await;
    seed(&store);
    let r = c.get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = &r.body;
    assert_eq!(figure(b, "visitors"), "4");
    assert_eq!(figure(b, "visits"), "4");
    assert_eq!(figure(b, "pageviews"), "5");
    assert_eq!(figure(b, "views_per_visit"), "1.25");
    assert_eq!(figure(b, "bounce_rate"), "50.0%");
    assert_eq!(figure(b, "conversions"), "2");
    assert_eq!(figure(b, "goal_value"), "€40.00");
    // 4 visitors against 1 in the previous 30 days.
    assert!(b.contains("+300%"), "change against the previous period");
    // Panels: sources with their bounce rate; the row links filter.
    assert!(b.contains(r#"href="/?f=visit%3Asource%7CGoogle""#), "{b}");
    assert!(b.contains("Direct / None"));
    // Realtime: only visitor 5 is in the last 30 minutes.
    // One visitor, so the words are singular; the script gets both forms.
    assert!(
        b.contains(
            r#"<strong id="realtime-count">1</strong> <span id="realtime-label" data-one="visitor now (last 30 minutes)" data-other="visitors now (last 30 minutes)">visitor now (last 30 minutes)</span>"#
        ),
        "{b}"
    );
    // The chart's data and the vendored chart library.
    assert!(b.contains(r#"<script type="application/json" id="chart-data">"#));
    // Linked with a hash of its content, so an upgrade reaches cached browsers.
    let src = b
        .split(r#"<script src=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert_eq!(src, crate::ui::assets::UPLOT_JS.url());
    assert!(src.starts_with("/assets/vendor/uplot.js?v="), "{src}");
    let js = c.get(&app, src).await;
    assert!(js.body.contains("uPlot"));

    // Filtered on Google: visitors 1 and 3; bounce: visit 3 only.
    let f = c.get(&app, "/?f=visit%3Asource%7CGoogle").await;
    assert_eq!(figure(&f.body, "visitors"), "2");
    assert_eq!(figure(&f.body, "bounce_rate"), "50.0%");
    assert_eq!(figure(&f.body, "conversions"), "1", "Thanks only");
    assert!(f.body.contains("Source: Google"), "the filter chip");
    assert!(f
        .body
        .contains(r#"aria-label="Remove the filter Source: Google""#));

    // Same period last year: nothing, so no change figures but "new".
    let y = c.get(&app, "/?compare=year").await;
    assert!(y.body.contains(r#"<span class="change up">new</span>"#));

    // Realtime JSON.
    let rt = c.get(&app, "/dashboard/realtime?site=shop.example").await;
    assert_eq!(rt.body, r#"{"visitors":1}"#);
}

#[tokio::test(flavor = "multi_thread")]
async fn panels_export_csv_with_every_row() {
    let (app, store) = app(true);
    let mut c = logged_in(&app).await;
    seed(&store);
    let csv = c.get(&app, "/dashboard.csv?panel=sources").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.body,
        "visit:source,visitors,bounce_rate\nDirect / None,2,50\nGoogle,2,50\n"
    );
    let pages = c.get(&app, "/dashboard.csv?panel=pages").await;
    assert_eq!(
        pages.body,
        "event:page,visitors,pageviews\n/,3,3\n/contact/thanks,1,1\n/pricing,1,1\n"
    );
    let goals = c.get(&app, "/dashboard.csv?panel=goals").await;
    assert_eq!(
        goals.body,
        "event:goal,visitors,events,conversion_rate,goal_value,total_revenue\nSignup,1,1,25,0,0\nThanks,1,1,25,40,0\n"
    );
    let series = c.get(&app, "/dashboard.csv?panel=series&period=7d").await;
    let lines: Vec<&str> = series.body.lines().collect();
    assert_eq!(lines[0], "time:day,visitors");
    assert_eq!(lines.len(), 1 + 7, "{}", series.body);
    // Each of the four recent visitors is on exactly one of the 7 days.
    let total: f64 = lines[1..]
        .iter()
        .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(total, 4.0, "{}", series.body);
    assert_eq!(
        c.get(&app, "/dashboard.csv?panel=nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_break_even_helper_divides_cost_by_value() {
    let (app, store) = app(true);
    let mut c = logged_in(&app).await;
    seed(&store);
    c.accept_language = Some("nl-BE");
    let r = c.get(&app, "/?be_cost=1.000&be_goal=Thanks").await;
    assert!(
        r.body.contains("1.000,00\u{a0}€ ÷ 40,00\u{a0}€ = 25 conversies nodig. Deze periode telde er 1 (Thanks)."),
        "{}",
        &r.body[r.body.find("break-even").unwrap()..]
    );
    assert!(r.body.contains("Nog 24 conversies tekort"));
    let own = c
        .get(&app, "/?be_cost=100&be_goal=Signup&be_value=100")
        .await;
    assert!(own.body.contains("= 1 conversie nodig"));
    assert!(own.body.contains("de campagne verdient zichzelf terug"));
    let bad = c.get(&app, "/?be_cost=veel&be_goal=Thanks").await;
    assert!(bad
        .body
        .contains("Geef de kostprijs van de campagne als bedrag"));
    let no_value = c.get(&app, "/?be_cost=100&be_goal=Signup").await;
    assert!(no_value
        .body
        .contains("Geef een waarde per conversie boven nul"));
}

#[tokio::test(flavor = "multi_thread")]
async fn only_members_see_a_dashboard_and_share_links_open_it_read_only() {
    let (app, store) = app(true);
    let mut boss = logged_in(&app).await;
    let site = seed(&store);
    let other = add_site(&store, "other.example");
    let mut viewer = member(&app, &mut boss, &site, "viewer@shop.example", "viewer").await;
    let mut stranger = member(&app, &mut boss, &other, "stranger@other.example", "owner").await;

    assert_eq!(viewer.get(&app, "/").await.status, StatusCode::OK);
    let seen = viewer.get(&app, "/?site=shop.example").await;
    assert_eq!(figure(&seen.body, "visitors"), "4");
    for path in [
        "/?site=shop.example",
        "/dashboard.csv?site=shop.example&panel=pages",
    ] {
        assert_eq!(
            stranger.get(&app, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        stranger
            .get(&app, "/dashboard/realtime?site=shop.example")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mut nobody = Client::default();
    assert!(nobody.get(&app, "/").await.location.starts_with("/login"));
    assert_eq!(
        nobody.get(&app, "/dashboard.csv?panel=pages").await.status,
        StatusCode::SEE_OTHER
    );

    // A share link shows the same figures without an account, until revoked.
    let token = new_share_token();
    let link = store
        .add_share_link(site.id, &hash_share_token(&token), Some("press"), 1)
        .unwrap();
    let shared = nobody.get(&app, &format!("/share/{token}")).await;
    assert_eq!(shared.status, StatusCode::OK);
    assert_eq!(figure(&shared.body, "visitors"), "4");
    assert!(shared.body.contains(&format!(
        r#"href="/share/{token}?f=visit%3Asource%7CGoogle""#
    )));
    let csv = nobody
        .get(&app, &format!("/share/{token}/export.csv?panel=devices"))
        .await;
    assert_eq!(csv.body, "visit:device,visitors\nmobile,4\n");
    store.revoke_share_link(site.id, link.id).unwrap();
    assert_eq!(
        nobody.get(&app, &format!("/share/{token}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        nobody
            .get(&app, "/share/not-a-real-token-at-all")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Fifty days of 60 visitors from organic search and 40 typing the
/// address; yesterday only 5 came from search.
fn seed_drop(store: &DuckDbStore) -> Site {
    let site = add_site(store, "drop.example");
    let today = site.timezone.local_date(Utc::now());
    let mut events = Vec::new();
    let mut visitor = 0u64;
    for back in 1..=50 {
        let day = today - Duration::days(back);
        let noon = site.timezone.start_of_day(day) + Duration::hours(12);
        let organic = if back == 1 { 5 } else { 60 };
        for i in 0..(organic + 40) {
            visitor += 1;
            let source = if i < organic {
                "Google"
            } else {
                "Direct / None"
            };
            let mut e = event(
                &site,
                visitor,
                noon + Duration::seconds(i as i64),
                "pageview",
                "/",
                source,
            );
            e.visit.channel = if i < organic {
                "organic_search"
            } else {
                "direct"
            }
            .into();
            events.push(e);
        }
    }
    store.insert_events(&events, None).unwrap();
    site
}

/// `GET /api/v1/alerts?site_id=SITE` with an optional `Authorization`.
async fn alerts_api(
    app: &App,
    auth: Option<String>,
    site: &str,
) -> (StatusCode, serde_json::Value) {
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder().uri(format!("/api/v1/alerts?site_id={site}"));
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    let req = req.body(axum::body::Body::empty()).unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn alerts_reach_the_api_and_the_dashboard_in_the_users_language() {
    let (app, store) = app(true);
    let mut c = logged_in(&app).await;
    seed_drop(&store);
    let token = crate::new_token();
    store
        .add_api_key("test", &crate::hash_token(&token), &token[..8])
        .unwrap();

    assert_eq!(
        alerts_api(&app, None, "drop.example").await.0,
        StatusCode::UNAUTHORIZED
    );
    let bearer = Some(format!("Bearer {token}"));
    assert_eq!(
        alerts_api(&app, bearer.clone(), "nope.example").await.0,
        StatusCode::NOT_FOUND
    );
    let (status, body) = alerts_api(&app, bearer, "drop.example").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let alerts = body["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 2, "visitors and pageviews: {body}");
    let a = &alerts[0];
    assert_eq!(a["metric"], "visitors");
    assert_eq!(a["value"], 45.0);
    assert_eq!(a["usual"], 100.0);
    assert_eq!(a["change_percent"], -55.0);
    assert_eq!(a["cause"]["value"], "organic_search");
    assert_eq!(a["cause"]["share"], 1.0);
    assert_eq!(a["hint"], "search-ranking");
    assert!(a["message"]
        .as_str()
        .unwrap()
        .starts_with("visitors -55 % on "));

    // The dashboard shows the kept list, in Dutch.
    c.accept_language = Some("nl-BE");
    let page = c.get(&app, "/?site=drop.example").await;
    assert!(
        page.body.contains("Bezoekers -55\u{a0}% op "),
        "{}",
        &page.body[..page.body.len().min(3000)]
    );
    assert!(page
        .body
        .contains("100\u{a0}% van het verschil komt van Kanaal „Organisch zoeken”."));
    assert!(page
        .body
        .contains("Kijk je positie in de zoekresultaten na."));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shops_alerts_show_on_the_kpi_page() {
    use etalage_core::commerce::ReadOptions;
    let (app, store) = app(true);
    let mut c = logged_in(&app).await;
    let site = add_site(&store, "winkel.example");
    // Fifty days of 30 webshop orders a day; yesterday only 3.
    let today = site.timezone.local_date(Utc::now());
    let mut orders = Vec::new();
    for back in 1..=50 {
        let day = today - Duration::days(back);
        let noon = site.timezone.start_of_day(day) + Duration::hours(12);
        for i in 0..(if back == 1 { 3 } else { 30 }) {
            let at = (noon + Duration::minutes(i)).to_rfc3339();
            orders.push(
                etalage_core::Order::from_json(
                    &serde_json::json!({"order_id": format!("{back}-{i}"), "created_at": at,
                                        "currency": "EUR", "total": "10",
                                        "lines": [{"sku": "A", "quantity": 1, "unit_price": "10"}]}),
                    &ReadOptions::default(),
                )
                .unwrap(),
            );
        }
    }
    store.upsert_orders(site.id, &orders).unwrap();
    let token = crate::new_token();
    store
        .add_api_key("test", &crate::hash_token(&token), &token[..8])
        .unwrap();
    let (status, body) = alerts_api(&app, Some(format!("Bearer {token}")), "winkel.example").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let a = &body["alerts"][0];
    assert_eq!(
        (&a["metric"], &a["days"], &a["value"], &a["usual"]),
        (
            &serde_json::json!("orders"),
            &serde_json::json!(1),
            &serde_json::json!(3.0),
            &serde_json::json!(30.0)
        ),
        "{body}"
    );
    assert_eq!(a["hint"], "checkout");

    c.accept_language = Some("nl-BE");
    let page = c.get(&app, "/kpis?site=winkel.example").await;
    assert!(
        page.body.contains("Bestellingen -90\u{a0}% op "),
        "{}",
        &page.body[..page.body.len().min(4000)]
    );
    assert!(page
        .body
        .contains("100\u{a0}% van het verschil komt van Verkoopkanaal „Webshop”."));
    assert!(page.body.contains("Plaats een testbestelling"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_kpi_page_groups_the_figures_against_the_previous_period() {
    use etalage_core::commerce::ReadOptions;
    let (app, store) = app(true);
    let mut c = logged_in(&app).await;
    let site = add_site(&store, "shop.example");
    let orders: Vec<etalage_core::Order> = [
        serde_json::json!({"order_id": "1", "email": "an@x.example", "created_at": "2026-05-04T10:00:00Z", "currency": "EUR",
                           "total": "200", "lines": [{"sku": "A", "quantity": 4, "unit_price": "50"}]}),
        serde_json::json!({"order_id": "2", "email": "an@x.example", "created_at": "2026-05-18T10:00:00Z", "currency": "EUR",
                           "total": "100", "refunded": "20", "lines": [{"sku": "B", "quantity": 1, "unit_price": "100"}]}),
        serde_json::json!({"order_id": "0", "email": "bo@x.example", "created_at": "2026-04-10T10:00:00Z", "currency": "EUR",
                           "total": "50", "lines": [{"sku": "A", "quantity": 1, "unit_price": "50"}]}),
    ]
    .iter()
    .map(|v| etalage_core::Order::from_json(v, &ReadOptions::default()).unwrap())
    .collect();
    store.upsert_orders(site.id, &orders).unwrap();
    c.accept_language = Some("nl-BE");
    let page = c
        .get(&app, "/kpis?period=custom&from=2026-05-01&to=2026-05-31")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let b = &page.body;
    for group in [
        "Klantreis",
        "Financieel",
        "Klanten en retours",
        "Levering",
        "Voorraad",
    ] {
        assert!(b.contains(&format!("<h2>{group}</h2>")), "{group}");
    }
    // Revenue 280 against 50 in the 31 days before (+460 %), orders 2 vs 1.
    let row = |name: &str| {
        let start = b
            .find(&format!("<th scope=\"row\">{name}</th>"))
            .unwrap_or_else(|| panic!("no row {name}"));
        &b[start..start + b[start..].find("</tr>").unwrap()]
    };
    assert!(
        row("Omzet").ends_with("</svg></td><td class=\"num\">280,00\u{a0}€</td><td class=\"num\">50,00\u{a0}€</td><td class=\"num\"><span class=\"change good\">+460\u{a0}%</span></td>"),
        "{}", row("Omzet")
    );
    assert!(row("Bestellingen")
        .ends_with("</svg></td><td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\"><span class=\"change good\">+100\u{a0}%</span></td>"));
    assert!(
        row("Terugbetaald").contains("</svg></td><td class=\"num\">6,7\u{a0}%</td>"),
        "20 of 300"
    );
    // The trend is by day: 31 points 64/30 apart, €200 on 4 May at the top
    // (y 2) and €80 on 18 May at 80/200 of the 20 units of height (y 14).
    assert!(b.contains("<th scope=\"col\">Verloop per dag</th>"));
    let revenue = row("Omzet");
    assert!(
        revenue.contains("aria-label=\"Van 0,00\u{a0}€ naar 0,00\u{a0}€\""),
        "{revenue}"
    );
    assert!(revenue.contains(" 6.4,2.0 "), "{revenue}");
    assert!(revenue.contains(" 36.3,14.0 "), "{revenue}");
    let points = revenue
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(points.split(' ').count(), 31, "{points}");
    // Figures without a trend (stock) have an empty cell.
    assert!(row("Voorraadwaarde").contains("<td class=\"trend\"></td>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn customers_get_segments_and_only_consenting_addresses_leave() {
    use etalage_core::commerce::ReadOptions;
    let (app, store) = app(true);
    let mut c = logged_in(&app).await;
    let site = add_site(&store, "shop.example");
    // Twelve customers; the even ones order again a month later. Only
    // customer 0 agreed to marketing.
    let mut orders = Vec::new();
    for i in 0..12 {
        let email = format!("c{i}@x.example");
        orders.push(serde_json::json!({"order_id": format!("{i}a"), "email": email,
            "created_at": format!("2026-0{}-{:02}T10:00:00Z", 1 + i % 3, 1 + i), "currency": "EUR",
            "total": format!("{}", 20 + 10 * i), "lines": [{"sku": "A", "quantity": 1, "unit_price": format!("{}", 20 + 10 * i)}]}));
        if i % 2 == 0 {
            orders.push(serde_json::json!({"order_id": format!("{i}b"), "email": email,
                "created_at": format!("2026-0{}-{:02}T10:00:00Z", 4 + i % 3, 1 + i), "currency": "EUR",
                "total": "50", "lines": [{"sku": "B", "quantity": 1, "unit_price": "50"}]}));
        }
    }
    let orders: Vec<etalage_core::Order> = orders
        .iter()
        .map(|v| etalage_core::Order::from_json(v, &ReadOptions::default()).unwrap())
        .collect();
    store.upsert_orders(site.id, &orders).unwrap();
    let people: Vec<etalage_core::Customer> = (0..12)
        .map(|i| {
            etalage_core::Customer::from_json(
                &serde_json::json!({"email": format!("c{i}@x.example"), "marketing_consent": i == 0, "marketing_consent_at": "2026-01-01T00:00:00Z", "marketing_consent_source": "checkout"}),
                &ReadOptions::default(),
            )
            .unwrap()
        })
        .collect();
    store.upsert_customers(site.id, &people).unwrap();

    let page = c.get(&app, "/customers").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("12 customers with orders"),
        "{}",
        page.body
    );
    let rows = page.body.matches(r#"<tr id="segment-"#).count();
    assert!(rows >= 2, "{}", page.body);
    assert!(page.body.contains(r#"id="cohorts""#));

    // Whatever segment customer 0 is in, its CSV has its address and no other.
    let mut found = 0;
    for seg in [
        "champions",
        "loyal",
        "potential_loyalists",
        "new",
        "promising",
        "need_attention",
        "about_to_sleep",
        "at_risk",
        "cant_lose_them",
        "hibernating",
        "lost",
    ] {
        let csv = c.get(&app, &format!("/customers.csv?segment={seg}")).await;
        assert_eq!(csv.status, StatusCode::OK);
        let lines: Vec<&str> = csv.body.lines().collect();
        assert_eq!(lines[0], "email,segment,clv");
        for l in &lines[1..] {
            assert!(l.starts_with("c0@x.example,"), "{l}");
            found += 1;
        }
    }
    assert_eq!(found, 1, "the one consenting customer, once");
    assert_eq!(
        c.get(&app, "/customers.csv?segment=nope").await.status,
        StatusCode::NOT_FOUND
    );
}

/// A `multipart/form-data` body of text fields and one file.
fn multipart(fields: &[(&str, &str)], file: &str) -> (String, String) {
    let boundary = "etalage-test-boundary";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"spend.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    ));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &App,
    c: &Client,
    fields: &[(&str, &str)],
    file: &str,
) -> (StatusCode, String) {
    use tower::ServiceExt;
    let (kind, body) = multipart(fields, file);
    let jar: Vec<String> = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/import")
        .header("content-type", kind)
        .header("cookie", jar.join("; "))
        .header("accept-language", "en")
        .body(axum::body::Body::from(body))
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn owners_upload_shop_files_and_see_every_rejected_line() {
    let (app, store) = app(true);
    let mut boss = logged_in(&app).await;
    let site = add_site(&store, "shop.example");
    let mut viewer = member(&app, &mut boss, &site, "viewer@shop.example", "viewer").await;
    let page = boss.get(&app, "/import?site=shop.example").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page.csrf();
    let file = "date,channel,campaign,amount,currency\n2026-05-01,paid_search,spring,100,EUR\n2026-05-02,paid_search,spring,lots,EUR\n";
    let fields = [
        ("csrf", csrf.as_str()),
        ("site", "shop.example"),
        ("kind", "spend"),
    ];
    let (status, body) = upload(&app, &boss, &fields, file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("Imported 1, updated 0, unchanged 0, rejected 1."),
        "{body}"
    );
    assert!(body.contains("Line 3: amount"), "{body}");
    // The same file again: the good row is unchanged, the bad one rejected again.
    let (_, again) = upload(&app, &boss, &fields, file).await;
    assert!(
        again.contains("Imported 0, updated 0, unchanged 1, rejected 1."),
        "{again}"
    );
    // Without the CSRF token, or as a viewer: refused, nothing stored.
    let (status, _) = upload(
        &app,
        &boss,
        &[("site", "shop.example"), ("kind", "spend")],
        file,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.get(&app, "/import?site=shop.example").await.status,
        StatusCode::FORBIDDEN
    );
    let vcsrf = viewer.get(&app, "/").await.csrf();
    let (status, _) = upload(
        &app,
        &viewer,
        &[
            ("csrf", vcsrf.as_str()),
            ("site", "shop.example"),
            ("kind", "spend"),
        ],
        file,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(store.commerce_summary(site.id).unwrap().spend_rows, 1);
}
