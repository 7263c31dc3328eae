// Pure clinical scoring, no I/O: NEWS2, GCS, RTS, shock index, qSOFA, BE-FAST, RACE, LAMS,
// field triage, STEMI flag and the pathway classification rules. Nothing exported yet.
export {};
