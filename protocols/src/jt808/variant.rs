//! Model layouts: trackers whose firmware gives the alarm word, the status
//! word or an additional-information item a meaning of its own.
//!
//! A JT/T 808 message does not say which layout it follows, so the codec
//! is told: [`Jt808Codec::with_variant`](super::Jt808Codec::with_variant)
//! at construction, or [`DeviceCodec::configure`](crate::DeviceCodec::configure)
//! once the gateway knows the tracker's model ([`Jt808Variant::from_model`]).
//! [`Jt808Variant::Standard`], the default, reads the alarm and status
//! words as JT/T 808-2019 defines them. Each other variant lists what it
//! changes; everything else is read as `Standard` reads it.

/// Which layout the codec reads model-specific fields with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Jt808Variant {
    /// The standard's alarm and status words.
    #[default]
    Standard,
    /// Micodus MV710G and MV810G vehicle trackers. Status bit 16 is the
    /// door input (the standard's fourth door); in item 0x57, bit 16 of
    /// its last double word is the door alarm.
    Mv710g,
    /// AOVX AL300 and GL100 asset trackers. The alarm word carries only
    /// bit 16, the movement alarm; its other bits are kept raw.
    Aovx,
    /// Jimi (Concox) JC181, JC182, JC371, JC450 and JC451 dashcams. Item
    /// 0xE8 starts with a 2-byte event code (alarms, ignition changes).
    Jimi,
}

impl Jt808Variant {
    /// Every variant, `Standard` first.
    pub const ALL: &'static [Jt808Variant] =
        &[Self::Standard, Self::Mv710g, Self::Aovx, Self::Jimi];

    /// The layout a tracker model uses; `Standard` for models not listed.
    pub fn from_model(model: &str) -> Self {
        match model.trim().to_ascii_uppercase().as_str() {
            "MV710G" | "MV810G" => Self::Mv710g,
            "AL300" | "GL100" => Self::Aovx,
            "JC181" | "JC182" | "JC371" | "JC450" | "JC451" => Self::Jimi,
            _ => Self::Standard,
        }
    }
}
