//! TMX files: reading TMX 1.1–1.4b in UTF-8 or UTF-16 into units of the
//! project's language pairs, with a report of what was left out ([`read`]),
//! and writing a memory as TMX 1.4b, deterministically ([`write`]).

mod read;
mod write;

pub use super::unit::{FLUENT_FILE_PROP, FLUENT_ID_PROP};
pub use read::{Read, Skip, SkipReason, read, read_file};
pub(crate) use read::{Stop, file_error, read_stream};
pub use write::reads_back;
pub use write::{write, write_to};
