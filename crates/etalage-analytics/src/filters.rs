use crate::ApiError;
use etalage_core::{Dimension, Filter, FilterOp};
use serde_json::Value;

const FILTER_HELP: &str = "a filter is [operator, dimension, [values]] with operator is, is_not, contains or contains_not, or [\"and\", [filters]], [\"or\", [filters]], [\"not\", filter]";

/// Parses one filter expression of the v2 API.
pub(crate) fn parse_filter(v: &Value) -> Result<Filter, ApiError> {
    let bad = |what: String| ApiError::BadRequest(format!("filters: {what}; {FILTER_HELP}"));
    let arr = v
        .as_array()
        .ok_or_else(|| bad(format!("{v} is not a list")))?;
    let op = arr
        .first()
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("{v} has no operator")))?;
    match op {
        "and" | "or" => {
            let list = arr
                .get(1)
                .and_then(Value::as_array)
                .ok_or_else(|| bad(format!("{op} needs a list of filters")))?;
            let fs = list
                .iter()
                .map(parse_filter)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if op == "and" {
                Filter::And(fs)
            } else {
                Filter::Or(fs)
            })
        }
        "not" => {
            let inner = arr.get(1).ok_or_else(|| bad("not needs a filter".into()))?;
            Ok(Filter::Not(Box::new(parse_filter(inner)?)))
        }
        _ => {
            let op = FilterOp::parse(op)
                .ok_or_else(|| bad(format!("operator {op:?} is not supported")))?;
            let dim_name = arr
                .get(1)
                .and_then(Value::as_str)
                .ok_or_else(|| bad("the dimension is missing".into()))?;
            let dimension = Dimension::parse(dim_name)
                .filter(|d| d.time_bucket().is_none())
                .ok_or_else(|| bad(format!("{dim_name:?} cannot be filtered on")))?;
            let values = arr
                .get(2)
                .and_then(Value::as_array)
                .ok_or_else(|| bad(format!("{dim_name} needs a list of values")))?
                .iter()
                .map(|x| match x {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(bad(format!("values of {dim_name} must be strings"))),
                })
                .collect::<Result<Vec<_>, _>>()?;
            if values.is_empty() {
                return Err(bad(format!("{dim_name} needs at least one value")));
            }
            if arr.len() > 3 {
                return Err(bad("filter modifiers are not supported".into()));
            }
            Ok(Filter::Condition {
                op,
                dimension,
                values,
            })
        }
    }
}
