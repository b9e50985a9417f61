import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Adds one operation's resource/operation condition to every field it owns, so no field forgets it. */
export function displayFor(resource: string, operation: string, fields: INodeProperties[]): INodeProperties[] {
	return fields.map((field) => {
		const display: IDisplayOptions = field.displayOptions ?? {};
		return {
			...field,
			displayOptions: {
				...display,
				show: { ...(display.show ?? {}), resource: [resource], operation: [operation] },
			},
		};
	});
}
