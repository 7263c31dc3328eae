// Pure parsers and writers, no I/O: HL7 v2 ORU^R01 + MLLP, NMEA 0183 and one binary vendor
// protocol, each as constants / frame / parser / writer. Nothing exported yet.
export {};
