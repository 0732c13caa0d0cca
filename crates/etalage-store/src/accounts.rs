//! People who log in to the web app: users, login sessions, login attempts
//! (for lock-out), site memberships and invites.
//!
//! Secrets never reach the store in the clear: session ids and invite tokens
//! arrive already hashed, passwords as Argon2 PHC strings. The web layer
//! does the hashing and normalises e-mail addresses (trimmed, lower case).
use crate::duckdb_store::DuckDbStore;
use crate::{Result, StoreError};
use chrono::{DateTime, NaiveDateTime, Utc};
use duckdb::types::{TimeUnit, Value};
use duckdb::{params, Connection, OptionalExt};
use serde::Serialize;

/// What a member may do with a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Role {
    /// Sees everything and changes settings, goals, keys and members.
    Owner,
    /// Sees the site's reports, changes nothing.
    Viewer,
}

impl Role {
    /// The stored name: `owner` or `viewer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Viewer => "viewer",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "owner" => Some(Role::Owner),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }
}

/// A person who can log in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    /// Internal id.
    pub id: u32,
    /// Normalised e-mail address; unique.
    pub email: String,
    /// Administrators (the first user, and users made on the command line)
    /// own every site, including sites added later.
    pub is_admin: bool,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
}

/// A login session, found by the hash of its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Whose session it is.
    pub user_id: u32,
    /// When the user logged in.
    pub created_at: DateTime<Utc>,
    /// When it ends unless used again.
    pub expires_at: DateTime<Utc>,
}

/// A member of a site.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The user.
    pub user: User,
    /// Their role on the site.
    pub role: Role,
}

/// An invitation to join a site, found by the hash of its token.
#[derive(Debug, Clone, PartialEq)]
pub struct Invite {
    /// The site to join.
    pub site_id: u32,
    /// Normalised e-mail address of the person invited.
    pub email: String,
    /// The role they get.
    pub role: Role,
    /// The user who invited them.
    pub invited_by: u32,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// After this it can no longer be accepted.
    pub expires_at: DateTime<Utc>,
}

/// Accounts, sessions, memberships and invites, behind one interface.
pub trait AccountStore: Send + Sync {
    /// Number of users.
    fn user_count(&self) -> Result<u64>;
    /// Creates the first user, an administrator, only while there is no
    /// user at all (`None` otherwise); the check and the insert are atomic
    /// so two setup forms cannot both win.
    fn add_first_user(&self, email: &str, password_hash: &str) -> Result<Option<User>>;
    /// Creates a user; [`StoreError::Conflict`] when the e-mail is taken.
    fn add_user(&self, email: &str, password_hash: &str, is_admin: bool) -> Result<User>;
    /// The user with this id.
    fn user(&self, id: u32) -> Result<Option<User>>;
    /// The user with this (normalised) e-mail address.
    fn user_by_email(&self, email: &str) -> Result<Option<User>>;
    /// Every user, by e-mail address.
    fn users(&self) -> Result<Vec<User>>;
    /// The stored password hash (PHC string) of a user.
    fn password_hash(&self, user_id: u32) -> Result<Option<String>>;
    /// Replaces a user's password hash.
    fn set_password_hash(&self, user_id: u32, password_hash: &str) -> Result<()>;

    /// Stores a new session by the hash of its id.
    fn create_session(
        &self,
        id_hash: &str,
        user_id: u32,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()>;
    /// The session with this id hash, if it has not expired at `now`.
    fn session(&self, id_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>>;
    /// Moves a session's expiry (sliding expiry).
    fn extend_session(&self, id_hash: &str, expires_at: DateTime<Utc>) -> Result<()>;
    /// Ends a session.
    fn delete_session(&self, id_hash: &str) -> Result<()>;
    /// Ends every session of a user (after a password change).
    fn delete_user_sessions(&self, user_id: u32) -> Result<()>;
    /// Forgets sessions that expired before `now`; returns how many.
    fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64>;

    /// Records a login attempt for an e-mail address from a client address.
    fn record_login_attempt(
        &self,
        email: &str,
        ip: &str,
        at: DateTime<Utc>,
        success: bool,
    ) -> Result<()>;
    /// Times of the failed attempts for this e-mail and address since
    /// `since` and since the last successful one, oldest first.
    fn recent_login_failures(
        &self,
        email: &str,
        ip: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>>;

    /// Gives a user a role on a site (replacing any earlier role).
    fn set_role(&self, site_id: u32, user_id: u32, role: Role) -> Result<()>;
    /// Removes a user from a site.
    fn remove_member(&self, site_id: u32, user_id: u32) -> Result<()>;
    /// A user's role on a site: administrators are owners of every site.
    fn role(&self, site_id: u32, user_id: u32) -> Result<Option<Role>>;
    /// The sites a user was made a member of (administrators see every
    /// site without being listed here), as (site id, role).
    fn memberships(&self, user_id: u32) -> Result<Vec<(u32, Role)>>;
    /// The members of a site, by e-mail address.
    fn members(&self, site_id: u32) -> Result<Vec<Member>>;

    /// Stores an invite by the hash of its token.
    fn add_invite(&self, token_hash: &str, invite: &Invite) -> Result<()>;
    /// The invite with this token hash, if not yet accepted or expired.
    fn invite(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Invite>>;
    /// A site's invites that can still be accepted.
    fn pending_invites(&self, site_id: u32, now: DateTime<Utc>) -> Result<Vec<Invite>>;
    /// Accepts an invite in one transaction: creates the invited user with
    /// `new_password_hash` when no account has that e-mail yet (the caller
    /// must have authenticated the existing user otherwise), gives them the
    /// role and marks the invite used. [`StoreError::Conflict`] when the
    /// invite is unknown, used or expired, or a new account needs a password.
    fn accept_invite(
        &self,
        token_hash: &str,
        new_password_hash: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<User>;
}

fn ts(t: DateTime<Utc>) -> Value {
    Value::Timestamp(TimeUnit::Microsecond, t.timestamp_micros())
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

fn corrupt_role(s: &str) -> StoreError {
    StoreError::Corrupt(format!("unknown member role {s:?}"))
}

const USER_COLUMNS: &str = "id, email, is_admin, created_at";

fn user_row(r: &duckdb::Row<'_>) -> duckdb::Result<User> {
    Ok(User {
        id: r.get(0)?,
        email: r.get(1)?,
        is_admin: r.get(2)?,
        created_at: utc(r.get(3)?),
    })
}

fn find_user(conn: &Connection, email: &str) -> Result<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?"),
            params![email],
            user_row,
        )
        .optional()?)
}

fn insert_user(
    conn: &Connection,
    email: &str,
    password_hash: &str,
    is_admin: bool,
) -> Result<User> {
    if find_user(conn, email)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "a user with the e-mail address {email} already exists"
        )));
    }
    let id: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM users", [], |r| {
        r.get(0)
    })?;
    conn.execute(
        "INSERT INTO users (id, email, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?)",
        params![id, email, password_hash, is_admin, ts(Utc::now())],
    )?;
    find_user(conn, email)?.ok_or_else(|| StoreError::Corrupt("user vanished".into()))
}

fn upsert_role(conn: &Connection, site_id: u32, user_id: u32, role: Role) -> Result<()> {
    // ON CONFLICT updates the non-key column in place: DuckDB's indexes dislike
    // a delete followed by an insert of the same key in one transaction.
    conn.execute(
        "INSERT INTO site_members (site_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (site_id, user_id) DO UPDATE SET role = excluded.role",
        params![site_id, user_id, role.as_str(), ts(Utc::now())],
    )?;
    Ok(())
}

type InviteRow = (u32, String, String, u32, NaiveDateTime, NaiveDateTime);

fn invite_row(r: &duckdb::Row<'_>) -> duckdb::Result<InviteRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn to_invite((site_id, email, role, invited_by, created, expires): InviteRow) -> Result<Invite> {
    Ok(Invite {
        site_id,
        email,
        role: Role::parse(&role).ok_or_else(|| corrupt_role(&role))?,
        invited_by,
        created_at: utc(created),
        expires_at: utc(expires),
    })
}

const INVITE_COLUMNS: &str = "site_id, email, role, invited_by, created_at, expires_at";

fn find_invite(conn: &Connection, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Invite>> {
    let row = conn
        .query_row(
            &format!(
                "SELECT {INVITE_COLUMNS} FROM invites WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?"
            ),
            params![token_hash, ts(now)],
            invite_row,
        )
        .optional()?;
    row.map(to_invite).transpose()
}

impl AccountStore for DuckDbStore {
    fn user_count(&self) -> Result<u64> {
        self.read(|conn| {
            let n: i64 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
            Ok(n as u64)
        })
    }

    fn add_first_user(&self, email: &str, password_hash: &str) -> Result<Option<User>> {
        self.write(|conn| {
            let n: i64 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
            if n > 0 {
                return Ok(None);
            }
            insert_user(conn, email, password_hash, true).map(Some)
        })
    }

    fn add_user(&self, email: &str, password_hash: &str, is_admin: bool) -> Result<User> {
        self.write(|conn| insert_user(conn, email, password_hash, is_admin))
    }

    fn user(&self, id: u32) -> Result<Option<User>> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"),
                    params![id],
                    user_row,
                )
                .optional()?)
        })
    }

    fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        self.read(|conn| find_user(conn, email))
    }

    fn users(&self) -> Result<Vec<User>> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"))?;
            let rows = stmt
                .query_map([], user_row)?
                .collect::<duckdb::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    fn password_hash(&self, user_id: u32) -> Result<Option<String>> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT password_hash FROM users WHERE id = ?",
                    params![user_id],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }

    fn set_password_hash(&self, user_id: u32, password_hash: &str) -> Result<()> {
        self.write(|conn| {
            conn.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?",
                params![password_hash, user_id],
            )?;
            Ok(())
        })
    }

    fn create_session(
        &self,
        id_hash: &str,
        user_id: u32,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|conn| {
            conn.execute(
                "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                params![id_hash, user_id, ts(now), ts(expires_at)],
            )?;
            Ok(())
        })
    }

    fn session(&self, id_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT user_id, created_at, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?",
                    params![id_hash, ts(now)],
                    |r| Ok(Session { user_id: r.get(0)?, created_at: utc(r.get(1)?), expires_at: utc(r.get(2)?) }),
                )
                .optional()?)
        })
    }

    fn extend_session(&self, id_hash: &str, expires_at: DateTime<Utc>) -> Result<()> {
        self.write(|conn| {
            conn.execute(
                "UPDATE sessions SET expires_at = ? WHERE id_hash = ?",
                params![ts(expires_at), id_hash],
            )?;
            Ok(())
        })
    }

    fn delete_session(&self, id_hash: &str) -> Result<()> {
        self.write(|conn| {
            conn.execute("DELETE FROM sessions WHERE id_hash = ?", params![id_hash])?;
            Ok(())
        })
    }

    fn delete_user_sessions(&self, user_id: u32) -> Result<()> {
        self.write(|conn| {
            conn.execute("DELETE FROM sessions WHERE user_id = ?", params![user_id])?;
            Ok(())
        })
    }

    fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        self.write(|conn| {
            Ok(conn.execute(
                "DELETE FROM sessions WHERE expires_at <= ?",
                params![ts(now)],
            )? as u64)
        })
    }

    fn record_login_attempt(
        &self,
        email: &str,
        ip: &str,
        at: DateTime<Utc>,
        success: bool,
    ) -> Result<()> {
        self.write(|conn| {
            conn.execute(
                "INSERT INTO login_attempts (email, ip, attempted_at, success) VALUES (?, ?, ?, ?)",
                params![email, ip, ts(at), success],
            )?;
            // Old attempts tell nothing any more; keep the table small.
            conn.execute(
                "DELETE FROM login_attempts WHERE attempted_at < ?",
                params![ts(at - chrono::Duration::days(1))],
            )?;
            Ok(())
        })
    }

    fn recent_login_failures(
        &self,
        email: &str,
        ip: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT attempted_at FROM login_attempts
                 WHERE email = ? AND ip = ? AND NOT success AND attempted_at >= ?
                   AND attempted_at > coalesce(
                       (SELECT max(attempted_at) FROM login_attempts WHERE email = ? AND ip = ? AND success),
                       TIMESTAMP '1970-01-01')
                 ORDER BY attempted_at",
            )?;
            let rows = stmt
                .query_map(params![email, ip, ts(since), email, ip], |r| r.get::<_, NaiveDateTime>(0))?
                .collect::<duckdb::Result<Vec<_>>>()?;
            Ok(rows.into_iter().map(utc).collect())
        })
    }

    fn set_role(&self, site_id: u32, user_id: u32, role: Role) -> Result<()> {
        self.write(|conn| upsert_role(conn, site_id, user_id, role))
    }

    fn remove_member(&self, site_id: u32, user_id: u32) -> Result<()> {
        self.write(|conn| {
            conn.execute(
                "DELETE FROM site_members WHERE site_id = ? AND user_id = ?",
                params![site_id, user_id],
            )?;
            Ok(())
        })
    }

    fn role(&self, site_id: u32, user_id: u32) -> Result<Option<Role>> {
        self.read(|conn| {
            let admin: Option<bool> = conn
                .query_row(
                    "SELECT is_admin FROM users WHERE id = ?",
                    params![user_id],
                    |r| r.get(0),
                )
                .optional()?;
            match admin {
                None => return Ok(None),
                Some(true) => return Ok(Some(Role::Owner)),
                Some(false) => {}
            }
            let role: Option<String> = conn
                .query_row(
                    "SELECT role FROM site_members WHERE site_id = ? AND user_id = ?",
                    params![site_id, user_id],
                    |r| r.get(0),
                )
                .optional()?;
            role.map(|r| Role::parse(&r).ok_or_else(|| corrupt_role(&r)))
                .transpose()
        })
    }

    fn memberships(&self, user_id: u32) -> Result<Vec<(u32, Role)>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT site_id, role FROM site_members WHERE user_id = ? ORDER BY site_id",
            )?;
            let rows = stmt
                .query_map(params![user_id], |r| {
                    Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?))
                })?
                .collect::<duckdb::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(s, r)| Ok((s, Role::parse(&r).ok_or_else(|| corrupt_role(&r))?)))
                .collect()
        })
    }

    fn members(&self, site_id: u32) -> Result<Vec<Member>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT u.id, u.email, u.is_admin, u.created_at, m.role
                 FROM site_members m JOIN users u ON u.id = m.user_id
                 WHERE m.site_id = ? ORDER BY u.email",
            )?;
            let rows = stmt
                .query_map(params![site_id], |r| {
                    Ok((user_row(r)?, r.get::<_, String>(4)?))
                })?
                .collect::<duckdb::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(user, r)| {
                    Ok(Member {
                        user,
                        role: Role::parse(&r).ok_or_else(|| corrupt_role(&r))?,
                    })
                })
                .collect()
        })
    }

    fn add_invite(&self, token_hash: &str, invite: &Invite) -> Result<()> {
        self.write(|conn| {
            conn.execute(
                "INSERT INTO invites (token_hash, site_id, email, role, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                params![
                    token_hash,
                    invite.site_id,
                    invite.email,
                    invite.role.as_str(),
                    invite.invited_by,
                    ts(invite.created_at),
                    ts(invite.expires_at)
                ],
            )?;
            Ok(())
        })
    }

    fn invite(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Invite>> {
        self.read(|conn| find_invite(conn, token_hash, now))
    }

    fn pending_invites(&self, site_id: u32, now: DateTime<Utc>) -> Result<Vec<Invite>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {INVITE_COLUMNS} FROM invites WHERE site_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY created_at"
            ))?;
            let rows = stmt.query_map(params![site_id, ts(now)], invite_row)?.collect::<duckdb::Result<Vec<_>>>()?;
            rows.into_iter().map(to_invite).collect()
        })
    }

    fn accept_invite(
        &self,
        token_hash: &str,
        new_password_hash: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<User> {
        self.write(|conn| {
            let tx = conn.transaction()?;
            let invite = find_invite(&tx, token_hash, now)?.ok_or_else(|| {
                StoreError::Conflict("the invite is unknown, already used or expired".into())
            })?;
            let user = match find_user(&tx, &invite.email)? {
                Some(u) => u,
                None => {
                    let hash = new_password_hash.ok_or_else(|| {
                        StoreError::Conflict("a new account needs a password".into())
                    })?;
                    insert_user(&tx, &invite.email, hash, false)?
                }
            };
            upsert_role(&tx, invite.site_id, user.id, invite.role)?;
            tx.execute(
                "UPDATE invites SET accepted_at = ? WHERE token_hash = ?",
                params![ts(now), token_hash],
            )?;
            tx.commit()?;
            Ok(user)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use chrono::Duration;
    use etalage_core::{Domain, Timezone};

    fn store() -> DuckDbStore {
        DuckDbStore::open_in_memory().unwrap()
    }

    #[test]
    fn only_one_first_user_and_emails_are_unique() {
        let s = store();
        assert_eq!(s.user_count().unwrap(), 0);
        let first = s.add_first_user("a@shop.example", "h1").unwrap().unwrap();
        assert!(first.is_admin);
        assert!(s.add_first_user("b@shop.example", "h2").unwrap().is_none());
        assert!(matches!(
            s.add_user("a@shop.example", "h3", false),
            Err(StoreError::Conflict(_))
        ));
        let b = s.add_user("b@shop.example", "h2", false).unwrap();
        assert!(!b.is_admin);
        assert_eq!(s.user_count().unwrap(), 2);
        assert_eq!(s.password_hash(first.id).unwrap().as_deref(), Some("h1"));
        s.set_password_hash(first.id, "h9").unwrap();
        assert_eq!(s.password_hash(first.id).unwrap().as_deref(), Some("h9"));
        assert_eq!(s.user_by_email("b@shop.example").unwrap().unwrap().id, b.id);
        assert_eq!(s.user(b.id).unwrap().unwrap().email, "b@shop.example");
        assert_eq!(s.users().unwrap().len(), 2);
    }

    #[test]
    fn sessions_expire_slide_and_end() {
        let s = store();
        let u = s.add_first_user("a@shop.example", "h").unwrap().unwrap();
        let now = Utc::now();
        s.create_session("sess1", u.id, now, now + Duration::days(30))
            .unwrap();
        assert_eq!(s.session("sess1", now).unwrap().unwrap().user_id, u.id);
        assert!(s
            .session("sess1", now + Duration::days(31))
            .unwrap()
            .is_none());
        s.extend_session("sess1", now + Duration::days(40)).unwrap();
        assert!(s
            .session("sess1", now + Duration::days(31))
            .unwrap()
            .is_some());
        assert_eq!(
            s.delete_expired_sessions(now + Duration::days(41)).unwrap(),
            1
        );
        s.create_session("sess2", u.id, now, now + Duration::days(30))
            .unwrap();
        s.delete_session("sess2").unwrap();
        assert!(s.session("sess2", now).unwrap().is_none());
        s.create_session("sess3", u.id, now, now + Duration::days(30))
            .unwrap();
        s.delete_user_sessions(u.id).unwrap();
        assert!(s.session("sess3", now).unwrap().is_none());
    }

    #[test]
    fn login_failures_count_since_the_last_success() {
        let s = store();
        let t0 = Utc::now();
        for i in 0..3 {
            s.record_login_attempt("a@x.example", "192.0.2.1", t0 + Duration::seconds(i), false)
                .unwrap();
        }
        s.record_login_attempt("a@x.example", "192.0.2.9", t0, false)
            .unwrap();
        assert_eq!(
            s.recent_login_failures("a@x.example", "192.0.2.1", t0 - Duration::minutes(15))
                .unwrap()
                .len(),
            3
        );
        assert_eq!(
            s.recent_login_failures("a@x.example", "192.0.2.1", t0 + Duration::seconds(1))
                .unwrap()
                .len(),
            2
        );
        s.record_login_attempt("a@x.example", "192.0.2.1", t0 + Duration::seconds(5), true)
            .unwrap();
        assert!(s
            .recent_login_failures("a@x.example", "192.0.2.1", t0 - Duration::minutes(15))
            .unwrap()
            .is_empty());
        assert_eq!(
            s.recent_login_failures("a@x.example", "192.0.2.9", t0 - Duration::minutes(15))
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn roles_members_and_invites() {
        let s = store();
        let site = s
            .add_site(&Domain::parse("shop.example").unwrap(), Timezone::default())
            .unwrap();
        let admin = s.add_first_user("boss@shop.example", "h").unwrap().unwrap();
        let viewer = s.add_user("v@shop.example", "h", false).unwrap();
        assert_eq!(s.role(site.id, admin.id).unwrap(), Some(Role::Owner));
        assert_eq!(s.role(site.id, viewer.id).unwrap(), None);
        s.set_role(site.id, viewer.id, Role::Viewer).unwrap();
        assert_eq!(s.role(site.id, viewer.id).unwrap(), Some(Role::Viewer));
        s.set_role(site.id, viewer.id, Role::Owner).unwrap();
        assert_eq!(
            s.memberships(viewer.id).unwrap(),
            vec![(site.id, Role::Owner)]
        );
        assert_eq!(s.members(site.id).unwrap().len(), 1);
        s.remove_member(site.id, viewer.id).unwrap();
        assert!(s.members(site.id).unwrap().is_empty());

        let now = Utc::now();
        let invite = Invite {
            site_id: site.id,
            email: "new@shop.example".into(),
            role: Role::Viewer,
            invited_by: admin.id,
            created_at: now,
            expires_at: now + Duration::days(7),
        };
        s.add_invite("tok", &invite).unwrap();
        assert_eq!(
            s.invite("tok", now).unwrap().unwrap().email,
            "new@shop.example"
        );
        assert!(s.invite("tok", now + Duration::days(8)).unwrap().is_none());
        assert_eq!(s.pending_invites(site.id, now).unwrap().len(), 1);
        assert!(matches!(
            s.accept_invite("tok", None, now),
            Err(StoreError::Conflict(_))
        ));
        let new = s.accept_invite("tok", Some("hash"), now).unwrap();
        assert_eq!(s.role(site.id, new.id).unwrap(), Some(Role::Viewer));
        assert!(s.invite("tok", now).unwrap().is_none());
        assert!(matches!(
            s.accept_invite("tok", Some("hash"), now),
            Err(StoreError::Conflict(_))
        ));
        assert!(s.pending_invites(site.id, now).unwrap().is_empty());
    }
}
