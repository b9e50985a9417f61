/**
 * CPU time of this process (process.cpuUsage) and of the simulator's process (utime + stime from
 * /proc/<pid>/stat, Linux only), so each contender's cost can be given per request on both sides.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on Linux. */
const TICKS_PER_S = 100;

/** The simulator child of this process (the one startChildGateway spawned), or undefined off Linux. */
export function findSimulatorPid(): number | undefined {
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return undefined;
	}
	for (const name of entries) {
		if (!/^[0-9]+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid !== process.pid) continue;
			const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
			if (cmdline.includes('simulator') && cmdline.includes('--conference-leave-ms'))
				return Number(name);
		} catch {
			// the process ended while being read
		}
	}
	return undefined;
}

/** CPU seconds a process has used so far (user + system). */
function procCpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the state field.
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

export interface CpuSample {
	/** ms of CPU in this process (n8n's engine, the node or the helper, the TLS client). */
	client: number;
	/** ms of CPU in the simulator's process, or NaN when it cannot be read. */
	simulator: number;
}

/** Starts a measurement; the returned function gives the CPU used since. */
export function cpuMeter(simulatorPid: number | undefined): () => CpuSample {
	const c0 = process.cpuUsage();
	const s0 = simulatorPid ? procCpuSeconds(simulatorPid) : NaN;
	return () => {
		const c = process.cpuUsage(c0);
		return {
			client: (c.user + c.system) / 1000,
			simulator: simulatorPid ? (procCpuSeconds(simulatorPid) - s0) * 1000 : NaN,
		};
	};
}
