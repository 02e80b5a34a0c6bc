//! A response's head: the status line and the headers that matter here.
//!
//! Like a frame check, parsing first asks whether the whole head has arrived
//! (`Ok(None)` if not), then reads it. Bodies must have a `Content-Length`;
//! a chunked body is refused as malformed, since trackgate's API sends
//! whole JSON documents.

use super::HttpError;

/// The longest head accepted.
pub const MAX_HEAD: usize = 16 * 1024;

/// A parsed response head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    /// The status code.
    pub status: u16,
    /// The body's length.
    pub content_length: usize,
    /// Whether the server will close the connection after this response.
    pub close: bool,
    /// Bytes of the head, blank line included: where the body starts.
    pub len: usize,
}

/// Parses the head at the start of `buf`; `Ok(None)` if it is not all there.
pub fn parse(buf: &[u8]) -> Result<Option<Head>, HttpError> {
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        if buf.len() > MAX_HEAD {
            return Err(bad("head longer than 16 KiB"));
        }
        return Ok(None);
    };
    let text = std::str::from_utf8(&buf[..end]).map_err(|_| bad("head is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(bad(&format!("status line {status_line:?}")));
    }
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(&format!("status line {status_line:?}")))?;
    let mut content_length = None;
    let mut close = version == "HTTP/1.0";
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad("header without a colon"))?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            content_length = Some(value.parse().map_err(|_| bad("bad Content-Length"))?);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(bad("chunked bodies are not supported"));
        } else if name.eq_ignore_ascii_case("connection") {
            close = value.eq_ignore_ascii_case("close");
        }
    }
    // No length: only a bodiless status may omit it here.
    let content_length = match content_length {
        Some(n) => n,
        None if status == 204 || status == 304 || status < 200 => 0,
        None => return Err(bad("no Content-Length")),
    };
    Ok(Some(Head {
        status,
        content_length,
        close,
        len: end + 4,
    }))
}

fn bad(what: &str) -> HttpError {
    HttpError::Malformed(what.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_keep_alive_response() {
        let raw = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 16\r\n\r\n{\"success\":true}";
        let head = parse(raw).unwrap().unwrap();
        assert_eq!(head.status, 200);
        assert_eq!(head.content_length, 16);
        assert!(!head.close);
        assert_eq!(&raw[head.len..], b"{\"success\":true}");
    }

    #[test]
    fn an_incomplete_head_is_not_an_error() {
        assert_eq!(parse(b"HTTP/1.1 200 OK\r\nContent-Len"), Ok(None));
        assert_eq!(parse(b""), Ok(None));
    }

    #[test]
    fn close_and_errors() {
        let head =
            parse(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\ncontent-length: 0\r\n\r\n")
                .unwrap()
                .unwrap();
        assert_eq!(
            (head.status, head.close, head.content_length),
            (400, true, 0)
        );
        assert!(
            parse(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
                .unwrap()
                .unwrap()
                .close
        );
        for bad in [
            &b"SSH-2.0-x\r\n\r\n"[..],
            b"HTTP/1.1 abc OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"HTTP/1.1 200 OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        assert!(parse(&vec![b'a'; MAX_HEAD + 1]).is_err());
    }
}
