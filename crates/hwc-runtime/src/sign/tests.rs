use std::time::{Duration, UNIX_EPOCH};

use super::*;

const AK: &str = "HPUAEXAMPLEAK0000001";
const SK: &str = "ExampleSecretKey/0123456789+abcdefghijklmn";
const PROJECT: &str = "a4d31cb6-3d72-4fdc-8ec9-6e3a41e47f71";

fn now() -> SystemTime {
    // 20240315T083000Z, the date of the SDK vectors.
    UNIX_EPOCH + Duration::from_secs(1_710_491_400)
}

fn request() -> RequestToSign {
    RequestToSign {
        method: "GET".into(),
        scheme: "https".into(),
        host: "dcs.cn-north-4.myhuaweicloud.com".into(),
        path: format!("/v2/{PROJECT}/instances/5560df16-cebf-4473-95c4-d1b573c16e79/bigkey-tasks"),
        query: Vec::new(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: Bytes::new(),
    }
}

fn names(req: &RequestToSign) -> Vec<&str> {
    req.headers.iter().map(|(k, _)| k.as_str()).collect()
}

#[test]
fn date_from_now_reproduces_sdk_vector() {
    // Vector get_no_query, with X-Sdk-Date generated from `now` instead of given.
    let mut req = request();
    let creds = Credentials::new(AK, SK).with_project_id(PROJECT);
    let sig = sign_request(&mut req, &creds, &SigningAlgorithm::default(), None, now()).unwrap();
    assert_eq!(
        sig.authorization,
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, \
         SignedHeaders=content-type;host;x-project-id;x-sdk-date, \
         Signature=c70324c5bfd755598469b568eef2870589c76e08c6f971037b1c720544d0f6d2"
    );
    assert_eq!(
        names(&req),
        [
            "Content-Type",
            "X-Project-Id",
            "X-Sdk-Date",
            "Host",
            "Authorization"
        ]
    );
}

#[test]
fn header_values_with_cr_or_lf_are_refused_and_request_untouched() {
    for value in ["a\r\nX-Injected: 1", "line\n", "\r"] {
        let mut req = request();
        req.headers.push(("X-Custom".into(), value.into()));
        let before = req.headers.clone();
        let err = sign_request(
            &mut req,
            &Credentials::new(AK, SK),
            &SigningAlgorithm::default(),
            None,
            now(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            SignError::InvalidHeaderValue {
                name: "X-Custom".into()
            }
        );
        assert_eq!(req.headers, before);
    }
}

#[test]
fn security_token_with_newline_is_refused_without_leaking_it() {
    let mut req = request();
    let creds = Credentials::new(AK, SK).with_security_token("TOKEN\nX: y");
    let err =
        sign_request(&mut req, &creds, &SigningAlgorithm::default(), None, now()).unwrap_err();
    assert!(!err.to_string().contains("TOKEN"));
}

#[test]
fn caller_date_is_reused_and_must_be_valid() {
    let mut req = request();
    req.headers
        .push(("x-sdk-date".into(), "20240101T000000Z".into()));
    let sig = sign_request(
        &mut req,
        &Credentials::new(AK, SK),
        &SigningAlgorithm::default(),
        None,
        now(),
    )
    .unwrap();
    assert!(
        sig.string_to_sign
            .starts_with("SDK-HMAC-SHA256\n20240101T000000Z\n")
    );
    assert_eq!(
        names(&req),
        ["Content-Type", "x-sdk-date", "Host", "Authorization"]
    );

    let mut bad = request();
    bad.headers.push(("X-Sdk-Date".into(), "2024-01-01".into()));
    let err = sign_request(
        &mut bad,
        &Credentials::new(AK, SK),
        &SigningAlgorithm::default(),
        None,
        now(),
    )
    .unwrap_err();
    assert!(matches!(err, SignError::InvalidSdkDate { .. }));
}

#[test]
fn non_json_content_type_adds_unsigned_payload_per_hash() {
    for (alg, header) in [
        (SigningAlgorithm::HmacSha256, "X-Sdk-Content-Sha256"),
        (SigningAlgorithm::HmacSm3, "X-Sdk-Content-Sm3"),
        (SigningAlgorithm::EcdsaP256Sha256, "X-Sdk-Content-Sha256"),
        (SigningAlgorithm::Sm2Sm3, "X-Sdk-Content-Sm3"),
    ] {
        let mut req = request();
        req.headers = vec![("Content-Type".into(), "application/octet-stream".into())];
        req.body = Bytes::from_static(b"\x00\x01");
        let sig = sign_request(&mut req, &Credentials::new(AK, SK), &alg, None, now()).unwrap();
        assert!(
            req.headers
                .iter()
                .any(|(k, v)| k == header && v == "UNSIGNED-PAYLOAD")
        );
        assert!(
            sig.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"),
            "{alg}"
        );
    }
}

/// The SDK looks the content type up as `header_params.get("Content-Type")`: under another
/// spelling of the name it announces no unsigned payload and hashes the body (found by
/// `tests/signing/differential.py` against the official SDK).
#[test]
fn content_type_spelt_otherwise_hashes_the_body() {
    let mut req = request();
    req.headers = vec![("content-type".into(), "application/octet-stream".into())];
    req.body = Bytes::from_static(b"\x00\x01");
    let alg = SigningAlgorithm::HmacSha256;
    let sig = sign_request(&mut req, &Credentials::new(AK, SK), &alg, None, now()).unwrap();
    assert!(
        !req.headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("X-Sdk-Content-Sha256"))
    );
    let body_hash = HashAlg::Sha256.hex(b"\x00\x01");
    assert!(
        sig.canonical_request
            .ends_with(&format!("\n{}", body_hash.as_str()))
    );
    assert!(
        sig.canonical_request
            .contains("\ncontent-type:application/octet-stream\n")
    );
}

/// A content-hash header with non-ASCII text is signed as the SDK reads it back: its UTF-8
/// bytes taken one by one as Latin-1 characters.
#[test]
fn non_ascii_content_hash_header_is_signed_as_latin1_of_its_bytes() {
    let mut req = request();
    req.headers
        .push(("X-Sdk-Content-Sha256".into(), "é".into()));
    req.body = Bytes::from_static(b"{}");
    let alg = SigningAlgorithm::HmacSha256;
    let sig = sign_request(&mut req, &Credentials::new(AK, SK), &alg, None, now()).unwrap();
    assert!(
        sig.canonical_request.ends_with("\n\u{c3}\u{a9}"),
        "{:?}",
        sig.canonical_request
    );
}

#[test]
fn bson_and_json_variants_hash_the_body() {
    for ct in ["application/bson", "application/json;charset=UTF-8"] {
        let mut req = request();
        req.headers = vec![("Content-Type".into(), ct.into())];
        req.body = Bytes::from_static(b"{}");
        let sig = sign_request(
            &mut req,
            &Credentials::new(AK, SK),
            &SigningAlgorithm::default(),
            None,
            now(),
        )
        .unwrap();
        assert!(
            sig.canonical_request
                .ends_with(HashAlg::Sha256.hex(b"{}").as_str())
        );
    }
}

#[test]
fn existing_authorization_is_left_alone() {
    let mut req = request();
    req.headers
        .push(("Authorization".into(), "Bearer x".into()));
    let creds = Credentials::new(AK, SK)
        .with_project_id(PROJECT)
        .with_security_token("tok");
    let sig = sign_request(&mut req, &creds, &SigningAlgorithm::default(), None, now()).unwrap();
    assert_eq!(sig.authorization, "Bearer x");
    assert!(sig.canonical_request.is_empty());
    assert_eq!(
        names(&req),
        [
            "Content-Type",
            "Authorization",
            "X-Project-Id",
            "X-Security-Token"
        ]
    );
}

#[test]
fn empty_keys_and_derived_params_are_refused() {
    let mut req = request();
    let alg = SigningAlgorithm::default();
    assert_eq!(
        sign_request(&mut req, &Credentials::new("", SK), &alg, None, now()),
        Err(SignError::MissingCredentials)
    );
    assert_eq!(
        sign_request(&mut req, &Credentials::new(AK, ""), &alg, None, now()),
        Err(SignError::MissingCredentials)
    );
    let derived = DerivedAuth {
        service: String::new(),
        region: "cn-north-4".into(),
    };
    assert_eq!(
        sign_request(
            &mut req,
            &Credentials::new(AK, SK),
            &alg,
            Some(&derived),
            now()
        ),
        Err(SignError::MissingDerivedAuthParam { param: "service" })
    );
}

#[test]
fn derived_key_matches_sdk() {
    let key = derived_key(AK, SK, "20240315/cn-north-4/dcs").unwrap();
    assert_eq!(
        key,
        "7f19549c141d646e9d026e512d6df4d3930cb5c88ba694c4d9a415d54fe9535c"
    );
}

#[test]
fn url_uses_canonical_query() {
    let mut req = request();
    req.query = vec![
        QueryParam::text("status", "a b"),
        QueryParam::text("limit", "10"),
    ];
    assert!(req.url().ends_with("/bigkey-tasks?limit=10&status=a%20b"));
    req.query.clear();
    assert!(req.url().ends_with("/bigkey-tasks"));
}

#[test]
fn request_debug_hides_security_token() {
    let mut req = request();
    let creds = Credentials::new(AK, SK).with_security_token("SECRET-TOKEN");
    sign_request(&mut req, &creds, &SigningAlgorithm::default(), None, now()).unwrap();
    let dbg = format!("{req:?}");
    assert!(dbg.contains("X-Security-Token"));
    assert!(!dbg.contains("SECRET-TOKEN"), "{dbg}");
    assert!(!dbg.contains(SK));
}

#[test]
fn algorithm_names_parse() {
    for (s, alg) in [
        ("HMAC_SHA256", SigningAlgorithm::HmacSha256),
        ("sdk-hmac-sm3", SigningAlgorithm::HmacSm3),
        ("ECDSA_P256_SHA256", SigningAlgorithm::EcdsaP256Sha256),
        ("SDK-SM2-SM3", SigningAlgorithm::Sm2Sm3),
    ] {
        assert_eq!(s.parse::<SigningAlgorithm>(), Ok(alg));
    }
    assert!("RSA".parse::<SigningAlgorithm>().is_err());
}
