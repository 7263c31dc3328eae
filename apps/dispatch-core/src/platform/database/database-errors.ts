// Errors that say "the database cannot be reached right now" (a restart, a failover, a full
// pool), as opposed to "the database refuses this data": the first passes if retried later, the
// second never does. node-postgres reports a lost server as a node socket error (errno code), a
// SQLSTATE from the server (admin shutdown, cannot connect now…) or a plain Error with only a
// message (a connection ended mid-query, a connect timeout).

const NODE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTCONN']);
// 08 connection exception, 53 insufficient resources, 57P01-57P03 shutdown / cannot connect now,
// 40001 / 40P01 serialization failure / deadlock (the transaction may simply be run again)
const TRANSIENT_SQLSTATE = /^(08|53|57P0[123]|40001|40P01)/;
const CONNECTION_LOST_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|terminating connection|the database system is (starting up|shutting down)|Connection ended/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NODE_SOCKET_CODES.has(code) || TRANSIENT_SQLSTATE.test(code))) return true;
  const cause = (err as { driverError?: unknown; cause?: unknown }).driverError ?? (err as { cause?: unknown }).cause;
  if (cause && cause !== err && isDatabaseUnavailable(cause)) return true;
  // AggregateError (several addresses refused): any member says it
  if (err instanceof AggregateError && err.errors.some((e) => isDatabaseUnavailable(e))) return true;
  return CONNECTION_LOST_MESSAGE.test(err.message);
}
