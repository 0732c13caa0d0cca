//! Share links: revocable read-only links to a site's dashboard, found by
//! the SHA-256 of their token (the web layer makes and hashes tokens).
use crate::duckdb_store::{next_id, ts_value, utc, DuckDbStore};
use crate::records::ShareLink;
use crate::Result;
use chrono::{NaiveDateTime, Utc};
use duckdb::{params, OptionalExt};

const COLUMNS: &str = "id, site_id, label, created_by, created_at, revoked_at";

fn row(r: &duckdb::Row<'_>) -> duckdb::Result<ShareLink> {
    Ok(ShareLink {
        id: r.get(0)?,
        site_id: r.get(1)?,
        label: r.get(2)?,
        created_by: r.get(3)?,
        created_at: utc(r.get(4)?),
        revoked_at: r.get::<_, Option<NaiveDateTime>>(5)?.map(utc),
    })
}

pub(crate) fn add(
    store: &DuckDbStore,
    site_id: u32,
    token_hash: &str,
    label: Option<&str>,
    created_by: u32,
) -> Result<ShareLink> {
    let label = label.map(str::trim).filter(|l| !l.is_empty());
    store.write(|conn| {
        let id = next_id(conn, "share_links")?;
        conn.execute(
            "INSERT INTO share_links (id, token_hash, site_id, label, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            params![id, token_hash, site_id, label, created_by, ts_value(Utc::now())],
        )?;
        Ok(conn.query_row(
            &format!("SELECT {COLUMNS} FROM share_links WHERE id = ?"),
            params![id],
            row,
        )?)
    })
}

pub(crate) fn list(store: &DuckDbStore, site_id: u32) -> Result<Vec<ShareLink>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM share_links WHERE site_id = ? ORDER BY created_at DESC, id DESC"
        ))?;
        let links = stmt
            .query_map(params![site_id], row)?
            .collect::<duckdb::Result<Vec<_>>>()?;
        Ok(links)
    })
}

pub(crate) fn revoke(store: &DuckDbStore, site_id: u32, link_id: u32) -> Result<bool> {
    store.write(|conn| {
        let n = conn.execute(
            "UPDATE share_links SET revoked_at = ? WHERE site_id = ? AND id = ? AND revoked_at IS NULL",
            params![ts_value(Utc::now()), site_id, link_id],
        )?;
        Ok(n > 0)
    })
}

pub(crate) fn site(store: &DuckDbStore, token_hash: &str) -> Result<Option<u32>> {
    store.read(|conn| {
        Ok(conn
            .query_row(
                "SELECT site_id FROM share_links WHERE token_hash = ? AND revoked_at IS NULL",
                params![token_hash],
                |r| r.get(0),
            )
            .optional()?)
    })
}

#[cfg(test)]
mod tests {
    use crate::{DuckDbStore, Store};
    use etalage_core::{Domain, Timezone};

    #[test]
    fn share_links_resolve_until_revoked() {
        let s = DuckDbStore::open_in_memory().unwrap();
        let a = s
            .add_site(&Domain::parse("a.example").unwrap(), Timezone::default())
            .unwrap();
        let b = s
            .add_site(&Domain::parse("b.example").unwrap(), Timezone::default())
            .unwrap();
        assert_eq!(s.share_link_site("h1").unwrap(), None);
        let first = s
            .add_share_link(a.id, "h1", Some(" boekhouder "), 7)
            .unwrap();
        assert_eq!(first.label.as_deref(), Some("boekhouder"));
        assert_eq!((first.site_id, first.created_by), (a.id, 7));
        assert!(first.revoked_at.is_none());
        let second = s.add_share_link(a.id, "h2", Some("  "), 7).unwrap();
        assert_eq!(second.label, None);
        s.add_share_link(b.id, "h3", None, 7).unwrap();
        assert!(
            s.add_share_link(b.id, "h3", None, 7).is_err(),
            "hashes are unique"
        );

        assert_eq!(s.share_link_site("h1").unwrap(), Some(a.id));
        assert_eq!(s.share_link_site("h3").unwrap(), Some(b.id));
        let listed: Vec<u32> = s.share_links(a.id).unwrap().iter().map(|l| l.id).collect();
        assert_eq!(
            listed,
            vec![second.id, first.id],
            "newest first, one site only"
        );

        // Another site's link cannot be revoked through this site.
        assert!(!s.revoke_share_link(b.id, first.id).unwrap());
        assert_eq!(s.share_link_site("h1").unwrap(), Some(a.id));
        assert!(s.revoke_share_link(a.id, first.id).unwrap());
        assert!(!s.revoke_share_link(a.id, first.id).unwrap(), "once");
        assert_eq!(s.share_link_site("h1").unwrap(), None);
        assert_eq!(s.share_link_site("h2").unwrap(), Some(a.id));
        let revoked = &s.share_links(a.id).unwrap()[1];
        assert!(revoked.revoked_at.is_some());
    }
}
