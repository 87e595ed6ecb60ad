//! Fault injection for the HTTP adapters: a server on 127.0.0.1 that answers
//! every request with one fault, and counts the requests it got (so a test
//! can see what was retried and what was sent once).
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answers this status with a JSON error body.
    Status(u16),
    /// Answers 200 with a body that is not the documented JSON.
    Garbage,
    /// Reads the request and never answers.
    Hang,
    /// Nothing listens on the port.
    Refuse,
}

/// Each fault with what an adapter on the shared JSON client
/// (`integrations/http_api.rs`) says about it.
pub const JSON_API_FAULTS: [(Fault, &str); 5] = [
    (Fault::Status(503), "answered 503"),
    (Fault::Status(500), "answered 500"),
    (Fault::Garbage, "unreadable answer"),
    (Fault::Hang, "timed out"),
    (Fault::Refuse, "connection refused"),
];

pub struct FaultyServer {
    port: u16,
    count: Arc<AtomicUsize>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}

impl FaultyServer {
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
    pub fn requests(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

pub async fn serve(fault: Fault) -> FaultyServer {
    let count = Arc::new(AtomicUsize::new(0));
    if fault == Fault::Refuse {
        return FaultyServer {
            port: super::free_port(),
            count,
            task: None,
        };
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let counter = count.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                // Read the head and any body (Content-Length) before answering.
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let reply = match fault {
                    Fault::Status(code) => {
                        // The error shape Stripe and libregraph use.
                        let body = r#"{"error":{"message":"injected failure","type":"api_error"}}"#;
                        format!(
                            "HTTP/1.1 {code} Fault\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                            body.len()
                        )
                    }
                    Fault::Garbage => "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\nconnection: close\r\n\r\n{not json".to_owned(),
                    Fault::Hang => {
                        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                        return;
                    }
                    Fault::Refuse => return,
                };
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    FaultyServer {
        port,
        count,
        task: Some(task),
    }
}
