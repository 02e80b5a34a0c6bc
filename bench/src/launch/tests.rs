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

/// A stand-in gateway that writes its arguments, open-file limit and
/// environment to `seen`, then exits 3.
fn recorder(dir: &Path, seen: &Path) -> PathBuf {
    let bin = dir.join("fake-gateway");
    let script = format!(
        "#!/bin/sh\necho \"$@ $(ulimit -n) $TRACKGATE_REGISTER_UNKNOWN $EXTRA\" > {}\n\
         echo oops >&2\nexit 3\n",
        seen.display()
    );
    std::fs::write(&bin, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[tokio::test]
async fn the_limit_environment_and_log_reach_the_process() {
    let dir = tempfile::tempdir().unwrap();
    let (seen, log) = (dir.path().join("seen"), dir.path().join("log"));
    let bin = recorder(dir.path(), &seen);
    let launch = Launch::new(&bin, dir.path(), "k")
        .unwrap()
        .register_unknown(false)
        .nofile(Some(321))
        .env(&[("EXTRA".into(), "yes".into())])
        .log_to(&log);
    let started = launch
        .start(
            trackgate_protocols::teltonika::PROTOCOL,
            Duration::from_secs(20),
        )
        .await;
    assert!(matches!(started, Err(LaunchError::Exited(s)) if s.code() == Some(3)));
    let seen = std::fs::read_to_string(&seen).unwrap();
    assert_eq!(seen.trim(), "serve 321 false yes");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "oops\n");
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
