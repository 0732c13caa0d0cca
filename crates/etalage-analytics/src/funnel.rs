use crate::date_range::parse_date_range;
use crate::ApiError;
use chrono::Utc;
use etalage_store::Store;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A `POST /api/v1/funnel` request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunnelRequest {
    /// The site's domain.
    pub site_id: String,
    /// A shortcut or a pair of dates, as in the stats query.
    pub date_range: Value,
    /// Goal names, in order.
    pub steps: Vec<String>,
}

/// One step of a funnel report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStep {
    /// The goal's name.
    pub name: String,
    /// Visitors who completed this step after all previous ones in one visit.
    pub visitors: u64,
    /// visitors / visitors of step 1 × 100.
    pub conversion_rate: f64,
    /// Visitors of the previous step who did not reach this one.
    pub dropoff: u64,
    /// dropoff / visitors of the previous step × 100.
    pub dropoff_rate: f64,
}

/// A funnel report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelReport {
    /// The steps, in order.
    pub steps: Vec<FunnelStep>,
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (10_000.0 * part as f64 / whole as f64).round() / 100.0
    }
}

/// Runs a funnel request.
pub fn run_funnel(store: &dyn Store, body: &Value) -> Result<FunnelReport, ApiError> {
    let req: FunnelRequest = serde_json::from_value(body.clone()).map_err(|e| {
        ApiError::BadRequest(format!(
            "{e}; supported fields are site_id, date_range, steps"
        ))
    })?;
    if req.steps.len() < 2 {
        return Err(ApiError::BadRequest(
            "steps: a funnel needs at least two goal names".into(),
        ));
    }
    let site = store
        .site_by_domain(&req.site_id)?
        .ok_or_else(|| ApiError::NotFound(format!("site_id: no site {:?}", req.site_id)))?;
    let goals = store.goals(site.id)?;
    let steps = req
        .steps
        .iter()
        .map(|name| {
            goals
                .iter()
                .find(|g| &g.name == name)
                .cloned()
                .ok_or_else(|| {
                    let known: Vec<&str> = goals.iter().map(|g| g.name.as_str()).collect();
                    ApiError::BadRequest(format!(
                        "steps: the goal {name:?} does not exist; this site's goals are: {}",
                        known.join(", ")
                    ))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let range = parse_date_range(&req.date_range, site.timezone.local_date(Utc::now()))?;
    let counts = store.funnel(site.id, range.to_utc(site.timezone), &steps)?;
    let first = counts.first().copied().unwrap_or(0);
    let steps = req
        .steps
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(i, (name, &visitors))| {
            let prev = if i == 0 { visitors } else { counts[i - 1] };
            let dropoff = prev.saturating_sub(visitors);
            FunnelStep {
                name: name.clone(),
                visitors,
                conversion_rate: pct(visitors, first),
                dropoff,
                dropoff_rate: pct(dropoff, prev),
            }
        })
        .collect();
    Ok(FunnelReport { steps })
}
