// Shared by the bench scripts: free loopback ports, the /proc view of a process tree and its
// memory, and stopping what a run left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** One process from /proc: parent, group, name, CPU ticks (user + system) and RSS. */
export function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces: fields after the last ')'
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return { pid, ppid: Number(f[1]), pgrp: Number(f[2]), comm, cpuTicks: Number(f[11]) + Number(f[12]), rssKb: rss ? Number(rss[1]) : 0 };
  } catch {
    return null; // gone meanwhile, or a kernel thread without status
  }
}

export function allProcesses() {
  const procs = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) procs.push(p);
  }
  return procs;
}

/** The process and all its descendants. */
export function processTree(rootPid) {
  const procs = allProcesses();
  const children = new Map();
  for (const p of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p);
  }
  const root = procs.find((p) => p.pid === rootPid);
  if (!root) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i].pid) ?? []));
  return tree;
}

/** Proportional set size: shared pages (postgres shared_buffers) split among their users. */
export function pssKb(pid) {
  try {
    const m = /^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Memory of the core's tree: RSS total, node alone, postgres, other children; PSS total. */
export function memoryOf(rootPid) {
  const tree = processTree(rootPid);
  const sum = (ps) => ps.reduce((kb, p) => kb + p.rssKb, 0);
  const postgres = tree.filter((p) => /^postgres|^postmaster/.test(p.comm));
  const pss = tree.map((p) => pssKb(p.pid));
  return {
    pssTotalMb: pss.every((kb) => kb !== null) ? pss.reduce((a, kb) => a + kb, 0) / 1024 : null,
    pids: tree.map((p) => p.pid),
    processes: tree.length,
    totalMb: sum(tree) / 1024,
    nodeMb: sum(tree.filter((p) => p.pid === rootPid)) / 1024,
    postgresMb: sum(postgres) / 1024,
    otherMb: sum(tree.filter((p) => p.pid !== rootPid && !postgres.includes(p))) / 1024,
  };
}

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops whatever of a run is still alive: the child (SIGINT, then waits up to `exitTimeoutMs`),
 * then anything in its process group (spawned detached) or among `knownPids` seen in its tree
 * while it ran (an orphaned postgres). Returns what had to be stopped, as `comm(pid)`.
 */
export async function stopLeftovers(child, exited, knownPids, exitTimeoutMs = 30_000) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGINT');
    await Promise.race([exited, sleep(exitTimeoutMs, undefined, { ref: false })]);
  }
  const suspects = allProcesses().filter((p) => p.pid !== process.pid && (p.pgrp === child.pid || knownPids.includes(p.pid)));
  if (suspects.length === 0) return [];
  for (const p of suspects) {
    try {
      process.kill(p.pid, 'SIGINT'); // postgres: fast shutdown
    } catch {
      // gone meanwhile
    }
  }
  for (let i = 0; i < 100 && suspects.some((p) => isAlive(p.pid)); i++) await sleep(100);
  for (const p of suspects.filter((q) => isAlive(q.pid))) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  return suspects.map((p) => `${p.comm}(${p.pid})`);
}
