#[cfg(feature = "bincode")]
mod bincode;
#[cfg(feature = "bincode_serde")]
mod bincode_serde;
#[cfg(feature = "bitcode")]
mod bitcode;
#[cfg(feature = "bitcode_serde")]
mod bitcode_serde;
mod from_to_bytes;
#[cfg(feature = "msgpack_serde")]
mod msgpack_serde;
#[cfg(feature = "postcard")]
mod postcard;
#[cfg(feature = "prost")]
mod prost;
#[cfg(feature = "rkyv")]
mod rkyv;

#[cfg(feature = "bincode")]
pub use bincode::*;
#[cfg(feature = "bincode_serde")]
pub use bincode_serde::*;
#[cfg(feature = "bitcode")]
pub use bitcode::*;
#[cfg(feature = "bitcode_serde")]
pub use bitcode_serde::*;
#[allow(unused_imports)]
pub use from_to_bytes::*;
#[cfg(feature = "msgpack_serde")]
pub use msgpack_serde::*;
#[cfg(feature = "postcard")]
pub use postcard::*;
#[cfg(feature = "prost")]
pub use prost::*;
#[cfg(feature = "rkyv")]
pub use rkyv::*;
