use super::*;

#[test]
fn every_listener_gets_a_distinct_loopback_port_below_the_ephemeral_range() {
    let dir = Path::new("/nonexistent");
    let launch = Launch::new(Path::new("trackgate"), dir, "k").unwrap();
    let mut ports: Vec<u16> = trackgate_protocols::catalogue::ALL
        .iter()
        .map(|&p| launch.listener(p))
        .chain([launch.api()])
        .map(|addr| {
            assert!(addr.ip().is_loopback(), "{addr}");
            assert!(addr.port() >= ports::LOWEST_PORT, "{addr}");
            assert!(
                addr.port() < ports::ephemeral_low().unwrap_or(32_768),
                "{addr}"
            );
            addr.port()
        })
        .collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), trackgate_protocols::catalogue::ALL.len() + 1);
}

#[tokio::test]
async fn a_binary_that_exits_at_once_is_reported_not_awaited() {
    let dir = tempfile::tempdir().unwrap();
    let launch = Launch::new(Path::new("/bin/false"), dir.path(), "k").unwrap();
    let started = Instant::now();
    let result = launch
        .start_fresh(
            trackgate_protocols::teltonika::PROTOCOL,
            Duration::from_secs(20),
        )
        .await;
    assert!(matches!(result, Err(LaunchError::Exited(s)) if !s.success()));
    assert!(started.elapsed() < Duration::from_secs(10));
}
