// Shared by the bench scripts: free loopback ports and the /proc view of a process tree.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

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
