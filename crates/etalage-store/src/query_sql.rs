//! Turns a [`QueryPlan`] into DuckDB SQL. Every metric's SQL lives here, once.
//!
//! The shape: `base` holds the site's events in the range (with local time
//! and visit entry/exit pages when needed); `f` the rows that pass the
//! filters, one per (event, matched goal) when grouping by goal; event
//! metrics aggregate `f`; visit metrics aggregate, per group, the visits that
//! have at least one row in `f`, using all events of those visits.
use duckdb::types::{TimeUnit, Value};
use etalage_core::{
    Dimension, Filter, FilterOp, Goal, GoalTrigger, Metric, OffsetSegment, OrderBy, QueryPlan,
    SortDirection, EVENT_PAGEVIEW,
};
use std::fmt::Write;

/// SQL text with its positional parameters.
pub(crate) struct Sql {
    pub text: String,
    pub params: Vec<Value>,
}

pub(crate) fn ts_literal(t: chrono::DateTime<chrono::Utc>) -> String {
    format!("TIMESTAMP '{}'", t.format("%Y-%m-%d %H:%M:%S%.6f"))
}

/// `ts` shifted to local wall-clock time with a `CASE` over offset segments.
pub(crate) fn local_ts_expr(offsets: &[OffsetSegment]) -> String {
    local_expr("ts", offsets)
}

/// A UTC timestamp column shifted to local wall-clock time.
pub(crate) fn local_expr(column: &str, offsets: &[OffsetSegment]) -> String {
    match offsets {
        [] => column.into(),
        [only] => format!("({column} + to_seconds({}))", only.offset_seconds),
        _ => {
            let mut s = format!("({column} + to_seconds(CASE");
            for seg in &offsets[..offsets.len() - 1] {
                let _ = write!(
                    s,
                    " WHEN {column} < {} THEN {}",
                    ts_literal(seg.end),
                    seg.offset_seconds
                );
            }
            let _ = write!(
                s,
                " ELSE {} END))",
                offsets[offsets.len() - 1].offset_seconds
            );
            s
        }
    }
}

/// The expression of a (non-goal) dimension over `base`. Time buckets stay
/// timestamps here (cheap to group by); [`output`] formats them.
fn column(d: Dimension) -> &'static str {
    match d {
        Dimension::EventPage => "pathname",
        Dimension::EventName => "name",
        Dimension::EventGoal => "goal_name",
        Dimension::EntryPage => "entry_page",
        Dimension::ExitPage => "exit_page",
        Dimension::Source => "source",
        Dimension::Channel => "channel",
        Dimension::Referrer => "referrer",
        Dimension::UtmSource => "utm_source",
        Dimension::UtmMedium => "utm_medium",
        Dimension::UtmCampaign => "utm_campaign",
        Dimension::UtmTerm => "utm_term",
        Dimension::UtmContent => "utm_content",
        Dimension::Device => "device",
        Dimension::Browser => "browser",
        Dimension::Os => "os",
        Dimension::Country => "country",
        Dimension::TimeHour => "date_trunc('hour', local_ts)",
        Dimension::TimeDay => "date_trunc('day', local_ts)",
        Dimension::TimeWeek => "date_trunc('week', local_ts)",
        Dimension::TimeMonth => "date_trunc('month', local_ts)",
    }
}

/// The response text of dimension `d` held in column `name`.
fn output(d: Dimension, name: &str) -> String {
    match d {
        Dimension::TimeHour => format!("strftime({name}, '%Y-%m-%d %H:00:00')"),
        Dimension::TimeDay | Dimension::TimeWeek | Dimension::TimeMonth => {
            format!("strftime({name}, '%Y-%m-%d')")
        }
        _ => name.to_string(),
    }
}

/// The stored column a dimension reads, when it is one.
fn stored_column(d: Dimension) -> Option<&'static str> {
    match d {
        Dimension::EventGoal
        | Dimension::EntryPage
        | Dimension::ExitPage
        | Dimension::TimeHour
        | Dimension::TimeDay
        | Dimension::TimeWeek
        | Dimension::TimeMonth => None,
        other => Some(column(other)),
    }
}

/// Whether every event of a visit has the same value: the visit's
/// attributes are set by its first event, its entry and exit pages are
/// computed per visit.
fn constant_per_visit(d: Dimension) -> bool {
    !matches!(
        d,
        Dimension::EventPage
            | Dimension::EventName
            | Dimension::EventGoal
            | Dimension::TimeHour
            | Dimension::TimeDay
            | Dimension::TimeWeek
            | Dimension::TimeMonth
    )
}

/// Whether the event matches a goal; binds the goal's match value.
fn goal_match(goal: &Goal, prefix: &str, params: &mut Vec<Value>) -> String {
    match &goal.trigger {
        GoalTrigger::Event(name) => {
            params.push(Value::Text(name.clone()));
            format!("{prefix}name = ?")
        }
        GoalTrigger::Page(p) => {
            params.push(Value::Text(p.to_regex()));
            format!("({prefix}name = '{EVENT_PAGEVIEW}' AND regexp_matches({prefix}pathname, ?))")
        }
    }
}

fn goals_match_any(goals: &[&Goal], prefix: &str, params: &mut Vec<Value>) -> String {
    if goals.is_empty() {
        return "FALSE".into();
    }
    let parts: Vec<String> = goals
        .iter()
        .map(|g| goal_match(g, prefix, params))
        .collect();
    format!("({})", parts.join(" OR "))
}

fn filter_expr(f: &Filter, goals: &[Goal], params: &mut Vec<Value>) -> String {
    match f {
        Filter::And(fs) => join(fs, " AND ", "TRUE", goals, params),
        Filter::Or(fs) => join(fs, " OR ", "FALSE", goals, params),
        Filter::Not(inner) => format!(
            "(NOT coalesce({}, FALSE))",
            filter_expr(inner, goals, params)
        ),
        Filter::Condition {
            op,
            dimension: Dimension::EventGoal,
            values,
        } => {
            let chosen: Vec<&Goal> = goals.iter().filter(|g| values.contains(&g.name)).collect();
            let m = goals_match_any(&chosen, "", params);
            match op {
                FilterOp::Is | FilterOp::Contains => m,
                FilterOp::IsNot | FilterOp::ContainsNot => format!("(NOT {m})"),
            }
        }
        Filter::Condition {
            op,
            dimension,
            values,
        } => {
            let col = column(*dimension);
            match op {
                FilterOp::Is | FilterOp::IsNot => {
                    let marks = vec!["?"; values.len()].join(", ");
                    params.extend(values.iter().map(|v| Value::Text(v.clone())));
                    if *op == FilterOp::Is {
                        format!("({col} IN ({marks}))")
                    } else {
                        format!("({col} IS NULL OR {col} NOT IN ({marks}))")
                    }
                }
                FilterOp::Contains | FilterOp::ContainsNot => {
                    let parts: Vec<String> = values
                        .iter()
                        .map(|v| {
                            params.push(Value::Text(v.to_lowercase()));
                            format!("contains(lower({col}), ?)")
                        })
                        .collect();
                    let any = format!("coalesce(({}), FALSE)", parts.join(" OR "));
                    if *op == FilterOp::Contains {
                        any
                    } else {
                        format!("(NOT {any})")
                    }
                }
            }
        }
    }
}

fn join(fs: &[Filter], sep: &str, empty: &str, goals: &[Goal], params: &mut Vec<Value>) -> String {
    if fs.is_empty() {
        return empty.into();
    }
    let parts: Vec<String> = fs.iter().map(|f| filter_expr(f, goals, params)).collect();
    format!("({})", parts.join(sep))
}

/// One row per (event of `from`, goal it converts for), with the goal's
/// name and value: a `UNION ALL` of one filtered scan per goal, which
/// DuckDB runs far faster than a join on an `OR` of conditions.
fn goal_rows(from: &str, cols: &str, goals: &[&Goal], params: &mut Vec<Value>) -> String {
    let cols = if cols.is_empty() {
        String::new()
    } else {
        format!("{cols}, ")
    };
    if goals.is_empty() {
        return format!(
            "SELECT {cols}NULL::VARCHAR AS goal_name, NULL::DOUBLE AS goal_value FROM {from} WHERE FALSE"
        );
    }
    goals
        .iter()
        .map(|g| {
            params.push(Value::Text(g.name.clone()));
            let value = g
                .value
                .map(|m| m.amount.to_string().parse::<f64>().unwrap_or(0.0));
            params.push(value.map(Value::Double).unwrap_or(Value::Null));
            let m = goal_match(g, "", params);
            format!("SELECT {cols}?::VARCHAR AS goal_name, ?::DOUBLE AS goal_value FROM {from} WHERE {m}")
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// Builds the SQL for a plan. Columns: dimensions `d0..`, then metrics `m0..`.
pub(crate) fn build(plan: &QueryPlan) -> Sql {
    let mut params: Vec<Value> = Vec::new();
    let dims = &plan.dimensions;
    let metrics = &plan.metrics;
    let goal_dim = dims.contains(&Dimension::EventGoal);
    let has = |m: Metric| metrics.contains(&m);
    let needs_local = dims.iter().any(|d| d.time_bucket().is_some());
    let filter_uses = |d: Dimension| plan.filter.as_ref().is_some_and(|f| f.uses(d));
    let page_dims = [Dimension::EntryPage, Dimension::ExitPage];
    let needs_pages = page_dims
        .iter()
        .any(|d| dims.contains(d) || filter_uses(*d));
    let visit_metrics = [
        Metric::Visits,
        Metric::BounceRate,
        Metric::VisitDuration,
        Metric::ViewsPerVisit,
    ]
    .iter()
    .any(|m| has(*m));
    let goal_filter: Vec<&Goal> = plan.goal_filter.iter().collect();

    // raw: only the columns this query reads, of the site's events in range.
    let mut cols: Vec<&str> = vec![
        "ts",
        "visitor_id",
        "visit_id",
        "name",
        "pathname",
        "interactive",
        "revenue_amount",
    ];
    for d in Dimension::ALL {
        if dims.contains(d) || filter_uses(*d) {
            if let Some(c) = stored_column(*d) {
                if !cols.contains(&c) {
                    cols.push(c);
                }
            }
        }
    }
    let mut sql = String::from("WITH ");
    let local = if needs_local {
        format!(", {} AS local_ts", local_ts_expr(&plan.offsets))
    } else {
        String::new()
    };
    params.push(Value::UInt(plan.site_id));
    params.push(Value::Timestamp(
        TimeUnit::Microsecond,
        plan.range.start.timestamp_micros(),
    ));
    params.push(Value::Timestamp(
        TimeUnit::Microsecond,
        plan.range.end.timestamp_micros(),
    ));
    let _ = write!(
        sql,
        "raw AS (SELECT {}{local} FROM events WHERE site_id = ? AND ts >= ? AND ts < ?)",
        cols.join(", ")
    );
    if needs_pages {
        sql.push_str(
            ", pages AS (SELECT visit_id,
                 arg_min(pathname, ts) FILTER (WHERE name = 'pageview') AS entry_page,
                 arg_max(pathname, ts) FILTER (WHERE name = 'pageview') AS exit_page
               FROM raw GROUP BY visit_id),
             base AS (SELECT raw.*, pages.entry_page, pages.exit_page FROM raw JOIN pages USING (visit_id))",
        );
    } else {
        sql.push_str(", base AS (SELECT * FROM raw)");
    }
    // f0: rows passing the filters except the goal filter; f1: all filters;
    // f: one row per (event, matched goal) when grouping by goal.
    let mut f0 = "base";
    if let Some(filter) = &plan.filter {
        let cond = filter_expr(filter, &plan.goals, &mut params);
        let _ = write!(sql, ", f0 AS (SELECT * FROM base WHERE {cond})");
        f0 = "f0";
    }
    let mut f1 = f0;
    if !goal_filter.is_empty() {
        let m = goals_match_any(&goal_filter, "", &mut params);
        let _ = write!(sql, ", f1 AS (SELECT * FROM {f0} WHERE {m})");
        f1 = "f1";
    }
    let mut f = f1;
    if goal_dim {
        let chosen: Vec<&Goal> = if goal_filter.is_empty() {
            plan.goals.iter().collect()
        } else {
            goal_filter.clone()
        };
        let rows = goal_rows(f1, &format!("{f1}.*"), &chosen, &mut params);
        let _ = write!(sql, ", f AS ({rows})");
        f = "f";
    }

    let dim_cols: Vec<String> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{} AS d{i}", column(*d)))
        .collect();
    let dim_names: Vec<String> = (0..dims.len()).map(|i| format!("d{i}")).collect();
    let group = if dims.is_empty() {
        String::new()
    } else {
        format!(" GROUP BY {}", dim_names.join(", "))
    };
    let not_null_of = |names: &[String]| -> String {
        if names.is_empty() {
            String::new()
        } else {
            format!(
                " WHERE {}",
                names
                    .iter()
                    .map(|d| format!("{d} IS NOT NULL"))
                    .collect::<Vec<_>>()
                    .join(" AND ")
            )
        }
    };
    let not_null = if dims.is_empty() {
        String::new()
    } else {
        format!(
            " WHERE {}",
            dims.iter()
                .map(|d| format!("{} IS NOT NULL", column(*d)))
                .collect::<Vec<_>>()
                .join(" AND ")
        )
    };

    let unfiltered = plan.filter.is_none() && goal_filter.is_empty() && !goal_dim;
    // Visit metrics over every visit in range by visit attributes: one
    // pass groups the events by visit, and every metric comes from there.
    let visit_level = visit_metrics
        && unfiltered
        && !has(Metric::ConversionRate)
        && dims.iter().all(|d| constant_per_visit(*d));
    let per_visit = "count(*) FILTER (WHERE name = 'pageview') AS pv,
                 count(*) FILTER (WHERE name <> 'pageview' AND interactive) AS other,
                 date_diff('millisecond', min(ts), max(ts)) / 1000.0 AS dur";
    let visit_aggregates = "count(*) AS visits,
                 100.0 * avg(CASE WHEN pv = 1 AND other = 0 THEN 1 ELSE 0 END) AS bounce_rate,
                 avg(dur) AS visit_duration";
    let main_cte = if visit_level { "vm" } else { "em" };
    if visit_level {
        let dims_of_visit: String = dims
            .iter()
            .enumerate()
            .map(|(i, d)| format!("any_value({}) AS d{i}, ", column(*d)))
            .collect();
        // Only the per-visit sums the metrics need: each costs a column in
        // the visit grouping.
        let revenue = has(Metric::TotalRevenue) || has(Metric::AverageRevenue);
        let (mut per, mut over) = (String::new(), String::new());
        if has(Metric::Events) {
            per.push_str("count(*) AS n, ");
            over.push_str("sum(n) AS events, ");
        }
        if revenue {
            per.push_str("sum(revenue_amount) AS rev, count(revenue_amount) AS rev_n, ");
            over.push_str(
                "sum(rev)::DOUBLE AS total_revenue, (sum(rev) / nullif(sum(rev_n), 0))::DOUBLE AS average_revenue, ",
            );
        }
        let _ = write!(
            sql,
            ", vs AS (SELECT {dims_of_visit}any_value(visitor_id) AS vid, {per}{per_visit}
               FROM base GROUP BY visit_id),
               vm AS (SELECT {}count(DISTINCT vid) AS visitors, sum(pv) AS pageviews, {over}
                 {visit_aggregates}
               FROM vs{}{group})",
            dim_names
                .iter()
                .map(|d| format!("{d}, "))
                .collect::<String>(),
            not_null_of(&dim_names)
        );
    } else {
        // Event metrics: only the aggregates asked for. Long text
        // dimensions are grouped by their 64-bit hash, which DuckDB groups
        // much faster than the text (a collision needs ~2^32 distinct values).
        let hashed = |d: Dimension| {
            matches!(
                d,
                Dimension::EventPage
                    | Dimension::EntryPage
                    | Dimension::ExitPage
                    | Dimension::Referrer
                    | Dimension::UtmSource
                    | Dimension::UtmMedium
                    | Dimension::UtmCampaign
                    | Dimension::UtmTerm
                    | Dimension::UtmContent
            )
        };
        let mut em: Vec<String> = dims
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if hashed(*d) {
                    format!("any_value({}) AS d{i}", column(*d))
                } else {
                    format!("{} AS d{i}", column(*d))
                }
            })
            .collect();
        em.push("count(*) AS events".to_string());
        if has(Metric::Visitors) || has(Metric::ConversionRate) {
            em.push("count(DISTINCT visitor_id) AS visitors".into());
        }
        if has(Metric::Pageviews) || has(Metric::ViewsPerVisit) {
            em.push("count(*) FILTER (WHERE name = 'pageview') AS pageviews".into());
        }
        if has(Metric::TotalRevenue) {
            em.push("sum(revenue_amount)::DOUBLE AS total_revenue".into());
        }
        if has(Metric::AverageRevenue) {
            em.push("avg(revenue_amount)::DOUBLE AS average_revenue".into());
        }
        if goal_dim && has(Metric::GoalValue) {
            em.push("sum(goal_value) AS goal_value".into());
        }
        let em_group = if dims.is_empty() {
            String::new()
        } else {
            let keys: Vec<String> = dims
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    if hashed(*d) {
                        format!("hash({})", column(*d))
                    } else {
                        format!("d{i}")
                    }
                })
                .collect();
            format!(" GROUP BY {}", keys.join(", "))
        };
        let _ = write!(
            sql,
            ", em AS (SELECT {} FROM {f}{not_null}{em_group})",
            em.join(", ")
        );
    }
    if has(Metric::GoalValue) && !goal_dim {
        let chosen: Vec<&Goal> = if goal_filter.is_empty() {
            plan.goals.iter().collect()
        } else {
            goal_filter.clone()
        };
        let valued: Vec<&Goal> = chosen.into_iter().filter(|g| g.value.is_some()).collect();
        let rows = goal_rows(f, &dim_cols.join(", "), &valued, &mut params);
        let mut sel = dim_names.clone();
        sel.push("sum(goal_value) AS goal_value".into());
        let _ = write!(
            sql,
            ", gv AS (SELECT {} FROM ({rows}){}{group})",
            sel.join(", "),
            not_null_of(&dim_names)
        );
    }
    if visit_metrics && !visit_level {
        let touched = if unfiltered {
            String::new()
        } else {
            format!(" WHERE visit_id IN (SELECT visit_id FROM {f})")
        };
        let _ = write!(
            sql,
            ", vs AS (SELECT visit_id, {per_visit} FROM base{touched} GROUP BY visit_id)"
        );
        let distinct_cols = {
            let mut c = dim_cols.clone();
            c.push("visit_id".into());
            c.join(", ")
        };
        let _ = write!(
            sql,
            ", vg AS (SELECT DISTINCT {distinct_cols} FROM {f}{not_null}),
               vm AS (SELECT {}{visit_aggregates} FROM vg JOIN vs USING (visit_id){group})",
            dim_names
                .iter()
                .map(|d| format!("{d}, "))
                .collect::<String>()
        );
    }
    if has(Metric::ConversionRate) {
        // Denominator: visitors without the goal filter, per non-goal dimension.
        let other: Vec<(usize, Dimension)> = dims
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, d)| *d != Dimension::EventGoal)
            .collect();
        let cols: Vec<String> = other
            .iter()
            .map(|(i, d)| format!("{} AS d{i}", column(*d)))
            .collect();
        let grp = if other.is_empty() {
            String::new()
        } else {
            format!(
                " GROUP BY {}",
                other
                    .iter()
                    .map(|(i, _)| format!("d{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let mut c = cols.clone();
        c.push("count(DISTINCT visitor_id) AS total_visitors".into());
        let _ = write!(sql, ", tv AS (SELECT {} FROM {f0}{grp})", c.join(", "));
    }

    // Final select.
    let using = if dims.is_empty() {
        String::new()
    } else {
        format!(" USING ({})", dim_names.join(", "))
    };
    let join_kw = if dims.is_empty() {
        " CROSS JOIN "
    } else {
        " LEFT JOIN "
    };
    let mut from = String::from(main_cte);
    if has(Metric::GoalValue) && !goal_dim {
        let _ = write!(from, "{join_kw}gv{using}");
    }
    if visit_metrics && !visit_level {
        let _ = write!(from, "{join_kw}vm{using}");
    }
    if has(Metric::ConversionRate) {
        let other: Vec<String> = dims
            .iter()
            .enumerate()
            .filter(|(_, d)| **d != Dimension::EventGoal)
            .map(|(i, _)| format!("d{i}"))
            .collect();
        if other.is_empty() {
            from.push_str(" CROSS JOIN tv");
        } else {
            let _ = write!(from, " LEFT JOIN tv USING ({})", other.join(", "));
        }
    }
    let metric_exprs: Vec<String> = metrics
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let e = match m {
                Metric::Visitors => "visitors::DOUBLE".to_string(),
                Metric::Events => "events::DOUBLE".to_string(),
                Metric::Pageviews => "pageviews::DOUBLE".to_string(),
                Metric::TotalRevenue => "round(coalesce(total_revenue, 0), 2)".to_string(),
                Metric::AverageRevenue => "round(coalesce(average_revenue, 0), 2)".to_string(),
                Metric::GoalValue => "round(coalesce(goal_value, 0), 2)".to_string(),
                Metric::Visits => "coalesce(visits, 0)::DOUBLE".to_string(),
                Metric::BounceRate => "round(coalesce(bounce_rate, 0), 1)".to_string(),
                Metric::VisitDuration => "round(coalesce(visit_duration, 0))".to_string(),
                Metric::ViewsPerVisit => {
                    "round(CASE WHEN coalesce(visits, 0) = 0 THEN 0 ELSE pageviews / visits END, 2)".to_string()
                }
                Metric::ConversionRate => {
                    "round(CASE WHEN coalesce(total_visitors, 0) = 0 THEN 0 ELSE 100.0 * visitors / total_visitors END, 2)"
                        .to_string()
                }
            };
            format!("{e} AS m{i}")
        })
        .collect();
    let mut select_cols: Vec<String> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{} AS d{i}", output(*d, &format!("d{i}"))))
        .collect();
    select_cols.extend(metric_exprs);
    let _ = write!(sql, " SELECT {} FROM {from}", select_cols.join(", "));

    // Order.
    let mut order: Vec<String> = plan
        .order_by
        .iter()
        .filter_map(|o| match o {
            OrderBy::Metric(m, dir) => metrics
                .iter()
                .position(|x| x == m)
                .map(|i| format!("m{i} {}", dir_sql(*dir))),
            OrderBy::Dimension(d, dir) => dims
                .iter()
                .position(|x| x == d)
                .map(|i| format!("d{i} {}", dir_sql(*dir))),
        })
        .collect();
    if order.is_empty() {
        if let Some(i) = dims.iter().position(|d| d.time_bucket().is_some()) {
            order.push(format!("d{i} ASC"));
        } else if !dims.is_empty() {
            order.push("m0 DESC".into());
        }
    }
    order.extend(dim_names.iter().map(|d| format!("{d} ASC")));
    if !order.is_empty() {
        let _ = write!(sql, " ORDER BY {}", order.join(", "));
    }
    let _ = write!(sql, " LIMIT {} OFFSET {}", plan.limit, plan.offset);
    Sql { text: sql, params }
}

fn dir_sql(d: SortDirection) -> &'static str {
    match d {
        SortDirection::Asc => "ASC",
        SortDirection::Desc => "DESC",
    }
}
