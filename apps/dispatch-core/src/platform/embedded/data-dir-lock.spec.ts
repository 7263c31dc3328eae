import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock';

const startTimeOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};

describe(lockDataDir.name, () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'feijiu-lock-'));
    dirs.push(dir);
    return dir;
  };
  const otherProcess = async () => {
    const child = spawn('sleep', ['30']);
    children.push(child);
    await new Promise((r) => child.once('spawn', r));
    return child.pid!;
  };
  afterEach(() => {
    for (const c of children.splice(0)) c.kill();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('should write this process into core.pid and remove it on release', () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'core.pid'), 'utf8').trim()).toBe(`${process.pid} ${startTimeOf(process.pid)}`);
    release();
    expect(existsSync(join(dir, 'core.pid'))).toBe(false);
  });

  it('should refuse while another live process holds the lock', async () => {
    const dir = dataDir();
    const pid = await otherProcess();
    writeFileSync(join(dir, 'core.pid'), `${pid} ${startTimeOf(pid)}\n`);
    expect(() => lockDataDir(dir)).toThrow(`another Feijiu core (pid ${pid}) is running on ${dir}`);
  });

  it('should take over a lock whose process is gone', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'core.pid'), '2147483 12345\n');
    lockDataDir(dir)();
  });

  it('should take over a lock whose pid now belongs to another process (reused after a reboot)', async () => {
    const dir = dataDir();
    const pid = await otherProcess();
    writeFileSync(join(dir, 'core.pid'), `${pid} 1\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'core.pid'), 'utf8')).toContain(String(process.pid));
    release();
  });

  it('should leave a lock another process has taken since', () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    writeFileSync(join(dir, 'core.pid'), '4242 7\n');
    release();
    expect(readFileSync(join(dir, 'core.pid'), 'utf8')).toBe('4242 7\n');
  });
});
