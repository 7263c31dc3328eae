import { ConfigError } from '../platform/config/app-config';
import { type DatabaseLocation, loadDatabaseLocation } from '../platform/config/database-location';
import { EXIT_ERROR, runAuditVerify } from './audit-verify.command';

// Entry of `npm run audit:verify` (node dist/apps/dispatch-core/src/audit/verify-cli.js).
let where: DatabaseLocation;
try {
  where = loadDatabaseLocation();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(EXIT_ERROR);
}
void runAuditVerify(process.argv.slice(2), where, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => process.exit(code));
