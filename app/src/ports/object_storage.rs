//! The object-storage port: an S3-compatible bucket (the audit cold archive
//! today; exports and logos later). The adapter is
//! `server/src/integrations/s3/`. Objects are never deleted through it.
use crate::domain::System;
use async_trait::async_trait;

#[async_trait]
pub trait ObjectStorage: Send + Sync + 'static {
    /// "bucket dezky-audit at http://…", for the console and errors.
    fn describe(&self) -> String;
    /// The bucket exists and these credentials may use it.
    async fn check(&self) -> Result<(), ObjectStorageError>;
    async fn put(
        &self,
        key: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> Result<(), ObjectStorageError>;
    /// The object's size, or None if it does not exist.
    async fn head(&self, key: &str) -> Result<Option<u64>, ObjectStorageError>;
    /// The object's bytes, or None if it does not exist.
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, ObjectStorageError>;
    /// Keys under `prefix`, ascending.
    async fn list(&self, prefix: &str) -> Result<Vec<String>, ObjectStorageError>;
}

/// A failure of the bucket (the message comes from the S3 client).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectStorageError(pub String);

impl std::fmt::Display for ObjectStorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", System::ObjectStorage, self.0)
    }
}
