//! Several nodes in one process (`trackgate serve --nodes N`): each node's
//! configuration, derived from the one given.

use std::net::SocketAddr;

use super::{Config, ConfigError};

/// Node `k`'s configuration: every listener (devices and API) on its
/// configured port plus `k × port_step`, `open_files` of the process's
/// open-file limit, and in the cluster the configured node id plus `k` and
/// the configured name with `-k`. Node 0 is the configuration as given.
pub fn node_config(
    config: &Config,
    k: u16,
    port_step: u16,
    open_files: u64,
) -> Result<Config, ConfigError> {
    let shift = |addr: SocketAddr, what: &str| -> Result<SocketAddr, ConfigError> {
        if addr.port() == 0 {
            return Ok(addr);
        }
        let port = u32::from(addr.port()) + u32::from(k) * u32::from(port_step);
        let port = u16::try_from(port).map_err(|_| ConfigError::Invalid {
            section: "nodes".into(),
            message: format!(
                "node {k}'s {what} port would be {port}, above 65535: use a smaller --port-step"
            ),
        })?;
        Ok(SocketAddr::new(addr.ip(), port))
    };
    let mut node = config.clone();
    node.api.listen = shift(config.api.listen, "API")?;
    for (name, listener) in &mut node.protocols {
        listener.listen = shift(listener.listen, name)?;
    }
    node.limits.open_files = open_files;
    if k > 0 {
        node.cluster.node_id = config.cluster.node_id + u64::from(k);
        node.cluster.node_name = format!("{}-{k}", config.cluster.node_name);
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_k_listens_k_steps_up_and_node_0_as_configured() {
        let config = Config::default();
        let zero = node_config(&config, 0, 1000, 5000).unwrap();
        assert_eq!(zero.api.listen, config.api.listen);
        let two = node_config(&config, 2, 1000, 5000).unwrap();
        assert_eq!(two.api.listen.port(), config.api.listen.port() + 2000);
        assert_eq!(two.protocols["teltonika"].listen.port(), 7027);
        assert_eq!(two.limits.open_files, 5000);
        assert_eq!(two.cluster.node_id, config.cluster.node_id + 2);
        assert_eq!(
            two.cluster.node_name,
            format!("{}-2", config.cluster.node_name)
        );
        assert!(node_config(&config, 15, 5000, 100).is_err());
    }
}
