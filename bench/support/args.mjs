import { parseArgs } from 'node:util';

/**
 * A bench's command line through Node's own `util.parseArgs`: `--name=value` options and flags,
 * `--help` prints `usage` and exits 0, an unknown option or a missing value exits 2 with a message.
 * Values come back as given (strings, booleans); the bench converts and checks them.
 */
export function readBenchArgs(argv, options, usage) {
  try {
    const { values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      process.stdout.write(usage);
      process.exit(0);
    }
    return values;
  } catch (err) {
    process.stderr.write(`${err.message} (try --help)\n`);
    process.exit(2);
  }
}
