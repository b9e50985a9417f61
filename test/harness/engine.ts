/**
 * Runs a workflow through n8n-core's own engine (WorkflowExecute), with credentials supplied the
 * way n8n supplies them (a credentials helper), so expressions, parameter defaults, displayOptions,
 * continueOnFail and pairedItem behave as they do in n8n.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IPinData,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type INodeProperties,
} from 'n8n-workflow';

import { HuaweiCecApi } from '../../credentials/HuaweiCecApi.credentials';
import { HuaweiCecIntegrationAgentApi } from '../../credentials/HuaweiCecIntegrationAgentApi.credentials';
import { HuaweiCec } from '../../nodes/HuaweiCec/HuaweiCec.node';

export const NODE_TYPE = 'n8n-nodes-huawei-cec.huaweiCec';
export const TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/** The start node: emits its pinned items, like n8n's Manual Trigger with pinned data. */
class ManualTrigger implements INodeType {
	description = {
		displayName: 'When clicking ‘Execute workflow’',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

class NodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType> = {
		[TRIGGER_TYPE]: new ManualTrigger(),
		[NODE_TYPE]: new HuaweiCec(),
	};

	/** Other node types (the benchmark adds n8n's HTTP Request node). */
	register(name: string, type: INodeType | IVersionedNodeType): void {
		this.types[name] = type;
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown node type in test workflow: ${name}`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		const type = this.getByName(name);
		return 'nodeVersions' in type ? type.getNodeType(version) : type;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export const nodeTypes = new NodeTypes();

/** Hands out the test's credential data as n8n would after decrypting it. */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(_c: ICredentialDataDecryptedObject, _t: string, requestOptions: never) {
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_a: unknown,
		_n: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const found = this.data[type];
		if (!found) throw new Error(`No test credential of type ${type}`);
		return found;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		if (type === 'huaweiCecIntegrationAgentApi')
			return new HuaweiCecIntegrationAgentApi().properties;
		return type === 'huaweiCecApi' ? new HuaweiCecApi().properties : [];
	}
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
}

export interface RunResult {
	run: IRun;
	/** Output items of a node's first run, first output. */
	output(nodeName: string): INodeExecutionData[];
	/** Output items of a node's first run, on its error output (Settings › On Error › Continue (using error output)). */
	errorOutput(nodeName: string): INodeExecutionData[];
	/** Everything the engine recorded for one node (outputs, error, hints), as text. */
	trace(nodeName: string): string;
	/** The error that stopped the execution, if any. */
	error: (Error & { description?: string | null; context?: IDataObject }) | undefined;
	/**
	 * The execution's custom data as n8n's "workflow finished" hook first received it: for a
	 * stopped execution that is the snapshot taken at the stop, which n8n saves.
	 */
	savedCustomData: IDataObject | undefined;
}

let executionCounter = 0;

/** Errors serialise with their message, description and stack, which JSON.stringify would drop. */
function errorAware(_key: string, value: unknown): unknown {
	if (value instanceof Error) {
		return {
			...value,
			message: value.message,
			stack: value.stack,
			description: (value as { description?: unknown }).description,
		};
	}
	return value;
}

export async function runWorkflow(
	json: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	options: {
		/** Gets the execution's stop, as n8n's Stop button (POST /rest/executions/:id/stop) does. */
		stoppable?: (stop: () => void) => void;
	} = {},
): Promise<RunResult> {
	const workflow = new Workflow({
		id: 'test-workflow',
		name: json.name ?? 'test',
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const executionId = `test-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: workflow.name ?? 'test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: json.nodes,
		connections: json.connections,
	} as never);
	let savedCustomData: IDataObject | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		savedCustomData ??= { ...(fullRunData.data.resultData.metadata ?? {}) };
	});
	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		executionId,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used here');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('task runners are not used here');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const running = new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		pinData: json.pinData,
	});
	options.stoppable?.(() => running.cancel());
	const run = await running;
	const runData = run.data.resultData.runData;
	return {
		run,
		output: (nodeName: string) => runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
		errorOutput: (nodeName: string) => runData[nodeName]?.[0]?.data?.main?.[1] ?? [],
		trace: (nodeName: string) =>
			JSON.stringify(runData[nodeName] ?? null, errorAware) +
			JSON.stringify(run.data.resultData.error ?? null, errorAware),
		error: run.data.resultData.error as RunResult['error'],
		savedCustomData,
	};
}

/**
 * A failed item's facts as one flat object: `error` (the message) with every fact of `details`
 * (description, errorKind, fate, retcode …). A success gives its json unchanged.
 */
export function facts(item: INodeExecutionData): IDataObject {
	const { error, details } = item.json as { error?: unknown; details?: IDataObject };
	if (error === undefined) return item.json;
	return { error, ...(details ?? {}) };
}
