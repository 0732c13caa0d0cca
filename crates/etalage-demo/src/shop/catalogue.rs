//! The shop's product table: every product the traffic sells, plus a few
//! shelf warmers that never sell (the slow movers a shop owner should
//! see), each with its category, supplier, cost price and stock.
use super::rng_for;
use crate::catalog::{Category, PRODUCTS};
use etalage_core::{Currency, Money, Product, Sku};
use rand::Rng;
use rust_decimal::Decimal;

/// Suppliers, made up (Belgian, Dutch and German).
const SUPPLIERS: [&str; 6] = [
    "Ardennes Cycles NV",
    "Velomotion BV",
    "Radwerk Köln GmbH",
    "Flandria Onderdelen BV",
    "Regenkleed Utrecht BV",
    "Kinderrad Münster GmbH",
];

/// Products the shop stocks that never sell online: (SKU, name, shop
/// category, price in cents, units in stock).
const SHELF_WARMERS: [(&str, &str, &str, i64, i64); 8] = [
    ("BK-910", "Tandem Duo", "bikes", 189_900, 2),
    ("BK-920", "Ligfiets Horizon", "bikes", 249_900, 1),
    ("AC-910", "Hondenfietskar", "accessories", 24_900, 6),
    ("AC-920", "Koperen retrobel", "accessories", 2_495, 40),
    ("AC-930", "Zadeldek luipaard", "accessories", 1_495, 35),
    ("PT-910", "Naafdynamo 2019", "parts", 8_995, 12),
    ("CL-910", "Fietsbroek neon 2019", "clothing", 5_995, 18),
    ("CL-920", "Windjack oranje XXS", "clothing", 7_995, 9),
];

/// The category of a product of the traffic, as the shop names it.
pub(crate) fn shop_category(i: usize) -> &'static str {
    let p = &PRODUCTS[i];
    match p.category {
        Category::Bikes if p.sku.starts_with("KB-") => "kids' bikes",
        Category::Bikes => "bikes",
        Category::EBikes => "e-bikes",
        Category::Parts => "parts",
        Category::Accessories => "accessories",
        Category::Clothing => "clothing",
    }
}

/// The gross margin on the selling price of a category, in per cent:
/// bikes earn little per euro, clothing and small parts much more.
fn margin_pct(category: &str) -> f64 {
    match category {
        "e-bikes" => 24.0,
        "bikes" => 30.0,
        "kids' bikes" => 34.0,
        "parts" => 48.0,
        "accessories" => 45.0,
        _ => 55.0,
    }
}

/// Who supplies a category (two candidates; the product's index picks).
fn supplier(category: &str, i: usize) -> &'static str {
    let (a, b) = match category {
        "e-bikes" => (1, 2),
        "bikes" => (0, 1),
        "kids' bikes" => (5, 0),
        "parts" => (3, 2),
        "accessories" => (3, 1),
        _ => (4, 4),
    };
    SUPPLIERS[if i.is_multiple_of(3) { b } else { a }]
}

/// A readable name from a product's page slug: `e-bike-schelde` → `E-bike schelde`.
pub(crate) fn product_name(i: usize) -> String {
    let words = PRODUCTS[i]
        .slug()
        .replace('-', " ")
        .replace("e bike", "e-bike");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn money(cents: i64) -> Money {
    Money {
        amount: Decimal::new(cents, 2).normalize(),
        currency: Currency::EUR,
    }
}

/// The category of a SKU as the shop names it (`None` for unknown SKUs).
pub(crate) fn category_of_sku(sku: &str) -> Option<&'static str> {
    PRODUCTS
        .iter()
        .position(|p| p.sku == sku)
        .map(shop_category)
        .or_else(|| SHELF_WARMERS.iter().find(|w| w.0 == sku).map(|w| w.2))
}

/// Every product of the shop, with cost prices a few points around the
/// category's margin and stock that scales inversely with the price.
pub(crate) fn products(seed: u64) -> Vec<Product> {
    let mut rng = rng_for(seed, 0x6361_7461);
    let mut out = Vec::with_capacity(PRODUCTS.len() + SHELF_WARMERS.len());
    for (i, p) in PRODUCTS.iter().enumerate() {
        let category = shop_category(i);
        let margin = margin_pct(category) + rng.random_range(-4.0..4.0);
        let cost = (p.price_cents as f64 * (1.0 - margin / 100.0)).round() as i64;
        let stock = match p.price_cents {
            c if c >= 100_000 => rng.random_range(1..12),
            c if c >= 20_000 => rng.random_range(3..25),
            _ => rng.random_range(15..160),
        };
        // A product or two sold out.
        let stock = if rng.random::<f64>() < 0.05 { 0 } else { stock };
        out.push(Product {
            sku: Sku::parse(p.sku).expect("valid SKU"),
            name: Some(product_name(i)),
            category: Some(category.to_owned()),
            supplier: Some(supplier(category, i).to_owned()),
            price: Some(money(p.price_cents)),
            cost_price: Some(money(cost)),
            stock: Some(stock),
        });
    }
    for (n, (sku, name, category, price, stock)) in SHELF_WARMERS.iter().enumerate() {
        let cost = (*price as f64 * (1.0 - margin_pct(category) / 100.0)).round() as i64;
        out.push(Product {
            sku: Sku::parse(sku).expect("valid SKU"),
            name: Some((*name).to_owned()),
            category: Some((*category).to_owned()),
            supplier: Some(supplier(category, n).to_owned()),
            price: Some(money(*price)),
            cost_price: Some(money(cost)),
            stock: Some(*stock),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn skus_are_unique_and_margins_positive() {
        let products = products(1);
        assert_eq!(products.len(), 48);
        let skus: HashSet<_> = products.iter().map(|p| p.sku.as_str()).collect();
        assert_eq!(skus.len(), products.len());
        for p in &products {
            assert!(p.cost_price.unwrap().amount < p.price.unwrap().amount);
            assert_eq!(
                category_of_sku(p.sku.as_str()),
                p.category.as_deref(),
                "{}",
                p.sku
            );
        }
        assert_eq!(product_name(8), "E-bike schelde");
        assert_eq!(products, super::products(1));
    }
}
