//! The manually maintained system status: the ONE file operators edit to change
//! /status. Copy for names and incidents lives in the locale files; the states and
//! dates live here.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceState {
    Operational,
    Degraded,
    Outage,
    ComingSoon,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    Mail,
    Files,
    Sso,
    Portal,
    Video,
    Chat,
}

/// Current state of every service, in display order.
pub const SERVICES: [(Service, ServiceState); 6] = [
    (Service::Mail, ServiceState::Operational),
    (Service::Files, ServiceState::Operational),
    (Service::Sso, ServiceState::Operational),
    (Service::Portal, ServiceState::Operational),
    (Service::Video, ServiceState::ComingSoon),
    (Service::Chat, ServiceState::ComingSoon),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentKind {
    Incident,
    Maintenance,
}

/// Past incidents, newest first: (id matching `status.incidentN_*` copy, ISO date, kind).
pub const INCIDENTS: [(u8, &str, IncidentKind); 2] = [
    (1, "2026-10-07", IncidentKind::Incident),
    (2, "2026-09-22", IncidentKind::Maintenance),
];

/// All live services operational? (Coming-soon services do not count.)
pub fn all_operational() -> bool {
    SERVICES
        .iter()
        .all(|(_, s)| matches!(s, ServiceState::Operational | ServiceState::ComingSoon))
}
