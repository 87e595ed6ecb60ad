#[cfg(feature = "base64")]
mod base64;
mod from_to_string;
#[cfg(feature = "json_serde")]
mod json_serde;
#[cfg(feature = "json_serde_wasm")]
mod json_serde_wasm;
#[cfg(feature = "miniserde")]
mod miniserde;
mod option;

#[cfg(feature = "base64")]
pub use base64::*;
pub use from_to_string::*;
#[cfg(feature = "json_serde")]
pub use json_serde::*;
#[cfg(feature = "json_serde_wasm")]
pub use json_serde_wasm::*;
#[cfg(feature = "miniserde")]
pub use miniserde::*;
pub use option::*;
