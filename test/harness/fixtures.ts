/** Shared set-up for workflow tests: a simulator, its CA, and credentials pointing at it. */
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';

export interface Gateway {
	sim: Simulator;
	credentials(overrides?: Record<string, unknown>): {
		huaweiCecApi: ICredentialDataDecryptedObject;
	};
	transferPosts(): ReturnType<Simulator['requests']>;
}

export async function startGateway(options: SimulatorOptions = {}): Promise<Gateway> {
	const sim = await startSimulator({ authMode: 'static', ...options });
	return {
		sim,
		credentials: (overrides = {}) => ({
			huaweiCecApi: {
				baseUrl: sim.url,
				guid: '',
				caPem: sim.caPem,
				ignoreSslIssues: false,
				...overrides,
			} as ICredentialDataDecryptedObject,
		}),
		transferPosts: () =>
			sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/transfer')),
	};
}

export async function stopGateway(gateway: Gateway | undefined): Promise<void> {
	await gateway?.sim.close();
}

/** Every string anywhere in a value, for "the secret appears nowhere" checks. */
export function allText(value: unknown): string {
	return (
		JSON.stringify(value, (_k, v: unknown) =>
			v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
		) ?? ''
	);
}

export function jsonOf(items: INodeExecutionData[]) {
	return items.map((i) => i.json);
}
