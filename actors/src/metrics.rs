//! Metric names, so every place that records one spells it the same way.

/// Connections accepted, by protocol (counter).
pub const CONNECTIONS: &str = "trackgate_connections_total";
/// Connections open now, by protocol (gauge).
pub const CONNECTIONS_OPEN: &str = "trackgate_connections_open";
/// Sessions running on each shard (gauge, label `shard`).
pub const SHARD_SESSIONS: &str = "trackgate_shard_sessions";
/// Records decoded, by protocol (counter).
pub const RECORDS_DECODED: &str = "trackgate_records_decoded_total";
/// Acknowledgements written to devices after a durable commit, by protocol (counter).
pub const ACKS_SENT: &str = "trackgate_acks_sent_total";
/// Input that could not be decoded and ended its connection, or a datagram
/// or HTTP request refused for it, by protocol and kind (counter).
pub const DECODE_ERRORS: &str = "trackgate_decode_errors_total";
/// Frames skipped on a stream that went on after them, by protocol and
/// reason (counter).
pub const FRAMES_SKIPPED: &str = "trackgate_frames_skipped_total";
/// Device connection slots: the device listeners' share of the open-file
/// limit (gauge).
pub const DEVICE_SLOTS: &str = "trackgate_device_connection_slots";
/// 1 while every device connection slot is taken and listeners do not
/// accept (gauge).
pub const ACCEPT_PAUSED: &str = "trackgate_device_accept_paused";
/// Times the device listeners stopped accepting for want of a slot (counter).
pub const ACCEPT_PAUSES: &str = "trackgate_device_accept_pauses_total";
/// Device sessions ended, by protocol and reason (counter).
pub const SESSIONS_CLOSED: &str = "trackgate_sessions_closed_total";
/// Logins refused, by protocol and reason (counter).
pub const LOGINS_REFUSED: &str = "trackgate_logins_refused_total";
/// Time one group commit took, including fsync (histogram, seconds).
pub const COMMIT_SECONDS: &str = "trackgate_commit_seconds";
/// Records per group commit (histogram).
pub const COMMIT_RECORDS: &str = "trackgate_commit_records";
/// Records waiting for the track writer (gauge).
pub const WRITER_QUEUE_DEPTH: &str = "trackgate_writer_queue_depth";
/// Bytes of table blocks the embedded store caches for reads (gauge).
pub const STORE_BLOCK_CACHE_BYTES: &str = "trackgate_store_block_cache_bytes";
/// Bytes of writes the embedded store holds in memtables (gauge).
pub const STORE_MEMTABLE_BYTES: &str = "trackgate_store_memtable_bytes";
/// Group commits that failed (counter).
pub const COMMIT_FAILURES: &str = "trackgate_commit_failures_total";
/// Datagrams received on UDP listeners, by protocol (counter).
pub const UDP_DATAGRAMS: &str = "trackgate_udp_datagrams_total";
/// Datagrams dropped before a session saw them, by protocol and reason
/// (`busy`: the device's session still had a full inbox) (counter).
pub const UDP_DATAGRAMS_DROPPED: &str = "trackgate_udp_datagrams_dropped_total";
/// Requests from HTTP devices, by protocol and answer status (counter).
pub const HTTP_DEVICE_REQUESTS: &str = "trackgate_http_device_requests_total";
/// Reply datagrams the kernel did not take, by protocol (counter).
pub const UDP_REPLIES_DROPPED: &str = "trackgate_udp_replies_dropped_total";
/// Live-push clients whose change queue filled up because they did not read (counter).
pub const PUSH_OVERFLOWS: &str = "trackgate_push_overflows_total";
/// API connections open now (gauge).
pub const API_CONNECTIONS_OPEN: &str = "trackgate_api_connections_open";
/// API connections closed as soon as they were accepted, by reason
/// (`per_ip`: their address held as many as allowed) (counter).
pub const API_CONNECTIONS_REFUSED: &str = "trackgate_api_connections_refused_total";
/// Counter: registry events the cluster link's full queue dropped (claims,
/// state changes): cross-node answers may lag until the next reconnect.
pub const CLUSTER_EVENTS_DROPPED: &str = "trackgate_cluster_events_dropped_total";

/// Registers a description for every metric above with the installed recorder.
pub fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(CONNECTIONS, "Device connections accepted");
    describe_gauge!(CONNECTIONS_OPEN, "Device connections open now");
    describe_gauge!(SHARD_SESSIONS, "Device sessions running on each shard");
    describe_counter!(RECORDS_DECODED, "Records decoded from devices");
    describe_counter!(ACKS_SENT, "Acknowledgements written after a durable commit");
    describe_counter!(
        DECODE_ERRORS,
        "Undecodable input that ended a connection or refused a datagram or request, by kind"
    );
    describe_counter!(
        FRAMES_SKIPPED,
        "Frames skipped on a stream that went on after them, by reason"
    );
    describe_counter!(SESSIONS_CLOSED, "Device sessions ended, by reason");
    describe_gauge!(
        DEVICE_SLOTS,
        "Device connections the open-file budget allows at once"
    );
    describe_gauge!(
        ACCEPT_PAUSED,
        "1 while every device connection slot is taken and listeners wait"
    );
    describe_counter!(
        ACCEPT_PAUSES,
        "Times the device listeners stopped accepting for want of a slot"
    );
    describe_counter!(LOGINS_REFUSED, "Device logins refused, by reason");
    describe_histogram!(
        COMMIT_SECONDS,
        Unit::Seconds,
        "Group commit latency including fsync"
    );
    describe_histogram!(COMMIT_RECORDS, Unit::Count, "Records per group commit");
    describe_gauge!(WRITER_QUEUE_DEPTH, "Records waiting for the track writer");
    describe_counter!(COMMIT_FAILURES, "Group commits that failed");
    describe_gauge!(
        STORE_BLOCK_CACHE_BYTES,
        Unit::Bytes,
        "Table blocks the embedded store caches for reads"
    );
    describe_gauge!(
        STORE_MEMTABLE_BYTES,
        Unit::Bytes,
        "Writes the embedded store holds in memtables"
    );
    describe_counter!(
        CLUSTER_EVENTS_DROPPED,
        "Registry events the cluster link's full queue dropped"
    );
    describe_counter!(UDP_DATAGRAMS, "Datagrams received on UDP listeners");
    describe_counter!(
        UDP_DATAGRAMS_DROPPED,
        "Datagrams dropped before a session saw them, by reason"
    );
    describe_counter!(
        UDP_REPLIES_DROPPED,
        "Reply datagrams the kernel did not take"
    );
    describe_counter!(
        PUSH_OVERFLOWS,
        "Live-push clients dropped because their change queue filled up"
    );
    describe_gauge!(API_CONNECTIONS_OPEN, "API connections open now");
    describe_counter!(
        API_CONNECTIONS_REFUSED,
        "API connections closed as soon as they were accepted, by reason"
    );
}
