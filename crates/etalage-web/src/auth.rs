use crate::AppState;
use axum::http::HeaderMap;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new random API token (`etl_` + 43 base64url characters, 256 bits).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::from("etl_");
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            s.push(ALPHABET[((acc >> bits) & 63) as usize] as char);
        }
    }
    if bits > 0 {
        s.push(ALPHABET[((acc << (6 - bits)) & 63) as usize] as char);
    }
    s
}

/// The stored form of a token: its SHA-256 in hex.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new share-link token: 43 base64url characters (256 bits), without the
/// API key's `etl_` prefix since it is part of a URL (`/share/{token}`).
pub(crate) fn new_share_token() -> String {
    let token = new_token();
    token.strip_prefix("etl_").unwrap_or(&token).to_string()
}

/// The stored form of a share-link token (SHA-256 in hex, as API tokens):
/// what [`etalage_store::Store::share_link_site`] looks up. Tokens are
/// random and long, so a fast hash is enough.
pub(crate) fn hash_share_token(token: &str) -> String {
    hash_token(token)
}

/// Checks `Authorization: Bearer …`; the error is the message to return.
pub(crate) fn require_key(state: &AppState, headers: &HeaderMap) -> Result<(), String> {
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or("send an API key as `Authorization: Bearer <token>`; create one with `etalage key create --name NAME`")?;
    let token = header
        .strip_prefix("Bearer ")
        .ok_or("the Authorization header must be `Bearer <token>`")?;
    match state.store.use_api_key(&hash_token(token)) {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err("the API key is unknown or revoked".into()),
        Err(e) => Err(format!("cannot check the API key: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hash_stably() {
        let a = new_token();
        assert!(a.starts_with("etl_") && a.len() == 47, "{a}");
        assert_ne!(a, new_token());
        let share = new_share_token();
        assert!(share.len() == 43 && !share.starts_with("etl_"), "{share}");
        assert_eq!(hash_share_token(&share), hash_token(&share));
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
