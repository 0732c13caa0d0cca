//! Bot filter: drops crawlers, HTTP libraries, headless browsers, uptime
//! monitors and empty user agents before they are counted as visitors.
//!
//! The patterns live in `data/bots.txt` (see `data/README.md` for the format
//! and attribution) and are compiled once, on first use, into a single
//! case-insensitive [`RegexSet`]. Asking whether a user agent is a bot is one
//! pass of the set's DFA over the string; finding *which* line matched (for
//! the reason) is only done for user agents that are bots.

use std::sync::LazyLock;

use regex::{RegexSet, RegexSetBuilder};
use serde::Serialize;

/// The bot list, compiled into the binary.
const BOTS_TXT: &str = include_str!("../../../../data/bots.txt");

/// The family of software a bot pattern describes (a `[kind]` section of `data/bots.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BotKind {
    /// Search-engine crawlers, SEO tools, AI scrapers, feed readers, link previewers.
    Crawler,
    /// HTTP client libraries and command-line tools: curl, wget, python-requests, okhttp…
    HttpLibrary,
    /// Headless or automated browsers: HeadlessChrome, PhantomJS, Lighthouse, Puppeteer…
    Headless,
    /// Uptime and performance monitors: Pingdom, UptimeRobot, Site24x7…
    Monitoring,
}

impl BotKind {
    /// The section name used in `data/bots.txt`: `crawler`, `http-library`, `headless`, `monitoring`.
    pub fn as_str(self) -> &'static str {
        match self {
            BotKind::Crawler => "crawler",
            BotKind::HttpLibrary => "http-library",
            BotKind::Headless => "headless",
            BotKind::Monitoring => "monitoring",
        }
    }

    fn from_section(name: &str) -> Option<BotKind> {
        Some(match name {
            "crawler" => BotKind::Crawler,
            "http-library" => BotKind::HttpLibrary,
            "headless" => BotKind::Headless,
            "monitoring" => BotKind::Monitoring,
            _ => return None,
        })
    }
}

/// Why [`is_bot`] dropped a user agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BotReason {
    /// The `User-Agent` header was missing, blank or `-`; every browser sends one.
    EmptyUserAgent,
    /// A line of `data/bots.txt` matched.
    Pattern {
        /// The section the line is in.
        kind: BotKind,
        /// The line itself, as written in the file.
        pattern: &'static str,
    },
}

struct BotPatterns {
    set: RegexSet,
    /// Parallel to the set's patterns.
    lines: Vec<(BotKind, &'static str)>,
}

static PATTERNS: LazyLock<BotPatterns> = LazyLock::new(|| {
    let lines = parse_bot_list(BOTS_TXT).expect("data/bots.txt is checked by a unit test");
    let set = RegexSetBuilder::new(lines.iter().map(|(_, p)| *p))
        .case_insensitive(true)
        // The set is large; give the lazy DFA room so it is not rebuilt per call.
        .dfa_size_limit(32 << 20)
        .size_limit(64 << 20)
        .build()
        .expect("data/bots.txt patterns compile (checked by a unit test)");
    BotPatterns { set, lines }
});

/// Reads the bot list format: `#` comments, blank lines, `[kind]` sections,
/// and one pattern per line. Returns the error line (1-based) on a bad section.
fn parse_bot_list(text: &'static str) -> Result<Vec<(BotKind, &'static str)>, String> {
    let mut kind = None;
    let mut out = Vec::new();
    for (no, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if let Some(k) = BotKind::from_section(name) {
                kind = Some(k);
                continue;
            }
            // Not a known section: it may be a regex class such as "[ ]+bot".
        }
        let Some(kind) = kind else {
            return Err(format!(
                "data/bots.txt line {}: pattern before any [kind] section",
                no + 1
            ));
        };
        out.push((kind, line));
    }
    Ok(out)
}

/// Says whether a `User-Agent` header belongs to a bot, and why.
///
/// Returns `None` for what looks like a person's browser. Matching is
/// case-insensitive. The first call compiles the list (a few milliseconds);
/// later calls reuse it.
///
/// ```
/// use etalage_collect::enrich::{is_bot, BotKind, BotReason};
///
/// assert_eq!(is_bot(""), Some(BotReason::EmptyUserAgent));
/// assert!(matches!(
///     is_bot("curl/8.5.0"),
///     Some(BotReason::Pattern { kind: BotKind::HttpLibrary, .. })
/// ));
/// assert_eq!(
///     is_bot("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"),
///     None
/// );
/// ```
pub fn is_bot(user_agent: &str) -> Option<BotReason> {
    let ua = user_agent.trim();
    if ua.is_empty() || ua == "-" {
        return Some(BotReason::EmptyUserAgent);
    }
    let patterns = &*PATTERNS;
    if !patterns.set.is_match(ua) {
        return None;
    }
    let first = patterns.set.matches(ua).into_iter().next()?;
    let (kind, pattern) = patterns.lines[first];
    Some(BotReason::Pattern { kind, pattern })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(ua: &str) -> Option<BotKind> {
        match is_bot(ua) {
            Some(BotReason::Pattern { kind, .. }) => Some(kind),
            _ => None,
        }
    }

    #[test]
    fn the_list_parses_and_compiles() {
        let lines = parse_bot_list(BOTS_TXT).unwrap();
        assert!(lines.len() > 300, "{} patterns", lines.len());
        for kind in [
            BotKind::Crawler,
            BotKind::HttpLibrary,
            BotKind::Headless,
            BotKind::Monitoring,
        ] {
            assert!(lines.iter().any(|(k, _)| *k == kind), "{kind:?} is empty");
        }
        assert_eq!(PATTERNS.set.len(), lines.len());
    }

    #[test]
    fn a_pattern_before_a_section_is_reported_with_its_line() {
        let err = parse_bot_list("# c\n\ncurl\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn empty_user_agents() {
        for ua in ["", "  ", "-"] {
            assert_eq!(is_bot(ua), Some(BotReason::EmptyUserAgent), "{ua:?}");
        }
    }

    #[test]
    fn crawlers() {
        for ua in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
            "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
            "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
            "Twitterbot/1.0",
        ] {
            assert_eq!(kind_of(ua), Some(BotKind::Crawler), "{ua}");
        }
    }

    #[test]
    fn http_libraries() {
        for ua in [
            "curl/8.5.0",
            "Wget/1.21.4",
            "python-requests/2.31.0",
            "Go-http-client/1.1",
            "okhttp/4.12.0",
            "axios/1.6.2",
            "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
            "Python-urllib/3.11",
            "Java/17.0.9",
            "python-httpx/0.26.0",
        ] {
            assert_eq!(kind_of(ua), Some(BotKind::HttpLibrary), "{ua}");
        }
    }

    #[test]
    fn headless_browsers() {
        for ua in [
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
            "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Puppeteer",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Playwright/1.40",
        ] {
            assert_eq!(kind_of(ua), Some(BotKind::Headless), "{ua}");
        }
    }

    #[test]
    fn monitors() {
        for ua in [
            "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
            "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
            "Site24x7",
            "Mozilla/5.0 (compatible; StatusCake)",
        ] {
            // Pingdom's UA also says "bot"; monitoring comes first in the file.
            assert_eq!(kind_of(ua), Some(BotKind::Monitoring), "{ua}");
        }
    }

    #[test]
    fn the_reason_names_the_line() {
        assert_eq!(
            is_bot("curl/8.5.0"),
            Some(BotReason::Pattern {
                kind: BotKind::HttpLibrary,
                pattern: "^curl"
            })
        );
    }

    #[test]
    fn browsers_pass() {
        for ua in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 OPR/79.0.4195.76543",
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/119.3.1 like Chrome/119.0.6045.193 Safari/537.36",
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        ] {
            assert_eq!(is_bot(ua), None, "{ua}");
        }
    }

    #[test]
    fn matching_ignores_case() {
        assert!(is_bot("CURL/8.0").is_some());
        assert!(is_bot("mozilla/5.0 (compatible; GOOGLEBOT/2.1)").is_some());
    }
}
