//! SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3: key derivation from the AK/SK and signing.
//!
//! The SDKs derive the private key deterministically from the credentials (so the server can
//! derive the same public key), counter-mode KDF in the style of NIST SP 800-108:
//!
//! ```text
//! for counter in 0..=254:
//!     data = 00000001 || ALGORITHM || 00 || AK || counter || 00000100
//!     c    = HMAC(key = SK, data)            HMAC-SHA256 for P-256, HMAC-SM3 for SM2
//!     if c <= n - 2: d = c + 1               (so 1 <= d <= n - 1)
//! ```
//!
//! The signature itself uses a nonce (random in the SDK, RFC 6979 here), so only its validity
//! under the derived public key can be compared, never its bytes.

use p256::elliptic_curve::{
    CurveArithmetic, Field, NonZeroScalar, PrimeField, sec1::ToEncodedPoint,
};
use sm2::dsa::signature::Signer as _;

use super::SignError;
use super::SigningAlgorithm;
use super::der;
use super::digest::HashAlg;
use crate::credentials::Credentials;

/// The identifier SM2 mixes into `Z_A`: the GB/T 32918 default, used by all SDKs.
const SM2_DIST_ID: &str = "1234567812345678";

/// Signs `message` (the string to sign), returning the lower-case hex of the DER signature.
pub(crate) fn sign(
    algorithm: &SigningAlgorithm,
    creds: &Credentials,
    message: &[u8],
) -> Result<String, SignError> {
    let der = match algorithm {
        SigningAlgorithm::EcdsaP256Sha256 => {
            let d = derive_scalar::<p256::NistP256>(algorithm, creds)?;
            let key = p256::ecdsa::SigningKey::from(d);
            let sig: p256::ecdsa::Signature =
                p256::ecdsa::signature::Signer::try_sign(&key, message)
                    .map_err(|_| SignError::KeyMaterial)?;
            let (r, s) = sig.split_bytes();
            der::encode_signature(&r, &s)
        }
        SigningAlgorithm::Sm2Sm3 => {
            let d = derive_scalar::<sm2::Sm2>(algorithm, creds)?;
            // Z_A hashes the public key with fixed 32-byte coordinates (GB/T 32918.2). The
            // Python SDK drops leading zero bytes there, so for the ~1% of keys with such a
            // coordinate its Z_A is non-standard; we follow the standard, which a conforming
            // verifier computes, and agree with the SDK for every other key.
            let key = sm2::dsa::SigningKey::from_nonzero_scalar(SM2_DIST_ID, d)
                .map_err(|_| SignError::KeyMaterial)?;
            let sig: sm2::dsa::Signature =
                key.try_sign(message).map_err(|_| SignError::KeyMaterial)?;
            der::encode_signature(&sig.r_bytes(), &sig.s_bytes())
        }
        SigningAlgorithm::HmacSha256 | SigningAlgorithm::HmacSm3 => {
            return Err(SignError::KeyMaterial);
        }
    };
    Ok(hex::encode(der))
}

/// The public key the SDK derives from `creds` for `algorithm`, as an uncompressed SEC1 point
/// (`04 || x || y`), e.g. to verify signatures or compare with a server's view.
///
/// Fails with [`SignError::KeyMaterial`] for the HMAC algorithms, which have no key pair.
pub fn public_key_sec1(
    algorithm: &SigningAlgorithm,
    creds: &Credentials,
) -> Result<Vec<u8>, SignError> {
    match algorithm {
        SigningAlgorithm::EcdsaP256Sha256 => {
            let d = derive_scalar::<p256::NistP256>(algorithm, creds)?;
            let point = p256::PublicKey::from_secret_scalar(&d).to_encoded_point(false);
            Ok(point.as_bytes().to_vec())
        }
        SigningAlgorithm::Sm2Sm3 => {
            let d = derive_scalar::<sm2::Sm2>(algorithm, creds)?;
            let point = sm2::PublicKey::from_secret_scalar(&d).to_encoded_point(false);
            Ok(point.as_bytes().to_vec())
        }
        SigningAlgorithm::HmacSha256 | SigningAlgorithm::HmacSm3 => Err(SignError::KeyMaterial),
    }
}

/// The derivation described in the module documentation, for either curve.
fn derive_scalar<C>(
    algorithm: &SigningAlgorithm,
    creds: &Credentials,
) -> Result<NonZeroScalar<C>, SignError>
where
    C: CurveArithmetic,
{
    let hash: HashAlg = algorithm.hash();
    let name = algorithm.name().as_bytes();
    let ak = creds.access_key().as_bytes();
    let sk = creds.secret_key().expose().as_bytes();
    for counter in 0..0xffu8 {
        let mut data = Vec::with_capacity(4 + name.len() + 1 + ak.len() + 1 + 4);
        data.extend_from_slice(&[0, 0, 0, 1]);
        data.extend_from_slice(name);
        data.push(0);
        data.extend_from_slice(ak);
        data.push(counter);
        data.extend_from_slice(&[0, 0, 1, 0]);
        let tag = hash.hmac(sk, &data)?;
        let mut repr = <C::Scalar as PrimeField>::Repr::default();
        if repr.as_ref().len() != tag.len() {
            return Err(SignError::KeyMaterial);
        }
        repr.as_mut().copy_from_slice(&tag);
        // from_repr accepts exactly c < n; adding one then rejects c = n - 1 by wrapping to 0.
        let candidate: Option<C::Scalar> = C::Scalar::from_repr(repr).into();
        if let Some(c) = candidate {
            let d: Option<NonZeroScalar<C>> = NonZeroScalar::new(c + C::Scalar::ONE).into();
            if let Some(d) = d {
                return Ok(d);
            }
        }
    }
    Err(SignError::KeyMaterial)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "HPUAEXAMPLEAK0000001";
    const SK: &str = "ExampleSecretKey/0123456789+abcdefghijklmn";

    fn creds() -> Credentials {
        Credentials::new(AK, SK)
    }

    #[test]
    fn p256_private_key_matches_sdk() {
        let d =
            derive_scalar::<p256::NistP256>(&SigningAlgorithm::EcdsaP256Sha256, &creds()).unwrap();
        assert_eq!(
            hex::encode(d.to_repr()),
            "85e1b51e0466942aa1eabe45401ccac10829045ada132c8fa9813fe38fb6a1c0"
        );
    }

    #[test]
    fn sm2_private_key_matches_sdk() {
        let d = derive_scalar::<sm2::Sm2>(&SigningAlgorithm::Sm2Sm3, &creds()).unwrap();
        assert_eq!(
            hex::encode(d.to_repr()),
            "55e75dfbe4b0ec1f36f769c6ed40e0c31f5fd7a930f2b63ef98a77d5376de1b0"
        );
    }

    #[test]
    fn public_keys_match_sdk() {
        let p = public_key_sec1(&SigningAlgorithm::EcdsaP256Sha256, &creds()).unwrap();
        assert_eq!(
            hex::encode(p),
            "04\
             7cd3201c2ef82742da77000b0c663b201f01a7da6c2092dcfe90bb020578af8b\
             99f70c88608d046a6b8a0d0631dbdbcb0868590ff55974631d43d043d00a6cbf"
        );
        let s = public_key_sec1(&SigningAlgorithm::Sm2Sm3, &creds()).unwrap();
        assert_eq!(
            hex::encode(s),
            "04\
             a7803c52c139436a6f8e301e6c360612de37dccb50065a79ad94d31c3a61b72e\
             05dd65aaccef20011ae1f346e86acc8814430bf85ed58571d05d721af6794132"
        );
    }

    #[test]
    fn hmac_algorithms_have_no_key_pair() {
        assert_eq!(
            public_key_sec1(&SigningAlgorithm::HmacSha256, &creds()),
            Err(SignError::KeyMaterial)
        );
    }
}
