import { readdirSync, readFileSync } from 'node:fs';

// USER_HZ: what /proc counts CPU time in; 100 on every Linux this runs on.
const TICK_MS = 10;
const GROUP_SAMPLE_MS = 250;

export interface CpuUsage {
  /** CPU time each named process used, in ms. */
  processMs: Record<string, number>;
  /** Busy CPU time of the whole machine (every core, every process, anyone's; steal apart), in ms. */
  machineBusyMs: number;
  /** Share of the machine's capacity that was busy, and that the hypervisor took (steal). */
  busyShare: number;
  stealShare: number;
}

/**
 * Measures CPU time from /proc between start and stop: per process (the services, this one), per
 * group of processes whose title holds a string (`groups`: PostgreSQL backends name their database
 * in their title; pgbench's come and go, so groups are sampled every 250 ms and a backend born
 * meanwhile counts from zero), and for the whole machine, so a round can say what one order costs
 * in CPU and whether the machine was saturated. Empty figures where /proc is not there.
 */
export function startCpuMeter(pids: Record<string, number | undefined>, groups: Record<string, string[]> = {}): { stop(): CpuUsage } {
  const before = { processes: readProcesses(pids), machine: readMachine() };
  const first = new Map<number, number>();
  const latest = new Map<number, { group: string; ms: number }>();
  const sampleGroups = (initial: boolean) => {
    for (const [pid, { group, ms }] of readGroups(groups)) {
      if (!first.has(pid)) first.set(pid, initial ? ms : 0);
      latest.set(pid, { group, ms });
    }
  };
  sampleGroups(true);
  const timer = Object.keys(groups).length > 0 ? setInterval(() => sampleGroups(false), GROUP_SAMPLE_MS) : undefined;
  return {
    stop: () => {
      clearInterval(timer);
      sampleGroups(false);
      const processes = readProcesses(pids);
      const machine = readMachine();
      const processMs = Object.fromEntries(Object.entries(processes).map(([name, ms]) => [name, ms - (before.processes[name] ?? ms)]));
      for (const group of Object.keys(groups)) processMs[group] = 0;
      for (const [pid, { group, ms }] of latest) processMs[group]! += ms - first.get(pid)!;
      const total = machine.total - before.machine.total;
      const busy = machine.busy - before.machine.busy;
      const steal = machine.steal - before.machine.steal;
      return { processMs, machineBusyMs: busy * TICK_MS, busyShare: total > 0 ? busy / total : 0, stealShare: total > 0 ? steal / total : 0 };
    },
  };
}

/** Two consecutive measurements as one (the shares weighted by nothing: taken from `a`, the round). */
export function addCpu(a: CpuUsage, b: CpuUsage): CpuUsage {
  const processMs = { ...a.processMs };
  for (const [name, ms] of Object.entries(b.processMs)) processMs[name] = (processMs[name] ?? 0) + ms;
  return { processMs, machineBusyMs: a.machineBusyMs + b.machineBusyMs, busyShare: a.busyShare, stealShare: a.stealShare };
}

function readProcesses(pids: Record<string, number | undefined>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) result[name] = ms;
  }
  return result;
}

/** CPU time of every process whose title holds one of a group's strings, by pid. */
function readGroups(groups: Record<string, string[]>): Map<number, { group: string; ms: number }> {
  const found = new Map<number, { group: string; ms: number }>();
  if (Object.keys(groups).length === 0) return found;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  for (const pid of pids) {
    let title: string;
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const group = Object.entries(groups).find(([, needles]) => needles.some((needle) => title.includes(needle)))?.[0];
    const ms = group ? processCpuMs(Number(pid)) : undefined;
    if (group && ms !== undefined) found.set(Number(pid), { group, ms });
  }
  return found;
}

function processCpuMs(pid: number | undefined): number | undefined {
  try {
    // The command name may hold spaces: the fields are counted after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined; // gone, or no /proc
  }
}

/** Ticks since boot over all cores: busy (running anything), steal (wanted, not given), total. */
function readMachine(): { busy: number; steal: number; total: number } {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.slice(0, 8).map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq!;
    return { busy, steal: steal!, total: busy + idle! + iowait! + steal! };
  } catch {
    return { busy: 0, steal: 0, total: 0 };
  }
}
