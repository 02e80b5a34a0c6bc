//! The first administrator: made on start when the configuration names one
//! (`[panel] admin_login` with `admin_password_hash` or `admin_password`),
//! never otherwise. A fresh install therefore has no Panel login at all,
//! and no known one such as admin/admin.
//!
//! It is made once: when an administrator with that login exists, it is
//! left as it is (its password may have been changed since), so the
//! configured password only ever sets the first one. It holds every seed
//! 002 permission and belongs to no dealer.

use std::collections::BTreeSet;

use argon2::password_hash::phc::PasswordHash;
use trackgate_store::{NewPanelAdmin, PanelPermission, Store};

use crate::auth::Passwords;

/// The administrator the configuration asks for.
#[derive(Clone, PartialEq, Eq)]
pub struct FirstAdmin {
    /// Its login.
    pub login: String,
    /// Its password, as an Argon2 PHC string (preferred: the configuration
    /// then holds no password)...
    pub password_hash: Option<String>,
    /// ...or the password itself, hashed on start.
    pub password: Option<String>,
}

impl std::fmt::Debug for FirstAdmin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstAdmin")
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

/// What [`ensure`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    /// It was created now.
    Created,
    /// It existed already and was left as it is.
    Existed,
}

/// Checks the configured administrator before anything starts: a login,
/// and exactly one of a hash that reads as a PHC string or a password.
pub fn check(admin: &FirstAdmin) -> Result<(), String> {
    if admin.login.trim().is_empty() {
        return Err("admin_login must not be empty".into());
    }
    match (&admin.password_hash, &admin.password) {
        (Some(hash), None) => PasswordHash::new(hash)
            .map(|_| ())
            .map_err(|e| format!("admin_password_hash is not a PHC string: {e}")),
        (None, Some(password)) if password.chars().count() >= 6 => Ok(()),
        (None, Some(_)) => Err("admin_password must be at least 6 characters".into()),
        _ => Err("give exactly one of admin_password_hash and admin_password".into()),
    }
}

/// Creates the administrator unless one with its login exists. Runs on a
/// blocking thread (it may hash the password).
pub fn ensure(
    store: &dyn Store,
    passwords: &Passwords,
    admin: &FirstAdmin,
    now_ms: i64,
) -> Result<Made, String> {
    check(admin)?;
    let exists = store
        .panel_admin_by_login(&admin.login)
        .map_err(|e| e.to_string())?;
    if exists.is_some() {
        return Ok(Made::Existed);
    }
    let password_hash = match (&admin.password_hash, &admin.password) {
        (Some(hash), _) => hash.clone(),
        (None, Some(password)) => passwords
            .hash_blocking(password)
            .map_err(|e| format!("hashing admin_password: {e:?}"))?,
        (None, None) => return Err("no password".into()),
    };
    store
        .create_panel_admin(NewPanelAdmin {
            login: admin.login.clone(),
            password_hash,
            email: String::new(),
            dealer: None,
            permissions: PanelPermission::ALL
                .iter()
                .copied()
                .collect::<BTreeSet<_>>(),
            created_ms: now_ms,
        })
        .map_err(|e| e.to_string())?;
    Ok(Made::Created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin(hash: Option<&str>, password: Option<&str>) -> FirstAdmin {
        FirstAdmin {
            login: "root".into(),
            password_hash: hash.map(str::to_owned),
            password: password.map(str::to_owned),
        }
    }

    #[test]
    fn needs_one_usable_secret() {
        assert!(check(&admin(None, Some("long enough"))).is_ok());
        assert!(check(&admin(None, Some("short"))).is_err());
        assert!(check(&admin(None, None)).is_err());
        assert!(check(&admin(Some("plain text"), None)).is_err());
        assert!(
            check(&admin(
                Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"),
                Some("x")
            ))
            .is_err()
        );
        assert!(
            check(&admin(
                Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"),
                None
            ))
            .is_ok()
        );
        assert!(!format!("{:?}", admin(None, Some("secret-pass"))).contains("secret-pass"));
    }
}
