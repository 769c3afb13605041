//! Stage 2 of the pipeline: the service model. Decides, before anything is written, every
//! name the outputs use: each operation's module and method, each type's identity (which
//! tables are one type) and name, each enum's name.

pub mod endpoints;
pub mod names;
mod operation;
pub mod paging;
pub mod share;

pub use operation::*;
