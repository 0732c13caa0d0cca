//! Returns by category, supplier and SKU: the units returned of the
//! period's orders against the units sold, per group, with the reason
//! given most.
use super::statements::{SkuReturns, SkuSales};
use super::{pct, ReturnGroup};
use std::collections::{BTreeMap, HashMap};

/// The groups a product falls in.
const KINDS: [&str; 3] = ["category", "supplier", "sku"];
/// The group of products the product data does not place.
const UNPLACED: &str = "(none)";
/// Groups shown per kind.
const PER_KIND: usize = 10;

/// A product's group of kind `kind` (an index into [`KINDS`]).
fn group<'a>(
    kind: usize,
    sku: &'a str,
    category: Option<&'a str>,
    supplier: Option<&'a str>,
) -> &'a str {
    match kind {
        0 => category.unwrap_or(UNPLACED),
        1 => supplier.unwrap_or(UNPLACED),
        _ => sku,
    }
}

/// Per kind, the groups with returns, most returned units first (ties by
/// name), at most ten. A group's top reason is the stated reason with the
/// most units; ties go to the first in alphabetical order, so the answer
/// never changes, and a group whose returns state no reason has none.
pub(super) fn return_groups(sold: &[SkuSales], returned: &[SkuReturns]) -> Vec<ReturnGroup> {
    let mut out = Vec::new();
    for (kind, by) in KINDS.iter().enumerate() {
        let mut units_sold: HashMap<&str, f64> = HashMap::new();
        for s in sold {
            // Lines without a SKU are in no group.
            if let Some(sku) = s.sku.as_deref() {
                let g = group(kind, sku, s.category.as_deref(), s.supplier.as_deref());
                *units_sold.entry(g).or_default() += s.units;
            }
        }
        let mut back: BTreeMap<&str, BTreeMap<Option<&str>, f64>> = BTreeMap::new();
        for r in returned {
            let g = group(kind, &r.sku, r.category.as_deref(), r.supplier.as_deref());
            *back
                .entry(g)
                .or_default()
                .entry(r.reason.as_deref())
                .or_default() += r.units;
        }
        let mut groups: Vec<ReturnGroup> = back
            .into_iter()
            .map(|(g, reasons)| {
                let units_returned: f64 = reasons.values().sum();
                // Reasons come in alphabetical order; a later one must
                // have more units to take the place.
                let top_reason = reasons
                    .iter()
                    .filter_map(|(reason, units)| reason.map(|r| (r, *units)))
                    .fold(None::<(&str, f64)>, |best, (r, u)| match best {
                        Some((_, b)) if b >= u => best,
                        _ => Some((r, u)),
                    })
                    .map(|(r, _)| r.to_string());
                let units_sold = units_sold.get(g).copied().unwrap_or(0.0);
                ReturnGroup {
                    by: by.to_string(),
                    value: g.to_string(),
                    units_sold,
                    units_returned,
                    return_rate: pct(units_returned, units_sold),
                    top_reason,
                }
            })
            .collect();
        groups.sort_by(|a, b| {
            b.units_returned
                .total_cmp(&a.units_returned)
                .then_with(|| a.value.cmp(&b.value))
        });
        groups.truncate(PER_KIND);
        out.extend(groups);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sold(sku: Option<&str>, units: f64, category: Option<&str>) -> SkuSales {
        SkuSales {
            sku: sku.map(str::to_string),
            units,
            category: category.map(str::to_string),
            supplier: Some("Acme".to_string()),
            ..SkuSales::default()
        }
    }

    fn back(sku: &str, reason: Option<&str>, units: f64, category: Option<&str>) -> SkuReturns {
        SkuReturns {
            sku: sku.to_string(),
            reason: reason.map(str::to_string),
            units,
            category: category.map(str::to_string),
            supplier: Some("Acme".to_string()),
        }
    }

    fn of<'a>(groups: &'a [ReturnGroup], by: &str) -> Vec<&'a ReturnGroup> {
        groups.iter().filter(|g| g.by == by).collect()
    }

    /// Shirts S1 (10 sold; 2 "too small", 2 "colour") and S2 (5 sold; 3
    /// without a reason), a hat H1 without category (4 sold, 1 "too
    /// small"), 7 units without a SKU.
    #[test]
    fn groups_their_reasons_and_their_order() {
        let sold = [
            sold(Some("S1"), 10.0, Some("shirts")),
            sold(Some("S2"), 5.0, Some("shirts")),
            sold(Some("H1"), 4.0, None),
            sold(None, 7.0, None),
        ];
        let returned = [
            back("S1", Some("too small"), 2.0, Some("shirts")),
            back("S1", Some("colour"), 2.0, Some("shirts")),
            back("S2", None, 3.0, Some("shirts")),
            back("H1", Some("too small"), 1.0, None),
        ];
        let g = return_groups(&sold, &returned);
        let category = of(&g, "category");
        assert_eq!(category.len(), 2);
        assert_eq!(
            (
                category[0].value.as_str(),
                category[0].units_sold,
                category[0].units_returned
            ),
            ("shirts", 15.0, 7.0)
        );
        // The 3 units without a reason name none; the stated reasons tie
        // at 2 and "colour" comes first.
        assert_eq!(category[0].top_reason.as_deref(), Some("colour"));
        assert_eq!(
            (category[1].value.as_str(), category[1].units_sold),
            ("(none)", 4.0),
            "the lines without a SKU are in no group"
        );
        let supplier = of(&g, "supplier");
        assert_eq!(supplier.len(), 1);
        assert_eq!(
            (supplier[0].units_sold, supplier[0].units_returned),
            (19.0, 8.0)
        );
        assert_eq!(
            supplier[0].top_reason.as_deref(),
            Some("too small"),
            "3 of 8"
        );
        let sku = of(&g, "sku");
        let order: Vec<_> = sku.iter().map(|g| g.value.as_str()).collect();
        assert_eq!(order, ["S1", "S2", "H1"], "4, 3, 1 units returned");
        assert_eq!(sku[1].top_reason, None, "S2's returns state no reason");
        assert!((sku[0].return_rate.unwrap() - 40.0).abs() < 1e-12);
    }

    #[test]
    fn ten_groups_per_kind_most_returned_first_ties_by_name() {
        let returned: Vec<SkuReturns> = (0..12)
            .map(|i| {
                back(
                    &format!("P{i:02}"),
                    Some("broken"),
                    (i / 2) as f64 + 1.0,
                    None,
                )
            })
            .collect();
        let g = return_groups(&[], &returned);
        let sku = of(&g, "sku");
        assert_eq!(sku.len(), 10);
        let order: Vec<_> = sku.iter().map(|g| g.value.as_str()).collect();
        assert_eq!(
            order,
            ["P10", "P11", "P08", "P09", "P06", "P07", "P04", "P05", "P02", "P03"]
        );
        assert_eq!(sku[0].units_sold, 0.0);
        assert_eq!(sku[0].return_rate, None, "nothing sold in the period");
        assert_eq!(of(&g, "category").len(), 1);
    }
}
