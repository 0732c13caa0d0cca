//! Who buys: a book of customers that grows as orders come in. Most buy
//! once; a loyal minority comes back, more often for small things (parts,
//! accessories, clothing) than for a bike.
use chrono::{DateTime, Utc};
use etalage_core::commerce::MarketingConsent;
use etalage_core::{Country, Customer, CustomerId, CustomerKind, CustomerRef, Email};
use rand::Rng;
use std::collections::BTreeMap;

const FIRST_NAMES: [&str; 24] = [
    "Lotte", "Jan", "Emma", "Lucas", "Marie", "Arne", "Noor", "Wout", "Fien", "Bram", "Sofie",
    "Pieter", "Lien", "Thomas", "Anouk", "Daan", "Eva", "Jens", "Hanne", "Sander", "Julie",
    "Ruben", "Elise", "Koen",
];

const LAST_NAMES: [&str; 24] = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "De Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Dekker",
    "Hendrickx",
    "Verhoeven",
];

const TRADES: [&str; 6] = [
    "Bakkerij",
    "Fietskoeriers",
    "Architectenbureau",
    "Zorgcentrum",
    "Hotel",
    "Schrijnwerkerij",
];

/// Share of new customers that are businesses (company bikes, couriers).
const BUSINESS_SHARE: f64 = 0.06;

/// Customers known so far, and who is likely to come back.
#[derive(Debug, Default)]
pub(crate) struct Book {
    customers: Vec<Customer>,
    /// Per country: customer indices and the running sum of their loyalty.
    pools: BTreeMap<String, (Vec<usize>, Vec<f64>)>,
}

impl Book {
    /// The customer of an order placed at `at` from `country`: with
    /// probability `repeat` someone who bought before (the loyal ones more
    /// likely), else a new customer. Returns the customer's index.
    pub(crate) fn customer_for(
        &mut self,
        rng: &mut impl Rng,
        country: Option<Country>,
        at: DateTime<Utc>,
        repeat: f64,
    ) -> usize {
        let key = country.map(|c| c.as_str().to_owned()).unwrap_or_default();
        if rng.random::<f64>() < repeat {
            if let Some((members, cumulative)) = self.pools.get(&key) {
                let total = *cumulative.last().expect("pools are never empty");
                let x = rng.random::<f64>() * total;
                let at_or_after = cumulative.partition_point(|&c| c <= x);
                return members[at_or_after.min(members.len() - 1)];
            }
        }
        let index = self.customers.len();
        self.customers.push(new_customer(rng, index, country, at));
        // Loyalty: exponential squared, so a few customers come back often.
        let loyalty = (-(1.0 - rng.random::<f64>()).ln()).powi(2);
        let (members, cumulative) = self.pools.entry(key).or_default();
        let sum = cumulative.last().copied().unwrap_or(0.0) + loyalty;
        members.push(index);
        cumulative.push(sum);
        index
    }

    /// How an order names customer `index`.
    pub(crate) fn reference(&self, index: usize) -> CustomerRef {
        self.customers[index].identity.clone()
    }

    /// Business or consumer.
    pub(crate) fn kind(&self, index: usize) -> Option<CustomerKind> {
        self.customers[index].kind
    }

    /// Every customer, in the order they first bought.
    pub(crate) fn into_customers(self) -> Vec<Customer> {
        self.customers
    }
}

/// Lower-case ASCII letters of a name, for e-mail addresses.
fn mail_part(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn new_customer(
    rng: &mut impl Rng,
    index: usize,
    country: Option<Country>,
    at: DateTime<Utc>,
) -> Customer {
    let number = 100_001 + index;
    let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
    let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
    let business = rng.random::<f64>() < BUSINESS_SHARE;
    let (name, email, kind) = if business {
        let trade = TRADES[rng.random_range(0..TRADES.len())];
        let name = format!("{trade} {last} BV");
        let host = format!("{}-{}-{number}.example", mail_part(trade), mail_part(last));
        (name, format!("inkoop@{host}"), CustomerKind::Business)
    } else {
        let email = format!(
            "{}.{}.{number}@mail.example",
            mail_part(first),
            mail_part(last)
        );
        (format!("{first} {last}"), email, CustomerKind::Consumer)
    };
    // Asked at checkout: some agree, some refuse, older records lack the answer.
    let given_share = if business { 0.2 } else { 0.42 };
    let u: f64 = rng.random();
    let marketing_consent = if u < given_share {
        Some(MarketingConsent {
            given: true,
            at: Some(at),
            source: Some("checkout".to_owned()),
        })
    } else if u < 0.75 {
        Some(MarketingConsent {
            given: false,
            at: Some(at),
            source: Some("checkout".to_owned()),
        })
    } else {
        None
    };
    Customer {
        identity: CustomerRef {
            customer_id: Some(CustomerId::parse(&format!("K{number}")).expect("valid id")),
            email: Some(Email::parse(&email).expect("valid e-mail address")),
        },
        name: Some(name),
        country,
        kind: Some(kind),
        marketing_consent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn most_buy_once_and_some_come_back() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut book = Book::default();
        let be = Country::parse("BE").ok();
        let at = Utc::now();
        let mut orders = vec![0u32; 0];
        for _ in 0..5_000 {
            let c = book.customer_for(&mut rng, be, at, 0.25);
            if c >= orders.len() {
                orders.resize(c + 1, 0);
            }
            orders[c] += 1;
        }
        let customers = book.into_customers();
        assert_eq!(customers.len(), orders.len());
        let repeaters = orders.iter().filter(|&&n| n > 1).count() as f64;
        let share = repeaters / customers.len() as f64;
        assert!((0.05..0.4).contains(&share), "repeat share {share}");
        assert!(customers
            .iter()
            .any(|c| c.kind == Some(CustomerKind::Business)));
    }
}
