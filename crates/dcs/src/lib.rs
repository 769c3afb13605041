//! DCS.
