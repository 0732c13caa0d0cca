//! Marketing spend by day, channel and campaign.
use super::stage::{self, Table};
use super::UpsertReport;
use crate::duckdb_store::ts_value;
use crate::Result;
use chrono::Utc;
use duckdb::{params, Connection};
use etalage_core::MarketingSpend;

const SPEND: Table = Table {
    name: "spend",
    keys: &["day", "channel", "campaign"],
    extra: &[],
};

pub(super) fn upsert(
    conn: &Connection,
    site_id: u32,
    spend: &[MarketingSpend],
) -> Result<UpsertReport> {
    let now = ts_value(Utc::now());
    let rows = stage::upsert_simple(
        conn,
        &SPEND,
        spend,
        |s| format!("{}\u{1f}{}\u{1f}{}", s.date, s.channel, s.campaign),
        |app, row_no, s, hash| {
            app.append_row(params![
                row_no,
                site_id,
                s.date,
                s.channel,
                s.campaign,
                stage::dec(s.amount.amount),
                s.amount.currency.as_str(),
                hash,
                now.clone(),
            ])
        },
        None,
    )?;
    Ok(UpsertReport { rows })
}
