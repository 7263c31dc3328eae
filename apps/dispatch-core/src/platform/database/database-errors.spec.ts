import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection (server down)', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['an admin shutdown (SQLSTATE 57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up (SQLSTATE 57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection exception (SQLSTATE 08006)', withCode('connection failure', '08006')],
    ['too many connections (SQLSTATE 53300)', withCode('sorry, too many clients already', '53300')],
    ['a deadlock (SQLSTATE 40P01)', withCode('deadlock detected', '40P01')],
    ['a connection ended mid-query (no code)', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout (no code)', new Error('timeout exceeded when trying to connect')],
    ['a TypeORM wrapper around a lost connection', Object.assign(new Error('Query failed'), { driverError: withCode('x', '57P01') })],
    ['refused on every address', new AggregateError([withCode('a', 'ECONNREFUSED'), withCode('b', 'ECONNREFUSED')], 'all refused')],
  ])('should say the database is unavailable on %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation (SQLSTATE 23505)', withCode('duplicate key value', '23505')],
    ['an invalid value (SQLSTATE 22P02)', withCode('invalid input syntax', '22P02')],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['something that is not an Error', 'ECONNREFUSED'],
  ])('should not say so on %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
