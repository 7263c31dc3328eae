import { describe, expect, it } from 'vitest';
import { buildAckReply, buildHl7Ack, shouldAck, wantsAck } from './ack';

const at = new Date('2026-11-22T08:00:00Z');

describe(buildHl7Ack.name, () => {
  const msh = 'MSH|^~\\&|MINDRAY_VS900^00A0370098007A80^EUI-64|WARD3|FEIJIU|AMB01|20191206113452||ORU^R01^ORU_R01|1914|P|2.6|||AL|NE';

  it('should echo MSH-10 in MSA-2 and swap sender and receiver when acknowledging', () => {
    const [header, msa] = buildHl7Ack(msh, 'AA', undefined, { time: at }).split('\r');
    const f = header!.split('|');
    expect(f.slice(2, 6)).toEqual(['FEIJIU', 'AMB01', 'MINDRAY_VS900^00A0370098007A80^EUI-64', 'WARD3']);
    expect(f[6]).toBe('20261122080000+0000');
    expect(f[8]).toBe('ACK^R01^ACK');
    expect(f[9]).toBe('1914');
    expect(msa).toBe('MSA|AA|1914');
  });

  it('should escape the error text with the sender\'s separators when rejecting', () => {
    const custom = 'MSH#$*@%#APP####20260101##ORU$R40#77#P#2.6';
    const ack = buildHl7Ack(custom, 'AR', 'type ORU^R99 | bad', { time: at });
    expect(ack).toBe('MSH#$*@%###APP##20261122080000+0000##ORA$R41$ORA_R41#77#P#2.6###NE#NE\rMSA#AR#77#type ORU^R99 | bad\r');
    expect(buildHl7Ack(msh, 'AE', 'a|b^c', { time: at })).toContain('MSA|AE|1914|a\\F\\b\\S\\c\r');
  });

  // IHE PCD-04 (HL7 2.6 §7.3.5/7.3.6): an ORU^R40 alarm is answered with ORA^R41^ORA_R41, not ACK^R40^ACK
  it('should answer an ORU^R40 alarm with ORA^R41^ORA_R41', () => {
    const alarm = 'MSH|^~\\&|MINDRAY_VS900^00A0370098007A80^EUI-64|WARD3|FEIJIU|AMB01|20191206113452||ORU^R40^ORU_R40|al-9|P|2.6|||AL|NE';
    expect(buildHl7Ack(alarm, 'AA', undefined, { time: at })).toBe(
      'MSH|^~\\&|FEIJIU|AMB01|MINDRAY_VS900^00A0370098007A80^EUI-64|WARD3|20261122080000+0000||ORA^R41^ORA_R41|al-9|P|2.6|||NE|NE\rMSA|AA|al-9\r',
    );
    expect(buildAckReply({ msh: alarm.replace('|AL|NE', '||'), framing: 'mllp' }, 'AE', 'not stored', { time: at }).toString('latin1')).toBe(
      '\x0bMSH|^~\\&|FEIJIU|AMB01|MINDRAY_VS900^00A0370098007A80^EUI-64|WARD3|20261122080000+0000||ORA^R41^ORA_R41|al-9|P|2.6|||NE|NE\rMSA|AE|al-9|not stored\r\x1c\r',
    );
  });

  it('should still build a well-formed ACK when the MSH is unreadable', () => {
    expect(buildHl7Ack('garbage', 'AR', undefined, { time: at })).toBe('MSH|^~\\&|||||20261122080000+0000||ACK^^ACK||P|2.6|||NE|NE\rMSA|AR|\r');
  });
});

describe(wantsAck.name, () => {
  it.each([
    ['AL', 'NE', true, true],
    ['AL', 'NE', false, true],
    ['NE', 'AL', true, true],
    ['NE', 'ER', true, false],
    ['NE', 'ER', false, true],
    ['SU', '', true, true],
    ['SU', '', false, false],
    ['', '', true, false],
    ['NE', 'NE', false, false],
  ])('MSH-15 %s / MSH-16 %s, success %s → %s', (accept, application, success, expected) => {
    expect(wantsAck(accept, application, success)).toBe(expected);
  });
});

describe(shouldAck.name, () => {
  const header = (accept: string, application: string, type = 'ORU^R01^ORU_R01') =>
    `MSH|^~\\&|MON||||20261122080000||${type}|9|P|2.4|||${accept}|${application}`;

  it.each([
    // [mode, MSH-15, MSH-16, stored, answer]
    ['auto', '', '', true, true], // original mode: every message is acknowledged
    ['auto', '', '', false, true],
    ['auto', 'AL', 'NE', true, true],
    ['auto', 'NE', 'NE', true, false],
    ['auto', 'NE', 'ER', true, false],
    ['auto', 'NE', 'ER', false, true],
    ['auto', 'NE', 'SU', false, false],
    ['always', 'NE', 'NE', true, true],
    ['never', '', '', true, false],
    ['never', 'AL', 'AL', true, false],
  ] as const)('should answer in %s mode with MSH-15 %j and MSH-16 %j (stored: %s): %s', (mode, accept, application, stored, answer) => {
    expect(shouldAck(mode, header(accept, application), stored)).toBe(answer);
  });

  it('should never answer an ACK, nor a segment that is not a readable MSH, whatever the mode', () => {
    expect(shouldAck('always', header('AL', 'AL', 'ACK^R01^ACK'), true)).toBe(false);
    expect(shouldAck('auto', header('', '', 'ACK'), true)).toBe(false);
    expect(shouldAck('always', 'garbage', true)).toBe(false);
    // the application acknowledgement of an alarm is an acknowledgement too
    expect(shouldAck('always', header('', '', 'ORA^R41^ORA_R41'), true)).toBe(false);
  });
});

describe(buildAckReply.name, () => {
  it('should frame the reply like the message came: MLLP block or bare', () => {
    const msh = 'MSH|^~\\&|MON||||20261122080000||ORU^R01|c9|P|2.4';
    expect(buildAckReply({ msh, framing: 'mllp' }, 'AA', undefined, { time: at }).toString('latin1')).toBe(
      '\x0bMSH|^~\\&|||MON||20261122080000+0000||ACK^R01^ACK|c9|P|2.4|||NE|NE\rMSA|AA|c9\r\x1c\r',
    );
    expect(buildAckReply({ msh, framing: 'bare' }, 'AE', 'not stored', { time: at }).toString('latin1')).toBe(
      'MSH|^~\\&|||MON||20261122080000+0000||ACK^R01^ACK|c9|P|2.4|||NE|NE\rMSA|AE|c9|not stored\r',
    );
  });
});
