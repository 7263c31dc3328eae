// The in-vehicle gateway: serial ports → parser → normalised samples → durable outbox → MQTT.
// Placeholder until the bridge is written, so a deployed unit fails loudly instead of idling.
process.stderr.write('feijiu firmware-bridge: not yet implemented: see issue 3\n');
process.exitCode = 1;
