//! SQL for funnels: visitors who reached each goal after the previous ones
//! within one visit.
use crate::query_sql::Sql;
use duckdb::types::{TimeUnit, Value};
use etalage_core::{Goal, GoalTrigger, UtcRange};
use std::fmt::Write;

fn step_match(goal: &Goal, params: &mut Vec<Value>) -> String {
    match &goal.trigger {
        GoalTrigger::Event(name) => {
            params.push(Value::Text(name.clone()));
            "b.name = ?".into()
        }
        GoalTrigger::Page(p) => {
            params.push(Value::Text(p.to_regex()));
            "(b.name = 'pageview' AND regexp_matches(b.pathname, ?))".into()
        }
    }
}

pub(crate) fn build(site_id: u32, range: UtcRange, steps: &[Goal]) -> Sql {
    let mut params = vec![
        Value::UInt(site_id),
        Value::Timestamp(TimeUnit::Microsecond, range.start.timestamp_micros()),
        Value::Timestamp(TimeUnit::Microsecond, range.end.timestamp_micros()),
    ];
    let mut sql = String::from(
        "WITH base AS (SELECT visitor_id, visit_id, ts, name, pathname FROM events WHERE site_id = ? AND ts >= ? AND ts < ?)",
    );
    for (i, goal) in steps.iter().enumerate() {
        let m = step_match(goal, &mut params);
        if i == 0 {
            let _ = write!(
                sql,
                ", s0 AS (SELECT b.visit_id, any_value(b.visitor_id) AS visitor_id, min(b.ts) AS ts FROM base b WHERE {m} GROUP BY b.visit_id)"
            );
        } else {
            let p = i - 1;
            let _ = write!(
                sql,
                ", s{i} AS (SELECT b.visit_id, any_value(b.visitor_id) AS visitor_id, min(b.ts) AS ts FROM base b JOIN s{p} ON b.visit_id = s{p}.visit_id AND b.ts >= s{p}.ts WHERE {m} GROUP BY b.visit_id)"
            );
        }
    }
    let counts: Vec<String> = (0..steps.len())
        .map(|i| format!("(SELECT count(DISTINCT visitor_id) FROM s{i})"))
        .collect();
    let _ = write!(sql, " SELECT {}", counts.join(", "));
    Sql { text: sql, params }
}
