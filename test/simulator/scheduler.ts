/**
 * Time for the simulator: its clock and every timer of its own (poll holds, IVR return, conference
 * leave, planned outcomes, fault delays, the idle sweep, the CLI's re-dial). The default is the
 * real clock and real timers; tests pass a ManualScheduler and move time by hand, so no outcome
 * depends on how fast the machine is. Sockets and TLS stay real either way.
 */

/** What schedule() returns; only cancel() looks inside. */
export type TimerHandle = { readonly id: number } | NodeJS.Timeout;

export interface Scheduler {
	/** ms since epoch. */
	now(): number;
	/** Runs `fn` once, `ms` from now. `background`: a real timer does not keep the process alive. */
	schedule(ms: number, fn: () => void, background?: boolean): TimerHandle;
	/** Drops a timer that has not run; a timer that ran or was cancelled is ignored. */
	cancel(handle: TimerHandle): void;
}

/** Date.now and setTimeout. */
export function realScheduler(): Scheduler {
	return {
		now: () => Date.now(),
		schedule(ms, fn, background = false) {
			const t = setTimeout(fn, ms);
			if (background) t.unref();
			return t;
		},
		cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
	};
}

interface ManualTimer {
	id: number;
	due: number;
	fn: () => void;
}

/**
 * A clock that moves only on advance(); timers run inside advance(), in the order they fall due
 * (equal times in the order they were scheduled), each with now() at its due time.
 */
export class ManualScheduler implements Scheduler {
	private time: number;
	private nextId = 0;
	private timers: ManualTimer[] = [];
	private watchers: Array<{ test: () => boolean; resolve: () => void }> = [];

	constructor(start = 1_700_000_000_000) {
		this.time = start;
	}

	now = (): number => this.time;

	schedule = (ms: number, fn: () => void): TimerHandle => {
		const timer: ManualTimer = { id: ++this.nextId, due: this.time + Math.max(0, ms), fn };
		this.timers.push(timer);
		this.notify();
		return { id: timer.id };
	};

	cancel = (handle: TimerHandle): void => {
		const id = (handle as { id?: number }).id;
		const before = this.timers.length;
		this.timers = this.timers.filter((t) => t.id !== id);
		if (this.timers.length !== before) this.notify();
	};

	/** Moves the clock by `ms`, running every timer that falls due on the way (also ones scheduled meanwhile). */
	advance(ms: number): void {
		if (!(ms >= 0)) throw new Error('advance() needs a number of ms ≥ 0');
		const target = this.time + ms;
		const errors: unknown[] = [];
		for (;;) {
			let next: ManualTimer | undefined;
			for (const t of this.timers)
				if (
					t.due <= target &&
					(!next || t.due < next.due || (t.due === next.due && t.id < next.id))
				)
					next = t;
			if (!next) break;
			this.timers = this.timers.filter((t) => t !== next);
			this.time = next.due;
			try {
				next.fn();
			} catch (error) {
				errors.push(error);
			}
		}
		this.time = target;
		this.notify();
		if (errors.length > 0) throw errors[0];
	}

	/** Timers scheduled and not yet run or cancelled. */
	pending(): number {
		return this.timers.length;
	}

	/**
	 * Resolves once exactly `count` timers are pending: how a test knows a request has reached the
	 * simulator and is being held (a held poll, a delayed fault) without sleeping.
	 */
	untilPending(count: number): Promise<void> {
		return this.until(() => this.timers.length === count);
	}

	private until(test: () => boolean): Promise<void> {
		if (test()) return Promise.resolve();
		return new Promise((resolve) => this.watchers.push({ test, resolve }));
	}

	private notify(): void {
		const ready = this.watchers.filter((w) => w.test());
		if (ready.length === 0) return;
		this.watchers = this.watchers.filter((w) => !ready.includes(w));
		for (const w of ready) w.resolve();
	}
}
