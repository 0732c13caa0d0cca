//! A minimal HTTP/1.1 keep-alive client for the ingest benchmark: one
//! request at a time per connection, the request written in one `write`,
//! the response read up to its `Content-Length`. It costs the load
//! generator a fraction of what a general client does, which matters when
//! generator and server share two cores.
use std::io;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One keep-alive connection.
pub struct Conn {
    stream: TcpStream,
    host: String,
    out: Vec<u8>,
    buf: Vec<u8>,
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

impl Conn {
    /// Connects to `host:port`.
    pub async fn open(addr: &str) -> io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            host: addr.to_string(),
            out: Vec::with_capacity(1024),
            buf: vec![0; 4096],
        })
    }

    /// Posts a text body; returns the response status.
    pub async fn post(
        &mut self,
        path: &str,
        ua: &str,
        forwarded_for: &str,
        body: &str,
    ) -> io::Result<u16> {
        self.out.clear();
        self.out.extend_from_slice(
            format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {ua}\r\nX-Forwarded-For: {forwarded_for}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
                self.host,
                body.len()
            )
            .as_bytes(),
        );
        self.out.extend_from_slice(body.as_bytes());
        self.stream.write_all(&self.out).await?;
        let mut have = 0;
        loop {
            if have == self.buf.len() {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            let n = self.stream.read(&mut self.buf[have..]).await?;
            if n == 0 {
                return Err(bad("connection closed"));
            }
            have += n;
            let Some(end) = self.buf[..have].windows(4).position(|w| w == b"\r\n\r\n") else {
                continue;
            };
            let head = std::str::from_utf8(&self.buf[..end]).map_err(|_| bad("head"))?;
            let status: u16 = head
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("status"))?;
            let length: usize = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse().ok())
                .unwrap_or(0);
            if have >= end + 4 + length {
                return Ok(status);
            }
        }
    }
}
