//! The known-referrer lists (`data/referrers/*.txt`): which hosts are search
//! engines, social networks or webmail, and the name to show for each.
//!
//! The three files are compiled into the binary and parsed once. Lookups walk
//! the host's suffixes from the longest down, so the most specific key wins
//! across all lists (`mail.google.com` is Gmail, `google.com` is Google).

use std::collections::HashMap;
use std::sync::LazyLock;

const SEARCH_TXT: &str = include_str!("../../../../data/referrers/search.txt");
const SOCIAL_TXT: &str = include_str!("../../../../data/referrers/social.txt");
const EMAIL_TXT: &str = include_str!("../../../../data/referrers/email.txt");

/// Which list a known referrer is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReferrerKind {
    Search,
    Social,
    Email,
}

/// A known referrer: its list and its display name.
pub(crate) type Known = (ReferrerKind, &'static str);

#[derive(Default)]
struct Lists {
    /// `bing.com` → matches that host and its subdomains.
    suffixes: HashMap<&'static str, Known>,
    /// `google.*` → keyed by `google`; matches `google.<tld>` only.
    any_tld: HashMap<&'static str, Known>,
    /// Lowercase utm_source / ref aliases: dotless keys, display names,
    /// and the main label of every host key (`facebook` from `facebook.com`).
    names: HashMap<String, Known>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut lists = Lists::default();
    for (kind, file, text) in [
        (ReferrerKind::Search, "search.txt", SEARCH_TXT),
        (ReferrerKind::Social, "social.txt", SOCIAL_TXT),
        (ReferrerKind::Email, "email.txt", EMAIL_TXT),
    ] {
        for entry in parse_list(text) {
            let (key, name) =
                entry.unwrap_or_else(|e| panic!("data/referrers/{file}: {e} (unit-tested)"));
            lists.add(kind, key, name);
        }
    }
    lists
});

impl Lists {
    fn add(&mut self, kind: ReferrerKind, key: &'static str, name: &'static str) {
        let known = (kind, name);
        if let Some(label) = key.strip_suffix(".*") {
            self.any_tld.insert(label, known);
            self.alias(label, known);
        } else if key.contains('.') {
            self.suffixes.insert(key, known);
            // "facebook.com" → "facebook". Only for two-label hosts with a
            // distinctive label: "t" (t.co), "web" (web.de) or "live"
            // (outlook.live.com) would claim ordinary utm_source words.
            if let Some((label, _)) = key
                .split_once('.')
                .filter(|(l, rest)| l.len() >= 4 && !rest.contains('.'))
            {
                self.alias(label, known);
            }
        } else {
            self.alias(key, known);
        }
        self.alias(name, known);
    }

    /// First alias wins, so a file's explicit line beats a derived one
    /// only if it comes first; lists are small enough to keep that in mind.
    fn alias(&mut self, alias: &str, known: Known) {
        self.names
            .entry(alias.to_ascii_lowercase())
            .or_insert(known);
    }
}

/// Parses `key = Name` lines, skipping blanks and `#` comments.
/// Errors carry the 1-based line number.
fn parse_list(
    text: &'static str,
) -> impl Iterator<Item = Result<(&'static str, &'static str), String>> {
    text.lines().enumerate().filter_map(|(no, line)| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        Some(match line.split_once('=') {
            Some((key, name)) if !key.trim().is_empty() && !name.trim().is_empty() => {
                Ok((key.trim(), name.trim()))
            }
            _ => Err(format!(
                "line {}: expected `host-suffix = Name`, got {line:?}",
                no + 1
            )),
        })
    })
}

/// Second-level labels under which a country TLD sells names
/// (`google.co.uk`, `google.com.br`), for `name.*` keys.
const SECOND_LEVEL: &[&str] = &[
    "co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "gob",
];

/// Looks up a referrer host (lowercase, as [`url`] gives it) or an
/// `android-app://` package name.
pub(crate) fn lookup_host(host: &str) -> Option<Known> {
    let lists = &*LISTS;
    let mut suffix = host;
    loop {
        if let Some(known) = lists.suffixes.get(suffix) {
            return Some(*known);
        }
        match suffix.split_once('.') {
            Some((_, rest)) if !rest.is_empty() => suffix = rest,
            _ => break,
        }
    }
    // `name.*`: the host, less www. or m., must be exactly `name.tld` or `name.sld.tld`.
    let bare = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(host);
    let (label, tld) = bare.split_once('.')?;
    let tld_ok = match tld.split_once('.') {
        None => !tld.is_empty(),
        Some((sld, cc)) => SECOND_LEVEL.contains(&sld) && !cc.is_empty() && !cc.contains('.'),
    };
    if tld_ok {
        lists.any_tld.get(label).copied()
    } else {
        None
    }
}

/// Looks up a `utm_source` / `ref` value: a host (`facebook.com`), an alias
/// (`fb`), a main label (`google`) or a display name (`DuckDuckGo`), any case.
pub(crate) fn lookup_name(value: &str) -> Option<Known> {
    let lower = value.trim().to_ascii_lowercase();
    if lower.contains('.') {
        if let Some(known) = lookup_host(&lower) {
            return Some(known);
        }
    }
    LISTS.names.get(&lower).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_lists_parse() {
        for (file, text) in [
            ("search", SEARCH_TXT),
            ("social", SOCIAL_TXT),
            ("email", EMAIL_TXT),
        ] {
            let entries: Vec<_> = parse_list(text).collect::<Result<_, _>>().unwrap();
            assert!(entries.len() >= 20, "{file}: {}", entries.len());
        }
    }

    #[test]
    fn a_bad_line_is_reported_with_its_number() {
        let errs: Vec<_> = parse_list("# x\nok.com = Ok\nbroken line\n = Nameless\n")
            .filter_map(Result::err)
            .collect();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].starts_with("line 3:"), "{}", errs[0]);
        assert!(errs[1].starts_with("line 4:"), "{}", errs[1]);
    }

    #[test]
    fn suffixes_match_subdomains() {
        assert_eq!(
            lookup_host("l.facebook.com"),
            Some((ReferrerKind::Social, "Facebook"))
        );
        assert_eq!(lookup_host("t.co"), Some((ReferrerKind::Social, "Twitter")));
        assert_eq!(lookup_host("notfacebook.com"), None);
    }

    #[test]
    fn any_tld_keys() {
        for host in [
            "google.com",
            "www.google.be",
            "www.google.co.uk",
            "google.com.br",
        ] {
            assert_eq!(
                lookup_host(host),
                Some((ReferrerKind::Search, "Google")),
                "{host}"
            );
        }
        assert_eq!(lookup_host("docs.google.com"), None);
        assert_eq!(lookup_host("google.evil.com"), None);
    }

    #[test]
    fn most_specific_wins_across_lists() {
        assert_eq!(
            lookup_host("mail.google.com"),
            Some((ReferrerKind::Email, "Gmail"))
        );
        assert_eq!(
            lookup_host("search.yahoo.com"),
            Some((ReferrerKind::Search, "Yahoo!"))
        );
        assert_eq!(
            lookup_host("mail.yahoo.com"),
            Some((ReferrerKind::Email, "Yahoo! Mail"))
        );
    }

    #[test]
    fn names_and_aliases() {
        assert_eq!(lookup_name("fb"), Some((ReferrerKind::Social, "Facebook")));
        assert_eq!(
            lookup_name("Facebook"),
            Some((ReferrerKind::Social, "Facebook"))
        );
        assert_eq!(
            lookup_name("google"),
            Some((ReferrerKind::Search, "Google"))
        );
        assert_eq!(
            lookup_name("duckduckgo"),
            Some((ReferrerKind::Search, "DuckDuckGo"))
        );
        assert_eq!(
            lookup_name("newsletter.example"),
            None,
            "unknown hosts stay unknown"
        );
        assert_eq!(lookup_name("spring-sale"), None);
        assert_eq!(lookup_name("web"), None, "web.de gives no `web` alias");
        assert_eq!(lookup_name("live"), None);
    }
}
