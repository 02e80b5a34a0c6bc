//! Sub-user rights, by Navixy's names.
//!
//! A master user holds every right; a sub-user holds the rights its master
//! gave it, never [`Right::Admin`]. Calls that change something check
//! theirs with [`UserCall::require`](crate::user::account::auth::UserCall::require),
//! which answers 13 when the right is missing.

/// One right, as Navixy names it in security groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Right {
    /// Master users only: sub-users, groups, anything account-wide.
    Admin,
    /// Platform-side tracker settings: label, tags, phone ...
    TrackerUpdate,
    /// Settings that need configuration commands to the device.
    TrackerConfigure,
    /// Switching the device's outputs.
    TrackerSetOutput,
    /// Registering new trackers.
    TrackerRegister,
    /// Creating and updating rules.
    TrackerRuleUpdate,
    /// Creating and updating tags.
    TagUpdate,
    /// Creating and updating tasks.
    TaskUpdate,
    /// Creating and updating forms.
    FormTemplateUpdate,
    /// Creating and updating geofences.
    ZoneUpdate,
    /// Creating and updating places.
    PlaceUpdate,
    /// Creating and updating places' custom fields.
    PlacesCustomFieldsUpdate,
    /// Creating and updating employees and drivers.
    EmployeeUpdate,
    /// Creating and updating vehicles.
    VehicleUpdate,
    /// Requesting video.
    VideoMonitoring,
    /// Using the payment system.
    PaymentCreate,
    /// Generating reports.
    Reports,
    /// Creating geo-links.
    WeblocatorSessionCreate,
    /// Delivery tracking.
    DeliverySessionCreate,
    /// Creating check-ins.
    CheckinUpdate,
}

impl Right {
    /// Every right, in Navixy's order.
    pub const ALL: [Right; 20] = [
        Right::Admin,
        Right::TrackerUpdate,
        Right::TrackerConfigure,
        Right::TrackerSetOutput,
        Right::TrackerRegister,
        Right::TrackerRuleUpdate,
        Right::TagUpdate,
        Right::TaskUpdate,
        Right::FormTemplateUpdate,
        Right::ZoneUpdate,
        Right::PlaceUpdate,
        Right::PlacesCustomFieldsUpdate,
        Right::EmployeeUpdate,
        Right::VehicleUpdate,
        Right::VideoMonitoring,
        Right::PaymentCreate,
        Right::Reports,
        Right::WeblocatorSessionCreate,
        Right::DeliverySessionCreate,
        Right::CheckinUpdate,
    ];

    /// Navixy's name for the right.
    pub fn name(self) -> &'static str {
        match self {
            Right::Admin => "admin",
            Right::TrackerUpdate => "tracker_update",
            Right::TrackerConfigure => "tracker_configure",
            Right::TrackerSetOutput => "tracker_set_output",
            Right::TrackerRegister => "tracker_register",
            Right::TrackerRuleUpdate => "tracker_rule_update",
            Right::TagUpdate => "tag_update",
            Right::TaskUpdate => "task_update",
            Right::FormTemplateUpdate => "form_template_update",
            Right::ZoneUpdate => "zone_update",
            Right::PlaceUpdate => "place_update",
            Right::PlacesCustomFieldsUpdate => "places_custom_fields_update",
            Right::EmployeeUpdate => "employee_update",
            Right::VehicleUpdate => "vehicle_update",
            Right::VideoMonitoring => "video_monitoring",
            Right::PaymentCreate => "payment_create",
            Right::Reports => "reports",
            Right::WeblocatorSessionCreate => "weblocator_session_create",
            Right::DeliverySessionCreate => "delivery_session_create",
            Right::CheckinUpdate => "checkin_update",
        }
    }

    /// The right with Navixy's name `name`.
    pub fn from_name(name: &str) -> Option<Right> {
        Right::ALL.into_iter().find(|r| r.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::Right;

    #[test]
    fn names_round_trip_and_are_distinct() {
        for right in Right::ALL {
            assert_eq!(Right::from_name(right.name()), Some(right));
        }
        let mut names: Vec<_> = Right::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Right::ALL.len());
        assert_eq!(
            Right::from_name("tracker_set_output"),
            Some(Right::TrackerSetOutput)
        );
        assert_eq!(Right::from_name("Admin"), None);
        assert_eq!(Right::from_name(""), None);
    }
}
