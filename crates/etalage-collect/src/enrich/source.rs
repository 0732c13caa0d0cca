//! Where a visit came from: source name, referrer, UTM tags and channel.
//!
//! The rules are documented on [`classify_source`].

use serde::{Deserialize, Serialize};
use url::Url;

use super::referrers::{lookup_host, lookup_name, Known, ReferrerKind};

/// The source name of a visit with no tag and no outside referrer.
pub const DIRECT: &str = "Direct / None";

/// Marketing channel of a visit, after GA4's default channel grouping
/// (the rules are on [`classify_source`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Typed the address, used a bookmark, or came from a place that sends no referrer.
    Direct,
    /// Unpaid result of a search engine.
    OrganicSearch,
    /// Search-engine ad.
    PaidSearch,
    /// Unpaid link on a social network.
    OrganicSocial,
    /// Social-network ad.
    PaidSocial,
    /// A link in an e-mail or newsletter.
    Email,
    /// A link from an affiliate partner.
    Affiliates,
    /// Banner / display advertising.
    Display,
    /// Paid traffic that is not search, social or display.
    PaidOther,
    /// A link on another website.
    Referral,
}

impl Channel {
    /// The snake_case name, as stored and serialised (`organic_search`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Direct => "direct",
            Channel::OrganicSearch => "organic_search",
            Channel::PaidSearch => "paid_search",
            Channel::OrganicSocial => "organic_social",
            Channel::PaidSocial => "paid_social",
            Channel::Email => "email",
            Channel::Affiliates => "affiliates",
            Channel::Display => "display",
            Channel::PaidOther => "paid_other",
            Channel::Referral => "referral",
        }
    }

    /// The English label for reports ("Organic Search").
    pub fn label(self) -> &'static str {
        match self {
            Channel::Direct => "Direct",
            Channel::OrganicSearch => "Organic Search",
            Channel::PaidSearch => "Paid Search",
            Channel::OrganicSocial => "Organic Social",
            Channel::PaidSocial => "Paid Social",
            Channel::Email => "Email",
            Channel::Affiliates => "Affiliates",
            Channel::Display => "Display",
            Channel::PaidOther => "Paid Other",
            Channel::Referral => "Referral",
        }
    }
}

/// The five UTM tags of the page URL, as written (trimmed; empty ones are `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utm {
    /// `utm_source`: who sent the visitor ("newsletter", "google").
    pub source: Option<String>,
    /// `utm_medium`: the kind of link ("email", "cpc", "social").
    pub medium: Option<String>,
    /// `utm_campaign`: the campaign name.
    pub campaign: Option<String>,
    /// `utm_term`: the paid search keyword.
    pub term: Option<String>,
    /// `utm_content`: which link or ad variant.
    pub content: Option<String>,
}

/// Where a visit came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Display name of the source: "Google", "Facebook", a `utm_source`
    /// value, a referrer host, or [`DIRECT`].
    pub source: String,
    /// The outside referrer as host (without `www.`) and path, without query
    /// or fragment ("news.ycombinator.com/item"); `None` when there was none
    /// or it was the site itself.
    pub referrer: Option<String>,
    /// The marketing channel.
    pub channel: Channel,
    /// The UTM tags of the page URL.
    pub utm: Utm,
}

/// Classifies a visit from its page URL and `Referer` header.
///
/// # Source name
///
/// The first of these that is present names the source, as Plausible does:
/// `utm_source`, then `source`, then `ref` in the page URL's query, then the
/// `Referer` header's host. Known search engines, social networks and webmail
/// (the lists in `data/referrers/`) get their display name ("Google",
/// "Facebook", "Gmail"); other values are kept as written, other hosts lose a
/// leading `www.`. A referrer from the site itself (same host, ignoring
/// `www.`) is no referrer: navigating within the site is not a source. With
/// no source at all the answer is [`DIRECT`], "Direct / None".
///
/// # Channel
///
/// A smaller version of GA4's default channel grouping. The first rule that
/// holds wins; "medium" is `utm_medium` (lowercase), "kind" is the list the
/// source is on (or, when the source is not on any list, the referrer's; an
/// Ads click id counts as search):
///
/// | # | rule | channel |
/// |---|------|---------|
/// | 1 | medium is paid (`cpc`, `ppc`, `cpm`, `cpv`, `paid…`, `retargeting`), or a Google/Microsoft Ads click id (`gclid`, `gbraid`, `wbraid`, `msclkid`) is present, and kind is search | [`Channel::PaidSearch`] |
/// | 2 | medium is paid and kind is social | [`Channel::PaidSocial`] |
/// | 3 | medium is `display`, `banner`, `cpm`, `expandable` or `interstitial` | [`Channel::Display`] |
/// | 4 | medium is paid | [`Channel::PaidOther`] |
/// | 5 | medium is `email`, `e-mail`, `e_mail`, `newsletter`, or kind is email | [`Channel::Email`] |
/// | 6 | medium is `affiliate` or `affiliates` | [`Channel::Affiliates`] |
/// | 7 | kind is social, or medium is `social`, `social-network`, `social-media`, `sm` | [`Channel::OrganicSocial`] |
/// | 8 | kind is search, or medium is `organic` | [`Channel::OrganicSearch`] |
/// | 9 | there is a source (a tag or an outside referrer), or any other medium | [`Channel::Referral`] |
/// | 10 | otherwise | [`Channel::Direct`] |
///
/// # Example
///
/// ```
/// use etalage_collect::enrich::{classify_source, Channel};
/// use url::Url;
///
/// let page = Url::parse("https://shop.example/shoes?utm_source=newsletter&utm_medium=email").unwrap();
/// let s = classify_source(&page, None);
/// assert_eq!(s.source, "newsletter");
/// assert_eq!(s.channel, Channel::Email);
///
/// let s = classify_source(&page_without_tags(), Some("https://www.google.be/"));
/// assert_eq!((s.source.as_str(), s.channel), ("Google", Channel::OrganicSearch));
/// # fn page_without_tags() -> Url { Url::parse("https://shop.example/").unwrap() }
/// ```
pub fn classify_source(page: &Url, referrer: Option<&str>) -> Source {
    let mut utm = Utm::default();
    let (mut source_param, mut ref_param) = (None, None);
    let mut click_id: Option<Known> = None;
    for (key, value) in page.query_pairs() {
        let slot = match key.as_ref() {
            "utm_source" => &mut utm.source,
            "utm_medium" => &mut utm.medium,
            "utm_campaign" => &mut utm.campaign,
            "utm_term" => &mut utm.term,
            "utm_content" => &mut utm.content,
            "source" => &mut source_param,
            "ref" => &mut ref_param,
            "gclid" | "gbraid" | "wbraid" => {
                click_id = Some((ReferrerKind::Search, "Google"));
                continue;
            }
            "msclkid" => {
                click_id = Some((ReferrerKind::Search, "Bing"));
                continue;
            }
            _ => continue,
        };
        let value = value.trim();
        // The first non-empty value of a repeated parameter wins.
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value.to_owned());
        }
    }

    let outside = referrer.and_then(|r| outside_referrer(page, r));
    let referrer_known = outside.as_ref().and_then(|r| lookup_host(&r.host));

    let tag = utm
        .source
        .as_deref()
        .or(source_param.as_deref())
        .or(ref_param.as_deref());
    let (source, source_known) = match (tag, &outside, click_id) {
        (Some(tag), _, _) => match lookup_name(tag) {
            Some(known) => (known.1.to_owned(), Some(known)),
            None => (tag.to_owned(), None),
        },
        (None, Some(r), _) => match referrer_known {
            Some(known) => (known.1.to_owned(), Some(known)),
            None => (r.host.clone(), None),
        },
        (None, None, Some(known)) => (known.1.to_owned(), Some(known)),
        (None, None, None) => (DIRECT.to_owned(), None),
    };
    let kind = source_known.or(referrer_known).or(click_id).map(|k| k.0);
    let has_source = source != DIRECT;
    let medium = utm.medium.as_deref().map(str::to_ascii_lowercase);
    let channel = channel(medium.as_deref(), kind, click_id.is_some(), has_source);

    Source {
        source,
        referrer: outside.map(|r| r.display),
        channel,
        utm,
    }
}

/// An outside referrer: its lowercase host without `www.`, and host + path for display.
struct Outside {
    host: String,
    display: String,
}

/// Parses the `Referer` header; `None` if unusable or the site itself.
fn outside_referrer(page: &Url, referrer: &str) -> Option<Outside> {
    let url = Url::parse(referrer.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https" | "android-app") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    if host.is_empty() {
        return None;
    }
    let page_host = page.host_str().map(|h| h.strip_prefix("www.").unwrap_or(h));
    if page_host == Some(host.as_str()) {
        return None;
    }
    let path = url.path();
    let display = if path.is_empty() || path == "/" {
        host.clone()
    } else {
        format!("{host}{path}")
    };
    Some(Outside { host, display })
}

fn is_paid(medium: &str) -> bool {
    medium == "ppc"
        || medium == "retargeting"
        || medium.starts_with("paid")
        || medium.contains("cp") // cpc, cpm, cpv, cpa: GA4's `.*cp.*`
}

fn channel(
    medium: Option<&str>,
    kind: Option<ReferrerKind>,
    click_id: bool,
    has_source: bool,
) -> Channel {
    let m = medium.unwrap_or("");
    let paid = is_paid(m) || click_id;
    let search = kind == Some(ReferrerKind::Search);
    let social = kind == Some(ReferrerKind::Social);
    if paid && search {
        Channel::PaidSearch
    } else if paid && social {
        Channel::PaidSocial
    } else if matches!(
        m,
        "display" | "banner" | "cpm" | "expandable" | "interstitial"
    ) {
        Channel::Display
    } else if paid {
        Channel::PaidOther
    } else if matches!(m, "email" | "e-mail" | "e_mail" | "e mail" | "newsletter")
        || kind == Some(ReferrerKind::Email)
    {
        Channel::Email
    } else if matches!(m, "affiliate" | "affiliates") {
        Channel::Affiliates
    } else if social
        || matches!(
            m,
            "social" | "social-network" | "social-media" | "sm" | "social network" | "social media"
        )
    {
        Channel::OrganicSocial
    } else if search || m == "organic" {
        Channel::OrganicSearch
    } else if has_source || !m.is_empty() {
        Channel::Referral
    } else {
        Channel::Direct
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(page: &str, referrer: Option<&str>) -> Source {
        classify_source(&Url::parse(page).unwrap(), referrer)
    }

    #[test]
    fn no_referrer_is_direct() {
        let s = classify("https://shop.example/", None);
        assert_eq!(s.source, "Direct / None");
        assert_eq!(s.referrer, None);
        assert_eq!(s.channel, Channel::Direct);
        assert_eq!(s.utm, Utm::default());
    }

    #[test]
    fn self_referral_is_direct() {
        for r in [
            "https://shop.example/cart?x=1",
            "https://www.shop.example/",
            "http://SHOP.example/a",
        ] {
            let s = classify("https://shop.example/checkout", Some(r));
            assert_eq!(s.source, DIRECT, "{r}");
            assert_eq!(s.referrer, None, "{r}");
            assert_eq!(s.channel, Channel::Direct, "{r}");
        }
    }

    #[test]
    fn unusable_referrers_are_ignored() {
        for r in ["", "not a url", "about:blank", "file:///etc/passwd"] {
            let s = classify("https://shop.example/", Some(r));
            assert_eq!(
                (s.source.as_str(), s.channel),
                (DIRECT, Channel::Direct),
                "{r}"
            );
        }
    }

    #[test]
    fn search_engine_referrer() {
        let s = classify(
            "https://shop.example/",
            Some("https://www.google.co.uk/search?q=shoes"),
        );
        assert_eq!(s.source, "Google");
        assert_eq!(s.referrer.as_deref(), Some("google.co.uk/search"));
        assert_eq!(s.channel, Channel::OrganicSearch);
        for (r, name) in [
            ("https://www.bing.com/", "Bing"),
            ("https://duckduckgo.com/", "DuckDuckGo"),
            ("https://www.ecosia.org/search?q=x", "Ecosia"),
            ("https://www.qwant.com/?q=x", "Qwant"),
            ("https://yandex.ru/search/", "Yandex"),
            ("https://www.baidu.com/link?url=x", "Baidu"),
            ("https://www.startpage.com/", "Startpage"),
            ("https://search.brave.com/search?q=x", "Brave Search"),
            ("https://search.yahoo.com/", "Yahoo!"),
        ] {
            let s = classify("https://shop.example/", Some(r));
            assert_eq!(
                (s.source.as_str(), s.channel),
                (name, Channel::OrganicSearch),
                "{r}"
            );
        }
    }

    #[test]
    fn social_referrers() {
        for (r, name) in [
            ("https://l.facebook.com/", "Facebook"),
            ("https://www.instagram.com/", "Instagram"),
            ("https://www.linkedin.com/feed/", "LinkedIn"),
            ("https://t.co/abc123", "Twitter"),
            ("https://x.com/someone", "Twitter"),
            ("https://www.pinterest.fr/pin/1", "Pinterest"),
            ("https://www.tiktok.com/", "TikTok"),
            ("https://m.youtube.com/watch", "YouTube"),
            ("https://out.reddit.com/t3_x", "Reddit"),
            ("https://news.ycombinator.com/item", "Hacker News"),
        ] {
            let s = classify("https://shop.example/", Some(r));
            assert_eq!(
                (s.source.as_str(), s.channel),
                (name, Channel::OrganicSocial),
                "{r}"
            );
        }
    }

    #[test]
    fn webmail_referrers_are_email() {
        for (r, name) in [
            ("https://mail.google.com/", "Gmail"),
            ("https://outlook.live.com/mail/0/", "Outlook.com"),
            ("android-app://com.google.android.gm/", "Gmail"),
            ("https://mail.proton.me/u/0/inbox", "Proton Mail"),
        ] {
            let s = classify("https://shop.example/", Some(r));
            assert_eq!(
                (s.source.as_str(), s.channel),
                (name, Channel::Email),
                "{r}"
            );
        }
    }

    #[test]
    fn unknown_referrer_is_referral_named_by_host() {
        let s = classify(
            "https://shop.example/",
            Some("https://www.blog.example.org/post/1?utm=x#top"),
        );
        assert_eq!(s.source, "blog.example.org");
        assert_eq!(s.referrer.as_deref(), Some("blog.example.org/post/1"));
        assert_eq!(s.channel, Channel::Referral);
    }

    #[test]
    fn utm_source_wins_over_referrer() {
        let s = classify(
            "https://shop.example/?utm_source=partner-blog&utm_campaign=spring",
            Some("https://www.google.com/"),
        );
        assert_eq!(s.source, "partner-blog");
        assert_eq!(s.referrer.as_deref(), Some("google.com"));
        assert_eq!(s.utm.campaign.as_deref(), Some("spring"));
        // The tag is unknown, so the referrer's kind decides: search.
        assert_eq!(s.channel, Channel::OrganicSearch);
    }

    #[test]
    fn known_utm_sources_get_their_display_name() {
        for (tag, name, channel) in [
            ("fb", "Facebook", Channel::OrganicSocial),
            ("facebook", "Facebook", Channel::OrganicSocial),
            ("Google", "Google", Channel::OrganicSearch),
            ("linkedin.com", "LinkedIn", Channel::OrganicSocial),
        ] {
            let s = classify(&format!("https://shop.example/?utm_source={tag}"), None);
            assert_eq!((s.source.as_str(), s.channel), (name, channel), "{tag}");
            assert_eq!(s.utm.source.as_deref(), Some(tag), "raw value kept");
        }
    }

    #[test]
    fn ref_and_source_params_like_plausible() {
        let s = classify("https://shop.example/?ref=producthunt", None);
        assert_eq!(
            (s.source.as_str(), s.channel),
            ("producthunt", Channel::Referral)
        );
        let s = classify("https://shop.example/?source=podcast&ref=other", None);
        assert_eq!(s.source, "podcast");
        let s = classify("https://shop.example/?ref=x&source=y&utm_source=z", None);
        assert_eq!(s.source, "z");
    }

    #[test]
    fn all_five_utm_tags() {
        let s = classify(
            "https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=Winter%20Sale\
             &utm_term=red+shoes&utm_content=ad-b&utm_source=ignored",
            None,
        );
        assert_eq!(
            s.utm,
            Utm {
                source: Some("google".into()),
                medium: Some("cpc".into()),
                campaign: Some("Winter Sale".into()),
                term: Some("red shoes".into()),
                content: Some("ad-b".into()),
            }
        );
        assert_eq!(s.channel, Channel::PaidSearch);
    }

    #[test]
    fn empty_tags_are_none() {
        let s = classify("https://shop.example/?utm_source=&utm_medium=%20", None);
        assert_eq!(s.utm, Utm::default());
        assert_eq!(s.channel, Channel::Direct);
    }

    #[test]
    fn paid_mediums() {
        for (q, channel) in [
            ("utm_source=google&utm_medium=cpc", Channel::PaidSearch),
            ("utm_source=bing&utm_medium=ppc", Channel::PaidSearch),
            (
                "utm_source=facebook&utm_medium=paid_social",
                Channel::PaidSocial,
            ),
            ("utm_source=instagram&utm_medium=cpc", Channel::PaidSocial),
            ("utm_source=adnet&utm_medium=display", Channel::Display),
            ("utm_source=adnet&utm_medium=banner", Channel::Display),
            ("utm_source=adnet&utm_medium=cpc", Channel::PaidOther),
            ("utm_source=podcast&utm_medium=paid", Channel::PaidOther),
        ] {
            let s = classify(&format!("https://shop.example/?{q}"), None);
            assert_eq!(s.channel, channel, "{q}");
        }
    }

    #[test]
    fn ads_click_ids_are_paid_search() {
        let s = classify(
            "https://shop.example/?gclid=abc",
            Some("https://www.google.com/"),
        );
        assert_eq!(
            (s.source.as_str(), s.channel),
            ("Google", Channel::PaidSearch)
        );
        let s = classify("https://shop.example/?gclid=abc", None);
        assert_eq!(
            (s.source.as_str(), s.channel),
            ("Google", Channel::PaidSearch)
        );
        let s = classify("https://shop.example/?msclkid=abc", None);
        assert_eq!(
            (s.source.as_str(), s.channel),
            ("Bing", Channel::PaidSearch)
        );
    }

    #[test]
    fn email_mediums() {
        for medium in ["email", "E-mail", "newsletter"] {
            let s = classify(
                &format!("https://shop.example/?utm_source=spring-news&utm_medium={medium}"),
                None,
            );
            assert_eq!(s.channel, Channel::Email, "{medium}");
            assert_eq!(s.source, "spring-news");
        }
        // A medium alone still sets the channel; the source stays "Direct / None".
        let s = classify("https://shop.example/?utm_medium=email", None);
        assert_eq!((s.source.as_str(), s.channel), (DIRECT, Channel::Email));
    }

    #[test]
    fn affiliate_social_organic_and_referral_mediums() {
        for (q, channel) in [
            (
                "utm_source=partner&utm_medium=affiliate",
                Channel::Affiliates,
            ),
            (
                "utm_source=mastodon-post&utm_medium=social",
                Channel::OrganicSocial,
            ),
            (
                "utm_source=somewhere&utm_medium=organic",
                Channel::OrganicSearch,
            ),
            (
                "utm_source=somewhere&utm_medium=referral",
                Channel::Referral,
            ),
        ] {
            let s = classify(&format!("https://shop.example/?{q}"), None);
            assert_eq!(s.channel, channel, "{q}");
        }
    }

    #[test]
    fn channel_serialises_snake_case() {
        assert_eq!(
            serde_json::to_string(&Channel::OrganicSearch).unwrap(),
            "\"organic_search\""
        );
        assert_eq!(Channel::PaidSocial.as_str(), "paid_social");
        assert_eq!(Channel::PaidSocial.label(), "Paid Social");
    }
}
