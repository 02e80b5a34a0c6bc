//! Configuration: defaults, the file, the environment, validation.

use super::*;

#[test]
fn defaults_cover_every_protocol_and_render_back() {
    let config = Config::default();
    assert_eq!(
        config.protocols["teltonika"].listen,
        "0.0.0.0:5027".parse().expect("addr")
    );
    let again: Config = toml::from_str(&config.to_toml()).expect("round trip");
    assert_eq!(again, config);
}

#[test]
fn environment_overrides_file_values() {
    let mut config: Config =
        toml::from_str("data_dir = \"/x\"\n[api]\nlisten = \"127.0.0.1:1\"\n").expect("toml");
    let env = |name: &str| match name {
        "TRACKGATE_API_LISTEN" => Some("127.0.0.1:9".to_owned()),
        "TRACKGATE_REGISTER_UNKNOWN" => Some("true".to_owned()),
        "TRACKGATE_TELTONIKA_LISTEN" => Some("127.0.0.1:7".to_owned()),
        _ => None,
    };
    config.protocols = Config::default().protocols;
    config.apply_env(env).expect("valid env");
    assert_eq!(config.data_dir, PathBuf::from("/x"));
    assert_eq!(config.api.listen, "127.0.0.1:9".parse().expect("addr"));
    assert!(config.devices.register_unknown);
    assert_eq!(
        config.protocols["teltonika"].listen,
        "127.0.0.1:7".parse().expect("addr")
    );
}

#[test]
fn bad_values_are_errors_not_defaults() {
    let mut config = Config::default();
    let error = config
        .apply_env(|n| (n == "TRACKGATE_API_LISTEN").then(|| "nowhere".to_owned()))
        .expect_err("unparsable");
    assert!(error.to_string().contains("TRACKGATE_API_LISTEN"));
    assert!(toml::from_str::<Config>("no_such_key = 1").is_err());
    let mut unknown = Config::default();
    unknown
        .protocols
        .insert("nosuch".into(), ListenerConfig::default());
    assert!(matches!(
        unknown.validate(),
        Err(ConfigError::UnknownProtocol(_))
    ));
}

#[test]
fn registration_takes_the_host_and_each_enabled_listener_port() {
    let mut config: Config = toml::from_str(
        "[registration]\nserver_host = \"gw.example.net\"\nsend_commands = true\n\
         [protocols.gt06]\nlisten = \"0.0.0.0:6023\"\n[protocols.h02]\nenabled = false\n",
    )
    .expect("toml");
    config.apply_env(|_| None).expect("env");
    let registration = config.registration();
    assert_eq!(registration.host.as_deref(), Some("gw.example.net"));
    assert!(registration.send_commands);
    assert_eq!(registration.ports.get("gt06"), Some(&6023));
    assert_eq!(registration.ports.get("h02"), None);
    config
        .apply_env(|name| (name == "TRACKGATE_SERVER_HOST").then(|| " 203.0.113.9 ".into()))
        .expect("env");
    assert_eq!(config.registration().host.as_deref(), Some("203.0.113.9"));
}

#[test]
fn a_server_host_that_would_break_device_commands_is_refused() {
    let mut config = Config::default();
    config.registration.server_host = Some("gw.example.net,1".into());
    assert!(config.validate().is_err());
    config.registration.server_host = Some("gw.example.net".into());
    assert!(config.validate().is_ok());
}

#[test]
fn the_state_section_defaults_to_navixy_and_is_validated() {
    let config: Config = toml::from_str("[state]\nidle_after_secs = 30\n").expect("toml");
    assert_eq!(config.state.idle_after_secs, 30);
    assert_eq!(config.state.offline_after_secs, 600);
    let rules = config.state.rules();
    assert_eq!(rules.idle_after_ms, 30_000);
    assert_eq!(rules.offline_after_ms, 600_000);
    assert_eq!(rules.parked_after_ms, 300_000);
    assert_eq!(Config::default().state.rules(), Default::default());
    config.validate().expect("valid");

    let mut bad = Config::default();
    bad.state.idle_after_secs = bad.state.offline_after_secs;
    let error = bad.validate().expect_err("idle not before offline");
    assert!(error.to_string().contains("idle_after_secs"), "{error}");
    let mut zero = Config::default();
    zero.state.parked_after_secs = 0;
    let error = zero.validate().expect_err("zero");
    assert!(error.to_string().contains("parked_after_secs"), "{error}");
    assert!(toml::from_str::<Config>("[state]\nofline_after_secs = 1\n").is_err());
}

#[test]
fn login_limits_and_password_work_are_read_and_validated() {
    let config: Config = toml::from_str(
        "[api]\npassword_hashes_at_once = 3\npassword_hashes_waiting = 7\n\
         failed_logins_per_login = 5\nfailed_logins_per_address = 20\n\
         failed_logins_window_secs = 600\n",
    )
    .expect("toml");
    config.validate().expect("valid");
    assert_eq!(
        (
            config.api.passwords().at_once,
            config.api.passwords().waiting
        ),
        (3, 7)
    );
    let logins = config.api.logins();
    assert_eq!((logins.per_login, logins.per_address), (5, 20));
    assert_eq!(logins.window, Duration::from_secs(600));
    // 0 threads means one per core, never none.
    assert!(Config::default().api.passwords().at_once >= 1);
    for bad in [
        "failed_logins_per_login = 0",
        "failed_logins_per_address = 0",
        "failed_logins_window_secs = 0",
    ] {
        let config: Config = toml::from_str(&format!("[api]\n{bad}\n")).expect("toml");
        assert!(
            matches!(config.validate(), Err(ConfigError::Invalid { ref section, .. }) if section == "api"),
            "{bad}"
        );
    }
}
