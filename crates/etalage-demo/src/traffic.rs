//! Who visits and where they come from: sources, devices, browsers,
//! countries, landing pages and the walk through the shop.
use crate::calendar;
use crate::catalog::{products_in, Category, BLOG_POSTS, PRODUCTS};
use chrono::{Datelike, Duration, NaiveDate};
use etalage_core::{Country, Device, Visit};
use rand::Rng;

/// Picks an item with probability proportional to its weight.
pub(crate) fn pick<'a, T>(rng: &mut impl Rng, items: &'a [(T, f64)]) -> &'a T {
    let total: f64 = items.iter().map(|i| i.1).sum();
    let mut x = rng.random::<f64>() * total;
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1].0
}

/// Where a visit comes from. Each kind becomes one [`Visit`] shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceKind {
    OrganicGoogle,
    Bing,
    DuckDuckGo,
    Ecosia,
    PaidGoogle,
    Facebook,
    Instagram,
    PaidFacebook,
    PaidInstagram,
    Newsletter,
    Referral,
    Direct,
}

/// Weights of every source but the newsletter, whose 8 % is spread over
/// send days by [`calendar::newsletter_pull`]. Direct is set below its
/// 22 % target because returning visits add to it.
pub(crate) const SOURCE_SHARES: &[(SourceKind, f64)] = &[
    (SourceKind::OrganicGoogle, 36.0),
    (SourceKind::Bing, 1.5),
    (SourceKind::DuckDuckGo, 1.0),
    (SourceKind::Ecosia, 0.5),
    (SourceKind::PaidGoogle, 12.0),
    (SourceKind::Facebook, 5.5),
    (SourceKind::Instagram, 3.5),
    (SourceKind::PaidFacebook, 2.5),
    (SourceKind::PaidInstagram, 2.5),
    (SourceKind::Referral, 5.0),
    (SourceKind::Direct, 18.5),
];

/// The newsletter's average share of visits.
pub(crate) const NEWSLETTER_SHARE: f64 = 0.08;

/// Broad behaviour groups of sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Search,
    Paid,
    Social,
    PaidSocial,
    Email,
    Referral,
    Direct,
}

impl SourceKind {
    fn group(self) -> Group {
        match self {
            SourceKind::OrganicGoogle
            | SourceKind::Bing
            | SourceKind::DuckDuckGo
            | SourceKind::Ecosia => Group::Search,
            SourceKind::PaidGoogle => Group::Paid,
            SourceKind::Facebook | SourceKind::Instagram => Group::Social,
            SourceKind::PaidFacebook | SourceKind::PaidInstagram => Group::PaidSocial,
            SourceKind::Newsletter => Group::Email,
            SourceKind::Referral => Group::Referral,
            SourceKind::Direct => Group::Direct,
        }
    }

    /// How likely a visit from here is to buy, relative to organic search.
    pub(crate) fn buying_mood(self) -> f64 {
        match self.group() {
            Group::Search => 1.0,
            Group::Paid => 1.2,
            Group::Social => 0.5,
            Group::PaidSocial => 0.7,
            Group::Email => 1.4,
            Group::Referral => 0.9,
            Group::Direct => 1.3,
        }
    }
}

/// Facts of one day that every visit of the day shares.
pub(crate) struct DayFacts {
    pub day: NaiveDate,
    /// Share of the day's visits that come from the newsletter.
    pub newsletter_share: f64,
    /// `utm_campaign` of the latest newsletter.
    pub newsletter_campaign: String,
    /// Paid campaigns running.
    pub campaigns: &'static [(&'static str, f64)],
    /// Cumulative weights of the local hours.
    pub hour_weights: &'static [f64; 24],
    /// Buying likelihood of the day relative to an ordinary day.
    pub conversion_lift: f64,
    /// Extra weight of e-bikes among purchases (spring, Black Friday).
    pub ebike_lift: f64,
    chrome: u32,
    firefox: u32,
    samsung: u32,
}

impl DayFacts {
    pub(crate) fn new(day: NaiveDate, newsletter_share: f64) -> DayFacts {
        let since =
            |y, m, d| (day - NaiveDate::from_ymd_opt(y, m, d).expect("valid date")).num_days();
        // Chrome 124 and Firefox 125 came out on 16 April 2024; both ship a
        // major version every four weeks.
        let chrome = (124 + since(2024, 4, 16).div_euclid(28)).max(100) as u32;
        let firefox = (125 + since(2024, 4, 16).div_euclid(28)).max(100) as u32;
        let samsung = (25 + since(2024, 6, 1).div_euclid(120)).max(20) as u32;
        let mut sent = day;
        for back in 0..21 {
            let d = day - Duration::days(back);
            if calendar::is_newsletter_day(d) {
                sent = d;
                break;
            }
        }
        let bf = (day - calendar::black_friday(day.year())).num_days();
        let ebike_lift = if (3..=5).contains(&day.month()) {
            1.4
        } else if (-1..=3).contains(&bf) {
            1.3
        } else if matches!(day.month(), 1 | 2 | 11 | 12) {
            0.8
        } else {
            1.0
        };
        DayFacts {
            day,
            newsletter_share,
            newsletter_campaign: calendar::newsletter_campaign(sent),
            campaigns: calendar::paid_campaigns(day),
            hour_weights: calendar::hour_weights(day),
            conversion_lift: calendar::conversion_lift(day),
            ebike_lift,
            chrome,
            firefox,
            samsung,
        }
    }

    pub(crate) fn source(&self, rng: &mut impl Rng) -> SourceKind {
        if rng.random::<f64>() < self.newsletter_share {
            SourceKind::Newsletter
        } else {
            *pick(rng, SOURCE_SHARES)
        }
    }

    /// The local second of the day a visitor arrives.
    pub(crate) fn arrival_second(&self, rng: &mut impl Rng) -> u32 {
        let total: f64 = self.hour_weights.iter().sum();
        let mut x = rng.random::<f64>() * total;
        let mut hour = 23;
        for (h, w) in self.hour_weights.iter().enumerate() {
            if x < *w {
                hour = h as u32;
                break;
            }
            x -= w;
        }
        hour * 3600 + rng.random_range(0..3600)
    }

    /// iOS (and Safari) version on a date: 18 from September 2024, 26 from
    /// September 2025, a minor release about every six weeks.
    fn apple_version(date: NaiveDate) -> String {
        let after =
            |y, m, d| (date - NaiveDate::from_ymd_opt(y, m, d).expect("valid date")).num_days();
        let (major, minor) = if after(2025, 9, 15) >= 0 {
            (26, (after(2025, 9, 15) / 45).min(6))
        } else if after(2024, 9, 16) >= 0 {
            (18, (after(2024, 9, 16) / 45).min(7))
        } else {
            (17, 5)
        };
        format!("{major}.{minor}")
    }

    /// A device with a plausible browser and operating system.
    pub(crate) fn client(&self, rng: &mut impl Rng) -> Client {
        let device = *pick(
            rng,
            &[
                (Device::Mobile, 0.60),
                (Device::Desktop, 0.32),
                (Device::Tablet, 0.08),
            ],
        );
        // Most people run the latest release; some lag one or more behind.
        let lag = *pick(rng, &[(0u32, 0.72), (1, 0.18), (2, 0.07), (4, 0.03)]);
        let chrome = format!("{}.0", self.chrome - lag);
        let apple = Self::apple_version(self.day - Duration::days(i64::from(lag) * 50));
        fn android(rng: &mut impl Rng) -> String {
            (*pick(rng, &[("16", 0.15), ("15", 0.35), ("14", 0.3), ("13", 0.2)])).to_owned()
        }
        let (browser, browser_version, os, os_version) = match device {
            Device::Mobile | Device::Tablet => {
                let ios_share = if device == Device::Mobile { 0.48 } else { 0.62 };
                if rng.random::<f64>() < ios_share {
                    if rng.random::<f64>() < 0.87 {
                        ("Safari", apple.clone(), "iOS", apple)
                    } else {
                        ("Chrome", chrome, "iOS", apple)
                    }
                } else {
                    match *pick(rng, &[(0, 0.72), (1, 0.22), (2, 0.06)]) {
                        // Chrome's reduced user agent always says Android 10.
                        0 => ("Chrome", chrome, "Android", "10".to_owned()),
                        1 => (
                            "Samsung Internet",
                            format!("{}.0", self.samsung - lag.min(1)),
                            "Android",
                            android(rng),
                        ),
                        _ => (
                            "Firefox",
                            format!("{}.0", self.firefox - lag),
                            "Android",
                            android(rng),
                        ),
                    }
                }
            }
            Device::Desktop => match *pick(rng, &[(0, 0.66), (1, 0.29), (2, 0.05)]) {
                // Windows 11 sends "Windows NT 10.0" too; macOS freezes at 10.15.
                0 => match *pick(rng, &[(0, 0.60), (1, 0.30), (2, 0.10)]) {
                    0 => ("Chrome", chrome, "Windows", "10".to_owned()),
                    1 => ("Edge", chrome, "Windows", "10".to_owned()),
                    _ => (
                        "Firefox",
                        format!("{}.0", self.firefox - lag),
                        "Windows",
                        "10".to_owned(),
                    ),
                },
                1 => match *pick(rng, &[(0, 0.48), (1, 0.44), (2, 0.08)]) {
                    0 => ("Safari", apple, "macOS", "10.15".to_owned()),
                    1 => ("Chrome", chrome, "macOS", "10.15".to_owned()),
                    _ => (
                        "Firefox",
                        format!("{}.0", self.firefox - lag),
                        "macOS",
                        "10.15".to_owned(),
                    ),
                },
                _ => {
                    if rng.random::<f64>() < 0.55 {
                        (
                            "Firefox",
                            format!("{}.0", self.firefox - lag),
                            "GNU/Linux",
                            "Unknown".to_owned(),
                        )
                    } else {
                        ("Chrome", chrome, "GNU/Linux", "Unknown".to_owned())
                    }
                }
            },
        };
        Client {
            device,
            browser,
            browser_version,
            os,
            os_version,
        }
    }

    /// The acquisition of a visit from `kind`.
    pub(crate) fn visit(
        &self,
        rng: &mut impl Rng,
        kind: SourceKind,
        client: &Client,
        country: &str,
    ) -> Visit {
        let s = |v: &str| Some(v.to_owned());
        let mobile = client.device != Device::Desktop;
        let facebook = if mobile {
            "m.facebook.com"
        } else {
            "facebook.com"
        };
        let campaign = *pick(rng, self.campaigns);
        let social_campaign = if campaign == "brand" {
            "retargeting"
        } else {
            campaign
        };
        let v = |source: &str, channel: &str, referrer: Option<String>| Visit {
            source: source.to_owned(),
            channel: channel.to_owned(),
            referrer,
            ..Visit::default()
        };
        match kind {
            SourceKind::OrganicGoogle => {
                // What the collector shows: the referrer host without `www.`.
                let google = match country {
                    "NL" => *pick(rng, &[("google.nl", 0.7), ("google.com", 0.3)]),
                    "BE" => *pick(rng, &[("google.be", 0.35), ("google.com", 0.65)]),
                    "FR" => *pick(rng, &[("google.fr", 0.5), ("google.com", 0.5)]),
                    _ => "google.com",
                };
                v("Google", "organic_search", s(google))
            }
            SourceKind::Bing => v("Bing", "organic_search", s("bing.com")),
            SourceKind::DuckDuckGo => v("DuckDuckGo", "organic_search", s("duckduckgo.com")),
            SourceKind::Ecosia => v("Ecosia", "organic_search", s("ecosia.org")),
            SourceKind::PaidGoogle => {
                let terms: &[(&str, f64)] = match campaign {
                    "spring-ebikes" => &[
                        ("e-bike kopen", 0.5),
                        ("elektrische fiets", 0.3),
                        ("e-bike promotie", 0.2),
                    ],
                    "black-friday" => &[
                        ("black friday fiets", 0.5),
                        ("e-bike black friday", 0.3),
                        ("fietsslot korting", 0.2),
                    ],
                    _ => &[("fietsen.example", 0.6), ("fietsenwinkel", 0.4)],
                };
                Visit {
                    utm_source: s("google"),
                    utm_medium: s("cpc"),
                    utm_campaign: s(campaign),
                    utm_term: s(pick::<&str>(rng, terms)),
                    ..v("Google", "paid_search", s("google.com"))
                }
            }
            SourceKind::Facebook => v("Facebook", "organic_social", s(facebook)),
            SourceKind::Instagram => v("Instagram", "organic_social", s("l.instagram.com")),
            SourceKind::PaidFacebook => Visit {
                utm_source: s("facebook"),
                utm_medium: s("paid_social"),
                utm_campaign: s(social_campaign),
                ..v("Facebook", "paid_social", s(facebook))
            },
            SourceKind::PaidInstagram => Visit {
                utm_source: s("instagram"),
                utm_medium: s("paid_social"),
                utm_campaign: s(social_campaign),
                ..v("Instagram", "paid_social", s("l.instagram.com"))
            },
            SourceKind::Newsletter => Visit {
                utm_source: s("newsletter"),
                utm_medium: s("email"),
                utm_campaign: Some(self.newsletter_campaign.clone()),
                // The collector names a source by its utm_source as written.
                ..v("newsletter", "email", None)
            },
            SourceKind::Referral => {
                let (host, page) = *pick(
                    rng,
                    &[
                        (("fietsersbond.be", "fietsersbond.be/fietsroutes"), 0.4),
                        (("velo.example", "velo.example/reviews/e-bikes"), 0.3),
                        (
                            ("fietsforum.example", "fietsforum.example/forum/onderhoud"),
                            0.2,
                        ),
                        (("wielerkrant.example", "wielerkrant.example"), 0.1),
                    ],
                );
                v(host, "referral", s(page))
            }
            SourceKind::Direct => v("Direct / None", "direct", None),
        }
    }
}

/// The software a visitor uses.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub device: Device,
    pub browser: &'static str,
    pub browser_version: String,
    pub os: &'static str,
    pub os_version: String,
}

/// Countries of visitors, with their shares.
pub(crate) fn countries() -> Vec<(Country, f64)> {
    [
        ("BE", 62.0),
        ("NL", 28.0),
        ("FR", 4.0),
        ("DE", 3.0),
        ("LU", 2.0),
        ("GB", 0.3),
        ("US", 0.2),
        ("ES", 0.2),
        ("IT", 0.2),
        ("CH", 0.1),
    ]
    .iter()
    .map(|(c, w)| (Country::parse(c).expect("valid country code"), *w))
    .collect()
}

/// A page of the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    Home,
    Category(Category),
    Product(usize),
    Blog(usize),
    Cart,
    Checkout,
    ThankYou,
    Newsletter,
    Contact,
    ContactThanks,
    About,
}

impl Page {
    pub(crate) fn path(self) -> &'static str {
        match self {
            Page::Home => "/",
            Page::Category(c) => c.path(),
            Page::Product(i) => PRODUCTS[i].path,
            Page::Blog(i) => BLOG_POSTS[i],
            Page::Cart => "/winkelmandje",
            Page::Checkout => "/afrekenen",
            Page::ThankYou => "/bedankt",
            Page::Newsletter => "/nieuwsbrief",
            Page::Contact => "/contact",
            Page::ContactThanks => "/contact/bedankt",
            Page::About => "/over-ons",
        }
    }

    /// Mean seconds spent on the page before the next one.
    pub(crate) fn mean_dwell(self) -> f64 {
        match self {
            Page::Home => 25.0,
            Page::Category(_) => 40.0,
            Page::Product(_) => 65.0,
            Page::Blog(_) => 110.0,
            Page::Cart => 35.0,
            Page::Checkout => 140.0,
            Page::ThankYou => 20.0,
            Page::Newsletter => 30.0,
            Page::Contact => 70.0,
            Page::ContactThanks => 15.0,
            Page::About => 45.0,
        }
    }
}

/// Seconds on a page: exponential around its mean, between 2 s and 15 min
/// (so a visit never has a 30-minute gap).
pub(crate) fn dwell(rng: &mut impl Rng, page: Page) -> i64 {
    let u: f64 = rng.random();
    (-(1.0 - u).ln() * page.mean_dwell()).clamp(2.0, 900.0) as i64
}

/// Product choice by popularity, per category.
pub(crate) struct Shelf {
    by_category: Vec<Vec<(usize, f64)>>,
}

impl Shelf {
    pub(crate) fn new() -> Shelf {
        let by_category = Category::ALL
            .iter()
            .map(|&c| {
                products_in(c)
                    .map(|i| (i, PRODUCTS[i].popularity))
                    .collect()
            })
            .collect();
        Shelf { by_category }
    }

    pub(crate) fn product_in(&self, rng: &mut impl Rng, category: Category) -> usize {
        let i = Category::ALL
            .iter()
            .position(|&c| c == category)
            .expect("known category");
        *pick(rng, &self.by_category[i])
    }

    /// A product someone looks at: bikes are looked at far more than bought.
    pub(crate) fn viewed(&self, rng: &mut impl Rng) -> usize {
        let c = *pick(
            rng,
            &[
                (Category::EBikes, 0.25),
                (Category::Bikes, 0.24),
                (Category::Accessories, 0.20),
                (Category::Parts, 0.16),
                (Category::Clothing, 0.15),
            ],
        );
        self.product_in(rng, c)
    }

    /// A product someone buys.
    pub(crate) fn bought(&self, rng: &mut impl Rng, ebike_lift: f64) -> usize {
        let c = *pick(
            rng,
            &[
                (Category::Accessories, 0.40),
                (Category::Parts, 0.27),
                (Category::Clothing, 0.245),
                (Category::Bikes, 0.055),
                (Category::EBikes, 0.026 * ebike_lift),
            ],
        );
        self.product_in(rng, c)
    }

    /// A small extra item added to a basket.
    pub(crate) fn extra(&self, rng: &mut impl Rng) -> usize {
        let c = *pick(
            rng,
            &[
                (Category::Accessories, 0.45),
                (Category::Parts, 0.3),
                (Category::Clothing, 0.25),
            ],
        );
        self.product_in(rng, c)
    }

    fn category(rng: &mut impl Rng) -> Category {
        Category::ALL[rng.random_range(0..Category::ALL.len())]
    }

    /// The first page of a visit.
    pub(crate) fn landing(
        &self,
        rng: &mut impl Rng,
        kind: SourceKind,
        campaign: Option<&str>,
    ) -> Page {
        // 0 home, 1 category, 2 product, 3 blog, 4 about, 5 cart, 6 contact
        let weights: &[(u8, f64)] = match kind.group() {
            Group::Search => &[(0, 0.22), (1, 0.28), (2, 0.32), (3, 0.16), (4, 0.02)],
            Group::Paid => match campaign {
                Some("spring-ebikes") => {
                    return if rng.random::<f64>() < 0.6 {
                        Page::Category(Category::EBikes)
                    } else {
                        Page::Product(self.product_in(rng, Category::EBikes))
                    }
                }
                Some("black-friday") => &[(0, 0.5), (1, 0.5)],
                _ => &[(0, 0.85), (1, 0.15)],
            },
            Group::Social | Group::PaidSocial => &[(0, 0.15), (1, 0.15), (2, 0.4), (3, 0.3)],
            Group::Email => &[(0, 0.15), (1, 0.15), (2, 0.35), (3, 0.35)],
            Group::Referral => &[(0, 0.25), (1, 0.1), (2, 0.45), (3, 0.2)],
            Group::Direct => &[
                (0, 0.62),
                (1, 0.13),
                (2, 0.15),
                (3, 0.03),
                (5, 0.04),
                (6, 0.03),
            ],
        };
        match *pick(rng, weights) {
            0 => Page::Home,
            1 => Page::Category(Self::category(rng)),
            2 => Page::Product(self.viewed(rng)),
            3 => Page::Blog(rng.random_range(0..BLOG_POSTS.len())),
            4 => Page::About,
            5 => Page::Cart,
            _ => Page::Contact,
        }
    }

    /// Whether a visit that lands on `page` from `kind` leaves at once.
    pub(crate) fn bounce_probability(kind: SourceKind, page: Page) -> f64 {
        let base = match kind.group() {
            Group::Search => 0.44,
            Group::Paid => 0.46,
            Group::Social => 0.60,
            Group::PaidSocial => 0.62,
            Group::Email => 0.33,
            Group::Referral => 0.42,
            Group::Direct => 0.36,
        };
        match page {
            Page::Blog(_) => base + 0.12,
            Page::Cart => base - 0.2,
            _ => base,
        }
    }

    /// The next page of a browsing visitor.
    pub(crate) fn next(&self, rng: &mut impl Rng, from: Page) -> Page {
        let u: f64 = rng.random();
        match from {
            Page::Home => match u {
                u if u < 0.55 => Page::Category(Self::category(rng)),
                u if u < 0.80 => Page::Product(self.viewed(rng)),
                u if u < 0.88 => Page::Blog(rng.random_range(0..BLOG_POSTS.len())),
                u if u < 0.93 => Page::About,
                u if u < 0.97 => Page::Contact,
                _ => Page::Newsletter,
            },
            Page::Category(c) => match u {
                u if u < 0.70 => Page::Product(self.product_in(rng, c)),
                u if u < 0.85 => Page::Category(Self::category(rng)),
                u if u < 0.95 => Page::Home,
                _ => Page::Blog(rng.random_range(0..BLOG_POSTS.len())),
            },
            Page::Product(p) => match u {
                u if u < 0.27 => Page::Product(self.product_in(rng, PRODUCTS[p].category)),
                u if u < 0.45 => Page::Product(self.viewed(rng)),
                u if u < 0.80 => Page::Category(PRODUCTS[p].category),
                u if u < 0.90 => Page::Home,
                u if u < 0.95 => Page::Blog(rng.random_range(0..BLOG_POSTS.len())),
                _ => Page::Contact,
            },
            Page::Blog(_) => match u {
                u if u < 0.30 => Page::Blog(rng.random_range(0..BLOG_POSTS.len())),
                u if u < 0.70 => Page::Product(self.viewed(rng)),
                u if u < 0.85 => Page::Category(Self::category(rng)),
                _ => Page::Home,
            },
            _ => match u {
                u if u < 0.5 => Page::Home,
                u if u < 0.8 => Page::Category(Self::category(rng)),
                _ => Page::Product(self.viewed(rng)),
            },
        }
    }
}
