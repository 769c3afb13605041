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
    pub(crate) fn hex(self, data: &[u8]) -> HexDigest {
        match self {
            Self::Sha256 => HexDigest::of(&Sha256::digest(data).into()),
            Self::Sm3 => HexDigest::of(&Sm3::digest(data).into()),
        }
    }

    /// The hex digest of nothing: what every body-less request hashes.
    pub(crate) fn empty_hex(self) -> &'static str {
        match self {
            Self::Sha256 => "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Self::Sm3 => "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
        }
    }

    /// Lower-case hex of the HMAC tag of `data` under `key` (the signature of the HMAC
    /// algorithms).
    pub(crate) fn hmac_hex(self, key: &[u8], data: &[u8]) -> Result<String, SignError> {
        Ok(hex_lower(&self.hmac(key, data)?))
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

/// The two lower-case hex digits of every byte value.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0u8; 2]; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = [HEX[b >> 4], HEX[b & 0xf]];
        b += 1;
    }
    table
};

/// Lower-case hex of `bytes`; the `hex` crate's encoder goes through a char iterator, which
/// showed up in the signing profile. The digits of up to 32 bytes (a digest) are written into
/// a buffer on the stack, a pair per byte from a table, checked as UTF-8 in one pass, then
/// appended at once: a push per digit checks the capacity each time.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for chunk in bytes.chunks(32) {
        let mut buf = [[0u8; 2]; 32];
        for (pair, &b) in buf.iter_mut().zip(chunk) {
            *pair = HEX_PAIRS[usize::from(b)];
        }
        let digits = buf.as_flattened();
        // Only ASCII hex digits: the error branch is never taken.
        out.push_str(std::str::from_utf8(&digits[..chunk.len() * 2]).unwrap_or_default());
    }
    out
}

/// The lower-case hex of a 32-byte digest (SHA-256, SM3), kept on the stack: a signature
/// makes two of them per request, and a `String` each was two allocations per call.
#[derive(Clone, Copy)]
pub(crate) struct HexDigest([u8; 64]);

impl HexDigest {
    /// The hex of `digest`.
    pub(crate) fn of(digest: &[u8; 32]) -> Self {
        let mut buf = [[0u8; 2]; 32];
        for (pair, &b) in buf.iter_mut().zip(digest) {
            *pair = HEX_PAIRS[usize::from(b)];
        }
        HexDigest(*buf.as_flattened().first_chunk().unwrap_or(&[b'0'; 64]))
    }

    /// The digits.
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII hex digits: the error branch is never taken.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::ops::Deref for HexDigest {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for HexDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// HMAC-SHA256 already keyed with a secret key. Keying hashes the padded key into the inner
/// and outer states (two compression rounds); that is the same for every request signed with
/// one secret, so credentials key it once and each signature starts from a copy. Boxed: the
/// two states would otherwise make [`Credentials`](crate::Credentials) several times larger.
#[derive(Clone)]
pub(crate) struct KeyedSha256(Box<Hmac<Sha256>>);

impl KeyedSha256 {
    /// Keys HMAC-SHA256 with `key`.
    pub(crate) fn new(key: &[u8]) -> Result<Self, SignError> {
        <Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(key)
            .map(|m| Self(Box::new(m)))
            .map_err(|_| SignError::KeyMaterial)
    }

    /// Lower-case hex of the tag of `parts` concatenated: the string to sign is passed in
    /// its pieces rather than joined first.
    pub(crate) fn tag_hex(&self, parts: &[&[u8]]) -> HexDigest {
        // A copy of the keyed state on the stack, not a new box.
        let mut m = Hmac::<Sha256>::clone(&self.0);
        for part in parts {
            m.update(part);
        }
        HexDigest::of(&m.finalize().into_bytes().into())
    }
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
            HashAlg::Sha256.hex(b"").as_str(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            HashAlg::Sm3.hex(b"").as_str(),
            "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
        );
    }

    #[test]
    fn empty_constants_are_the_digests_of_nothing() {
        for alg in [HashAlg::Sha256, HashAlg::Sm3] {
            assert_eq!(alg.empty_hex(), alg.hex(b"").as_str());
        }
    }

    #[test]
    fn keyed_state_gives_the_same_tag_as_keying_each_time() {
        for key in [&b""[..], b"Jefe", &[0xaa; 131]] {
            let keyed = KeyedSha256::new(key).unwrap();
            for data in [&b""[..], b"what do ya want ", b"for nothing?"] {
                let want = HashAlg::Sha256.hmac_hex(key, data).unwrap();
                assert_eq!(keyed.tag_hex(&[data]).as_str(), want);
                let (a, b) = data.split_at(data.len() / 2);
                assert_eq!(keyed.tag_hex(&[a, b]).as_str(), want);
            }
        }
    }

    #[test]
    fn hex_lower_writes_every_byte() {
        assert_eq!(hex_lower(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex_lower(&[]), "");
        let long: Vec<u8> = (0..=255).collect();
        let want: String = long.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex_lower(&long), want);
    }

    #[test]
    fn hex_digest_is_hex_lower() {
        for digest in [
            [0u8; 32],
            [0xff; 32],
            std::array::from_fn(|i| (i * 37) as u8),
        ] {
            assert_eq!(HexDigest::of(&digest).as_str(), hex_lower(&digest));
            assert_eq!(HexDigest::of(&digest).to_string(), hex_lower(&digest));
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
