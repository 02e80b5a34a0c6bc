//! Reseller layouts: firmware that reuses GT06 protocol numbers with fields
//! of its own.
//!
//! The packets carry nothing that names the layout, so the codec is told
//! at construction ([`Gt06Codec::with_variant`](super::Gt06Codec::with_variant)),
//! typically from the tracker's configured model ([`Gt06Variant::from_model`]).
//! [`Gt06Variant::Standard`], the default, reads Concox's documented
//! layouts only. Each other variant changes the protocol numbers listed on
//! it and reads every other packet as `Standard` does.

/// Which layout the codec reads reseller-specific packets with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gt06Variant {
    /// Concox's documented layouts.
    #[default]
    Standard,
    /// LW4G family (`LW…` models). 0x13: the alarm and language bytes are
    /// a 2-byte external voltage (low 12 bits, tenths of a volt). Alarm
    /// codes 0x18 and 0x19 mean collision and harsh acceleration.
    Lw,
    /// SeeWorld. Cell ids take 4 bytes; a voltage byte above 6 is a
    /// percentage; 0x13's alarm byte is the external voltage in whole
    /// volts; 0x22 appends odometer, travel time, temperature and humidity.
    Seeworld,
    /// R11. 0x13's voltage level is a 2-byte external voltage
    /// (hundredths of a volt).
    R11,
    /// NT20 and XT40. 0x22 and 0x25 start with a flag, the IMEI and two
    /// date-times, and end with voltages, odometer and engine hours; 0x25
    /// adds an alarm byte and a driver id block.
    Nt20,
    /// QH302R. 0x12 starts with the IMEI.
    Qh302r,
    /// VL103, LL303 and VL512. 0x16 carries an 8-byte driver id after the
    /// status block; 0x36 is a location with status and driver id.
    Vl103,
    /// Extended OBD status (0x13): satellites and signal, alarm, language,
    /// battery percentage, working mode, external voltage, temperature.
    Obd,
    /// VXT01. 0x12 and 0x16 carry a cell without a length byte and a
    /// status block with a 2-byte external voltage; terminal-info alarm
    /// bits 111 mean overspeed.
    Vxt01,
    /// S5. 0x12 appends status, voltage, alarm, oil, temperature and
    /// odometer.
    S5,
    /// WeTrust. 0x12 appends odometer, a driver card, alarm, card status
    /// and driving time.
    Wetrust,
}

impl Gt06Variant {
    /// Every variant, `Standard` first.
    pub const ALL: &'static [Gt06Variant] = &[
        Self::Standard,
        Self::Lw,
        Self::Seeworld,
        Self::R11,
        Self::Nt20,
        Self::Qh302r,
        Self::Vl103,
        Self::Obd,
        Self::Vxt01,
        Self::S5,
        Self::Wetrust,
    ];

    /// The layout a tracker model uses; `Standard` for models not listed.
    pub fn from_model(model: &str) -> Self {
        let upper = model.trim().to_ascii_uppercase();
        match upper.as_str() {
            "SEEWORLD" => Self::Seeworld,
            "R11" => Self::R11,
            "NT20" | "XT40" => Self::Nt20,
            "QH302R" => Self::Qh302r,
            "VL103" | "LL303" | "VL512" => Self::Vl103,
            "OBD6" => Self::Obd,
            "VXT01" => Self::Vxt01,
            "S5" => Self::S5,
            "WETRUST" => Self::Wetrust,
            _ if upper.starts_with("LW") => Self::Lw,
            _ => Self::Standard,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Gt06Variant;

    #[test]
    fn models_map_to_their_layouts() {
        assert_eq!(Gt06Variant::from_model("LW4G-4B"), Gt06Variant::Lw);
        assert_eq!(Gt06Variant::from_model("seeworld"), Gt06Variant::Seeworld);
        assert_eq!(Gt06Variant::from_model("XT40"), Gt06Variant::Nt20);
        assert_eq!(Gt06Variant::from_model("VL103"), Gt06Variant::Vl103);
        assert_eq!(Gt06Variant::from_model("G18"), Gt06Variant::Standard);
        assert_eq!(Gt06Variant::default(), Gt06Variant::Standard);
    }
}
