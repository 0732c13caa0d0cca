//! The shop's key figures over a date range, with the previous period of
//! the same length for comparison: what `etalage kpi`, `GET /api/v1/kpis`
//! and the KPI page show.
use crate::{parse_date_range, ApiError};
use chrono::{NaiveDate, Utc};
use etalage_core::DateRange;
use etalage_store::{KpiPeriod, KpiReport, Site, Store, TrendBucket, TrendPoint};
use serde::Serialize;
use serde_json::Value;

/// A period's figures and the previous period's.
#[derive(Debug, Clone, Serialize)]
pub struct KpiAnswer {
    /// The site's domain.
    pub site_id: String,
    /// First and last day of the period (site time).
    pub date_range: [NaiveDate; 2],
    /// The period just before, of the same number of days.
    pub previous_range: [NaiveDate; 2],
    /// The period's figures.
    pub kpis: KpiReport,
    /// The previous period's figures.
    pub previous: KpiReport,
}

/// The UTC instants and days of a site's date range.
pub fn kpi_period(site: &Site, range: DateRange) -> KpiPeriod {
    let utc = range.to_utc(site.timezone);
    KpiPeriod {
        first_day: range.from,
        last_day: range.to,
        start: utc.start,
        end: utc.end,
    }
}

/// The figures of `range` and of the period before it.
pub fn kpis_for(store: &dyn Store, site: &Site, range: DateRange) -> Result<KpiAnswer, ApiError> {
    let previous = range.previous_period();
    // The two periods are read side by side, on a reader each.
    let (kpis, before) = std::thread::scope(|scope| {
        let before = scope.spawn(|| store.kpis(site.id, kpi_period(site, previous)));
        let kpis = store.kpis(site.id, kpi_period(site, range));
        (kpis, before.join().expect("the KPI reader panicked"))
    });
    Ok(KpiAnswer {
        site_id: site.domain.as_str().to_string(),
        date_range: [range.from, range.to],
        previous_range: [previous.from, previous.to],
        kpis: kpis?,
        previous: before?,
    })
}

/// The sums behind the key figures per day (periods up to a month), week
/// (up to half a year) or month of `range`, for their trend.
pub fn kpi_trend_for(
    store: &dyn Store,
    site: &Site,
    range: DateRange,
) -> Result<(TrendBucket, Vec<TrendPoint>), ApiError> {
    let bucket = TrendBucket::for_days(range.days());
    let offsets = site.timezone.offset_segments(range.to_utc(site.timezone));
    let points = store.kpi_trend(site.id, kpi_period(site, range), &offsets, bucket)?;
    Ok((bucket, points))
}

/// `site_id` and `date_range` (as in `/api/v2/query`: `"30d"`, `"month"`,
/// `["2026-05-01", "2026-05-31"]`, …) to figures.
pub fn run_kpis(
    store: &dyn Store,
    site_id: &str,
    date_range: &Value,
) -> Result<KpiAnswer, ApiError> {
    let site = store.site_by_domain(site_id)?.ok_or_else(|| {
        ApiError::NotFound(format!(
            "site_id: no site {site_id:?}; add it with `etalage site add`"
        ))
    })?;
    let today = site.timezone.local_date(Utc::now());
    let range = parse_date_range(date_range, today)?;
    kpis_for(store, &site, range)
}
