//! User agent → browser, operating system and device class.
//!
//! Parsing is done by [`woothee`]; this module only renames its results to the
//! names people know from Plausible's dashboard ("macOS", "GNU/Linux",
//! "Samsung Internet"…), trims versions to `major.minor` (enough to read a
//! trend, and it keeps the number of distinct values per day small) and adds
//! a tablet rule, because woothee files every tablet under "smartphone".

use serde::{Deserialize, Serialize};

/// The word used for every field we could not work out.
pub const UNKNOWN: &str = "Unknown";

pub use etalage_core::Device;

/// What a user agent string says about the visitor's software and device.
///
/// Every string field is [`UNKNOWN`] ("Unknown") when the user agent does not tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInfo {
    /// Browser name as people know it: "Chrome", "Firefox", "Safari", "Edge",
    /// "Samsung Internet", "Opera"…
    pub browser: String,
    /// Browser version, `major.minor` ("120.0").
    pub browser_version: String,
    /// Operating system: "Windows", "macOS", "iOS", "Android", "GNU/Linux", "Chrome OS"…
    pub os: String,
    /// Operating system version, `major.minor` where the UA has one ("10", "17.1", "14").
    pub os_version: String,
    /// Desktop, mobile or tablet.
    pub device: Device,
}

impl ClientInfo {
    fn unknown() -> ClientInfo {
        ClientInfo {
            browser: UNKNOWN.to_owned(),
            browser_version: UNKNOWN.to_owned(),
            os: UNKNOWN.to_owned(),
            os_version: UNKNOWN.to_owned(),
            device: Device::Desktop,
        }
    }
}

/// Parses a `User-Agent` header into browser, OS and device class.
///
/// Never fails: an empty or unrecognised user agent gives "Unknown" fields and
/// [`Device::Desktop`]. Run [`is_bot`](super::is_bot) first; this function
/// does not reject crawlers.
///
/// ```
/// use etalage_collect::enrich::{parse_user_agent, Device};
///
/// let ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 \
///           (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1";
/// let client = parse_user_agent(ua);
/// assert_eq!(client.browser, "Safari");
/// assert_eq!(client.browser_version, "17.1");
/// assert_eq!(client.os, "iOS");
/// assert_eq!(client.os_version, "17.1");
/// assert_eq!(client.device, Device::Mobile);
/// ```
pub fn parse_user_agent(user_agent: &str) -> ClientInfo {
    let ua = user_agent.trim();
    if ua.is_empty() {
        return ClientInfo::unknown();
    }
    let Some(parsed) = woothee::parser::Parser::new().parse(ua) else {
        return ClientInfo::unknown();
    };

    let (browser, browser_version) = browser_name(ua, parsed.name, parsed.version);
    let (os, os_version) = os_name(parsed.os, &parsed.os_version);
    ClientInfo {
        browser,
        browser_version,
        os,
        os_version,
        device: device_class(ua, parsed.category),
    }
}

/// Maps woothee's browser name to the display name, with a few browsers
/// woothee does not know, recognised first by their own token.
fn browser_name(ua: &str, name: &str, version: &str) -> (String, String) {
    // Browsers and in-app browsers that woothee reports as Chrome, Safari or
    // "Webview"; their own token is more specific, so look for it first.
    const OWN_TOKENS: &[(&str, &str)] = &[
        ("FBAV/", "Facebook"),
        ("Instagram ", "Instagram"),
        ("UCBrowser/", "UC Browser"),
        ("DuckDuckGo/", "DuckDuckGo"),
        ("Ddg/", "DuckDuckGo"),
        ("Silk/", "Silk"),
    ];
    for (token, display) in OWN_TOKENS {
        if let Some(v) = token_version(ua, token) {
            return ((*display).to_owned(), short_version(v));
        }
    }
    let display = match name {
        woothee::woothee::VALUE_UNKNOWN | "" => return (UNKNOWN.to_owned(), UNKNOWN.to_owned()),
        "SamsungBrowser" => "Samsung Internet",
        "Google Search App" => "Google App",
        // An Android WebView says "Version/4.0"; its engine version is Chrome's.
        "Webview" if ua.contains("Android") => {
            let v = token_version(ua, "Chrome/").unwrap_or(version);
            return ("Chrome Webview".to_owned(), short_version(v));
        }
        "Webview" => "Safari Webview",
        other => other,
    };
    (display.to_owned(), short_version(version))
}

/// The digits and dots right after `token`, if `token` is in `ua`.
fn token_version<'a>(ua: &'a str, token: &str) -> Option<&'a str> {
    let at = ua.find(token)?;
    let rest = &ua[at + token.len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Maps woothee's OS name (which for Windows carries the version) to the
/// display name and version.
fn os_name(os: &str, os_version: &str) -> (String, String) {
    if let Some(win) = os.strip_prefix("Windows ") {
        return match win {
            "UNKNOWN Ver" => ("Windows".to_owned(), UNKNOWN.to_owned()),
            "Phone OS" => ("Windows Phone".to_owned(), short_version(os_version)),
            "CE" => ("Windows CE".to_owned(), UNKNOWN.to_owned()),
            // "Windows 10" covers Windows 11 too: both send "Windows NT 10.0".
            version => ("Windows".to_owned(), version.to_owned()),
        };
    }
    let display = match os {
        woothee::woothee::VALUE_UNKNOWN | "" => return (UNKNOWN.to_owned(), UNKNOWN.to_owned()),
        "Mac OSX" => "macOS",
        "Mac OS Classic" => "Mac OS",
        "iPhone" | "iPad" | "iPod" | "iOS" => "iOS",
        "Linux" => "GNU/Linux",
        "ChromeOS" => "Chrome OS",
        other => other,
    };
    // woothee gives Chrome OS as "x86_64 14541.0.0": keep the version, not the CPU.
    let version = os_version.rsplit(' ').next().unwrap_or(os_version);
    (display.to_owned(), short_version(version))
}

/// Decides desktop / mobile / tablet. Tablets first, because woothee calls
/// them smartphones; then woothee's category.
fn device_class(ua: &str, category: &str) -> Device {
    let is_tablet = ua.contains("iPad")
        || ua.contains("Kindle")
        || ua.contains("Silk/")
        || ua.contains("PlayBook")
        // Android phones say "Mobile"; Android tablets do not.
        || (ua.contains("Android") && !ua.contains("Mobile"))
        // "(Tablet;" is Firefox on tablets; old Windows desktops say "Tablet PC".
        || (ua.contains("Tablet") && !ua.contains("Tablet PC"));
    if is_tablet {
        return Device::Tablet;
    }
    match category {
        "smartphone" | "mobilephone" => Device::Mobile,
        _ => Device::Desktop,
    }
}

/// Keeps the first two numeric components: "120.0.6099.109" → "120.0",
/// "17_1_2" → "17.1", "14" → "14"; nothing usable → "Unknown".
fn short_version(version: &str) -> String {
    let mut parts = version
        .split(['.', '_'])
        .take_while(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    match (parts.next(), parts.next()) {
        (Some(major), Some(minor)) => format!("{major}.{minor}"),
        (Some(major), None) => major.to_owned(),
        _ => UNKNOWN.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ua: &str, browser: &str, bv: &str, os: &str, osv: &str, device: Device) {
        let got = parse_user_agent(ua);
        let want = ClientInfo {
            browser: browser.into(),
            browser_version: bv.into(),
            os: os.into(),
            os_version: osv.into(),
            device,
        };
        assert_eq!(got, want, "for {ua}");
    }

    #[test]
    fn chrome_on_windows() {
        check(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36",
            "Chrome", "120.0", "Windows", "10", Device::Desktop,
        );
    }

    #[test]
    fn edge_on_windows() {
        check(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
            "Edge", "120.0", "Windows", "10", Device::Desktop,
        );
    }

    #[test]
    fn firefox_on_linux() {
        check(
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Firefox",
            "121.0",
            "GNU/Linux",
            "Unknown",
            Device::Desktop,
        );
    }

    #[test]
    fn safari_on_macos() {
        check(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
            "Safari", "17.2", "macOS", "10.15", Device::Desktop,
        );
    }

    #[test]
    fn opera_on_windows() {
        check(
            "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0",
            "Opera", "105.0", "Windows", "7", Device::Desktop,
        );
    }

    #[test]
    fn samsung_internet_on_android_phone() {
        check(
            "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
            "Samsung Internet", "23.0", "Android", "13", Device::Mobile,
        );
    }

    #[test]
    fn chrome_on_android_phone() {
        check(
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
            "Chrome", "120.0", "Android", "10", Device::Mobile,
        );
    }

    #[test]
    fn android_without_mobile_is_a_tablet() {
        check(
            "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Chrome", "120.0", "Android", "13", Device::Tablet,
        );
    }

    #[test]
    fn ipad_is_a_tablet_on_ios() {
        check(
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            "Safari", "16.6", "iOS", "16.6", Device::Tablet,
        );
    }

    #[test]
    fn kindle_silk_is_a_tablet() {
        let c = parse_user_agent(
            "Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/119.3.1 like Chrome/119.0.6045.193 Safari/537.36",
        );
        assert_eq!(c.browser, "Silk");
        assert_eq!(c.browser_version, "119.3");
        assert_eq!(c.device, Device::Tablet);
    }

    #[test]
    fn chrome_on_iphone() {
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
            "Chrome", "120.0", "iOS", "17.2", Device::Mobile,
        );
    }

    #[test]
    fn firefox_on_iphone() {
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15",
            "Firefox", "121.0", "iOS", "17.2", Device::Mobile,
        );
    }

    #[test]
    fn in_app_browsers_and_webviews() {
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/444.0.0.35.110;FBBV/546017418;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.2;FBSS/3;FBID/phone;FBLC/nl_NL;FBOP/5]",
            "Facebook", "444.0", "iOS", "17.2", Device::Mobile,
        );
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 311.0.2.16.109 (iPhone15,2; iOS 17_1_2; nl_BE; nl; scale=3.00; 1179x2556; 544340434)",
            "Instagram", "311.0", "iOS", "17.1", Device::Mobile,
        );
        check(
            "Mozilla/5.0 (Linux; Android 12; Pixel 6 Build/SQ3A.220705.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36",
            "Chrome Webview", "120.0", "Android", "12", Device::Mobile,
        );
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            "Safari Webview", "Unknown", "iOS", "16.6", Device::Mobile,
        );
    }

    #[test]
    fn other_browsers() {
        for (ua, browser, version) in [
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 YaBrowser/23.11.0.0 Safari/537.36", "Yandex Browser", "23.11"),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Vivaldi/6.5.3206.48", "Vivaldi", "6.5"),
            ("Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko", "Internet Explorer", "11.0"),
            ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 DuckDuckGo/5", "DuckDuckGo", "5"),
            ("Mozilla/5.0 (Linux; U; Android 11; en-US; RMX2185 Build/RP1A.200720.011) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.58 UCBrowser/13.4.0.1306 Mobile Safari/537.36", "UC Browser", "13.4"),
            ("Mozilla/5.0 (Linux; Android 10; HD1913) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36 EdgA/120.0.2210.115", "Edge", "120.0"),
            ("Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0", "Firefox", "121.0"),
        ] {
            let c = parse_user_agent(ua);
            assert_eq!((c.browser.as_str(), c.browser_version.as_str()), (browser, version), "{ua}");
        }
    }

    #[test]
    fn chrome_os() {
        let c = parse_user_agent(
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        );
        assert_eq!(c.browser, "Chrome");
        assert_eq!(c.os, "Chrome OS");
        assert_eq!(c.os_version, "14541.0");
        assert_eq!(c.device, Device::Desktop);
    }

    #[test]
    fn empty_and_garbage_are_unknown() {
        for ua in ["", "   ", "zzz"] {
            check(
                ua,
                "Unknown",
                "Unknown",
                "Unknown",
                "Unknown",
                Device::Desktop,
            );
        }
    }

    #[test]
    fn old_windows_tablet_pc_token_stays_desktop() {
        let c = parse_user_agent(
            "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; Tablet PC 2.0)",
        );
        assert_eq!(c.browser, "Internet Explorer");
        assert_eq!(c.os, "Windows");
        assert_eq!(c.os_version, "7");
        assert_eq!(c.device, Device::Desktop);
    }

    #[test]
    fn device_serialises_lowercase() {
        assert_eq!(
            serde_json::to_string(&Device::Tablet).unwrap(),
            "\"tablet\""
        );
        assert_eq!(Device::Mobile.as_str(), "mobile");
        assert_eq!(Device::Desktop.to_string(), "desktop");
    }

    #[test]
    fn short_version_cases() {
        assert_eq!(short_version("120.0.6099.109"), "120.0");
        assert_eq!(short_version("17_1_2"), "17.1");
        assert_eq!(short_version("14"), "14");
        assert_eq!(short_version("UNKNOWN"), "Unknown");
        assert_eq!(short_version(""), "Unknown");
    }
}
