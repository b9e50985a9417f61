/**
 * The control surface under /__sim/: everything the programmatic API does, over HTTPS, so a person
 * (curl) or another process can drive the simulator. Plain JSON answers with HTTP status codes
 * (200, 400 for a bad request, 404 for an unknown route); these paths are not gateway paths, so
 * they are neither logged nor faulted. There is no authentication: the server listens on
 * 127.0.0.1 only and exists for tests.
 *
 *   GET    /__sim/                      url, port, authMode, ruleSet, agent IDs
 *   GET    /__sim/ca                    the CA certificate (PEM)
 *   GET    /__sim/requests              the gateway request log      DELETE: clear it
 *   POST   /__sim/faults   FaultSpec    inject a fault                DELETE: clear all faults
 *   POST   /__sim/random-faults         {rate, seed, kinds, pathIncludes?}
 *   GET    /__sim/connections           {open}: TLS connections open now
 *   POST   /__sim/agents   {agentId, password}
 *   POST   /__sim/ready    {agentId?, call?, keepAlive?}   → ReadyAgent
 *   GET    /__sim/agents/{id}           agentState
 *   GET    /__sim/agents/{id}/guid      {guid}: the current Guid
 *   POST   /__sim/agents/{id}/signin    {password, phonenum?}   → {guid}
 *   POST   /__sim/agents/{id}/call      CallSpec   → {callid}
 *   POST   /__sim/agents/{id}/state     {state: idle|busy|rest|wrapUp}   (an agent without a call)
 *   POST   /__sim/agents/{id}/transfer-outcome  {outcome: answer|noAnswer|customerHangsUp, afterMs}
 *                                       for the agent's next accepted transfer
 *   POST   /__sim/agents/{id}/callout-outcome   {outcome: answer|noAnswer|busy, afterMs}
 *                                       for the agent's next accepted call out
 *   GET    /__sim/agents/{id}/holdlist  {held: callids on hold}
 *   POST   /__sim/skills/{id}/waiting   {count}   → {skillId, waiting}: calls waiting in that skill queue
 *   GET    /__sim/skills/{id}/waiting   {skillId, waiting}
 *   POST   /__sim/close                 answers, then closes the simulator
 *   … and the integration agent's routes of supervisor.ts (queues, profiles, supervisor actions).
 */
import type { ServerResponse } from 'node:http';

import type { FaultSpec, RandomFaultSpec } from './faults';
import type { Simulator } from './index';
import type { CallSpec } from './state';

type Input = Record<string, unknown>;

function asCallSpec(value: unknown): CallSpec | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'object' || Array.isArray(value)) throw new Error('call must be an object');
	return value as CallSpec;
}

function requireString(input: Input, name: string): string {
	const value = input[name];
	if (typeof value !== 'string' || value === '')
		throw new Error(`${name} must be a non-empty string`);
	return value;
}

/** More control routes (supervisor.ts): the answer, or undefined for a route they do not know. */
export type ExtraControl = (
	method: string,
	path: string,
	input: Input,
) => { status: number; value: unknown } | undefined;

export function controlHandler(
	sim: Simulator,
	info: () => Record<string, unknown>,
	extra: ExtraControl = () => undefined,
) {
	return async (method: string, path: string, body: string, res: ServerResponse): Promise<void> => {
		const send = (status: number, value: unknown, type = 'application/json;charset=UTF-8') => {
			if (res.headersSent || res.destroyed) return;
			res
				.writeHead(status, { 'content-type': type })
				.end(typeof value === 'string' ? value : JSON.stringify(value));
		};
		let input: Input = {};
		try {
			const parsed: unknown = body.trim() ? JSON.parse(body) : {};
			if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
				return send(400, { error: 'the body must be a JSON object' });
			input = parsed as Input;
		} catch {
			return send(400, { error: 'the body is not JSON' });
		}
		const agentRoute =
			/^\/__sim\/agents\/([^/]+)(?:\/(guid|signin|call|state|transfer-outcome|callout-outcome|holdlist))?$/.exec(
				path,
			);
		const skillRoute = /^\/__sim\/skills\/([^/]+)\/waiting$/.exec(path);
		const route = `${method} ${agentRoute ? `/__sim/agents/{id}${agentRoute[2] ? `/${agentRoute[2]}` : ''}` : skillRoute ? '/__sim/skills/{id}/waiting' : path}`;
		const id = agentRoute?.[1] ?? skillRoute?.[1] ?? '';
		try {
			switch (route) {
				case 'GET /__sim':
				case 'GET /__sim/':
					return send(200, info());
				case 'GET /__sim/ca':
					return send(200, sim.caPem, 'application/x-pem-file');
				case 'GET /__sim/requests':
					return send(200, sim.requests());
				case 'DELETE /__sim/requests':
					sim.clearRequests();
					return send(200, { ok: true });
				case 'POST /__sim/faults':
					sim.injectFault(input as unknown as FaultSpec);
					return send(200, { ok: true });
				case 'DELETE /__sim/faults':
					sim.clearFaults();
					return send(200, { ok: true });
				case 'POST /__sim/random-faults':
					sim.injectRandomFaults(input as unknown as RandomFaultSpec);
					return send(200, { ok: true });
				case 'GET /__sim/connections':
					return send(200, { open: sim.openConnections() });
				case 'POST /__sim/agents':
					// An empty password is a valid one (an integration agent's common default).
					sim.createAgent(
						requireString(input, 'agentId'),
						typeof input.password === 'string' ? input.password : requireString(input, 'password'),
					);
					return send(200, { ok: true });
				case 'POST /__sim/ready': {
					const agentId = input.agentId === undefined ? undefined : requireString(input, 'agentId');
					return send(
						200,
						await sim.readyAgent({
							agentId,
							call: asCallSpec(input.call),
							keepAlive: input.keepAlive === true,
						}),
					);
				}
				case 'GET /__sim/agents/{id}':
					return send(200, sim.agentState(id));
				case 'GET /__sim/agents/{id}/guid':
					return send(200, { guid: sim.currentGuid(id) ?? null });
				case 'POST /__sim/agents/{id}/signin': {
					const phonenum =
						input.phonenum === undefined ? undefined : requireString(input, 'phonenum');
					return send(200, {
						guid: await sim.signIn(id, requireString(input, 'password'), phonenum),
					});
				}
				case 'POST /__sim/agents/{id}/call':
					return send(200, { callid: sim.placeCall(id, asCallSpec(input)) });
				case 'POST /__sim/agents/{id}/state':
					sim.setAgentState(id, input.state as Parameters<Simulator['setAgentState']>[1]);
					return send(200, sim.agentState(id));
				case 'POST /__sim/agents/{id}/transfer-outcome':
					sim.nextTransferOutcome(
						id,
						input as unknown as Parameters<Simulator['nextTransferOutcome']>[1],
					);
					return send(200, { ok: true });
				case 'POST /__sim/agents/{id}/callout-outcome':
					sim.nextCallOutOutcome(
						id,
						input as unknown as Parameters<Simulator['nextCallOutOutcome']>[1],
					);
					return send(200, { ok: true });
				case 'GET /__sim/agents/{id}/holdlist':
					return send(200, { held: sim.holdList(id) });
				case 'POST /__sim/skills/{id}/waiting':
					sim.setWaitingCount(id, input.count as number);
					return send(200, { skillId: Number(id), waiting: sim.waitingCount(id) });
				case 'GET /__sim/skills/{id}/waiting':
					return send(200, { skillId: Number(id), waiting: sim.waitingCount(id) });
				case 'POST /__sim/close':
					res.once('finish', () => void setTimeout(() => void sim.close(), 50));
					return send(200, { ok: true });
				default: {
					const more = extra(method, path, input);
					if (more) return send(more.status, more.value);
					return send(404, { error: `no control route ${method} ${path}` });
				}
			}
		} catch (error) {
			return send(400, { error: error instanceof Error ? error.message : String(error) });
		}
	};
}
