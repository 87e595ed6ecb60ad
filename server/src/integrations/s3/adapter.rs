//! The object-storage adapter over `aws-sdk-s3`: path-style addressing, static
//! credentials, optional SSE-S3, bounded retries and timeouts.
use super::S3Config;
use app::ports::object_storage::{ObjectStorage, ObjectStorageError};
use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use secrecy::ExposeSecret as _;
use std::time::Duration;

pub struct S3Storage {
    client: Client,
    bucket: String,
    endpoint: String,
    sse: bool,
}

fn failed(op: &str, key: &str, e: impl std::error::Error) -> ObjectStorageError {
    ObjectStorageError(format!("{op} {key}: {}", DisplayErrorContext(e)))
}

impl S3Storage {
    pub fn new(cfg: &S3Config) -> Self {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
            .build_https();
        let conf = aws_sdk_s3::config::Builder::new()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(cfg.region.clone()))
            .endpoint_url(&cfg.endpoint)
            .force_path_style(true)
            .credentials_provider(Credentials::new(
                cfg.access_key.clone(),
                cfg.secret_key.expose_secret().to_owned(),
                None,
                None,
                "dezky-config",
            ))
            // Plain SigV4 requests every S3-compatible server understands.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
            .retry_config(RetryConfig::standard().with_max_attempts(2))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_timeout(Duration::from_secs(60))
                    .build(),
            )
            .http_client(http)
            .build();
        Self {
            client: Client::from_conf(conf),
            bucket: cfg.bucket.clone(),
            endpoint: cfg.endpoint.clone(),
            sse: cfg.sse,
        }
    }
}

#[async_trait]
impl ObjectStorage for S3Storage {
    fn describe(&self) -> String {
        format!("bucket {} at {}", self.bucket, self.endpoint)
    }

    async fn check(&self) -> Result<(), ObjectStorageError> {
        match self.client.head_bucket().bucket(&self.bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => {
                Err(ObjectStorageError(format!(
                    "bucket {} does not exist at {}",
                    self.bucket, self.endpoint
                )))
            }
            Err(e) => Err(failed("HEAD bucket", &self.bucket, e)),
        }
    }

    async fn put(
        &self,
        key: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> Result<(), ObjectStorageError> {
        let mut req = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(body));
        if self.sse {
            req = req.server_side_encryption(ServerSideEncryption::Aes256);
        }
        req.send().await.map_err(|e| failed("PUT", key, e))?;
        Ok(())
    }

    async fn head(&self, key: &str) -> Result<Option<u64>, ObjectStorageError> {
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => Ok(Some(
                out.content_length()
                    .and_then(|n| u64::try_from(n).ok())
                    .unwrap_or(0),
            )),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(None),
            Err(e) => Err(failed("HEAD", key, e)),
        }
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, ObjectStorageError> {
        match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => {
                let bytes = out
                    .body
                    .collect()
                    .await
                    .map_err(|e| failed("GET", key, e))?;
                Ok(Some(bytes.into_bytes().to_vec()))
            }
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
            Err(e) => Err(failed("GET", key, e)),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, ObjectStorageError> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| failed("LIST", prefix, e))?;
            keys.extend(
                out.contents()
                    .iter()
                    .filter_map(|o| o.key().map(str::to_owned)),
            );
            match out.next_continuation_token() {
                Some(t) if out.is_truncated() == Some(true) => token = Some(t.to_owned()),
                _ => break,
            }
        }
        keys.sort();
        Ok(keys)
    }
}
