//! Which site an event's domain belongs to, kept in memory so an event does
//! not query the store.
//!
//! The copy is read again when it may be out of date: after
//! [`SiteIndex::mark_changed`] (the web app calls it through
//! `Collector::sites_changed` when a site is added or renamed), and, at most
//! once a second, when a domain is unknown (a site added by another writer).
use etalage_store::{Site, Store};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How often an unknown domain may make the index read the store again.
const UNKNOWN_DOMAIN_REREAD: Duration = Duration::from_secs(1);

/// The sites by normalised domain.
pub(crate) struct SiteIndex {
    by_domain: HashMap<String, Site>,
    read_at: Instant,
    changed: bool,
}

impl SiteIndex {
    /// Reads every site from the store.
    pub(crate) fn load(store: &dyn Store) -> etalage_store::Result<SiteIndex> {
        Ok(SiteIndex {
            by_domain: by_domain(store.sites()?),
            read_at: Instant::now(),
            changed: false,
        })
    }

    /// Notes that sites changed in the store: the next lookup reads them again.
    pub(crate) fn mark_changed(&mut self) {
        self.changed = true;
    }

    /// The key of a domain as given by a tracker (any case, `www.` or not);
    /// worked out before taking the index's lock.
    pub(crate) fn key(domain: &str) -> Option<String> {
        Some(etalage_core::Domain::parse(domain).ok()?.to_string())
    }

    /// The site of a domain, by its [`SiteIndex::key`].
    pub(crate) fn site(&mut self, store: &dyn Store, key: &str) -> Option<Site> {
        let unknown_may_be_new =
            !self.by_domain.contains_key(key) && self.read_at.elapsed() > UNKNOWN_DOMAIN_REREAD;
        if self.changed || unknown_may_be_new {
            match store.sites() {
                Ok(all) => {
                    self.by_domain = by_domain(all);
                    self.read_at = Instant::now();
                    self.changed = false;
                }
                // Keep the old copy; a changed index tries again next event.
                Err(e) => tracing::warn!(error = %e, "cannot read the sites again"),
            }
        }
        self.by_domain.get(key).cloned()
    }
}

fn by_domain(sites: Vec<Site>) -> HashMap<String, Site> {
    sites
        .into_iter()
        .map(|s| (s.domain.to_string(), s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use etalage_core::{Domain, Timezone};
    use etalage_store::DuckDbStore;

    fn domain(d: &str) -> Domain {
        Domain::parse(d).unwrap()
    }

    /// Looks a domain up as the collector does.
    fn lookup(index: &mut SiteIndex, store: &dyn Store, domain: &str) -> Option<Site> {
        index.site(store, &SiteIndex::key(domain)?)
    }

    #[test]
    fn a_renamed_site_answers_to_its_new_domain_only_once_marked_changed() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let shop = store
            .add_site(&domain("old.example"), Timezone::default())
            .unwrap();
        let mut index = SiteIndex::load(&store).unwrap();
        assert_eq!(
            lookup(&mut index, &store, "old.example").unwrap().id,
            shop.id
        );
        assert!(lookup(&mut index, &store, "new.example").is_none());

        store
            .update_site(shop.id, &domain("new.example"), Timezone::default())
            .unwrap()
            .unwrap();
        // Within the second after a miss, nothing tells the index yet.
        assert_eq!(
            lookup(&mut index, &store, "OLD.example").unwrap().id,
            shop.id
        );
        index.mark_changed();
        assert_eq!(
            lookup(&mut index, &store, "www.new.example").unwrap().id,
            shop.id
        );
        assert!(lookup(&mut index, &store, "old.example").is_none());

        let added = store
            .add_site(&domain("added.example"), Timezone::default())
            .unwrap();
        index.mark_changed();
        assert_eq!(
            lookup(&mut index, &store, "added.example").unwrap().id,
            added.id
        );
    }

    #[test]
    fn an_unknown_domain_reads_the_store_again_at_most_once_a_second() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let mut index = SiteIndex::load(&store).unwrap();
        let site = store
            .add_site(&domain("late.example"), Timezone::default())
            .unwrap();
        assert!(lookup(&mut index, &store, "late.example").is_none());
        index.read_at -= UNKNOWN_DOMAIN_REREAD * 2;
        assert_eq!(
            lookup(&mut index, &store, "late.example").unwrap().id,
            site.id
        );
    }
}
