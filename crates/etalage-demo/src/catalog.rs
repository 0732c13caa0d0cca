//! The fictional shop's catalogue: categories, products and blog posts.
//!
//! Prices are in euro cents so order values add up exactly.

/// A product category, with its listing page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    Bikes,
    EBikes,
    Parts,
    Accessories,
    Clothing,
}

impl Category {
    pub(crate) const ALL: [Category; 5] = [
        Category::Bikes,
        Category::EBikes,
        Category::Parts,
        Category::Accessories,
        Category::Clothing,
    ];

    /// The listing page of the category.
    pub(crate) fn path(self) -> &'static str {
        match self {
            Category::Bikes => "/fietsen",
            Category::EBikes => "/e-bikes",
            Category::Parts => "/onderdelen",
            Category::Accessories => "/accessoires",
            Category::Clothing => "/kleding",
        }
    }

    /// The value of the `item_category` property.
    pub(crate) fn slug(self) -> &'static str {
        &self.path()[1..]
    }
}

/// One product of the shop.
#[derive(Debug)]
pub(crate) struct Product {
    /// The shop's SKU (the `item_id` of a purchase).
    pub sku: &'static str,
    /// Page path, `/product/<slug>`.
    pub path: &'static str,
    /// Its category.
    pub category: Category,
    /// Price in euro cents.
    pub price_cents: i64,
    /// How often it is bought relative to others of its category.
    pub popularity: f64,
}

impl Product {
    /// The slug (the `item_id` property of `add_to_cart`).
    pub(crate) fn slug(&self) -> &'static str {
        &self.path["/product/".len()..]
    }
}

macro_rules! products {
    ($($sku:literal, $path:literal, $cat:ident, $price:literal, $pop:literal;)+) => {
        &[$(Product { sku: $sku, path: $path, category: Category::$cat, price_cents: $price, popularity: $pop }),+]
    };
}

/// 40 products from €15 to €3,499.
pub(crate) const PRODUCTS: &[Product] = products! {
    "BK-110", "/product/stadsfiets-brugge", Bikes, 64900, 1.6;
    "BK-120", "/product/stadsfiets-gent-n7", Bikes, 79900, 1.3;
    "BK-130", "/product/trekkingfiets-ardennen", Bikes, 114900, 0.9;
    "BK-140", "/product/racefiets-flandrien", Bikes, 149900, 0.6;
    "BK-150", "/product/gravelbike-kempen", Bikes, 134900, 0.7;
    "KB-110", "/product/kinderfiets-20-inch", Bikes, 27900, 1.4;
    "KB-120", "/product/kinderfiets-16-inch", Bikes, 21900, 1.2;
    "BK-160", "/product/vouwfiets-compact", Bikes, 89900, 0.6;
    "EB-110", "/product/e-bike-schelde", EBikes, 219900, 1.5;
    "EB-120", "/product/e-bike-leie-middenmotor", EBikes, 279900, 1.1;
    "EB-130", "/product/e-bike-maas-trekking", EBikes, 249900, 0.9;
    "EB-140", "/product/speed-pedelec-s45", EBikes, 349900, 0.4;
    "EB-150", "/product/e-cargobike-familie", EBikes, 329900, 0.5;
    "EB-160", "/product/e-bike-compact-vouw", EBikes, 189900, 0.7;
    "EB-170", "/product/e-mtb-hoge-venen", EBikes, 319900, 0.4;
    "PT-110", "/product/buitenband-city-28", Parts, 2995, 1.6;
    "PT-120", "/product/remblokken-set", Parts, 1595, 1.8;
    "PT-130", "/product/ketting-8-speed", Parts, 2495, 1.2;
    "PT-140", "/product/zadel-comfort", Parts, 3995, 1.3;
    "PT-150", "/product/pedalen-aluminium", Parts, 3495, 0.8;
    "PT-160", "/product/verlichtingsset-usb", Parts, 4495, 1.5;
    "PT-170", "/product/standaard-dubbel", Parts, 2995, 0.9;
    "PT-180", "/product/e-bike-accu-500wh", Parts, 64900, 0.25;
    "AC-110", "/product/fietsslot-plooislot", Accessories, 7995, 1.4;
    "AC-120", "/product/kettingslot-art3", Accessories, 6495, 1.1;
    "AC-130", "/product/fietstas-dubbel-waterdicht", Accessories, 8995, 1.2;
    "AC-140", "/product/fietshelm-urban", Accessories, 5995, 1.3;
    "AC-150", "/product/fietshelm-kind", Accessories, 3995, 0.9;
    "AC-160", "/product/fietspomp-staand", Accessories, 2995, 1.2;
    "AC-170", "/product/telefoonhouder-stuur", Accessories, 1995, 1.5;
    "AC-180", "/product/kinderzitje-achter", Accessories, 11995, 0.6;
    "AC-190", "/product/fietscomputer-gps", Accessories, 17900, 0.5;
    "CL-110", "/product/regenjas-fietser", Clothing, 9995, 1.3;
    "CL-120", "/product/regenbroek", Clothing, 4995, 1.1;
    "CL-130", "/product/fietshandschoenen-winter", Clothing, 2995, 1.0;
    "CL-140", "/product/wielershirt-flandrien", Clothing, 6995, 0.8;
    "CL-150", "/product/fietsbroek-zeem", Clothing, 7995, 0.7;
    "CL-160", "/product/reflectievest", Clothing, 1500, 1.2;
    "CL-170", "/product/poncho-regen", Clothing, 3495, 0.9;
    "CL-180", "/product/fietssokken-merino", Clothing, 1695, 1.0;
};

/// Ten blog posts.
pub(crate) const BLOG_POSTS: &[&str] = &[
    "/blog/e-bike-kiezen-in-7-stappen",
    "/blog/fietsroutes-langs-de-schelde",
    "/blog/je-fiets-winterklaar-maken",
    "/blog/band-plakken-zo-doe-je-het",
    "/blog/fietsen-naar-het-werk-belastingvoordeel",
    "/blog/speed-pedelec-rijbewijs-en-regels",
    "/blog/kinderfiets-welke-maat",
    "/blog/fietsvakantie-in-de-ardennen",
    "/blog/regenkleding-getest",
    "/blog/accu-van-je-e-bike-langer-laten-meegaan",
];

/// Products of one category, as indices into [`PRODUCTS`].
pub(crate) fn products_in(category: Category) -> impl Iterator<Item = usize> {
    PRODUCTS
        .iter()
        .enumerate()
        .filter(move |(_, p)| p.category == category)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_forty_products_in_the_price_range() {
        assert_eq!(PRODUCTS.len(), 40);
        assert_eq!(BLOG_POSTS.len(), 10);
        for p in PRODUCTS {
            assert!((1500..=350000).contains(&p.price_cents), "{}", p.path);
            assert!(p.path.starts_with("/product/"));
        }
        for c in Category::ALL {
            assert!(products_in(c).count() >= 7);
        }
    }
}
