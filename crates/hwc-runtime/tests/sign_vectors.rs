//! Replays the signing vectors produced by the official Python SDK (`tests/data/vectors.json`,
//! a copy of `shared/signing/vectors.json`).
//!
//! Deterministic vectors must match byte for byte: wire URL, canonical request, string to sign,
//! signed headers, Authorization and the headers sent (names, order and values). ECDSA/SM2
//! signatures are randomised, so for those the canonical request and string to sign must match,
//! the derived public key must be the SDK's, and both our signature and the SDK's must verify
//! under it.

// The harness's vector decoding is shared so that the example and this test read inputs alike.
#[allow(dead_code)]
#[path = "../examples/sign.rs"]
mod harness;

use hwc_runtime::sign::{SigningAlgorithm, public_key_sec1, sign_request};
use serde_json::Value;

const VECTORS: &str = include_str!("data/vectors.json");

fn vectors() -> Vec<Value> {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    doc["vectors"].as_array().unwrap().clone()
}

fn expected_headers(expected: &Value) -> Vec<(String, String)> {
    expected["headers_sent"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

fn expected_signed_headers(expected: &Value) -> String {
    let list: Vec<&str> = expected["signed_headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    list.join(";")
}

#[test]
fn vector_file_is_complete() {
    assert_eq!(vectors().len(), 37);
}

#[test]
fn deterministic_vectors_match_byte_for_byte() {
    let mut checked = 0;
    for vector in vectors() {
        if vector["deterministic"] != Value::Bool(true) {
            continue;
        }
        let name = vector["name"].as_str().unwrap();
        let expected = &vector["expected"];
        let mut case = harness::case_from_input(&vector["input"]).unwrap();
        let sig = sign_request(
            &mut case.request,
            &case.credentials,
            &case.algorithm,
            case.derived.as_ref(),
            case.now,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));

        assert_eq!(
            case.request.url(),
            expected["url"].as_str().unwrap(),
            "{name}: url"
        );
        assert_eq!(
            sig.canonical_request,
            expected["canonical_request"].as_str().unwrap(),
            "{name}: canonical request"
        );
        assert_eq!(
            sig.string_to_sign,
            expected["string_to_sign"].as_str().unwrap(),
            "{name}: string to sign"
        );
        assert_eq!(
            sig.signed_headers,
            expected_signed_headers(expected),
            "{name}: signed headers"
        );
        assert_eq!(
            sig.authorization,
            expected["authorization"].as_str().unwrap(),
            "{name}: authorization"
        );
        assert_eq!(
            case.request.headers,
            expected_headers(expected),
            "{name}: headers sent"
        );
        if let Some(method) = expected.get("method").and_then(Value::as_str) {
            assert_eq!(case.request.method, method, "{name}: method");
        }
        checked += 1;
    }
    assert_eq!(checked, 35);
}

#[test]
fn asymmetric_vectors_verify_under_the_sdk_public_key() {
    let mut checked = 0;
    for vector in vectors() {
        if vector["deterministic"] != Value::Bool(false) {
            continue;
        }
        let name = vector["name"].as_str().unwrap();
        let expected = &vector["expected"];
        let mut case = harness::case_from_input(&vector["input"]).unwrap();
        let sig = sign_request(
            &mut case.request,
            &case.credentials,
            &case.algorithm,
            None,
            case.now,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));

        assert_eq!(
            case.request.url(),
            expected["url"].as_str().unwrap(),
            "{name}: url"
        );
        assert_eq!(
            sig.canonical_request,
            expected["canonical_request"].as_str().unwrap(),
            "{name}: canonical request"
        );
        assert_eq!(
            sig.string_to_sign,
            expected["string_to_sign"].as_str().unwrap(),
            "{name}: string to sign"
        );
        assert_eq!(
            sig.signed_headers,
            expected_signed_headers(expected),
            "{name}: signed headers"
        );
        let sdk_auth = expected["authorization"].as_str().unwrap();
        let (sdk_prefix, sdk_sig) = sdk_auth.rsplit_once("Signature=").unwrap();
        let (our_prefix, our_sig) = sig.authorization.rsplit_once("Signature=").unwrap();
        assert_eq!(
            our_prefix, sdk_prefix,
            "{name}: authorization before the signature"
        );

        // Headers sent: all but Authorization are deterministic.
        let without_auth = |h: Vec<(String, String)>| -> Vec<(String, String)> {
            h.into_iter()
                .filter(|(k, _)| k != "Authorization")
                .collect()
        };
        assert_eq!(
            without_auth(case.request.headers.clone()),
            without_auth(expected_headers(expected)),
            "{name}: headers sent"
        );

        let public_key = format!(
            "04{}{}",
            expected["public_key_x_hex"].as_str().unwrap(),
            expected["public_key_y_hex"].as_str().unwrap()
        );
        let public_key = hex::decode(public_key).unwrap();
        assert_eq!(
            public_key_sec1(&case.algorithm, &case.credentials).unwrap(),
            public_key,
            "{name}: derived public key"
        );
        let message = sig.string_to_sign.as_bytes();
        for (who, sig_hex) in [("ours", our_sig), ("sdk", sdk_sig)] {
            let der = hex::decode(sig_hex).unwrap();
            assert!(
                verify(&case.algorithm, &public_key, message, &der),
                "{name}: {who} signature does not verify"
            );
        }
        // A different message must not verify: the check above is not vacuous.
        let der = hex::decode(our_sig).unwrap();
        assert!(!verify(&case.algorithm, &public_key, b"tampered", &der));
        checked += 1;
    }
    assert_eq!(checked, 2);
}

/// Verifies a DER signature with the RustCrypto implementations, independently of the signer.
fn verify(algorithm: &SigningAlgorithm, public_key: &[u8], message: &[u8], der: &[u8]) -> bool {
    let (r, s) = parse_der_signature(der);
    match algorithm {
        SigningAlgorithm::EcdsaP256Sha256 => {
            use p256::ecdsa::signature::Verifier;
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key).unwrap();
            let Ok(sig) = p256::ecdsa::Signature::from_scalars(r, s) else {
                return false;
            };
            key.verify(message, &sig).is_ok()
        }
        SigningAlgorithm::Sm2Sm3 => {
            use sm2::dsa::signature::Verifier;
            let key =
                sm2::dsa::VerifyingKey::from_sec1_bytes("1234567812345678", public_key).unwrap();
            let Ok(sig) = sm2::dsa::Signature::from_scalars(r, s) else {
                return false;
            };
            key.verify(message, &sig).is_ok()
        }
        other => panic!("{other} has no public key"),
    }
}

/// `SEQUENCE { INTEGER r, INTEGER s }` with short-form lengths (always the case for 256-bit
/// curves), returning r and s left-padded to 32 bytes.
fn parse_der_signature(der: &[u8]) -> ([u8; 32], [u8; 32]) {
    assert_eq!(der[0], 0x30, "not a SEQUENCE");
    assert_eq!(usize::from(der[1]), der.len() - 2, "bad SEQUENCE length");
    let mut rest = &der[2..];
    let mut ints = [[0u8; 32]; 2];
    for int in &mut ints {
        assert_eq!(rest[0], 0x02, "not an INTEGER");
        let len = usize::from(rest[1]);
        let mut value = &rest[2..2 + len];
        assert!(value[0] & 0x80 == 0, "negative INTEGER");
        if value.len() > 1 {
            assert!(value[0] != 0 || value[1] & 0x80 != 0, "non-minimal INTEGER");
        }
        while value.len() > 32 && value[0] == 0 {
            value = &value[1..];
        }
        int[32 - value.len()..].copy_from_slice(value);
        rest = &rest[2 + len..];
    }
    assert!(rest.is_empty(), "trailing bytes");
    (ints[0], ints[1])
}

#[test]
fn harness_renders_query_values_like_python() {
    use serde_json::json;
    assert_eq!(harness::python_str(&json!(true), true).unwrap(), "true");
    assert_eq!(harness::python_str(&json!(false), false).unwrap(), "False");
    assert_eq!(
        harness::python_str(&json!(12345678901u64), true).unwrap(),
        "12345678901"
    );
    assert_eq!(harness::python_str(&json!(-3), true).unwrap(), "-3");
    assert_eq!(harness::python_str(&json!(1.5), true).unwrap(), "1.5");
    assert_eq!(harness::python_str(&json!(10.0), true).unwrap(), "10.0");
    assert_eq!(harness::python_str(&json!(1e16), true).unwrap(), "1e+16");
    assert_eq!(
        harness::python_str(&json!(1e15), true).unwrap(),
        "1000000000000000.0"
    );
    assert_eq!(harness::python_str(&json!(0.0001), true).unwrap(), "0.0001");
    assert_eq!(harness::python_str(&json!(0.00001), true).unwrap(), "1e-05");
    assert_eq!(harness::python_str(&json!(null), true).unwrap(), "None");
}

#[test]
fn harness_prints_every_vector() {
    for vector in vectors() {
        let out = harness::run_vector(&vector);
        assert!(out.get("error").is_none(), "{out}");
        for field in [
            "name",
            "url",
            "canonical_request",
            "string_to_sign",
            "authorization",
        ] {
            assert!(out[field].is_string(), "{field} missing in {out}");
        }
    }
}
