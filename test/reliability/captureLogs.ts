/**
 * Imported first by a test that reads n8n's logs: turns the logger back on (test/jest.setup.ts
 * silences it) and captures console and stdout/stderr before n8n's logger binds console.log, which
 * it does once, when it is created.
 */
process.env.N8N_LOG_LEVEL = 'debug';

export const captured: string[] = [];
export const spies: jest.SpyInstance[] = [];

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
	spies.push(
		jest
			.spyOn(console, method)
			.mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' '))),
	);
}
// winston writes to console._stdout when it exists; under jest that is a stream of jest's own.
const consoleStreams = console as unknown as {
	_stdout?: NodeJS.WriteStream;
	_stderr?: NodeJS.WriteStream;
};
const streams = new Set(
	[process.stdout, process.stderr, consoleStreams._stdout, consoleStreams._stderr].filter(
		(s) => s !== undefined,
	),
);
for (const stream of streams) {
	spies.push(
		jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
			captured.push(String(chunk));
			return true;
		}) as typeof stream.write),
	);
}
