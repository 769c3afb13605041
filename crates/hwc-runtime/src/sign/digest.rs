//! The two hash functions the signers use, and HMAC over them.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sm3::Sm3;

use super::SignError;

/// SHA-256 for the `*-SHA256` algorithms (and V11), SM3 for `SDK-HMAC-SM3` and `SDK-SM2-SM3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HashAlg {
    Sha256,
    Sm3,
}

impl HashAlg {
    /// Lower-case hex digest.
    pub(crate) fn hex(self, data: &[u8]) -> String {
        match self {
            Self::Sha256 => hex_lower(&Sha256::digest(data)),
            Self::Sm3 => hex_lower(&Sm3::digest(data)),
        }
    }

    /// The hex digest of nothing: what every body-less request hashes.
    pub(crate) fn empty_hex(self) -> &'static str {
        match self {
            Self::Sha256 => "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Self::Sm3 => "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
        }
    }

    /// Raw HMAC tag.
    pub(crate) fn hmac(self, key: &[u8], data: &[u8]) -> Result<Vec<u8>, SignError> {
        match self {
            Self::Sha256 => mac::<Hmac<Sha256>>(key, data),
            Self::Sm3 => mac::<Hmac<Sm3>>(key, data),
        }
    }

    /// The header whose value replaces the payload hash (`UNSIGNED-PAYLOAD`).
    pub(crate) fn content_header(self) -> &'static str {
        match self {
            Self::Sha256 => "X-Sdk-Content-Sha256",
            Self::Sm3 => "X-Sdk-Content-Sm3",
        }
    }
}

/// Lower-case hex of `bytes`; the `hex` crate's encoder goes through a char iterator, which
/// showed up in the signing profile. Bytes, not chars, are pushed: a char push encodes UTF-8.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 0xf)]);
    }
    // Only ASCII hex digits: the lossy branch is never taken.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn mac<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Result<Vec<u8>, SignError> {
    // HMAC takes keys of any length; the error branch exists only in the trait's signature.
    let mut m =
        <M as hmac::digest::KeyInit>::new_from_slice(key).map_err(|_| SignError::KeyMaterial)?;
    m.update(data);
    Ok(m.finalize().into_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_hashes_match_sdk_constants() {
        assert_eq!(
            HashAlg::Sha256.hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            HashAlg::Sm3.hex(b""),
            "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
        );
    }

    #[test]
    fn empty_constants_are_the_digests_of_nothing() {
        for alg in [HashAlg::Sha256, HashAlg::Sm3] {
            assert_eq!(alg.empty_hex(), alg.hex(b""));
        }
    }

    #[test]
    fn hmac_sha256_rfc4231_case_2() {
        let tag = HashAlg::Sha256
            .hmac(b"Jefe", b"what do ya want for nothing?")
            .unwrap();
        assert_eq!(
            hex_lower(&tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
