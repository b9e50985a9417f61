// A fake OpenAI-compatible chat model for the e2e tests: plain HTTP on 127.0.0.1 (a free port), the
// routes n8n's OpenAI Chat Model node uses (through @langchain/openai): POST /v1/chat/completions,
// answered as JSON or, when the request asks for `stream: true`, as server-sent events; and
// GET /v1/models. It plays a script: each chat request takes the next turn. It records every request.
//
//   const model = await startFakeModel([
//     { tools: [{ name: 'waiting', args: { skillId: '11' } }] },      // tool calls
//     (request) => ({ say: 'done' }),                                    // a turn may be a function
//   ]);
//   model.baseUrl        http://127.0.0.1:<port>/v1  (the OpenAI credential's Base URL)
//   model.requests       [{method, path, body, at}] every request, oldest first
//   model.chats()        the chat requests' bodies: {model, messages, tools, stream, ...}
//   model.toolResults()  the tool messages of the last chat request: [{name, toolCallId, content}]
//   model.problems       what went wrong on the server side (no turn left, no tool matched, ...)
//   await model.close()
//
// A tool call's `name` is matched against the names of the request's `tools` as a case-insensitive
// substring (n8n derives tool names from node names); exactly one tool must match.
import { createServer } from 'node:http';

const json = (res, status, value) => {
	const body = JSON.stringify(value);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(body),
	});
	res.end(body);
};

/** The tool names a chat request offers. */
export const toolNames = (chat) =>
	(chat.tools ?? []).map((t) => t.function?.name ?? t.name).filter(Boolean);

/** The one offered tool whose name contains `part` (case-insensitive); throws otherwise. */
export function pickTool(chat, part) {
	const names = toolNames(chat);
	const found = names.filter((n) => n.toLowerCase().includes(part.toLowerCase()));
	if (found.length !== 1)
		throw new Error(
			`tool "${part}": ${found.length} of the offered tools match (${names.join(', ') || 'none offered'})`,
		);
	return found[0];
}

/** The tool messages in a chat request, each with the name of the tool whose call it answers. */
export function toolResultsOf(chat) {
	const names = new Map();
	for (const m of chat?.messages ?? [])
		for (const call of m.tool_calls ?? []) names.set(call.id, call.function?.name);
	return (chat?.messages ?? [])
		.filter((m) => m.role === 'tool')
		.map((m) => ({
			name: names.get(m.tool_call_id),
			toolCallId: m.tool_call_id,
			content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
		}));
}

export async function startFakeModel(script = []) {
	const turns = [...script];
	const requests = [];
	const problems = [];
	let ids = 0;

	const completion = (chat, message, finishReason) => ({
		id: `chatcmpl-fake-${++ids}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: chat.model ?? 'fake-model',
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
		usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
	});

	/** The next turn as an assistant message: {message, finishReason}. */
	function play(chat) {
		let turn = turns.shift();
		if (turn === undefined)
			throw new Error(`no turn left in the script for chat request ${requests.length}`);
		if (typeof turn === 'function') turn = turn(chat);
		if (typeof turn?.say === 'string')
			return { message: { role: 'assistant', content: turn.say }, finishReason: 'stop' };
		if (Array.isArray(turn?.tools) && turn.tools.length > 0) {
			const tool_calls = turn.tools.map((call) => ({
				id: `call_fake_${++ids}`,
				type: 'function',
				function: { name: pickTool(chat, call.name), arguments: JSON.stringify(call.args ?? {}) },
			}));
			return {
				message: { role: 'assistant', content: null, tool_calls },
				finishReason: 'tool_calls',
			};
		}
		throw new Error(`a turn must be {say} or {tools: [...]}, got ${JSON.stringify(turn)}`);
	}

	/** The same answer as server-sent chunks, the way OpenAI streams it. */
	function stream(res, chat, message, finishReason) {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		const base = {
			id: `chatcmpl-fake-${++ids}`,
			object: 'chat.completion.chunk',
			created: Math.floor(Date.now() / 1000),
			model: chat.model ?? 'fake-model',
		};
		const send = (choices, extra = {}) =>
			res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
		send([
			{
				index: 0,
				delta: { role: 'assistant', content: message.content ?? '' },
				finish_reason: null,
			},
		]);
		(message.tool_calls ?? []).forEach((call, index) =>
			send([{ index: 0, delta: { tool_calls: [{ index, ...call }] }, finish_reason: null }]),
		);
		send([{ index: 0, delta: {}, finish_reason: finishReason }]);
		if (chat.stream_options?.include_usage)
			send([], { usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } });
		res.end('data: [DONE]\n\n');
	}

	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const path = (req.url ?? '/').split('?')[0];
			let body = null;
			const text = Buffer.concat(chunks).toString('utf8');
			try {
				body = text ? JSON.parse(text) : null;
			} catch {
				body = text;
			}
			requests.push({ method: req.method, path, body, at: Date.now() });
			if (req.method === 'GET' && /\/models$/.test(path)) {
				return json(res, 200, {
					object: 'list',
					data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'e2e' }],
				});
			}
			if (
				req.method === 'POST' &&
				/\/chat\/completions$/.test(path) &&
				body &&
				typeof body === 'object'
			) {
				try {
					const { message, finishReason } = play(body);
					if (body.stream === true) return stream(res, body, message, finishReason);
					return json(res, 200, completion(body, message, finishReason));
				} catch (error) {
					problems.push(error.message);
					return json(res, 400, {
						error: { message: `fake model: ${error.message}`, type: 'invalid_request_error' },
					});
				}
			}
			problems.push(`unexpected request ${req.method} ${path}`);
			return json(res, 404, {
				error: {
					message: `fake model: no route ${req.method} ${path}`,
					type: 'invalid_request_error',
				},
			});
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	const chats = () =>
		requests
			.filter((r) => r.method === 'POST' && /\/chat\/completions$/.test(r.path))
			.map((r) => r.body);
	return {
		port,
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		problems,
		chats,
		toolResults: () => toolResultsOf(chats().at(-1)),
		/** Turns not played yet. */
		remaining: () => turns.length,
		/** Replaces the script (and clears the record) for the next run. */
		reset(next) {
			turns.splice(0, turns.length, ...next);
			requests.length = 0;
			problems.length = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
