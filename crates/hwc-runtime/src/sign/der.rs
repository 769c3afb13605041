//! DER encoding of an (r, s) signature pair: `SEQUENCE { INTEGER r, INTEGER s }`.
//!
//! The SDKs send ECDSA and SM2 signatures in this form (hex-encoded). The `sm2` crate has no
//! DER support and the encoding is a few lines, so both curves share this one.

/// Encodes big-endian unsigned scalars as a DER signature.
pub(crate) fn encode_signature(r: &[u8], s: &[u8]) -> Vec<u8> {
    let r = integer(r);
    let s = integer(s);
    let mut out = vec![0x30];
    push_len(&mut out, r.len() + s.len());
    out.extend_from_slice(&r);
    out.extend_from_slice(&s);
    out
}

/// A DER INTEGER holding a non-negative value: minimal length, `0x00` prefix when the top bit
/// is set so it does not read as negative.
fn integer(unsigned: &[u8]) -> Vec<u8> {
    let first_nonzero = unsigned.iter().position(|&b| b != 0);
    let digits = match first_nonzero {
        Some(i) => &unsigned[i..],
        None => &[0u8][..],
    };
    let pad = digits.first().is_some_and(|b| b & 0x80 != 0);
    let len = digits.len() + usize::from(pad);
    let mut out = vec![0x02];
    push_len(&mut out, len);
    if pad {
        out.push(0);
    }
    out.extend_from_slice(digits);
    out
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_pyasn1_output_from_the_sdk() {
        // r and s of the SDK's own ECDSA vector signature: r needs a 0x00 pad, s does not.
        let sdk = "3045022100c0a47759d9e6f11e6fdaa32b9d10abdb7d8f8cb4f4941ac46c24dfde5dcc93d2\
                   0220776312efe752c162afffaca8e9110a52f9f8f243fded56441325b1d55fa8f1dc";
        let r = hex::decode("c0a47759d9e6f11e6fdaa32b9d10abdb7d8f8cb4f4941ac46c24dfde5dcc93d2")
            .unwrap();
        let s = hex::decode("776312efe752c162afffaca8e9110a52f9f8f243fded56441325b1d55fa8f1dc")
            .unwrap();
        assert_eq!(hex::encode(encode_signature(&r, &s)), sdk);
    }

    #[test]
    fn strips_leading_zeros_and_keeps_zero() {
        assert_eq!(integer(&[0, 0, 0x7f]), [0x02, 0x01, 0x7f]);
        assert_eq!(integer(&[0, 0x80]), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(integer(&[0, 0]), [0x02, 0x01, 0x00]);
    }

    #[test]
    fn long_form_length() {
        let mut out = Vec::new();
        push_len(&mut out, 0x80);
        assert_eq!(out, [0x81, 0x80]);
        out.clear();
        push_len(&mut out, 0x1234);
        assert_eq!(out, [0x82, 0x12, 0x34]);
    }
}
