/** The ManualScheduler the simulator's tests drive time with. */
import { ManualScheduler } from './scheduler';

test('advance runs due timers in order of due time (ties in order scheduled), each at its own now()', () => {
	const t = new ManualScheduler(1000);
	const seen: string[] = [];
	t.schedule(30, () => seen.push(`c@${t.now()}`));
	t.schedule(10, () => seen.push(`a@${t.now()}`));
	t.schedule(10, () => seen.push(`b@${t.now()}`));
	t.advance(9);
	expect(seen).toEqual([]);
	t.advance(21);
	expect(seen).toEqual(['a@1010', 'b@1010', 'c@1030']);
	expect(t.now()).toBe(1030);
	expect(t.pending()).toBe(0);
});

test('a timer scheduled by a timer runs in the same advance when it falls due inside it', () => {
	const t = new ManualScheduler(0);
	const seen: number[] = [];
	const tick = () => {
		seen.push(t.now());
		t.schedule(10, tick);
	};
	t.schedule(10, tick);
	t.advance(35);
	expect(seen).toEqual([10, 20, 30]);
	expect(t.pending()).toBe(1);
});

test('cancel drops a timer; untilPending resolves on the count', async () => {
	const t = new ManualScheduler(0);
	const ran: string[] = [];
	const waiting = t.untilPending(2);
	const a = t.schedule(5, () => ran.push('a'));
	t.schedule(5, () => ran.push('b'));
	await waiting;
	const none = t.untilPending(1);
	t.cancel(a);
	await none;
	t.advance(5);
	expect(ran).toEqual(['b']);
});

test('a timer that throws does not stop the others; advance reports it afterwards', () => {
	const t = new ManualScheduler(0);
	const ran: string[] = [];
	t.schedule(1, () => {
		throw new Error('boom');
	});
	t.schedule(2, () => ran.push('after'));
	expect(() => t.advance(2)).toThrow('boom');
	expect(ran).toEqual(['after']);
});
