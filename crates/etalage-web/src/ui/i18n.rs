//! Languages of the web app: Fluent translations (`i18n/{nl,en,fr}/*.ftl`,
//! compiled into the binary), choosing the language of a request, and
//! formatting numbers, money, percentages and dates the way each language
//! writes them in Belgium.
use axum::http::HeaderMap;
use chrono::{Datelike, NaiveDate};
use etalage_core::Money;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

/// A language of the web app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Locale {
    /// Dutch (Belgium); the default.
    Nl,
    /// English.
    En,
    /// French (Belgium).
    Fr,
}

/// The value of a Fluent argument.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    /// Text, shown as given (names, dates, amounts already written out).
    Text(&'a str),
    /// A count: it chooses the plural form of the words around it.
    Count(u64),
}

/// One language's Fluent files, joined.
macro_rules! ftl {
    ($code:literal) => {
        concat!(
            include_str!(concat!("../../i18n/", $code, "/main.ftl")),
            "\n",
            include_str!(concat!("../../i18n/", $code, "/settings.ftl")),
            "\n",
            include_str!(concat!("../../i18n/", $code, "/dashboard.ftl")),
            "\n",
            include_str!(concat!("../../i18n/", $code, "/kpis.ftl")),
            "\n",
            include_str!(concat!("../../i18n/", $code, "/customers.ftl")),
        )
    };
}

/// The Fluent sources, in the order of [`Locale::ALL`].
/// Each language's files are joined: `main.ftl` (layout, accounts),
/// `settings.ftl` (site settings), `dashboard.ftl` (the dashboard),
/// `kpis.ftl` (the KPI page) and `customers.ftl` (the Customers page).
pub(crate) const SOURCES: [(Locale, &str); 3] = [
    (Locale::Nl, ftl!("nl")),
    (Locale::En, ftl!("en")),
    (Locale::Fr, ftl!("fr")),
];

impl Locale {
    /// Every language, the default first.
    pub(crate) const ALL: [Locale; 3] = [Locale::Nl, Locale::En, Locale::Fr];

    /// The language code used in URLs, cookies and `<html lang>`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Locale::Nl => "nl",
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    /// The language's own name (the same in every language, so a reader
    /// finds their language whatever the page is in).
    pub(crate) fn endonym(self) -> &'static str {
        match self {
            Locale::Nl => "Nederlands",
            Locale::En => "English",
            Locale::Fr => "Français",
        }
    }

    /// Reads a language tag such as `nl`, `nl-BE`, `fr_BE` or `EN-gb`.
    pub(crate) fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Locale::Nl),
            "en" => Some(Locale::En),
            "fr" => Some(Locale::Fr),
            _ => None,
        }
    }

    /// The best language for an `Accept-Language` header: the supported
    /// language with the highest `q`, earliest on ties.
    pub(crate) fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::from_tag(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, locale));
                }
            }
        }
        best.map(|(_, l)| l)
    }

    /// The language of a request: `?lang=`, then the `lang` cookie, then
    /// `Accept-Language`, then Dutch.
    pub(crate) fn negotiate(
        query_lang: Option<&str>,
        cookie_lang: Option<&str>,
        headers: &HeaderMap,
    ) -> Locale {
        query_lang
            .and_then(Locale::from_tag)
            .or_else(|| cookie_lang.and_then(Locale::from_tag))
            .or_else(|| {
                headers
                    .get(axum::http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Locale::from_accept_language)
            })
            .unwrap_or(Locale::Nl)
    }

    fn index(self) -> usize {
        match self {
            Locale::Nl => 0,
            Locale::En => 1,
            Locale::Fr => 2,
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: OnceLock<Vec<FluentBundle<FluentResource>>> = OnceLock::new();
        &BUNDLES.get_or_init(|| {
            SOURCES
                .iter()
                .map(|(locale, source)| {
                    let langid = locale.code().parse().expect("a valid language id");
                    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
                    // No Unicode isolation marks around arguments: they are
                    // invisible noise in HTML and in tests.
                    bundle.set_use_isolating(false);
                    bundle.set_formatter(Some(locale.number_formatter()));
                    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(
                        |(_, errors)| panic!("i18n/{}/*.ftl: {errors:?}", locale.code()),
                    );
                    bundle.add_resource(resource).unwrap_or_else(|errors| {
                        panic!("i18n/{}/*.ftl: {errors:?}", locale.code())
                    });
                    bundle
                })
                .collect()
        })[self.index()]
    }

    /// The translation of a message.
    pub(crate) fn t(self, key: &str) -> String {
        self.ta(key, &[])
    }

    /// The translation of a message with text arguments (`{ $name }` in
    /// Fluent), shown as given.
    pub(crate) fn ta(self, key: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg)> = args.iter().map(|&(n, v)| (n, Arg::Text(v))).collect();
        self.tc(key, &args)
    }

    /// The translation of a message whose arguments include counts: Fluent
    /// chooses the plural form by them (`{ $n -> [one] … *[other] … }`)
    /// and writes them as [`format_count`] does.
    pub(crate) fn tc(self, key: &str, args: &[(&str, Arg)]) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            // A test makes sure this cannot happen for keys in the source.
            tracing::error!(key, locale = self.code(), "missing translation");
            return key.to_string();
        };
        let mut fargs = FluentArgs::new();
        for &(name, value) in args {
            match value {
                Arg::Text(text) => fargs.set(name, FluentValue::from(text)),
                Arg::Count(n) => fargs.set(name, FluentValue::from(n)),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if !errors.is_empty() {
            tracing::error!(
                key,
                locale = self.code(),
                ?errors,
                "translation could not be formatted"
            );
        }
        text.into_owned()
    }

    /// How the language's bundle writes a Fluent number: whole counts
    /// grouped as [`format_count`] does (Fluent alone writes `12345`);
    /// anything else as Fluent writes it. (`M` is the bundle's memoizer,
    /// which this does not need.)
    fn number_formatter<M>(self) -> fn(&FluentValue, &M) -> Option<String> {
        fn count(value: &FluentValue, locale: Locale) -> Option<String> {
            match value {
                FluentValue::Number(n) if n.value >= 0.0 && n.value.fract() == 0.0 => {
                    Some(format_count(n.value as u64, locale))
                }
                _ => None,
            }
        }
        // A formatter is a plain function, so one per language.
        match self {
            Locale::Nl => |v, _| count(v, Locale::Nl),
            Locale::En => |v, _| count(v, Locale::En),
            Locale::Fr => |v, _| count(v, Locale::Fr),
        }
    }

    fn separators(self) -> (&'static str, &'static str) {
        // (thousands, decimal). French groups with a narrow no-break space
        // (U+202F), as CLDR has it, so figures never wrap.
        match self {
            Locale::Nl => (".", ","),
            Locale::En => (",", "."),
            Locale::Fr => ("\u{202f}", ","),
        }
    }
}

/// Inserts thousands separators into a string of digits.
fn group(digits: &str, sep: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// Joins sign, grouped integer part and decimals of an already rounded
/// plain number such as `-1234.50`.
fn localise_plain(plain: &str, locale: Locale) -> (bool, String) {
    let (thousands, decimal) = locale.separators();
    let (negative, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut out = group(int, thousands);
    if !frac.is_empty() {
        out.push_str(decimal);
        out.push_str(frac);
    }
    // "-0,00" reads oddly: a rounded zero has no sign.
    let negative = negative && out.chars().any(|c| c.is_ascii_digit() && c != '0');
    (negative, out)
}

/// A number with a fixed count of decimals: `1.234,56` (nl),
/// `1 234,56` (fr), `1,234.56` (en).
pub(crate) fn format_number(value: f64, decimals: usize, locale: Locale) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let (negative, body) = localise_plain(&format!("{value:.decimals$}"), locale);
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

/// A whole count: `12.345` (nl), `12 345` (fr), `12,345` (en).
pub(crate) fn format_count(value: u64, locale: Locale) -> String {
    group(&value.to_string(), locale.separators().0)
}

/// A share (0.423) as a percentage: `42,3 %` (nl, fr) or `42.3%` (en).
// For the dashboard pages; tested below.
#[allow(dead_code)]
pub(crate) fn format_percent(share: f64, decimals: usize, locale: Locale) -> String {
    let number = format_number(share * 100.0, decimals, locale);
    match locale {
        Locale::En => format!("{number}%"),
        Locale::Nl | Locale::Fr => format!("{number}\u{a0}%"),
    }
}

fn currency_symbol(code: &str) -> &str {
    match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    }
}

/// An amount of money with two decimals: `1.234,56 €` (nl-BE),
/// `1 234,56 €` (fr-BE), `€1,234.56` (en). The space before the symbol is
/// a no-break space.
// For the dashboard pages; tested below.
#[allow(dead_code)]
pub(crate) fn format_money(money: &Money, locale: Locale) -> String {
    // Banker's rounding (Decimal::round_dp), then two decimals shown.
    let (negative, body) = localise_plain(&format!("{:.2}", money.amount.round_dp(2)), locale);
    let sign = if negative { "-" } else { "" };
    let symbol = currency_symbol(money.currency.as_str());
    match locale {
        Locale::En if symbol.len() > 1 && symbol.is_ascii() => {
            format!("{sign}{symbol}\u{a0}{body}")
        }
        Locale::En => format!("{sign}{symbol}{body}"),
        Locale::Nl | Locale::Fr => format!("{sign}{body}\u{a0}{symbol}"),
    }
}

const MONTHS: [[&str; 12]; 3] = [
    [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
];

/// A date written out: `3 maart 2026`, `3 March 2026`, `3 mars 2026`
/// (`1er` for the first of the month in French).
pub(crate) fn format_date(date: NaiveDate, locale: Locale) -> String {
    let month = MONTHS[locale.index()][date.month0() as usize];
    let day = match (locale, date.day()) {
        (Locale::Fr, 1) => "1er".to_string(),
        (_, d) => d.to_string(),
    };
    format!("{day} {month} {}", date.year())
}

/// A short numeric date: `03/03/2026` in Belgium (nl, fr), `03/03/2026`
/// day-first in English too (the app's users are European).
// For the dashboard pages; tested below.
#[allow(dead_code)]
pub(crate) fn format_short_date(date: NaiveDate, _locale: Locale) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A time of day on the 24-hour clock: `14:05` (nl, en), `14 h 05` (fr).
pub(crate) fn format_time(time: chrono::NaiveTime, locale: Locale) -> String {
    match locale {
        Locale::Fr => time.format("%H\u{a0}h\u{a0}%M").to_string(),
        Locale::Nl | Locale::En => time.format("%H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use etalage_core::Currency;
    use std::collections::BTreeSet;

    fn eur(amount: &str) -> Money {
        Money::parse(amount, "EUR").unwrap()
    }

    #[test]
    fn money_is_written_per_locale() {
        assert_eq!(format_money(&eur("1234.56"), Locale::Nl), "1.234,56\u{a0}€");
        assert_eq!(
            format_money(&eur("1234.56"), Locale::Fr),
            "1\u{202f}234,56\u{a0}€"
        );
        assert_eq!(format_money(&eur("1234.56"), Locale::En), "€1,234.56");
        assert_eq!(format_money(&eur("40"), Locale::Nl), "40,00\u{a0}€");
        assert_eq!(
            format_money(&eur("-1000000.004"), Locale::En),
            "-€1,000,000.00"
        );
        assert_eq!(format_money(&eur("-0.001"), Locale::Nl), "0,00\u{a0}€");
        let usd = Money {
            amount: eur("12.5").amount,
            currency: Currency::parse("USD").unwrap(),
        };
        assert_eq!(format_money(&usd, Locale::En), "$12.50");
        let chf = Money {
            amount: eur("12.5").amount,
            currency: Currency::parse("CHF").unwrap(),
        };
        assert_eq!(format_money(&chf, Locale::En), "CHF\u{a0}12.50");
        assert_eq!(format_money(&chf, Locale::Fr), "12,50\u{a0}CHF");
    }

    #[test]
    fn numbers_counts_and_percentages_are_written_per_locale() {
        assert_eq!(format_number(1234.564, 2, Locale::Nl), "1.234,56");
        assert_eq!(format_number(1234.564, 2, Locale::Fr), "1\u{202f}234,56");
        assert_eq!(format_number(1234.564, 2, Locale::En), "1,234.56");
        assert_eq!(format_number(-999.5, 0, Locale::En), "-1,000");
        assert_eq!(format_number(12.0, 1, Locale::Nl), "12,0");
        assert_eq!(format_number(f64::NAN, 1, Locale::Nl), "–");
        assert_eq!(format_count(0, Locale::Nl), "0");
        assert_eq!(format_count(999, Locale::Nl), "999");
        assert_eq!(format_count(1_000, Locale::Nl), "1.000");
        assert_eq!(format_count(1_234_567, Locale::En), "1,234,567");
        assert_eq!(format_count(12_345, Locale::Fr), "12\u{202f}345");
        assert_eq!(format_percent(0.4234, 1, Locale::Nl), "42,3\u{a0}%");
        assert_eq!(format_percent(0.4234, 1, Locale::En), "42.3%");
    }

    #[test]
    fn dates_and_times_are_written_per_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(format_date(d, Locale::Nl), "1 maart 2026");
        assert_eq!(format_date(d, Locale::En), "1 March 2026");
        assert_eq!(format_date(d, Locale::Fr), "1er mars 2026");
        assert_eq!(
            format_date(NaiveDate::from_ymd_opt(2026, 8, 15).unwrap(), Locale::Fr),
            "15 août 2026"
        );
        assert_eq!(format_short_date(d, Locale::Nl), "01/03/2026");
        let t = chrono::NaiveTime::from_hms_opt(14, 5, 0).unwrap();
        assert_eq!(format_time(t, Locale::Nl), "14:05");
        assert_eq!(format_time(t, Locale::Fr), "14\u{a0}h\u{a0}05");
    }

    #[test]
    fn the_language_comes_from_query_cookie_header_or_defaults_to_dutch() {
        let mut h = HeaderMap::new();
        assert_eq!(Locale::negotiate(None, None, &h), Locale::Nl);
        h.insert(
            "accept-language",
            "fr-BE,fr;q=0.9,en;q=0.8".parse().unwrap(),
        );
        assert_eq!(Locale::negotiate(None, None, &h), Locale::Fr);
        assert_eq!(Locale::negotiate(None, Some("en"), &h), Locale::En);
        assert_eq!(Locale::negotiate(Some("nl"), Some("en"), &h), Locale::Nl);
        assert_eq!(Locale::negotiate(Some("xx"), None, &h), Locale::Fr);
        assert_eq!(Locale::from_accept_language("nl-BE"), Some(Locale::Nl));
        assert_eq!(
            Locale::from_accept_language("de-DE, en;q=0.5, fr;q=0.7"),
            Some(Locale::Fr)
        );
        assert_eq!(Locale::from_accept_language("de-DE, *;q=0.5"), None);
        assert_eq!(
            Locale::from_accept_language("en;q=0, nl;q=0.1"),
            Some(Locale::Nl)
        );
    }

    #[test]
    fn a_count_chooses_the_singular_or_the_plural_in_every_language() {
        let intro = |l: Locale, n: u64| {
            let text = l.tc(
                "customers-intro",
                &[("customers", Arg::Count(n)), ("margin", Arg::Text("40 %"))],
            );
            text.split('.').next().unwrap_or_default().to_string()
        };
        assert_eq!(intro(Locale::Nl, 1), "1 klant met bestellingen");
        assert_eq!(intro(Locale::Nl, 2), "2 klanten met bestellingen");
        assert_eq!(intro(Locale::En, 1), "1 customer with orders");
        assert_eq!(intro(Locale::En, 2), "2 customers with orders");
        assert_eq!(intro(Locale::Fr, 1), "1 client avec des commandes");
        assert_eq!(intro(Locale::Fr, 2), "2 clients avec des commandes");
        // French counts zero as singular, English and Dutch as plural.
        assert_eq!(intro(Locale::Fr, 0), "0 client avec des commandes");
        assert_eq!(intro(Locale::En, 0), "0 customers with orders");

        let locked = |l: Locale, minutes: u64| {
            l.tc(
                "login-locked",
                &[
                    ("minutes", Arg::Count(minutes)),
                    ("time", Arg::Text("14:05")),
                ],
            )
        };
        assert_eq!(
            locked(Locale::Nl, 1),
            "Te veel mislukte pogingen. Probeer het opnieuw over 1 minuut (na 14:05 UTC)."
        );
        assert_eq!(
            locked(Locale::Nl, 2),
            "Te veel mislukte pogingen. Probeer het opnieuw over 2 minuten (na 14:05 UTC)."
        );
        assert_eq!(
            locked(Locale::En, 1),
            "Too many failed attempts. Try again in 1 minute (after 14:05 UTC)."
        );
        assert_eq!(
            locked(Locale::En, 2),
            "Too many failed attempts. Try again in 2 minutes (after 14:05 UTC)."
        );
        assert_eq!(
            locked(Locale::Fr, 1),
            "Trop de tentatives échouées. Réessayez dans 1 minute (après 14:05 UTC)."
        );
        assert_eq!(
            locked(Locale::Fr, 2),
            "Trop de tentatives échouées. Réessayez dans 2 minutes (après 14:05 UTC)."
        );

        // Each of an import's four counts agrees with its own words.
        let report = |imported, updated, unchanged, rejected| {
            Locale::Fr.tc(
                "import-report",
                &[
                    ("imported", Arg::Count(imported)),
                    ("updated", Arg::Count(updated)),
                    ("unchanged", Arg::Count(unchanged)),
                    ("rejected", Arg::Count(rejected)),
                ],
            )
        };
        assert_eq!(
            report(1, 0, 2, 3),
            "1 ligne importée, 0 mise à jour, 2 inchangées, 3 refusées. Chaque ligne correcte est conservée."
        );
        assert_eq!(
            report(2, 5, 1, 0),
            "2 lignes importées, 5 mises à jour, 1 inchangée, 0 refusée. Chaque ligne correcte est conservée."
        );
    }

    #[test]
    fn counts_in_messages_are_grouped_per_locale() {
        let short = |l: Locale| {
            l.tc(
                "dashboard-break-even-short",
                &[("missing", Arg::Count(12_345))],
            )
        };
        assert_eq!(
            short(Locale::Nl),
            "Nog 12.345 conversies tekort om break-even te draaien."
        );
        assert_eq!(short(Locale::En), "12,345 conversions short of break-even.");
        assert_eq!(
            short(Locale::Fr),
            "Il manque 12\u{202f}345 conversions pour atteindre le seuil de rentabilité."
        );
    }

    fn message_ids(source: &str) -> BTreeSet<String> {
        let resource = fluent_syntax::parser::parse(source).expect("the .ftl file parses");
        resource
            .body
            .iter()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_has_the_same_messages() {
        let (_, nl) = SOURCES[0];
        let reference = message_ids(nl);
        assert!(reference.len() > 20);
        for (locale, source) in SOURCES {
            let ids = message_ids(source);
            let missing: Vec<_> = reference.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&reference).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "i18n/{}/*.ftl differ from i18n/nl/*.ftl: missing {missing:?}, only here {extra:?}",
                locale.code()
            );
            // Every message also formats without error in its bundle.
            for id in &ids {
                assert_ne!(locale.t(id), *id, "{id} in {}", locale.code());
            }
        }
    }

    /// Every `t("…")` / `ta("…"` key written in the web app's source.
    /// Messages (of any language) whose wording depends on a variable's
    /// plural category (`{ $n -> [one] … *[other] … }`).
    fn messages_with_plurals() -> BTreeSet<String> {
        use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
        fn selects(pattern: &Pattern<&str>) -> bool {
            pattern.elements.iter().any(|e| match e {
                PatternElement::Placeable {
                    expression: Expression::Select { selector, variants },
                } => {
                    matches!(selector, InlineExpression::VariableReference { .. })
                        || variants.iter().any(|v| selects(&v.value))
                }
                _ => false,
            })
        }
        let mut ids = BTreeSet::new();
        for (_, source) in SOURCES {
            let resource = fluent_syntax::parser::parse(source).expect("the .ftl file parses");
            for entry in &resource.body {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    if m.value.as_ref().is_some_and(selects) {
                        ids.insert(m.id.name.to_string());
                    }
                }
            }
        }
        ids
    }

    /// A count given as text selects no plural form (Fluent falls back to
    /// `*[other]`), so "1 visitors" would go unnoticed: messages with
    /// plural forms are formatted with `tc` and `Arg::Count` only.
    #[test]
    fn messages_with_plural_forms_are_given_counts() {
        let plural = messages_with_plurals();
        assert!(plural.contains("dashboard-realtime"), "{plural:?}");
        let mut checked = 0;
        for (file, source) in super::super::SOURCE_FILES {
            let code = source.split("#[cfg(test)]").next().unwrap_or(source);
            for marker in [".t(\"", ".ta(\""] {
                for key in keys_passed_to(code, &[marker]) {
                    checked += 1;
                    assert!(
                        !plural.contains(&key),
                        "src/ui/{file} formats {key:?} with {marker}…\"), but its wording \
                         depends on a count: use `tc` with `Arg::Count`"
                    );
                }
            }
        }
        assert!(checked > 20, "the scanner found only {checked} calls");
    }

    pub(crate) fn keys_used_in(source: &str) -> Vec<String> {
        keys_passed_to(source, &[".t(\"", ".ta(\"", ".tc(\"", "tk(\""])
    }

    /// The keys in `source` written right after one of `markers` (a call
    /// such as `.ta("`), marker by marker.
    fn keys_passed_to(source: &str, markers: &[&str]) -> Vec<String> {
        let mut keys = Vec::new();
        for marker in markers {
            let mut rest = source;
            while let Some(at) = rest.find(marker) {
                rest = &rest[at + marker.len()..];
                if let Some(end) = rest.find('"') {
                    keys.push(rest[..end].to_string());
                }
            }
        }
        keys
    }

    /// Every string literal shaped like a message id (`error-store`,
    /// `role-owner`) that is not an HTML attribute value (`class="…"`).
    pub(crate) fn key_like_literals(source: &str) -> Vec<String> {
        const PREFIXES: [&str; 21] = [
            "alert",
            "layout",
            "kpi",
            "import",
            "nav",
            "form",
            "field",
            "error",
            "setup",
            "login",
            "dashboard",
            "kpis",
            "customers",
            "settings",
            "role",
            "invite",
            "site",
            "snippet",
            "goal",
            "apikey",
            "share",
        ];
        let parts: Vec<&str> = source.split('"').collect();
        let mut keys = Vec::new();
        for i in 1..parts.len() {
            if parts[i - 1].ends_with('=') {
                continue;
            }
            let s = parts[i];
            let key_like = s.split_once('-').is_some_and(|(prefix, rest)| {
                PREFIXES.contains(&prefix)
                    && !rest.is_empty()
                    && rest
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            });
            if key_like {
                keys.push(s.to_string());
            }
        }
        keys
    }

    #[test]
    fn every_key_the_templates_use_is_defined() {
        let defined = message_ids(SOURCES[0].1);
        let mut used = 0;
        for (file, source) in super::super::SOURCE_FILES {
            // Skip each file's tests: they may name keys on purpose.
            let code = source.split("#[cfg(test)]").next().unwrap_or(source);
            for key in keys_used_in(code)
                .into_iter()
                .chain(key_like_literals(code))
            {
                used += 1;
                assert!(
                    defined.contains(&key),
                    "src/ui/{file} uses the key {key:?}, which no .ftl defines"
                );
            }
        }
        assert!(used > 20, "the key scanner found only {used} keys");
        assert_eq!(
            keys_used_in(r#"l.t("a-b") + &l.ta("c", &[]) tk("d") l.tc("e", &[])"#),
            ["a-b", "c", "e", "d"]
        );
        assert_eq!(
            key_like_literals(r#"x("error-store", "field-{x}") <p class="field-error">"#),
            ["error-store"]
        );
    }
}
