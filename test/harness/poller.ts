/**
 * Runs a polling trigger the way n8n 2.41 does once its workflow is active, driven by n8n-core's own
 * PollTriggerExecutor: `activate()` is the poll n8n runs when it activates the workflow, `tick()`
 * one Poll Times tick. Two engines, as n8n has them:
 * - 'memory' (n8n's default): one PollContext per activation, reused by every tick; the node's
 *   static data lives in the Workflow object.
 * - 'durable' (N8N_SCHEDULER_ENABLED): a new PollContext per tick with the activation mode
 *   "update"; the node's static data is a staged copy of a stored cursor, stored again only when
 *   the poll emitted (with its execution) or returned nothing — not when it failed.
 * Each emit starts an execution of the workflow through n8n-core's WorkflowExecute with the
 * trigger's items on the stack (as n8n's workflow runner does); each poll error is recorded as n8n
 * hands it to its error execution / error workflow.
 */
import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	PollTriggerExecutor,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

// The parameters n8n's node loader adds to a polling node (not re-exported by n8n-core's index).
import { commonPollingParameters } from 'n8n-core/dist/nodes-loader/constants';
import { HuaweiCecTrigger } from '../../nodes/HuaweiCecTrigger/HuaweiCecTrigger.node';
import { nodeTypes, TestCredentialsHelper, type WorkflowJson } from './engine';

export const POLL_TRIGGER_TYPE = 'n8n-nodes-huawei-cec.huaweiCecTrigger';

/** n8n's loader adds Poll Times to every node with `polling: true`; so does this registration. */
function loaded(): HuaweiCecTrigger {
	const type = new HuaweiCecTrigger();
	type.description.properties.unshift(...commonPollingParameters);
	return type;
}
nodeTypes.register(POLL_TRIGGER_TYPE, loaded());

let counter = 0;

function additionalDataFor(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	executionId: string,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
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
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used here');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface PolledWorkflow {
	/** The poll n8n runs on activation (a new PollContext, as each activation gets). */
	activate(): Promise<void>;
	/** One Poll Times tick of the current activation. */
	tick(): Promise<void>;
	/** Fetch Test Event in the editor: the node's poll in manual mode; its items or the error. */
	fetchTestEvent(): Promise<INodeExecutionData[][] | null>;
	/** A dropdown's options as the editor loads them (the node's loadOptions method). */
	loadOptions(method: string): Promise<Array<{ name: string; value: unknown }>>;
	/** Trigger items of each execution the polls started, in order. */
	emitted: IDataObject[][];
	/** The finished executions, in order. */
	runs: IRun[];
	/** Errors handed to n8n's error execution (and error workflow), in order. */
	errors: Array<Error & { description?: string | null; context?: IDataObject }>;
	/** The trigger node's static data, as n8n would save it. */
	staticData(): IDataObject;
}

export function pollWorkflow(
	json: WorkflowJson,
	triggerName: string,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	engine: 'memory' | 'durable' = 'memory',
): PolledWorkflow {
	const workflow = new Workflow({
		id: `poll-workflow-${++counter}`,
		name: json.name ?? 'poll test',
		nodes: json.nodes,
		connections: json.connections,
		active: true,
		nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});
	const node = workflow.getNode(triggerName) as INode;
	const executor = Container.get(PollTriggerExecutor);
	const result: PolledWorkflow = {
		emitted: [],
		runs: [],
		errors: [],
		activate: async () => {
			current = executor.create(workflow, node, newContext('activate'), () => true);
			await current(true);
			await Promise.all(pending.splice(0));
		},
		tick: async () => {
			if (!current) throw new Error('activate() first');
			if (engine === 'durable')
				current = executor.create(workflow, node, newContext('update'), () => true);
			await current();
			await Promise.all(pending.splice(0));
		},
		fetchTestEvent: async () => {
			const context = new PollContext(
				workflow,
				node,
				additionalDataFor(credentials, `manual-${++counter}`),
				'manual',
				'manual',
			);
			const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			return (await type.poll?.call(context)) ?? null;
		},
		loadOptions: async (method) => {
			const context = new LoadOptionsContext(
				workflow,
				node,
				additionalDataFor(credentials, `options-${++counter}`),
				'parameters.skillIds',
			);
			const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			const load = type.methods?.loadOptions?.[method];
			if (!load) throw new Error(`no loadOptions method ${method}`);
			return await load.call(context);
		},
		staticData: () => (engine === 'durable' ? cursor : workflow.getStaticData('node', node)),
	};
	/** The durable engine's stored cursor, and the copy the running poll works on. */
	let cursor: IDataObject = {};
	let staged: IDataObject = {};
	let current: ((testingTrigger?: boolean) => Promise<void>) | undefined;
	const pending: Array<Promise<void>> = [];

	const runExecution = async (data: INodeExecutionData[][]) => {
		const executionId = `poll-execution-${++counter}`;
		const hooks = new ExecutionLifecycleHooks('trigger', executionId, {
			id: workflow.id,
			name: workflow.name ?? '',
			active: true,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: json.nodes,
			connections: json.connections,
		} as never);
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node, data: { main: data }, source: null }] },
		});
		const run = await new WorkflowExecute(
			additionalDataFor(credentials, executionId, hooks),
			'trigger',
			runExecutionData,
		).processRunExecutionData(workflow);
		result.runs.push(run);
	};

	const newContext = (activation: 'activate' | 'update') => {
		const durable = engine === 'durable';
		if (durable) staged = structuredClone(cursor);
		return new PollContext(
			workflow,
			node,
			additionalDataFor(credentials, `activation-${++counter}`),
			'trigger',
			activation,
			(data) => {
				if (durable) cursor = structuredClone(staged);
				result.emitted.push(data[0].map((item) => item.json));
				pending.push(runExecution(data));
			},
			(error) => {
				result.errors.push(error as PolledWorkflow['errors'][number]);
			},
			durable ? async () => void (cursor = structuredClone(staged)) : undefined,
			undefined,
			durable ? () => staged : undefined,
		);
	};
	return result;
}

/** A workflow: Huawei CEC Trigger → a Set-like message node (n8n's No Op stands in: it passes items on). */
export function triggerWorkflow(parameters: IDataObject): WorkflowJson {
	return {
		name: 'trigger test',
		nodes: [
			{
				id: 'trigger',
				name: 'Huawei CEC Trigger',
				type: POLL_TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: parameters as INode['parameters'],
				credentials: { huaweiCecIntegrationAgentApi: { id: '2', name: 'Integration agent' } },
			},
		],
		connections: {},
	};
}
