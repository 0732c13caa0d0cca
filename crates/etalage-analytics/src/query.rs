use crate::date_range::parse_date_range;
use crate::filters::parse_filter;
use crate::ApiError;
use chrono::Utc;
use etalage_core::{Dimension, Filter, FilterOp, Goal, Metric, OrderBy, QueryPlan, SortDirection};
use etalage_store::{Site, Store};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// A `POST /api/v2/query` request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryRequest {
    /// The site's domain.
    pub site_id: String,
    /// Metric names.
    pub metrics: Vec<String>,
    /// A shortcut or a pair of dates.
    pub date_range: Value,
    /// Dimension names.
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// Filter expressions (combined with AND).
    #[serde(default)]
    pub filters: Vec<Value>,
    /// `[[name, "asc"|"desc"], …]`.
    #[serde(default)]
    pub order_by: Vec<(String, String)>,
    /// `{"imports": bool}` is accepted and ignored; etalage has no imports table.
    #[serde(default)]
    pub include: Option<Map<String, Value>>,
    /// `{"limit": n, "offset": n}`.
    #[serde(default)]
    pub pagination: Option<Pagination>,
}

/// Paging of a query's rows.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// Rows at most (default 10,000).
    #[serde(default = "default_limit")]
    pub limit: u32,
    /// Rows to skip.
    #[serde(default)]
    pub offset: u32,
}

fn default_limit() -> u32 {
    10_000
}

const SUPPORTED_FIELDS: &str =
    "site_id, metrics, date_range, dimensions, filters, order_by, include, pagination";

/// Parses a JSON body, explaining unsupported fields.
pub fn parse_request(body: &Value) -> Result<QueryRequest, ApiError> {
    serde_json::from_value(body.clone())
        .map_err(|e| ApiError::BadRequest(format!("{e}; supported fields are {SUPPORTED_FIELDS}")))
}

fn names(list: &[&'static str]) -> String {
    list.join(", ")
}

/// Validates a request for `site` and builds the plan.
pub fn build_plan(
    req: &QueryRequest,
    site: &Site,
    goals: &[Goal],
    store: &dyn Store,
) -> Result<QueryPlan, ApiError> {
    let metrics = req
        .metrics
        .iter()
        .map(|m| {
            Metric::parse(m).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "metrics: {m:?} is not supported; use {}",
                    names(&Metric::ALL.iter().map(|m| m.as_str()).collect::<Vec<_>>())
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let dimensions = req
        .dimensions
        .iter()
        .map(|d| {
            Dimension::parse(d).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "dimensions: {d:?} is not supported; use {}",
                    names(
                        &Dimension::ALL
                            .iter()
                            .map(|d| d.as_str())
                            .collect::<Vec<_>>()
                    )
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(include) = &req.include {
        if let Some(k) = include.keys().find(|k| k.as_str() != "imports") {
            return Err(ApiError::BadRequest(format!(
                "include: {k:?} is not supported; only \"imports\" is accepted"
            )));
        }
    }
    let today = site.timezone.local_date(Utc::now());
    let mut range = parse_date_range(&req.date_range, today)?;
    if req.date_range == json!("all") {
        if let Some(first) = store.first_event(site.id)? {
            range.from = site.timezone.local_date(first).min(today);
        } else {
            range.from = today;
        }
    }
    let utc = range.to_utc(site.timezone);

    // Top-level `is event:goal` conditions become the goal filter; the rest
    // stays a row filter.
    let mut goal_filter: Vec<Goal> = Vec::new();
    let mut rest: Vec<Filter> = Vec::new();
    for f in &req.filters {
        let filter = parse_filter(f)?;
        check_goals(&filter, goals)?;
        match filter {
            Filter::Condition {
                op: FilterOp::Is,
                dimension: Dimension::EventGoal,
                values,
            } if goal_filter.is_empty() => {
                goal_filter = goals
                    .iter()
                    .filter(|g| values.contains(&g.name))
                    .cloned()
                    .collect();
            }
            other => rest.push(other),
        }
    }
    let filter = match rest.len() {
        0 => None,
        1 => rest.pop(),
        _ => Some(Filter::And(rest)),
    };
    let order_by = req
        .order_by
        .iter()
        .map(|(name, dir)| {
            let dir = match dir.as_str() {
                "asc" => SortDirection::Asc,
                "desc" => SortDirection::Desc,
                other => {
                    return Err(ApiError::BadRequest(format!(
                        "order_by: direction {other:?} must be asc or desc"
                    )))
                }
            };
            if let Some(m) = Metric::parse(name).filter(|m| metrics.contains(m)) {
                Ok(OrderBy::Metric(m, dir))
            } else if let Some(d) = Dimension::parse(name).filter(|d| dimensions.contains(d)) {
                Ok(OrderBy::Dimension(d, dir))
            } else {
                Err(ApiError::BadRequest(format!(
                    "order_by: {name:?} must be one of the query's metrics or dimensions"
                )))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pagination = req.pagination.unwrap_or(Pagination {
        limit: default_limit(),
        offset: 0,
    });
    let plan = QueryPlan {
        site_id: site.id,
        range: utc,
        offsets: site.timezone.offset_segments(utc),
        metrics,
        dimensions,
        filter,
        goal_filter,
        goals: goals.to_vec(),
        order_by,
        limit: pagination.limit.clamp(1, 100_000),
        offset: pagination.offset,
    };
    plan.validate()?;
    Ok(plan)
}

fn check_goals(f: &Filter, goals: &[Goal]) -> Result<(), ApiError> {
    match f {
        Filter::Condition {
            dimension: Dimension::EventGoal,
            values,
            ..
        } => {
            for v in values {
                if !goals.iter().any(|g| &g.name == v) {
                    let known: Vec<&str> = goals.iter().map(|g| g.name.as_str()).collect();
                    return Err(ApiError::BadRequest(format!(
                        "filters: the goal {v:?} does not exist; this site's goals are: {}",
                        if known.is_empty() {
                            "(none)".to_string()
                        } else {
                            known.join(", ")
                        }
                    )));
                }
            }
            Ok(())
        }
        Filter::Condition { .. } => Ok(()),
        Filter::And(fs) | Filter::Or(fs) => fs.iter().try_for_each(|f| check_goals(f, goals)),
        Filter::Not(inner) => check_goals(inner, goals),
    }
}

fn metric_json(m: Metric, v: f64) -> Value {
    match m {
        Metric::Visitors | Metric::Visits | Metric::Pageviews | Metric::Events => {
            json!(v.round() as i64)
        }
        Metric::VisitDuration => json!(v.round() as i64),
        _ => json!(v),
    }
}

/// Runs a v2 stats query end to end and returns the response body.
pub fn run_query(store: &dyn Store, body: &Value) -> Result<Value, ApiError> {
    let req = parse_request(body)?;
    let site = store.site_by_domain(&req.site_id)?.ok_or_else(|| {
        ApiError::NotFound(format!(
            "site_id: no site {:?}; add it with `etalage site add`",
            req.site_id
        ))
    })?;
    let goals = store.goals(site.id)?;
    let plan = build_plan(&req, &site, &goals, store)?;
    let rows = store.query(&plan)?;
    let results: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            let metrics: Vec<Value> = plan
                .metrics
                .iter()
                .zip(r.metrics)
                .map(|(m, v)| metric_json(*m, v))
                .collect();
            json!({"metrics": metrics, "dimensions": r.dimensions})
        })
        .collect();
    let fmt = |t: chrono::DateTime<Utc>| {
        t.with_timezone(
            &chrono::FixedOffset::east_opt(site.timezone.offset_at(t))
                .unwrap_or(chrono::FixedOffset::east_opt(0).expect("zero")),
        )
        .to_rfc3339()
    };
    Ok(json!({
        "results": results,
        "meta": {},
        "query": {
            "site_id": site.domain.to_string(),
            "metrics": req.metrics,
            "date_range": [fmt(plan.range.start), fmt(plan.range.end - chrono::Duration::seconds(1))],
            "dimensions": req.dimensions,
            "filters": req.filters,
            "order_by": req.order_by,
            "include": req.include.unwrap_or_default(),
            "pagination": {"limit": plan.limit, "offset": plan.offset},
        }
    }))
}

/// Runs several v2 stats queries (a dashboard's panels) on `workers`
/// threads at once, answering in the order asked. Each query already runs
/// on all of DuckDB's threads; overlapping them fills the single-threaded
/// moments (planning, final merges, turning rows into JSON).
pub fn run_queries(
    store: &dyn Store,
    bodies: &[Value],
    workers: usize,
) -> Vec<Result<Value, ApiError>> {
    let workers = workers.clamp(1, bodies.len().max(1));
    if workers == 1 {
        return bodies.iter().map(|b| run_query(store, b)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<Value, ApiError>>>> =
        bodies.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(body) = bodies.get(i) else { break };
                let answer = run_query(store, body);
                *slots[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(answer);
            });
        }
    });
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .expect("every query ran")
        })
        .collect()
}
