//! dezky's commercial rules live in `rules::pricing` (pure code, shared with the
//! website's calculator module).
pub use rules::pricing::*;
