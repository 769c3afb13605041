//! A service's error-code catalogue, as its reference documents it (`错误码.md`): generated
//! crates carry it as a static table, and a [`crate::ServiceError`] looks its own code up.

/// One documented error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorCodeInfo {
    /// The HTTP status the documentation gives, when it gives one.
    pub status: Option<u16>,
    /// The code (`DCS.4919`).
    pub code: &'static str,
    /// The message the service sends with it.
    pub message: &'static str,
    /// What it means.
    pub description: &'static str,
    /// What to do about it.
    pub handling: &'static str,
}

impl ErrorCodeInfo {
    /// An entry as the page gives it.
    pub const fn new(
        status: Option<u16>,
        code: &'static str,
        message: &'static str,
        description: &'static str,
        handling: &'static str,
    ) -> Self {
        ErrorCodeInfo {
            status,
            code,
            message,
            description,
            handling,
        }
    }
}

/// A catalogue: documented codes in page order. A code documented twice (with different
/// statuses or messages) has several entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Catalogue(&'static [ErrorCodeInfo]);

impl Catalogue {
    /// A catalogue of `entries`.
    pub const fn new(entries: &'static [ErrorCodeInfo]) -> Self {
        Catalogue(entries)
    }

    /// The catalogue of a service whose reference documents no codes.
    pub const EMPTY: Catalogue = Catalogue(&[]);

    /// The first entry for `code`. Codes are compared exactly, then without case (services
    /// answer `dcs.4919` where the page writes `DCS.4919`).
    pub fn lookup(&self, code: &str) -> Option<&'static ErrorCodeInfo> {
        let all = self.0;
        all.iter()
            .find(|e| e.code == code)
            .or_else(|| all.iter().find(|e| e.code.eq_ignore_ascii_case(code)))
    }

    /// The entry for `code` that the documentation gives with `status`, else the first entry
    /// for `code`.
    pub fn lookup_with_status(&self, code: &str, status: u16) -> Option<&'static ErrorCodeInfo> {
        self.0
            .iter()
            .find(|e| e.code.eq_ignore_ascii_case(code) && e.status == Some(status))
            .or_else(|| self.lookup(code))
    }

    /// Every entry.
    pub fn entries(&self) -> &'static [ErrorCodeInfo] {
        self.0
    }
}
